import PDFDocument from "pdfkit";
import { formatDate, formatDateTime } from "../../components/format.ts";
import { londonToday } from "../financial-year.ts";
import { formatPence } from "../money.ts";
import type { DecisionLetter } from "./letters.server.ts";

/**
 * A decision letter as a PDF, made by pdfkit (its standard Helvetica: nothing to load; it wraps the text itself).
 * Says what the letter page says, from the same DTO, so the pupil is named only when the page names them.
 */
export function letterPdf(letter: DecisionLetter): Promise<Buffer> {
  const doc = new PDFDocument({ size: "A4", margin: 56, info: { Title: `Decision letter ${letter.reference}`, Author: "Kent County Council" } });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const heading = (text: string) => doc.moveDown(0.8).font("Helvetica-Bold").fontSize(13).text(text).moveDown(0.3).font("Helvetica").fontSize(11);
  const row = (label: string, value: string) => {
    doc.font("Helvetica-Bold").text(`${label}: `, { continued: true }).font("Helvetica").text(value);
  };

  doc.font("Helvetica").fontSize(10).text("Kent County Council · SEND Inclusion Portal", { align: "right" });
  doc.text(formatDate(londonToday(letter.decidedAt)), { align: "right" });
  doc.moveDown(1.5).font("Helvetica-Bold").fontSize(18).text(`Decision on funding request ${letter.reference}`);
  if (letter.correction) doc.font("Helvetica").fontSize(11).text("This letter corrects an earlier decision on the same request.");
  if (letter.superseded) doc.font("Helvetica").fontSize(11).text("A later decision has replaced this one.");
  doc.moveDown(0.5).font("Helvetica").fontSize(11);
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
