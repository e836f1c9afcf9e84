import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { root } from "../../scripts/ensure-build.ts";

// Forms validate on the server (ADR 7): zod must never reach the browser, where it would cost about a quarter
// of a page's script budget. A page that imports a value (not a type) from a *.schema.ts file pulls zod in;
// code lists pages need live in zod-free modules (e.g. pupil-codes.ts, funding.rules.ts).
describe("the browser bundle", () => {
  it("contains no zod", () => {
    const assets = path.join(root, "build/client/assets");
    const withZod = fs
      .readdirSync(assets)
      .filter((f) => f.endsWith(".js"))
      .filter((f) => /ZodError|\$ZodType/.test(fs.readFileSync(path.join(assets, f), "utf8")));
    expect(withZod).toEqual([]);
  });
});
