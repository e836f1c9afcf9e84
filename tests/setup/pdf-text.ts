import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

/**
 * The text a PDF reader finds in `bytes` (pdf.js, Mozilla's reader, in its Node build): what a person searching or
 * copying the letter gets, read through the embedded fonts' ToUnicode maps. Pages one after another.
 */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false, disableFontFace: true }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ("str" in item ? item.str + (item.hasEOL ? "\n" : "") : "")).join(""));
  }
  await pdf.destroy();
  return pages.join("\n");
}

/** The fonts a PDF embeds, by their base names ("ABCDEF+NotoSans-Bold" for a subset): its dictionaries are not compressed. */
export function embeddedFonts(bytes: Uint8Array): string[] {
  return [...Buffer.from(bytes).toString("latin1").matchAll(/\/BaseFont \/([^\s/<>[\]]+)/g)].map((m) => m[1]!);
}
