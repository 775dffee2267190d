// End-to-end tests: the release build in dist/, served on 127.0.0.1, driven by Playwright in
// Debian's Chromium. Screenshots go to e2e/screenshots/ (ignored by git).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const shots = join(here, "screenshots");
mkdirSync(shots, { recursive: true });
const standIn = readFileSync(join(root, "tests", "glance-standin.js"), "utf8");
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

let server, browser, base;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForServer(url) {
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not start`);
}

before(async () => {
  const port = await freePort();
  server = spawn("python3", ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", join(root, "dist")], {
    stdio: "ignore",
  });
  base = `http://127.0.0.1:${port}/`;
  await waitForServer(base);
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
    ],
  });
});

after(async () => {
  await browser?.close();
  server?.kill();
});

async function open(path = "", init) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  if (init) await page.addInitScript(init);
  await page.goto(base + path);
  await page.waitForSelector('[data-gvk="visitor-ui"]', { state: "attached" });
  return { page, problems };
}

async function startSession(page) {
  await page.click('[data-gvk="start-session"] [data-action="start"]');
  await page.click('[data-gvk="terms-prompt"] [data-answer="accept"]');
  await page.waitForSelector('[data-gvk="session-widget"][data-state="waiting"], [data-gvk="session-widget"][data-state="viewing"]');
}

// The demo's simulated-agent buttons may sit under a screen-share panel: press them from script.
const demo = (page, name) => page.$eval(`[data-demo="${name}"]`, (b) => b.click());

async function axe(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
  assert.deepEqual(result, [], `axe violations (${label})`);
}

test("the agents event updates the session widget (vertical slice)", async () => {
  const { page, problems } = await open();
  assert.equal(await page.isHidden('[data-gvk="session-widget"]'), true, "no widget outside a session");
  await startSession(page);
  await page.waitForSelector('[data-gvk="session-widget"][data-state="viewing"]');
  assert.equal(await page.textContent('[data-gvk="session-widget"] [data-gvk-line]'), "1 agent viewing");
  await demo(page, "agents");
  await demo(page, "agents");
  await page.waitForFunction(() => document.querySelector('[data-gvk="session-widget"] [data-gvk-line]').textContent === "2 agents viewing");
  await page.screenshot({ path: join(shots, "badge.png") });
  assert.deepEqual(problems, []);
  await page.close();
});

test("real keys: focus starts on Decline, Tab wraps, Escape declines, focus returns", async () => {
  const { page, problems } = await open();
  await startSession(page);
  await page.focus("#demo-name");
  await demo(page, "RemoteControlRequest");
  await page.waitForSelector('[data-gvk="rc-prompt"][data-state="open"]');
  const focused = () =>
    page.evaluate(() => {
      const a = document.activeElement;
      return a?.getAttribute("data-answer") ?? a?.getAttribute("data-demo") ?? a?.id;
    });
  assert.equal(await focused(), "decline");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "accept");
  await page.keyboard.press("Tab");
  assert.equal(await focused(), "decline", "Tab stays inside");
  await page.keyboard.press("Shift+Tab");
  assert.equal(await focused(), "accept", "Shift+Tab stays inside");
  // The page behind is inert: a click on it does not reach the input.
  await page.mouse.click(100, 540);
  assert.equal(await page.getAttribute('[data-gvk="rc-prompt"]', "data-state"), "open", "clicks outside do nothing");
  await page.screenshot({ path: join(shots, "rc-prompt.png") });
  await page.keyboard.press("Escape");
  await page.waitForSelector('[data-gvk="rc-prompt"][data-state="closed"]', { state: "attached" });
  assert.equal(await focused(), "demo-name", "focus returned to where it was");
  assert.notEqual(await page.getAttribute('[data-gvk="session-widget"]', "data-state"), "controlling");
  // Enter on Allow accepts, and the simulated agent takes control.
  await demo(page, "RemoteControlRequest");
  await page.waitForSelector('[data-gvk="rc-prompt"][data-state="open"]');
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-gvk="session-widget"][data-state="controlling"]');
  await page.screenshot({ path: join(shots, "rc-on.png") });
  assert.deepEqual(problems, []);
  await page.close();
});

test("screen share shows a local page, resizes and pauses", async () => {
  const { page, problems } = await open();
  assert.equal(await page.$eval("iframe#glance_screenshare", (f) => f.hidden), true, "iframe present and hidden before any event");
  await demo(page, "Screenshare");
  await page.waitForSelector('[data-gvk="screenshare-panel"][data-view="glance_screenshare"][data-state="visible"]');
  await page.waitForFunction(() => document.getElementById("glance_screenshare").getAttribute("style") === "width: 800px; height: 450px;");
  assert.match(await page.getAttribute("iframe#glance_screenshare", "src"), /screen\.html$/);
  const frame = page.frame({ url: /screen\.html$/ });
  await frame.waitForSelector("#clock");
  await page.screenshot({ path: join(shots, "screenshare.png") });
  await page.waitForFunction(() => document.getElementById("glance_screenshare").getAttribute("style") === "width: 640px; height: 480px;", null, { timeout: 8000 });
  // The title bar drags the panel (real pointer), and the position stays inside the viewport.
  const panel = '[data-gvk="screenshare-panel"][data-view="glance_screenshare"]';
  const before = await page.$eval(panel, (p) => p.getBoundingClientRect().toJSON());
  const handle = await page.$eval(`${panel} .gvk-panel-handle`, (h) => h.getBoundingClientRect().toJSON());
  await page.mouse.move(handle.x + 20, handle.y + 10);
  await page.mouse.down();
  await page.mouse.move(handle.x - 180, handle.y + 110, { steps: 5 });
  await page.mouse.up();
  const after = await page.$eval(panel, (p) => p.getBoundingClientRect().toJSON());
  assert.equal(Math.round(after.x - before.x), -200);
  assert.equal(Math.round(after.y - before.y), 100);
  await page.waitForSelector('[data-gvk="screenshare-panel"][data-state="paused"]', { timeout: 8000 });
  assert.equal(await page.$eval("iframe#glance_screenshare", (f) => f.hidden), true);
  await page.screenshot({ path: join(shots, "screenshare-paused.png") });
  assert.deepEqual(problems, []);
  await page.close();
});

test("axe-core finds no violations in any state of the demo", async () => {
  const { page, problems } = await open();
  await axe(page, "idle");
  await page.click('[data-gvk="start-session"] [data-action="start"]');
  await page.waitForSelector('[data-gvk="terms-prompt"][data-state="open"]');
  await axe(page, "terms prompt");
  await page.click('[data-gvk="terms-prompt"] [data-answer="accept"]');
  await page.waitForSelector('[data-gvk="session-widget"][data-state="waiting"], [data-gvk="session-widget"][data-state="viewing"]');
  await page.waitForSelector('[data-gvk="session-widget"][data-state="viewing"]');
  await axe(page, "session active");
  await demo(page, "Screenshare");
  await demo(page, "AgentVideo");
  await demo(page, "ReconnectRecovers");
  await page.waitForSelector('[data-gvk="screenshare-panel"][data-state="visible"]');
  await page.waitForSelector('[data-gvk="connection-banner"][data-state="reconnecting"]');
  await axe(page, "screen share, agent video, reconnecting");
  await demo(page, "RemoteControlRequest");
  await page.waitForSelector('[data-gvk="rc-prompt"][data-state="open"]');
  await axe(page, "remote control prompt");
  await page.click('[data-gvk="rc-prompt"] [data-answer="accept"]');
  await page.waitForSelector('[data-gvk="session-widget"][data-state="controlling"]');
  await demo(page, "ReconnectDrops");
  await page.waitForSelector('[data-gvk="connection-banner"][data-state="dropped"]', { timeout: 8000 });
  await axe(page, "remote control on, connection dropped, errors");
  await page.screenshot({ path: join(shots, "dropped.png") });
  assert.deepEqual(problems, []);
  await page.close();
});

test("?source=glance binds to the page's window.GLANCE", async () => {
  const init = `${standIn}\nwindow.gvkStandIn.install({});`;
  const { page, problems } = await open("?source=glance", init);
  // One listener for every event name the kit subscribes to (more than forty), none twice.
  await page.waitForFunction(() => {
    const l = window.gvkStandIn.current.listeners;
    const names = Object.keys(l);
    return names.length > 40 && names.every((n) => l[n].length === 1) && l.visitorvideorequested;
  });
  assert.equal(await page.evaluate(() => window.gvkStandIn.current.calls.setUIReady), 1);
  assert.equal(await page.$$eval('[data-demo]', (b) => b.length), 0, "no simulator console");
  // Glance's own showTerms (as from a data-glancebutton element or InvokeVisitor) opens our prompt.
  await page.evaluate(() => GLANCE.Cobrowse.Visitor.showTerms({ sessionKey: "12121212" }));
  await page.click('[data-gvk="terms-prompt"] [data-answer="accept"]');
  assert.deepEqual(await page.evaluate(() => window.gvkStandIn.current.calls.startSession), ["12121212"]);
  assert.equal(await page.evaluate(() => window.gvkStandIn.current.defaultUiLoads), 0);
  await page.evaluate(() => {
    const s = window.gvkStandIn.current;
    s.fire("sessionstarting");
    s.fire("sessionstart");
    window.acc = 0; window.dec = 0;
    s.fire("rcrequested", { accept: () => window.acc++, decline: () => window.dec++ });
  });
  await page.waitForSelector('[data-gvk="rc-prompt"][data-state="open"]');
  await page.click('[data-gvk="rc-prompt"] [data-answer="accept"]', { clickCount: 2 }).catch(() => {});
  await page.waitForSelector('[data-gvk="rc-prompt"][data-state="closed"]', { state: "attached" });
  assert.deepEqual(await page.evaluate(() => [window.acc, window.dec]), [1, 0]);
  assert.equal(await page.textContent('[data-gvk="session-widget"] [data-gvk-key]'), "4321");
  assert.deepEqual(problems, []);
  await page.close();
});
