import { Tag } from "./ui/tag.tsx";
import type { BespokeStatus } from "~/domain/training/bespoke.rules.ts";

const COLOURS: Record<BespokeStatus, "blue" | "green" | "red" | "grey"> = { submitted: "blue", accepted: "green", declined: "red", withdrawn: "grey" };

/** A bespoke training request's status as a tag: the words say it, the colour repeats them. */
export function BespokeStatusTag({ status, label }: { status: BespokeStatus; label: string }) {
  return <Tag colour={COLOURS[status]}>{label}</Tag>;
}
