import { describe, expect, it } from "vitest";
import fs from "node:fs";
import { LETTER_FONT_FILES, letterPdf } from "../../app/domain/funding/letter-pdf.server.ts";
import type { DecisionLetter } from "../../app/domain/funding/letters.server.ts";
import { embeddedFonts, pdfText } from "../setup/pdf-text.ts";

// A decision letter's PDF draws names beyond Windows-1252 (ADR 33): Kent's schools and pupils have Polish, Hungarian,
// Turkish, Greek, Ukrainian names. The letter embeds Noto Sans; the test reads the PDF back as a reader would.

function letter(overrides: Partial<DecisionLetter> = {}): DecisionLetter {
  return {
    decisionId: 1,
    reference: "HNF-2026-00042",
    school: { name: "Oakfield Primary School", urn: "990001" },
    scheme: "High Needs Funding",
    pupil: "Amelia Hart",
    outcome: "partly_approved",
    outcomeLabel: "Partly approved",
    requestedPence: 850_000,
    awardedPence: 700_000,
    start: "2026-09-01",
    end: "2027-03-31",
    payments: { months: 7, monthlyPence: 100_000, lastMonthPence: 100_000 },
    periodText: "1 September 2026 to 31 March 2027",
    paymentsText: "7 monthly payments of £1,000.00",
    reasons: ["The request meets most of the scheme's criteria and is partly approved."],
    correction: false,
    decidedAt: new Date("2026-11-20T10:00:00Z"),
    decidedBy: "Olu Officer",
    superseded: false,
    howToAskForReview: ["Ask within 28 days, quoting HNF-2026-00042."],
    ...overrides,
  };
}

describe("a decision letter's PDF", () => {
  it("draws a pupil's and a school's names in Latin Extended, Greek and Cyrillic, as text a reader can find", async () => {
    const pdf = await letterPdf(
      letter({
        pupil: "Łucja Wójcik-Öztürk",
        school: { name: "Szkoła Podstawowa im. Ελένη Παπαδοπούλου", urn: "990001" },
        decidedBy: "Дарина Ковальчук",
        reasons: ["Őrség Ürün Şahin Đorđević Nguyễn: the plan is funded from spring."],
      }),
    );
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await pdfText(pdf);
    for (const name of ["Łucja Wójcik-Öztürk", "Szkoła Podstawowa im. Ελένη Παπαδοπούλου", "Дарина Ковальчук", "Őrség Ürün Şahin Đorđević Nguyễn", "£7,000.00", "HNF-2026-00042"]) {
      expect(text).toContain(name);
    }
    // Noto Sans embedded (a subset of each weight), no standard font left.
    const fonts = embeddedFonts(pdf);
    expect(fonts.some((f) => /^[A-Z]{6}\+NotoSans-Regular$/.test(f))).toBe(true);
    expect(fonts.some((f) => /^[A-Z]{6}\+NotoSans-Bold$/.test(f))).toBe(true);
    expect(fonts.filter((f) => !/^[A-Z]{6}\+NotoSans-(Regular|Bold)$/.test(f))).toEqual([]);
  });

  it("says the same in English as before, and stays small", async () => {
    const pdf = await letterPdf(letter({ correction: true }));
    const text = await pdfText(pdf);
    expect(text).toContain("Decision on funding request HNF-2026-00042");
    expect(text).toContain("This letter corrects an earlier decision on the same request.");
    expect(text).toContain("Pupil: Amelia Hart");
    expect(text).toContain("Payments: 7 monthly payments of £1,000.00");
    // Only the glyphs used are embedded: a letter is tens of kilobytes, not the fonts' 1.2 MB.
    expect(pdf.length).toBeLessThan(60_000);
  });

  it("finds its font files in the installed package", () => {
    for (const file of Object.values(LETTER_FONT_FILES)) {
      expect(file).toMatch(/node_modules\/@expo-google-fonts\/noto-sans\/\d00\w+\/NotoSans_\w+\.ttf$/);
      expect(fs.readFileSync(file).subarray(0, 4).toString("hex")).toBe("00010000");
    }
  });
});
