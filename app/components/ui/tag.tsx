import type { ReactNode } from "react";

type Colour = "grey" | "blue" | "yellow" | "green" | "red" | "purple";

const COLOURS: Record<Colour, string> = {
  grey: "bg-[#e5e6e7] text-[#0c0c0c]",
  blue: "bg-[#bbd4ea] text-[#0c2d4a]",
  yellow: "bg-[#fff7bf] text-[#594d00]",
  green: "bg-[#cce2d8] text-[#005a30]",
  red: "bg-[#f4cdc6] text-[#2a0b06]",
  purple: "bg-[#dbd5e9] text-[#3d2375]",
};

/** GOV.UK tag: a short status label. The colour only repeats what the words say. */
export function Tag({ colour = "grey", children }: { colour?: Colour; children: ReactNode }) {
  return <strong className={`inline-block px-2 py-0.5 font-normal ${COLOURS[colour]}`}>{children}</strong>;
}
