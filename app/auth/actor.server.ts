import { data, redirect, type AppLoadContext } from "@remix-run/node";
import { isDatabaseUnavailable } from "../db.server.ts";
import { type Actor, requirePermission } from "../domain/access/access.server.ts";
import { actorFrom } from "../domain/access/actor.server.ts";
import type { Permission } from "../domain/access/roles.ts";
import { cookiePolicy, readCookie, serializeCookie } from "./cookies.server.ts";
import { sessionEndsAt, validateSessionToken } from "./session.server.ts";
import { twoFactorRequired } from "./totp.server.ts";

export function serviceUnavailable(): never {
  throw new Response("The service is unavailable", { status: 503, statusText: "Service Unavailable" });
}

/** Runs a database call, turning "the database cannot be reached" into a 503 page. */
export async function orUnavailable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isDatabaseUnavailable(error)) serviceUnavailable();
    throw error;
  }
}

const UNAVAILABLE_MESSAGE =
  "Sorry, the service is unavailable at the moment and nothing was saved. Your answers are still here: try again in a few minutes.";

/** For form actions: runs the use-case, or says the database is down (then answer with `replyUnavailable`). */
export async function unlessUnavailable<T>(work: () => Promise<T>): Promise<{ available: true; value: T } | { available: false }> {
  try {
    return { available: true, value: await work() };
  } catch (error) {
    if (isDatabaseUnavailable(error)) return { available: false };
    throw error;
  }
}

/** 503 with the form shown again as typed (less `hideFields`) and a plain message, so nothing typed is lost. */
export function replyUnavailable<R>(submission: { reply(options: { formErrors: string[]; hideFields?: string[] }): R }, hideFields: string[] = []) {
  return data(submission.reply({ formErrors: [UNAVAILABLE_MESSAGE], hideFields }), { status: 503 });
}

type Lookup = { actor: Actor; unreadNotifications: number; twoFactorSetUpNeeded: boolean } | { actor: null; hadCookie: boolean };

/** Where two-factor set-up is done; a person who must set it up and has not can reach only this (and sign out). */
export const TWO_FACTOR_SET_UP_PATH = "/account/two-factor";
/** What such a person may still reach: the set-up page, and "stay signed in" while they do it. Signing out is public. */
const BEFORE_TWO_FACTOR = [TWO_FACTOR_SET_UP_PATH, "/session/extend"];

function reachableBeforeTwoFactor(request: Request): boolean {
  // A client-side navigation asks for the page's data at its path with `.data` added (single fetch).
  const path = new URL(request.url).pathname.replace(/\.data$/, "").replace(/\/+$/, "");
  return BEFORE_TWO_FACTOR.includes(path);
}

// The root loader and the page's loader both ask who is calling; they share one load context per HTTP
// request, so the answer is looked up once per request.
const lookups = new WeakMap<AppLoadContext, Promise<Lookup>>();

function lookUpActor(request: Request, context: AppLoadContext): Promise<Lookup> {
  let lookup = lookups.get(context);
  if (!lookup) {
    lookup = readActor(request, context);
    lookups.set(context, lookup);
  }
  return lookup;
}

async function readActor(request: Request, context: AppLoadContext): Promise<Lookup> {
  const policy = cookiePolicy(context);
  const token = readCookie(request, policy.sessionName);
  if (!token) return { actor: null, hadCookie: false };
  const { db } = context;
  return orUnavailable(async () => {
    const found = await validateSessionToken(db, token);
    if (!found) return { actor: null, hadCookie: true };
    const { session, user, unreadNotifications } = found;
    const actor = actorFrom(user, found.memberships, found.actingAs, { id: session.id, endsAt: sessionEndsAt(session) });
    // A signed-in user with no role may do nothing: treat as signed out rather than guess.
    if (!actor) return { actor: null, hadCookie: true };
    const roles = found.memberships.map((m) => m.role);
    return {
      actor,
      unreadNotifications,
      twoFactorSetUpNeeded: !found.twoFactorOn && twoFactorRequired(context.requireTwoFactor, { roles, demoAccount: found.user.demoAccount }),
    };
  });
}

/** The signed-in actor, or null. For pages anyone may see (sign-in, accessibility statement). */
export async function getActor(request: Request, context: AppLoadContext): Promise<Actor | null> {
  return (await lookUpActor(request, context)).actor;
}

/**
 * How many unread notifications the signed-in user has (up to UNREAD_COUNT_CAP; 0 when signed out), for the
 * header. Found by the session's own query: no extra query per page.
 */
export async function getUnreadNotificationCount(request: Request, context: AppLoadContext): Promise<number> {
  const found = await lookUpActor(request, context);
  return found.actor ? found.unreadNotifications : 0;
}

/**
 * The signed-in actor holding `permission`. Not signed in: a redirect to sign-in that brings them back.
 * Signed in without the permission: 404, the same answer as for something that does not exist. Signed in but
 * obliged to set up two-factor sign-in first (REQUIRE_TWO_FACTOR, ADR 58): a redirect to its set-up page.
 */
export async function requireActor(request: Request, context: AppLoadContext, permission: Permission): Promise<Actor> {
  const found = await lookUpActor(request, context);
  if (!found.actor) {
    const url = new URL(request.url);
    const params = new URLSearchParams();
    if (request.method === "GET" && url.pathname !== "/") params.set("redirectTo", url.pathname + url.search);
    if (found.hadCookie) params.set("ended", "1");
    const query = params.toString();
    const policy = cookiePolicy(context);
    throw redirect(`/login${query ? `?${query}` : ""}`, {
      headers: found.hadCookie ? { "Set-Cookie": serializeCookie(policy, policy.sessionName, "", 0) } : {},
    });
  }
  if (found.twoFactorSetUpNeeded && !reachableBeforeTwoFactor(request)) throw redirect(TWO_FACTOR_SET_UP_PATH);
  requirePermission(found.actor, permission);
  return found.actor;
}
