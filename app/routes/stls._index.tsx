import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { Table } from "~/components/ui/table.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { can } from "~/domain/access/access.server.ts";
import { stlsOverview } from "~/domain/stls/caseload.server.ts";
import { slotTimes } from "~/domain/stls/slots.server.ts";
import { SLOT_KIND_LABELS, type SlotKind } from "~/domain/stls/visits.workflow.ts";

export const handle = { title: "Specialist teaching and learning service" };

type Visit = { id: number; kind: string; starts_at: Date | string; ends_at: Date | string; place: string; school: string; reference: string | null; outcome_note: string | null; status: string };

/** A visit as a row: when (worded on the server, from its clock), where, which school, which referral. */
const visitRow = (v: Visit) => ({
  id: v.id,
  when: slotTimes(v),
  kind: SLOT_KIND_LABELS[v.kind as SlotKind],
  place: v.place,
  school: v.school,
  reference: v.reference,
  note: v.outcome_note,
  done: v.status === "done",
});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "stls:view");
  const overview = await orUnavailable(() => stlsOverview(context.db, actor));
  const done = new URL(request.url).searchParams.get("done");
  if (overview.view === "teacher") {
    return {
      done,
      overview: {
        ...overview,
        toCome: overview.toCome.map(visitRow),
        notesToWrite: overview.notesToWrite.map(visitRow),
        slots: overview.slots.map((s) => ({ id: s.id, when: slotTimes(s), kind: SLOT_KIND_LABELS[s.kind as SlotKind], place: s.place, topic: s.topic, visitId: s.visit_id })),
        canPublish: can(actor, "stls:visits"),
      },
    };
  }
  if (overview.view === "school") {
    return {
      done,
      overview: {
        ...overview,
        toCome: overview.toCome.map(visitRow),
        past: overview.past.map(visitRow),
        clinics: overview.clinics.map((s) => ({ id: s.id, when: slotTimes(s), place: s.place, topic: s.topic, teacher: s.teacher })),
      },
    };
  }
  return { done, overview };
}

const visitLink = (v: { id: number; when: string }) => <a href={`/stls/visits/${v.id}`}>{v.when}</a>;
const referralLink = (reference: string | null) => (reference ? <a href={`/lift/referrals/${reference}`}>{reference}</a> : "Drop-in clinic");

function TeacherPage({ o }: { o: Extract<ReturnType<typeof useLoaderData<typeof loader>>["overview"], { view: "teacher" }> }) {
  return (
    <>
      {o.canPublish ? (
        <p className="mb-8">
          <a href="/stls/slots/new" className="text-lg font-bold">
            Publish slots
          </a>
        </p>
      ) : null}
      <Table
        caption="Your caseload"
        rowKey={(c) => c.id}
        rows={o.caseload}
        empty="No pupils have been allocated to you by LIFT yet."
        columns={[
          { header: "Pupil", cell: (c) => c.pupil },
          { header: "School", cell: (c) => c.school },
          { header: "Referral", cell: (c) => referralLink(c.reference) },
          { header: "Allocated", numeric: true, cell: (c) => c.allocated },
          { header: "Booked", numeric: true, cell: (c) => c.booked },
          { header: "Done", numeric: true, cell: (c) => c.done },
        ]}
      />
      <Table
        caption="Notes still to write"
        rowKey={(v) => v.id}
        rows={o.notesToWrite}
        empty="Every visit that has taken place has its note."
        columns={[
          { header: "When", cell: visitLink },
          { header: "School", cell: (v) => v.school },
          { header: "Referral", cell: (v) => referralLink(v.reference) },
        ]}
      />
      <Table
        caption="Your visits to come"
        rowKey={(v) => v.id}
        rows={o.toCome}
        empty="No visits or clinic bookings to come."
        columns={[
          { header: "When", cell: visitLink },
          { header: "Kind", cell: (v) => v.kind },
          { header: "School", cell: (v) => v.school },
          { header: "Place", cell: (v) => v.place },
          { header: "Referral", cell: (v) => referralLink(v.reference) },
        ]}
      />
      <Table
        caption="Your published slots"
        rowKey={(s) => s.id}
        rows={o.slots}
        empty="You have no open slots to come."
        columns={[
          { header: "When", cell: (s) => <a href={`/stls/slots/${s.id}`}>{s.when}</a> },
          { header: "Kind", cell: (s) => (s.topic ? `${s.kind}: ${s.topic}` : s.kind) },
          { header: "Place", cell: (s) => s.place },
          { header: "Status", status: true, cell: (s) => (s.visitId ? <Tag colour="blue">Booked</Tag> : <Tag colour="green">Free</Tag>) },
        ]}
      />
    </>
  );
}

function SchoolPage({ o }: { o: Extract<ReturnType<typeof useLoaderData<typeof loader>>["overview"], { view: "school" }> }) {
  return (
    <>
      <Table
        caption="Specialist visits left to book"
        rowKey={(i) => i.id}
        rows={o.toBook}
        empty="No LIFT involvement has visits left to book."
        columns={[
          { header: "Pupil", cell: (i) => i.pupil },
          { header: "Referral", cell: (i) => referralLink(i.reference) },
          { header: "Specialist teacher", cell: (i) => i.specialist },
          { header: "Booked", cell: (i) => `${i.used} of ${i.allocated}` },
          ...(o.canBook ? [{ header: "Action", cell: (i: (typeof o.toBook)[number]) => <a href={`/stls/book/${i.id}`}>Book a visit<span className="sr-only">{` for ${i.pupil}`}</span></a> }] : []),
        ]}
      />
      <Table
        caption="Visits to come"
        rowKey={(v) => v.id}
        rows={o.toCome}
        empty="No visits or clinic bookings to come."
        columns={[
          { header: "When", cell: visitLink },
          { header: "Kind", cell: (v) => v.kind },
          { header: "Place", cell: (v) => v.place },
          { header: "Referral", cell: (v) => referralLink(v.reference) },
        ]}
      />
      <Table
        caption="Past visits"
        rowKey={(v) => v.id}
        rows={o.past}
        empty="No visits have taken place yet."
        columns={[
          { header: "When", cell: visitLink },
          { header: "Kind", cell: (v) => v.kind },
          { header: "Referral", cell: (v) => referralLink(v.reference) },
          { header: "Specialist's note", cell: (v) => (v.note ? <span className="whitespace-pre-line">{v.note}</span> : "Not written yet") },
        ]}
      />
      <Table
        caption="Drop-in clinics with free slots"
        rowKey={(s) => s.id}
        rows={o.clinics}
        empty="There are no free drop-in clinic slots in your district at the moment."
        columns={[
          { header: "When", cell: (s) => s.when },
          { header: "Topic", cell: (s) => s.topic },
          { header: "Specialist teacher", cell: (s) => s.teacher },
          { header: "Place", cell: (s) => s.place },
          ...(o.canBook ? [{ header: "Action", cell: (s: (typeof o.clinics)[number]) => <a href={`/stls/clinics/${s.id}/book`}>Book<span className="sr-only">{` the clinic on ${s.when}`}</span></a> }] : []),
        ]}
      />
    </>
  );
}

export default function StlsHome() {
  const { overview, done } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-5xl">
      <PageHeading caption="STLS">{overview.view === "teacher" ? "Your caseload and visits" : overview.view === "school" ? "Specialist visits and drop-in clinics" : "Specialist slots by district"}</PageHeading>
      {done === "withdrawn" ? (
        <NotificationBanner kind="success" title="Done">
          The slot has been withdrawn.
        </NotificationBanner>
      ) : null}
      {overview.view === "teacher" ? <TeacherPage o={overview} /> : null}
      {overview.view === "school" ? <SchoolPage o={overview} /> : null}
      {overview.view === "figures" ? (
        <Table
          caption="Slots and visits by district"
          rowKey={(d) => d.id}
          rows={overview.districts}
          empty="No specialist teacher has published slots yet."
          columns={[
            { header: "District", cell: (d) => d.name },
            { header: "Open slots to come", numeric: true, cell: (d) => d.toCome },
            { header: "Booked, to come", numeric: true, cell: (d) => d.booked },
            { header: "Done", numeric: true, cell: (d) => d.done },
            { header: "Notes overdue", numeric: true, cell: (d) => d.notesDue },
          ]}
        />
      ) : null}
    </div>
  );
}
