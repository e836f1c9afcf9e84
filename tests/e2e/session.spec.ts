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
  // Only the browser's clock moves: the server, whose clock is real, still holds the session and would send the
  // browser home again, where the page's deadline has passed again: a loop of navigations that can outlast the
  // test's teardown. The sign-in page is answered here instead, so the browser stops there. What is tested is that
  // the page leaves for sign-in when its deadline passes.
  await page.route("**/login?ended=1", (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<title>Signed out</title>" }));
  const toSignIn = page.waitForRequest((r) => r.url().endsWith("/login?ended=1"));
  await page.clock.fastForward("31:00");
  await toSignIn;
  await expect(page).toHaveURL(/\/login\?ended=1$/);
});
