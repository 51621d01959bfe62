/**
 * Where Debian's Chromium is (the browser tests and the plot bench drive it through puppeteer-core;
 * no browser is ever downloaded). CHROMIUM_PATH overrides; null when none is installed.
 */
import * as fs from "node:fs";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

export function findChromium(): string | null {
  const given = process.env.CHROMIUM_PATH;
  if (given) return fs.existsSync(given) ? given : null;
  return CANDIDATES.find((p) => fs.existsSync(p)) ?? null;
}

/** Flags for a headless run as root in a container: no sandbox (root cannot have one), no GPU, no network services. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--no-first-run",
  "--no-default-browser-check",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--metrics-recording-only",
];
