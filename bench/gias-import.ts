/**
 * `npm run bench:gias`: a GIAS extract of BENCH_GIAS_ROWS rows (50,000 by default, about 30 MB, the real headers
 * and as many columns as a real extract's first ones) imported twice on PostgreSQL — once creating the schools of LA
 * 886, once updating them (every number on roll moved) — with the time of each dry run and apply and the process's
 * peak memory (RSS sampled every 20 ms, and the kernel's maxRSS). The import's code runs in this process exactly
 * as the upload route calls it (receiveGiasFile on a file stream, startGiasImport, applyGiasImport), so this
 * process's memory is what a portal's would be for the import.
 *
 * It creates and drops its own database. BENCH_GIAS_ROWS=2000 for a run that only proves it works; BENCH_GIAS_KENT
 * is the share of rows in LA 886 (0.1: the rest are other LAs, skipped). See bench/README.md ("GIAS import").
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { migrateToLatest, openPostgres } from "../app/db.server.ts";
import { actorForEmail } from "../app/domain/access/actor.server.ts";
import { backgroundWorkSettled } from "../app/background.server.ts";
import { applyGiasImport, receiveGiasFile, startGiasImport } from "../app/domain/schools/gias-import.server.ts";
import { seedDemo } from "../db/seed/demo.ts";
import { KENT_DISTRICTS } from "../db/seed/districts.ts";

const ROWS = Number(process.env.BENCH_GIAS_ROWS ?? 50_000);
const KENT_SHARE = Number(process.env.BENCH_GIAS_KENT ?? 0.1);
const ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const DB_NAME = `bench_gias_${process.pid}`;

const HEADERS = [
  "URN", "LA (code)", "LA (name)", "EstablishmentNumber", "EstablishmentName", "TypeOfEstablishment (code)", "TypeOfEstablishment (name)",
  "EstablishmentTypeGroup (name)", "EstablishmentStatus (code)", "EstablishmentStatus (name)", "ReasonEstablishmentOpened (name)", "OpenDate",
  "ReasonEstablishmentClosed (name)", "CloseDate", "PhaseOfEducation (code)", "PhaseOfEducation (name)", "StatutoryLowAge", "StatutoryHighAge",
  "Boarders (name)", "OfficialSixthForm (name)", "Gender (name)", "ReligiousCharacter (name)", "Diocese (name)", "AdmissionsPolicy (name)",
  "SchoolCapacity", "SpecialClasses (name)", "CensusDate", "NumberOfPupils", "NumberOfBoys", "NumberOfGirls", "PercentageFSM",
  "TrustSchoolFlag (name)", "Trusts (name)", "UKPRN", "Street", "Locality", "Address3", "Town", "County (name)", "Postcode", "SchoolWebsite",
  "TelephoneNum", "HeadTitle (name)", "HeadFirstName", "HeadLastName", "HeadPreferredJobTitle", "DistrictAdministrative (code)",
  "DistrictAdministrative (name)", "AdministrativeWard (name)", "ParliamentaryConstituency (name)", "UrbanRural (name)", "Easting", "Northing",
  "TypeOfResourcedProvision (name)", "ResourcedProvisionOnRoll", "ResourcedProvisionCapacity", "SenUnitOnRoll", "SenUnitCapacity",
];

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Writes the extract line by line (never all in memory). `pass` moves every number on roll. */
async function writeExtract(file: string, pass: number) {
  const out = fs.createWriteStream(file);
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r())));
  await write("\ufeff" + HEADERS.map(quote).join(",") + "\r\n");
  const kentEvery = Math.max(1, Math.round(1 / KENT_SHARE));
  for (let i = 0; i < ROWS; i++) {
    const kent = i % kentEvery === 0;
    const district = KENT_DISTRICTS[i % KENT_DISTRICTS.length]!.name.replace("&", "and");
    const closed = kent && i % 97 === 0;
    const values: Record<string, string> = {
      "URN": String(100000 + i),
      "LA (code)": kent ? "886" : String(201 + (i % 150)),
      "LA (name)": kent ? "Kent" : "Elsewhere",
      "EstablishmentNumber": String(2000 + (i % 7000)),
      "EstablishmentName": `St Mary’s Café School ${i}, Upper Town`,
      "TypeOfEstablishment (code)": "1",
      "TypeOfEstablishment (name)": "Community school",
      "EstablishmentTypeGroup (name)": "Local authority maintained schools",
      "EstablishmentStatus (code)": closed ? "2" : "1",
      "EstablishmentStatus (name)": closed ? "Closed" : "Open",
      "ReasonEstablishmentOpened (name)": "Not applicable",
      "OpenDate": "01-09-1975",
      "ReasonEstablishmentClosed (name)": closed ? "Amalgamated" : "Not applicable",
      "CloseDate": closed ? "31-08-2026" : "",
      "PhaseOfEducation (code)": "2",
      "PhaseOfEducation (name)": i % 3 === 0 ? "Secondary" : "Primary",
      "StatutoryLowAge": "4",
      "StatutoryHighAge": "11",
      "Boarders (name)": "No boarders",
      "OfficialSixthForm (name)": "Does not have a sixth form",
      "Gender (name)": "Mixed",
      "ReligiousCharacter (name)": "Does not apply",
      "Diocese (name)": "Not applicable",
      "AdmissionsPolicy (name)": "Not applicable",
      "SchoolCapacity": "420",
      "SpecialClasses (name)": "No Special Classes",
      "CensusDate": "16-01-2025",
      "NumberOfPupils": String(200 + ((i + pass) % 900)),
      "NumberOfBoys": "150",
      "NumberOfGirls": "160",
      "PercentageFSM": "21.4",
      "TrustSchoolFlag (name)": "Not applicable",
      "Trusts (name)": "",
      "UKPRN": String(10000000 + i),
      "Street": `${i} Station Road`,
      "Locality": "Upper Hamlet",
      "Address3": "",
      "Town": "Maidstone",
      "County (name)": "Kent",
      "Postcode": "ME15 6ZZ",
      "SchoolWebsite": `https://www.school-${i}.example.sch.uk`,
      "TelephoneNum": "01622000000",
      "HeadTitle (name)": "Mrs",
      "HeadFirstName": "Alexandra",
      "HeadLastName": "Featherstonehaugh",
      "HeadPreferredJobTitle": "Headteacher",
      "DistrictAdministrative (code)": "E07000110",
      "DistrictAdministrative (name)": district,
      "AdministrativeWard (name)": "High Street",
      "ParliamentaryConstituency (name)": "Maidstone and Malling",
      "UrbanRural (name)": "(England/Wales) Urban city and town",
      "Easting": "575000",
      "Northing": "155000",
      "TypeOfResourcedProvision (name)": i % 20 === 0 ? "Resourced provision" : "Not applicable",
      "ResourcedProvisionOnRoll": i % 20 === 0 ? "9" : "",
      "ResourcedProvisionCapacity": i % 20 === 0 ? "12" : "",
      "SenUnitOnRoll": "",
      "SenUnitCapacity": "",
    };
    await write(HEADERS.map((h) => quote(values[h] ?? "")).join(",") + "\r\n");
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

let peakRss = 0;
let overallPeak = 0;
const sampler = setInterval(() => {
  const rss = process.memoryUsage().rss;
  peakRss = Math.max(peakRss, rss);
  overallPeak = Math.max(overallPeak, rss);
}, 20);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function timed<T>(label: string, work: () => Promise<T>): Promise<T> {
  peakRss = process.memoryUsage().rss;
  const startRss = peakRss;
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  console.log(`${label.padEnd(22)} ${(ms / 1000).toFixed(2).padStart(7)} s   RSS at start ${mb(startRss).padStart(7)}   peak ${mb(peakRss).padStart(7)}`);
  return value;
}

const url = new URL(ADMIN_URL);
url.pathname = `/${DB_NAME}`;
const file = path.join(os.tmpdir(), `bench-gias-${process.pid}.csv`);
await admin(`CREATE DATABASE ${DB_NAME}`);
const handle = openPostgres(url.toString());
try {
  await migrateToLatest(handle.db);
  await seedDemo(handle.db);
  const actor = await actorForEmail(handle.db, "admin@kent.example");
  console.log(`GIAS import: ${ROWS.toLocaleString("en-GB")} rows, ${Math.round(KENT_SHARE * 100)}% in LA 886; PostgreSQL ${url.host}`);
  for (const [pass, label] of [[0, "create"], [1, "update"]] as const) {
    await writeExtract(file, pass);
    console.log(`extract (${label}): ${mb(fs.statSync(file).size)}`);
    const received = await timed(`${label}: receive`, () => receiveGiasFile({ fileName: "edubasealldata.csv", stream: fs.createReadStream(file) }));
    // The upload is answered once the headers are read (ADR 65); the dry run is done when its background read ends.
    const started = await timed(`${label}: dry run`, async () => {
      const answer = await startGiasImport(handle.db, actor, received, { laCode: "886", requestId: "bench" });
      await backgroundWorkSettled();
      return answer;
    });
    if (!started.ok) throw new Error(`refused: ${JSON.stringify(started)}`);
    const counts = await handle.db.selectFrom("gias_imports").selectAll().where("id", "=", started.importId).executeTakeFirstOrThrow();
    console.log(`  ${counts.creates} to create, ${counts.updates} to update, ${counts.closures} to close, ${counts.refused} refused, ${counts.other_la} other LAs`);
    const applied = await timed(`${label}: apply`, () => applyGiasImport(handle.db, actor, started.importId, "bench"));
    if (!applied.ok) throw new Error(`apply refused: ${JSON.stringify(applied)}`);
  }
  console.log(`process peak RSS (sampled): ${mb(overallPeak)}; kernel maxRSS: ${mb(process.resourceUsage().maxRSS * 1024)}`);
} finally {
  clearInterval(sampler);
  await handle.close();
  await fs.promises.rm(file, { force: true });
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME}`);
}
