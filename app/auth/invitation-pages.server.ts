import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { Permission } from "../domain/access/roles.ts";
import { inviteSchema, invitationActionSchema, MAX_CSV_BYTES, schoolInviteSchema, staffCsvSchema } from "../domain/users/invitations.schema.ts";
import { inviteStaff, listInvitations, resendInvitation, revokeInvitation } from "../domain/users/invitations.server.ts";
import { inviteStaffCsv, receiveStaffCsv } from "../domain/users/invitations-csv.server.ts";
import { orUnavailable, requireActor } from "./actor.server.ts";
import { formAction } from "./form-action.server.ts";
import { readUploadForm } from "./upload-form.server.ts";

/**
 * The loaders and actions of the staff invitation pages (ADR 59), for the admin's (/admin/invitations, users:manage)
 * and a headteacher's (/school/invitations, invitations:school) alike: the page's permission and address differ,
 * the use-cases are the same (they scope by who is calling).
 */
type Pages = { permission: Permission; base: string };

export async function invitationListLoader({ request, context }: LoaderFunctionArgs, pages: Pages) {
  const actor = await requireActor(request, context, pages.permission);
  const url = new URL(request.url);
  const page = Math.min(10_000, Math.max(1, Number(url.searchParams.get("page")) || 1));
  const { rows, hasMore } = await orUnavailable(() => listInvitations(context.db, actor, { page }));
  return { rows, hasMore, page, done: url.searchParams.get("done") };
}

/** Resend or revoke one invitation of the list. */
export function invitationListAction({ request, context }: ActionFunctionArgs, pages: Pages) {
  return formAction(
    { request, context },
    {
      permission: pages.permission,
      schema: invitationActionSchema,
      invalidMessage: "This form is out of date. Reload the page and try again.",
      run: (actor, value) => (value.intent === "resend" ? resendInvitation : revokeInvitation)(context.db, actor, value, context.requestId),
      done: (_result, _actor, value) => `${pages.base}?done=${value.intent === "resend" ? "resent" : "revoked"}`,
    },
  );
}

/** One invitation: the admin's form (any role and place) or a headteacher's (their school's SENCO or headteacher). */
export function inviteAction({ request, context }: ActionFunctionArgs, pages: Pages & { form: "county" | "school" }) {
  return formAction(
    { request, context },
    {
      permission: pages.permission,
      schema: pages.form === "county" ? inviteSchema : schoolInviteSchema,
      run: (actor, value) => inviteStaff(context.db, actor, value, context.requestId),
      done: () => `${pages.base}?done=invited`,
    },
  );
}

/**
 * A CSV of staff (upload-form.server.ts): the choice (check or send) before the file, the file read as it streams in
 * up to MAX_CSV_BYTES; then one use-case, whose report is shown on the page (200), never a redirect.
 */
export async function staffCsvAction({ request, context }: ActionFunctionArgs, pages: Pages) {
  await requireActor(request, context, pages.permission);
  const upload = await orUnavailable(() =>
    readUploadForm(request, context, { fileField: "file", maxFileBytes: MAX_CSV_BYTES, receive: (_fields, file) => receiveStaffCsv(file), discard: async () => {} }),
  );
  const received = upload.malformed ? { fileName: "", problem: "The file's name could not be read. Rename the file and choose it again." } : upload.received;
  return formAction(
    { request, context },
    {
      permission: pages.permission,
      schema: staffCsvSchema,
      form: upload.form,
      run: (actor, value) => inviteStaffCsv(context.db, actor, { received, send: value.intent === "send" }, context.requestId),
      done: () => pages.base,
      show: (result) => ({ report: result.report }),
    },
  );
}
