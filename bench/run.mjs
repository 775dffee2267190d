// The benchmark driver (`bash scripts/bench.sh`): size of the minimal host app against an empty
// Leptos app, an event burst through the Glance binding against a plain-JS reference handler, memory
// after many session cycles and mounts, and the mount time. Prints each figure beside its target.
// Expects the release builds in target/bench/{minimal,empty,page} (scripts/bench.sh makes them).
import { readFileSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { launch, serveDir, standIn } from "../e2e/lib.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const out = join(root, "target", "bench");
const GLANCE_UI_GZIP = 34.5 * 1000; // Glance's default visitor UI, gzip -9 bytes (script + CSS + HTML + text)
const RUNS = 5;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const kb = (n) => (n / 1000).toFixed(1) + " KB";
const line = (what, value, target) => console.log(`  ${what.padEnd(44)} ${String(value).padStart(14)}   target: ${target}`);

// ---- 1. size ----
function sizes(dir) {
  const files = readdirSync(dir).filter((f) => /\.(wasm|js|css)$/.test(f));
  const rows = files.map((f) => {
    const buf = readFileSync(join(dir, f));
    return { f, raw: buf.length, gz: gzipSync(buf, { level: 9 }).length };
  });
  return { rows, raw: rows.reduce((s, r) => s + r.raw, 0), gz: rows.reduce((s, r) => s + r.gz, 0) };
}
console.log("\n1. Size (release, wasm-opt -Oz, gzip -9)");
const minimal = sizes(join(out, "minimal"));
const empty = sizes(join(out, "empty"));
for (const r of minimal.rows) console.log(`  minimal  ${r.f.padEnd(40)} ${String(r.raw).padStart(9)} raw ${String(r.gz).padStart(8)} gzip`);
for (const r of empty.rows) console.log(`  empty    ${r.f.padEnd(40)} ${String(r.raw).padStart(9)} raw ${String(r.gz).padStart(8)} gzip`);
const increment = minimal.gz - empty.gz;
line("minimal host app, total gzip", kb(minimal.gz), "(report)");
line("empty Leptos app, total gzip", kb(empty.gz), "(baseline)");
line("kit increment over the empty app, gzip", kb(increment), "<= 34.5 KB");
line("increment / Glance's default UI (34.5 KB)", (increment / GLANCE_UI_GZIP).toFixed(2) + "x", "<= 1.00x");
line("total / Glance's default UI (34.5 KB)", (minimal.gz / GLANCE_UI_GZIP).toFixed(2) + "x", "(report)");

// ---- the page ----
const { server, base } = await serveDir(join(out, "page"));
const browser = await launch(["--js-flags=--expose-gc"]);
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.addInitScript(`${standIn}\nwindow.gvkStandIn.install({});`);
await page.goto(base);
await page.waitForFunction(() => window.gvkBench);
const cdp = await page.context().newCDPSession(page);
await cdp.send("Performance.enable");

// ---- 2. event burst ----
console.log("\n2. Event burst: 10,000 events (viewerinfo with changing sizes, agents, connection), dispatched synchronously");
await page.evaluate(() => window.gvkBench.mount());
await page.waitForFunction(() => window.gvkStandIn.current.listenerCount("viewerinfo") === 1);
const burst = await page.evaluate(async ({ runs }) => {
  const N = 10000;
  const s = window.gvkStandIn.current;
  const events = [];
  for (let i = 0; i < N; i++) {
    // (whole agent counts: a fractional one is malformed, and the kit warns about it)
    if (i % 100 === 50) events.push(["agents", { count: Math.floor(i / 100) % 5 }]);
    else if (i % 250 === 125) events.push(["connection", { status: Math.floor(i / 250) % 2 ? "reconnecting" : "ok" }]);
    else events.push(["viewerinfo", { screenshareView: "glance_screenshare", scaledview: { width: 400 + (i % 397), height: 300 + (i % 199) } }]);
  }
  events.push(["viewerinfo", { screenshareView: "glance_screenshare", scaledview: { width: 777, height: 444 } }]);
  events.push(["agents", { count: 3 }]);
  events.push(["connection", { status: "ok" }]);
  // The reference: a hand-written JS handler that writes the same DOM on every event.
  const frame = document.getElementById("ref_frame");
  const agents = document.getElementById("ref_agents");
  const conn = document.getElementById("ref_connection");
  const reference = (name, p) => {
    if (name === "viewerinfo") { frame.style.width = p.scaledview.width + "px"; frame.style.height = p.scaledview.height + "px"; }
    else if (name === "agents") agents.textContent = p.count + " agents viewing";
    else conn.textContent = p.status === "reconnecting" ? "Reconnecting to the agent…" : "";
  };
  const nextFrame = () => new Promise((r) => requestAnimationFrame(() => r()));
  const kit = [], kitDispatch = [], ref = [];
  s.fire("sessionstarting");
  s.fire("sessionstart");
  for (let run = 0; run < runs; run++) {
    s.fire("screenshare", { screenshareView: "glance_screenshare", state: "new", paused: false });
    await nextFrame(); await nextFrame();
    const kitFrame = document.getElementById("glance_screenshare");
    let t0 = performance.now();
    for (const [name, p] of events) s.fire(name, p);
    const t1 = performance.now();
    const done = () => kitFrame.style.width === "777px" && kitFrame.style.height === "444px" &&
      document.querySelector('[data-gvk="session-widget"] [data-gvk-line]')?.textContent === "3 agents viewing" &&
      document.querySelector('[data-gvk="connection-banner"]').getAttribute("data-state") === "ok";
    // Poll finely: after each microtask first (the kit updates the DOM in microtasks), then after
    // each task, so that the polling itself adds no timer delay to the figure.
    for (let i = 0; i < 10000 && !done(); i++) await null;
    while (!done()) await new Promise((r) => setTimeout(r, 0));
    const t2 = performance.now();
    kit.push(t2 - t0); kitDispatch.push(t1 - t0);
    s.fire("screenshare", { screenshareView: "glance_screenshare", state: "ended" });
    await nextFrame();
    t0 = performance.now();
    for (const [name, p] of events) reference(name, p);
    ref.push(performance.now() - t0);
    await nextFrame();
  }
  return { n: events.length, kit, kitDispatch, ref };
}, { runs: RUNS });
const us = (ms) => ((ms * 1000) / burst.n).toFixed(2) + " us/event";
line("kit: first dispatch to DOM showing the last state", `${median(burst.kit).toFixed(1)} ms`, "(report)");
line("kit, per event", us(median(burst.kit)), "< the reference");
line("kit, dispatch only, per event", us(median(burst.kitDispatch)), "(report)");
line("plain-JS reference handler, per event", us(median(burst.ref)), "(reference)");
line("ratio kit / reference", (median(burst.kit) / median(burst.ref)).toFixed(2), "< 1");

// ---- 3. memory ----
async function measure() {
  await cdp.send("HeapProfiler.collectGarbage");
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
  return page.evaluate((heap) => ({
    wasm: window.gvkBench.wasmBytes(),
    heap,
    nodes: document.getElementsByTagName("*").length,
    listeners: window.gvkStandIn.current.listenerCount(),
  }), m.JSHeapUsedSize);
}
console.log("\n3. Memory: 1,000 session cycles, then 200 mount cycles, garbage collected through the DevTools protocol");
await page.evaluate(() => { window.gvkBench.unmount(); window.gvkBench.mount(); });
await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
const cycle = async (n) => page.evaluate(async (n) => {
  const s = window.gvkStandIn.current;
  const tick = () => new Promise((r) => setTimeout(r, 0));
  for (let i = 0; i < n; i++) {
    s.fire("sessionstarting"); s.fire("sessionstart");
    s.fire("agents", { count: 1, agentlist: [{ name: "Agent " + i }] });
    s.fire("rcrequested", { accept() {}, decline() {} });
    await tick();
    document.querySelector('dialog[open] [data-answer="accept"]')?.click();
    s.fire("screenshare", { screenshareView: "glance_screenshare", state: "new", paused: false });
    s.fire("viewerinfo", { screenshareView: "glance_screenshare", scaledview: { width: 320 + (i % 50), height: 240 } });
    s.fire("screenshare", { screenshareView: "glance_screenshare", state: "ended" });
    s.fire("sessionend", { reason: "agent" });
    await tick();
  }
}, n);
await cycle(10); // warm up: first-use allocations are not leaks
const before = await measure();
await cycle(1000);
const afterSessions = await measure();
for (let i = 0; i < 200; i++) await page.evaluate(() => { window.gvkBench.unmount(); window.gvkBench.mount(); });
await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
const afterMounts = await measure();
const growth = (a, b, k) => b[k] - a[k];
line("wasm memory before / after sessions / after mounts", `${kb(before.wasm)} / ${kb(afterSessions.wasm)} / ${kb(afterMounts.wasm)}`, "(report)");
line("wasm memory growth after 1,000 sessions", `${growth(before, afterSessions, "wasm")} B`, "<= 65536 B");
line("wasm memory growth after 200 mounts", `${growth(afterSessions, afterMounts, "wasm")} B`, "<= 65536 B");
line("JS heap growth after sessions / mounts", `${kb(growth(before, afterSessions, "heap"))} / ${kb(growth(afterSessions, afterMounts, "heap"))}`, "(report)");
line("DOM nodes before / after sessions / after mounts", `${before.nodes} / ${afterSessions.nodes} / ${afterMounts.nodes}`, "0 growth");
line("Glance listeners before / after / after mounts", `${before.listeners} / ${afterSessions.listeners} / ${afterMounts.listeners}`, "0 growth");

// ---- 4. mount ----
console.log("\n4. Mount");
const mounts = [];
for (let i = 0; i < 21; i++) mounts.push(await page.evaluate(() => { window.gvkBench.unmount(); return window.gvkBench.mount(); }));
line("mount VisitorUi (synchronous render), median of 21", `${median(mounts).toFixed(2)} ms`, "<= 5 ms");

await browser.close();
server.kill();
