import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import { formatDate, formatDateTime } from "../../components/format.ts";
import { londonToday } from "../financial-year.ts";
import { formatPence } from "../money.ts";
import type { DecisionLetter } from "./letters.server.ts";

/**
 * The letter's font (ADR 33): Noto Sans, regular and bold, TrueType files from `@expo-google-fonts/noto-sans` (SIL
 * Open Font License 1.1, the package's LICENSE_FONT). A PDF's standard fonts (Helvetica) draw Windows-1252 only, so
 * "Łucja Wójcik-Öztürk" or "Дарина" came out wrong; Noto Sans covers Latin with its extensions, Greek, Cyrillic and
 * Vietnamese (not Arabic, Urdu or Bengali: see the ADR). pdfkit embeds only the glyphs a letter uses, with their
 * ToUnicode map, so the text can be searched and copied. Found through Node's resolution from this module, which
 * works from the source (tests, `npm run dev`) and from the bundled build/server/index.js (`npm start`) alike, since
 * both sit above node_modules. Read and parsed (fontkit, the parser pdfkit itself uses) once, on the first letter,
 * and shared by every letter after: parsing the two 630 KB files for each letter cost about 100 ms of CPU.
 */
const resolveFrom = createRequire(import.meta.url);
export const LETTER_FONT_FILES = {
  regular: resolveFrom.resolve("@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf"),
  bold: resolveFrom.resolve("@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf"),
};
let parsedFonts: { regular: fontkit.Font; bold: fontkit.Font } | undefined;
function parsed(file: string): fontkit.Font {
  const font = fontkit.create(readFileSync(file));
  if (!("layout" in font)) throw new Error(`${file} is a font collection, not one font`);
  return font;
}
/** The parsed fonts, as pdfkit takes them (its types name only files and bytes; it takes a fontkit font as well). */
function letterFonts(): { regular: PDFKit.Mixins.PDFFontSource; bold: PDFKit.Mixins.PDFFontSource } {
  parsedFonts ??= { regular: parsed(LETTER_FONT_FILES.regular), bold: parsed(LETTER_FONT_FILES.bold) };
  return parsedFonts as unknown as { regular: PDFKit.Mixins.PDFFontSource; bold: PDFKit.Mixins.PDFFontSource };
}

const REGULAR = "NotoSans";
const BOLD = "NotoSans-Bold";

/**
 * A decision letter as a PDF, made by pdfkit (it wraps the text itself), in Noto Sans. Says what the letter page
 * says, from the same DTO, so the pupil is named only when the page names them.
 */
export function letterPdf(letter: DecisionLetter): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 56, font: "", info: { Title: `Decision letter ${letter.reference}`, Author: "Kent County Council" } });
  const fonts = letterFonts();
  doc.registerFont(REGULAR, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const heading = (text: string) => doc.moveDown(0.8).font(BOLD).fontSize(13).text(text).moveDown(0.3).font(REGULAR).fontSize(11);
  const row = (label: string, value: string) => {
    doc.font(BOLD).text(`${label}: `, { continued: true }).font(REGULAR).text(value);
  };

  doc.font(REGULAR).fontSize(10).text("Kent County Council · SEND Inclusion Portal", { align: "right" });
  doc.text(formatDate(londonToday(letter.decidedAt)), { align: "right" });
  doc.moveDown(1.5).font(BOLD).fontSize(18).text(`Decision on funding request ${letter.reference}`);
  if (letter.correction) doc.font(REGULAR).fontSize(11).text("This letter corrects an earlier decision on the same request.");
  if (letter.superseded) doc.font(REGULAR).fontSize(11).text("A later decision has replaced this one.");
  doc.moveDown(0.5).font(REGULAR).fontSize(11);
  row("School", `${letter.school.name} (URN ${letter.school.urn})`);
  row("Funding", letter.scheme);
  if (letter.pupil) row("Pupil", letter.pupil);
  row("Requested", letter.requestedPence === null ? "No amount" : formatPence(letter.requestedPence));

  heading("The decision");
  row("Outcome", letter.outcomeLabel);
  row("Amount awarded", formatPence(letter.awardedPence));
  row("Award period", letter.periodText);
  row("Payments", letter.paymentsText);

  heading("Why");
  for (const line of letter.reasons) doc.text(line).moveDown(0.3);

  heading("How to ask for a review of this decision");
  for (const line of letter.howToAskForReview) doc.text(line).moveDown(0.3);

  doc.moveDown(1).text(`Decided by ${letter.decidedBy} for Kent County Council on ${formatDateTime(letter.decidedAt)}.`);
  doc.end();
  return done;
}
