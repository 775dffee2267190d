// The benchmark page (target/bench/page, built by scripts/bench.sh) in Playwright's Chromium with a
// DevTools session, for bench/run.mjs and bench/memory.mjs.
import { join } from "node:path";
import { launchChromium, serveDir, standIn, root } from "../e2e/lib.mjs";

/** Serves and opens the page with a stand-in window.GLANCE: {page, cdp, close()}. */
export async function openBenchPage() {
  const { server, base } = await serveDir(join(root, "target", "bench", "page"));
  const browser = await launchChromium(["--js-flags=--expose-gc"]);
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(`${standIn}\nwindow.gvkStandIn.install({});`);
  await page.goto(base);
  await page.waitForFunction(() => window.gvkBench);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const close = async () => {
    await browser.close();
    server.kill();
  };
  return { page, cdp, close };
}

/** Memory after two forced garbage collections: wasm bytes, JS heap, DOM nodes, Glance listeners. */
export async function measureMemory({ page, cdp }) {
  await cdp.send("HeapProfiler.collectGarbage");
  await page.evaluate(() => new Promise((r) => setTimeout(r, 50)));
  await cdp.send("HeapProfiler.collectGarbage");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const heap = metrics.find((x) => x.name === "JSHeapUsedSize").value;
  return page.evaluate((heap) => ({
    wasm: window.gvkBench.wasmBytes(),
    heap,
    nodes: document.getElementsByTagName("*").length,
    listeners: window.gvkStandIn.current.listenerCount(),
  }), heap);
}
