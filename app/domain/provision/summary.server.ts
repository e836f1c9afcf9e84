import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, can } from "../access/access.server.ts";
import { formatDate } from "../../components/format.ts";
import { londonToday } from "../financial-year.ts";
import { overviewRows } from "./overview.server.ts";
import { currentWindow, openWindow } from "./windows.server.ts";

type DB = Kysely<Database>;

/** Resource provision's part of the home page: the returns a host school still has to send, or the council's missing ones. */
export type ProvisionSummary = { term: string; closesOn: string; srps: number; notSent: number; flagged: number } | null;

export async function provisionSummary(db: DB, actor: Actor, now = new Date()): Promise<ProvisionSummary> {
  const manage = can(actor, "provision:manage");
  if (!manage && !can(actor, "provision:return")) return null;
  const today = londonToday(now);
  const window = manage ? await currentWindow(db, today) : await openWindow(db, today);
  if (!window) return null;
  const rows = await overviewRows(db, actor, window, window.academicYear);
  if (rows.length === 0) return null;
  return {
    term: window.label,
    closesOn: formatDate(window.closesOn),
    srps: rows.length,
    notSent: rows.filter((r) => r.returnState !== "sent").length,
    flagged: rows.filter((r) => r.overCommissioned).length,
  };
}
