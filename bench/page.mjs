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

/** The bytes of V8's compiled code (heap snapshot nodes of type "code": the optimising compilers'
 * output, bytecode, feedback), which grows as hot functions tier up and is bounded by the code run. */
export async function compiledCode({ cdp }) {
  const chunks = [];
  const keep = (e) => chunks.push(e.chunk);
  cdp.on("HeapProfiler.addHeapSnapshotChunk", keep);
  await cdp.send("HeapProfiler.takeHeapSnapshot", { reportProgress: false });
  cdp.off("HeapProfiler.addHeapSnapshotChunk", keep);
  const { snapshot, nodes } = JSON.parse(chunks.join(""));
  const fields = snapshot.meta.node_fields, width = fields.length;
  const type = fields.indexOf("type"), size = fields.indexOf("self_size");
  const code = snapshot.meta.node_types[0].indexOf("code");
  let bytes = 0;
  for (let i = 0; i < nodes.length; i += width) if (nodes[i + type] === code) bytes += nodes[i + size];
  return bytes;
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
