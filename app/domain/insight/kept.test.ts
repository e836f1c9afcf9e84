import { afterEach, describe, expect, it } from "vitest";
import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { keptViews, setFreshWait } from "./kept.server.ts";

// ADRs 68 and 73: views kept until their stamp changes; after a change, a request waits at most the fresh wait for
// the views being made again and is otherwise given the last ones made.

const db = {} as Kysely<Database>;
const later = <T>(ms: number, value: T) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms));

afterEach(() => setFreshWait(Number.POSITIVE_INFINITY));

describe("kept views", () => {
  it("makes the views once per stamp, for every request that asks meanwhile, and again when the stamp moves", async () => {
    const kept = keptViews<string>();
    let made = 0;
    const make = (value: string) => () => {
      made += 1;
      return later(20, value);
    };
    expect(await Promise.all([kept(db, "k", "s1", make("one")), kept(db, "k", "s1", make("one")), kept(db, "k", "s1", make("one"))])).toEqual(["one", "one", "one"]);
    expect(made).toBe(1);
    expect(await kept(db, "k", "s1", make("again"))).toBe("one");
    expect(made).toBe(1);
    // Without a fresh wait (the tests' default) a change is always waited for.
    expect(await kept(db, "k", "s2", make("two"))).toBe("two");
    expect(made).toBe(2);
    // Another key is its own.
    expect(await kept(db, "other", "s2", make("else"))).toBe("else");
  });

  it("after a change, gives the last views made to a request that has waited the fresh wait, and the new ones once made", async () => {
    const kept = keptViews<string>();
    expect(await kept(db, "k", "s1", () => later(1, "old"))).toBe("old");
    setFreshWait(30);
    let made = 0;
    const slow = () => {
      made += 1;
      return later(300, "new");
    };
    const started = performance.now();
    expect(await kept(db, "k", "s2", slow)).toBe("old");
    expect(performance.now() - started).toBeLessThan(250);
    // Asked again while it is being made: the same making, the old views again.
    expect(await kept(db, "k", "s2", slow)).toBe("old");
    expect(made).toBe(1);
    await later(350, null);
    expect(await kept(db, "k", "s2", slow)).toBe("new");
    expect(made).toBe(1);
    // A making quicker than the wait is waited for.
    expect(await kept(db, "k", "s3", () => later(5, "quick"))).toBe("quick");
  });

  it("never lets a slower making of an older stamp replace views made since", async () => {
    const kept = keptViews<string>();
    expect(await kept(db, "k", "s1", () => later(1, "first"))).toBe("first");
    setFreshWait(10);
    // s2's making is slow; s3 arrives and is made quickly; then s2's finishes.
    expect(await kept(db, "k", "s2", () => later(200, "second"))).toBe("first");
    setFreshWait(Number.POSITIVE_INFINITY);
    expect(await kept(db, "k", "s3", () => later(5, "third"))).toBe("third");
    await later(250, null);
    expect(await kept(db, "k", "s3", () => later(5, "not made"))).toBe("third");
  });

  it("passes on a failed making, and makes the views again on the next request", async () => {
    const kept = keptViews<string>();
    await expect(kept(db, "k", "s1", () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(await kept(db, "k", "s1", () => later(1, "back"))).toBe("back");
  });
});
