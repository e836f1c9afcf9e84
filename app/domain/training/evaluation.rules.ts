/** The evaluation's limits and choices, zod-free so its page imports them without pulling zod into the browser. */
export const EVALUATION_BOUNDS = { willChange: 2000, comments: 4000 } as const;

export const USEFULNESS_OPTIONS = [
  { value: "5", label: "5: very useful" },
  { value: "4", label: "4" },
  { value: "3", label: "3" },
  { value: "2", label: "2" },
  { value: "1", label: "1: not useful" },
] as const;
