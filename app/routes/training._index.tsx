import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { can } from "~/domain/access/access.server.ts";
import { formatDateTime, formatTime } from "~/components/format.ts";
import { Button } from "~/components/ui/button.tsx";
import { DateInput } from "~/components/ui/date-input.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { Pagination } from "~/components/ui/pagination.tsx";
import { Table } from "~/components/ui/table.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { catalogueHref, readCatalogueFilter } from "~/domain/training/catalogue-filter.ts";
import { catalogueChoices, listUpcomingEvents } from "~/domain/training/catalogue-events.server.ts";
import { costWords, placesWords } from "~/domain/training/catalogue.words.ts";

export const handle = {
  title: (data: unknown) => `${(data as { errors?: unknown[] } | undefined)?.errors?.length ? "Error: " : ""}Training`,
};

/** Upcoming published events the person reaches, filtered by a GET form (it works without JavaScript). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:view");
  const reading = readCatalogueFilter(new URL(request.url).searchParams);
  const now = new Date();
  const [choices, list] = await orUnavailable(() =>
    Promise.all([catalogueChoices(context.db), reading.errors.length ? Promise.resolve(null) : listUpcomingEvents(context.db, actor, reading, now)]),
  );
  return {
    choices,
    filter: reading.filter,
    errors: reading.errors,
    canManage: can(actor, "training:manage"),
    // Where the rest of training is, for whoever may use it.
    links: [
      ...(can(actor, "training:book")
        ? [
            { href: "/training/bookings", label: "Your school's bookings" },
            { href: "/training/record", label: "Your school's training record" },
          ]
        : []),
      ...(can(actor, "training:bespoke") || can(actor, "training:manage") ? [{ href: "/training/bespoke", label: "Whole-school training requests" }] : []),
    ],
    list: list && {
      total: list.total,
      pageCount: list.pageCount,
      // Worded here, once, from the server's clock: the page shows what the server saw.
      rows: list.rows.map((e) => ({
        id: e.id,
        course: e.courseTitle,
        programme: e.programmeName,
        when: `${formatDateTime(e.startsAt)} to ${formatTime(e.endsAt)}`,
        where: [e.venue ? `${e.venue}${e.districtName ? ` (${e.districtName})` : ""}` : null, e.online ? "Online" : null].filter(Boolean).join(" and "),
        places: placesWords(e, now),
        cost: costWords(e.costPence),
      })),
    },
  };
}

const SELECT = "block max-w-full border-2 border-ink bg-white px-2 py-1.5";

function Choice(props: { id: string; name: string; label: string; any: string; value: string; options: { value: string; label: string }[] }) {
  return (
    <div className="max-w-full">
      <label htmlFor={props.id} className="mb-1 block font-bold">
        {props.label}
      </label>
      <select id={props.id} name={props.name} defaultValue={props.value} className={SELECT}>
        <option value="">{props.any}</option>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

type Row = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["list"]>["rows"][number];

export default function TrainingList() {
  const { choices, filter, errors, list, canManage, links } = useLoaderData<typeof loader>();
  const errorOf = (field: "from" | "to") => errors.find((e) => e.field === field);
  const caption = list ? `${list.total} upcoming ${list.total === 1 ? "event" : "events"}, soonest first${list.pageCount > 1 ? `, page ${filter.page} of ${list.pageCount}` : ""}` : "Events";
  return (
    <>
      <ErrorSummary errors={errors.map((e) => ({ fieldId: `training-${e.field}`, message: e.message }))} />
      <PageHeading>Training</PageHeading>
      <p className="mb-6 max-w-3xl">
        Courses for school staff from the council and its partners. Book named staff onto an event; when an event is full, they can join its waiting list.
        {canManage ? (
          <>
            {" "}
            <a href="/council/training">Manage the catalogue</a>.
          </>
        ) : null}
      </p>
      {links.length > 0 ? (
        <nav aria-label="Training" className="mb-8">
          <ul className="flex flex-wrap gap-x-6 gap-y-2">
            {links.map((l) => (
              <li key={l.href}>
                <a href={l.href}>{l.label}</a>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <Form method="get" role="search" aria-label="Training events" className="mb-8">
        <div className="flex flex-wrap items-end gap-4">
          <Choice
            id="training-programme"
            name="programme"
            label="Programme"
            any="Any programme"
            value={filter.programme}
            options={choices.programmes.map((p) => ({ value: String(p.id), label: p.name }))}
          />
          <Choice
            id="training-need-area"
            name="needArea"
            label="Area of need"
            any="Any area of need"
            value={filter.needArea}
            options={choices.needAreas.map((a) => ({ value: a.name, label: a.name }))}
          />
          <Choice
            id="training-district"
            name="district"
            label="District"
            any="Any district"
            value={filter.district}
            options={choices.districts.map((d) => ({ value: String(d.id), label: d.name }))}
          />
        </div>
        <div className="mt-4 flex flex-wrap gap-x-8">
          <DateInput id="training-from" name="from" legend="From" hint="For example, 19 1 2027" value={filter.from} error={errorOf("from")?.message} errorParts={errorOf("from")?.parts} />
          <DateInput id="training-to" name="to" legend="To" value={filter.to} error={errorOf("to")?.message} errorParts={errorOf("to")?.parts} />
        </div>
        <div className="mb-6 flex items-center gap-2">
          <input id="training-free" name="free" type="checkbox" value="yes" defaultChecked={filter.free} className="h-6 w-6" />
          <label htmlFor="training-free">Only events with free places</label>
        </div>
        <Button variant="secondary" className="!mb-0">
          Filter events
        </Button>
        <a href="/training" className="ml-4">
          Clear filters
        </a>
      </Form>
      {list ? (
        <>
          <Table<Row>
            caption={caption}
            rowKey={(r) => r.id}
            rows={list.rows}
            stickyFirstColumn
            empty="No upcoming events match the filter."
            columns={[
              {
                header: "Course",
                cell: (r) => (
                  <>
                    <a href={`/training/events/${r.id}`}>{r.course}</a>
                    <span className="block text-sm text-secondary-ink">{r.programme}</span>
                  </>
                ),
              },
              { header: "When", cell: (r) => r.when },
              { header: "Where", cell: (r) => r.where },
              { header: "Cost", cell: (r) => r.cost },
              { header: "Places", status: true, cell: (r) => r.places },
            ]}
          />
          <Pagination page={filter.page} pageCount={list.pageCount} hrefFor={(p) => catalogueHref(filter, p)} label="Pages of training events" />
        </>
      ) : null}
    </>
  );
}
