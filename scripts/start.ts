import { ensureBuild } from "./ensure-build.ts";

// `npm start`: builds when the build is missing or older than the source, then runs the server in this
// process (production mode), so signals reach it directly.

try {
  ensureBuild();
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
process.env.NODE_ENV ??= "production";
await import("../server.ts");
