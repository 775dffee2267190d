// End-to-end test of the kit in a real SSR host: the example leptos_axum server (examples/ssr-axum,
// built by scripts/ssr-example.sh) on tokio's multi-threaded runtime. Concurrent requests to every
// SSR mode must come back complete with no panic in the server log; the page then hydrates in the
// engine GVK_ENGINE names and answers a remote-control request through a stand-in window.GLANCE.
// The browser reaches the server through the test server (e2e/server.mjs), which adds the stand-in
// to each page and can hold the hydrate bundle back.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { root, launch, startServer, freePort, standIn } from "./lib.mjs";

const serverBin = join(root, "target", "debug", "gvk-ssr");

const MODES = ["/", "/in-order", "/async", "/blocked"];
const PER_MODE = 15;

let server, srv, browser, base, front;
let log = "";

before(async () => {
  assert.ok(existsSync(serverBin), `${serverBin} is built by scripts/ssr-example.sh`);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = spawn(serverBin, [], {
    env: { ...process.env, GVK_ADDR: `127.0.0.1:${port}`, GVK_SITE_ROOT: join(root, "target", "ssr-site"), RUST_BACKTRACE: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout.on("data", (d) => (log += d));
  server.stderr.on("data", (d) => (log += d));
  for (let i = 0; i < 100 && !log.includes("listening on"); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(log.includes("listening on"), `server did not start: ${log}`);
  srv = await startServer({ proxy: base });
  front = srv.origin();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  srv?.close();
  server?.kill();
});

// Hydration warnings of the page (Leptos logs them with console.warn or console.error).
const recordHydration = () => {
  window.__hydration = [];
  const warn = console.warn;
  console.warn = function (...args) {
    if (/hydrat/i.test(args.join(" "))) window.__hydration.push(args.join(" "));
    return warn.apply(this, args);
  };
};

const panics = () => (log.match(/panicked/g) || []).length;

test("concurrent requests to every SSR mode: complete pages, no panic", async () => {
  const started = Date.now();
  const requests = [];
  for (const mode of MODES) for (let i = 0; i < PER_MODE; i++) requests.push(mode);
  const pages = await Promise.all(
    requests.map(async (path) => {
      try {
        const r = await fetch(base + path, { signal: AbortSignal.timeout(20000) });
        return { path, status: r.status, body: await r.text() };
      } catch (e) {
        // A connection the server dropped (a panic that took a worker down, say): say why.
        await new Promise((r) => setTimeout(r, 200));
        throw new Error(`${path}: ${e.message} (${e.cause?.message ?? "no cause"}); server log:\n${log.slice(-3000)}`);
      }
    }),
  );
  const elapsed = Date.now() - started;
  console.log(`# ssr: ${pages.length} concurrent requests to ${MODES.length} modes in ${elapsed} ms, ${panics()} panics`);
  for (const { path, status, body } of pages) {
    assert.equal(status, 200, path);
    assert.ok(body.includes("</html>"), `${path}: complete document`);
    assert.ok(body.includes('data-gvk="visitor-ui"'), `${path}: the kit rendered`);
    assert.ok(body.includes('id="glance_screenshare"') && body.includes('id="glance_agentvideo"'), `${path}: iframes`);
    assert.ok(body.includes("3 open orders"), `${path}: the streamed resource arrived`);
    // Hidden panels carry `hidden` in the server markup; no dialog is open.
    for (const section of body.match(/<section[^>]*data-gvk="screenshare-panel"[^>]*>/g) || []) {
      assert.ok(/\shidden(\s|=|>)/.test(section), `${path}: ${section}`);
    }
    assert.ok(!/<dialog[^>]*\sopen/.test(body), `${path}: a dialog rendered open`);
  }
  // The same request renders the same ids (counted per render, not per process).
  const ids = (body) => (body.match(/id="gvk[a-z0-9-]*"/g) || []).join(" ");
  const home = pages.filter((p) => p.path === "/").map((p) => ids(p.body));
  assert.ok(home[0].length > 0);
  assert.ok(home.every((i) => i === home[0]), "identical ids across requests");
  assert.equal(panics(), 0, `server log:\n${log}`);
});

test("before hydration the Start button says it is not ready; once hydrated a click opens the terms", async () => {
  srv.reset();
  srv.init(`${standIn}\nwindow.gvkStandIn.install({stub: true});`);
  // Hold the hydrate bundle back, as a slow phone network would.
  let release;
  const held = new Promise((r) => (release = r));
  srv.route(/\.wasm$/, async () => {
    await held;
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(front + "/", { waitUntil: "domcontentloaded" });
  const start = '[data-gvk="start-session"] [data-action="start"]';
  await page.waitForSelector(start);
  assert.equal(await page.getAttribute(start, "aria-disabled"), "true", "server HTML: not interactive yet");
  assert.equal(await page.getAttribute(start, "aria-busy"), "true");
  assert.equal(await page.$eval(start, (b) => getComputedStyle(b).cursor), "progress");
  // A visitor's tap now.
  await page.click(start, { force: true });
  await page.waitForTimeout(200);
  assert.equal(await page.$$eval('[data-gvk="terms-prompt"][open]', (d) => d.length), 0);
  release();
  await page.waitForFunction((s) => !document.querySelector(s).hasAttribute("aria-disabled"), start, { timeout: 20000 });
  await page.click(start);
  await page.waitForSelector('[data-gvk="terms-prompt"][data-state="open"]');
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("hydrates, shows no empty pills, and answers a remote-control request once", async () => {
  for (const path of ["/", "/in-order"]) {
    srv.reset();
    srv.init(`${standIn}\nwindow.gvkStandIn.install({});`, recordHydration);
    const wasm = [];
    srv.route(/\.wasm(\?|$)/, ({ url }) => {
      wasm.push(url);
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(front + path);
    // Hydrated and bound: the kit listens to the stand-in.
    await page.waitForFunction(() => window.gvkStandIn.current.listenerCount("rcrequested") === 1, null, { timeout: 20000 });
    assert.equal(await page.locator(".gvk-banner").count(), 0, "no empty banner pill");
    const banner = await page.locator('[data-gvk="connection-banner"]').boundingBox();
    assert.ok(!banner || banner.height < 1, `the empty banner takes no room: ${JSON.stringify(banner)}`);
    assert.equal(await page.$$eval('[data-gvk="screenshare-panel"]', (ps) => ps.filter((p) => p.getClientRects().length > 0).length), 0);
    await page.evaluate(() => {
      window.acc = 0;
      window.dec = 0;
      window.gvkStandIn.current.fire("rcrequested", { accept: () => window.acc++, decline: () => window.dec++ });
    });
    await page.waitForSelector('[data-gvk="rc-prompt"][data-state="open"]');
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await page.waitForSelector('[data-gvk="rc-prompt"][data-state="closed"]', { state: "attached" });
    assert.deepEqual(await page.evaluate(() => [window.acc, window.dec]), [1, 0], path);
    assert.equal(await page.textContent("[data-orders]"), "3 open orders");
    assert.deepEqual(await srv.problems(), [], path);
    assert.deepEqual(await page.evaluate(() => window.__hydration), [], `${path}: hydration warnings`);
    assert.equal(wasm.length, 1, `${path}: the hydrate bundle downloaded once (Leptos's HydrationScripts preload made WebKit fetch it twice): ${wasm}`);
    await page.close();
  }
  assert.equal(panics(), 0, `server log:\n${log}`);
});
