import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

// The feedback form (ADR 26), from the phase banner's link, with JavaScript on (axe on each state) and off, and
// the admin's list of what was sent.

const summary = (page: Page) => page.getByRole("alert").filter({ hasText: "There is a problem" });

test("signed out, with JavaScript: from the banner to the form, refused, put right, sent, and back to the page", async ({ page }) => {
  await page.goto("/accessibility");
  await page.getByRole("link", { name: "Give your feedback" }).click();
  await expect(page).toHaveURL(/\/feedback\?from=%2Faccessibility$/);
  await expect(page).toHaveTitle("Give feedback - Kent SEND Inclusion Portal");
  await expect(page.getByText("Do not include a child's name or any other personal details")).toBeVisible();
  await expectNoAxeViolations(page);

  await page.getByLabel("Email address (optional)").fill("not-an-email");
  await page.getByRole("button", { name: "Send feedback" }).click();
  await expect(summary(page).getByRole("link", { name: "Enter what went well or what went wrong" })).toBeVisible();
  await expect(summary(page).getByRole("link", { name: "Enter an email address in the correct format, like name@example.com" })).toBeVisible();
  await expect(page).toHaveTitle("Error: Give feedback - Kent SEND Inclusion Portal");
  await expect(page.getByLabel("Email address (optional)")).toHaveValue("not-an-email");
  await expectNoAxeViolations(page);

  await page.getByLabel("What were you trying to do? (optional)").fill("Read the accessibility statement");
  await page.getByLabel("What went well, or what went wrong?").fill("It was clear, but I could not find a phone number.");
  await page.getByLabel("Email address (optional)").fill("");
  await page.getByRole("button", { name: "Send feedback" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Feedback sent" })).toBeVisible();
  await expect(page).toHaveTitle("Feedback sent - Kent SEND Inclusion Portal");
  await expectNoAxeViolations(page);
  await page.getByRole("link", { name: "Go back to the page you were on" }).click();
  await expect(page).toHaveURL(/\/accessibility$/);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("signed in: the form from the banner, refused with what was typed kept, then sent", async ({ page }) => {
    await signIn(page, "senco@riverside.example");
    await page.goto("/funding");
    await page.getByRole("link", { name: "Give your feedback" }).click();
    await expect(page).toHaveURL(/\/feedback\?from=%2Ffunding$/);
    await expect(page.getByText("You are signed in as Dan Whitlock")).toBeVisible();

    await page.getByLabel("What were you trying to do? (optional)").fill("Start a funding request");
    await page.getByLabel("What went well, or what went wrong?").fill("x".repeat(1201));
    await page.getByRole("button", { name: "Send feedback" }).click();
    await expect(page).toHaveTitle("Error: Give feedback - Kent SEND Inclusion Portal");
    await expect(summary(page)).toContainText("What went well or what went wrong must be 1,200 characters or fewer");
    await expect(page.getByLabel("What were you trying to do? (optional)")).toHaveValue("Start a funding request");
    await expect(page.getByLabel("What went well, or what went wrong?")).toHaveValue("x".repeat(1201));

    await page.getByLabel("What went well, or what went wrong?").fill("The evidence checklist was easy to follow.");
    await page.getByRole("button", { name: "Send feedback" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Feedback sent" })).toBeVisible();
    await page.getByRole("link", { name: "Go back to the page you were on" }).click();
    await expect(page).toHaveURL(/\/funding$/);
  });
});

test("the admin reads feedback from the navigation, newest first, with who sent it and from where", async ({ page }) => {
  await signIn(page, "admin@kent.example");
  await page.goto("/admin/users");
  await page.getByRole("link", { name: "Give your feedback" }).click();
  const message = `The users list is long: a search would help (${Date.now()}).`;
  await page.getByLabel("What went well, or what went wrong?").fill(message);
  await page.getByRole("button", { name: "Send feedback" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Feedback sent" })).toBeVisible();

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Feedback", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Feedback" })).toBeVisible();
  const newest = page.getByRole("table").getByRole("row").nth(1);
  await expect(newest).toContainText(message);
  await expect(newest).toContainText("Sam Okafor (Administrator)");
  await expect(newest).toContainText("/admin/users");
  await expectNoAxeViolations(page);
});
