import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { invitationListAction, invitationListLoader } from "~/auth/invitation-pages.server.ts";
import { InvitationsList } from "~/components/invitations.tsx";

export const handle = { title: "Invitations" };

const PAGES = { permission: "users:manage", base: "/admin/invitations" } as const;

export const loader = (args: LoaderFunctionArgs) => invitationListLoader(args, PAGES);
export const action = (args: ActionFunctionArgs) => invitationListAction(args, PAGES);

export default function Invitations() {
  return (
    <InvitationsList
      base={PAGES.base}
      heading="Invitations"
      intro="Everyone invited to the portal by email. Each link works once, for 7 days from its email; resending sends a new link and the old one stops working."
      data={useLoaderData<typeof loader>()}
      refusal={useActionData<typeof action>()}
    />
  );
}
