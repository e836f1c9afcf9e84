import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { idParam } from "~/domain/access/access.server.ts";
import { openSubjectAccessBundle } from "~/domain/subject-access/bundle.server.ts";

/**
 * The subject access bundle of one pupil (a resource route: GET only): a ZIP streamed as it is written, as an
 * attachment with `nosniff`. Audited before any byte is sent. 404 for anyone without pupils:subject_access.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "pupils:subject_access");
  const pupilId = idParam(params.pupilId);
  const bundle = await orUnavailable(() => openSubjectAccessBundle(context.db, actor, pupilId, context.requestId));
  return new Response(bundle.body, { headers: bundle.headers });
}
