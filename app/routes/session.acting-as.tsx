import { type ActionFunctionArgs, type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { switchMembership } from "~/auth/acting-as.server.ts";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { readForm } from "~/auth/csrf.server.ts";

/** GET changes nothing: signed in, it goes home; signed out, to sign-in. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireActor(request, context, "home:view");
  return redirect("/home");
}

/**
 * The header's "Acting as" switch: the chosen membership's home page, or 400 for one the person does not hold.
 * Not formAction (ADR 27): this route has no page to show a refused form on again, so a refusal is a plain 400.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireActor(request, context, "home:view");
  const form = await readForm(request, context);
  const key = form.get("membership");
  const switched = typeof key === "string" && (await orUnavailable(() => switchMembership(context.db, actor, key, context.requestId)));
  if (!switched) throw new Response("You cannot act in that role", { status: 400, statusText: "Bad Request" });
  return redirect("/home");
}
