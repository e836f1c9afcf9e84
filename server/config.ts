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
  DATA_DIR: z.string().default(".data"),
  /** Express "trust proxy": set it (e.g. `1`) behind a load balancer so client IPs and HTTPS are seen. */
  TRUST_PROXY: z.string().optional(),
  SIGN_IN_MAX_PER_IP_PER_MINUTE: z.coerce.number().int().positive().default(10),
  SIGN_IN_MAX_FAILURES_PER_ACCOUNT_PER_HOUR: z.coerce.number().int().positive().default(100),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "silent"]).default("info"),
  COMMIT_SHA: z.string().optional(),
});

export type Config = z.infer<typeof schema>;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`The portal cannot start: the environment is not valid.\n${lines.join("\n")}`);
  }
  return parsed.data;
}
