import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { type AppLoadContext, data, redirect } from "@remix-run/node";
import type { z } from "zod";
import type { Actor } from "~/domain/access/access.server.ts";
import type { Permission } from "~/domain/access/roles.ts";
import type { Result } from "~/domain/result.ts";
import { replyUnavailable, requireActor, unlessUnavailable } from "./actor.server.ts";
import { readForm } from "./csrf.server.ts";

/**
 * The route action, one way everywhere (ADR 20): who is calling (holding `permission`, else 404), the form read
 * (CSRF-checked, bounded), parsed with the zod schema the form shares, one call into the domain, and the answer:
 * 400 with what was typed for an invalid form or a field refused, 409 for a refusal of the whole form (a stale
 * version, a state that moved on), 503 when the database is down, and a redirect after success (POST-redirect-GET).
 * `as` shapes the reply when the page has several forms (`{ intent, result }`).
 */
export async function formAction<S extends z.ZodType, T extends object, R = SubmissionResult<string[]>>(
  args: { request: Request; context: AppLoadContext },
  options: {
    permission: Permission;
    schema: S;
    /** The form, if the route has already read it (to pick an intent). */
    form?: FormData;
    run: (actor: Actor, value: z.output<S>) => Promise<Result<T>>;
    /** Where to go once done. */
    done: (result: { ok: true } & T, actor: Actor) => string;
    as?: (reply: SubmissionResult<string[]>) => R;
  },
) {
  const { request, context } = args;
  const as = options.as ?? ((reply: SubmissionResult<string[]>) => reply as R);
  const actor = await requireActor(request, context, options.permission);
  const form = options.form ?? (await readForm(request, context));
  const submission = parseWithZod(form, { schema: options.schema });
  if (submission.status !== "success") return data(as(submission.reply()), { status: 400 });
  const result = await unlessUnavailable(() => options.run(actor, submission.value as z.output<S>));
  if (!result.available) return data(as(replyUnavailable(submission).data), { status: 503 });
  const outcome = result.value;
  if (!outcome.ok) {
    const reply = submission.reply({ fieldErrors: outcome.fieldErrors, formErrors: outcome.formError ? [outcome.formError] : undefined });
    return data(as(reply), { status: outcome.formError ? 409 : 400 });
  }
  throw redirect(options.done(outcome, actor));
}
