import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Actor } from "../access/access.server.ts";
import type { FundingStatus } from "./funding.schema.ts";
import { listFundingRequests } from "./queue.server.ts";
import { reviewsToDo } from "./reviews-list.server.ts";

type DB = Kysely<Database>;

// The funding area's part of each home page's to-do list (ADR 22): what waits for the person, read through the
// area's own list (its scope, its order), so the counts agree with the lists.

/** One thing waiting for the person, with the link that does it. */
export interface ToDoItem {
  /** What it is about: "High Needs Funding, for Oliver Grant" (never a child's needs; the council sees the school, not the pupil). */
  about: string;
  /** What to do, as the link's text: "Sign off HNF-2026-00003". */
  action: string;
  href: string;
  /** "Waiting 6 days", "Sent back 2 days ago". */
  detail: string;
}

/** One kind of work waiting for the person (to sign off, more information needed, to decide). */
export interface ToDoGroup {
  key: string;
  heading: string;
  items: ToDoItem[];
  /** How many there are in all; the page shows the first few and links to the rest. */
  total: number;
  allHref: string;
}

/** How many of each kind of work the home page lists before linking to the rest. */
export const TO_DO_SHOWN = 5;

type WorkKind = { key: string; status: FundingStatus | "awaiting_decision"; heading: string; verb: string; path: (reference: string) => string; since: string };

/** The work each role is waited on for, in the order it matters: what others are waiting for first. */
const WORK: Partial<Record<Actor["role"], WorkKind[]>> = {
  headteacher: [
    { key: "sign-off", status: "awaiting_headteacher", heading: "To sign off", verb: "Review and sign off", path: (r) => `/funding/${r}/sign-off`, since: "Sent" },
  ],
  senco: [
    { key: "more-information", status: "more_information_needed", heading: "More information needed", verb: "Add the information to", path: (r) => `/funding/${r}/edit`, since: "Asked" },
    { key: "drafts", status: "draft", heading: "Drafts to finish", verb: "Continue", path: (r) => `/funding/${r}/edit`, since: "Last changed" },
  ],
  council_officer: [
    { key: "decide", status: "awaiting_decision", heading: "To decide", verb: "Decide", path: (r) => `/funding/${r}/decide`, since: "Waiting" },
  ],
};

function ago(since: string, at: Date, now: Date) {
  const days = Math.max(0, Math.floor((now.getTime() - new Date(at).getTime()) / 86_400_000));
  const words = days === 0 ? "today" : days === 1 ? "1 day" : `${days} days`;
  return since === "Waiting" ? `Waiting ${words === "today" ? "since today" : words}` : `${since} ${words === "today" ? "today" : `${words} ago`}`;
}

/** What waits for the actor, read through the funding area's own list (its scope, its order). */
export async function toDoFor(db: DB, actor: Actor, now: Date): Promise<ToDoGroup[]> {
  const kinds = WORK[actor.role] ?? [];
  if (kinds.length === 0 || (actor.role !== "council_officer" && actor.schoolIds.length === 0)) return [];
  const [reviews, ...lists] = await Promise.all([reviewsToDo(db, actor, now), ...kinds.map((k) => listFundingRequests(db, actor, { status: k.status }, now, TO_DO_SHOWN))]);
  const requests = kinds.map((k, i) => {
    const list = lists[i]!;
    return {
      key: k.key,
      heading: k.heading,
      total: list.total,
      allHref: `/funding?status=${k.status}`,
      items: list.rows.map((r) => ({
        about: actor.role === "council_officer" ? `${r.scheme}, ${r.school}` : `${r.scheme}, for ${r.pupil ?? "the whole school"}`,
        action: `${k.verb} ${r.reference}`,
        href: k.path(r.reference),
        detail: ago(k.since, k.status === "awaiting_decision" ? (r.submittedAt ?? r.updatedAt) : r.updatedAt, now),
      })),
    };
  });
  // An award's reviews (reviews-list.server.ts) after the requests' own work.
  return [...requests, ...reviews];
}
