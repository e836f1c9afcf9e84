import { z } from "zod";
import { DB_INTEGER_MAX } from "../record.ts";
import { always, checkScope, email, role, scope } from "./users.schema.ts";

/**
 * The forms of staff invitations (issue 12, ADR 59). The words and limits their pages show are in invitations.ts,
 * which pages import: a value imported from here would bring zod into the browser (tests/integration/bundle.test.ts).
 */

import { INVITATION_LINK_ENDED } from "./invitations.ts";

export { INVITATION_STATES, type InvitationState, INVITATION_STATE_LABELS, type InvitationSummary, INVITATION_DAYS, INVITATION_LINK_ENDED, MAX_CSV_BYTES, MAX_CSV_LABEL, MAX_CSV_ROWS, type StaffCsvRow, type StaffCsvReport } from "./invitations.ts";

const displayName = z
  .string()
  .trim()
  .max(120, "Name must be 120 characters or fewer")
  .optional();

/** The admin's invitation: an address, a name if known, a role and where it applies (as when creating a user). */
export const inviteSchema = z
  .object({ email, displayName, role, ...scope })
  .superRefine(checkScope, always);

/**
 * A headteacher's invitation: their own school's SENCO or headteacher. The role and school are checked again by the
 * use-case, whatever the form sends (a crafted POST naming a council role or another school is refused).
 */
export const schoolInviteSchema = z.object({ email, displayName, role, schoolUrn: scope.schoolUrn });

/** Resending or revoking one invitation from the list. */
export const invitationActionSchema = z.object({
  intent: z.enum(["resend", "revoke"]),
  invitationId: z.coerce.number().int().min(1).max(DB_INTEGER_MAX),
});

/** Accepting: the link's token (a hidden field), a name when the invitation has none, and a password. */
export const acceptInvitationSchema = z.object({
  token: z.string({ error: INVITATION_LINK_ENDED }).max(64),
  displayName,
  password: z
    .string({ error: "Enter a password" })
    .min(1, "Enter a password")
    .max(1024, "Password must be 1024 characters or fewer"),
});

/** A CSV of staff: checked only (nothing sent), or sent. The choice comes before the file (upload-form.server.ts). */
export const staffCsvSchema = z.object({
  intent: z.enum(["check", "send"], { error: "Choose whether to check the file or send the invitations" }),
  file: z.unknown().optional(),
});
