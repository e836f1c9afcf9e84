/**
 * Debian's Chromium (installed by .ci/run) and the flags it needs on these machines: root, no GPU, and a
 * closed network, where Chromium's own background connections would only fail. Shared by the end-to-end tests
 * (playwright.config.ts) and the Lighthouse benchmark (bench/lighthouse.ts).
 */
export const SYSTEM_CHROMIUM = "/usr/bin/chromium";

export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
