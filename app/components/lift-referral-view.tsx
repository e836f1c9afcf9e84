import type { SerializeFrom } from "@remix-run/node";
import type { ReactNode } from "react";
import { formatDate, formatDateTime, formatTime } from "./format.ts";
import { OutcomeDetails, outcomeTitle } from "./lift-support.tsx";
import { SummaryList } from "./ui/summary-list.tsx";
import { H2 } from "./ui/typography.tsx";
import { formatBytes } from "~/domain/funding/documents.rules.ts";
import type { ReferralDetail } from "~/domain/stls/referral-queries.server.ts";
import type { ReferralSection } from "~/domain/stls/referral-sections.ts";
import type { LiftOutcomeView } from "~/domain/stls/support-records.server.ts";

type Referral = Omit<ReferralDetail, "timeline" | "agreement" | "meeting" | "outcomes"> & {
  meeting: (Omit<NonNullable<ReferralDetail["meeting"]>, "startsAt" | "endsAt"> & { startsAt: string | Date; endsAt: string | Date }) | null;
  agreement: (Omit<NonNullable<ReferralDetail["agreement"]>, "uploadedAt"> & { uploadedAt: string | Date }) | null;
  timeline: (Omit<ReferralDetail["timeline"][number], "at"> & { at: string | Date })[];
  outcomes: SerializeFrom<LiftOutcomeView>[];
};

const multiline = (text: string | null, missing = "Not answered yet") => (text ? <span className="whitespace-pre-line">{text}</span> : missing);

/**
 * A referral's answers, as its pages show them (read-only, or check your answers with "Change" links to each
 * section when `changeHref` is given).
 */
export function ReferralAnswers({ referral, changeHref }: { referral: Referral; changeHref?: (section: ReferralSection) => string }) {
  const change = (section: ReferralSection, what: string): ReactNode =>
    changeHref ? (
      <a href={changeHref(section)}>
        Change<span className="sr-only"> {what}</span>
      </a>
    ) : undefined;
  const { meeting, agreement, saved } = referral;
  return (
    <>
      <H2>Pupil</H2>
      <SummaryList
        rows={[
          { key: "Name", value: referral.pupil.name },
          { key: "Year group", value: referral.pupil.yearGroup },
          { key: "Primary need", value: referral.pupil.primaryNeed },
          { key: "Secondary need", value: referral.pupil.secondaryNeed ?? "None recorded" },
          { key: "School", value: referral.school },
        ]}
      />
      <section id="answers-meeting" tabIndex={-1} aria-label="LIFT meeting">
      <H2>LIFT meeting</H2>
      <SummaryList
        rows={[
          {
            key: "Meeting",
            value: meeting ? `${formatDate(meeting.date)}, ${formatTime(meeting.startsAt)} to ${formatTime(meeting.endsAt)}, ${meeting.groupName}${meeting.cancelled ? " (cancelled)" : ""}` : "Not chosen yet",
            action: change("meeting", "the meeting"),
          },
          ...(meeting ? [{ key: "Where", value: meeting.venue ?? (meeting.onlineUrl ? <a href={meeting.onlineUrl}>Online meeting link</a> : "") }] : []),
          ...(meeting ? [{ key: "Papers due", value: formatDate(meeting.papersDueOn) }] : []),
          ...(referral.carriedCount > 0 ? [{ key: "Moved on", value: `Carried to a later meeting ${referral.carriedCount === 1 ? "once" : `${referral.carriedCount} times`}` }] : []),
        ]}
      />
      </section>
      <section id="answers-request" tabIndex={-1} aria-label="The request">
      <H2>The request</H2>
      <SummaryList
        rows={[
          { key: "Discipline", value: saved.discipline ?? "Not chosen yet", action: change("request", "the discipline") },
          { key: "Tried at Mainstream Core Standards level", value: multiline(saved.coreStandardsTried), action: change("request", "what was tried") },
          { key: "Question for LIFT", value: multiline(saved.question), action: change("request", "the question") },
        ]}
      />
      </section>
      <section id="answers-agreement" tabIndex={-1} aria-label="Agreement to Engage">
      <H2>Agreement to Engage</H2>
      <SummaryList
        rows={[
          { key: "Signed by", value: saved.agreementSignedBy ?? "Not answered yet", action: change("agreement", "who signed") },
          { key: "Date signed", value: saved.agreementSignedOn ? formatDate(saved.agreementSignedOn) : "Not answered yet", action: change("agreement", "the date signed") },
          {
            key: "Signed document",
            value: agreement ? (
              <a href={`/lift/referrals/${referral.reference}/documents/${agreement.id}`}>
                {agreement.fileName} ({formatBytes(agreement.bytes)})
              </a>
            ) : (
              "Not uploaded yet"
            ),
            action: change("agreement", "the signed document"),
          },
        ]}
      />
      </section>
    </>
  );
}

/** LIFT's outcomes, once recorded (one per meeting it was discussed at), told as the support timeline tells them. */
export function ReferralOutcomes({ outcomes }: { outcomes: Referral["outcomes"] }) {
  if (outcomes.length === 0) return null;
  return (
    <>
      <H2>LIFT outcome</H2>
      {outcomes.map((o) => (
        <section key={o.id} className="mb-6" aria-labelledby={`outcome-${o.id}`}>
          <h3 id={`outcome-${o.id}`} className="mb-2 text-xl font-bold">
            {outcomeTitle(o)}
          </h3>
          <OutcomeDetails outcome={o} />
        </section>
      ))}
    </>
  );
}

export function ReferralTimeline({ timeline }: { timeline: Referral["timeline"] }) {
  return (
    <>
      <H2>Timeline</H2>
      <ol className="mb-8 border-l-4 border-border pl-4">
        {[...timeline].reverse().map((e) => (
          <li key={e.id} className="mb-4">
            <p className="font-bold">{e.label}</p>
            <p className="text-secondary-ink">
              {e.who}
              {e.role ? ` (${e.role})` : ""}, {formatDateTime(e.at)}. Status: {e.statusLabel}
            </p>
            {e.comment ? <p className="whitespace-pre-line">{e.comment}</p> : null}
          </li>
        ))}
      </ol>
    </>
  );
}
