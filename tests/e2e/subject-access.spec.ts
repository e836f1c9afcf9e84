import fs from "node:fs";
import { expect, test } from "@playwright/test";
import yauzl from "yauzl";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

// Subject access (issue 12, ADR 63): a council officer finds a pupil by name and school (a search sent empty is
// refused in words), opens them, and downloads the bundle: a ZIP named for the pupil's record number and the day,
// holding the summary, the JSON and the documents. Once with JavaScript, once without.

/** The names of the entries of a ZIP file, read with yauzl. */
function zipEntries(path: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const names: string[] = [];
      zip.on("entry", (entry: yauzl.Entry) => {
        names.push(entry.fileName);
        zip.readEntry();
      });
      zip.on("end", () => resolve(names));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

for (const javaScriptEnabled of [true, false]) {
  test(`${javaScriptEnabled ? "with" : "without"} JavaScript: an officer finds a pupil and downloads everything held about them`, async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true });
    const page = await context.newPage();
    await signIn(page, "officer@kent.example");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Subject access" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Subject access" })).toBeVisible();
    if (javaScriptEnabled) await expectNoAxeViolations(page);

    await page.getByRole("button", { name: "Find pupils" }).click();
    await expect(page).toHaveTitle(/^Error: Subject access/);
    await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("Enter the pupil's name, UPN or record number");
    if (javaScriptEnabled) await expectNoAxeViolations(page);

    await page.getByLabel("Name, UPN or record number").fill("amelia hart");
    await page.getByLabel("School", { exact: true }).selectOption({ label: "Oakfield Primary School (990001)" });
    await page.getByRole("button", { name: "Find pupils" }).click();
    await expect(page).toHaveURL(/q=amelia\+hart&school=990001/);
    await expect(page.getByRole("table", { name: "1 pupil found" })).toBeVisible();
    if (javaScriptEnabled) await expectNoAxeViolations(page);
    await page.getByRole("link", { name: "Amelia Hart" }).click();

    await expect(page.getByRole("heading", { level: 1, name: "Amelia Hart" })).toBeVisible();
    await expect(page.getByRole("main")).toContainText("Oakfield Primary School (URN 990001)");
    if (javaScriptEnabled) await expectNoAxeViolations(page);
    const pupilId = /\/council\/subject-access\/(\d+)$/.exec(page.url())![1];

    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download everything held about this pupil (ZIP)" }).click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^subject-access-pupil-${pupilId}-\\d{4}-\\d{2}-\\d{2}\\.zip$`));
    const file = await download.path();
    expect(fs.readFileSync(file).subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");
    const names = await zipEntries(file);
    expect(names).toContain("summary.html");
    expect(names).toContain("data.json");
    expect(names.some((n) => n.startsWith("documents/"))).toBe(true);
    await context.close();
  });
}
