import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type ActionFunctionArgs, data, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import type { z } from "zod";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, replyUnavailable, unlessUnavailable } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { refusalStatus } from "~/auth/form-action.server.ts";
import { acceptInvitation, invitationOffer } from "~/auth/invitation.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDateTime } from "~/components/format.ts";
import { Button } from "~/components/ui/button.tsx";
import { ConfirmationPanel } from "~/components/ui/confirmation-panel.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { acceptInvitationSchema } from "~/domain/users/invitations.schema.ts";
import { INVITATION_LINK_ENDED } from "~/domain/users/invitations.ts";

export const handle = { title: "Accept your invitation" };

/**
 * Accepting a staff invitation (ADR 59). The link's token is in the query (request logs carry paths, never queries),
 * as a reset link's is; it goes back in a hidden field. Once accepted, the page says so and the person signs in.
 */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const accepted = url.searchParams.get("accepted");
  if (accepted === "new" || accepted === "existing") return { accepted, token: "", offer: null };
  const token = url.searchParams.get("token") ?? "";
  const offer = await orUnavailable(() => invitationOffer(context.db, token));
  return { accepted: null, token: offer ? token : "", offer };
}

/** Anyone with the link may accept: the steps formAction takes are taken here by hand (as the reset page's are). */
export async function action({ request, context }: ActionFunctionArgs) {
  const form = await readForm(request, context);
  const submission = parseWithZod(form, { schema: acceptInvitationSchema });
  const hideFields = ["password"];
  if (submission.status !== "success") return data(submission.reply({ hideFields }), { status: 400 });
  const value = submission.value;
  const attempt = await unlessUnavailable(() =>
    acceptInvitation(context.db, { ...value, ip: context.clientIp, requestId: context.requestId, limits: context.signInLimits }),
  );
  if (!attempt.available) return replyUnavailable(submission, hideFields);
  const result = attempt.value;
  if (!result.ok) {
    return data(submission.reply({ fieldErrors: result.fieldErrors, formErrors: result.formError ? [result.formError] : undefined, hideFields }), { status: refusalStatus(result) });
  }
  throw redirect(`/invitation?accepted=${result.existingAccount ? "existing" : "new"}`);
}

export default function AcceptInvitation() {
  const { accepted, token, offer } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof acceptInvitationSchema>>({ id: "accept-invitation", lastResult, shouldValidate: "onSubmit" });
  const errors = errorItems(form.allErrors, { displayName: fields.displayName.id, password: fields.password.id }, "password");
  if (accepted) {
    return (
      <div className="max-w-xl">
        <ConfirmationPanel
          title={accepted === "new" ? "Your account is ready" : "The role has been added to your account"}
          next={
            <>
              <p className="mb-4">
                {accepted === "new" ? "Sign in with your email address and the password you chose." : "Sign in as usual: you can switch to the new role in the header."}
              </p>
              <p>
                <a href="/login">Sign in</a>
              </p>
            </>
          }
        />
      </div>
    );
  }
  if (!offer) {
    return (
      <div className="max-w-xl">
        <ErrorSummary errors={errors} />
        <PageHeading>This link no longer works</PageHeading>
        <p className="mb-4">{INVITATION_LINK_ENDED}</p>
        <p className="mb-4">An invitation link works once, for 7 days. Sending the invitation again makes a new link, and the older ones stop working.</p>
        <p className="mb-4">
          If you already have an account, <a href="/login">sign in</a>.
        </p>
      </div>
    );
  }
  const summary = (
    <SummaryList
      rows={[
        { key: "Email address", value: <span className="break-all">{offer.email}</span> },
        { key: "Role", value: `${offer.roleLabel}, ${offer.place}` },
        { key: "Invited by", value: offer.invitedBy },
        { key: "Link works until", value: formatDateTime(offer.expiresAt) },
      ]}
    />
  );
  if (offer.deactivated) {
    return (
      <div className="max-w-xl">
        <PageHeading>Your invitation</PageHeading>
        {summary}
        <p className="mb-4">Your account on the portal is deactivated. Ask the administrator to reactivate it; then this role can be added to it.</p>
      </div>
    );
  }
  return (
    <div className="max-w-xl">
      <ErrorSummary errors={errors} />
      <PageHeading>{offer.existingAccount ? "Add this role to your account" : "Create your account"}</PageHeading>
      <p className="mb-4">You have been invited to the Kent SEND inclusion portal.</p>
      {summary}
      <PortalForm {...getFormProps(form)}>
        <input type="hidden" name="token" value={token} />
        {offer.existingAccount ? (
          <>
            <p className="mb-4">This address already has an account. Confirm with its password and the role is added to it.</p>
            <TextField field={fields.password} label="Your password" type="password" autoComplete="current-password" />
            <Button>Add the role to my account</Button>
          </>
        ) : (
          <>
            {offer.displayName ? (
              <p className="mb-4">
                Your name on the portal will be <strong>{offer.displayName}</strong>.
              </p>
            ) : (
              <TextField field={fields.displayName} label="Full name" autoComplete="name" />
            )}
            <TextField
              field={fields.password}
              label="Choose a password"
              hint="At least 8 characters. A long phrase of several words is easier to remember and harder to guess."
              type="password"
              autoComplete="new-password"
            />
            <Button>Create my account</Button>
          </>
        )}
      </PortalForm>
    </div>
  );
}
