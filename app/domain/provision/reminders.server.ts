import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { formatDate } from "../../components/format.ts";
import { londonToday } from "../financial-year.ts";
import { notifyUsers, schoolStaffIds } from "../notifications/notify.server.ts";
import type { Result } from "../result.ts";
import { termLabel } from "./provision-codes.ts";
import { overviewRows } from "./overview.server.ts";
import { toWindow } from "./windows.server.ts";

/**
 * One action for the council (ADR 50): a reminder to every school missing the current term's return, through the
 * notifications outbox (in the portal and by email, to the school's SENCOs and headteachers). Each school is
 * reminded at most once a London day however often the button is pressed: srp_return_reminders' unique key
 * (window, school, day) decides, in the same transaction as the notifications, so two officers pressing at once
 * send one reminder each school. Every reminder sent is a row the overview lists (school, when, by whom, how many
 * people), and the action is audited with its counts.
 */

type DB = Kysely<Database>;

export async function remindMissingReturns(db: DB, actor: Actor, input: { windowId: number }, requestId: string, now = new Date()): Promise<Result<{ reminded: number; already: number }>> {
  requirePermission(actor, "provision:manage");
  const today = londonToday(now);
  return db.transaction().execute(async (trx): Promise<Result<{ reminded: number; already: number }>> => {
    const row = await trx.selectFrom("srp_return_windows").select(["id", "academic_year", "term", "opens_on", "closes_on", "version"]).where("id", "=", input.windowId).executeTakeFirst();
    if (!row) return { ok: false, formError: "This form is out of date. Reload the page and try again." };
    if (today < row.opens_on || today > row.closes_on) {
      return { ok: false, formError: `The ${termLabel(row)} return window is not open (${formatDate(row.opens_on)} to ${formatDate(row.closes_on)}): there is nothing to remind schools of.` };
    }
    const window = toWindow(row);
    const missing = new Map<number, string[]>();
    for (const srp of await overviewRows(trx, actor, window, window.academicYear)) {
      if (srp.returnState !== "sent") missing.set(srp.schoolId, [...(missing.get(srp.schoolId) ?? []), srp.designationCode]);
    }
    let reminded = 0;
    for (const [schoolId, designations] of missing) {
      const people = await schoolStaffIds(trx, schoolId);
      const claimed = await trx
        .insertInto("srp_return_reminders")
        .values({ window_id: window.id, school_id: schoolId, sent_on: today, sent_by: actor.userId, sent_at: now, recipients: people.length })
        .onConflict((oc) => oc.constraint("srp_return_reminders_once_a_day").doNothing())
        .returning("id")
        .executeTakeFirst();
      if (!claimed) continue;
      reminded += 1;
      await notifyUsers(trx, people, {
        subject: `Reminder: ${window.label} SRP return due by ${formatDate(window.closesOn)}`,
        message: `The council has not yet received your ${window.label} resource provision return (${designations.join(", ")}). The window closes on ${formatDate(window.closesOn)}.`,
        link: "/provision",
      });
    }
    const already = missing.size - reminded;
    await recordAudit(trx, { actor, action: "srp_return.reminders_sent", subjectType: "srp_return_window", subjectId: window.id, requestId, detail: { reminded, alreadyToday: already } });
    return { ok: true, reminded, already };
  });
}
