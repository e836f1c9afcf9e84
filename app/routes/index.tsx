import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { getActor } from "~/auth/actor.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return redirect((await getActor(request, context)) ? "/home" : "/login");
}
