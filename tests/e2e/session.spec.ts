import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

// The warning before a session ends (QUALITY.md): it appears five minutes before the end, takes focus, and
// its one action keeps the session alive. The browser's clock is moved on; the server's deadline is real.

test("warns five minutes before the session ends, and 'Stay signed in' keeps it alive", async ({ page }) => {
  await page.clock.install();
  await signIn(page, "officer@kent.example");
  const dialog = page.getByRole("alertdialog", { name: "You will be signed out soon" });
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole("contentinfo")).toContainText("you will be signed out at");

  await page.clock.fastForward("24:00");
  await expect(dialog).toHaveCount(0);
  await page.clock.fastForward("02:00");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("heading", { name: "You will be signed out soon" })).toBeFocused();
  await expect(dialog).toContainText("Anything you have not saved will be lost");
  await expectNoAxeViolations(page);

  // With JavaScript the form posts through Remix's fetch (`/session/extend.data`).
  const extended = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith("/session/extend") && r.request().method() === "POST");
  await dialog.getByRole("button", { name: "Stay signed in" }).click();
  expect((await extended).status()).toBe(200);
  // Still signed in: a fresh page load shows the officer's home page.
  await page.goto("/home");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Welcome, Helen Marsh");
});

test("sends the browser to sign-in when the session has run out", async ({ page }) => {
  await page.clock.install();
  await signIn(page, "stls@kent.example");
  const toSignIn = page.waitForRequest((r) => r.url().endsWith("/login?ended=1"));
  await page.clock.fastForward("31:00");
  // Only the browser's clock has moved: the server, whose clock is real, still holds the session and
  // sends the browser home again. What is tested here is that the page leaves when its deadline passes.
  await toSignIn;
});
