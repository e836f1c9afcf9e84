import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { extendSession } from "~/auth/session.server.ts";

export function loader() {
  return redirect("/home");
}

/** "Stay signed in": moves the idle deadline on. The absolute 12-hour limit still holds. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "home:view");
  await readForm(request, context);
  await orUnavailable(() => extendSession(context.db, actor.sessionId));
  return { extended: true };
}
