import { describe, expect, it } from "vitest";
import { formatBytes } from "./documents.rules.ts";

describe("a file's size as the page shows it", () => {
  it("says bytes, whole kilobytes rounded up, and megabytes to one place rounded half up", () => {
    expect(formatBytes(0)).toBe("0 bytes");
    expect(formatBytes(1023)).toBe("1023 bytes");
    expect(formatBytes(1024)).toBe("1 KB");
    expect(formatBytes(1025)).toBe("2 KB");
    expect(formatBytes(1024 * 1024)).toBe("1.0 MB");
    // 2.25 MB exactly: half up to 2.3 (a binary fraction's toFixed says 2.2).
    expect(formatBytes(2.25 * 1024 * 1024)).toBe("2.3 MB");
    expect(formatBytes(20 * 1024 * 1024 - 1)).toBe("20.0 MB");
  });
});
