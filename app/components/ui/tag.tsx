import type { ReactNode } from "react";

type Colour = "grey" | "blue" | "yellow" | "green" | "red" | "purple";

// Whole class names, so that Tailwind finds them in the source and writes their CSS.
const COLOURS: Record<Colour, string> = {
  grey: "tag tag-grey",
  blue: "tag tag-blue",
  yellow: "tag tag-yellow",
  green: "tag tag-green",
  red: "tag tag-red",
  purple: "tag tag-purple",
};

/**
 * GOV.UK tag: a short status label. The colour only repeats what the words say. Its styles are two classes of
 * app/tailwind.css (`tag`, `tag-blue`...), not six utilities: a queue page has a hundred tags.
 */
export function Tag({ colour = "grey", children }: { colour?: Colour; children: ReactNode }) {
  return <strong className={COLOURS[colour]}>{children}</strong>;
}
