import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDateTime } from "~/components/format.ts";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { Pagination } from "~/components/ui/pagination.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, PageHeading } from "~/components/ui/typography.tsx";
import { ownEntry } from "~/domain/lookup.ts";
import { listCouncilEvents } from "~/domain/training/catalogue-events.server.ts";
import { listProgrammes } from "~/domain/training/catalogue.server.ts";
import { COUNCIL_SHOWS, type CouncilShow, costWords, placesWords } from "~/domain/training/catalogue.words.ts";

export const handle = { title: "Training catalogue" };

const DONE: Record<string, string> = {
  "programme-added": "The programme has been added.",
  "programme-changed": "The programme has been changed.",
  "course-added": "The course has been added.",
  "course-changed": "The course has been changed.",
};

const SHOW_LABELS: Record<CouncilShow, string> = { upcoming: "Upcoming", draft: "Drafts", past: "Past", cancelled: "Cancelled" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:manage");
  const params = new URL(request.url).searchParams;
  const show = (COUNCIL_SHOWS as readonly string[]).includes(params.get("show") ?? "") ? (params.get("show") as CouncilShow) : "upcoming";
  const pageNumber = Number(params.get("page"));
  const page = Number.isSafeInteger(pageNumber) && pageNumber >= 1 && pageNumber <= 10_000 ? pageNumber : 1;
  const now = new Date();
  const [programmes, events] = await orUnavailable(() => Promise.all([listProgrammes(context.db, actor), listCouncilEvents(context.db, actor, show, page, now)]));
  return {
    programmes,
    show,
    page,
    done: ownEntry(DONE, params.get("done")) ?? null,
    events: {
      total: events.total,
      pageCount: events.pageCount,
      rows: events.rows.map((e) => ({
        id: e.id,
        course: e.courseTitle,
        when: formatDateTime(e.startsAt),
        where: [e.districtName, e.online ? "Online" : null].filter(Boolean).join(", "),
        places: e.status === "published" && new Date(e.startsAt) > now ? placesWords(e, now) : `${e.booked} of ${e.places} booked`,
        cost: costWords(e.costPence),
      })),
    },
  };
}

type EventRow = ReturnType<typeof useLoaderData<typeof loader>>["events"]["rows"][number];

export default function CouncilTraining() {
  const { programmes, show, page, events, done } = useLoaderData<typeof loader>();
  return (
    <>
      {done ? (
        <NotificationBanner kind="success" title="Success">
          {done}
        </NotificationBanner>
      ) : null}
      <PageHeading caption="Kent County Council">Training catalogue</PageHeading>
      <p className="mb-6 max-w-3xl">Programmes and their courses, and the dated events schools book. An event is a draft until it is published.</p>
      <p className="mb-8 flex flex-wrap gap-x-6">
        <a href="/council/training/events/new" className="font-bold">
          Add an event
        </a>
        <a href="/council/training/courses/new">Add a course</a>
        <a href="/council/training/programmes/new">Add a programme</a>
        <a href="/training/bespoke">Whole-school training requests</a>
        <a href="/training">Events as schools see them</a>
      </p>
      <H2>Events</H2>
      <nav aria-label="Which events" className="mb-6">
        <ul className="flex flex-wrap gap-x-6 gap-y-2">
          {COUNCIL_SHOWS.map((s) => (
            <li key={s}>
              <a href={`/council/training?show=${s}`} aria-current={show === s ? "page" : undefined} className={show === s ? "font-bold" : undefined}>
                {SHOW_LABELS[s]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Table<EventRow>
        caption={`${SHOW_LABELS[show]} events (${events.total})${events.pageCount > 1 ? `, page ${page} of ${events.pageCount}` : ""}`}
        rowKey={(r) => r.id}
        rows={events.rows}
        stickyFirstColumn
        empty="There are no events here."
        columns={[
          { header: "Course", cell: (r) => <a href={`/council/training/events/${r.id}`}>{r.course}</a> },
          { header: "When", cell: (r) => r.when },
          { header: "Where", cell: (r) => r.where },
          { header: "Cost", cell: (r) => r.cost },
          { header: "Places", status: true, cell: (r) => r.places },
        ]}
      />
      <Pagination page={page} pageCount={events.pageCount} hrefFor={(p) => `/council/training?show=${show}${p > 1 ? `&page=${p}` : ""}`} label="Pages of events" />
      <H2>Programmes and courses</H2>
      {programmes.map((p) => (
        <section key={p.id} className="mb-8" aria-labelledby={`programme-${p.id}`}>
          <h3 id={`programme-${p.id}`} className="mb-2 text-xl font-bold">
            <a href={`/council/training/programmes/${p.id}`}>{p.name}</a> <span className="text-base font-normal text-secondary-ink">{p.provider}</span>
          </h3>
          {p.courses.length ? (
            <ul className="list-disc pl-6">
              {p.courses.map((c) => (
                <li key={c.id}>
                  <a href={`/council/training/courses/${c.id}`}>{c.title}</a>: {c.audience}
                  {c.needAreas.length ? <span className="text-secondary-ink"> ({c.needAreas.join(", ")})</span> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>No courses yet.</p>
          )}
        </section>
      ))}
    </>
  );
}
