import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

// Issue 9, bookings in a real browser: a SENCO books two people in one go ("Add another person" keeps what was
// typed), sees who got a place, and cancels one through the confirm step. Once with JavaScript (axe on every page)
// and once without. The events come from the demo seed (the catalogue's); each run books its own people.

/** The first demo event the SENCO can book with at least two places left. */
async function openEvent(page: Page): Promise<number> {
  for (let id = 1; id <= 80; id++) {
    const reply = await page.goto(`/training/events/${id}/book`);
    if (reply?.status() !== 200) continue;
    const text = await page.locator("main").innerText();
    const left = /(\d+) places left/.exec(text);
    if (left && Number(left[1]) >= 2 && (await page.getByRole("button", { name: "Add another person" }).count()) > 0) return id;
  }
  throw new Error("no demo training event with two places left");
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a SENCO books two people and cancels one", async ({ page }) => {
      const axe = async () => {
        if (javaScriptEnabled) await expectNoAxeViolations(page);
      };
      const tag = `${javaScriptEnabled ? "js" : "nojs"}${Date.now().toString(36)}`;
      await signIn(page, "senco@oakfield.example");
      const eventId = await openEvent(page);
      await axe();
      const person = (n: number) => page.getByRole("group", { name: `Person ${n}` });
      await person(1).getByLabel("Full name").fill(`Alex ${tag}`);
      await person(1).getByLabel("Role").fill("Teaching assistant");
      await person(1).getByLabel("Email address").fill(`alex.${tag}@oakfield.example`);
      await page.getByRole("button", { name: "Add another person" }).click();
      await expect(person(2)).toBeVisible();
      await expect(person(1).getByLabel("Email address")).toHaveValue(`alex.${tag}@oakfield.example`);
      await person(2).getByLabel("Full name").fill(`Blair ${tag}`);
      await person(2).getByLabel("Role").fill("Class teacher");
      await person(2).getByLabel("Email address").fill(`blair.${tag}@oakfield.example`);
      await axe();
      await page.getByRole("button", { name: "Book", exact: true }).click();

      await expect(page).toHaveURL(new RegExp(`/training/events/${eventId}/book\\?booked=\\d+,\\d+$`));
      await expect(page.getByRole("heading", { level: 1, name: "Booking confirmed" })).toBeVisible();
      await expect(page.getByRole("row").filter({ hasText: `Alex ${tag}` })).toContainText("Booked");
      await axe();

      await page.getByRole("link", { name: `Blair ${tag}` }).click();
      await expect(page.getByRole("heading", { level: 1, name: `Blair ${tag}` })).toBeVisible();
      await page.getByRole("link", { name: "Cancel this booking" }).click();
      await expect(page.getByRole("heading", { level: 2, name: `Are you sure you want to cancel Blair ${tag}'s place?` })).toBeVisible();
      await axe();
      await page.getByRole("button", { name: "Yes, cancel this booking" }).click();
      await expect(page.getByText(`Blair ${tag}'s booking has been cancelled.`)).toBeVisible();
      await axe();

      await page.goto("/training/bookings");
      await expect(page.getByRole("row").filter({ hasText: `Blair ${tag}` })).toContainText("Cancelled");
      await expect(page.getByRole("row").filter({ hasText: `Alex ${tag}` })).toContainText("Booked");
      await axe();
    });
  });
}
