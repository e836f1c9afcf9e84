import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/types.ts";

/**
 * CSRF tokens (ADR 0015). Every form echoes the token back, and it must be one the portal issued:
 * - signed in: derived from the session token (an HMAC of it), so it is new at every sign-in, ends with the
 *   session, and a value planted in the browser's CSRF cookie is ignored;
 * - not signed in: a random value with the portal's signature, so a planted value the portal never signed is
 *   refused; a new one is issued once the browser signs out.
 * The key is made once per database (app_secrets), so every app instance signs and checks alike.
 */
export interface CsrfTokens {
  /** The token for this browser, and whether its cookie must be (re)set to it. */
  tokenFor(cookies: { session?: string; csrf?: string }): Promise<{ token: string; setCookie: boolean }>;
}

const KEY_NAME = "csrf";
const SESSION_TOKEN = /^[a-z2-7]{32}$/;
const ANONYMOUS_TOKEN = /^([A-Za-z0-9_-]{32})\.([A-Za-z0-9_-]{43})$/;

async function loadKey(db: Kysely<Database>): Promise<Buffer> {
  await db
    .insertInto("app_secrets")
    .values({ name: KEY_NAME, secret: randomBytes(32).toString("base64url") })
    .onConflict((oc) => oc.column("name").doNothing())
    .execute();
  const row = await db.selectFrom("app_secrets").select("secret").where("name", "=", KEY_NAME).executeTakeFirstOrThrow();
  return Buffer.from(row.secret, "base64url");
}

function sign(key: Buffer, purpose: string, value: string) {
  return createHmac("sha256", key).update(`${purpose}:${value}`).digest("base64url");
}

function same(a: string, b: string) {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function csrfTokens(db: Kysely<Database>): CsrfTokens {
  // Loaded once; a failure (the database is down) is not cached, so the next request tries again.
  let key: Promise<Buffer> | undefined;
  const getKey = () => {
    key ??= loadKey(db).catch((error: unknown) => {
      key = undefined;
      throw error;
    });
    return key;
  };
  return {
    async tokenFor(cookies) {
      const secret = await getKey();
      if (cookies.session && SESSION_TOKEN.test(cookies.session)) {
        const token = sign(secret, "session", cookies.session);
        return { token, setCookie: cookies.csrf !== token };
      }
      const match = cookies.csrf ? ANONYMOUS_TOKEN.exec(cookies.csrf) : null;
      if (match && same(match[2]!, sign(secret, "anonymous", match[1]!))) return { token: cookies.csrf!, setCookie: false };
      const nonce = randomBytes(24).toString("base64url");
      return { token: `${nonce}.${sign(secret, "anonymous", nonce)}`, setCookie: true };
    },
  };
}
