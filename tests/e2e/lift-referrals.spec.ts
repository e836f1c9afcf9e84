import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, fillDate, signIn, signOut } from "./helpers.ts";

// Issue 10, a SENCO's LIFT referral (ADR 44): drafted through the task list, refused without the parents' signed
// Agreement to Engage, sent once it is uploaded; the district's STLS teacher reads it with the pupil's name, and
// another school's SENCO gets "Page not found". Once with JavaScript (axe on each kind of page) and once without.

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });
    const axe = async (page: Parameters<typeof expectNoAxeViolations>[0]) => {
      if (javaScriptEnabled) await expectNoAxeViolations(page);
    };

    test("a SENCO drafts, uploads the Agreement to Engage and sends a referral; the STLS teacher reads it", async ({ page }) => {
      test.slow();
      const pupil = javaScriptEnabled ? "Isla Foster" : "Leo Kemp";
      await signIn(page, "senco@oakfield.example");
      await page.goto("/lift/referrals");
      await expect(page.getByRole("heading", { level: 1, name: "LIFT referrals" })).toBeVisible();
      await axe(page);
      await page.getByRole("link", { name: "Refer a pupil to LIFT" }).click();
      await page.getByLabel("Pupil").selectOption({ label: pupil });
      await page.getByRole("button", { name: "Start the referral" }).click();
      await expect(page.getByRole("main")).toContainText("You have completed 0 of 3 tasks.");
      const reference = /LIFT-\d{4}-\d{5,}/.exec(page.url())![0];
      await axe(page);

      await page.getByRole("link", { name: "LIFT meeting" }).click();
      await page.getByRole("radio").first().check();
      await axe(page);
      await page.getByRole("button", { name: "Save and continue" }).click();
      await expect(page.getByRole("main")).toContainText("You have completed 1 of 3 tasks.");

      await page.getByRole("link", { name: "The request" }).click();
      await page.getByLabel("Cognition and learning").check();
      await page.getByLabel("What has the school tried at Mainstream Core Standards level?").fill("Precision teaching three times a week for a term.");
      await page.getByLabel("What is your question for LIFT?").fill("What more should we put in place for reading?");
      await page.getByRole("button", { name: "Save and continue" }).click();
      await expect(page.getByRole("main")).toContainText("You have completed 2 of 3 tasks.");

      await page.getByRole("link", { name: "Agreement to Engage" }).click();
      await page.getByLabel("Who signed the Agreement to Engage?").fill("Parent of the pupil");
      await fillDate(page, "Date it was signed", day(-3));
      await axe(page);
      await page.getByRole("button", { name: "Save as draft" }).click();
      await expect(page.getByRole("main")).toContainText("Your draft has been saved.");

      // Sending without the signed document is refused.
      await page.goto(`/lift/referrals/${reference}/check`);
      await page.getByRole("button", { name: "Send the referral to LIFT" }).click();
      await expect(page).toHaveTitle(/^Error: /);
      await expect(page.getByRole("link", { name: "Upload the parents' signed Agreement to Engage" })).toBeVisible();
      await axe(page);

      await page.goto(`/lift/referrals/${reference}/documents/new`);
      await page.getByLabel("Signed Agreement to Engage").setInputFiles({ name: "agreement.pdf", mimeType: "application/pdf", buffer: PDF });
      await axe(page);
      await page.getByRole("button", { name: "Upload the document" }).click();
      await expect(page.getByRole("main")).toContainText("The signed Agreement to Engage has been added.");
      await expect(page.getByRole("main")).toContainText("You have completed 3 of 3 tasks.");
      await page.getByRole("link", { name: "Check your answers and send the referral to LIFT" }).click();
      await expect(page.getByRole("main")).toContainText("agreement.pdf");
      await page.getByRole("button", { name: "Send the referral to LIFT" }).click();
      await expect(page.getByRole("heading", { name: "Referral sent to LIFT" })).toBeVisible();
      await axe(page);
      await signOut(page);

      await signIn(page, "stls@kent.example");
      await page.goto(`/lift/referrals/${reference}`);
      await expect(page.getByRole("heading", { level: 1, name: reference })).toBeVisible();
      await expect(page.getByRole("main")).toContainText(pupil);
      await expect(page.getByRole("link", { name: "Record the outcome" })).toBeVisible();
      await axe(page);
      await signOut(page);

      await signIn(page, "senco@riverside.example");
      await page.goto(`/lift/referrals/${reference}`);
      await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
    });
  });
}
