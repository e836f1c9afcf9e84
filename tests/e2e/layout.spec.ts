import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

// WCAG 1.4.10 Reflow: usable at 320 CSS pixels wide without scrolling the page sideways.
test.use({ viewport: { width: 320, height: 640 } });

test("at 320px wide the council officer's home page does not scroll sideways; its table scrolls in its own region", async ({ page }) => {
  await signIn(page, "officer@kent.example");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Helen Marsh" })).toBeVisible();

  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(pageWidth).toBeLessThanOrEqual(320);

  const region = page.getByRole("region", { name: "Schools by district" });
  await expect(region).toBeVisible();
  await expect(region).toHaveAttribute("tabindex", "0");
  const box = await region.boundingBox();
  expect((box?.x ?? 0) + (box?.width ?? Infinity)).toBeLessThanOrEqual(320);
  // The table is wider than the screen, so the region scrolls, and can be scrolled from the keyboard.
  const widths = await region.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
  expect(widths.scroll).toBeGreaterThan(widths.client);
  await region.focus();
  await page.keyboard.press("ArrowRight");
  await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);

  await expectNoAxeViolations(page);
});

test("at 320px wide the sign-in page and the admin's schools list do not scroll sideways", async ({ page }) => {
  await page.goto("/login");
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
  await signIn(page, "admin@kent.example");
  for (const path of ["/home", "/schools", "/admin/users", "/admin/audit", "/account"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth), path).toBeLessThanOrEqual(320);
  }
});
