import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { extendSession } from "~/auth/session.server.ts";

/** GET changes nothing: signed in, it goes home; signed out, to sign-in. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActor(request, context, "home:view");
  return redirect("/home");
}

/** "Stay signed in": moves the idle deadline on. The absolute 12-hour limit still holds. */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "home:view");
  await readForm(request, context);
  await orUnavailable(() => extendSession(context.db, actor.sessionId));
  return { extended: true };
}
