import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations, signIn, signOut } from "./helpers.ts";

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

/** The page's width once it has loaded: at most 320 when nothing makes it scroll sideways. */
async function widthOf(page: Page, path: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/** The first request in a list filtered by `status`, as a path. */
async function firstRequest(page: Page, status: string) {
  await page.goto(`/funding?status=${status}`);
  return (await page.getByRole("main").getByRole("table").getByRole("link").first().getAttribute("href"))!;
}

test("at 320px wide the pupil register, its forms and a draft funding request do not scroll sideways (filters with long names included)", async ({ page }) => {
  await signIn(page, "senco@oakfield.example");
  const draft = `${await firstRequest(page, "draft")}/edit`;
  for (const path of ["/pupils", "/pupils/new", "/funding", "/funding/new", draft, `${draft}/period`, `${draft}/plan`, `${draft}/evidence`]) {
    expect(await widthOf(page, path), path).toBeLessThanOrEqual(320);
  }
});

test("at 320px wide the funding queue, a decision form, the settings and the tracker do not scroll sideways", async ({ page }) => {
  await signIn(page, "officer@kent.example");
  const decide = `${await firstRequest(page, "in_review")}/decide`;
  for (const path of ["/funding", decide, "/council/funding-settings", "/council/funding-settings/schemes/new"]) {
    expect(await widthOf(page, path), path).toBeLessThanOrEqual(320);
  }
  // Wait for the sign-out to finish: going to /login while its POST is in flight can leave the officer signed in.
  await signOut(page);
  await signIn(page, "head@oakfield.example");
  expect(await widthOf(page, "/funding/tracker")).toBeLessThanOrEqual(320);
});
