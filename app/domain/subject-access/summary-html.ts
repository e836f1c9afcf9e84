import { formatPence } from "../money.ts";
import type { SubjectAccessData } from "./subject-access.server.ts";

/**
 * The bundle's readable summary: one self-contained HTML file (no scripts, no external styles, fonts or images),
 * plain semantic HTML with a heading per section, every value escaped. It says what data.json says, in words.
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const text = (value: unknown) => (value === null || value === undefined || value === "" ? "Not recorded" : escapeHtml(typeof value === "object" ? JSON.stringify(value) : value));
const money = (pence: number | null) => (pence === null ? "Not recorded" : formatPence(pence));

function list(rows: [string, unknown][]) {
  return `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${text(v)}</dd>`).join("")}</dl>`;
}

function table(caption: string, head: string[], rows: unknown[][]) {
  if (rows.length === 0) return `<p>None.</p>`;
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${text(c)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

type Timeline = { at: string | null; by: string | null; role: string | null; action: string; from: string | null; to: string; comment: string | null }[];
const timelineTable = (caption: string, events: Timeline) =>
  table(caption, ["When", "Who", "What", "From", "To", "Comment"], events.map((e) => [e.at, e.by ? `${e.by}${e.role ? ` (${e.role})` : ""}` : null, e.action, e.from, e.to, e.comment]));

type Documents = SubjectAccessData["fundingRequests"][number]["documents"];
const documentsTable = (caption: string, docs: Documents) =>
  table(caption, ["Title", "File in this bundle", "Uploaded", "By", "Withdrawn"], docs.map((d) => [d.title, d.path, d.uploadedAt, d.uploadedBy, d.withdrawnAt]));

export function summaryHtml(data: SubjectAccessData): string {
  const p = data.pupil;
  const title = p.anonymisedAt ? `Subject access: pupil record ${p.id} (anonymised)` : `Subject access: ${p.firstName} ${p.lastName}`;
  const sections: string[] = [];
  sections.push(`<h1>${escapeHtml(title)}</h1>`);
  sections.push(
    `<p>Everything the Kent SEND inclusion portal holds about this pupil, produced on ${escapeHtml(data.producedAt)} by ${escapeHtml(data.producedBy)}. The same data is in <code>data.json</code>; the pupil's documents are in the <code>documents</code> folder.</p>`,
  );
  if (p.anonymisedAt) {
    sections.push(
      `<p><strong>This pupil's records were anonymised on ${escapeHtml(p.anonymisedAt)}, when they passed the council's retention period.</strong> Their name, date of birth (all but the year), UPN and everything written about them were removed and their documents deleted; the portal holds only what is shown here.</p>`,
    );
  }

  sections.push(`<h2>Register record</h2>`);
  sections.push(
    list([
      ["Record number", p.id],
      ["First name", p.firstName],
      ["Last name", p.lastName],
      ["Date of birth", p.dateOfBirth],
      ["UPN", p.upn],
      ["School", `${p.school.name} (URN ${p.school.urn})`],
      ["Year group", p.yearGroup],
      ["SEN provision", p.senProvision],
      ["Primary need", p.primaryNeed],
      ["Secondary need", p.secondaryNeed],
      ["Added to the register", p.dateAdded],
      ["Left", p.dateLeft],
    ]),
  );
  sections.push(`<h2>Register history</h2>`);
  sections.push(table("Changes to the register record", ["When", "Who", "What", "Details"], data.registerHistory.map((h) => [h.at, h.by, h.what, h.detail])));

  sections.push(`<h2>Funding requests</h2>`);
  if (data.fundingRequests.length === 0) sections.push(`<p>None.</p>`);
  for (const r of data.fundingRequests) {
    sections.push(`<section><h3>${escapeHtml(r.reference)}: ${escapeHtml(r.scheme)}</h3>`);
    sections.push(
      list([
        ["School", r.school],
        ["Status", r.status],
        ["Amount requested", money(r.amountRequestedPence)],
        ["Period", r.periodStart ? `${r.periodStart} to ${r.periodEnd ?? ""}` : null],
        ["Awarded", r.awardedPence === null ? null : money(r.awardedPence)],
        ["Consent given by", r.consentGivenBy],
        ["Consent date", r.consentDate],
        ["Evidence", r.evidence],
        ["Started by", r.createdBy],
        ["Started", r.createdAt],
        ["Sent to the council", r.submittedAt],
        ["Decided", r.decidedAt],
      ]),
    );
    sections.push(`<h4>Plan</h4>`, table(`${r.reference} plan`, ["Description", "Delivered by", "Hours a week", "Weeks", "Cost"], r.plan.map((l) => [l.description, l.deliveredBy, l.hoursPerWeek, l.weeks, l.costPence === null ? null : money(l.costPence)])));
    sections.push(`<h4>Timeline</h4>`, timelineTable(`${r.reference} timeline`, r.timeline));
    sections.push(
      `<h4>Decisions</h4>`,
      table(`${r.reference} decisions`, ["Decided", "By", "Outcome", "Awarded", "Reason", "Period reason"], r.decisions.map((d) => [d.decidedAt, d.decidedBy, d.corrects ? `${d.outcome} (correction)` : d.outcome, money(d.awardedPence), [d.reason, d.reasonText].filter(Boolean).join(": "), d.periodReason])),
    );
    sections.push(`<h4>Reviews</h4>`, table(`${r.reference} reviews`, ["Review", "Due", "Status", "Progress", "Provision continues", "Changes", "Recorded by", "Recorded"], r.reviews.map((v) => [v.number, v.dueOn, v.status, v.progress, v.provisionContinues === null ? null : v.provisionContinues ? "Yes" : "No", v.changes, v.recordedBy, v.recordedAt])));
    sections.push(`<h4>Case notes</h4>`, table(`${r.reference} case notes`, ["When", "Who", "Note"], r.caseNotes.map((n) => [n.at, n.by, n.body])));
    sections.push(`<h4>Documents</h4>`, documentsTable(`${r.reference} documents`, r.documents), `</section>`);
  }

  sections.push(`<h2>LIFT referrals</h2>`);
  if (data.liftReferrals.length === 0) sections.push(`<p>None.</p>`);
  for (const l of data.liftReferrals) {
    sections.push(`<section><h3>${escapeHtml(l.reference)}</h3>`);
    sections.push(
      list([
        ["School", l.school],
        ["Status", l.status],
        ["Discipline", l.discipline],
        ["Meeting", l.meeting],
        ["What the school has tried", l.coreStandardsTried],
        ["Question for LIFT", l.question],
        ["Agreement to Engage signed by", l.agreementSignedBy],
        ["Agreement signed on", l.agreementSignedOn],
        ["Started by", l.createdBy],
        ["Sent", l.sentAt],
        ["Withdrawn", l.withdrawnAt],
      ]),
    );
    sections.push(`<h4>Timeline</h4>`, timelineTable(`${l.reference} timeline`, l.timeline));
    sections.push(`<h4>Outcomes</h4>`, table(`${l.reference} outcomes`, ["Recorded", "By", "Outcome", "Advice", "Visits allocated"], l.outcomes.map((o) => [o.recordedAt, o.recordedBy, o.kind, o.advice, o.visitsAllocated])));
    sections.push(`<h4>Documents</h4>`, documentsTable(`${l.reference} documents`, l.documents), `</section>`);
  }

  sections.push(`<h2>Specialist visits</h2>`);
  sections.push(table("Specialist teacher visits and clinic bookings", ["When", "Kind", "Teacher", "Place", "Topic", "Status", "Booked by", "Note", "Cancelled reason"], data.specialistVisits.map((v) => [v.startsAt, v.kind, v.teacher, v.place, v.topic, v.status, v.bookedBy, v.outcomeNote, v.cancelledReason])));

  sections.push(`<h2>Champion visit actions</h2>`);
  sections.push(`<p>Inclusion Champion visits are about a school; listed here are the agreed actions whose words name the pupil.</p>`);
  sections.push(table("Agreed actions naming the pupil", ["Visit", "Action", "Owner", "Due", "Status", "Done note"], data.championVisitActions.map((a) => [a.visitedOn, a.description, a.owner, a.dueOn, a.status, a.doneNote])));

  sections.push(`<h2>Who saw or changed these records</h2>`);
  sections.push(table("The audit log's entries about this pupil and their records", ["When", "Who", "Role", "Organisation", "What", "Record"], data.accessLog.map((a) => [a.at, a.by, a.role, a.organisation, a.what, a.record])));

  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;line-height:1.4}table{border-collapse:collapse;margin-bottom:1rem;width:100%}caption{text-align:left;font-weight:bold}th,td{border:1px solid #555;padding:.25rem;text-align:left;vertical-align:top}dt{font-weight:bold}dd{margin:0 0 .5rem 1rem}</style>
</head>
<body>
<main>
${sections.join("\n")}
</main>
</body>
</html>
`;
}
