import { expect, test } from "@playwright/test";
import { expectNoAxeViolations } from "./helpers.ts";

// Pages anyone can reach without signing in.

test("the sign-in page, and its 'session ended' message, pass axe", async ({ page }) => {
  const response = await page.goto("/login");
  expect(response?.status()).toBe(200);
  await expect(page).toHaveTitle("Sign in - Kent SEND Inclusion Portal");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByLabel("Email address")).toBeVisible();
  await expect(page.getByLabel("Password")).toBeVisible();
  await expectNoAxeViolations(page);

  // Sent back here when a session ends: a banner says why.
  await page.goto("/login?ended=1");
  await expect(page.getByRole("region", { name: "Important" })).toContainText("You were signed out because your session ended.");
  await expectNoAxeViolations(page);
});

test("an empty sign-in form shows an error summary linked to each field, and passes axe", async ({ page }) => {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in" }).click();

  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toBeVisible();
  await expect(page).toHaveTitle(/^Error: Sign in - /);
  await expect(summary.getByRole("link", { name: "Enter your email address" })).toHaveAttribute("href", "#login-email");
  await expect(summary.getByRole("link", { name: "Enter your password" })).toHaveAttribute("href", "#login-password");
  // Inline messages next to the fields, which are marked invalid and described by them.
  await expect(page.getByLabel("Email address")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Email address")).toHaveAccessibleDescription(/Enter your email address/);
  await expect(page.getByLabel("Password")).toHaveAccessibleDescription(/Enter your password/);
  await expectNoAxeViolations(page);
});

test("the accessibility statement passes axe", async ({ page }) => {
  const response = await page.goto("/accessibility");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: /Accessibility statement/ })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("the privacy notice passes axe", async ({ page }) => {
  const response = await page.goto("/privacy");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Privacy notice" })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("the footer links to the accessibility statement and the privacy notice", async ({ page }) => {
  await page.goto("/login");
  const footer = page.getByRole("contentinfo");
  await footer.getByRole("link", { name: "Accessibility statement" }).click();
  await expect(page).toHaveURL(/\/accessibility$/);
  await page.getByRole("contentinfo").getByRole("link", { name: "Privacy notice" }).click();
  await expect(page).toHaveURL(/\/privacy$/);
});

test("an unknown address gets a 404 'Page not found' page that passes axe", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "Page not found" })).toBeVisible();
  await expect(page).toHaveTitle(/^Page not found - /);
  await expectNoAxeViolations(page);
});

test("keyboard: the first Tab on the sign-in page reaches a visible 'Skip to main content' link, and sign-in works from the keyboard", async ({
  page,
}) => {
  await page.goto("/login");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  // Shown on screen: not clipped away, and bigger than the 1px of a visually hidden element.
  const shown = () =>
    skip.evaluate((el) => {
      const style = getComputedStyle(el);
      const rect = el.getBoundingClientRect();
      const clipped = style.clipPath !== "none" || (style.clip !== "auto" && style.clip !== "");
      return !clipped && rect.width > 50 && rect.height > 10 && rect.bottom > 0 && rect.top < window.innerHeight;
    });
  expect(await shown()).toBe(false);

  await page.keyboard.press("Tab");
  await expect(skip).toBeFocused();
  await expect.poll(shown).toBe(true);
  // In the GOV.UK focus colour, big enough to hit (WCAG 2.5.8: at least 24 CSS pixels high) and padded round its text.
  await expect(skip).toHaveCSS("background-color", "rgb(255, 221, 0)");
  const size = await skip.evaluate((el) => ({ height: el.getBoundingClientRect().height, padding: parseFloat(getComputedStyle(el).paddingTop) }));
  expect(size.height).toBeGreaterThanOrEqual(24);
  expect(size.padding).toBeGreaterThan(0);

  // Following it moves focus past the header to the page's content...
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  // ...where the form can be filled in and sent without a mouse.
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Email address")).toBeFocused();
  await page.keyboard.type("stls@kent.example");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type("portal-demo-2026");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Tom Harding" })).toBeVisible();
});
