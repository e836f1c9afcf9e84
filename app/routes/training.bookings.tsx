import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDateTime } from "~/components/format.ts";
import { Pagination } from "~/components/ui/pagination.tsx";
import { Table } from "~/components/ui/table.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { type SchoolBookingRow, listSchoolBookings } from "~/domain/training/booking-views.server.ts";

export const handle = { title: "Your school's training bookings" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:book");
  const url = new URL(request.url);
  const show = url.searchParams.get("show") === "past" ? "past" : "upcoming";
  const page = Math.min(10_000, Math.max(1, Number.parseInt(url.searchParams.get("page") ?? "1", 10) || 1));
  return { list: await orUnavailable(() => listSchoolBookings(context.db, actor, { show, page })) };
}

function StatusTag({ row }: { row: SchoolBookingRow }) {
  if (row.status === "cancelled") return <Tag colour="grey">{row.cancelled_why === "event_cancelled" ? "Event cancelled" : "Cancelled"}</Tag>;
  if (row.status === "waiting") return <Tag colour="yellow">{`Waiting list: number ${row.position}`}</Tag>;
  if (row.attended === true) return <Tag colour="green">Attended</Tag>;
  if (row.attended === false) return <Tag colour="red">Did not attend</Tag>;
  return <Tag colour="blue">Booked</Tag>;
}

export default function TrainingBookings() {
  const { list } = useLoaderData<typeof loader>();
  const shows = [
    { value: "upcoming", label: "Upcoming" },
    { value: "past", label: "Past" },
  ] as const;
  return (
    <div>
      <PageHeading caption="Training">Your school's bookings</PageHeading>
      <p className="mb-4 max-w-3xl">
        <a href="/training">Find training to book</a> · <a href="/training/record">Your school's training record</a> ·{" "}
        <a href="/training/bookings/lead">Who is copied on booking emails</a>
      </p>
      <nav aria-label="Which bookings" className="mb-6">
        <ul className="flex gap-x-6">
          {shows.map((s) => (
            <li key={s.value}>
              <a href={`/training/bookings?show=${s.value}`} aria-current={list.show === s.value ? "page" : undefined} className={list.show === s.value ? "font-bold" : undefined}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <Table<SchoolBookingRow>
        caption={`${list.show === "upcoming" ? "Upcoming" : "Past"} bookings (${list.total})`}
        rowKey={(r) => r.id}
        stickyFirstColumn
        empty={list.show === "upcoming" ? "Your school has no upcoming bookings." : "Your school has no past bookings."}
        rows={list.rows}
        columns={[
          { header: "Person", cell: (r) => <a href={`/training/bookings/${r.id}`}>{r.attendee_name}</a> },
          { header: "Role", cell: (r) => r.attendee_role },
          { header: "Training", cell: (r) => r.title },
          { header: "When", cell: (r) => formatDateTime(r.starts_at) },
          { header: "Status", status: true, cell: (r) => <StatusTag row={r} /> },
        ]}
      />
      <Pagination page={list.page} pageCount={list.pages} hrefFor={(page) => `/training/bookings?show=${list.show}&page=${page}`} label="Pages of bookings" />
    </div>
  );
}
