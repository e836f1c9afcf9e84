import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, fillDate, signIn, signOut } from "./helpers.ts";

// Issue 9's journey in a real browser, as the people would do it: an officer publishes an event with two places;
// Oakfield and Riverside fill it; Stour Valley's SENCO (the Inclusion Champion, acting in her other membership)
// joins the waiting list; Riverside cancels and Stour Valley is given the place. Once with JavaScript (axe on every
// page reached) and once without any. Each run makes its own event (its venue names the run), so the two can run
// side by side with the other specs on the demo database.
//
// The rest of the journey, attendance, the evaluation sent by its emailed link and the certificate, needs an event
// that has happened: tests/e2e/training-attendance.spec.ts does it on the demo's course that ran two days ago,
// also with JavaScript and without.

/** A London date `days` from today, as an ISO date. */
function isoIn(days: number) {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date(Date.now() + days * 86_400_000));
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });
    // Four people, a dozen pages each with axe, on two shared cores.
    test.describe.configure({ timeout: 180_000 });

    test("an event published, filled by two schools, a third waiting, and promoted when one cancels", async ({ page }) => {
      const axe = async () => {
        if (javaScriptEnabled) await expectNoAxeViolations(page);
      };
      const run = `${javaScriptEnabled ? "js" : "nojs"}-${Date.now().toString(36)}`;
      const venue = `Sittingbourne hall ${run}`;

      // The officer adds the event and publishes it.
      await signIn(page, "officer@kent.example");
      await page.goto("/council/training/events/new");
      await page.getByLabel("Course", { exact: true }).selectOption({ label: "Autism Education Trust: Good Autism Practice" });
      await fillDate(page, "Date", isoIn(javaScriptEnabled ? 33 : 34));
      await page.getByLabel("Start time").fill("9:30");
      await page.getByLabel("End time").fill("15:30");
      await page.getByLabel("Venue (if it is held in person)").fill(venue);
      await page.getByLabel("District the venue is in").selectOption({ label: "Swale" });
      await page.getByLabel("Number of places").fill("2");
      await fillDate(page, "Booking closes on", isoIn(30));
      await fillDate(page, "Schools can cancel until", isoIn(30));
      await page.getByLabel("CPD hours").fill("6");
      await page.getByLabel("Presenter's name").fill("Jo Wright");
      await page.getByRole("button", { name: "Save as draft" }).click();
      await expect(page.getByText("The event has been saved as a draft.")).toBeVisible();
      await page.getByRole("button", { name: "Publish event" }).click();
      await expect(page.getByText("The event has been published")).toBeVisible();
      await axe();
      await signOut(page);

      /** The event's row in the schools' list, found with the district filter as a school would. */
      const findEvent = async () => {
        await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Training" }).click();
        const filter = page.getByRole("search", { name: "Training events" });
        await filter.getByLabel("District").selectOption({ label: "Swale" });
        await filter.getByRole("button", { name: "Filter events" }).click();
        return page.getByRole("row").filter({ hasText: venue });
      };
      /** Books one person from the event's page; says what the confirmation shows for them. */
      const book = async (link: "Book places" | "Join the waiting list", name: string, email: string) => {
        await page.getByRole("link", { name: link }).click();
        await axe();
        const person = page.getByRole("group", { name: "Person 1" });
        await person.getByLabel("Full name").fill(name);
        await person.getByLabel("Role").fill("Teaching assistant");
        await person.getByLabel("Email address").fill(email);
        // Enter in the last field books (it does not add another row).
        await person.getByLabel("Email address").press("Enter");
        const heading = link === "Book places" ? "Booking confirmed" : "Added to the waiting list";
        await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
        await axe();
        return page.getByRole("row").filter({ hasText: name });
      };

      // Oakfield and Riverside fill it.
      await signIn(page, "senco@oakfield.example");
      let row = await findEvent();
      await expect(row).toContainText("2 places left");
      await axe();
      await row.getByRole("link", { name: "Good Autism Practice" }).click();
      await expect(await book("Book places", `Asha Oak ${run}`, `asha.${run}@oakfield.example`)).toContainText("Booked");
      await signOut(page);

      await signIn(page, "senco@riverside.example");
      row = await findEvent();
      await expect(row).toContainText("1 place left");
      await row.getByRole("link", { name: "Good Autism Practice" }).click();
      await expect(await book("Book places", `Rory River ${run}`, `rory.${run}@riverside.example`)).toContainText("Booked");
      await signOut(page);

      // Stour Valley's SENCO finds it full and joins the waiting list.
      await signIn(page, "champion@kent.example");
      await page.getByLabel("Acting as:").selectOption({ label: "SENCO, Stour Valley Primary School" });
      await page.getByRole("banner").getByRole("button", { name: "Switch" }).click();
      // The switch has taken effect once the navigation is a SENCO's (the banner names the school in its list of
      // memberships before the switch too): going on sooner cancels the switch's POST.
      await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Pupil register");
      await expect(page.getByRole("banner")).toContainText("Stour Valley Primary School");
      row = await findEvent();
      await expect(row).toContainText("Full: join the waiting list");
      await row.getByRole("link", { name: "Good Autism Practice" }).click();
      await expect(await book("Join the waiting list", `Sam Stour ${run}`, `sam.${run}@stourvalley.example`)).toContainText("Waiting list: number 1");
      await signOut(page);

      // Riverside cancels its place through the confirm step.
      await signIn(page, "senco@riverside.example");
      await page.goto("/training/bookings");
      await page.getByRole("link", { name: `Rory River ${run}` }).click();
      await page.getByRole("link", { name: "Cancel this booking" }).click();
      await axe();
      await page.getByRole("button", { name: "Yes, cancel this booking" }).click();
      await expect(page.getByText(`Rory River ${run}'s booking has been cancelled.`)).toBeVisible();
      await signOut(page);

      // The place has gone to Stour Valley, and its SENCO has been told.
      await signIn(page, "champion@kent.example");
      await page.getByLabel("Acting as:").selectOption({ label: "SENCO, Stour Valley Primary School" });
      await page.getByRole("banner").getByRole("button", { name: "Switch" }).click();
      // The switch has taken effect once the navigation is a SENCO's (the banner names the school in its list of
      // memberships before the switch too): going on sooner cancels the switch's POST.
      await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Pupil register");
      await expect(page.getByRole("banner")).toContainText("Stour Valley Primary School");
      await page.goto("/training/bookings");
      await expect(page.getByRole("row").filter({ hasText: `Sam Stour ${run}` })).toContainText("Booked");
      await axe();
      await page.goto("/notifications");
      await expect(page.getByRole("main")).toContainText(`Sam Stour ${run}`);
      await axe();
    });
  });
}
