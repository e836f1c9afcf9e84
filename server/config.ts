import { z } from "zod";

/**
 * The environment, validated once at start. Development defaults let `npm start` work on a fresh machine;
 * nothing here is a secret (session tokens and CSRF tokens are random per browser, not signed with a key).
 */
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /**
   * A PostgreSQL streaming replica of DATABASE_URL for the council's dashboards and exports to read from (ADR 72);
   * every write still goes to DATABASE_URL. Only with DATABASE_URL.
   */
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_REPLICA_URL must be a postgres:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** How far behind the primary the replica may be, in seconds, before dashboards read from the primary instead. */
  DATABASE_REPLICA_MAX_LAG_SECONDS: z.coerce.number().min(0).max(86_400).default(30),
  /**
   * After a change, how long a dashboard request waits for its figures to be worked out again before it is shown the
   * last ones worked out, which say when they were (ADR 73): milliseconds, 0 to 60,000.
   */
  INSIGHT_FRESH_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(300),
  DATA_DIR: z.string().default(".data"),
  /** The production build to serve, relative to the project: `build` (the benchmarks serve `build-bench`). */
  BUILD_DIR: z.enum(["build", "build-bench"]).default("build"),
  /** Express "trust proxy": set it (e.g. `1`) behind a load balancer so client IPs and HTTPS are seen. */
  TRUST_PROXY: z.string().optional(),
  SIGN_IN_MAX_PER_IP_PER_MINUTE: z.coerce.number().int().positive().default(10),
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT_PER_HOUR: z.coerce.number().int().positive().default(100),
  /**
   * Council officers and administrators must sign in with an authenticator app's code as well as their password
   * (ADR 58). Unset: on in production, off otherwise (`npm run dev`, the tests). The demo seed's accounts never need it.
   */
  REQUIRE_TWO_FACTOR: z
    .enum(["true", "false", "1", "0", "on", "off", "yes", "no"], { error: "REQUIRE_TWO_FACTOR must be true or false" })
    .transform((value) => ["true", "1", "on", "yes"].includes(value))
    .optional()
    .or(z.literal("").transform(() => undefined)),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "silent"]).default("info"),
  COMMIT_SHA: z.string().optional(),
  /**
   * The portal's address as users reach it, for links in emails (e.g. https://send.kent.gov.uk). Defaults to
   * http://localhost:PORT outside production; required in production when emails are sent.
   */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/, "PUBLIC_URL must be an http:// or https:// address, like https://send.kent.gov.uk")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /**
   * Where emails go, e.g. smtps://user:password@smtp.example.com:465. Unset: no email leaves the portal; the
   * admin reads them in the outbox. It may hold a password: never logged.
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "SMTP_URL must be an smtp:// or smtps:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** The From of every email. Default: `Kent SEND Inclusion Portal <no-reply@` the PUBLIC_URL's host `>`. */
  MAIL_FROM: z.string().trim().min(3).optional().or(z.literal("").transform(() => undefined)),
});

const withDefaults = schema
  .superRefine((env, ctx) => {
    if (env.DATABASE_REPLICA_URL && !env.DATABASE_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["DATABASE_REPLICA_URL"],
        message: "set DATABASE_URL too: a replica is a copy of a PostgreSQL primary, and the embedded database has none",
      });
    }
    if (env.NODE_ENV === "production" && env.SMTP_URL && !env.PUBLIC_URL) {
      ctx.addIssue({ code: "custom", path: ["PUBLIC_URL"], message: "set it when SMTP_URL is set: emails link to the portal" });
    }
  })
  .transform((env) => {
    const publicUrl = env.PUBLIC_URL?.replace(/\/+$/, "") ?? `http://localhost:${env.PORT}`;
    return {
      ...env,
      PUBLIC_URL: publicUrl,
      MAIL_FROM: env.MAIL_FROM ?? `Kent SEND Inclusion Portal <no-reply@${new URL(publicUrl).hostname}>`,
    };
  });

export type Config = z.infer<typeof withDefaults>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = withDefaults.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`The portal cannot start: the environment is not valid.\n${lines.join("\n")}`);
  }
  return parsed.data;
}
