// Pay per session against Glance's real shipped 6.33.0 loader and core (optional, like
// scripts/real-glance.sh: needs GLANCE_TREE, says it skipped without): is the split build's kit in
// place before Glance's own `sessionstart`, on DevTools' "Fast 3G" and on a fast network? Glance's
// service is faked on loopback (e2e/fake-glance.mjs), every file sent gzip-compressed; DevTools adds
// the network's latency and bandwidth to each request (a real network adds more: TCP and TLS set-up,
// the service's own time), so Glance's figures here are lower bounds.
//   GLANCE_TREE=<folder> node bench/real-glance-3g.mjs   (after bash scripts/split-build.sh examples/minimal target/bench/split-minimal)
import { join } from "node:path";
import { existsSync } from "node:fs";
import { launchChromium, root } from "../e2e/lib.mjs";
import { startFakeGlance, glanceMissing } from "../e2e/fake-glance.mjs";

const TREE = process.env.GLANCE_TREE || "";
const DIST = join(root, "target", "bench", "split-minimal");
const missing = glanceMissing(TREE) || (!existsSync(join(DIST, "index.html")) && "target/bench/split-minimal is not built");
if (missing) { console.log(`[real-glance-3g] skipped: ${missing}`); process.exit(0); }

const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1024 * 1024 / 8) * 0.9, uploadThroughput: (750 * 1024 / 8) * 0.9 };
const RUNS = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const line = (what, value, target) => console.log(`  ${what.padEnd(64)} ${String(value).padStart(10)}   ${target}`);

const { port, svc, close } = await startFakeGlance({ dist: DIST, tree: TREE, gzip: true });
const browser = await launchChromium();

/** A page view of the split build with Glance's tag, on `network` (null: not throttled). */
async function open(network) {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  if (network) await cdp.send("Network.emulateNetworkConditions", network);
  await page.addInitScript(`window.__t = {};
    new MutationObserver(() => {
      if (!window.__t.kit && document.querySelector('[data-gvk="visitor-ui"]')) window.__t.kit = performance.now();
    }).observe(document, { subtree: true, childList: true });`);
  await page.goto(`https://127.0.0.1:${port}/`);
  await page.waitForSelector('[data-gvk="visitor-gate"]', { state: "attached", timeout: 60000 });
  await page.waitForFunction(() => window.GLANCE && GLANCE.Cobrowse && GLANCE.Cobrowse.Loader, null, { timeout: 60000 });
  return { context, page };
}
/** Glance's own events, timed by a listener of the page (the core loads for it). */
const listen = (page, then) => page.evaluate((then) => {
  GLANCE.Cobrowse.Loader.load(() => {
    const V = GLANCE.Cobrowse.Visitor;
    V.addEventListener("sessionstarting", () => (window.__t.starting ??= performance.now()));
    V.addEventListener("sessionstart", () => (window.__t.start ??= performance.now()));
    if (then === "start") { window.__t.call = performance.now(); V.startSession(); }
  });
}, then);
const times = (page) => page.waitForFunction(() => window.__t.start && window.__t.kit && window.__t, null, { timeout: 120000 }).then((h) => h.jsonValue());

console.log("\nPay per session against Glance's real 6.33.0 loader and core (service faked on loopback; DevTools throttling)");
for (const [label, network] of [["fast network", null], ["Fast 3G", FAST_3G]]) {
  const elsewhere = [], kitStart = [];
  for (let i = 0; i < RUNS; i++) {
    // A session the page starts through Glance (`GLANCE.Cobrowse.Visitor.startSession()`, as a
    // data-glancebutton or a chat window does): the gate, which wraps that call, fetches the kit at it.
    let { context, page } = await open(network);
    await listen(page, "start");
    let t = await times(page);
    elsewhere.push({ gap: t.start - t.starting, kit: t.kit - t.starting });
    await context.close();
    // The kit's own Start, terms accepted at once.
    ({ context, page } = await open(network));
    await listen(page, null);
    await page.click('[data-gvk="visitor-gate"] [data-action="start"]');
    await page.click('[data-gvk="terms-prompt"][data-state="open"] [data-answer="accept"]', { timeout: 120000 });
    t = await times(page);
    kitStart.push({ gap: t.start - t.starting, kit: t.kit - t.starting });
    await context.close();
  }
  const report = (what, rows) => {
    line(`${label}, ${what}: sessionstarting to Glance's sessionstart`, `${median(rows.map((r) => r.gap)).toFixed(0)} ms`, "(report)");
    line(`${label}, ${what}: sessionstarting to the kit in place`, `${median(rows.map((r) => r.kit)).toFixed(0)} ms`, "(report)");
    const first = rows.filter((r) => r.kit <= r.gap).length;
    line(`${label}, ${what}: runs with the kit in place before sessionstart`, `${first} of ${rows.length}`, `target: ${rows.length} of ${rows.length}`);
  };
  report("the page's startSession()", elsewhere);
  report("the kit's Start", kitStart);
}
console.log(`  service requests seen: ${svc.requests.length}`);
await browser.close();
close();
