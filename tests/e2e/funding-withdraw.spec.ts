import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, signIn, startDraft } from "./helpers.ts";

// Withdrawing a funding request asks first (ADR 24's confirm step): the link draws "Are you sure?" with what will
// happen, "No, go back" changes nothing, and only the panel's button withdraws. Each run starts its own draft.

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("the SENCO is asked before withdrawing, can go back, and withdraws with a reason once confirmed", async ({ page }) => {
      await signIn(page, "senco@oakfield.example");
      const reference = await startDraft(page);
      await page.goto(`/funding/${reference}`);
      await expect(page.getByRole("heading", { level: 1, name: reference })).toBeVisible();
      const main = page.getByRole("main");
      await expect(main).toContainText("Status: Draft");
      const confirm = page.getByRole("region", { name: `Are you sure you want to withdraw ${reference}?` });
      await expect(confirm).toHaveCount(0);

      // The link only asks.
      await page.getByRole("link", { name: "Withdraw request" }).click();
      await expect(page).toHaveURL(new RegExp(`/funding/${reference}\\?confirm=withdraw#confirm$`));
      await expect(confirm).toBeVisible();
      await expect(confirm).toContainText("It will stay on record, with its timeline, but it cannot be sent or decided after this.");
      await expect(confirm).toContainText("Nobody else will be told: the council is not waiting to decide it.");
      await expect(confirm.getByLabel("Why it is being withdrawn (optional)")).toBeVisible();
      if (javaScriptEnabled) await expectNoAxeViolations(page);

      // "No, go back" leaves it as it was.
      await confirm.getByRole("link", { name: "No, go back" }).click();
      await expect(page).toHaveURL(new RegExp(`/funding/${reference}$`));
      await expect(confirm).toHaveCount(0);
      await expect(main).toContainText("Status: Draft");
      await expect(page.getByRole("link", { name: "Withdraw request" })).toBeVisible();

      // A reason too long is refused with what was typed kept, and the question still asked.
      await page.getByRole("link", { name: "Withdraw request" }).click();
      const tooLong = "The pupil's needs are now met in school. ".repeat(50).trim();
      await confirm.getByLabel("Why it is being withdrawn (optional)").fill(tooLong);
      await confirm.getByRole("button", { name: "Yes, withdraw this request" }).click();
      await expect(page).toHaveTitle(/^Error: /);
      await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Comments must be 2,000 characters or fewer");
      await expect(confirm.getByLabel("Why it is being withdrawn (optional)")).toHaveValue(tooLong);
      await expect(main).toContainText("Status: Draft");
      if (javaScriptEnabled) await expectNoAxeViolations(page);

      // Confirmed: withdrawn, and the reason is on its timeline.
      await confirm.getByLabel("Why it is being withdrawn (optional)").fill("The pupil's needs are now met in school");
      await confirm.getByRole("button", { name: "Yes, withdraw this request" }).click();
      await expect(page).toHaveURL(new RegExp(`/funding\\?withdrawn=${reference}$`));
      await expect(page.getByRole("main")).toContainText(`Request ${reference} has been withdrawn.`);
      await page.goto(`/funding/${reference}`);
      await expect(main).toContainText("Status: Withdrawn");
      await expect(main).toContainText("“The pupil's needs are now met in school”");
      await expect(page.getByRole("link", { name: "Withdraw request" })).toHaveCount(0);
      if (javaScriptEnabled) await expectNoAxeViolations(page);
    });
  });
}
