import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { errorItems } from "~/components/conform.ts";
import { FundingDocumentsTable } from "~/components/funding-documents.tsx";
import { reloadAfterPost } from "~/components/revalidate.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { ConfirmStep } from "~/components/ui/confirm-step.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { TextAreaField } from "~/components/ui/field.tsx";
import { NotificationBanner } from "~/components/ui/notification-banner.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { DOCUMENT_TYPES_TEXT, MAX_DOCUMENT_LABEL } from "~/domain/funding/documents.rules.ts";
import { documentWithdrawSchema } from "~/domain/funding/documents.schema.ts";
import { withdrawDocument } from "~/domain/funding/documents.server.ts";
import { getFundingRequest, referenceParam } from "~/domain/funding/funding.server.ts";

export const handle = { title: "Documents" };

// A refused withdrawal (the request has moved on) must show where it is now.
export const shouldRevalidate = reloadAfterPost;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:view");
  const reference = referenceParam(params);
  const detail = await orUnavailable(() => getFundingRequest(context.db, actor, reference, context.requestId));
  const url = new URL(request.url);
  // The confirm step of withdrawing one: a GET naming it, so it works without JavaScript; only its button POSTs.
  const asked = url.searchParams.get("withdraw");
  const withdrawing = detail.can.edit ? detail.documents.find((d) => String(d.id) === asked && !d.withdrawn) : undefined;
  return {
    reference: detail.reference,
    schoolName: detail.school.name,
    canAdd: detail.can.edit,
    documents: detail.documents,
    withdrawing: withdrawing ? { id: withdrawing.id, title: withdrawing.title } : null,
    done: url.searchParams.get("done"),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  // The page is everyone's who sees the request; its one form is the SENCO's. The form is read (CSRF-checked)
  // first, so a form without its token is 403 for every role, before a role without the step's permission gets 404.
  await requireActor(request, context, "funding:view");
  const reference = referenceParam(params);
  const form = await readForm(request, context);
  return formAction(
    { request, context },
    {
      permission: "funding:draft",
      schema: documentWithdrawSchema,
      form,
      run: (actor, value) => withdrawDocument(context.db, actor, reference, value, context.requestId),
      done: () => `/funding/${reference}/documents?done=withdrawn`,
    },
  );
}

const DONE: Record<string, string> = {
  added: "The document has been added.",
  withdrawn: "The document has been withdrawn. It stays on record but the school can no longer open it.",
};

export default function FundingDocumentsPage() {
  const { reference, schoolName, canAdd, documents, withdrawing, done } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<z.input<typeof documentWithdrawSchema>>({ id: `withdraw-document-${withdrawing?.id ?? 0}`, lastResult, shouldValidate: "onSubmit" });
  const errors = [...(form.errors ?? []).map((message) => ({ message })), ...errorItems({ reason: fields.reason.errors ?? [] }, { reason: fields.reason.id })];
  const doneMessage = done && !lastResult && Object.hasOwn(DONE, done) ? DONE[done] : null;
  return (
    <div className="max-w-4xl">
      <BackLink href={`/funding/${reference}`}>{`Back to ${reference}`}</BackLink>
      <ErrorSummary errors={errors} />
      {doneMessage ? (
        <NotificationBanner kind="success" title="Success">
          {doneMessage}
        </NotificationBanner>
      ) : null}
      <PageHeading caption={`${reference} · ${schoolName}`}>Documents</PageHeading>
      {withdrawing ? (
        <ConfirmStep
          heading={`Are you sure you want to withdraw “${withdrawing.title}”?`}
          confirmLabel="Yes, withdraw this document"
          cancelHref={`/funding/${reference}/documents`}
          fields={{ documentId: withdrawing.id }}
          form={getFormProps(form)}
          inputs={<TextAreaField field={fields.reason} label="Why it is being withdrawn (optional)" rows={3} />}
        >
          <p>It stays on the request's record for the audit trail, but nobody at the school can open it after this.</p>
        </ConfirmStep>
      ) : null}
      <p className="mb-6">
        Reports and other evidence that support this request: educational psychologist or therapist reports, the
        provision map, LIFT advice, anything the evidence checklist cites.
      </p>
      <FundingDocumentsTable
        reference={reference}
        documents={documents}
        caption="Documents for this request"
        withdrawHref={canAdd ? (d) => `/funding/${reference}/documents?withdraw=${d.id}#confirm` : undefined}
      />
      {canAdd ? (
        <p className="mb-8">
          <a href={`/funding/${reference}/documents/new`} className="font-bold">
            Add a document
          </a>
          <span className="block text-secondary-ink">
            {DOCUMENT_TYPES_TEXT}, smaller than {MAX_DOCUMENT_LABEL} each.
          </span>
        </p>
      ) : (
        <p className="mb-8 text-secondary-ink">Documents can be added while the request is with the school.</p>
      )}
    </div>
  );
}
