// Memory per session, on the workload of the pay-per-session issue: each cycle is start, agents, a
// remote-control request left open, screen share new + viewerinfo + ended, an `error`, `sessionend`.
// 20 warm-up cycles, then the growth to 2,000 and to 6,000 cycles, garbage collected through the
// DevTools protocol before each reading. `node bench/memory.mjs [CYCLES...]` after scripts/bench.sh
// (or `trunk build examples/bench/index.html --release --dist target/bench/page`); UNMOUNTED=1
// runs the same cycles with the kit unmounted (what the driver and the stand-in cost alone).
import { openBenchPage, measureMemory, compiledCode } from "./page.mjs";

const marks = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (marks.length === 0) marks.push(2000, 6000);
const bench = await openBenchPage();
const { page } = bench;
const measure = async () => ({ ...(await measureMemory(bench)), code: await compiledCode(bench) });

const cycle = (n) => page.evaluate(async (n) => {
  const s = window.gvkStandIn.current;
  const tick = () => new Promise((r) => setTimeout(r, 0));
  for (let i = 0; i < n; i++) {
    s.fire("sessionstarting");
    s.fire("sessionstart");
    s.fire("agents", { count: 1, agentlist: [{ name: "Agent " + i, agentrole: "agent" }] });
    s.fire("rcrequested", { accept() {}, decline() {} });
    await tick();
    s.fire("screenshare", { screenshareView: "glance_screenshare", state: "new", paused: false });
    s.fire("viewerinfo", { screenshareView: "glance_screenshare", scaledview: { width: 320 + (i % 50), height: 240 } });
    s.fire("screenshare", { screenshareView: "glance_screenshare", state: "ended" });
    s.fire("error", { code: "conndrop", msg: "connection dropped " + i });
    await tick();
    s.fire("sessionend", { reason: "agent" });
    await tick();
  }
}, n);

const line = (what, value, target) => console.log(`  ${what.padEnd(44)} ${String(value).padStart(16)}   target: ${target}`);
console.log("Memory per session (start, agents, a request left open, screen share, an error, sessionend)");
await page.evaluate(() => window.gvkBench.mount());
// The workload reaches the UI: the request's prompt opens, and sessionend closes it unanswered.
const shown = await page.evaluate(async () => {
  const s = window.gvkStandIn.current;
  s.fire("sessionstarting");
  s.fire("sessionstart");
  s.fire("rcrequested", { accept() {}, decline() {} });
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const open = document.querySelectorAll('dialog[open][data-gvk="rc-prompt"]').length;
  s.fire("sessionend", { reason: "agent" });
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return [open, document.querySelectorAll("dialog[open]").length];
});
if (shown[0] !== 1 || shown[1] !== 0) throw new Error(`the workload does not reach the UI: ${shown}`);
if (process.env.UNMOUNTED) await page.evaluate(() => window.gvkBench.unmount());
await cycle(20);
const before = await measure();
let done = 20;
const rows = [];
for (const m of marks) {
  await cycle(m + 20 - done);
  done = m + 20;
  rows.push([m, await measure()]);
}
for (const [m, r] of rows) {
  line(`after ${m} cycles: wasm growth`, `${r.wasm - before.wasm} B`, "<= 65536 B");
  line(`after ${m} cycles: JS heap growth`, `${((r.heap - before.heap) / 1000).toFixed(1)} KB`, "<= 100 KB");
  line(`  of which V8's compiled code (heap snapshot)`, `${((r.code - before.code) / 1000).toFixed(1)} KB`, "(report: hot functions tiering up)");
  line(`after ${m} cycles: DOM nodes, Glance listeners`, `${r.nodes - before.nodes}, ${r.listeners - before.listeners}`, "0, 0");
}
await bench.close();
