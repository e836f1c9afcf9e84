import { z } from "zod";
import { DB_INTEGER_MAX } from "../record.ts";
import { always, checkScope, email, role, scope } from "./users.schema.ts";

/** Client-safe: the forms of staff invitations (issue 12, ADR 59) and the words their pages use. */

export const INVITATION_STATES = ["pending", "accepted", "expired", "revoked"] as const;
export type InvitationState = (typeof INVITATION_STATES)[number];

export const INVITATION_STATE_LABELS: Record<InvitationState, string> = {
  pending: "Pending",
  accepted: "Accepted",
  expired: "Expired",
  revoked: "Revoked",
};

/** An invitation as its list shows it (`D`: how its dates come, Date on the server, text in the page). */
export interface InvitationSummary<D = Date> {
  id: number;
  email: string;
  name: string | null;
  roleLabel: string;
  place: string;
  invitedBy: string;
  invitedAt: D;
  state: InvitationState;
  /** When its latest link was sent (null: waiting in the outbox), and until when it works. */
  sentAt: D | null;
  expiresAt: D | null;
  acceptedAt: D | null;
  /** Whether it can still be resent or revoked (pending or expired, and not replaced by a newer one). */
  open: boolean;
}

/** A link works for this many days from the email that carries it. */
export const INVITATION_DAYS = 7;

/** What a link that no longer works says (the page, and a POST from it). */
export const INVITATION_LINK_ENDED =
  "This invitation link has expired, has already been used or is not right. Ask the person who invited you to send it again.";

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

/** A CSV of staff: at most this large, with at most this many rows of people. */
export const MAX_CSV_BYTES = 256 * 1024;
export const MAX_CSV_LABEL = "256 KB";
export const MAX_CSV_ROWS = 1000;

/** A CSV of staff: checked only (nothing sent), or sent. The choice comes before the file (upload-form.server.ts). */
export const staffCsvSchema = z.object({
  intent: z.enum(["check", "send"], { error: "Choose whether to check the file or send the invitations" }),
  file: z.unknown().optional(),
});

/** One row of a CSV's report, as the page shows it. */
export interface StaffCsvRow {
  /** The row's number in the file, the header being row 1 (as a spreadsheet numbers it). */
  row: number;
  email: string;
  outcome: "invited" | "to_invite" | "refused";
  /** Why it was refused, or the role and place it invites to. */
  detail: string;
}

export interface StaffCsvReport {
  sent: boolean;
  fileName: string;
  rows: StaffCsvRow[];
  invited: number;
  refused: number;
}
