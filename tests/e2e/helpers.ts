import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

/** The password of every demo account (db/seed/demo.ts). */
export const DEMO_PASSWORD = "portal-demo-2026";

/**
 * The Notifications link's name carries the unread count when there is one ("Notifications, 3 unread", with no
 * space before the comma), and how many a demo account has depends on what other tests have done: match the
 * shape, not the number.
 */
export const NOTIFICATIONS_LINK = /^Notifications(, (\d+|99\+) unread)?$/;
export const NOTIFICATIONS_LINK_UNREAD = /^Notifications, (\d+|99\+) unread$/;

/** The demo accounts, their names and the navigation their role gets (NAVIGATION in app/domain/access/roles.ts). */
export const DEMO_ACCOUNTS = [
  { email: "senco@oakfield.example", name: "Priya Shah", nav: ["Home", "Pupil register", "Funding requests", "Funding reviews", "Training", "LIFT and STLS", "Resource provision", "Champion visits", "Guidance", NOTIFICATIONS_LINK, "Your account"] },
  {
    email: "head@oakfield.example",
    name: "Martin Cole",
    nav: ["Home", "Funding requests", "Funding tracker", "Pupil register", "Staff invitations", "Training", "LIFT and STLS", "Resource provision", "Champion visits", "Guidance", NOTIFICATIONS_LINK, "Your account"],
  },
  { email: "champion@kent.example", name: "Grace Adeyemi", nav: ["Home", "Your schools", "Visits", "Visit figures", "Guidance", "Training", NOTIFICATIONS_LINK, "Your account"] },
  { email: "stls@kent.example", name: "Tom Harding", nav: ["Home", "District schools", "LIFT meetings", "Your caseload", "District figures", "Guidance", "Training", NOTIFICATIONS_LINK, "Your account"] },
  {
    email: "officer@kent.example",
    name: "Helen Marsh",
    nav: ["Home", "Funding queue", "Funding reviews", "Schools", "Funding settings", "Training", "LIFT meetings", "Resource provision", "Insight", "Subject access", "Guidance", NOTIFICATIONS_LINK, "Your account"],
  },
  {
    email: "admin@kent.example",
    name: "Sam Okafor",
    nav: ["Home", "Users", "Invitations", "Schools", "Import schools", "Audit log", "Email outbox", "Feedback", "Data retention", NOTIFICATIONS_LINK, "Your account"],
  },
  { email: "senco@riverside.example", name: "Dan Whitlock", nav: ["Home", "Pupil register", "Funding requests", "Funding reviews", "Training", "LIFT and STLS", "Resource provision", "Champion visits", "Guidance", NOTIFICATIONS_LINK, "Your account"] },
  {
    email: "head@riverside.example",
    name: "Alison Burke",
    nav: ["Home", "Funding requests", "Funding tracker", "Pupil register", "Staff invitations", "Training", "LIFT and STLS", "Resource provision", "Champion visits", "Guidance", NOTIFICATIONS_LINK, "Your account"],
  },
] as const satisfies readonly { email: string; name: string; nav: readonly (string | RegExp)[] }[];

/** The High Needs Funding evidence checklist as the demo seed has it (the Kent criteria, DOMAIN.md), in order. */
export const HNF_EVIDENCE = [
  "The pupil has an EHC plan, or is on SEN support with severe and complex needs",
  "The pupil is on roll full time",
  "Needs have been identified with external professionals",
  "The school's own resources have been used first",
  "Provision is at the personalised level of the Mainstream Core Standards",
  "LIFT advice has been sought (if the pupil has no EHC plan)",
  "LIFT's recommendations have been put in place",
  "Relevant staff have been trained in the last two years",
] as const;

/** WCAG 2.2 AA, as the Public Sector Bodies Accessibility Regulations require (QUALITY.md). */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/** Runs axe on the page as it is now and fails with a readable list of what it found. */
export async function expectNoAxeViolations(page: Page) {
  // Only violations are read: details of every passing check would only slow each run down.
  const results = await new AxeBuilder({ page }).options({ resultTypes: ["violations"] }).withTags(AXE_TAGS).analyze();
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

/** The value of a GOV.UK summary list row (a <dt> and its first <dd>), found by the row's key. */
export function summaryValue(page: Page, key: string) {
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return page
    .locator("dl > div")
    .filter({ has: page.getByRole("term").filter({ hasText: new RegExp(`^${escaped}$`) }) })
    .getByRole("definition")
    .first();
}

/** A GOV.UK date input on the page, found by its legend ("Start date"). */
export function dateInput(page: Page, legend: string) {
  return page.getByRole("group", { name: legend, exact: true });
}

/** Types an ISO date into a GOV.UK date input's Day, Month and Year boxes, as a person would. */
export async function fillDate(page: Page, legend: string, iso: string) {
  const [year, month, day] = iso.split("-");
  const group = dateInput(page, legend);
  await group.getByLabel("Day").fill(String(Number(day)));
  await group.getByLabel("Month").fill(String(Number(month)));
  await group.getByLabel("Year").fill(year!);
}

/** Checks that a GOV.UK date input shows an ISO date in its three boxes ("1", "9", "2026"). */
export async function expectDate(page: Page, legend: string, iso: string) {
  const [year, month, day] = iso.split("-");
  const group = dateInput(page, legend);
  await expect(group.getByLabel("Day")).toHaveValue(String(Number(day)));
  await expect(group.getByLabel("Month")).toHaveValue(String(Number(month)));
  await expect(group.getByLabel("Year")).toHaveValue(year!);
}

/** High Needs Funding, as the start page names it. */
export const HNF_SCHEME = "High Needs Funding (mainstream, no EHC plan)";

/** Starts a High Needs Funding draft as the signed-in SENCO; returns its reference. */
export async function startDraft(page: Page): Promise<string> {
  await page.goto("/funding/new");
  await page.getByRole("radio", { name: HNF_SCHEME }).check();
  await page.getByRole("button", { name: "Start request" }).click();
  await expect(page).toHaveURL(/\/funding\/HNF-\d{4}-\d{5}\/edit\?started=1$/);
  return /\/funding\/(HNF-\d{4}-\d{5})\//.exec(page.url())![1]!;
}

/** A task's status on a draft's task list, by the section's key ("pupil", "consent", "period"...). */
export function taskStatus(page: Page, key: string) {
  return page.locator(`#draft-${key}-status`);
}

/** A PNG's signature and the start of its header: enough for the portal's magic-byte check. */
export const PNG_BYTES = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");

/** From a request's documents page, adds one document through the "Add a document" form (ADR 29). */
export async function addDocument(page: Page, document: { title: string; evidence: string; name: string; buffer: Buffer; mimeType: string }) {
  await page.getByRole("link", { name: "Add a document" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Add a document" })).toBeVisible();
  await page.getByLabel("Title").fill(document.title);
  await page.getByLabel("Which evidence does it support?").selectOption({ label: document.evidence });
  await page.getByLabel("File", { exact: true }).setInputFiles({ name: document.name, mimeType: document.mimeType, buffer: document.buffer });
  await page.getByRole("button", { name: "Add document" }).click();
}
