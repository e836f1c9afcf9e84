import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import type { MarkReadInput } from "./notifications.schema.ts";

type DB = Kysely<Database>;

export const NOTIFICATIONS_PAGE_SIZE = 50;
/**
 * Unread notifications are counted up to this many ("99+" after that): the count is in every signed-in page's
 * session query, so its cost must not grow with a backlog nobody reads.
 */
export const UNREAD_COUNT_CAP = 100;

export interface NotificationItem {
  id: number;
  message: string;
  /** A path inside the portal. */
  link: string;
  createdAt: Date;
  unread: boolean;
}

/** Only a path inside the portal is ever linked; anything else (never written by the portal) goes home. */
function portalPath(link: string) {
  return link.startsWith("/") && !link.startsWith("//") && !link.includes("\\") ? link : "/home";
}

/**
 * The actor's own notifications, newest first, a page at a time, and the newest unread one's id (what "Mark
 * all as read" covers, so a notification arriving after the page was shown stays unread).
 */
export async function listNotifications(
  db: DB,
  actor: Actor,
  page: number,
): Promise<{ rows: NotificationItem[]; hasMore: boolean; newestUnreadId: number | null }> {
  requirePermission(actor, "notifications:view");
  const [rows, newest] = await Promise.all([
    db
      .selectFrom("notifications")
      .select(["id", "message", "link", "created_at", "read_at"])
      .where("user_id", "=", actor.userId)
      .orderBy("id", "desc")
      .limit(NOTIFICATIONS_PAGE_SIZE + 1)
      .offset(Math.max(0, page - 1) * NOTIFICATIONS_PAGE_SIZE)
      .execute(),
    db
      .selectFrom("notifications")
      .select((eb) => eb.fn.max("id").as("id"))
      .where("user_id", "=", actor.userId)
      .where("read_at", "is", null)
      .executeTakeFirst(),
  ]);
  return {
    hasMore: rows.length > NOTIFICATIONS_PAGE_SIZE,
    newestUnreadId: newest?.id ?? null,
    rows: rows.slice(0, NOTIFICATIONS_PAGE_SIZE).map((r) => ({
      id: r.id,
      message: r.message,
      link: portalPath(r.link),
      createdAt: r.created_at,
      unread: r.read_at === null,
    })),
  };
}

/**
 * Marks the actor's own notifications read: one, or all up to the newest the page showed. Idempotent (a
 * resubmitted form changes nothing more) and limited in SQL to the actor's notifications: another user's id
 * changes nothing. Not audited: it holds no record of a child and changes nothing anyone else sees.
 */
export async function markNotificationsRead(db: DB, actor: Actor, input: MarkReadInput, now = new Date()): Promise<number> {
  requirePermission(actor, "notifications:view");
  let query = db
    .updateTable("notifications")
    .set({ read_at: now })
    .where("user_id", "=", actor.userId)
    .where("read_at", "is", null);
  query = input.intent === "read-all" ? query.where("id", "<=", input.upTo) : query.where("id", "=", input.id);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Opens one of the actor's notifications: marks it read and returns where it points, inside the portal.
 * Another user's notification, or one that does not exist: the same 404.
 */
export async function openNotification(db: DB, actor: Actor, id: number, now = new Date()): Promise<string> {
  requirePermission(actor, "notifications:view");
  const row = await db.selectFrom("notifications").select("link").where("id", "=", id).where("user_id", "=", actor.userId).executeTakeFirst();
  if (!row) notFound();
  await markNotificationsRead(db, actor, { intent: "read-one", id }, now);
  return portalPath(row.link);
}

/**
 * How many unread notifications a user has, up to UNREAD_COUNT_CAP. Pages get the same figure from the session
 * lookup (session.server.ts), in the query that finds the user, so the header costs no extra query.
 */
export async function unreadCount(db: DB, userId: number): Promise<number> {
  const row = await db
    .selectFrom((eb) =>
      eb
        .selectFrom("notifications")
        .select("id")
        .where("user_id", "=", userId)
        .where("read_at", "is", null)
        .limit(UNREAD_COUNT_CAP)
        .as("unread"),
    )
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
