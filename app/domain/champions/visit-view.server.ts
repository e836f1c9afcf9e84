import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { roleCan } from "../access/roles.ts";
import { agreedActionInReach, championVisitInReach } from "../access/scopes.server.ts";
import { londonToday } from "../financial-year.ts";
import { guidanceArticleHref } from "../guidance/choices.server.ts";
import { missingToPublish } from "./visit.schema.ts";
import type { DB } from "./store.server.ts";
import {
  ACTION_OWNER_LABELS,
  type ActionOwner,
  AGREED_ACTION_EVENT_LABELS,
  AGREED_ACTION_STATUS_LABELS,
  type AgreedActionStatus,
  agreedActionCan,
  CHAMPION_VISIT_EVENT_LABELS,
  type ChampionVisitStatus,
  VISIT_FORMAT_LABELS,
  type VisitFormat,
} from "./visits.workflow.ts";

/**
 * A visit report and an agreed action as their pages show them (ADR 52), under championVisitInReach and
 * agreedActionInReach (404 otherwise: a school's staff never reach a draft, nor a champion another's draft or a
 * school not assigned to them). An action is overdue when it is open and its due date has passed (London's day).
 */

export function isOverdue(action: { status: string; due_on: string | null }, today: string): boolean {
  return action.status === "open" && action.due_on !== null && action.due_on < today;
}

export interface AgreedActionView {
  id: number;
  description: string | null;
  owner: ActionOwner | null;
  ownerLabel: string | null;
  dueOn: string | null;
  status: AgreedActionStatus;
  statusLabel: string;
  overdue: boolean;
  doneNote: string | null;
  carried: number;
  /** The guidance article the action points to: its title, and its page while it is published (null once archived). */
  guidance: { id: number; title: string; href: string | null } | null;
}

type ActionRow = {
  id: number;
  description: string | null;
  owner: string | null;
  due_on: string | null;
  status: string;
  done_note: string | null;
  carried_count: number;
  guidance_article_id: number | null;
  guidance_title: string | null;
  guidance_slug: string | null;
  guidance_status: string | null;
};

/** An action's columns and its guidance article's, for a query over agreed_actions joined to guidance_articles. */
const ACTION_COLUMNS = [
  "agreed_actions.id",
  "agreed_actions.description",
  "agreed_actions.owner",
  "agreed_actions.due_on",
  "agreed_actions.status",
  "agreed_actions.done_note",
  "agreed_actions.carried_count",
  "agreed_actions.guidance_article_id",
  "guidance_articles.title as guidance_title",
  "guidance_articles.slug as guidance_slug",
  "guidance_articles.status as guidance_status",
] as const;

function toActionView(row: ActionRow, today: string): AgreedActionView {
  const status = row.status as AgreedActionStatus;
  const owner = row.owner as ActionOwner | null;
  return {
    id: row.id,
    description: row.description,
    owner,
    ownerLabel: owner ? ACTION_OWNER_LABELS[owner] : null,
    dueOn: row.due_on,
    status,
    statusLabel: AGREED_ACTION_STATUS_LABELS[status],
    overdue: isOverdue(row, today),
    doneNote: row.done_note,
    carried: row.carried_count,
    guidance:
      row.guidance_article_id !== null && row.guidance_title !== null
        ? { id: row.guidance_article_id, title: row.guidance_title, href: row.guidance_status === "published" && row.guidance_slug ? guidanceArticleHref(row.guidance_slug) : null }
        : null,
  };
}

export async function getChampionVisit(db: DB, actor: Actor, visitId: number, now = new Date()) {
  requirePermission(actor, "visits:view");
  const row = await db
    .selectFrom("champion_visits")
    .innerJoin("schools", "schools.id", "champion_visits.school_id")
    .innerJoin("users as champion", "champion.id", "champion_visits.champion_user_id")
    .select([
      "champion_visits.id",
      "champion_visits.status",
      "champion_visits.version",
      "champion_visits.visited_on",
      "champion_visits.format",
      "champion_visits.seen",
      "champion_visits.strengths",
      "champion_visits.published_at",
      "champion_visits.champion_user_id",
      "schools.name as school",
      "schools.urn",
      "champion.display_name as champion",
    ])
    .where("champion_visits.id", "=", visitId)
    .where(championVisitInReach(actor))
    .executeTakeFirst();
  if (!row) notFound();
  const today = londonToday(now);
  const [focus, actions, timeline] = await Promise.all([
    db
      .selectFrom("champion_visit_focus_areas")
      .innerJoin("champion_focus_areas", "champion_focus_areas.code", "champion_visit_focus_areas.focus_area")
      .select(["champion_focus_areas.code", "champion_focus_areas.label"])
      .where("champion_visit_focus_areas.champion_visit_id", "=", row.id)
      .orderBy("champion_focus_areas.sort_order")
      .execute(),
    db
      .selectFrom("agreed_actions")
      .leftJoin("guidance_articles", "guidance_articles.id", "agreed_actions.guidance_article_id")
      .select(ACTION_COLUMNS)
      .where("agreed_actions.champion_visit_id", "=", row.id)
      .where(agreedActionInReach(actor))
      .orderBy("agreed_actions.position")
      .execute(),
    db
      .selectFrom("champion_visit_events")
      .leftJoin("users", "users.id", "champion_visit_events.actor_user_id")
      .select(["champion_visit_events.id", "champion_visit_events.action", "champion_visit_events.occurred_at", "users.display_name"])
      .where("champion_visit_events.champion_visit_id", "=", row.id)
      .where("champion_visit_events.action", "<>", "draft_saved")
      .orderBy("champion_visit_events.id")
      .execute(),
  ]);
  const status = row.status as ChampionVisitStatus;
  const own = row.champion_user_id === actor.userId && roleCan(actor.role, "visits:log");
  const actionViews = actions.map((a) => toActionView(a, today));
  const missing =
    status === "draft"
      ? missingToPublish({ visitedOn: row.visited_on, format: row.format, focusAreas: focus.map((f) => f.code), seen: row.seen, strengths: row.strengths, actions: actionViews })
      : [];
  return {
    id: row.id,
    status,
    version: row.version,
    school: row.school,
    urn: row.urn,
    champion: row.champion,
    visitedOn: row.visited_on,
    format: row.format as VisitFormat | null,
    formatLabel: row.format ? VISIT_FORMAT_LABELS[row.format as VisitFormat] : null,
    focusAreas: focus.map((f) => ({ code: f.code, label: f.label })),
    seen: row.seen,
    strengths: row.strengths,
    publishedAt: row.published_at,
    actions: actionViews,
    missing,
    can: { edit: own && status === "draft", publish: own && status === "draft" && missing.length === 0 },
    timeline: timeline.map((e) => ({ id: Number(e.id), label: CHAMPION_VISIT_EVENT_LABELS[e.action] ?? e.action, at: e.occurred_at, who: e.display_name ?? "The portal" })),
  };
}

export type ChampionVisitView = Awaited<ReturnType<typeof getChampionVisit>>;

/** One agreed action's page: its visit, where it stands, its history, and what the actor may do with it now. */
export async function getAgreedAction(db: DB, actor: Actor, actionId: number, now = new Date()) {
  requirePermission(actor, "visits:view");
  const row = await db
    .selectFrom("agreed_actions")
    .innerJoin("champion_visits", "champion_visits.id", "agreed_actions.champion_visit_id")
    .innerJoin("schools", "schools.id", "champion_visits.school_id")
    .innerJoin("users as champion", "champion.id", "champion_visits.champion_user_id")
    .leftJoin("guidance_articles", "guidance_articles.id", "agreed_actions.guidance_article_id")
    .select([
      ...ACTION_COLUMNS,
      "agreed_actions.version",
      "agreed_actions.position",
      "champion_visits.id as visit_id",
      "champion_visits.status as visit_status",
      "champion_visits.visited_on",
      "champion_visits.champion_user_id",
      "schools.name as school",
      "champion.display_name as champion",
    ])
    .where("agreed_actions.id", "=", actionId)
    .where(agreedActionInReach(actor))
    .executeTakeFirst();
  if (!row) notFound();
  const action = toActionView(row, londonToday(now));
  const timeline = await db
    .selectFrom("agreed_action_events")
    .leftJoin("users", "users.id", "agreed_action_events.actor_user_id")
    .select(["agreed_action_events.id", "agreed_action_events.action", "agreed_action_events.occurred_at", "agreed_action_events.comment", "users.display_name"])
    .where("agreed_action_events.agreed_action_id", "=", row.id)
    .orderBy("agreed_action_events.id")
    .execute();
  const flags = agreedActionCan(actor.role, action.status);
  const published = row.visit_status === "published";
  const champions = row.champion_user_id === actor.userId;
  return {
    ...action,
    version: row.version,
    position: row.position,
    visit: { id: row.visit_id, visitedOn: row.visited_on, published, school: row.school, champion: row.champion },
    can: {
      complete: published && flags.complete && row.owner === "school",
      close: published && champions && flags.close,
      carry: published && champions && flags.carryForward,
    },
    timeline: timeline.map((e) => ({ id: Number(e.id), label: AGREED_ACTION_EVENT_LABELS[e.action] ?? e.action, at: e.occurred_at, who: e.display_name ?? "The portal", comment: e.comment })),
  };
}

export type AgreedActionPage = Awaited<ReturnType<typeof getAgreedAction>>;
