import type { FundingStatus } from "~/domain/funding/funding.schema.ts";
import { Tag } from "./ui/tag.tsx";

const COLOURS: Record<FundingStatus, Parameters<typeof Tag>[0]["colour"]> = {
  draft: "grey",
  awaiting_headteacher: "purple",
  submitted: "blue",
  in_review: "blue",
  more_information_needed: "yellow",
  approved: "green",
  partly_approved: "green",
  declined: "red",
  withdrawn: "grey",
};

export function FundingStatusTag({ status, label }: { status: FundingStatus; label: string }) {
  return <Tag colour={COLOURS[status]}>{label}</Tag>;
}
