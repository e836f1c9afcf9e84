import crypto from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "../../db/types.ts";
import { DEMO_PASSWORD } from "../../db/seed/demo.ts";

// ADR 76: the suites' starting points keep the demo accounts' password as a cheaper scrypt hash. The portal checks a
// password with the parameters stored beside its hash (app/auth/password.server.ts), so a sign-in goes through the same
// code; only the work factor is smaller. At OWASP's (N=2^17, 128 MiB) each sign-in costs a fifth of a second to more
// than a second of CPU on this 2-core machine, and the suites sign in well over a thousand times. Every password
// the portal itself hashes (an invitation accepted, a password changed or reset, the seed of `npm start`) is still
// hashed at OWASP's parameters, and tests/integration/admin-users.test.ts checks that it is.
const LIGHT = { N: 2 ** 10, r: 8, p: 1 } as const;

/** The demo password hashed as the portal stores a hash, at a test-only work factor. */
export function lightDemoPasswordHash(): string {
  const salt = crypto.randomBytes(16);
  const key = crypto.scryptSync(DEMO_PASSWORD.normalize("NFKC"), salt, 64, LIGHT);
  return `scrypt$${LIGHT.N}$${LIGHT.r}$${LIGHT.p}$${salt.toString("base64")}$${key.toString("base64")}`;
}

/** Gives the seeded demo accounts the light hash of the same demo password. */
export async function lightenDemoPasswords(db: Kysely<Database>): Promise<void> {
  await db.updateTable("users").set({ password_hash: lightDemoPasswordHash() }).where("demo_account", "=", true).execute();
}
