import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { readUploadForm } from "~/auth/upload-form.server.ts";
import { errorItems } from "~/components/conform.ts";
import { BackLink } from "~/components/ui/back-link.tsx";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { FileField, SelectField, TextField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { DOCUMENT_TYPES, DOCUMENT_TYPES_TEXT, MAX_DOCUMENT_BYTES, MAX_DOCUMENT_LABEL, evidenceChoices } from "~/domain/funding/documents.rules.ts";
import { documentUploadSchema } from "~/domain/funding/documents.schema.ts";
import { attachDocument, discardReceived, receiveDocument } from "~/domain/funding/documents.server.ts";
import { getFundingRequest, newIdempotencyKey, referenceParam } from "~/domain/funding/funding.server.ts";

export const handle = { title: "Add a document" };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:draft");
  const reference = referenceParam(params);
  const detail = await orUnavailable(() => getFundingRequest(context.db, actor, reference, context.requestId));
  // Once the request has left the school the page says so (a refused POST shows why here too), with no form.
  return { reference, open: detail.can.edit, statusLabel: detail.statusLabel, evidence: evidenceChoices(detail.scheme.checklist), uploadKey: newIdempotencyKey() };
}

/**
 * The upload (ADR 29): the file streams to the file store as it arrives, after the CSRF token and the text
 * fields that come before it (upload-form.server.ts); then one use-case attaches it, through formAction.
 */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "funding:draft");
  const reference = referenceParam(params);
  // A SENCO on a slow connection: the file may take minutes to arrive (ADR 35). Only now, once they are let in.
  context.allowSlowUpload();
  const upload = await orUnavailable(() =>
    readUploadForm(request, context, {
      fileField: "file",
      maxFileBytes: MAX_DOCUMENT_BYTES,
      receive: (fields, file) => receiveDocument(context.db, actor, reference, fields, file),
      discard: (received) => discardReceived(context.db, received),
    }),
  );
  return formAction(
    { request, context },
    {
      permission: "funding:draft",
      schema: documentUploadSchema,
      form: upload.form,
      run: (actor, value) =>
        attachDocument(context.db, actor, reference, value, upload.malformed ? { kind: "refused", problem: "name" } : upload.received, context.requestId),
      done: () => `/funding/${reference}/documents?done=added`,
    },
  );
}

const ACCEPT = Object.entries(DOCUMENT_TYPES)
  .flatMap(([extension, type]) => [`.${extension}`, ...(extension === "jpg" ? [".jpeg"] : []), type.mime])
  .join(",");

export default function AddFundingDocument() {
  const { reference, open, statusLabel, evidence, uploadKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<{ uploadKey: string; title: string; evidenceKey: string; file: unknown }>({
    id: `document-${uploadKey}`,
    lastResult,
    shouldValidate: "onSubmit",
  });
  const errors = errorItems(form.allErrors, { title: fields.title.id, evidenceKey: fields.evidenceKey.id, file: fields.file.id });
  return (
    <div className="max-w-2xl">
      <BackLink href={`/funding/${reference}/documents`}>Back to the documents</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption={reference}>Add a document</PageHeading>
      {open ? null : (
        <p className="mb-8">
          This request is {statusLabel.toLowerCase()}: documents can be added only while it is with the school.{" "}
          <a href={`/funding/${reference}/documents`}>See its documents</a>
        </p>
      )}
      {open ? <PortalForm {...getFormProps(form)} encType="multipart/form-data">
        <input type="hidden" name="uploadKey" value={uploadKey} />
        <TextField field={fields.title} label="Title" hint="For example, “Educational psychologist report, March 2026”." />
        <SelectField field={fields.evidenceKey} label="Which evidence does it support?" options={evidence.map((e) => ({ value: e.key, label: e.label }))} placeholder="Select" />
        {/* The file comes last: the fields before it are read before the file streams in. */}
        <FileField
          field={fields.file}
          label="File"
          hint={`${DOCUMENT_TYPES_TEXT}. The file must be smaller than ${MAX_DOCUMENT_LABEL}.${lastResult ? " Choose the file again: browsers do not keep it after an error." : ""}`}
          accept={ACCEPT}
        />
        <Button>Add document</Button>
      </PortalForm> : null}
    </div>
  );
}
