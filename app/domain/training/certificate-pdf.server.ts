import { readFileSync } from "node:fs";
import * as fontkit from "fontkit";
import PDFDocument from "pdfkit";
import { formatDate } from "../../components/format.ts";
import { LETTER_FONT_FILES } from "../funding/letter-pdf.server.ts";
import type { Certificate } from "./certificate.server.ts";

/**
 * A certificate of attendance as a PDF (pdfkit), in the decision letter's font (ADR 33: Noto Sans, so names such as
 * "Łucja Wójcik-Öztürk" print as typed), parsed once and shared by every certificate after the first.
 */
let parsedFonts: { regular: PDFKit.Mixins.PDFFontSource; bold: PDFKit.Mixins.PDFFontSource } | undefined;
function certificateFonts() {
  const parse = (file: string) => {
    const font = fontkit.create(readFileSync(file));
    if (!("layout" in font)) throw new Error(`${file} is a font collection, not one font`);
    return font as unknown as PDFKit.Mixins.PDFFontSource;
  };
  parsedFonts ??= { regular: parse(LETTER_FONT_FILES.regular), bold: parse(LETTER_FONT_FILES.bold) };
  return parsedFonts;
}

const REGULAR = "NotoSans";
const BOLD = "NotoSans-Bold";

/** The certificate's dates in words: "3 March 2027", or "3 March 2027 to 4 March 2027". */
export function certificateDates(certificate: Pick<Certificate, "date" | "endDate">): string {
  return certificate.endDate ? `${formatDate(certificate.date)} to ${formatDate(certificate.endDate)}` : formatDate(certificate.date);
}

export function certificatePdf(certificate: Certificate): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    layout: "landscape",
    margin: 64,
    font: "",
    info: { Title: `Certificate of attendance: ${certificate.course}`, Author: "Kent County Council" },
  });
  const fonts = certificateFonts();
  doc.registerFont(REGULAR, fonts.regular);
  doc.registerFont(BOLD, fonts.bold);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const centred = { align: "center" as const };
  doc.font(REGULAR).fontSize(11).text("Kent County Council · SEND Inclusion Portal", centred);
  doc.moveDown(2).font(BOLD).fontSize(30).text("Certificate of attendance", centred);
  doc.moveDown(1.2).font(REGULAR).fontSize(14).text("This is to certify that", centred);
  doc.moveDown(0.6).font(BOLD).fontSize(24).text(certificate.name, centred);
  doc.moveDown(0.3).font(REGULAR).fontSize(13).text(`${certificate.role}, ${certificate.school}`, centred);
  doc.moveDown(1).fontSize(14).text("attended", centred);
  doc.moveDown(0.6).font(BOLD).fontSize(20).text(certificate.course, centred);
  doc.moveDown(0.3).font(REGULAR).fontSize(13).text(`${certificate.programme} (${certificate.provider})`, centred);
  doc.moveDown(1.2).fontSize(13).text(`on ${certificateDates(certificate)}, led by ${certificate.presenter}`, centred);
  doc.moveDown(0.4).font(BOLD).text(`CPD: ${certificate.hoursText}`, centred);
  doc.moveDown(2).font(REGULAR).fontSize(10).text(`Certificate ${certificate.bookingId}`, centred);
  doc.end();
  return done;
}
