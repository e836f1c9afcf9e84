import type { Actor } from "../access/access.server.ts";
import { type DB, visibleTo } from "./store.server.ts";

/**
 * Which request a request renews, and which renews it (issue 8), as the actor may see them: both pages show the
 * other's reference as a link.
 */
export async function renewalLinks(db: DB, actor: Actor, request: { id: number; renewsId: number | null }) {
  const [renews, renewedBy] = await Promise.all([
    request.renewsId === null
      ? Promise.resolve(undefined)
      : db.selectFrom("funding_requests").select("reference").where("id", "=", request.renewsId).where(visibleTo(actor)).executeTakeFirst(),
    db.selectFrom("funding_requests").select("reference").where("renews_request_id", "=", request.id).where(visibleTo(actor)).executeTakeFirst(),
  ]);
  return { renews: renews?.reference ?? null, renewedBy: renewedBy?.reference ?? null };
}
