import { type ActionFunctionArgs, redirect } from "@remix-run/node";
import { orUnavailable } from "~/auth/actor.server.ts";
import { cookiePolicy, readCookie, sessionCookies } from "~/auth/cookies.server.ts";
import { readForm } from "~/auth/csrf.server.ts";
import { signOut } from "~/auth/sign-out.server.ts";

/** GET never changes state: a visit here just goes home (or to sign-in). */
export function loader() {
  return redirect("/home");
}

export async function action({ request, context }: ActionFunctionArgs) {
  await readForm(request, context);
  const policy = cookiePolicy(context);
  const token = readCookie(request, policy.sessionName);
  if (token) await orUnavailable(() => signOut(context.db, token, context.requestId));
  throw redirect("/login?signedout=1", { headers: await sessionCookies(context, null) });
}
