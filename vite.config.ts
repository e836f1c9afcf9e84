import path from "node:path";
import zlib from "node:zlib";
import { vitePlugin as remix } from "@remix-run/dev";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "vite";
import { compression, defineAlgorithm } from "vite-plugin-compression2";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig(({ isSsrBuild }) => ({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  build: { target: "es2022", cssMinify: true },
  server: { port: Number(process.env.PORT ?? 3000) },
  plugins: [
    tailwindcss(),
    // Brotli (best) and gzip copies of the client assets, made once at build time and served as they are
    // (server/app.ts), so browsers download less and the server compresses nothing per request for them.
    !isSsrBuild &&
      compression({
        include: /\.(js|css|svg)$/,
        algorithms: [defineAlgorithm("brotliCompress", { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }), "gzip"],
        deleteOriginalAssets: false,
      }),
    remix({
      ignoredRouteFiles: ["**/*"],
      // The benchmarks build a copy with one extra page (app/routes.ts) into its own directory, so the
      // portal's build never contains it.
      buildDirectory: process.env.PORTAL_BENCH_FLOOR === "1" ? "build-bench" : "build",
      serverModuleFormat: "esm",
      future: {
        v3_fetcherPersist: true,
        v3_relativeSplatPath: true,
        v3_throwAbortReason: true,
        v3_singleFetch: true,
        v3_lazyRouteDiscovery: true,
        v3_routeConfig: true,
      },
    }),
  ],
}));
