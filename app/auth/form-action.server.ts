import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type AppLoadContext, data, redirect } from "@remix-run/node";
import type { z } from "zod";
import type { Actor } from "~/domain/access/access.server.ts";
import type { Permission } from "~/domain/access/roles.ts";
import type { Refusal, Result } from "~/domain/result.ts";
import { replyUnavailable, requireActor, unlessUnavailable } from "./actor.server.ts";
import { readForm } from "./csrf.server.ts";

/** The status a refused form is answered with: too many attempts 429, the whole form 409, a field 400. */
export function refusalStatus(refusal: Refusal): 400 | 409 | 429 {
  if (refusal.tooMany) return 429;
  return refusal.formError ? 409 : 400;
}

/**
 * The route action, one way everywhere (ADR 20, ADR 27): who is calling (holding `permission`, else 404), the form
 * read (CSRF-checked, bounded), parsed with the zod schema the form shares, one call into the domain, and the
 * answer:
 * - 400 with what was typed for an invalid form or a field refused (`invalidMessage`, when given, is added as a
 *   message for the whole form: for a form of hidden fields only, whose field errors nobody could act on);
 * - 409 for a refusal of the whole form (a stale version, a state that moved on); 429 for one refused because of
 *   too many attempts (`tooMany`);
 * - 503 with what was typed and a plain message when the database is down;
 * - a redirect after success (POST-redirect-GET) to `done`, with `headers` (a new session's cookies) if given.
 * `hideFields` (passwords) are never sent back, in any of these replies. A page with several forms reads the form
 * itself to pick the schema and use-case by its intent, after its own permission check, and passes it as `form`
 * (so a form without its CSRF token is refused 403 before a role without the step's permission gets its 404), and
 * names the form in `answers`: the reply carries it, so only that form shows the reply, and the reply stays
 * Conform's own (the page title's "Error: " sees it).
 */
export async function formAction<S extends z.ZodType, T extends object>(
  args: { request: Request; context: AppLoadContext },
  options: {
    permission: Permission;
    schema: S;
    /** The form, if the route has already read it (to pick an intent). */
    form?: FormData;
    run: (actor: Actor, value: z.output<S>) => Promise<Result<T>>;
    /** Where to go once done. */
    done: (result: { ok: true } & T, actor: Actor, value: z.output<S>) => string;
    /** Headers for the redirect once done (the cookies of a session started by the use-case). */
    headers?: (result: { ok: true } & T) => Promise<HeadersInit> | HeadersInit;
    /** Fields never sent back with a reply (passwords). */
    hideFields?: string[];
    /** A message for the whole form when the schema refuses it. */
    invalidMessage?: string;
    /** Which of the page's forms this is, carried in every reply as `answers`. */
    answers?: string;
    /**
     * A step that shows rather than records (a check page before the confirming POST, ADR 32): when it returns
     * something, the success is answered 200 with it as `shown`, beside Conform's reply (what was typed), instead
     * of a redirect.
     */
    show?: (result: { ok: true } & T, value: z.output<S>) => object | undefined;
  },
) {
  const { request, context } = args;
  const as = (reply: SubmissionResult<string[]>): SubmissionResult<string[]> & { answers?: string } =>
    options.answers === undefined ? reply : { ...reply, answers: options.answers };
  const hideFields = options.hideFields;
  const actor = await requireActor(request, context, options.permission);
  const form = options.form ?? (await readForm(request, context));
  const submission = parseWithZod(form, { schema: options.schema });
  if (submission.status !== "success") {
    const reply = submission.reply(options.invalidMessage ? { formErrors: [options.invalidMessage], hideFields } : { hideFields });
    return data(as(reply), { status: 400 });
  }
  const value = submission.value as z.output<S>;
  const result = await unlessUnavailable(() => options.run(actor, value));
  if (!result.available) return data(as(replyUnavailable(submission, hideFields).data), { status: 503 });
  const outcome = result.value;
  if (!outcome.ok) {
    const reply = submission.reply({
      fieldErrors: outcome.fieldErrors,
      formErrors: outcome.formError ? [outcome.formError] : undefined,
      hideFields,
    });
    // A refusal that saved part of the form says the version it saved (the form sends it next: revalidate.ts).
    return data({ ...as(reply), ...(outcome.version === undefined ? {} : { version: outcome.version }) }, { status: refusalStatus(outcome) });
  }
  const shown = options.show?.(outcome, value);
  if (shown !== undefined) return data({ ...as(submission.reply({ hideFields })), shown }, { status: 200 });
  throw redirect(options.done(outcome, actor, value), options.headers ? { headers: await options.headers(outcome) } : undefined);
}
