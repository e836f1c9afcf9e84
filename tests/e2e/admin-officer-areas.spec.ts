import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

// The admin sets which areas a council officer works in (issue 8, ADR 30), on the user's page, and is told when
// another admin changed them meanwhile. A new officer each time, so the demo's officers keep their areas.

async function createOfficer(page: Page, name: string, email: string) {
  await page.goto("/admin/users/new");
  await page.getByLabel("Full name").fill(name);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Role").selectOption({ label: "Council officer" });
  await page.getByLabel("First password").fill("kentish orchard blossom 47");
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page).toHaveURL(/\/admin\/users\?created=1$/);
  await page.getByRole("row").filter({ hasText: email }).getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
}

const areas = (page: Page) => page.getByRole("group", { name: "Areas this officer works in" });

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });
    test("the admin ticks an officer's areas, and a second tab's stale form is refused keeping what it ticked", async ({ page, context }) => {
      const unique = `${javaScriptEnabled ? "js" : "nojs"}-${Date.now()}`;
      const name = `Ade Officer ${unique}`;
      await signIn(page, "admin@kent.example");
      await createOfficer(page, name, `ade.${unique}@kent.example`);
      await expect(areas(page)).toContainText("When no officer works in an area, every council officer is told of its requests");
      for (const area of ["North", "South", "East", "West"]) await expect(areas(page).getByRole("checkbox", { name: area })).not.toBeChecked();
      await expect(areas(page).getByRole("checkbox", { name: "East" })).toHaveAccessibleDescription("Canterbury, Swale, Thanet");
      if (javaScriptEnabled) await expectNoAxeViolations(page);

      // A second tab opens the same page before the first saves.
      const other = await context.newPage();
      await other.goto(page.url());

      await areas(page).getByRole("checkbox", { name: "East" }).check();
      await areas(page).getByRole("checkbox", { name: "South" }).check();
      await page.getByRole("button", { name: "Save areas" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "Success" })).toContainText("The areas they work in have been saved.");
      await expect(areas(page).getByRole("checkbox", { name: "East" })).toBeChecked();
      await expect(areas(page).getByRole("checkbox", { name: "South" })).toBeChecked();
      await expect(areas(page).getByRole("checkbox", { name: "North" })).not.toBeChecked();

      await areas(other).getByRole("checkbox", { name: "West" }).check();
      await other.getByRole("button", { name: "Save areas" }).click();
      await expect(other).toHaveTitle(/^Error: /);
      await expect(other.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText(
        "it now differs from what you sent in: the areas they work in",
      );
      await expect(areas(other).getByRole("checkbox", { name: "West" })).toBeChecked();
      if (javaScriptEnabled) await expectNoAxeViolations(other);
      await other.close();

      await page.reload();
      await expect(areas(page).getByRole("checkbox", { name: "West" })).not.toBeChecked();
      await expect(areas(page).getByRole("checkbox", { name: "East" })).toBeChecked();
    });
  });
}
