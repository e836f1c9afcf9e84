import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDateTime } from "~/components/format.ts";
import { Table } from "~/components/ui/table.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { trainingRecord } from "~/domain/training/training-record.server.ts";

export const handle = { title: "Your school's training record" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "training:book");
  return { record: await orUnavailable(() => trainingRecord(context.db, actor)) };
}

const DAY = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", day: "numeric", month: "long", year: "numeric" });

export default function TrainingRecord() {
  const { record } = useLoaderData<typeof loader>();
  type Attendance = (typeof record.attendances)[number];
  return (
    <div>
      <PageHeading caption="Training">Your school's training record</PageHeading>
      <p className="mb-4 max-w-3xl">
        {`Who from your school attended training from ${DAY.format(new Date(record.from))} to ${DAY.format(new Date(record.to))}: the last two years, which High Needs Funding asks about.`}
      </p>
      <p className="mb-6">
        <a href="/training/record.csv" download>
          Download the record (CSV)
        </a>
      </p>
      <Table
        caption="By area of need"
        rowKey={(a) => a.area}
        rows={record.byArea}
        columns={[
          { header: "Area of need", cell: (a) => a.area },
          { header: "Attendances", cell: (a) => String(a.attendances) },
          { header: "People", cell: (a) => String(a.people) },
          { header: "Hours", cell: (a) => String(a.hours) },
        ]}
      />
      <Table<Attendance>
        caption={`Attendances (${record.attendances.length})`}
        rowKey={(r) => r.id}
        stickyFirstColumn
        empty="Nobody from your school has attended training in the last two years."
        rows={record.attendances}
        columns={[
          { header: "Person", cell: (r) => r.attendee_name },
          { header: "Role", cell: (r) => r.attendee_role },
          { header: "Training", cell: (r) => `${r.title} (${r.programme})` },
          { header: "Areas of need", cell: (r) => r.needAreas.join(", ") },
          { header: "When", cell: (r) => formatDateTime(r.starts_at) },
          { header: "Hours", cell: (r) => String(r.hours) },
        ]}
      />
    </div>
  );
}
