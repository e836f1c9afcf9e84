import { getFormProps, useForm } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { formAction } from "~/auth/form-action.server.ts";
import { readUploadForm } from "~/auth/upload-form.server.ts";
import { errorItems } from "~/components/conform.ts";
import { formatDateTime } from "~/components/format.ts";
import { Button } from "~/components/ui/button.tsx";
import { ErrorSummary } from "~/components/ui/error-summary.tsx";
import { FileField } from "~/components/ui/field.tsx";
import { PortalForm } from "~/components/ui/portal-form.tsx";
import { Table } from "~/components/ui/table.tsx";
import { H2, P, PageHeading } from "~/components/ui/typography.tsx";
import { GIAS_MAX_BYTES, GIAS_MAX_LABEL, GIAS_REQUIRED } from "~/domain/schools/gias-columns.ts";
import { recentGiasImports } from "~/domain/schools/gias-import-views.server.ts";
import { discardGiasFile, giasLaCode, receiveGiasFile, startGiasImport } from "~/domain/schools/gias-import.server.ts";
import { IMPORT_STATUS_LABELS } from "~/domain/schools/gias-words.ts";

export const handle = { title: "Import schools from GIAS" };

const uploadSchema = z.object({});

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "schools:import");
  const imports = await orUnavailable(() => recentGiasImports(context.db, actor));
  return { imports, laCode: giasLaCode() };
}

/**
 * The upload (ADR 62): the file streams to a temporary file as it arrives (upload-form.server.ts, at most 60 MB),
 * then its dry run is read from there and stored; the page of the import shows it.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  await requireActor(request, context, "schools:import");
  context.allowSlowUpload();
  const upload = await orUnavailable(() =>
    readUploadForm(request, context, { fileField: "file", maxFileBytes: GIAS_MAX_BYTES, receive: (_fields, file) => receiveGiasFile(file), discard: discardGiasFile }),
  );
  try {
    return await formAction(
      { request, context },
      {
        permission: "schools:import",
        schema: uploadSchema,
        form: upload.form,
        run: async (actor) => {
          const received = upload.received;
          if (upload.malformed) return { ok: false, fieldErrors: { file: ["The file's name could not be read: rename it (letters, digits and dashes) and try again."] } };
          if (!received || (received.bytes === 0 && received.fileName === "")) return { ok: false, fieldErrors: { file: ["Choose a GIAS extract (a CSV file) to upload."] } };
          return startGiasImport(context.db, actor, received, { laCode: giasLaCode(), requestId: context.requestId });
        },
        done: (result) => `/admin/schools/import/${result.importId}`,
      },
    );
  } finally {
    // The dry run is stored: the temporary file is not needed once it has been read (or refused).
    await discardGiasFile(upload.received);
  }
}

export default function ImportSchools() {
  const { imports, laCode } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useForm<{ file: unknown }>({ id: "gias-upload", lastResult, shouldValidate: "onSubmit" });
  const errors = errorItems(form.allErrors, { file: fields.file.id });
  return (
    <div className="max-w-5xl">
      <ErrorSummary errors={errors} />
      <PageHeading>Import schools from GIAS</PageHeading>
      <P>
        Upload an extract from Get Information About Schools (GIAS) as CSV. The portal keeps the schools of LA {laCode}, matched by URN: you see
        what would be created, changed and closed, and the rows it cannot use, before anything changes. Closed schools stay in the portal with
        their records, but their staff can no longer act for them.
      </P>
      <P>The file needs these columns (GIAS&apos;s own headers): {GIAS_REQUIRED.join(", ")}.</P>
      <PortalForm {...getFormProps(form)} encType="multipart/form-data">
        <FileField
          field={fields.file}
          label="GIAS extract (CSV)"
          hint={`The file must be smaller than ${GIAS_MAX_LABEL}.${lastResult ? " Choose the file again: browsers do not keep it after an error." : ""}`}
          accept=".csv,text/csv"
        />
        <Button>Upload and check</Button>
      </PortalForm>

      <H2>Imports</H2>
      <Table
        caption="The last 20 imports, newest first"
        rowKey={(i) => i.id}
        rows={imports}
        empty="No file has been imported yet."
        columns={[
          { header: "Uploaded", cell: (i) => <a href={`/admin/schools/import/${i.id}`}>{formatDateTime(i.uploadedAt)}</a> },
          { header: "By", cell: (i) => i.uploadedBy },
          { header: "File", cell: (i) => <span className="break-all">{i.fileName}</span> },
          { header: "SHA-256", cell: (i) => <span className="break-all font-mono text-sm">{i.sha256 ?? "Not read"}</span> },
          { header: "Status", cell: (i) => IMPORT_STATUS_LABELS[i.status] ?? i.status },
          { header: "Created", cell: (i) => i.creates, numeric: true },
          { header: "Updated", cell: (i) => i.updates, numeric: true },
          { header: "Closed", cell: (i) => i.closures, numeric: true },
          { header: "Refused rows", cell: (i) => i.refused, numeric: true },
          { header: "Report", cell: (i) => (i.status === "refused" ? "None" : <a href={`/admin/schools/import/${i.id}/report.csv`} download>CSV<span className="sr-only"> report of import {i.id}</span></a>) },
        ]}
      />
    </div>
  );
}
