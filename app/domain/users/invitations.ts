/** Staff invitations' words, limits and shapes (ADR 59), free of zod so that pages may import them. */

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

/** A CSV of staff: at most this large, with at most this many rows of people. */
export const MAX_CSV_BYTES = 256 * 1024;
export const MAX_CSV_LABEL = "256 KB";
export const MAX_CSV_ROWS = 1000;

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
