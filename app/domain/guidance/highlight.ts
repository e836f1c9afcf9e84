/**
 * The search's highlighted passages as data (ADR 55): PostgreSQL's ts_headline marks the matching words with two
 * private-use characters (never HTML), and the page splits on them into plain text and marked text, each drawn by
 * React as text. Nothing from the database becomes markup.
 */
export const MARK_START = "\uE000";
export const MARK_STOP = "\uE001";

export interface Segment {
  text: string;
  mark: boolean;
}

/** At most this many marked runs in one piece of text: the rest is plain (a page of results stays small). */
export const MAX_MARKS = 10;

/**
 * "a \uE000word\uE001 here" -> [{ text: "a ", mark: false }, { text: "word", mark: true }, { text: " here", mark: false }].
 * Marked words with only spaces between are one mark; after `maxMarks` marks the rest is plain text.
 */
export function segmentsOf(headline: string, maxMarks = MAX_MARKS): Segment[] {
  const segments: Segment[] = [];
  let marks = 0;
  const add = (text: string, mark: boolean) => {
    if (!text) return;
    const last = segments[segments.length - 1];
    const beforeLast = segments[segments.length - 2];
    // "word" " " "word": the space and the second word join the first mark.
    if (mark && last && !last.mark && /^\s+$/.test(last.text) && beforeLast?.mark) {
      segments.pop();
      beforeLast.text += last.text + text;
      return;
    }
    if (mark && marks >= maxMarks) mark = false;
    if (last && last.mark === mark) last.text += text;
    else {
      segments.push({ text, mark });
      if (mark) marks++;
    }
  };
  const parts = headline.split(/([\uE000\uE001])/);
  let mark = false;
  for (const part of parts) {
    if (part === MARK_START) mark = true;
    else if (part === MARK_STOP) mark = false;
    else add(part, mark);
  }
  return segments;
}

/** Text as written, with the two marker characters taken out (an author cannot forge a highlight). */
export function withoutMarkers(text: string): string {
  return text.replace(/[\uE000\uE001]/g, "");
}
