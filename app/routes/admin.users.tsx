import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { Button } from "~/components/ui/button.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { Table } from "~/components/ui/table.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { listUsers } from "~/domain/users/users.server.ts";

export const handle = { title: "Users" };

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "users:manage");
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  return { users: await orUnavailable(() => listUsers(context.db, actor, { q })), q, created: url.searchParams.get("created") === "1" };
}

export default function Users() {
  const { users, q, created } = useLoaderData<typeof loader>();
  return (
    <>
      {created ? (
        <NotificationBanner kind="success" title="Success">
          The user has been created. They can sign in now.
        </NotificationBanner>
      ) : null}
      <PageHeading>Users</PageHeading>
      <p className="mb-6">
        <a href="/admin/users/new" className="font-bold">
          Create a user
        </a>
      </p>
      <Form method="get" className="mb-6 flex flex-wrap items-end gap-4" role="search" aria-label="Users">
        <div>
          <label htmlFor="q" className="mb-1 block font-bold">
            Name or email address
          </label>
          <input id="q" name="q" type="search" defaultValue={q} className="block border-2 border-ink px-2 py-1.5" />
        </div>
        <Button variant="secondary" className="!mb-0">
          Search
        </Button>
      </Form>
      <Table
        caption={`${users.length} ${users.length === 1 ? "user" : "users"}`}
        rowKey={(u) => u.id}
        rows={users}
        empty="No users match your search."
        columns={[
          { header: "Name", cell: (u) => <a href={`/admin/users/${u.id}`}>{u.name}</a> },
          { header: "Email address", cell: (u) => u.email },
          { header: "Role", cell: (u) => u.roleLabel },
          { header: "School or district", cell: (u) => u.placeLabel },
          { header: "Status", cell: (u) => (u.active ? "Active" : "Deactivated") },
        ]}
      />
    </>
  );
}
