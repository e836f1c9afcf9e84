import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { invitationListAction, invitationListLoader } from "~/auth/invitation-pages.server.ts";
import { InvitationsList } from "~/components/invitations.tsx";

export const handle = { title: "Staff invitations" };

// A headteacher's own school's invitations (ADR 59): the admin's pages, scoped to the school they act for.
const PAGES = { permission: "invitations:school", base: "/school/invitations" } as const;

export const loader = (args: LoaderFunctionArgs) => invitationListLoader(args, PAGES);
export const action = (args: ActionFunctionArgs) => invitationListAction(args, PAGES);

export default function SchoolInvitations() {
  return (
    <InvitationsList
      base={PAGES.base}
      heading="Staff invitations"
      intro="Your school's SENCOs and headteachers invited to the portal by email. Each link works once, for 7 days from its email."
      data={useLoaderData<typeof loader>()}
      refusal={useActionData<typeof action>()}
    />
  );
}
