import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

// Council insight's register dashboard (issue 13, ADR 67): an officer opens it from the navigation, reads the
// chart's figures in the table beneath with the withheld ones as c, chooses EHC plans only and downloads the same
// table as CSV. Once with JavaScript (and axe on each page), once without.

for (const javaScriptEnabled of [true, false]) {
  test(`${javaScriptEnabled ? "with" : "without"} JavaScript: an officer reads the registers by district and downloads them`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, "officer@kent.example");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Insight" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Pupils on SEN registers" })).toBeVisible();
    await expect(page.getByRole("img", { name: /Pupils on SEN registers per 1,000 on roll, by district/ })).toBeVisible();
    const table = page.getByRole("table", { name: "Pupils on SEN registers: SEN support and EHC plans, every phase" });
    await expect(table.getByRole("row", { name: /^Kent / })).toBeVisible();
    // The demo's registers are a few dozen pupils in two districts: their small counts are withheld.
    await expect(table.getByRole("cell", { name: "c", exact: true }).first()).toBeVisible();
    await expect(page.getByRole("main")).toContainText("withheld to protect small numbers");
    if (javaScriptEnabled) await expectNoAxeViolations(page);

    await page.getByLabel("Provision").selectOption({ label: "EHC plan (E)" });
    await page.getByRole("button", { name: "Show figures" }).click();
    await expect(page).toHaveURL(/provision=E/);
    const plans = page.getByRole("table", { name: "Pupils on SEN registers: EHC plan (E), every phase" });
    await expect(plans.getByRole("row", { name: /^Kent / })).toBeVisible();
    if (javaScriptEnabled) await expectNoAxeViolations(page);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download these figures as CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^sen-registers-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await download.path())!, "utf8");
    expect(csv).toContain("district,");
    expect(csv).toContain("EHC plan (E)");
    await context.close();
  });
}
