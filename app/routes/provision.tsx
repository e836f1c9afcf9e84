import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formatDate } from "~/components/format.ts";
import { Table } from "~/components/ui/table.tsx";
import { Tag } from "~/components/ui/tag.tsx";
import { P, PageHeading } from "~/components/ui/typography.tsx";
import { can } from "~/domain/access/access.server.ts";
import { listSchoolSrps } from "~/domain/provision/register.server.ts";

export const handle = { title: "Resource provision" };

const STATE: Record<string, { label: string; colour: "grey" | "yellow" | "green" }> = {
  not_started: { label: "Not started", colour: "grey" },
  draft: { label: "Draft", colour: "yellow" },
  sent: { label: "Sent", colour: "green" },
};

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "provision:view");
  // Officers see every SRP on their own overview.
  if (can(actor, "provision:manage")) throw redirect("/council/provision");
  const { window, srps } = await orUnavailable(() => listSchoolSrps(context.db, actor));
  return { window: window ? { label: window.label, closesOn: formatDate(window.closesOn) } : null, srps, canReturn: can(actor, "provision:return") };
}

export default function Provision() {
  const { window, srps, canReturn } = useLoaderData<typeof loader>();
  return (
    <div className="max-w-4xl">
      <PageHeading caption="Specialist Resource Provision">Your school&apos;s resource provision</PageHeading>
      {window ? (
        <P>{`The ${window.label} return window is open until ${window.closesOn}. Each SRP sends one return a term: places filled, pupils with EHC plans, admissions, leavers and the waiting list.`}</P>
      ) : (
        <P>No return window is open. The council opens one each term and tells you when.</P>
      )}
      <Table
        caption="Your SRPs"
        rowKey={(s) => s.id}
        rows={srps}
        empty="Your school hosts no Specialist Resource Provision on the council's register."
        stickyFirstColumn
        columns={[
          { header: "SRP", cell: (s) => <a href={`/provision/${s.id}`}>{s.heading}</a> },
          { header: "Designation", cell: (s) => s.designation },
          { header: "Places commissioned", numeric: true, cell: (s) => s.commissioned ?? "Not set" },
          { header: "Status", cell: (s) => s.statusLabel },
          {
            header: window ? `${window.label} return` : "This term's return",
            status: true,
            cell: (s) =>
              s.returnState ? (
                <>
                  <Tag colour={STATE[s.returnState]!.colour}>{STATE[s.returnState]!.label}</Tag>{" "}
                  {canReturn && s.status !== "closed" ? <a href={`/provision/${s.id}/return`}>{s.returnState === "sent" ? "Correct" : "Fill in"}<span className="sr-only">{` the return for ${s.heading}`}</span></a> : null}
                </>
              ) : (
                "No window open"
              ),
          },
        ]}
      />
    </div>
  );
}
