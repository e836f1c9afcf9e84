import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDate } from "~/components/format.ts";
import { reloadAfterPost, useFormVersion } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextAreaField, TextField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { SummaryList } from "~/components/ui/summary-list.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { WarningText } from "~/components/ui/warning-text.tsx";
import { idParam, notFound } from "~/domain/access/access.server.ts";
import { ownEntry } from "~/domain/lookup.ts";
import { RETURN_FIGURES } from "~/domain/provision/provision-codes.ts";
import { returnDraftSchema, returnSendSchema } from "~/domain/provision/return.schema.ts";
import { getReturnPage, saveReturnDraft, sendReturn } from "~/domain/provision/returns.server.ts";

type Loaded = { page?: { window: { label: string } | null } } | undefined;
export const handle = { title: (d: unknown) => ((d as Loaded)?.page?.window ? `${(d as Loaded)!.page!.window!.label} SRP return` : "SRP return") };
export const shouldRevalidate = reloadAfterPost;

const DONE: Record<string, string> = {
  draft: "Your draft has been saved. Send it when every figure is in.",
  sent: "Your return has been sent to the council. You can correct it until the window closes.",
};

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "provision:return");
  const id = idParam(params.srpId);
  const page = await orUnavailable(() => getReturnPage(context.db, actor, id));
  const done = ownEntry(DONE, new URL(request.url).searchParams.get("done")) ?? null;
  return {
    page: { ...page, window: page.window ? { ...page.window, opens: formatDate(page.window.opensOn), closes: formatDate(page.window.closesOn) } : null, nextOpens: page.next ? `${page.next.label}: opens ${formatDate(page.next.opensOn)}` : null },
    done,
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  await requireActor(request, context, "provision:return");
  const id = idParam(params.srpId);
  const form = await readForm(request, context);
  const intent = String(form.get("intent") ?? "");
  const { db, requestId } = context;
  const common = { permission: "provision:return" as const, form, answers: "return" };
  if (intent === "draft") {
    return formAction({ request, context }, { ...common, schema: returnDraftSchema, run: (actor, value) => saveReturnDraft(db, actor, id, value, requestId), done: () => `/provision/${id}/return?done=draft` });
  }
  if (intent === "send") {
    return formAction({ request, context }, { ...common, schema: returnSendSchema, run: (actor, value) => sendReturn(db, actor, id, value, requestId), done: () => `/provision/${id}/return?done=sent` });
  }
  notFound();
}

export default function SrpReturn() {
  const { page, done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const formVersion = useFormVersion(page.version, lastResult);
  const defaults = Object.fromEntries(RETURN_FIGURES.map((f) => [f.key, page.figures[f.key] === null ? "" : String(page.figures[f.key])]));
  const [form, fields] = useForm<z.input<typeof returnSendSchema>>({
    id: `srp-return-${formVersion}`,
    lastResult,
    shouldValidate: "onSubmit",
    defaultValue: { ...defaults, comment: page.comment ?? "" },
  });
  const ids = { ...Object.fromEntries(RETURN_FIGURES.map((f) => [f.key, fields[f.key].id])), comment: fields.comment.id };
  const errors = errorItems(form.allErrors, ids, "placesFilled");
  const filled = page.figures.placesFilled;
  const sent = page.status === "sent";
  return (
    <div className="max-w-3xl">
      <BackLink href={`/provision/${page.srp.id}`}>Back to the SRP</BackLink>
      <ErrorSummary errors={errors} />
      {done && !lastResult ? (
        <NotificationBanner kind="success" title="Success">
          {done}
        </NotificationBanner>
      ) : null}
      <PageHeading caption={`${page.srp.school}, ${page.srp.heading}`}>{page.window ? `${page.window.label} return` : "Termly return"}</PageHeading>
      {!page.window ? (
        <P>{`No return window is open today.${page.nextOpens ? ` The next: ${page.nextOpens}.` : ""} The council opens one each term.`}</P>
      ) : (
        <>
          <SummaryList
            rows={[
              { key: "Window", value: `${page.window.opens} to ${page.window.closes}` },
              { key: "Places commissioned", value: page.commissioned === null ? "Not set by the council for this year" : String(page.commissioned) },
              { key: "Pupils marked on your register as in this SRP", value: String(page.registerCount) },
              { key: "Status", value: page.status === null ? "Not started" : sent ? `Sent (version ${page.sentVersions[0]?.number ?? 1})` : "Draft" },
            ]}
          />
          {filled !== null && filled !== page.registerCount ? (
            <WarningText>
              {`Your return says ${filled} ${filled === 1 ? "place" : "places"} filled, but your pupil register marks ${page.registerCount} current ${page.registerCount === 1 ? "pupil" : "pupils"} as in this SRP. Check both before you send: mark pupils on their record in the pupil register.`}
            </WarningText>
          ) : null}
          {page.commissioned !== null && filled !== null && filled > page.commissioned ? (
            <WarningText>{`Places filled (${filled}) is more than the ${page.commissioned} commissioned. You can send it, with a comment saying why: the council will see it flagged.`}</WarningText>
          ) : null}
          {page.can.send ? (
            <PortalForm {...getFormProps(form)}>
              <input type="hidden" name="windowId" value={page.window.id} />
              <input type="hidden" name="version" value={page.version} />
              {RETURN_FIGURES.map((f) => (
                <TextField key={f.key} field={fields[f.key]} label={f.label} hint={f.hint} inputMode="numeric" width="w-24" spellCheck={false} />
              ))}
              <TextAreaField field={fields.comment} label="Comment (optional)" hint="Anything the council should know. Needed when places filled is more than commissioned. Do not name pupils." rows={4} />
              <div className="flex flex-wrap gap-4">
                <Button name="intent" value="send">
                  {sent ? "Send the correction" : "Send the return"}
                </Button>
                {page.can.save ? (
                  <Button name="intent" value="draft" variant="secondary">
                    Save as draft
                  </Button>
                ) : null}
              </div>
            </PortalForm>
          ) : (
            <P>This SRP is closed: it sends no more returns.</P>
          )}
          {page.sentVersions.length > 0 ? (
            <>
              <H2>Versions sent</H2>
              <ul className="mb-6 list-disc pl-6">
                {page.sentVersions.map((v) => (
                  <li key={v.number}>{`Version ${v.number}: ${v.placesFilled} places filled, sent by ${v.by}, ${v.sentAt}${v.overCommissioned ? " (above the places commissioned)" : ""}`}</li>
                ))}
              </ul>
            </>
          ) : null}
          {page.timeline.length > 0 ? (
            <>
              <H2>History</H2>
              <ul className="mb-6 list-disc pl-6">
                {page.timeline.map((e) => (
                  <li key={e.id}>{`${e.label}: ${e.who}, ${e.at}`}</li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      )}
    </div>
  );
}
