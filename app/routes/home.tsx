import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { ToDoList } from "~/components/to-do-list.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { getHome } from "~/domain/home/home.server.ts";

export const handle = { title: "Home" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "home:view");
  return { name: actor.name, home: await orUnavailable(() => getHome(context.db, actor)) };
}

export default function Home() {
  const { name, home } = useLoaderData<typeof loader>();
  switch (home.kind) {
    case "school":
      return (
        <>
          <PageHeading caption={`${home.roleLabel}, ${home.school?.name ?? ""}`}>Welcome, {name}</PageHeading>
          <ToDoList groups={home.todo} />
          {home.school ? (
            <>
              <H2>Your school</H2>
              <SummaryList
                rows={[
                  { key: "School", value: <a href={`/schools/${home.school.urn}`}>{home.school.name}</a> },
                  { key: "URN", value: home.school.urn },
                  { key: "District", value: home.school.district },
                  { key: "Phase", value: home.school.phase },
                  { key: "Pupils on roll", value: home.school.numberOnRoll ?? "Not known" },
                ]}
              />
              <H2>Funding requests</H2>
              <SummaryList
                rows={home.funding.map((f) => ({
                  key: f.label,
                  value: f.count === 0 ? "None" : <a href={`/funding?status=${f.status}`}>{`${f.count} ${f.count === 1 ? "request" : "requests"}`}</a>,
                }))}
              />
              <P>
                <a href="/funding">All your school&apos;s funding requests</a>
              </P>
              {home.provision ? (
                <>
                  <H2>Resource provision</H2>
                  <P>
                    <a href="/provision">
                      {home.provision.notSent === 0
                        ? `Every ${home.provision.term} SRP return has been sent.`
                        : `${home.provision.notSent} of your ${home.provision.srps} SRP ${home.provision.srps === 1 ? "return" : "returns"} for ${home.provision.term} still to send, by ${home.provision.closesOn}.`}
                    </a>
                  </P>
                </>
              ) : null}
            </>
          ) : (
            <P>Your account is not linked to a school. Ask the portal administrator to link it.</P>
          )}
        </>
      );
    case "champion":
      return (
        <>
          <PageHeading caption="Inclusion Champion">Welcome, {name}</PageHeading>
          <ToDoList groups={home.todo} />
          <Table
            caption="Your schools"
            rowKey={(s) => s.urn}
            rows={home.schools}
            empty="You are not assigned to any schools yet."
            columns={[
              { header: "School", cell: (s) => <a href={`/schools/${s.urn}`}>{s.name}</a> },
              { header: "District", cell: (s) => s.district },
              { header: "Phase", cell: (s) => s.phase },
            ]}
          />
        </>
      );
    case "stls":
      return (
        <>
          <PageHeading caption="STLS specialist teacher">Welcome, {name}</PageHeading>
          <ToDoList groups={home.todo} />
          <H2>Your district</H2>
          <SummaryList
            rows={[
              { key: "District", value: home.district },
              { key: "Area", value: home.area },
              { key: "Schools", value: <a href="/schools">{home.schoolCount} schools</a> },
              { key: "Specialist resource provisions", value: home.resourcedProvisions },
            ]}
          />
        </>
      );
    case "council":
      return (
        <>
          <PageHeading caption="Council officer">Welcome, {name}</PageHeading>
          <ToDoList groups={home.todo} />
          <H2>The county</H2>
          <SummaryList
            rows={[
              {
                key: "Funding requests waiting for a decision",
                value:
                  home.queue.waiting === 0 ? (
                    "None"
                  ) : (
                    <a href="/funding">
                      {`${home.queue.waiting} ${home.queue.waiting === 1 ? "request" : "requests"}${
                        home.queue.oldestDays !== null ? `, the oldest waiting ${home.queue.oldestDays} ${home.queue.oldestDays === 1 ? "day" : "days"}` : ""
                      }`}
                    </a>
                  ),
              },
              ...(home.provision
                ? [
                    {
                      key: `SRP returns for ${home.provision.term}`,
                      value: (
                        <a href="/council/provision">{`${home.provision.srps - home.provision.notSent} of ${home.provision.srps} in${home.provision.flagged ? `, ${home.provision.flagged} above the places commissioned` : ""}`}</a>
                      ),
                    },
                  ]
                : []),
            ]}
          />
          <Table
            caption="Schools by district"
            rowKey={(d) => d.code}
            rows={home.districts}
            columns={[
              { header: "District", cell: (d) => <a href={`/schools?district=${d.code}`}>{d.name}</a> },
              { header: "Area", cell: (d) => d.area },
              { header: "Schools", cell: (d) => d.schools, numeric: true },
              { header: "Pupils on roll", cell: (d) => d.onRoll.toLocaleString("en-GB"), numeric: true },
              { header: "Resource provisions", cell: (d) => d.resourcedProvisions, numeric: true },
            ]}
          />
        </>
      );
    case "admin":
      return (
        <>
          <PageHeading caption="Administrator">Welcome, {name}</PageHeading>
          <ToDoList groups={home.todo} />
          <H2>The portal</H2>
          <SummaryList
            rows={[
              { key: "Active users", value: home.activeUsers, action: <a href="/admin/users">Manage users</a> },
              { key: "Deactivated users", value: home.deactivatedUsers },
              { key: "Schools", value: home.schools, action: <a href="/schools">View schools</a> },
            ]}
          />
          <P>
            <a href="/admin/users/new">Create a user</a>
          </P>
        </>
      );
  }
}
