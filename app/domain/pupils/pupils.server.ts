/**
 * The pupil register's use-cases, as routes call them (ADR 20), each module doing one thing:
 * - register.server.ts: the register and one pupil's record, as the school's staff see them (audited);
 * - changes.server.ts: adding, correcting, marking as left and back (SENCO);
 * - for-funding.server.ts: what funding requests read of it, always through the actor's reach.
 */
export { type NeedType, PUPILS_PAGE_SIZE, type PupilDetail, type PupilRow, getPupil, listNeedTypes, listPupils } from "./register.server.ts";
export { createPupil, markPupilLeft, returnPupilToRegister, updatePupil } from "./changes.server.ts";
export { type PupilChoice, currentPupilProvision, listCurrentPupilsForFundingRequest, pupilOfFundingRequest } from "./for-funding.server.ts";
