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
import { FileField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { PageHeading } from "~/components/ui/typography.tsx";
import { DOCUMENT_TYPES, DOCUMENT_TYPES_TEXT, MAX_DOCUMENT_BYTES, MAX_DOCUMENT_LABEL } from "~/domain/funding/documents.rules.ts";
import { newIdempotencyKey } from "~/domain/references.server.ts";
import { agreementUploadForm, attachAgreement, discardReceivedAgreement, receiveAgreement } from "~/domain/stls/referral-documents.server.ts";
import { referralParam } from "~/domain/stls/referral-queries.server.ts";
import { agreementUploadSchema } from "~/domain/stls/referral.schema.ts";

export const handle = { title: "Upload the signed Agreement to Engage" };

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "lift:refer");
  const reference = referralParam(params);
  const form = await orUnavailable(() => agreementUploadForm(context.db, actor, reference));
  return { reference, ...form, uploadKey: newIdempotencyKey() };
}

/** The upload (ADR 29, ADR 35): the file streams in after the CSRF token and the key, then one use-case attaches it. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "lift:refer");
  const reference = referralParam(params);
  context.allowSlowUpload();
  const upload = await orUnavailable(() =>
    readUploadForm(request, context, {
      fileField: "file",
      maxFileBytes: MAX_DOCUMENT_BYTES,
      receive: (fields, file) => receiveAgreement(context.db, actor, reference, fields, file),
      discard: (received) => discardReceivedAgreement(context.db, received),
    }),
  );
  return formAction(
    { request, context },
    {
      permission: "lift:refer",
      schema: agreementUploadSchema,
      form: upload.form,
      run: (actor, value) => attachAgreement(context.db, actor, reference, value, upload.malformed ? { kind: "refused", problem: "name" } : upload.received, context.requestId),
      done: () => `/lift/referrals/${reference}?done=uploaded`,
    },
  );
}

const ACCEPT = Object.entries(DOCUMENT_TYPES)
  .flatMap(([extension, type]) => [`.${extension}`, ...(extension === "jpg" ? [".jpeg"] : []), type.mime])
  .join(",");

export default function UploadAgreement() {
  const { reference, open, statusLabel, replacing, uploadKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<{ uploadKey: string; file: unknown }>({ id: `agreement-${uploadKey}`, lastResult, shouldValidate: "onSubmit" });
  const errors = errorItems(form.allErrors, { file: fields.file.id }, "file");
  return (
    <div className="max-w-2xl">
      <BackLink href={`/lift/referrals/${reference}/edit/agreement`}>Back to the Agreement to Engage</BackLink>
      <ErrorSummary errors={errors} />
      <PageHeading caption={reference}>Upload the signed Agreement to Engage</PageHeading>
      {open ? (
        <>
          <p className="mb-6">
            A scan or photo of the Agreement to Engage the pupil&apos;s parents signed.{replacing ? " It replaces the one uploaded before, which is kept on record." : ""}
          </p>
          <PortalForm {...getFormProps(form)} encType="multipart/form-data">
            <input type="hidden" name="uploadKey" value={uploadKey} />
            {/* The file comes last: the fields before it are read before the file streams in. */}
            <FileField
              field={fields.file}
              label="Signed Agreement to Engage"
              hint={`${DOCUMENT_TYPES_TEXT}. The file must be smaller than ${MAX_DOCUMENT_LABEL}.${lastResult ? " Choose the file again: browsers do not keep it after an error." : ""}`}
              accept={ACCEPT}
            />
            <Button>Upload the document</Button>
          </PortalForm>
        </>
      ) : (
        <p className="mb-8">
          This referral is {statusLabel.toLowerCase()}: the Agreement to Engage can be changed only while it is a draft. <a href={`/lift/referrals/${reference}`}>See the referral</a>
        </p>
      )}
    </div>
  );
}
