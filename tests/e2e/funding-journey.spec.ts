import { expect, type Page, test } from "@playwright/test";
import { formatDate } from "../../app/components/format.ts";
import { currentFinancialYear } from "../../app/domain/financial-year.ts";
import {
  addDocument,
  expectDate,
  expectNoAxeViolations,
  fillDate,
  HNF_EVIDENCE,
  HNF_SCHEME,
  NOTIFICATIONS_LINK,
  NOTIFICATIONS_LINK_UNREAD,
  PNG_BYTES,
  signIn,
  signOut,
  summaryValue,
  taskStatus,
} from "./helpers.ts";

// Issue 8's journey in a real browser, as the people would do it: a SENCO drafts a High Needs Funding request in
// the task list, attaches two documents and sends it; the headteacher signs the declaration from the notification;
// the officer for the school's area finds it by its reference, takes it, reviews it and decides it through the
// check page, then opens the letter and downloads its PDF; the SENCO records the award's review and applies
// again, and the new draft starts from the award. Once with JavaScript (axe on every page reached, error states
// included) and once without any (the uploads are plain multipart forms).
//
// Other specs share the demo database: each run asserts only on the requests it makes, for pupils no other spec
// names, over a summer term (1 April to 30 June) that no seeded request covers. An award that has ended, or ends
// within three months, can be renewed, and a review can be recorded whenever it is due, so this works on any date.
// A repeat (--repeat-each) takes the next pupil, then the same term a year earlier: a pupil may have one request
// under a scheme for any stretch of time.

interface Run {
  senco: string;
  head: string;
  officer: { email: string; name: string; area: string };
  school: string;
  /** Current pupils on SEN support at the school, with seeded requests only from September on. */
  pupils: string[];
  decision: { outcome: "Approved" | "Partly approved"; amount: string; explanation: string };
  /** axe needs script in the page: only with JavaScript on. */
  axe: boolean;
}

interface Journey extends Run {
  pupil: string;
  period: { start: string; end: string };
  /** The parents' consent, before the period starts. */
  consentOn: string;
}

function journeyFor(run: Run, repeat: number): Journey {
  const year = currentFinancialYear() - Math.floor(repeat / run.pupils.length);
  return { ...run, pupil: run.pupils[repeat % run.pupils.length]!, period: { start: `${year}-04-01`, end: `${year}-06-30` }, consentOn: `${year}-03-02` };
}

async function checked(page: Page, run: Journey) {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  if (run.axe) await expectNoAxeViolations(page);
}

const saved = (page: Page) => page.getByRole("alert").filter({ hasText: "Saved" });
const success = (page: Page) => page.getByRole("alert").filter({ hasText: "Success" });
const problem = (page: Page) => page.getByRole("alert").filter({ hasText: "There is a problem" });

/** A small PDF made here: a header, one object and the end-of-file marker. */
const PDF_BYTES = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "latin1");
const PLAN_LINES = [
  { provision: "1:1 teaching assistant support in lessons", by: "Level 3 teaching assistant", hours: "15", weeks: "12", cost: "7,200" },
  { provision: "Speech and language programme", by: "Speech and language therapist", hours: "1.5", weeks: "12", cost: "2800" },
];
const evidenceAnswer = (i: number) => `Yes: see section ${i + 1} of the provision map.`;

/** The SENCO starts the request and completes the task list; returns its reference. */
async function sencoDrafts(page: Page, run: Journey): Promise<string> {
  await signIn(page, run.senco);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Funding requests" }).click();
  await checked(page, run);
  await page.getByRole("link", { name: "Start a new funding request" }).click();
  await checked(page, run);
  await page.getByRole("radio", { name: HNF_SCHEME }).check();
  await page.getByRole("button", { name: "Start request" }).click();
  await expect(page).toHaveURL(/\/funding\/HNF-\d{4}-\d{5}\/edit\?started=1$/);
  const reference = /\/funding\/(HNF-\d{4}-\d{5})\//.exec(page.url())![1]!;
  await expect(saved(page)).toContainText(`Your draft request ${reference} has been started`);
  await expect(page.getByText("You have completed 0 of 6 tasks.")).toBeVisible();
  await checked(page, run);

  const section = async (name: string) => {
    await page.getByRole("link", { name, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to the request" })).toHaveAttribute("href", `/funding/${reference}/edit`);
  };
  const saveAndContinue = async (key: string) => {
    await page.getByRole("button", { name: "Save and continue" }).click();
    await expect(page).toHaveURL(new RegExp(`/funding/${reference}/edit\\?saved=1$`));
    await expect(taskStatus(page, key)).toHaveText("Completed");
  };

  await section("Pupil");
  await checked(page, run);
  const pupil = page.getByLabel("Pupil", { exact: true });
  await pupil.selectOption({ label: (await pupil.getByRole("option", { name: run.pupil }).textContent())! });
  await saveAndContinue("pupil");

  await section("Parental consent");
  await checked(page, run);
  await page.getByLabel("Who gave consent").fill("Jo Parent, mother");
  await fillDate(page, "Date consent was given", run.consentOn);
  await page.getByRole("radio", { name: "In a meeting with the school" }).check();
  await saveAndContinue("consent");

  // A draft save with an end date that does not exist keeps the start date and says the end date was not saved.
  await section("Period of funding");
  await checked(page, run);
  await fillDate(page, "Start date", run.period.start);
  await fillDate(page, "End date", run.period.end.replace(/-30$/, "-31"));
  await page.getByRole("button", { name: "Save as draft" }).click();
  await expect(page).toHaveTitle(new RegExp(`^Error: Period of funding - ${reference} - `));
  await expect(problem(page)).toContainText("The end date must be a real date");
  await expect(page.getByText("What you entered without an error has been saved.")).toBeVisible();
  await fillDate(page, "End date", run.period.end);
  await saveAndContinue("period");

  // One costed line, then "Save and add another line" for the second.
  await section("Provision plan");
  await checked(page, run);
  for (const [i, line] of PLAN_LINES.entries()) {
    const group = page.getByRole("group", { name: `Line ${i + 1}` });
    await group.getByLabel("Provision").fill(line.provision);
    await group.getByLabel("Delivered by").fill(line.by);
    await group.getByLabel("Hours a week").fill(line.hours);
    await group.getByLabel("Weeks").fill(line.weeks);
    await group.getByLabel("Cost in pounds").fill(line.cost);
    if (i === 0) {
      await page.getByRole("button", { name: "Save and add another line" }).click();
      await expect(page).toHaveURL(/\/edit\/plan\?saved=1&lines=1#section-lines$/);
      await expect(page.getByRole("group", { name: "Line 2" }).getByLabel("Provision")).toHaveValue("");
    }
  }
  await saveAndContinue("plan");

  // Not money: refused, with what was typed kept (and, with script, the summary's link focuses the field).
  await section("Amount requested");
  await checked(page, run);
  await expect(page.getByText("you can request up to £4,000.00")).toBeVisible();
  const amount = page.getByLabel("Amount requested, in pounds");
  await amount.fill("four thousand");
  await page.getByRole("button", { name: "Save and continue" }).click();
  const moneyError = "Enter the amount requested in pounds, like 12500 or 12,500.50";
  await expect(problem(page).getByRole("link")).toHaveText([moneyError]);
  await expect(amount).toHaveValue("four thousand");
  await checked(page, run);
  if (run.axe) {
    await problem(page).getByRole("link", { name: moneyError }).click();
    await expect(amount).toBeFocused();
  }
  await amount.fill("4,000");
  await saveAndContinue("amount");

  await section("Evidence");
  await checked(page, run);
  for (const [i, label] of HNF_EVIDENCE.entries()) await page.getByLabel(label).fill(evidenceAnswer(i));
  await saveAndContinue("evidence");
  await expect(page.getByText("You have completed 6 of 6 tasks.")).toBeVisible();
  return reference;
}

/** From the evidence section, two documents, each with a title and the evidence it supports; then check and send. */
async function sencoAttachesAndSends(page: Page, run: Journey, reference: string) {
  await page.getByRole("link", { name: "Evidence", exact: true }).click();
  await page.getByRole("link", { name: "Add documents that support this evidence (none added yet)" }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${reference}/documents$`));
  await checked(page, run);
  await addDocument(page, { title: "Educational psychologist report", evidence: HNF_EVIDENCE[2], name: "ep-report.pdf", mimeType: "application/pdf", buffer: PDF_BYTES });
  await expect(page).toHaveURL(new RegExp(`/funding/${reference}/documents\\?done=added$`));
  await expect(success(page)).toContainText("The document has been added.");
  await addDocument(page, { title: "Provision map", evidence: HNF_EVIDENCE[4], name: "provision-map.png", mimeType: "image/png", buffer: PNG_BYTES });
  await expect(page).toHaveURL(new RegExp(`/funding/${reference}/documents\\?done=added$`));
  const table = page.getByRole("table", { name: "Documents for this request" });
  await expect(table.getByRole("row")).toHaveCount(3);
  await expect(table).toContainText("ep-report.pdf, PDF");
  await expect(table).toContainText("provision-map.png, PNG image");
  await checked(page, run);

  await page.getByRole("link", { name: `Back to ${reference}` }).click();
  await page.getByRole("link", { name: "Continue the request" }).click();
  await page.getByRole("link", { name: "Check your answers and send the request to your headteacher" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your answers before sending your request" })).toBeVisible();
  await expect(summaryValue(page, "Pupil")).toHaveText(run.pupil);
  await expect(summaryValue(page, "Period")).toContainText(`${formatDate(run.period.start)} to ${formatDate(run.period.end)}`);
  await expect(summaryValue(page, "Total cost of the plan")).toHaveText("£10,000.00");
  await expect(summaryValue(page, "Amount requested")).toHaveText("£4,000.00");
  const documents = page.getByRole("table", { name: "Documents" });
  await expect(documents).toContainText("Educational psychologist report");
  await expect(documents).toContainText("Provision map");
  await checked(page, run);
  await page.getByRole("button", { name: "Send to headteacher" }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${reference}\\?done=sent$`));
  await expect(page.getByText("Status: Awaiting headteacher", { exact: true })).toBeVisible();
  await checked(page, run);
  await signOut(page);
}

/** The headteacher opens the request from the notification and signs the declaration on its own page. */
async function headSignsOff(page: Page, run: Journey, reference: string) {
  await signIn(page, run.head);
  const notifications = page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: NOTIFICATIONS_LINK });
  await expect(notifications).toHaveAccessibleName(NOTIFICATIONS_LINK_UNREAD);
  await notifications.click();
  await checked(page, run);
  await page.getByRole("button", { name: `Funding request ${reference} is waiting for your sign-off.`, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${reference}$`));
  await checked(page, run);
  await page.getByRole("link", { name: "Review and sign off the request" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Sign off ${reference}` })).toBeVisible();
  await expect(summaryValue(page, "Who gave consent")).toHaveText("Jo Parent, mother");
  await checked(page, run);
  await page.getByRole("checkbox", { name: "I confirm the school has used its own resources first and the parents have given consent." }).check();
  await page.getByLabel("Comment for the council (optional)").fill("Signed off: the plan matches our provision map.");
  await page.getByRole("button", { name: "Sign off and send to the council" }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${reference}\\?done=sign_off$`));
  await expect(page.getByText("Status: Submitted", { exact: true })).toBeVisible();
  await checked(page, run);
  await signOut(page);
}

/** The area's officer finds the request by its reference, takes it, starts the review and decides it through the check page. */
async function officerDecides(page: Page, run: Journey, reference: string) {
  await signIn(page, run.officer.email);
  const search = page.getByRole("banner").getByRole("search", { name: "Funding requests" });
  await search.getByLabel("Search funding requests by reference, school or URN").fill(reference);
  await search.getByRole("button", { name: "Search" }).click();
  // An exact reference goes straight to the request.
  await expect(page).toHaveURL(new RegExp(`/funding/${reference}$`));
  await expect(page.getByRole("heading", { level: 1, name: reference })).toBeVisible();
  await expect(page.getByText("“Signed off: the plan matches our provision map.”")).toBeVisible();
  await expect(page.getByRole("table", { name: "Documents" })).toContainText("Provision map");
  await checked(page, run);

  await page.getByRole("link", { name: "Casework: assignment and private case notes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Casework for ${reference}` })).toBeVisible();
  await expect(page.getByRole("main")).toContainText(`${run.school} · URN`);
  await expect(summaryValue(page, "Area")).toContainText(run.officer.area);
  await expect(summaryValue(page, "Assigned to")).toHaveText("Nobody yet");
  await checked(page, run);
  await page.getByLabel(`Officer of the ${run.officer.area} area`).selectOption({ label: `${run.officer.name} (you)` });
  await page.getByRole("button", { name: "Assign" }).click();
  await expect(success(page)).toContainText(`${reference} is now assigned to ${run.officer.name}.`);
  await expect(summaryValue(page, "Assigned to")).toHaveText(`${run.officer.name} (you)`);
  await checked(page, run);
  await page.getByRole("link", { name: `Back to ${reference}` }).click();
  await page.getByRole("button", { name: "Start review" }).click();
  await expect(success(page)).toContainText(`${reference} is now in review.`);
  await expect(page.getByText("Status: In review", { exact: true })).toBeVisible();

  await page.getByRole("link", { name: "Record a decision" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Record a decision" })).toBeVisible();
  await expectDate(page, "Start date", run.period.start);
  await checked(page, run);
  await page.getByRole("radio", { name: new RegExp(`^${run.decision.outcome}`) }).check();
  if (run.decision.outcome === "Partly approved") {
    // A partial award needs an amount and a reason: refused without them, the choice kept.
    await page.getByRole("button", { name: "Continue to check the decision" }).click();
    await expect(page).toHaveTitle(new RegExp(`^Error: Decide ${reference} - `));
    await expect(page.getByRole("radio", { name: /^Partly approved/ })).toBeChecked();
    await checked(page, run);
    await page.getByLabel("Amount awarded, in pounds").fill(run.decision.amount);
    await page.getByLabel("Reason", { exact: true }).selectOption({ label: "Costs are higher than the provision needs" });
  }
  await page.getByLabel("Explanation for the school (optional)").fill(run.decision.explanation);
  await page.getByRole("button", { name: "Continue to check the decision" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Check your decision before recording it" })).toBeVisible();
  await expect(summaryValue(page, "Decision")).toHaveText(run.decision.outcome);
  await expect(summaryValue(page, "Amount awarded")).toHaveText(`£${run.decision.amount}.00`);
  await checked(page, run);
  await page.getByRole("button", { name: "Confirm and record the decision" }).click();
  await expect(page).toHaveURL(new RegExp(`/funding/${reference}/decided$`));
  await expect(page.getByRole("heading", { level: 1, name: "Decision recorded" })).toBeVisible();
  await checked(page, run);
}

/** The letter names the outcome, the amount and the period; its PDF is an attachment. */
async function officerOpensLetter(page: Page, run: Journey, reference: string) {
  await page.getByRole("link", { name: "Read the decision letter" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Decision on funding request ${reference}` })).toBeVisible();
  await expect(summaryValue(page, "Outcome")).toHaveText(run.decision.outcome);
  await expect(summaryValue(page, "Amount awarded")).toHaveText(`£${run.decision.amount}.00`);
  await expect(summaryValue(page, "Award period")).toHaveText(`${formatDate(run.period.start)} to ${formatDate(run.period.end)}`);
  await expect(summaryValue(page, "Monthly payments")).toHaveText(/^3 monthly payments/);
  await expect(page.getByText(run.decision.explanation)).toBeVisible();
  await checked(page, run);

  // The download, as the browser saves it, is the PDF; and the response says it is an attachment.
  const link = page.getByRole("link", { name: "Download this letter as a PDF" });
  const download = page.waitForEvent("download");
  await link.click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(new RegExp(`^decision-letter-${reference}-\\d+\\.pdf$`));
  expect((await streamed(await file.createReadStream())).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const response = await page.request.get((await link.getAttribute("href"))!);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/pdf");
  expect(response.headers()["content-disposition"]).toMatch(new RegExp(`^attachment; filename="decision-letter-${reference}-\\d+\\.pdf"$`));
  await signOut(page);
}

async function streamed(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

/** The SENCO records the award's review from the reviews list, then applies again from the award. */
async function sencoReviewsAndRenews(page: Page, run: Journey, reference: string) {
  await signIn(page, run.senco);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Funding reviews" }).click();
  await page.getByRole("link", { name: "All not yet recorded" }).click();
  await checked(page, run);
  await page.getByRole("link", { name: `${reference}, review 1 of 1` }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Review 1 of 1" })).toBeVisible();
  await expect(summaryValue(page, "Pupil")).toHaveText(run.pupil);
  await expect(summaryValue(page, "Due by")).toContainText(formatDate(run.period.end));
  await checked(page, run);
  await page.getByLabel("Progress against the plan's outcomes").fill("Targets 1 and 2 met; reading age up six months.");
  await page.getByRole("radio", { name: "Yes" }).check();
  await page.getByRole("button", { name: "Record the review" }).click();
  await expect(page).toHaveURL(/\/funding\/reviews\/\d+\?done=recorded$/);
  await expect(page.getByText(`Review 1 of ${reference} has been recorded.`)).toBeVisible();
  await expect(summaryValue(page, "Provision continues")).toHaveText("Yes");
  await checked(page, run);

  await page.getByRole("link", { name: reference, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: reference })).toBeVisible();
  await expect(summaryValue(page, "Decision")).toHaveText(run.decision.outcome);
  await checked(page, run);
  await page.getByRole("link", { name: `Apply again for ${reference}` }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Apply again for ${reference}` })).toBeVisible();
  await checked(page, run);
  await page.getByRole("button", { name: "Start the new request" }).click();
  await expect(page).toHaveURL(/\/funding\/HNF-\d{4}-\d{5}\/edit\?started=1$/);
  const renewal = /\/funding\/(HNF-\d{4}-\d{5})\//.exec(page.url())![1]!;
  expect(renewal).not.toBe(reference);
  // Pre-filled from the award: the pupil, the plan and the evidence; the consent, the period and the amount asked again.
  for (const key of ["pupil", "plan", "evidence"]) await expect(taskStatus(page, key)).toHaveText("Completed");
  for (const key of ["consent", "period", "amount"]) await expect(taskStatus(page, key)).toHaveText("Not started");
  await page.getByRole("link", { name: "check your answers so far" }).click();
  await expect(summaryValue(page, "Pupil")).toHaveText(run.pupil);
  await expect(summaryValue(page, "Total cost of the plan")).toHaveText("£10,000.00");
  await expect(page.getByRole("table", { name: "Provision plan" }).getByRole("row").nth(2)).toContainText(PLAN_LINES[1]!.by);
  await expect(page.getByRole("main")).toContainText(evidenceAnswer(HNF_EVIDENCE.length - 1));
  await page.goto(`/funding/${renewal}`);
  await expect(summaryValue(page, "Renews")).toHaveText(reference);
}

async function wholeJourney(page: Page, run: Journey) {
  const reference = await test.step("the SENCO drafts the request", () => sencoDrafts(page, run));
  await test.step("the SENCO attaches two documents and sends it", () => sencoAttachesAndSends(page, run, reference));
  await test.step("the headteacher signs it off", () => headSignsOff(page, run, reference));
  await test.step("the officer takes it and decides it", () => officerDecides(page, run, reference));
  await test.step("the officer opens the letter and its PDF", () => officerOpensLetter(page, run, reference));
  await test.step("the SENCO records the review and applies again", () => sencoReviewsAndRenews(page, run, reference));
}

test.describe("with JavaScript", () => {
  test("Oakfield's request with two documents is signed off, taken, reviewed and partly approved, its review recorded and renewed: axe on every page", async ({ page }, testInfo) => {
    test.setTimeout(180_000);
    const run: Run = {
      senco: "senco@oakfield.example",
      head: "head@oakfield.example",
      officer: { email: "officer@kent.example", name: "Helen Marsh", area: "West" },
      school: "Oakfield Primary School",
      pupils: ["Isla Foster", "Oliver Grant", "Leo Kemp"],
      decision: { outcome: "Partly approved", amount: "3,500", explanation: "The speech and language programme is funded by the NHS trust." },
      axe: true,
    };
    await wholeJourney(page, journeyFor(run, testInfo.repeatEachIndex));
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("Riverside's does the same with plain HTML forms, uploads and redirects, approved in full", async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    const run: Run = {
      senco: "senco@riverside.example",
      head: "head@riverside.example",
      officer: { email: "officer.east@kent.example", name: "Kwame Mensah", area: "East" },
      school: "Riverside Academy",
      pupils: ["Kai Edwards", "Zain Hussain"],
      decision: { outcome: "Approved", amount: "4,000", explanation: "Meets every criterion; the LIFT notes show the need." },
      axe: false,
    };
    await wholeJourney(page, journeyFor(run, testInfo.repeatEachIndex));
  });
});
