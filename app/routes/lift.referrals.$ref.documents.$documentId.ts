import type { LoaderFunctionArgs } from "@remix-run/node";
import { orUnavailable, requireActor } from "~/auth/actor.server.ts";
import { idParam } from "~/domain/access/access.server.ts";
import { openReferralDocument } from "~/domain/stls/referral-documents.server.ts";
import { referralParam } from "~/domain/stls/referral-queries.server.ts";

/**
 * A referral's document (the signed Agreement to Engage), as funding documents are downloaded (ADR 29): an
 * attachment with its own type, streamed from the file store. 404 for anyone who does not reach the referral.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = await requireActor(request, context, "lift:referrals");
  const reference = referralParam(params);
  const documentId = idParam(params.documentId);
  const file = await orUnavailable(() => openReferralDocument(context.db, actor, reference, documentId, context.requestId));
  return new Response(file.body, { headers: file.headers });
}
