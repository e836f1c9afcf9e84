import { formatDate } from "../../components/format.ts";
import { londonToday } from "../financial-year.ts";
import type { SavedReferral } from "./referral-sections.ts";

/**
 * A LIFT referral's rules (ADR 44), pure and client-safe: what a draft still needs before it can be sent, and the
 * words for a meeting that is not open to it (papers due, full, cancelled, held), each naming the next meeting
 * that is open.
 */

/** The most referrals a list shows at once (the newest); filters find the others. */
export const REFERRAL_LIST_LIMIT = 200;

export const REFERRAL_LIMITS = { coreStandardsTried: 8000, question: 4000, agreementSignedBy: 200 } as const;

export const REFERRAL_MISSING = {
  meetingId: "Select the LIFT meeting to refer the pupil to",
  discipline: "Select the discipline the question is about",
  coreStandardsTried: "Enter what the school has tried at Mainstream Core Standards level",
  question: "Enter the question for LIFT",
  agreementSignedBy: "Enter who signed the Agreement to Engage",
  agreementSignedOn: "Enter the date the Agreement to Engage was signed",
  agreementDocument: "Upload the parents' signed Agreement to Engage",
} as const;

/** What still stops the referral being sent, by field; empty when it is complete. */
export function referralProblems(saved: SavedReferral): Record<string, string[]> {
  const problems: Record<string, string[]> = {};
  const need = (field: keyof typeof REFERRAL_MISSING, missing: boolean) => {
    if (missing) problems[field] = [REFERRAL_MISSING[field]];
  };
  need("meetingId", saved.meetingId === null);
  need("discipline", saved.discipline === null);
  need("coreStandardsTried", saved.coreStandardsTried === null);
  need("question", saved.question === null);
  need("agreementSignedBy", saved.agreementSignedBy === null);
  need("agreementSignedOn", saved.agreementSignedOn === null);
  need("agreementDocument", !saved.agreementDocument);
  return problems;
}

/** A meeting as the rules read it: its London day, papers-due day, cap, state. */
export interface MeetingForRules {
  id: number;
  /** The London day it is on (ISO). */
  date: string;
  startsAt: Date;
  papersDueOn: string;
  cap: number;
  status: string;
}

export type MeetingClosed = "papers_due" | "full" | "cancelled" | "held";

/** Why a meeting cannot take another referral from the school now; undefined if it can. */
export function meetingClosed(meeting: MeetingForRules, used: number, today: string, now: Date): MeetingClosed | undefined {
  if (meeting.status === "cancelled") return "cancelled";
  if (meeting.startsAt.getTime() <= now.getTime()) return "held";
  if (meeting.papersDueOn < today) return "papers_due";
  if (used >= meeting.cap) return "full";
  return undefined;
}

/** "The next meeting open for referrals is on 9 February 2027.", or that there is none yet. */
export function nextOpenSentence(next: { date: string } | undefined): string {
  return next
    ? `The next meeting open for referrals is on ${formatDate(next.date)}.`
    : "No later meeting of your LIFT group is open for referrals yet: ask your STLS link teacher when the next one is.";
}

/** The message for a meeting that cannot take the referral, in GOV.UK words, naming the next open one. */
export function meetingClosedMessage(
  why: MeetingClosed,
  meeting: MeetingForRules,
  context: { schoolName: string; used: number; next: { date: string } | undefined },
): string {
  const on = formatDate(meeting.date);
  const next = nextOpenSentence(context.next);
  switch (why) {
    case "papers_due":
      return `Papers for the meeting on ${on} were due on ${formatDate(meeting.papersDueOn)}. ${next}`;
    case "full":
      return `${context.schoolName} already has ${context.used} ${context.used === 1 ? "referral" : "referrals"} for the meeting on ${on}, the most it takes. ${next}`;
    case "cancelled":
      return `The meeting on ${on} has been cancelled. ${next}`;
    case "held":
      return `The meeting on ${on} has already taken place. ${next}`;
  }
}

/** The refusal for a school that no LIFT group serves (it can neither start a referral nor choose a meeting). */
export const NO_LIFT_GROUP = "Your school is not served by a LIFT group yet: ask your STLS link teacher";

/**
 * Why an already-loaded meeting cannot take the school's referral now, in words; undefined if it can. Of another
 * group (or the school has none), cancelled, held, papers due, full. A closed meeting's words name the next
 * meeting with a place, which the caller looks up (in `group`, after `meeting`) only then: `closed` gives them.
 */
export function meetingRefusal(
  group: { id: number; name: string } | undefined,
  meeting: (MeetingForRules & { groupId: number }) | undefined,
  context: { schoolName: string; used: number; now: Date },
):
  | { why: "other_group"; message: string }
  | { why: MeetingClosed; groupId: number; meeting: MeetingForRules; closed: (next: { date: string } | undefined) => string }
  | undefined {
  if (!group) return { why: "other_group", message: NO_LIFT_GROUP };
  if (!meeting || meeting.groupId !== group.id) return { why: "other_group", message: `Select a meeting of ${group.name}, the LIFT group serving your school` };
  const why = meetingClosed(meeting, context.used, londonToday(context.now), context.now);
  if (!why) return undefined;
  return { why, groupId: group.id, meeting, closed: (next) => meetingClosedMessage(why, meeting, { schoolName: context.schoolName, used: context.used, next }) };
}

/** Withdrawing a sent referral: possible until its meeting's papers-due day, then it is locked for the meeting. */
export function lockedForMeeting(status: string, papersDueOn: string | null, today: string): boolean {
  return status === "sent" && papersDueOn !== null && papersDueOn < today;
}

export function lockedMessage(meetingDate: string, papersDueOn: string): string {
  return `This referral is locked for the meeting on ${formatDate(meetingDate)}: papers were due on ${formatDate(papersDueOn)}, so it can no longer be withdrawn. Tell your STLS link teacher if it should not be discussed.`;
}
