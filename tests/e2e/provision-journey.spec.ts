import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, signIn, signOut, summaryValue } from "./helpers.ts";

// Issue 11's SRP journey end to end, in a real browser: Oakfield's SENCO opens the term's return, saves a draft
// with part of it (the page shows the register's count against places filled), sends it complete, and sees the
// version kept; the school's SRP page draws the history as a chart with the table beneath; the council officer finds
// Oakfield's return in on the overview (no longer missing), flags and trends included, reminds the schools still
// missing one, and opens the register's and windows' pages. With JavaScript (axe on every page reached); then the
// headteacher corrects the return without JavaScript and the officer sees the correction.

test.describe.configure({ mode: "serial" });

test.describe("with JavaScript", () => {
  test("an SRP return from draft to the officer's overview", async ({ page }) => {
    test.setTimeout(180_000);
    await signIn(page, "senco@oakfield.example");
    await page.getByRole("navigation").getByRole("link", { name: "Resource provision" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Your school's resource provision" })).toBeVisible();
    await expectNoAxeViolations(page);
    const row = page.getByRole("row").filter({ hasText: "ASD resource provision" });
    await expect(row.getByText("Not started")).toBeVisible();
    await row.getByRole("link", { name: /Fill in/ }).click();
    await expect(page.getByRole("heading", { level: 1, name: /return$/ })).toBeVisible();
    await expect(summaryValue(page, "Pupils marked on your register as in this SRP")).toHaveText("1");
    await expectNoAxeViolations(page);

    // A draft with part of the figures.
    await page.getByLabel("Places filled").fill("7");
    await page.getByLabel("Pupils with an EHC plan").fill("9");
    await page.getByRole("button", { name: "Save as draft" }).click();
    // More EHC plans than places filled: refused, what was typed kept.
    await expect(page.getByRole("alert").getByText("Pupils with an EHC plan cannot be more than the places filled")).toBeVisible();
    await expect(page).toHaveTitle(/^Error: /);
    await expect(page.getByLabel("Pupils with an EHC plan")).toHaveValue("9");
    await expectNoAxeViolations(page);
    await page.getByLabel("Pupils with an EHC plan").fill("6");
    await page.getByRole("button", { name: "Save as draft" }).click();
    await expect(page.getByText("Your draft has been saved.")).toBeVisible();
    await expect(page.getByText("Your return says 7 places filled, but your pupil register marks 1 current pupil as in this SRP")).toBeVisible();
    await expect(summaryValue(page, "Status")).toHaveText("Draft");
    await expectNoAxeViolations(page);

    // Sent complete.
    await page.getByLabel("Pupils on placement from other schools").fill("1");
    await page.getByLabel("Pupils admitted this term").fill("1");
    await page.getByLabel("Pupils who left this term").fill("0");
    await page.getByLabel("Waiting for a place").fill("2");
    await page.getByRole("button", { name: "Send the return" }).click();
    await expect(page.getByText("Your return has been sent to the council.")).toBeVisible();
    await expect(summaryValue(page, "Status")).toHaveText("Sent (version 1)");
    await expect(page.getByText("Version 1: 7 places filled, sent by Priya Shah")).toBeVisible();
    await expect(page.getByRole("button", { name: "Send the correction" })).toBeVisible();
    await expectNoAxeViolations(page);

    // The SRP's history: a chart drawn on the server, the same figures in a table.
    await page.getByRole("link", { name: "Back to the SRP" }).click();
    await expect(page.getByRole("img", { name: /Places commissioned and filled, ASD resource provision/ })).toBeVisible();
    await expect(page.getByRole("table", { name: "Returns by term" }).getByRole("row").nth(1)).toContainText("7");
    await expectNoAxeViolations(page);
    await signOut(page);

    // The council's overview.
    await signIn(page, "officer@kent.example");
    await page.getByRole("navigation").getByRole("link", { name: "Resource provision" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "SRP places across Kent" })).toBeVisible();
    const missing = page.locator("#missing");
    await expect(missing.getByText(/West Malling Abbey Academy/)).toBeVisible();
    await expect(missing.getByText(/Oakfield Primary School/)).toHaveCount(0);
    const every = page.getByRole("table", { name: "Every SRP" });
    await expect(every.getByRole("row").filter({ hasText: "Oakfield Primary School" })).toContainText("Sent");
    await expect(page.getByRole("table", { name: "Filled above the places commissioned" })).toContainText("Northfleet Park School");
    await expect(page.getByRole("img", { name: /by term/ })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: /Send a reminder to \d+ schools? missing a return/ }).click();
    await expect(page.getByText(/Reminders sent to \d+ schools?\./)).toBeVisible();
    await expect(page.getByRole("table", { name: "Reminders sent this term" })).toContainText("West Malling Abbey Academy");
    await expect(missing.getByText("– reminded today").first()).toBeVisible();
    await expectNoAxeViolations(page);
    // Pressed again the same day: nothing more is sent.
    await page.getByRole("button", { name: /Send a reminder/ }).click();
    await expect(page.getByText("Every school missing a return was already reminded today: nothing more was sent.")).toBeVisible();

    const download = page.waitForEvent("download");
    await page.getByRole("link", { name: "Download as CSV" }).click();
    expect((await download).suggestedFilename()).toMatch(/^srp-places-\d{4}-\d{2}-\d{2}\.csv$/);

    await every.getByRole("link", { name: "Oakfield Primary School" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /^Change ASD resource provision/ })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goto("/council/provision/windows");
    await expect(page.getByRole("heading", { level: 1, name: "Return windows" })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole("table", { name: "Windows set" }).getByRole("link").first().click();
    await expect(page.getByRole("heading", { level: 1, name: /return window$/ })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.goto("/council/provision/srps/new");
    await expectNoAxeViolations(page);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the headteacher corrects the return and the officer sees the correction", async ({ page }) => {
    await signIn(page, "head@oakfield.example");
    await page.goto("/provision");
    await page.getByRole("row").filter({ hasText: "ASD resource provision" }).getByRole("link", { name: /Correct/ }).click();
    await expect(page.getByLabel("Places filled")).toHaveValue("7");
    // Above the places commissioned without a comment: refused, saying why.
    await page.getByLabel("Places filled").fill("10");
    await page.getByRole("button", { name: "Send the correction" }).click();
    await expect(page.getByRole("alert").getByText(/Places filled \(10\) is more than the 8 places commissioned: say why in the comment/)).toBeVisible();
    await expect(page.getByLabel("Places filled")).toHaveValue("10");
    await page.getByLabel("Comment (optional)").fill("Two pupils started early by agreement with the SEN team.");
    await page.getByRole("button", { name: "Send the correction" }).click();
    await expect(page.getByText("Your return has been sent to the council.")).toBeVisible();
    await expect(page.getByText("Version 2: 10 places filled, sent by Martin Cole")).toBeVisible();
    await expect(page.getByText("Version 1: 7 places filled, sent by Priya Shah")).toBeVisible();
    await signOut(page);

    await signIn(page, "officer@kent.example");
    await page.goto("/council/provision");
    await expect(page.getByRole("table", { name: "Filled above the places commissioned" })).toContainText("Two pupils started early by agreement with the SEN team.");
  });
});
