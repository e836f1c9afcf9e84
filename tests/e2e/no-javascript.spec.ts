import { expect, test } from "@playwright/test";
import { submitSignIn } from "./helpers.ts";

// Every core journey works before (or without) any script: plain HTML forms and redirects.
test.use({ javaScriptEnabled: false });

test("without JavaScript: sign in, see the home page, sign out", async ({ page }) => {
  await submitSignIn(page, "senco@oakfield.example");

  await expect(page).toHaveURL(/\/home$/);
  await expect(page.getByRole("heading", { level: 1, name: "Welcome, Priya Shah" })).toBeVisible();
  await expect(page.getByText("Oakfield Primary School").first()).toBeVisible();
  // With no script to warn before the session ends, the footer says when it will.
  await expect(page.getByRole("contentinfo")).toContainText("you will be signed out at");

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signedout=1$/);
  await expect(page.getByText("You have signed out.")).toBeVisible();
  await page.goto("/home");
  await expect(page).toHaveURL(/\/login/);
});

test("without JavaScript: a wrong password is refused with a message, and the email is kept", async ({ page }) => {
  await submitSignIn(page, "senco@oakfield.example", "not-the-password");

  await expect(page).toHaveURL(/\/login$/);
  await expect(page).toHaveTitle(/^Error: Sign in - /);
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText("Enter a correct email address and password");
  await expect(page.getByLabel("Email address")).toHaveValue("senco@oakfield.example");
  await expect(page.getByLabel("Password")).toHaveValue("");
  // (axe needs script in the page, so it checks this error page in public-pages.spec.ts with JavaScript on.)
});
