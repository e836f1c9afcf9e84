import type { Actor } from "../../access/access.server.ts";
import type { Refusal } from "../../result.ts";
import { type StepResult, takeStep } from "../../workflow/engine.server.ts";
import { told } from "../notices.ts";
import { type DB, FUNDING_STORE } from "../store.server.ts";
import { areaOfSchool, areasOf, officersOfArea } from "./areas.server.ts";

/** The refusal for an officer who does not work in the request's area (ADR 30). */
export function notYourArea(area: string, yours: string[]): Refusal {
  const works = yours.length === 0 ? "you do not work in any area yet" : `you work in ${yours.join(" and ")}`;
  return {
    ok: false,
    formError: `This request is from a school in the ${area} area and ${works}, so you cannot assign it. An officer of the ${area} area can.`,
  };
}

/**
 * Officer: assigns a request to an officer of its school's area: themselves ("Assign to me") or a colleague, who
 * is told. A workflow step (funding.workflow.ts `assign`): locked under the officer's reach, version-checked, on
 * the timeline ("Assigned to Helen Marsh") and in the audit log, a form sent twice counted once. Only an officer
 * of the request's area may assign it, and only to an officer of that area.
 */
export async function assignFundingRequest(
  db: DB,
  actor: Actor,
  reference: string,
  input: { version: number; assignee: number },
  requestId: string,
): Promise<StepResult> {
  // The timeline says who it went to: their name, read first (the step checks they may take it).
  const assignee = await db.selectFrom("users").select("display_name").where("id", "=", input.assignee).executeTakeFirst();
  return takeStep(
    db,
    actor,
    FUNDING_STORE,
    "assign",
    { key: reference, version: input.version, comment: assignee ? `Assigned to ${assignee.display_name}` : null, fields: { assignee: input.assignee } },
    requestId,
    async (trx, row) => {
      const area = await areaOfSchool(trx, row.school_id);
      const yours = await areasOf(trx, actor.userId);
      if (!yours.includes(area)) return notYourArea(area, yours);
      const officer = (await officersOfArea(trx, area)).find((o) => o.id === input.assignee);
      if (!officer) return { ok: false, fieldErrors: { assignee: [`Choose an officer of the ${area} area`] } } as Refusal;
      if (row.assigned_to === officer.id) {
        return { ok: false, formError: `This request is already assigned to ${officer.id === actor.userId ? "you" : officer.name}.` } as Refusal;
      }
      return {
        set: { assigned_to: officer.id },
        tell: officer.id === actor.userId ? [] : ["assignee"],
        notice: told(reference, `Funding request ${reference} has been assigned to you by ${actor.name}.`, "assigned to you"),
      };
    },
  );
}
