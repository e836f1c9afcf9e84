import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requireActor } from "~/auth/actor.server.ts";
import { staffCsvAction } from "~/auth/invitation-pages.server.ts";
import { StaffCsvPage } from "~/components/invitations.tsx";

export const handle = { title: "Invite staff from a CSV file" };

const PAGES = { permission: "users:manage", base: "/admin/invitations" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActor(request, context, PAGES.permission);
  return null;
}

export const action = (args: ActionFunctionArgs) => staffCsvAction(args, PAGES);

export default function InviteFromCsv() {
  return (
    <StaffCsvPage
      base={PAGES.base}
      columnsHint="The file's first row names its columns: email, name, role and school URN. Roles: SENCO, headteacher or Inclusion Champion (each with their school's URN), council officer or administrator (no URN). Invite STLS specialist teachers one at a time: they need a district."
      lastResult={useActionData<typeof action>()}
    />
  );
}
