import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The password of every demo account (db/seed/demo.ts). */
export const DEMO_PASSWORD = "portal-demo-2026";

/** The demo accounts, their names and the navigation their role gets (app/domain/access/roles.ts). */
export const DEMO_ACCOUNTS = [
  { email: "senco@oakfield.example", name: "Priya Shah", nav: ["Home", "Your account"] },
  { email: "head@oakfield.example", name: "Martin Cole", nav: ["Home", "Your account"] },
  { email: "champion@kent.example", name: "Grace Adeyemi", nav: ["Home", "Your schools", "Your account"] },
  { email: "stls@kent.example", name: "Tom Harding", nav: ["Home", "District schools", "Your account"] },
  { email: "officer@kent.example", name: "Helen Marsh", nav: ["Home", "Schools", "Your account"] },
  { email: "admin@kent.example", name: "Sam Okafor", nav: ["Home", "Users", "Schools", "Audit log", "Your account"] },
  { email: "senco@riverside.example", name: "Dan Whitlock", nav: ["Home", "Your account"] },
  { email: "head@riverside.example", name: "Alison Burke", nav: ["Home", "Your account"] },
] as const;

/** WCAG 2.2 AA, as the Public Sector Bodies Accessibility Regulations require (QUALITY.md). */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Runs axe on the page as it is now and fails with a readable list of what it found. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const found = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`),
  }));
  expect(found, `axe violations on ${page.url()}`).toEqual([]);
}

/** Fills in and sends the sign-in form, as a person would, whatever the answer. */
export async function submitSignIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email address", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Signs in through the form and waits for the home page. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await submitSignIn(page, email, password);
  await expect(page).toHaveURL(/\/home$/);
}

/** Signs out with the header's button and checks the sign-in page says so. */
export async function signOut(page: Page) {
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login\?signedout=1$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sign in" })).toBeVisible();
  await expect(page.getByText("You have signed out.")).toBeVisible();
}
