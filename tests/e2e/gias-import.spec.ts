import { expect, type Page, test } from "@playwright/test";
import { expectNoAxeViolations, signIn, summaryValue } from "./helpers.ts";

// Issue 12, schools from GIAS (ADR 62): the admin uploads an extract, reads its dry run, applies it; with and
// without JavaScript. One import runs at a time, so these run one after the other.
test.describe.configure({ mode: "serial" });

const HEADER =
  "URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),OpenDate,CloseDate,PhaseOfEducation (name),NumberOfPupils,Postcode,DistrictAdministrative (name),TypeOfResourcedProvision (name),ResourcedProvisionOnRoll,ResourcedProvisionCapacity";

/** A small extract: one new school (a URN no other run has used), one of another LA, one refused row. */
function extract(name: string) {
  const urn = String(170000 + Math.floor(Math.random() * 29999));
  const lines = [
    HEADER,
    `${urn},886,Kent,2101,"${name}, Dover",Community school,Open,01-09-2026,,Primary,180,CT16 1ZZ,Dover,SEN unit,4,8`,
    "118902,887,Medway,2102,Elsewhere Primary School,Community school,Open,,,Primary,200,ME4 2ZZ,Medway,,,",
    "9999,886,Kent,2103,Short Urn School,Community school,Open,,,Primary,90,CT1 2ZZ,Canterbury,,,",
  ];
  return { urn, buffer: Buffer.from("\ufeff" + lines.join("\r\n") + "\r\n", "utf8") };
}

/** `axe`: axe needs script in the page, so the run without JavaScript checks the same pages' behaviour only. */
async function importAndApply(page: Page, name: string, axe: boolean) {
  const checkAxe = async () => {
    if (axe) await expectNoAxeViolations(page);
  };
  const file = extract(name);
  await signIn(page, "admin@kent.example");
  await page.goto("/admin/schools/import");
  await expect(page.getByRole("heading", { level: 1, name: "Import schools from GIAS" })).toBeVisible();
  await checkAxe();
  await page.getByLabel("GIAS extract (CSV)").setInputFiles({ name: "edubase.csv", mimeType: "text/csv", buffer: file.buffer });
  await page.getByRole("button", { name: "Upload and check" }).click();

  await expect(page.getByRole("heading", { level: 1, name: "GIAS import: dry run" })).toBeVisible();
  await expect(summaryValue(page, "To create")).toHaveText("1");
  await expect(summaryValue(page, "Rows refused")).toHaveText("1");
  await expect(summaryValue(page, "Schools of other LAs (not 886)")).toHaveText("1, skipped");
  const creates = page.getByRole("table", { name: "Schools to create (1)" });
  await expect(creates).toContainText(`${name}, Dover`);
  await expect(creates).toContainText("Resourced provision places: (none) → 8");
  await expect(page.getByRole("table", { name: "Rows refused (1)" })).toContainText('URN "9999" is not six digits.');
  await checkAxe();

  await page.getByRole("button", { name: "Apply these changes" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "GIAS import: applied" })).toBeVisible();
  await expect(page.getByText("1 school created, 0 schools updated and 0 schools closed.")).toBeVisible();
  await checkAxe();

  await page.goto(`/schools/${file.urn}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText(`${name}, Dover`);
}

test("an admin uploads a GIAS extract, reads the dry run and applies it", async ({ page }) => {
  await importAndApply(page, "Castle View Primary School", true);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the same import works with plain forms", async ({ page }) => {
    await importAndApply(page, "Harbour Lane Primary School", false);
  });
});
