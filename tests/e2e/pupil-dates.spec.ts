import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

// The pupil register's dates in the GOV.UK date input (issue 14): Day, Month and Year boxes, the Design
// System's messages, the error summary's link landing in the Day box, and what was typed kept.

async function fillPupil(page: Page, lastName: string) {
  await page.getByLabel("Legal first name").fill("Juno");
  await page.getByLabel("Legal last name").fill(lastName);
  await page.getByLabel("Year group").selectOption({ label: "Year 4" });
  await page.getByRole("radio", { name: /^SEN support/ }).check();
  await page.getByLabel("Primary need", { exact: true }).selectOption({ label: "Moderate learning difficulty (MLD)" });
}

const dateOfBirth = (page: Page) => page.getByRole("group", { name: "Date of birth" });

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("a half-typed date of birth is refused in the Design System's words, kept, and the summary's link lands in the Day box", async ({ page }) => {
      await signIn(page, "senco@oakfield.example");
      await page.goto("/pupils/new");
      await expect(page.locator('input[type="date"]')).toHaveCount(0);
      await fillPupil(page, javaScriptEnabled ? "Boxes-js" : "Boxes-nojs");
      await dateOfBirth(page).getByLabel("Day").fill("4");
      await dateOfBirth(page).getByLabel("Year").fill("2017");
      await page.getByRole("button", { name: "Add pupil" }).click();

      await expect(page).toHaveTitle(/^Error: Add a pupil/);
      const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
      await expect(summary).toContainText("Date of birth must include a month");
      await expect(dateOfBirth(page).getByLabel("Day")).toHaveValue("4");
      await expect(dateOfBirth(page).getByLabel("Month")).toHaveValue("");
      await expect(dateOfBirth(page).getByLabel("Year")).toHaveValue("2017");
      await expect(page.getByLabel("Legal last name")).toHaveValue(javaScriptEnabled ? "Boxes-js" : "Boxes-nojs");
      await expect(dateOfBirth(page).getByLabel("Month")).toHaveAttribute("aria-invalid", "true");
      await expect(dateOfBirth(page).getByLabel("Day")).not.toHaveAttribute("aria-invalid", "true");
      if (javaScriptEnabled) await expectNoAxeViolations(page);

      await summary.getByRole("link", { name: "Date of birth must include a month" }).click();
      if (javaScriptEnabled) await expect(dateOfBirth(page).getByLabel("Day")).toBeFocused();
      else await expect(page).toHaveURL(/#new-pupil-dateOfBirth$/);

      await dateOfBirth(page).getByLabel("Month").fill("13");
      await page.getByRole("button", { name: "Add pupil" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Date of birth must be a real date");
      await dateOfBirth(page).getByLabel("Month").fill("3");
      await page.getByRole("button", { name: "Add pupil" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "Success" })).toContainText("The pupil has been added to the register.");
      await expect(page.getByRole("main")).toContainText("4 March 2017");
    });
  });
}

test("the change form shows the saved dates in the boxes; marking as left takes a date in boxes; at 320px nothing scrolls sideways", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 720 });
  await signIn(page, "senco@oakfield.example");
  await page.goto("/pupils/new");
  await fillPupil(page, "Leaves-e2e");
  await dateOfBirth(page).getByLabel("Day").fill("9");
  await dateOfBirth(page).getByLabel("Month").fill("11");
  await dateOfBirth(page).getByLabel("Year").fill("2016");
  await page.getByRole("button", { name: "Add pupil" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Success" })).toBeVisible();
  const record = new URL(page.url()).pathname;

  await page.goto(`${record}/edit`);
  await expect(dateOfBirth(page).getByLabel("Day")).toHaveValue("9");
  await expect(dateOfBirth(page).getByLabel("Month")).toHaveValue("11");
  await expect(dateOfBirth(page).getByLabel("Year")).toHaveValue("2016");
  await expect(dateOfBirth(page)).toContainText("Saved as 9 November 2016");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);

  await page.goto(record);
  const left = page.getByRole("group", { name: "Date left" });
  await left.getByLabel("Day").fill("1");
  await left.getByLabel("Month").fill("9");
  await page.getByRole("button", { name: "Mark as left" }).click();
  await expect(page).toHaveTitle(/^Error: /);
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Date left must include a year");
  await expect(left.getByLabel("Day")).toHaveValue("1");
  await expect(left.getByLabel("Month")).toHaveValue("9");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await expectNoAxeViolations(page);
});
