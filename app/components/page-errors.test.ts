import { describe, expect, it } from "vitest";
import { formWasRefused } from "./page-errors.ts";

// The server's reading of "a form was refused" (ADR 25), from the action data by route id.
describe("formWasRefused", () => {
  it("is true for a Conform reply with status error, or with any error messages", () => {
    expect(formWasRefused({ "routes/login": { status: "error", initialValue: {}, error: {} } })).toBe(true);
    expect(formWasRefused({ "routes/login": { initialValue: {}, error: { "": ["Enter a correct email address and password"] } } })).toBe(true);
  });

  it("is true for a refused form of a page with several forms (the reply naming the form it answers)", () => {
    expect(formWasRefused({ "routes/funding.$ref": { status: "error", error: { comment: ["Say what needs to change"] }, answers: "return" } })).toBe(true);
  });

  it("is false without action data, for a reply with no errors, and for replies that are not forms", () => {
    expect(formWasRefused(undefined)).toBe(false);
    expect(formWasRefused(null)).toBe(false);
    expect(formWasRefused({})).toBe(false);
    expect(formWasRefused({ "routes/login": { initialValue: {}, error: {} } })).toBe(false);
    expect(formWasRefused({ "routes/funding.$ref": { error: {}, answers: "return" } })).toBe(false);
    expect(formWasRefused({ "routes/session.extend": { extended: true }, other: null, text: "error", n: 1 })).toBe(false);
  });
});
