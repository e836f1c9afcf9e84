import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

// Shared components as real pages use them (issue 14): the table that keeps the row's name and its status in
// view on a 390 px phone, status tags, the back link, and the print stylesheet.

test("on a 390px phone the pupil register keeps each pupil's name and status in view while the columns between scroll", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 800 });
  await signIn(page, "senco@oakfield.example");
  await page.goto("/pupils");
  const region = page.getByRole("region", { name: /pupil/i }).filter({ has: page.getByRole("table") });
  const table = region.getByRole("table");
  const firstRow = table.getByRole("row").nth(1);
  const name = firstRow.getByRole("cell").first();
  const status = firstRow.getByRole("cell").last();
  await expect(status.locator("strong")).toHaveText(/^(On roll|Left .+)$/);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  const widths = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(widths.scroll).toBeGreaterThan(widths.client);
  await region.evaluate((el) => el.scrollTo({ left: (el.scrollWidth - el.clientWidth) / 2 }));
  const box = await region.boundingBox();
  const nameBox = await name.boundingBox();
  const statusBox = await status.boundingBox();
  // Scrolled halfway: the first column is still at the region's left edge, the status at its right edge.
  expect(Math.round(nameBox!.x)).toBe(Math.round(box!.x));
  expect(Math.round(statusBox!.x + statusBox!.width)).toBeLessThanOrEqual(Math.round(box!.x + box!.width) + 1);
  expect(statusBox!.x).toBeGreaterThan(nameBox!.x + nameBox!.width);
  // A column between them has scrolled under.
  const upn = firstRow.getByRole("cell").nth(1);
  const upnBox = await upn.boundingBox();
  expect(upnBox!.x).toBeLessThan(nameBox!.x + nameBox!.width);
  await expectNoAxeViolations(page);
});

test("printed, a page shows its content only: no navigation, no header forms, no buttons, no phase banner, no back link", async ({ page }) => {
  await signIn(page, "admin@kent.example");
  await page.goto("/admin/users");
  await page.getByRole("link", { name: "Grace Adeyemi" }).click();
  const back = page.getByRole("link", { name: "Back to users" });
  await expect(back).toBeVisible();
  await expect(page.getByRole("button", { name: "Save role" })).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("heading", { level: 1, name: "Grace Adeyemi" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Roles" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Save role" })).toBeHidden();
  await expect(page.getByText("This is a new service.")).toBeHidden();
  await expect(back).toBeHidden();
  await expect(page.getByRole("contentinfo")).toBeHidden();
  await page.emulateMedia({ media: "screen" });
  await back.click();
  await expect(page).toHaveURL(/\/admin\/users$/);
});
