// The SSR example paying per session (feature `split`, built by scripts/ssr-example.sh as
// cargo-leptos --split would): the server renders the gate, the page hydrates with no warning and
// no chunk, and Start brings the kit, whose session answers a request once.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { root, launch, startServer, freePort, standIn } from "./lib.mjs";

const site = join(root, "target", "ssr-split-site");
let server, srv, browser;
let log = "";

before(async () => {
  assert.ok(existsSync(join(site, "gvk-ssr")), `${site}/gvk-ssr is built by scripts/ssr-example.sh`);
  const port = await freePort();
  server = spawn(join(site, "gvk-ssr"), [], {
    env: { ...process.env, GVK_ADDR: `127.0.0.1:${port}`, GVK_SITE_ROOT: site, RUST_BACKTRACE: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout.on("data", (d) => (log += d));
  server.stderr.on("data", (d) => (log += d));
  for (let i = 0; i < 100 && !log.includes("listening on"); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(log.includes("listening on"), `server did not start: ${log}`);
  srv = await startServer({ proxy: `http://127.0.0.1:${port}` });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  srv?.close();
  server?.kill();
});

test("server-rendered and hydrated, split: the gate from the server, no chunk until Start, then the kit and a session", async () => {
  srv.reset();
  const chunks = [];
  srv.route(/\/split_[A-Za-z0-9_]+\.wasm$/, ({ url }) => { chunks.push(url); });
  srv.init(`${standIn}\nwindow.gvkStandIn.install({stub: true, core: 150, autoSession: true});`, () => {
    window.__hydration = [];
    const warn = console.warn;
    console.warn = function (...args) {
      if (/hydrat/i.test(args.join(" "))) window.__hydration.push(args.join(" "));
      return warn.apply(this, args);
    };
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(srv.origin() + "/async");
  await page.waitForSelector('[data-gvk="visitor-gate"] [data-action="start"]');
  // The page-view CSS came with the server's HTML, once.
  assert.equal(await page.$$eval("#gvk-style-gate", (s) => s.length), 1);
  assert.equal(await page.$eval('[data-gvk="visitor-gate"] [data-action="start"]', (b) => getComputedStyle(b).cursor), "pointer");
  // Hydrated (the gate listens to Glance only once the wasm has run; the server's button is there
  // before): the router takes a click without a page load.
  await page.waitForFunction(() => window.gvkStandIn.current.listenerCount("sessionstart") === 1);
  await page.evaluate(() => (window.__samePage = true));
  await page.click('a[href="/in-order"]');
  await page.waitForSelector('h1[data-mode="in-order"]');
  assert.equal(await page.evaluate(() => window.__samePage), true, "client-side navigation");
  assert.deepEqual(chunks, [], "no chunk on a page view");
  await page.click('[data-gvk="visitor-gate"] [data-action="start"]');
  await page.waitForSelector('[data-gvk="terms-prompt"] dialog[open], dialog[data-gvk="terms-prompt"][open]');
  assert.equal(chunks.length, 1);
  await page.click('[data-gvk="terms-prompt"] [data-answer="accept"]');
  await page.waitForSelector('[data-gvk="session-widget"][data-state="waiting"]');
  await page.evaluate(() => { const s = window.gvkStandIn.current; s.fire("agents", { count: 1 }); s.fire("rcrequested", s.request("rcrequested")); });
  await page.waitForSelector('[data-gvk="rc-prompt"] dialog[open], dialog[data-gvk="rc-prompt"][open]');
  await page.click('[data-gvk="rc-prompt"] [data-answer="accept"]');
  await page.waitForFunction(() => window.gvkStandIn.current.answers.length === 1);
  assert.deepEqual(await page.evaluate(() => window.gvkStandIn.current.answers), [["rcrequested", "accept"]]);
  assert.deepEqual(await page.evaluate(() => window.__hydration), [], "hydration warnings");
  assert.deepEqual(await srv.problems((t) => !/gvk-masking/.test(t)), []);
  assert.equal((log.match(/panicked/g) || []).length, 0, log);
  await page.close();
});
