import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { requireActor } from "~/auth/actor.server.ts";
import { staffCsvAction } from "~/auth/invitation-pages.server.ts";
import { StaffCsvPage } from "~/components/invitations.tsx";

export const handle = { title: "Invite staff from a CSV file" };

// A headteacher's CSV (ADR 59): their own school's SENCOs and headteachers only; any other row is refused.
const PAGES = { permission: "invitations:school", base: "/school/invitations" } as const;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActor(request, context, PAGES.permission);
  return null;
}

export const action = (args: ActionFunctionArgs) => staffCsvAction(args, PAGES);

export default function InviteSchoolStaffFromCsv() {
  return (
    <StaffCsvPage
      base={PAGES.base}
      columnsHint="The file's first row names its columns: email, name, role and school URN. Roles: SENCO or headteacher. The school URN may be left empty; if given, it must be your school's."
      lastResult={useActionData<typeof action>()}
    />
  );
}
