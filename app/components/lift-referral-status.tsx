import { Tag } from "./ui/tag.tsx";
import type { ReferralStatus } from "~/domain/stls/referrals.workflow.ts";

const COLOURS: Record<ReferralStatus, "blue" | "green" | "grey" | "red"> = { draft: "grey", sent: "blue", outcome: "green", withdrawn: "red" };

/** A LIFT referral's status as a tag: the words say it, the colour repeats them. */
export function ReferralStatusTag({ status, label }: { status: ReferralStatus; label: string }) {
  return <Tag colour={COLOURS[status]}>{label}</Tag>;
}
