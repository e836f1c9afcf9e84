import { expect, test } from "@playwright/test";
import { expectNoAxeViolations, signIn } from "./helpers.ts";

// Council insight's STLS, training, SRP and champions dashboards and the monitoring pack (issue 13), with axe on each page: an officer reads the year's
// referrals to LIFT by district, discipline and outcome, and the wait for a first visit, then narrows them to one
// district; reads the year's training places, the term's SRP places and the champions' visits.

test("an officer reads the year's referrals to LIFT and narrows them to Maidstone", async ({ page }) => {
  await signIn(page, "officer@kent.example");
  await page.goto("/council/insight/register");
  await page.getByRole("navigation", { name: "Insight dashboards" }).getByRole("link", { name: "STLS and LIFT" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "STLS referrals through LIFT" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Referrals to LIFT by discipline, Kent/ })).toBeVisible();
  const outcomes = page.getByRole("table", { name: /^Referrals by discipline and outcome: Kent/ });
  await expect(outcomes.getByRole("columnheader", { name: "Specialist involvement" })).toBeVisible();
  await expect(outcomes.getByRole("row", { name: /^Kent / })).toBeVisible();
  await expect(page.getByRole("table", { name: /^Days from a referral being sent/ }).getByRole("row", { name: /^Every discipline / })).toBeVisible();
  await expectNoAxeViolations(page);
  await page.getByRole("combobox", { name: "Districts" }).selectOption({ label: "Maidstone" });
  await page.getByRole("button", { name: "Show figures" }).click();
  const maidstone = page.getByRole("table", { name: /^Referrals by district and discipline: \d{4}-\d{2}, Maidstone$/ });
  await expect(maidstone.getByRole("row", { name: /^Maidstone / })).toBeVisible();
  await expect(maidstone.getByRole("row", { name: /^Thanet / })).toHaveCount(0);
  await expectNoAxeViolations(page);
});

test("an officer reads the year's training places by programme and by district", async ({ page }) => {
  await signIn(page, "officer@kent.example");
  await page.goto("/council/insight/stls");
  await page.getByRole("navigation", { name: "Insight dashboards" }).getByRole("link", { name: "Training" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Training" })).toBeVisible();
  await expect(page.getByRole("img", { name: /Training places offered, booked and attended, by programme/ })).toBeVisible();
  const districts = page.getByRole("table", { name: /^Training by district held in, \d{4}-\d{2}$/ });
  await expect(districts.getByRole("row", { name: /^Online / })).toBeVisible();
  await expect(districts.getByRole("row", { name: /^Kent / })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("an officer reads the term's SRP places commissioned against filled", async ({ page }) => {
  await signIn(page, "officer@kent.example");
  await page.goto("/council/insight/training");
  await page.getByRole("navigation", { name: "Insight dashboards" }).getByRole("link", { name: "SRP places" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "SRP places" })).toBeVisible();
  await expect(page.getByRole("table", { name: /^SRP places by district, / }).getByRole("row", { name: /^Kent / })).toBeVisible();
  await expect(page.getByRole("img", { name: /SRP places commissioned and filled in Kent, term by term/ })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("an officer reads the year's Inclusion Champions' visits and actions by focus area", async ({ page }) => {
  await signIn(page, "officer@kent.example");
  await page.goto("/council/insight/srp");
  await page.getByRole("navigation", { name: "Insight dashboards" }).getByRole("link", { name: "Inclusion Champions" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Inclusion Champions' visits" })).toBeVisible();
  await expect(page.getByRole("table", { name: /^Visits and actions by focus area, / }).getByRole("row", { name: /^Kent / })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("an officer downloads the year's monitoring report pack", async ({ page }) => {
  await signIn(page, "officer@kent.example");
  await page.goto("/council/insight/champions");
  await page.getByRole("navigation", { name: "Insight dashboards" }).getByRole("link", { name: "Monitoring report pack" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Monitoring report pack" })).toBeVisible();
  await expect(page.getByRole("table", { name: /^The monitoring report pack for \d{4}-\d{2}$/ }).getByRole("row", { name: /^SRP places / })).toBeVisible();
  await expectNoAxeViolations(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /^Download the \d{4}-\d{2} monitoring report pack/ }).click()]);
  expect(download.suggestedFilename()).toMatch(/^monitoring-pack-\d{4}-\d{2}-\d{4}-\d{2}-\d{2}\.xlsx$/);
});

// Only a refused change here: the browser tests share one database, and the other dashboards' tests read the rule.
test("an officer reads the small-number rule and is told why a threshold of 2 is refused", async ({ page }) => {
  await signIn(page, "officer@kent.example");
  await page.goto("/council/insight/register");
  await page.getByRole("navigation", { name: "Insight dashboards" }).getByRole("link", { name: "Small-number rule" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "The small-number rule" })).toBeVisible();
  await expect(page.getByText("Counts of 1 to 4 children are shown as c")).toBeVisible();
  await expect(page.getByRole("radio", { name: "Withhold small counts" })).toBeChecked();
  await expectNoAxeViolations(page);
  await page.getByRole("textbox", { name: "Threshold, for withholding small counts" }).fill("2");
  await page.getByRole("button", { name: "Save the rule" }).click();
  const summary = page.getByRole("alert");
  await expect(summary.getByRole("link", { name: "Enter the threshold as a whole number from 3 to 20" })).toBeVisible();
  await expect(page.getByRole("textbox", { name: /Threshold, for withholding small counts/ })).toHaveValue("2");
  await expectNoAxeViolations(page);
  await page.goto("/council/insight/rule");
  await expect(page.getByText("This is the portal's own rule: nobody has changed it.")).toBeVisible();
});

test("a specialist teacher reads their district's referrals to LIFT beside the rest of Kent's", async ({ page }) => {
  await signIn(page, "stls@kent.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "District figures" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^LIFT referrals in / })).toBeVisible();
  const byDiscipline = page.getByRole("table", { name: /^Referrals by discipline: .+ and the rest of Kent, \d{4}-\d{2}$/ });
  await expect(byDiscipline.getByRole("row", { name: /^The rest of Kent / })).toBeVisible();
  await expect(page.getByRole("img", { name: /Referrals to LIFT by discipline, as a share of all referrals/ })).toBeVisible();
  await expectNoAxeViolations(page);
});

test("an Inclusion Champion reads the visit figures for their schools beside their districts and Kent", async ({ page }) => {
  await signIn(page, "champion@kent.example");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Visit figures" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Visit figures for your schools" })).toBeVisible();
  const comparison = page.getByRole("table", { name: /^Visits and actions: your schools, their districts and Kent, \d{4}-\d{2}$/ });
  await expect(comparison.getByRole("row", { name: /^Your schools / })).toBeVisible();
  await expect(comparison.getByRole("row", { name: /^Kent / })).toBeVisible();
  await expect(page.getByRole("img", { name: /Actions agreed at visits to your schools by focus area/ })).toBeVisible();
  await expectNoAxeViolations(page);
});
