import { expect, type Page, test } from "@playwright/test";
import { currentFinancialYear } from "../../app/domain/financial-year.ts";
import { expectNoAxeViolations, fillDate, signIn, signOut, summaryValue, taskStatus } from "./helpers.ts";

// Issue 8, the school side, in a real browser: a SENCO renews an award ("Apply again"), the new draft starts from
// the last request's plan and evidence, the SENCO records the parents' consent in the task list and sends it, and
// the headteacher signs the declaration under the request's summary. Once with JavaScript (axe on every page,
// error states included) and once without. Each run renews its own school's award (Oakfield's, then Riverside's),
// for the next financial year, so the runs share the demo database in any order.

const FY = currentFinancialYear();
const NEXT = { start: `${FY + 1}-04-01`, end: `${FY + 1}-07-31` };
const DECLARATION = "I confirm the school has used its own resources first and the parents have given consent.";

interface Run {
  senco: string;
  head: string;
  pupil: string;
  axe: boolean;
}

async function checked(page: Page, run: Run) {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  if (run.axe) await expectNoAxeViolations(page);
}

async function renewAndSend(page: Page, run: Run): Promise<{ award: string; renewal: string }> {
  await signIn(page, run.senco);
  // The pupil's awards: the one of last year has ended and can be renewed (another spec may have approved this
  // year's meanwhile, which cannot be renewed yet, so each is opened until one offers "Apply again").
  await page.goto("/funding?status=approved");
  const links = page.getByRole("row").filter({ hasText: run.pupil }).getByRole("link", { name: /^HNF-/ });
  const references = (await links.allTextContents()).map((r) => r.trim());
  let award: string | undefined;
  for (const reference of references) {
    await page.goto(`/funding/${reference}`);
    if ((await page.getByRole("heading", { level: 2, name: "Apply again" }).count()) > 0) {
      award = reference;
      break;
    }
  }
  expect(award, `a renewable award for ${run.pupil} among ${references.join(", ")}`).toBeDefined();
  if (!award) return { award: "", renewal: "" };
  await expect(page.getByRole("heading", { level: 1, name: award })).toBeVisible();
  await checked(page, run);

  await page.getByRole("link", { name: `Apply again for ${award}` }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${award}/renew$`));
  await expect(page.getByRole("heading", { level: 1, name: `Apply again for ${award}` })).toBeVisible();
  await expect(page.getByText("the provision plan")).toBeVisible();
  await expect(page.getByText(/still attached, kept as they are/)).toBeVisible();
  await checked(page, run);
  await page.getByRole("button", { name: "Start the new request" }).click();
  await expect(page).toHaveURL(/\/funding\/HNF-\d{4}-\d{5}\/edit\?started=1$/);
  const renewal = /\/funding\/(HNF-\d{4}-\d{5})\//.exec(page.url())![1]!;
  expect(renewal).not.toBe(award);
  // Pre-filled from the award: the pupil, the plan and the evidence; the period and the consent are asked again.
  for (const key of ["pupil", "plan", "evidence"]) await expect(taskStatus(page, key)).toHaveText("Completed");
  for (const key of ["consent", "period", "amount"]) await expect(taskStatus(page, key)).toHaveText("Not started");
  await checked(page, run);

  // The parents' consent: a date in the future is refused, what else was typed is kept and saved.
  await page.getByRole("link", { name: "Parental consent", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Parental consent" })).toBeVisible();
  await page.getByLabel("Who gave consent").fill("Pat Example, father");
  await fillDate(page, "Date consent was given", `${FY + 2}-01-15`);
  await page.getByRole("radio", { name: "By email" }).check();
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveTitle(new RegExp(`^Error: Parental consent - ${renewal} - `));
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("The date consent was given must be today or in the past");
  await expect(page.getByLabel("Who gave consent")).toHaveValue("Pat Example, father");
  await checked(page, run);
  await fillDate(page, "Date consent was given", `${FY}-05-20`);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${renewal}/edit\\?saved=1$`));
  await expect(taskStatus(page, "consent")).toHaveText("Completed");

  await page.getByRole("link", { name: "Period of funding", exact: true }).click();
  await fillDate(page, "Start date", NEXT.start);
  await fillDate(page, "End date", NEXT.end);
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${renewal}/edit\\?saved=1$`));

  await page.getByRole("link", { name: "Amount requested", exact: true }).click();
  await page.getByLabel("Amount requested, in pounds").fill("4000");
  await page.getByRole("button", { name: "Save and continue" }).click();
  await expect(page.getByText("You have completed 6 of 6 tasks.")).toBeVisible();
  await checked(page, run);

  await page.getByRole("link", { name: "Check your answers and send the request to your headteacher" }).click();
  await expect(summaryValue(page, "Who gave consent")).toHaveText("Pat Example, father");
  await expect(summaryValue(page, "How consent was given")).toHaveText("By email");
  // The award's documents came with it, by reference (ADR 33).
  await expect(page.getByText(`Carried over from ${award}`).first()).toBeVisible();
  await checked(page, run);
  await page.getByRole("button", { name: "Send to headteacher" }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${renewal}\\?done=sent$`));
  // The new request names the one it renews, and that one names it.
  await expect(summaryValue(page, "Renews")).toHaveText(award);
  // (Its documents, carried over, link to it too: follow the summary's.)
  await summaryValue(page, "Renews").getByRole("link", { name: award, exact: true }).click();
  await expect(summaryValue(page, "Renewed by")).toHaveText(renewal);
  await expect(page.getByRole("link", { name: `Apply again for ${award}` })).toHaveCount(0);
  await checked(page, run);
  await signOut(page);
  return { award, renewal };
}

async function headSignsDeclaration(page: Page, run: Run, renewal: string) {
  await signIn(page, run.head);
  await page.goto(`/funding/${renewal}`);
  await expect(page.getByRole("button", { name: "Sign off and send to the council" })).toHaveCount(0);
  await page.getByRole("link", { name: "Review and sign off the request" }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${renewal}/sign-off$`));
  await expect(page.getByRole("link", { name: "Back to the request" })).toHaveAttribute("href", `/funding/${renewal}`);
  await expect(summaryValue(page, "Pupil")).toHaveText(run.pupil);
  await expect(summaryValue(page, "Who gave consent")).toHaveText("Pat Example, father");
  await checked(page, run);

  // Not ticked: refused, with the GOV.UK error pattern, the comment kept.
  await page.getByLabel("Comment for the council (optional)").fill("The renewal matches this year's provision map.");
  await page.getByRole("button", { name: "Sign off and send to the council" }).click();
  await expect(page).toHaveTitle(new RegExp(`^Error: Sign off ${renewal} - `));
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText("Confirm the declaration to sign off the request");
  await expect(page.getByLabel("Comment for the council (optional)")).toHaveValue("The renewal matches this year's provision map.");
  await checked(page, run);

  await page.getByRole("checkbox", { name: DECLARATION }).check();
  await page.getByRole("button", { name: "Sign off and send to the council" }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${renewal}\\?done=sign_off$`));
  await expect(page.getByText("Status: Submitted", { exact: true })).toBeVisible();
  await expect(summaryValue(page, "Headteacher's declaration")).toHaveText(DECLARATION);
  await checked(page, run);
  await signOut(page);
}

test.describe("with JavaScript", () => {
  test("Oakfield renews an award, records consent in the task list and sends; the headteacher signs the declaration: axe on every page", async ({ page }) => {
    test.setTimeout(120_000);
    const run = { senco: "senco@oakfield.example", head: "head@oakfield.example", pupil: "Amelia Hart", axe: true };
    const { renewal } = await renewAndSend(page, run);
    await headSignsDeclaration(page, run, renewal);
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("Riverside does the same with plain HTML forms and redirects", async ({ page }) => {
    test.setTimeout(120_000);
    const run = { senco: "senco@riverside.example", head: "head@riverside.example", pupil: "Ethan Clarke", axe: false };
    const { renewal } = await renewAndSend(page, run);
    await headSignsDeclaration(page, run, renewal);
  });
});
