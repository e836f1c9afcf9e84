import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

// Council insight's funding dashboard (issue 13): an officer opens it from the insight dashboards, reads the year's
// requests by district and by scheme (the demo's few requests mostly withheld as c), narrows it to West Kent, sets a
// scheme's budget and sees it against the awards, and downloads the figures. Once with JavaScript (axe on every
// page, the budget form's error too), once without; each run sets a different scheme's budget.

for (const [javaScriptEnabled, scheme] of [
  [true, "High Needs Funding (mainstream, no EHC plan)"],
  [false, "EHC plan top-up"],
] as const) {
  test(`${javaScriptEnabled ? "with" : "without"} JavaScript: an officer reads the year's funding figures and sets a scheme's budget`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, "officer@kent.example");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Insight" }).click();
    await page.getByRole("navigation", { name: "Insight dashboards" }).getByRole("link", { name: "Funding" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Funding requests and awards" })).toBeVisible();
    const byDistrict = page.getByRole("table", { name: /^Requests by district and status: every scheme, \d{4}-\d{2}, Every district in Kent$/ });
    await expect(byDistrict.getByRole("row", { name: /^Kent / })).toBeVisible();
    await expect(byDistrict.getByRole("cell", { name: "c", exact: true }).first()).toBeVisible();
    await expect(page.getByRole("table", { name: /^Requests by scheme and status: Kent/ }).getByRole("row", { name: /^Kent / })).toBeVisible();
    await expect(page.getByRole("img", { name: /Requests sent to the council each month/ })).toBeVisible();
    if (javaScriptEnabled) await expectNoAxeViolations(page);

    await page.getByRole("combobox", { name: "Districts" }).selectOption({ label: "West Kent" });
    await page.getByRole("button", { name: "Show figures" }).click();
    await expect(page).toHaveURL(/place=area%3AWest/);
    const west = page.getByRole("table", { name: /^Requests by district and status: every scheme, \d{4}-\d{2}, West Kent$/ });
    await expect(west.getByRole("row", { name: /^Maidstone / })).toBeVisible();
    await expect(west.getByRole("row", { name: /^Thanet / })).toHaveCount(0);

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download these figures as CSV" }).click()]);
    expect(download.suggestedFilename()).toMatch(/^funding-\d{4}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await download.path())!, "utf8");
    expect(csv).toContain("Requests by status");
    expect(csv).toContain("Maidstone");
    expect(csv).not.toContain("Thanet");

    await page.getByRole("link", { name: new RegExp(`^(Set|Change) budget for ${scheme.replace(/[()]/g, "\\$&")}$`) }).click();
    await expect(page.getByRole("heading", { level: 1, name: scheme })).toBeVisible();
    const field = page.getByLabel(new RegExp(`budget for \\d{4}-\\d{2}, in pounds`));
    await field.fill("two million");
    await page.getByRole("button", { name: "Save budget" }).click();
    await expect(page.getByRole("alert").or(page.getByText("There is a problem")).first()).toBeVisible();
    await expect(page.getByRole("main")).toContainText("Enter the budget in pounds, like 2,500,000 or 2500000");
    await expect(field).toHaveValue("two million");
    if (javaScriptEnabled) await expectNoAxeViolations(page);
    await field.fill("2,000,000");
    await page.getByRole("button", { name: "Save budget" }).click();
    await expect(page.getByText("The budget has been saved.")).toBeVisible();
    const budgets = page.getByRole("table", { name: /^Awards for \d{4}-\d{2} against budget, Kent$/ });
    await expect(budgets.getByRole("row", { name: new RegExp(`^${scheme.replace(/[()]/g, "\\$&")} £2,000,000 `) })).toBeVisible();
    if (javaScriptEnabled) await expectNoAxeViolations(page);
    await context.close();
  });
}
