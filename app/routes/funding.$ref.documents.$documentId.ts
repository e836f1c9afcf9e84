import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { idParam } from "~/domain/access/access.server.ts";
import { openDocument } from "~/domain/funding/documents.server.ts";
import { referenceParam } from "~/domain/funding/funding.server.ts";

/**
 * One evidence document's file (a resource route: GET only), as an attachment with its own type and `nosniff`,
 * streamed from the file store a chunk at a time. 404 for anyone who may not have it (ADR 29).
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "funding:view");
  const reference = referenceParam(params);
  const documentId = idParam(params.documentId);
  const file = await orUnavailable(() => openDocument(context.db, actor, reference, documentId, context.requestId));
  return new Response(file.body, { headers: file.headers });
}
