import net from "node:net";
import type { KyselyPlugin } from "kysely";
import type { DatabaseHandle } from "../../app/db.server.ts";

/**
 * A database handle whose queries fail on demand, as if PostgreSQL were unreachable (`down`) or as if a
 * query hit a bug (`broken`). Used where no real server can be stopped (the embedded database).
 */
export function faultyHandle(handle: DatabaseHandle) {
  const state: { fault: null | "down" | "broken" } = { fault: null };
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      if (state.fault === "down") throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
      if (state.fault === "broken") throw new Error('relation "no_such_table" does not exist');
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { handle: { ...handle, db: handle.db.withPlugin(plugin) }, state };
}

/** A TCP proxy in front of PostgreSQL that can be cut and restored, like a network or server outage. */
export async function startProxy(targetPort: number, targetHost = "127.0.0.1") {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(targetPort, targetHost);
        sockets.add(client).add(upstream);
        client.pipe(upstream).pipe(client);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on("error", drop).on("close", drop);
        upstream.on("error", drop).on("close", drop);
      });
      server.listen(port, "127.0.0.1", () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  await listen();
  return {
    get port() {
      return port;
    },
    /** Cuts every connection and refuses new ones. */
    cut: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        sockets.clear();
        server!.close(() => resolve());
      }),
    restore: listen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        if (server?.listening) server.close(() => resolve());
        else resolve();
      }),
  };
}
