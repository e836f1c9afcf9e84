import fs from "node:fs";
const { openPglite, migrateToLatest } = await import("../app/db.server.ts");
const { generateTypes } = await import("../db/typegen.ts");
const h = await openPglite();
await migrateToLatest(h.db);
fs.writeFileSync(new URL("../db/types.ts", import.meta.url), await generateTypes(h.db));
await h.close();
