import { expect, test } from "@playwright/test";
import { addDocument, expectNoAxeViolations, PNG_BYTES, signIn, startDraft } from "./helpers.ts";

// Evidence documents (ADR 29) in a real browser: the SENCO attaches two documents to a draft from the evidence
// section, a file of the wrong type is refused with the GOV.UK error pattern, one document is withdrawn through
// the confirm step, and the documents show on check-your-answers. Once with JavaScript (axe on every page
// reached, the error state included) and once without any: the upload is a plain multipart form.

/** A PDF of 600 KB: over the portal's 100 KB for ordinary forms, as a scanned report is (ADR 29's own limit). */
function pdf(text: string) {
  return Buffer.concat([Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << /Type /Catalog >> endobj\n`, "latin1"), Buffer.alloc(600 * 1024, 0x20), Buffer.from("%%EOF\n")]);
}

for (const javaScriptEnabled of [true, false]) {
  test.describe(javaScriptEnabled ? "with JavaScript" : "without JavaScript", () => {
    test.use({ javaScriptEnabled });

    test("the SENCO attaches two documents, a wrong file is refused, one is withdrawn after confirming", async ({ page }) => {
      const axe = async () => {
        if (javaScriptEnabled) await expectNoAxeViolations(page);
      };
      await signIn(page, "senco@oakfield.example");
      const reference = await startDraft(page);

      // From the evidence section's page to the documents page.
      await page.goto(`/funding/${reference}/edit/evidence`);
      await page.getByRole("link", { name: "Add documents that support this evidence (none added yet)" }).click();
      await expect(page).toHaveURL(new RegExp(`/funding/${reference}/documents$`));
      await expect(page.getByRole("heading", { level: 1, name: "Documents" })).toBeVisible();
      await expect(page.getByRole("main")).toContainText("No documents have been added.");
      await axe();

      // A renamed executable: refused, with the title kept.
      await addDocument(page, { title: "Not really a PDF", evidence: "Other supporting evidence", name: "report.pdf", mimeType: "application/pdf", buffer: Buffer.concat([Buffer.from("MZ"), Buffer.alloc(600)]) });
      await expect(page).toHaveTitle(/^Error: Add a document - /);
      await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("The selected file must be a PDF, Word (DOCX), Excel (XLSX), JPEG or PNG");
      await expect(page.getByLabel("Title")).toHaveValue("Not really a PDF");
      await axe();
      await page.getByRole("link", { name: "Back to the documents" }).click();

      await addDocument(page, { title: "Educational psychologist report", evidence: "Needs have been identified with external professionals", name: "ep-report.pdf", mimeType: "application/pdf", buffer: pdf("EP report") });
      await expect(page).toHaveURL(new RegExp(`/funding/${reference}/documents\\?done=added$`));
      await expect(page.getByRole("alert").filter({ hasText: "Success" })).toContainText("The document has been added.");
      await addDocument(page, { title: "Provision map", evidence: "Provision is at the personalised level of the Mainstream Core Standards", name: "provision map.png", mimeType: "image/png", buffer: PNG_BYTES });
      const table = page.getByRole("table", { name: "Documents for this request" });
      await expect(table.getByRole("row")).toHaveCount(3);
      await expect(table).toContainText("ep-report.pdf, PDF, 601 KB");
      await expect(table).toContainText("provision map.png, PNG image");
      await axe();

      // The download is an attachment.
      if (javaScriptEnabled) {
        const [download] = await Promise.all([page.waitForEvent("download"), table.getByRole("link", { name: "Educational psychologist report (download)" }).click()]);
        expect(download.suggestedFilename()).toBe("ep-report.pdf");
      }

      // Withdrawing asks first; "No, go back" changes nothing.
      await table.getByRole("link", { name: "Withdraw Provision map" }).click();
      const confirm = page.getByRole("region", { name: "Are you sure you want to withdraw “Provision map”?" });
      await expect(confirm).toBeVisible();
      await axe();
      await confirm.getByRole("link", { name: "No, go back" }).click();
      await expect(confirm).toHaveCount(0);
      await table.getByRole("link", { name: "Withdraw Provision map" }).click();
      await confirm.getByLabel("Why it is being withdrawn (optional)").fill("Out of date");
      await confirm.getByRole("button", { name: "Yes, withdraw this document" }).click();
      await expect(page.getByRole("alert").filter({ hasText: "Success" })).toContainText("The document has been withdrawn.");
      await expect(table).toContainText("Withdrawn");
      await expect(table).toContainText("Out of date");
      await expect(table.getByRole("link", { name: "Provision map (download)" })).toHaveCount(0);
      await axe();

      // Check your answers lists both, the withdrawn one marked.
      await page.goto(`/funding/${reference}/check`);
      const listed = page.getByRole("table", { name: "Documents" });
      await expect(listed).toContainText("Educational psychologist report");
      await expect(listed).toContainText("Withdrawn");
      await axe();
    });
  });
}
