import { type ServiceLevel, SERVICE_LEVEL_LABELS } from "~/domain/funding/casework/service-level.ts";
import { formatDate } from "./format.ts";
import { Tag } from "./ui/tag.tsx";

const COLOURS: Record<ServiceLevel, Parameters<typeof Tag>[0]["colour"]> = {
  on_time: "green",
  due_soon: "yellow",
  overdue: "red",
  decided_on_time: "grey",
  decided_late: "grey",
};

/** A request's due date and where it stands against it (ADR 30): "12 January 2027 Overdue". */
export function DueDate({ dueOn, level }: { dueOn: string | null; level: ServiceLevel | null }) {
  if (!dueOn) return <>No due date</>;
  if (!level) return <>{formatDate(dueOn)}</>;
  // One text node (the date and its space), not two: React marks the join between two with a comment.
  return (
    <>
      {`${formatDate(dueOn)} `}
      <Tag colour={COLOURS[level]}>{SERVICE_LEVEL_LABELS[level]}</Tag>
    </>
  );
}
