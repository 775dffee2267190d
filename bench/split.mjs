// Pay per session (`bash scripts/bench.sh`): the split build of the minimal host app against the
// same pipeline's empty app (target/bench/split-minimal, target/bench/split-empty, made by
// scripts/split-build.sh), and how soon the kit is there when a session needs it, on a fast
// network and on DevTools' "Fast 3G" (Chromium, Playwright, the stand-in window.GLANCE). The files
// are served gzip-compressed, as a site serves them (the sizes below are gzip's too). A page view
// costs the files Chromium requests for it, a page view without a session, measured, not guessed
// from names: what is fetched only with a session (the chunk, its glue, the binding's script) is not.
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { join, normalize, extname } from "node:path";
import { gzipSync } from "node:zlib";
import { launchChromium, standIn, root } from "../e2e/lib.mjs";

const out = join(root, "target", "bench");
const kb = (n) => (n / 1000).toFixed(1) + " KB";
const line = (what, value, target) => console.log(`  ${what.padEnd(52)} ${String(value).padStart(12)}   target: ${target}`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function files(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => /\.(wasm|js|css)$/.test(f))
    .map((f) => ({ f, raw: readFileSync(join(dir, f)).length, gz: gzipSync(readFileSync(join(dir, f)), { level: 9 }).length }));
}
const sum = (rows) => rows.reduce((s, r) => s + r.gz, 0);

const browser = await launchChromium();
/** The .wasm/.js/.css files (paths under the app's folder) a page view of `name` requests. */
async function requested(name, gate) {
  const { server, base } = await serveGzip(join(out, name));
  const page = await browser.newPage();
  const seen = new Set();
  page.on("request", (r) => { const p = new URL(r.url()).pathname.slice(1); if (/\.(wasm|js|css)$/.test(p)) seen.add(decodeURIComponent(p)); });
  await page.addInitScript(`${standIn}\nwindow.gvkStandIn.install({ stub: true, core: 150, autoSession: true });`);
  await page.goto(base, { waitUntil: "networkidle" });
  if (gate) await page.waitForSelector('[data-gvk="visitor-gate"]', { state: "attached" });
  await page.waitForTimeout(500);
  await page.close();
  server.kill();
  return seen;
}
console.log("\n4. Pay per session: the split build (scripts/split-build.sh; gzip -9)");
const split = files(join(out, "split-minimal"));
// The empty app through the same pipeline; the kit's snippets copied next to it are not its own.
const empty = files(join(out, "split-empty")).filter((r) => !r.f.includes("glance-visitor-kit-"));
// What a page view loads: the files Chromium requests for each app, a page view without a session.
const viewed = { minimal: await requested("split-minimal", true), empty: await requested("split-empty", false) };
const mark = (set, r) => (set.has(r.f) ? "page view" : "with a session");
for (const r of split) console.log(`  split    ${r.f.padEnd(46)} ${String(r.raw).padStart(9)} raw ${String(r.gz).padStart(8)} gzip  (${mark(viewed.minimal, r)})`);
for (const r of empty) console.log(`  empty    ${r.f.padEnd(46)} ${String(r.raw).padStart(9)} raw ${String(r.gz).padStart(8)} gzip  (${mark(viewed.empty, r)})`);
const pageView = sum(split.filter((r) => viewed.minimal.has(r.f)));
const later = sum(split.filter((r) => !viewed.minimal.has(r.f)));
line("page view without a session: kit increment", kb(pageView - sum(empty.filter((r) => viewed.empty.has(r.f)))), "<= 15 KB (Glance's loader: 4.8 KB)");
line("  what a session adds (the chunk, its glue, the binding's script)", kb(later), "(report)");
line("  in a session: increment over the empty app", kb(pageView + later - sum(empty.filter((r) => viewed.empty.has(r.f)))), "(report)");

// ---- timings ----
/** A static server for `dir` on loopback that sends every file gzip-compressed (level 9, once). */
async function serveGzip(dir) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".css": "text/css" };
  const cache = new Map();
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = join(dir, path);
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!file.startsWith(dir) || !existsSync(file)) { res.writeHead(404); res.end(); return; }
    if (!cache.has(file)) cache.set(file, gzipSync(readFileSync(file), { level: 9 }));
    res.writeHead(200, { "content-type": types[extname(file)] || "application/octet-stream", "content-encoding": "gzip", "cache-control": "no-store" });
    res.end(cache.get(file));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server: { kill: () => server.close() }, base: `http://127.0.0.1:${server.address().port}/` };
}
const { server, base } = await serveGzip(join(out, "split-minimal"));
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1024 * 1024 / 8) * 0.9, uploadThroughput: (750 * 1024 / 8) * 0.9 };

async function open(opts, network) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (network) await cdp.send("Network.emulateNetworkConditions", network);
  await page.addInitScript(`${standIn}\nwindow.gvkStandIn.install(${JSON.stringify(opts)});\nwindow.GLANCE.Video = {};
    window.__t = {};
    new MutationObserver(() => {
      const t = performance.now();
      if (!window.__t.terms && document.querySelector('[data-gvk="terms-prompt"] dialog[open], dialog[data-gvk="terms-prompt"][open]')) window.__t.terms = t;
      if (!window.__t.kit && document.querySelector('[data-gvk="visitor-ui"]')) window.__t.kit = t;
    }).observe(document, { subtree: true, childList: true, attributes: true });`);
  await page.goto(base);
  await page.waitForSelector('[data-gvk="visitor-gate"]', { state: "attached" });
  await page.waitForFunction(() => window.gvkStandIn.current.listenerCount("sessionstart") === 1);
  return page;
}

const RUNS = 5;
for (const [label, network] of [["fast network", null], ["Fast 3G", FAST_3G]]) {
  const toTerms = [], toKit = [], framesAtLoad = [];
  for (let i = 0; i < RUNS; i++) {
    // Start on a page view without a session: from the click to the terms prompt on screen.
    let page = await open({ stub: true, core: 150, autoSession: true }, network);
    framesAtLoad.push(await page.evaluate(() => ["glance_screenshare", "glance_agentvideo"].every((id) => document.getElementById(id))));
    await page.evaluate(() => { window.__t.click = performance.now(); document.querySelector('[data-gvk="visitor-gate"] [data-action="start"]').click(); });
    await page.waitForFunction(() => window.__t.terms, null, { timeout: 60000 });
    toTerms.push(await page.evaluate(() => window.__t.terms - window.__t.click));
    await page.close();
    // A session started elsewhere (a chat window, a data-glancebutton): from `sessionstarting` to the kit.
    page = await open({}, network);
    await page.evaluate(() => { window.__t.starting = performance.now(); window.gvkStandIn.current.fire("sessionstarting"); });
    await page.waitForFunction(() => window.__t.kit, null, { timeout: 60000 });
    toKit.push(await page.evaluate(() => window.__t.kit - window.__t.starting));
    await page.close();
  }
  line(`${label}: Start click to the terms prompt, median of ${RUNS}`, `${median(toTerms).toFixed(0)} ms`, "(report)");
  line(`${label}: sessionstarting to the kit in place, median`, `${median(toKit).toFixed(0)} ms`,
    network ? "before sessionstart (Glance's core alone: 52.5 KB)" : "(report)");
  line(`${label}: Glance's iframes in the page from page load`, framesAtLoad.every(Boolean) ? "yes" : "NO", "yes");
}
await browser.close();
server.kill();
