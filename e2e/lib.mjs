// Shared helpers of the end-to-end tests: the engine under test and its launcher (e2e/webdriver.mjs),
// the test server (e2e/server.mjs), a free port, axe-core, the stand-in window.GLANCE, and the
// screenshot folder (e2e/screenshots/, ignored by git; every file named by engine).
// The optional real-Glance layer (e2e/real-glance.mjs) alone uses Playwright, in Chromium.
import { spawn } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { ENGINE, freePort } from "./webdriver.mjs";

export { ENGINE, launch, freePort } from "./webdriver.mjs";
export { startServer } from "./server.mjs";

const require = createRequire(import.meta.url);
export const here = dirname(fileURLToPath(import.meta.url));
export const root = join(here, "..");
export const shots = join(here, "screenshots");
mkdirSync(shots, { recursive: true });
export const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const standIn = readFileSync(join(root, "tests", "glance-standin.js"), "utf8");

/** The path of screenshot `name` of the engine under test: e2e/screenshots/<engine>-<name>.png. */
export const shotPath = (name) => join(shots, `${ENGINE}-${name}.png`);

/** Chromium flags for a machine without network (see shared TOOLCHAIN notes). */
export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
];

/** Playwright's Chromium (Debian's binary) with the common flags plus `extra`: the real-Glance layer only. */
export function launchChromium(extra = []) {
  const { chromium } = require("playwright-core");
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: [...CHROMIUM_ARGS, ...extra] });
}


/** Waits until `url` answers 200 (10 s at most). */
export async function waitForServer(url) {
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not start`);
}

/** Serves `dir` (default dist/) with python's http.server on a free port: {server, port, base}. */
export async function serveDir(dir = join(root, "dist")) {
  const port = await freePort();
  const server = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", dir], {
    stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}/`;
  await waitForServer(base);
  return { server, port, base };
}

/** Every axe-core rule that ran on the pages checked so far (for the suite's closing summary). */
export const axeRulesSeen = new Set();

/**
 * Runs axe-core on `frameOrPage` (every rule axe enables by default: WCAG 2.0/2.1/2.2 A and AA and
 * best practices) and returns the violations as "rule: targets" lines.
 */
export async function axeViolations(frameOrPage) {
  const loaded = await frameOrPage.evaluate(() => typeof window.axe === "object");
  if (!loaded) await frameOrPage.evaluate(axeSource);
  const r = await frameOrPage.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    const ids = [...r.passes, ...r.violations, ...r.incomplete, ...r.inapplicable].map((x) => x.id);
    return { ids, violations: r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`) };
  });
  for (const id of r.ids) axeRulesSeen.add(id);
  return r.violations;
}

/**
 * The visitor's answers Glance's core sent on its session socket (`sent`: the socket's text
 * messages): every `ssnmessages` entry, and the `visitorscreenshare` status of its `CS` messages
 * (a message's other parts, such as the page's own text in `UP` diffs, are left out).
 */
export function glanceAnswers(sent) {
  const out = [];
  for (const text of sent) {
    let m;
    try { m = JSON.parse(text); } catch { continue; }
    const data = m && m.data;
    if (!data) continue;
    for (const e of data.ssnmessages || []) out.push(e);
    if (m.mtype === "CS" && data.visitorscreenshare) out.push({ visitorscreenshare: data.visitorscreenshare.status });
  }
  return out;
}
