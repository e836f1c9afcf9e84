import fs from "node:fs";
import http from "node:http";
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { backgroundWorkSettled, stopBackgroundWork } from "../../app/background.server.ts";
import { Browser, mainText as pageText, seededApp, title } from "../setup/app.ts";
import { multipart, pdfBytes } from "../setup/documents.ts";

// Issue 12, schools from GIAS (ADR 62): an admin uploads an extract, sees its dry run (creates, updates field by
// field, closures, refused rows with their line and why), applies it all or nothing; a stale dry run is refused; a
// closed school's staff can no longer act for it, its records stay; one import at a time; every import recorded
// and its report downloadable. Bad files: binary, missing columns, too large, empty.

const t = seededApp();
let admin: Browser;
let officer: Browser;
let riversideSenco: Browser;

/** The page's text with the entities React writes for quotes decoded. */
const mainText = (html: string) => pageText(html).replace(/&quot;/g, '"').replace(/&#x27;|&#39;/g, "'").replace(/&amp;/g, "&");
const fixture = (name: string) => new Uint8Array(fs.readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const UTF8 = fixture("gias-extract.csv");
const LATIN1 = fixture("gias-extract-latin1.csv");
const HEADER =
  "URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,TypeOfEstablishment (name),EstablishmentStatus (name),OpenDate,CloseDate,PhaseOfEducation (name),NumberOfPupils,Postcode,DistrictAdministrative (name),TypeOfResourcedProvision (name),ResourcedProvisionOnRoll,ResourcedProvisionCapacity";

beforeAll(async () => {
  const signedIn = async (email: string) => {
    const browser = new Browser(t.app.baseUrl);
    await browser.signIn(email);
    return browser;
  };
  admin = await signedIn("admin@kent.example");
  officer = await signedIn("officer@kent.example");
  riversideSenco = await signedIn("senco@riverside.example");
});

async function uploadGias(browser: Browser, file: { filename: string; bytes: Uint8Array } | null, { settle = true } = {}) {
  const { body, contentType } = multipart([
    { name: "csrf", value: await browser.csrfToken() },
    ...(file ? [{ name: "file", filename: file.filename, type: "text/csv", bytes: file.bytes }] : []),
  ]);
  const reply = await browser.request("POST", "/admin/schools/import", { body, headers: { "Content-Type": contentType, Origin: browser.baseUrl } });
  // The upload is answered once the file's headers are read; the rest of its dry run is read after (ADR 65).
  if (settle) await backgroundWorkSettled();
  return reply;
}

const importIdOf = (location: string | null) => Number(/^\/admin\/schools\/import\/(\d+)$/.exec(location ?? "")?.[1]);

async function school(urn: string) {
  return t.database.db
    .selectFrom("schools")
    .innerJoin("districts", "districts.id", "schools.district_id")
    .select(["schools.name", "schools.phase", "schools.establishment_type", "districts.name as district", "schools.number_on_roll", "schools.postcode", "schools.status", "schools.closed_on", "schools.resourced_provision_type", "schools.resourced_provision_capacity"])
    .where("schools.urn", "=", urn)
    .executeTakeFirst();
}

async function schoolsSnapshot() {
  return t.database.db.selectFrom("schools").selectAll().orderBy("id").execute();
}

async function importRow(id: number) {
  return t.database.db.selectFrom("gias_imports").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function report(browser: Browser, id: number) {
  const reply = await browser.get(`/admin/schools/import/${id}/report.csv`);
  return { reply, rows: parse(reply.text, { bom: true }) as string[][] };
}

function csvFile(lines: string[]) {
  return new Uint8Array(Buffer.from([HEADER, ...lines].join("\r\n") + "\r\n"));
}

describe("a GIAS extract: dry run, report, apply", () => {
  let importId: number;

  it("shows the dry run first: creates, updates field by field, closures and refused rows by line, nothing changed yet", async () => {
    const before = await schoolsSnapshot();
    const page = await admin.get("/admin/schools/import");
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<form[^>]*enctype="multipart\/form-data"/i);
    const reply = await uploadGias(admin, { filename: "edubasealldata20261202.csv", bytes: UTF8 });
    expect(reply.status).toBe(302);
    importId = importIdOf(reply.location);
    expect(importId).toBeGreaterThan(0);
    expect(await schoolsSnapshot()).toEqual(before);

    const recorded = await importRow(importId);
    expect(recorded).toMatchObject({ status: "ready", file_name: "edubasealldata20261202.csv", encoding: "utf-8", la_code: "886", rows_read: 13, creates: 2, updates: 1, closures: 1, refused: 6, other_la: 1, unchanged: 2 });
    expect(recorded.sha256).toBe((await import("node:crypto")).createHash("sha256").update(UTF8).digest("hex"));

    const shown = await admin.get(`/admin/schools/import/${importId}`);
    expect(shown.status).toBe(200);
    const text = mainText(shown.text);
    expect(title(shown.text)).toMatch(/^GIAS import/);
    expect(text).toContain("GIAS import: dry run");
    // The update, field by field: only what changes.
    expect(text).toContain("Oakfield Primary School Number on roll: 412 → 430");
    // The closure: status and date (dd-mm-yyyy read as a date).
    expect(text).toMatch(/Riverside Academy Status: Open → Closed Closed on: \(none\) → 2026-08-31/);
    // Creates: a quoted comma, the district mapped from GIAS's name, the phase from GIAS's, the provision.
    expect(text).toContain("St Mary’s Café Primary School, Ashford");
    expect(text).toContain("District: (none) → Folkestone & Hythe");
    expect(text).toContain("Phase: (none) → Primary");
    expect(text).toContain("Resourced provision places: (none) → 12");
    expect(text).toContain("Malling Vale School");
    // Refused rows, with their line and why.
    expect(text).toContain("6 118003 Hythe Bay Primary School URN 118003 is also on line 8");
    expect(text).toContain("8 118003 Hythe Bay Primary School (again) URN 118003 is also on line 6");
    expect(text).toContain('7 12345 Short Urn Primary School URN "12345" is not six digits.');
    expect(text).toContain('DistrictAdministrative "Medway" is not one of the portal\'s districts.');
    expect(text).toContain('CloseDate "2026-08-31" is not a date in the form dd-mm-yyyy.');
    expect(text).toContain("13 118006 The row has a different number of values from the header");
    expect(text).toContain("Schools of other LAs (not 886) 1, skipped");
    expect(text).not.toContain("Chatham Grove");
    expect(shown.text).not.toContain('http-equiv="refresh"');
    // The import is listed with who, the file and its hash.
    const list = mainText((await admin.get("/admin/schools/import")).text);
    expect(list).toContain("edubasealldata20261202.csv");
    expect(list).toContain(recorded.sha256!);
    expect(list).toContain("Sam Okafor");
  });

  it("downloads the dry run's report as CSV: one row per changed field, refused rows with why", async () => {
    const { reply, rows } = await report(admin, importId);
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toContain("text/csv");
    expect(reply.headers.get("content-disposition")).toContain(`gias-import-${importId}-report.csv`);
    expect(rows[0]).toEqual(["Line", "URN", "School", "Change", "Field", "Old value", "New value", "Why refused"]);
    expect(rows).toContainEqual(["2", "990001", "Oakfield Primary School", "Update", "number_on_roll", "412", "430", ""]);
    expect(rows).toContainEqual(["3", "990002", "Riverside Academy", "Close", "status", "Open", "Closed", ""]);
    expect(rows).toContainEqual(["4", "118001", "St Mary’s Café Primary School, Ashford", "Create", "district_id", "", "Folkestone & Hythe", ""]);
    expect(rows).toContainEqual(["7", "12345", "Short Urn Primary School", "Refused", "", "", "", 'URN "12345" is not six digits.']);
    expect(rows.filter((r) => r[3] === "Refused")).toHaveLength(6);
    const audit = await t.database.db.selectFrom("audit_events").select("subject_id").where("action", "=", "gias_import.report").execute();
    expect(audit.map((a) => a.subject_id)).toContain(String(importId));
    // Not for anyone else.
    expect((await officer.get(`/admin/schools/import/${importId}/report.csv`)).status).toBe(404);
    expect((await officer.get("/admin/schools/import")).status).toBe(404);
  });

  it("applies it all in one go; the closed school's staff can no longer act for it, its records stay", async () => {
    expect((await riversideSenco.get("/pupils")).status).toBe(200);
    const riversidePupils = await t.database.db
      .selectFrom("pupils")
      .innerJoin("schools", "schools.id", "pupils.school_id")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("schools.urn", "=", "990002")
      .executeTakeFirstOrThrow();
    const reply = await admin.post(`/admin/schools/import/${importId}`, { intent: "apply" });
    expect(reply.status).toBe(302);
    expect(reply.location).toBe(`/admin/schools/import/${importId}?applied=1`);
    expect(mainText((await admin.get(reply.location!)).text)).toContain("2 schools created, 1 school updated and 1 school closed.");

    expect(await school("990001")).toMatchObject({ number_on_roll: 430, name: "Oakfield Primary School", district: "Maidstone", status: "Open" });
    expect(await school("990002")).toMatchObject({ status: "Closed", closed_on: "2026-08-31", resourced_provision_capacity: 16 });
    expect(await school("118001")).toEqual({
      name: "St Mary’s Café Primary School, Ashford",
      phase: "Primary",
      establishment_type: "Community school",
      district: "Folkestone & Hythe",
      number_on_roll: 210,
      postcode: "CT20 1ZZ",
      status: "Open",
      closed_on: null,
      resourced_provision_type: "SEN unit",
      resourced_provision_capacity: 12,
    });
    expect(await school("118007")).toMatchObject({ phase: "Not applicable", district: "Tonbridge & Malling" });
    for (const urn of ["118002", "118003", "118004", "118005", "118006", "118009"]) expect(await school(urn)).toBeUndefined();
    expect(await importRow(importId)).toMatchObject({ status: "applied" });

    // Riverside's SENCO held only Riverside: they can act for no one now, so their session no longer lets them in.
    const after = await riversideSenco.get("/pupils");
    expect(after.status).toBe(302);
    expect(after.location).toMatch(/^\/login/);
    // Riverside's records stay; the council still sees the school.
    const still = await t.database.db
      .selectFrom("pupils")
      .innerJoin("schools", "schools.id", "pupils.school_id")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("schools.urn", "=", "990002")
      .executeTakeFirstOrThrow();
    expect(Number(still.n)).toBe(Number(riversidePupils.n));
    expect(Number(still.n)).toBeGreaterThan(0);
    expect((await officer.get("/schools/990002")).status).toBe(200);

    // Applied once only.
    const again = await admin.post(`/admin/schools/import/${importId}`, { intent: "apply" });
    expect(again.status).toBe(409);
    expect(mainText(again.text)).toContain("This import has already been applied.");
  });

  it("reads a Windows-1252 extract (no BOM) as the same text: the schools it created are unchanged", async () => {
    const reply = await uploadGias(admin, { filename: "kent-latin1.csv", bytes: LATIN1 });
    expect(reply.status).toBe(302);
    const recorded = await importRow(importIdOf(reply.location));
    expect(recorded).toMatchObject({ status: "ready", encoding: "windows-1252", creates: 0, updates: 0, closures: 0, refused: 6, unchanged: 6 });
  });
});

describe("a dry run gone stale", () => {
  it("is refused whole, with a clear message, when a school changed after it was made", async () => {
    const file = csvFile([
      "990004,886,Kent,4002,Medway Valley Academy,Academy sponsor led,Open,,,Secondary,999,ME16 8ZZ,Maidstone,SLCN,,12",
      "118020,886,Kent,2020,Stale Test Primary School,Community school,Open,,,Primary,100,ME1 2ZZ,Maidstone,,,",
    ]);
    const reply = await uploadGias(admin, { filename: "stale.csv", bytes: file });
    const id = importIdOf(reply.location);
    expect(await importRow(id)).toMatchObject({ status: "ready", updates: 1, creates: 1 });
    await t.database.db.updateTable("schools").set({ number_on_roll: 981 }).where("urn", "=", "990004").execute();
    const applied = await admin.post(`/admin/schools/import/${id}`, { intent: "apply" });
    expect(applied.status).toBe(409);
    expect(mainText(applied.text)).toContain("1 school changed after this dry run was made, so nothing was applied. Upload the file again");
    expect(await school("990004")).toMatchObject({ number_on_roll: 981 });
    expect(await school("118020")).toBeUndefined();
    expect(await importRow(id)).toMatchObject({ status: "stale" });
  });
});

describe("files that cannot be imported: a clear message, nothing changed", () => {
  async function refused(file: { filename: string; bytes: Uint8Array } | null, message: string) {
    const before = await schoolsSnapshot();
    const reply = await uploadGias(admin, file);
    expect(reply.status).toBe(400);
    expect(title(reply.text)).toMatch(/^Error: Import schools from GIAS/);
    expect(mainText(reply.text)).toContain(message);
    expect(await schoolsSnapshot()).toEqual(before);
  }

  it("a binary file named .csv", async () => {
    await refused({ filename: "schools.csv", bytes: pdfBytes() }, "The file is not a CSV file: it is a PDF file.");
    await refused({ filename: "schools.csv", bytes: new Uint8Array([0x55, 0x52, 0x4e, 0x00, 0x01, 0x02, 0x0a]) }, "The file is not a CSV file: it holds bytes that are not text.");
  });

  it("missing required columns", async () => {
    await refused(
      { filename: "schools.csv", bytes: new Uint8Array(Buffer.from("URN,EstablishmentName,LA (code)\r\n990001,Oakfield,886\r\n")) },
      'The file has no "TypeOfEstablishment (name)", "PhaseOfEducation (name)", "DistrictAdministrative (name)", "EstablishmentStatus (name)" columns.',
    );
  });

  it("text that is not CSV, an empty file, no file at all", async () => {
    // Found after the upload was answered (the headers were fine): the import's page says why.
    const broken = await uploadGias(admin, { filename: "schools.csv", bytes: csvFile(['990001,886,Kent,2001,"Oakfield Primary School,Community school']) });
    expect(broken.status).toBe(302);
    const brokenId = importIdOf(broken.location);
    expect(await importRow(brokenId)).toMatchObject({ status: "refused", problem: "The file is not valid CSV: a quoted value is never closed (the file ends at line 3 inside it)." });
    expect(await t.database.db.selectFrom("gias_import_rows").select("id").where("import_id", "=", brokenId).execute()).toEqual([]);
    const brokenPage = mainText((await admin.get(`/admin/schools/import/${brokenId}`)).text);
    expect(brokenPage).toContain("The file is not valid CSV: a quoted value is never closed (the file ends at line 3 inside it).");
    expect(brokenPage).not.toContain("Apply these changes");
    await refused({ filename: "schools.csv", bytes: new Uint8Array(0) }, "The file is empty.");
    await refused(null, "Choose a GIAS extract (a CSV file) to upload.");
  });

  it("every refused file is recorded, with why", async () => {
    const rows = await t.database.db.selectFrom("gias_imports").select(["status", "problem", "file_name"]).where("status", "=", "refused").execute();
    expect(rows.map((r) => r.problem)).toContain("The file is empty.");
    expect(mainText((await admin.get("/admin/schools/import")).text)).toContain("File refused");
  });

  it("a body far over the limit is refused before it is read (413)", async () => {
    const { contentType } = multipart([{ name: "csrf", value: await admin.csrfToken() }]);
    const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request(`${t.app.baseUrl}/admin/schools/import`, {
        method: "POST",
        headers: { "Content-Type": contentType, "Content-Length": String(200 * 1024 * 1024), Origin: t.app.baseUrl, Cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
      });
      request.on("response", (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on("error", reject);
      request.write("--x\r\n");
    });
    expect(status.status).toBe(413);
    expect(status.body).toContain("A GIAS extract must be smaller than 60 MB");
  });
});

describe("one import at a time", () => {
  it("refuses a second upload while one is running, and shows the running one's page refreshing itself", async () => {
    const adminId = (await t.database.db.selectFrom("users").select("id").where("email", "=", "admin@kent.example").executeTakeFirstOrThrow()).id;
    const running = await t.database.db
      .insertInto("gias_imports")
      .values({ uploaded_by: adminId, file_name: "big.csv", la_code: "886", status: "reading", rows_read: 12000 })
      .returning("id")
      .executeTakeFirstOrThrow();
    const reply = await uploadGias(admin, { filename: "second.csv", bytes: UTF8 });
    expect(reply.status).toBe(409);
    expect(mainText(reply.text)).toContain(`Another import is running (import ${running.id}, Sam Okafor's, is being read). Only one import can run at a time`);
    // Applying another import's dry run meanwhile is refused too, and changes nothing.
    const ready = await t.database.db.selectFrom("gias_imports").select("id").where("status", "=", "ready").orderBy("id").executeTakeFirstOrThrow();
    const before = await schoolsSnapshot();
    const apply = await admin.post(`/admin/schools/import/${ready.id}`, { intent: "apply" });
    expect(apply.status).toBe(409);
    expect(mainText(apply.text)).toContain("Another import is running");
    expect(await schoolsSnapshot()).toEqual(before);
    expect(await importRow(ready.id)).toMatchObject({ status: "ready" });
    const page = await admin.get(`/admin/schools/import/${running.id}`);
    expect(page.text).toMatch(/<meta http-equiv="refresh" content="3"/);
    expect(mainText(page.text)).toContain("12,000 rows read so far. This page reloads itself every 3 seconds");

    // One left behind by a portal that stopped (no heartbeat for ten minutes) no longer blocks: it is marked failed.
    await t.database.db.updateTable("gias_imports").set({ heartbeat_at: new Date(Date.now() - 11 * 60_000) }).where("id", "=", running.id).execute();
    const later = await uploadGias(admin, { filename: "second.csv", bytes: UTF8 });
    expect(later.status).toBe(302);
    expect(await importRow(running.id)).toMatchObject({ status: "failed" });
  });
});

describe("a large extract, read after its upload is answered (ADR 65)", () => {
  /** England's extract in small: every tenth school is Kent's. */
  const large = (rows: number, firstUrn: number) =>
    csvFile(
      Array.from({ length: rows }, (_, i) => {
        const kent = i % 10 === 0;
        return `${firstUrn + i},${kent ? "886,Kent" : "887,Medway"},${2000 + (i % 7000)},Large Test School ${i},Community school,Open,,,Primary,${100 + (i % 300)},ME1 1AA,${kent ? "Maidstone" : "Medway"},,,`;
      }),
    );

  it("answers the upload at once, shows how much is read, refuses a second upload meanwhile, and is ready when read", async () => {
    const file = large(40_000, 300_000);
    const reply = await uploadGias(admin, { filename: "england.csv", bytes: file }, { settle: false });
    expect(reply.status).toBe(302);
    const id = importIdOf(reply.location);
    const page = await admin.get(`/admin/schools/import/${id}`);
    expect(page.text).toMatch(/<meta http-equiv="refresh" content="3"/);
    expect(mainText(page.text)).toContain("The file is being read.");
    expect(page.text).toMatch(/<progress id="gias-read-progress"[^>]*max="100"[^>]*value="\d{1,3}"/);
    expect(mainText(page.text)).toMatch(/\d{1,3}% of the file read/);

    const second = await uploadGias(admin, { filename: "second.csv", bytes: UTF8 }, { settle: false });
    expect(second.status).toBe(409);
    expect(mainText(second.text)).toContain(`Another import is running (import ${id}, Sam Okafor's, is being read).`);

    await backgroundWorkSettled();
    expect(await importRow(id)).toMatchObject({ status: "ready", rows_read: 40_000, creates: 4_000, other_la: 36_000, refused: 0 });
    expect(Number((await importRow(id)).bytes_read)).toBe(file.length);
    const done = await admin.get(`/admin/schools/import/${id}`);
    expect(done.text).not.toMatch(/http-equiv="refresh"/);
    expect(mainText(done.text)).toContain("Apply these changes");
  });

  it("a portal told to stop while one is read marks it failed, nothing applied, and the next upload may start", async () => {
    const before = await schoolsSnapshot();
    const reply = await uploadGias(admin, { filename: "england-again.csv", bytes: large(40_000, 400_000) }, { settle: false });
    const id = importIdOf(reply.location);
    await stopBackgroundWork();
    expect(await importRow(id)).toMatchObject({ status: "failed", problem: "It stopped part-way (the portal was stopped): nothing was applied." });
    expect(mainText((await admin.get(`/admin/schools/import/${id}`)).text)).toContain("It stopped part-way (the portal was stopped)");
    expect(await schoolsSnapshot()).toEqual(before);
    expect((await uploadGias(admin, { filename: "kent.csv", bytes: UTF8 })).status).toBe(302);
  });
});
