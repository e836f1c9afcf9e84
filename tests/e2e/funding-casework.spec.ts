import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

// Council casework (issue 8, ADR 30): the officer finds Oakfield's requests by URN from the header's search box,
// sorts the queue by due date, takes a request with "Assign to me" and adds a private case note, with and without
// JavaScript. Each run takes its own request of the demo's: with JavaScript the High Needs Funding one waiting for
// the council, without it the school-level one (both unassigned in the demo seed).

const OAKFIELD_URN = "990001";

for (const [javaScriptEnabled, scheme] of [
  [true, "High Needs Funding (mainstream, no EHC plan)"],
  [false, "SEN inclusion support (school-level, no named pupil)"],
] as const) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    // axe needs script in the page: it runs with JavaScript on (the pages are the same HTML either way).
    const axe = async (page: Parameters<typeof expectNoAxeViolations>[0]) => {
      if (javaScriptEnabled) await expectNoAxeViolations(page);
    };

    test("an officer searches by URN, sorts by due date, assigns a request to themselves and adds a note", async ({ page }) => {
      await signIn(page, "officer@kent.example");
      const search = page.getByRole("banner").getByRole("search", { name: "Funding requests" });
      await search.getByLabel("Search funding requests by reference, school or URN").fill(OAKFIELD_URN);
      await search.getByRole("button", { name: "Search" }).click();
      await expect(page).toHaveURL(new RegExp(`/funding\\?q=${OAKFIELD_URN}$`));
      await expect(page.getByRole("heading", { level: 1, name: "Funding queue" })).toBeVisible();
      const rows = page.getByRole("table").getByRole("row");
      await expect(rows.filter({ hasText: "Oakfield Primary School" }).first()).toBeVisible();
      await expect(page.getByRole("table")).not.toContainText("Riverside Academy");
      await axe(page);

      // Sorted by due date, soonest first: a link, so it works without JavaScript; the header says so.
      await page.getByRole("columnheader", { name: "Due" }).getByRole("link").click();
      await expect(page).toHaveURL(/[?&]sort=due&dir=asc/);
      await expect(page.getByRole("columnheader", { name: /^Due/ })).toHaveAttribute("aria-sort", "ascending");
      await expect(page).toHaveURL(new RegExp(`q=${OAKFIELD_URN}`));
      await axe(page);

      const row = rows.filter({ hasText: scheme }).filter({ has: page.getByRole("button", { name: /^Assign to me/ }) }).first();
      const reference = (await row.getByRole("link").first().textContent())!.trim();
      expect(reference).toMatch(/^[A-Z]{2,6}-\d{4}-\d{5}$/);
      await row.getByRole("button", { name: `Assign to me ${reference}` }).click();
      await expect(page.getByRole("alert").filter({ hasText: "Success" })).toContainText(`${reference} is now assigned to you.`);
      // Back on the queue as it was: searched, sorted.
      await expect(page).toHaveURL(/[?&]sort=due&dir=asc/);
      const taken = rows.filter({ has: page.getByRole("link", { name: reference }) });
      await expect(taken).toContainText("You");
      await expect(taken.getByRole("button", { name: /^Assign to me/ })).toHaveCount(0);
      await axe(page);

      await taken.getByRole("link", { name: reference }).click();
      await expect(page.getByRole("heading", { level: 1, name: reference })).toBeVisible();
      await expect(page.getByText("Assigned to a council officer")).toBeVisible();
      await page.getByRole("link", { name: "Casework: assignment and private case notes" }).click();
      await expect(page.getByRole("heading", { level: 1, name: `Casework for ${reference}` })).toBeVisible();
      await expect(page.getByRole("main")).toContainText("Helen Marsh (you)");
      const note = `Rang the SENCO about the provision map (${javaScriptEnabled ? "with" : "without"} JavaScript).`;
      await page.getByRole("button", { name: "Add note" }).click();
      await expect(page.getByRole("link", { name: "Enter the note" })).toBeVisible();
      await axe(page);
      await page.getByLabel("Add a note").fill(note);
      await page.getByRole("button", { name: "Add note" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "Success" })).toContainText("Your note has been added.");
      await expect(page.getByRole("main")).toContainText(note);
      await expect(page.getByLabel("Add a note")).toHaveValue("");
      await axe(page);
    });
  });
}
