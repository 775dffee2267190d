// End-to-end tests of the demo site (the release build in dist/, served on 127.0.0.1, driven over
// W3C WebDriver in the engine GVK_ENGINE names: chromium, firefox or webkit), walked as a visitor and an agent would: the agent console sends
// every request and event, the visitor answers with the mouse and the keyboard, the event log must
// show exactly one answer each; a whole session, the screen-share panel, a storm of random events;
// ?source=glance against a stand-in window.GLANCE; axe-core in light, dark, high contrast and
// right to left at 1440 and 360 px. Screenshots go to e2e/screenshots/ (ignored by git).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ENGINE, launch, startServer, root, axeViolations, axeRulesSeen, shots, shotPath, standIn } from "./lib.mjs";

let srv, browser, base;
const started = Date.now();
let screenshotCount = 0;

before(async () => {
  srv = await startServer({ dir: join(root, "dist") });
  base = srv.base;
  // A fake camera, allowed without asking: the video prompt's preview runs, so Accept works.
  browser = await launch({ media: "fake" });
});

after(async () => {
  await browser?.close();
  srv?.close();
  const rules = [...axeRulesSeen].sort();
  const list = join(shots, `${ENGINE}-axe-rules.txt`);
  writeFileSync(list, rules.join("\n") + "\n");
  console.log(
    `demo e2e (${ENGINE}): ${screenshotCount} screenshots in ${shots}; axe-core ran ${rules.length} rules (listed in ${list}); ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
});

// Every request kind: the console's event name and the prompt's data-gvk part.
const PROMPTS = [
  ["rcrequested", "rc-prompt"],
  ["reverseconfirm", "reverse-prompt"],
  ["urlstartwarning", "urlstart-prompt"],
  ["visitorvideorequested", "video-prompt"],
  ["visitorscreensharerequested", "screenshare-prompt"],
  ["visitorscreensharesurfacenotallowed", "surface-prompt"],
  ["addguestrequested", "guest-prompt"],
  ["docsharerequested", "document-prompt"],
  ["navassistrequested", "navigate-prompt"],
  ["confirm", "confirm-prompt"],
];
const WIDGET = '[data-gvk="session-widget"]';
const LINE = `${WIDGET} [data-gvk-line]`;

/** A new page of the demo at `path`; `init` runs first in it. Errors of its pages: `srv.problems()`. */
async function open(path = "", { width = 1440, height = 900, init } = {}) {
  srv.reset();
  if (init) srv.init(init);
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(base + path);
  try {
    await page.waitForSelector('[data-gvk="visitor-ui"]', { state: "attached", timeout: 15000 });
  } catch {
    // Seen twice in WebKitGTK 2.50 in CI runs, never in Chromium or Firefox: the wasm panicked
    // inside `main`, reading a signal created a moment before under a live owner ("already been
    // disposed"). The same build loaded about 600 more times in WebKit here (in a loop, under CPU
    // load, with JavaScriptCore's wasm tiers forced either way, and 6 runs of this file) and never
    // did it again; the kit's start does the same steps for one address and viewport. Say what the
    // page was and what it reported, then load it once more: in WebKit that first load's report is
    // printed, not held against the test; the second load must be clean, and in any other engine
    // nothing is forgiven.
    const state = await page.evaluate(() => [location.href, document.readyState, document.body?.children.length ?? -1])
      .catch((e) => String(e));
    console.log(`# ${ENGINE}: the kit did not appear in 15 s; page ${JSON.stringify(state)}, problems ${JSON.stringify(await srv.problems())}; loading it again`);
    if (ENGINE === "webkit") srv.clearProblems();
    await page.goto(base + path);
    await page.waitForSelector('[data-gvk="visitor-ui"]', { state: "attached" });
  }
  return { page };
}

async function shot(page, name) {
  await page.screenshot({ path: shotPath(`demo-${name}`) });
  screenshotCount += 1;
}

// Console buttons may sit under a panel or the widget: press them from script (a real click on
// them is covered by the storm test).
const send = (page, name) => page.$eval(`[data-demo-event="${name}"]`, (b) => b.click());
const scenario = (page, name) => page.$eval(`[data-demo="${name}"]`, (b) => b.click());
/** Sets a payload field of event `name` (index `i` among its fields) to `value`. */
const field = (page, name, i, value) =>
  page.$eval(
    `#pf-${name}-${i}`,
    (el, v) => {
      if (el.type === "checkbox") el.checked = v === "true";
      else el.value = v;
      el.dispatchEvent(new Event(el.tagName === "INPUT" && el.type !== "checkbox" ? "input" : "change", { bubbles: true }));
    },
    value,
  );
/** The visitor's answers in the log: "event answer" lines. */
const answers = (page, name) =>
  page.$$eval(`[data-log="answer"][data-by="visitor"]${name ? `[data-name="${name}"]` : ""}`, (ls) =>
    ls.map((l) => `${l.dataset.name} ${l.dataset.answer}`),
  );
const focused = (page) => page.evaluate(() => document.activeElement?.getAttribute("data-answer") ?? document.activeElement?.id);
const noHorizontalScroll = (page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

async function waitOpen(page, part) {
  await page.waitForSelector(`[data-gvk="${part}"][data-state="open"]`);
}
async function waitClosed(page, part) {
  await page.waitForSelector(`[data-gvk="${part}"][data-state="closed"]`, { state: "attached" });
}
/** Waits until the log holds `n` visitor answers to `name`, then a moment more: exactly `n`. */
async function expectAnswers(page, name, expected) {
  await page.waitForFunction(
    ([name, n]) => document.querySelectorAll(`[data-log="answer"][data-by="visitor"][data-name="${name}"]`).length >= n,
    [name, expected.length],
  );
  await page.waitForTimeout(60);
  assert.deepEqual(await answers(page, name), expected.map((a) => `${name} ${a}`), `${name}: one log line per answer`);
}

async function startFromConsole(page) {
  await scenario(page, "FullSession");
  await page.waitForSelector(`${WIDGET}[data-state="viewing"]`);
}

test("one download of the wasm and of each script per page load (WebKit fetched trunk's preloaded wasm twice)", async () => {
  srv.reset();
  const fetched = [];
  srv.route(/\.(wasm|js)(\?|$)/, ({ url }) => {
    fetched.push(new URL(url).pathname);
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base);
  await page.waitForSelector('[data-gvk="start-session"] [data-action="start"]');
  await page.waitForTimeout(1000);
  const wasm = fetched.filter((p) => p.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `the wasm once: ${fetched.join(", ")}`);
  assert.equal(new Set(fetched).size, fetched.length, `each file once: ${fetched.join(", ")}`);
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("every prompt opens from the console and is answered by mouse and by keyboard, one log line each", async () => {
  const { page } = await open("?speed=0");
  await startFromConsole(page);
  for (const [name, part] of PROMPTS) {
    // Mouse: Accept (the document request goes on to its file step: Cancel that with the mouse).
    await send(page, name);
    await waitOpen(page, part);
    assert.equal(await focused(page), "decline", `${part}: focus starts on the safe answer`);
    await page.click(`[data-gvk="${part}"] [data-answer="accept"]`);
    if (name === "docsharerequested") {
      await expectAnswers(page, name, ["accept"]);
      await page.waitForSelector(`[data-gvk="${part}"][data-state="open"] [data-answer="decline"]`);
      await page.click(`[data-gvk="${part}"] [data-answer="decline"]`);
      await waitClosed(page, part);
      await expectAnswers(page, name, ["accept", "decline"]);
    } else {
      await waitClosed(page, part);
      await expectAnswers(page, name, ["accept"]);
    }
    const before = (await answers(page, name)).map((l) => l.split(" ")[1]);
    // Keyboard: Enter on the focused safe answer (Escape for the remote-control request).
    await send(page, name);
    await waitOpen(page, part);
    await page.keyboard.press(name === "rcrequested" ? "Escape" : "Enter");
    await waitClosed(page, part);
    await expectAnswers(page, name, [...before, "decline"]);
  }
  // The simulated agent reacted to the accepts: remote control on, the visitor's camera running.
  await page.waitForSelector(`${WIDGET}[data-state="controlling"]`);
  await page.waitForSelector('[data-gvk="visitor-video"][data-state="running"]', { state: "attached" });
  assert.equal((await answers(page)).length, 21, "10 accepts, 10 declines, the document's file step");
  // Each event the console sent is in the log, with its decoded form.
  assert.ok((await page.$$('[data-log="sent"][data-name="rcrequested"]')).length === 2);
  assert.match(await page.textContent('[data-log="event"][data-name="rcrequested"]'), /decoded: Request/);
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("a whole session: terms, key, agents, banner, remote control, pause, end; the log records the visitor's actions", async () => {
  const { page } = await open("?speed=1");
  assert.equal(await page.isHidden(WIDGET), true, "no widget outside a session");
  // The live region is silent until the person asks for announcements.
  assert.equal(await page.textContent("[data-log-live]"), "");
  assert.equal(await page.$$eval("[aria-live], [role=log]", (els) => els.filter((e) => e.closest(".demo-log")).length), 0);
  await page.click('[data-gvk="start-session"] [data-action="start"]');
  await waitOpen(page, "terms-prompt");
  await page.click('[data-gvk="terms-prompt"] [data-answer="accept"]');
  await page.waitForSelector(`${WIDGET}[data-state="waiting"] [data-gvk-key]`);
  const key = (await page.textContent(`${WIDGET} [data-gvk-key]`)).trim();
  assert.match(key, /^\d{4}$/);
  await page.waitForSelector(`${WIDGET}[data-state="viewing"]`);
  assert.equal(await page.textContent(LINE), "1 agent viewing");
  assert.equal((await page.$$('[data-log="action"][data-name="startSession"]')).length, 1);
  await shot(page, "session-viewing-1440");
  // The agents event with an edited count.
  await field(page, "agents", 0, "3");
  await field(page, "agents", 1, "Ann, Ben, Cy");
  await send(page, "agents");
  await page.waitForFunction((sel) => document.querySelector(sel).textContent === "3 agents viewing", LINE);
  // The connection: reconnecting (said once, on the widget's line), then ok.
  await send(page, "connection");
  await page.waitForSelector('[data-gvk="connection-banner"][data-state="reconnecting"]', { state: "attached" });
  await page.waitForSelector(`${WIDGET}[data-state="reconnecting"]`);
  await shot(page, "session-reconnecting-1440");
  await field(page, "connection", 0, "ok");
  await send(page, "connection");
  await page.waitForSelector(`${WIDGET}[data-state="viewing"]`);
  // Remote control, accepted with the keyboard: Tab to Allow, Enter.
  await page.focus("#demo-name");
  await send(page, "rcrequested");
  await waitOpen(page, "rc-prompt");
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "accept");
  await page.keyboard.press("Tab");
  assert.equal(await focused(page), "decline", "Tab stays inside the prompt");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Enter");
  await waitClosed(page, "rc-prompt");
  assert.equal(await focused(page), "demo-name", "focus returns to where it was");
  await page.waitForSelector(`${WIDGET}[data-state="controlling"]`);
  await shot(page, "session-controlling-1440");
  // Paused, then resumed (the payload's checkbox edited).
  await send(page, "sessionpaused");
  await page.waitForSelector(`${WIDGET}[data-state="paused"]`);
  await field(page, "sessionpaused", 0, "false");
  await send(page, "sessionpaused");
  await page.waitForSelector(`${WIDGET}[data-state="controlling"]`);
  // Announcements on request: one short summary.
  await page.check('[data-log-action="announce"]');
  await send(page, "blur");
  await page.waitForFunction(() => document.querySelector("[data-log-live]").textContent.startsWith("Log:"));
  // The visitor ends the session: End, then Yes in the confirm.
  await page.click(`${WIDGET} [data-action="end"]`);
  await waitOpen(page, "end-confirm");
  await page.click('[data-gvk="end-confirm"] [data-answer="accept"]');
  await page.waitForSelector(`${WIDGET}[data-state="ended"], ${WIDGET}[data-state="hidden"]`, { state: "attached" });
  assert.equal((await page.$$('[data-log="action"][data-name="stopSession"]')).length, 1);
  // Clearing the log empties it.
  await page.click('[data-log-action="clear"]');
  await page.waitForFunction(() => document.querySelectorAll(".demo-log-list li").length === 0);
  assert.equal(await page.getAttribute("[data-log-count]", "data-log-count"), "0");
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("screen share from the console: shows, resizes to the edited size, pauses, resumes, ends; the panel drags", async () => {
  const { page } = await open("?speed=0");
  const panel = '[data-gvk="screenshare-panel"][data-view="glance_screenshare"]';
  // Glance's iframes go in a task of their own after the first render (a page view pays for them
  // later): wait for them, then check that they stay hidden before any event.
  await page.waitForSelector("iframe#glance_screenshare", { state: "attached" });
  assert.equal(await page.$eval("iframe#glance_screenshare", (f) => f.hidden), true, "hidden before any event");
  await send(page, "screenshare");
  await page.waitForSelector(`${panel}[data-state="visible"]`);
  assert.match(await page.getAttribute("iframe#glance_screenshare", "src"), /screen\.html$/);
  await field(page, "viewerinfo", 1, "700");
  await field(page, "viewerinfo", 2, "400");
  await send(page, "viewerinfo");
  await page.waitForFunction(() => document.getElementById("glance_screenshare").getAttribute("style") === "width: 700px; height: 400px;");
  await shot(page, "screenshare-1440");
  // The title bar drags the panel with a real pointer (measured once its slide-in has ended).
  await page.evaluate(() =>
    Promise.all(
      document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => null)),
    ),
  );
  const before = await page.$eval(panel, (p) => p.getBoundingClientRect().toJSON());
  const handle = await page.$eval(`${panel} .gvk-panel-handle`, (h) => h.getBoundingClientRect().toJSON());
  await page.mouse.move(handle.x + 20, handle.y + 10);
  await page.mouse.down();
  await page.mouse.move(handle.x - 180, handle.y + 110, { steps: 5 });
  await page.mouse.up();
  const moved = await page.$eval(panel, (p) => p.getBoundingClientRect().toJSON());
  assert.equal(Math.round(moved.x - before.x), -200);
  assert.equal(Math.round(moved.y - before.y), 100);
  await send(page, "screensharepaused");
  await page.waitForSelector(`${panel}[data-state="paused"]`);
  assert.equal(await page.$eval("iframe#glance_screenshare", (f) => f.hidden), true);
  await shot(page, "screenshare-paused-1440");
  await send(page, "screenshareresumed");
  await page.waitForSelector(`${panel}[data-state="visible"]`);
  await field(page, "screenshare", 1, "ended");
  await send(page, "screenshare");
  await page.waitForSelector(`${panel}[data-state="hidden"]`, { state: "attached" });
  // The ready scenario at 4× speed runs the same story on its own.
  await page.selectOption('[data-demo="speed"]', "0.25");
  await scenario(page, "Screenshare");
  await page.waitForSelector(`${panel}[data-state="visible"]`);
  await page.waitForSelector(`${panel}[data-state="paused"]`, { timeout: 8000 });
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("the storm: thousands of random and malformed events, then the UI still answers a fresh request", async () => {
  const { page } = await open("?speed=0");
  const t0 = Date.now();
  await page.click('[data-demo="storm"]');
  await page.waitForFunction(() => document.querySelector("[data-demo-status]").textContent.startsWith("Storm done"), null, { timeout: 90000 });
  const stormMs = Date.now() - t0;
  const total = Number(await page.getAttribute("[data-log-count]", "data-log-count"));
  assert.ok(total >= 5000, `the log saw every storm event (${total})`);
  assert.ok((await page.$$('[data-log="malformed"]')).length > 0, "malformed events reached the log as decode errors");
  assert.ok((await page.$$(".demo-log-list li")).length <= 300, "the log keeps its last 300 lines");
  console.log(`storm: 5000 events in ${stormMs} ms, ${total} log entries`);
  assert.ok(await noHorizontalScroll(page), "no horizontal scroll after the storm");
  await page.click('[data-log-action="clear"]');
  // A fresh session and request still work (the storm ended with sessionend).
  await startFromConsole(page);
  await send(page, "rcrequested");
  await waitOpen(page, "rc-prompt");
  await page.click('[data-gvk="rc-prompt"] [data-answer="accept"]');
  await page.waitForSelector(`${WIDGET}[data-state="controlling"]`);
  await expectAnswers(page, "rcrequested", ["accept"]);
  assert.deepEqual(await srv.problems(), [], "no panic, no error");
  await page.close();
});

test("?source=glance with a stand-in window.GLANCE: labelled, every prompt reaches accept/decline once, a whole session, screen share", async () => {
  // GLANCE.Video stands for Glance's video scripts, which a visitor screen share waits for.
  const init = `${standIn}\nwindow.gvkStandIn.install({});\nwindow.GLANCE.Video = {};`;
  const { page } = await open("?source=glance", { init });
  await page.waitForFunction(() => {
    const l = window.gvkStandIn.current.listeners;
    const names = Object.keys(l);
    return names.length > 40 && names.every((n) => l[n].length === 1);
  });
  assert.equal(await page.evaluate(() => window.gvkStandIn.current.calls.setUIReady), 1);
  assert.equal(await page.$$eval("[data-demo], [data-demo-event]", (b) => b.length), 0, "no simulator console");
  assert.match(await page.textContent('[data-mode="glance"]'), /\?source=glance/);
  // Glance's own showTerms opens our terms prompt; Accept starts the session through the stand-in.
  await page.evaluate(() => GLANCE.Cobrowse.Visitor.showTerms({ sessionKey: "12121212" }));
  await page.click('[data-gvk="terms-prompt"] [data-answer="accept"]');
  assert.deepEqual(await page.evaluate(() => window.gvkStandIn.current.calls.startSession), ["12121212"]);
  const fire = (name, payload) => page.evaluate(([n, p]) => window.gvkStandIn.current.fire(n, p), [name, payload ?? null]);
  await fire("sessionstarting");
  await fire("connection", { status: "ok" });
  await fire("sessionstart");
  await page.waitForSelector(`${WIDGET}[data-state="waiting"]`);
  await fire("agents", { count: 2, agentlist: [{ name: "Ann" }, { name: "Ben" }] });
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent === "2 agents viewing", LINE);
  await fire("connection", { status: "reconnecting" });
  await page.waitForSelector('[data-gvk="connection-banner"][data-state="reconnecting"]', { state: "attached" });
  await shot(page, "glance-reconnecting-1440");
  await fire("connection", { status: "ok" });
  await page.waitForSelector(`${WIDGET}[data-state="viewing"]`);
  // Every request, answered by mouse (Accept) and by keyboard (Enter on the focused Decline); the
  // stand-in's functions count the calls.
  for (const [name, part] of PROMPTS) {
    const payload = (round) =>
      page.evaluate(
        ([n, round]) => {
          const c = (window.counts = window.counts || {});
          const k = `${n}:${round}`;
          c[k] = { accept: 0, decline: 0 };
          const acc = () => { c[k].accept++; };
          const dec = () => { c[k].decline++; };
          const p =
            n === "docsharerequested"
              ? { onpreviewconfirm: acc, onpreviewcancel: dec, onconfirm: acc, oncancel: dec }
              : n === "navassistrequested"
                ? { url: "terms.html", name: "Terms", accept: () => { acc(); return new Promise(() => {}); } }
                : n === "confirm"
                  ? { url: "terms.html", accept: acc }
                  : { accept: acc, decline: dec };
          window.gvkStandIn.current.fire(n, p);
        },
        [name, round],
      );
    const counts = (round) => page.evaluate((k) => window.counts[k], `${name}:${round}`);
    await payload("mouse");
    await waitOpen(page, part);
    await page.click(`[data-gvk="${part}"] [data-answer="accept"]`, { clickCount: 2 }).catch(() => {});
    if (name === "docsharerequested") {
      await page.waitForSelector(`[data-gvk="${part}"][data-state="open"] [data-answer="decline"]`);
      await page.click(`[data-gvk="${part}"] [data-answer="decline"]`);
    }
    await waitClosed(page, part);
    await page.waitForTimeout(50);
    assert.deepEqual(await counts("mouse"), { accept: 1, decline: name === "docsharerequested" ? 1 : 0 }, `${name} by mouse`);
    await payload("keys");
    await waitOpen(page, part);
    assert.equal(await focused(page), "decline");
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await waitClosed(page, part);
    await page.waitForTimeout(50);
    const noDecline = name === "navassistrequested" || name === "confirm";
    assert.deepEqual(await counts("keys"), { accept: 0, decline: noDecline ? 0 : 1 }, `${name} by keyboard`);
  }
  // The log shows each visitor answer once (21: the document's file step answers too).
  assert.equal((await answers(page)).length, 21);
  // Screen share: show, resize, pause, resume, end.
  const panel = '[data-gvk="screenshare-panel"][data-view="glance_screenshare"]';
  await fire("screenshare", { screenshareView: "glance_screenshare", state: "new" });
  await page.waitForSelector(`${panel}[data-state="visible"]`);
  await fire("viewerinfo", { screenshareView: "glance_screenshare", scaledview: { width: 640, height: 360 } });
  await page.waitForFunction(() => document.getElementById("glance_screenshare").getAttribute("style") === "width: 640px; height: 360px;");
  await fire("screensharepaused", { screenshareView: "glance_screenshare" });
  await page.waitForSelector(`${panel}[data-state="paused"]`);
  await fire("screenshareresumed", { screenshareView: "glance_screenshare" });
  await page.waitForSelector(`${panel}[data-state="visible"]`);
  assert.deepEqual(await axeViolations(page), [], "axe: glance mode with the panel");
  await fire("screenshare", { screenshareView: "glance_screenshare", state: "ended" });
  await page.waitForSelector(`${panel}[data-state="hidden"]`, { state: "attached" });
  await fire("sessionend", { reason: "agent" });
  await page.waitForSelector(`${WIDGET}[data-state="ended"], ${WIDGET}[data-state="hidden"]`, { state: "attached" });
  assert.deepEqual(await page.evaluate(() => window.gvkStandIn.current.thrown), []);
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("?source=glance on a loader-only page: the kit's own Start, then Accept, has Glance load its core and starts a session", async () => {
  // As Glance's 6.33.0 loader behaves on a page view without a session: nothing loads the core until
  // a stub call or Loader.load; the core then takes a while; its start waits for setUIReady().
  const init = `${standIn}\nwindow.gvkStandIn.install({stub: true, core: 150, autoSession: true, visitorId: "e2e-visitor"});`;
  const { page } = await open("?source=glance", { init });
  await page.waitForFunction(() => window.gvkStandIn.current.listenerCount("sessionstart") === 1);
  assert.equal(await page.evaluate(() => window.gvkStandIn.current.coreLoads), 0, "no core on a page view without a session");
  await page.click('[data-gvk="start-session"] [data-action="start"]');
  await waitOpen(page, "terms-prompt");
  await page.click('[data-gvk="terms-prompt"] [data-answer="accept"]');
  await page.waitForSelector(`${WIDGET}[data-state="starting"]`);
  await page.waitForSelector(`${WIDGET}[data-state="waiting"]`);
  const s = await page.evaluate(() => {
    const g = window.gvkStandIn.current;
    return { keys: g.started.map((p) => p.sessionKey), loads: g.coreLoads, ui: g.defaultUiLoads, drops: g.stubDrops.length };
  });
  assert.deepEqual(s, { keys: ["e2e-visitor"], loads: 1, ui: 0, drops: 0 }, "the page's data-visitorid is the key");
  await shot(page, "glance-loader-only-start-1440");
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("masking: the order form's card number is masked and says so; the console's agent roles change what the descriptor masks; the hint shows in a session", async () => {
  const { page } = await open("?speed=0");
  const masking = () => page.textContent("[data-demo-masking] code");
  assert.equal(await page.$eval("#demo-card-number", (i) => i.parentElement.hasAttribute("data-gvk-private")), true);
  assert.match(await page.textContent("#demo-card-private"), /never sees your card number/);
  // No session, no hint.
  assert.equal(await page.$eval("#demo-card-number", (i) => getComputedStyle(i.parentElement).outlineStyle), "none");
  await startFromConsole(page);
  // The console's agents: "Name (role)". One agent who is not a supervisor: the note is masked.
  await field(page, "agents", 1, "Alex Agent (agent), Sam Support (supervisor)");
  await send(page, "agents");
  await page.waitForFunction(() => document.querySelector("[data-demo-masking] code").textContent.includes("#demo-notes"));
  assert.equal(await masking(), "[data-gvk-private], #demo-notes");
  await field(page, "agents", 1, "Sam Support (supervisor)");
  await field(page, "agents", 0, "1");
  await send(page, "agents");
  await page.waitForFunction(() => !document.querySelector("[data-demo-masking] code").textContent.includes("#demo-notes"));
  assert.equal(await masking(), "[data-gvk-private]");
  // What Glance would get, from the page's gvk-masking.js and the kit.
  const d = await page.evaluate(() => window.GLANCE_COBROWSE.getMaskingDescriptor({ agents: { count: 1, agentlist: [{ agentrole: "agent" }] } }));
  assert.deepEqual(d, { maskedelements: ["[data-gvk-private]", "#demo-notes"], unmaskedelements: [] });
  // In the session, the masked part shows its hint.
  assert.equal(await page.$eval("#demo-card-number", (i) => getComputedStyle(i.parentElement).outlineStyle), "dashed");
  assert.match(await page.$eval("#demo-card-number", (i) => getComputedStyle(i.parentElement, "::after").content), /Hidden from the agent/);
  await page.$eval("#demo-order", (h) => h.scrollIntoView());
  await shot(page, "masked-hint-1440");
  assert.deepEqual(await axeViolations(page), [], "axe: the masked hint");
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("the kit takes no tap meant for the page: host links under every transparent part get the click (375 and 1280 px; idle, session, reconnecting)", async () => {
  for (const width of [375, 1280]) {
    const { page } = await open("?speed=0", { width, height: 800 });
    // A host link under the whole viewport, below the kit's fixed layers.
    await page.evaluate(() => {
      const a = document.createElement("a");
      a.href = "#under";
      a.id = "gvk-test-under";
      a.textContent = "host link";
      a.style.cssText = "position:fixed;inset:0;z-index:1;display:block;opacity:0";
      window.__underClicks = [];
      a.addEventListener("click", (e) => { e.preventDefault(); window.__underClicks.push([e.clientX, e.clientY]); });
      document.body.append(a);
    });
    const check = async (state) => {
      // Where things rest (slide-ins done), then the points of the kit's stack (and a margin
      // around it) outside every box it draws.
      await page.evaluate(() => Promise.all(document.getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => null))));
      const points = await page.evaluate(() => {
        const root = document.querySelector(".gvk-root").getBoundingClientRect();
        const drawn = [...document.querySelectorAll(".gvk-root :is(.gvk-widget, .gvk-banner, .gvk-error, .gvk-button)")]
          .map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
        const out = [];
        for (let x = Math.round(root.left) - 8; x <= root.right + 8; x += 12) {
          for (let y = Math.round(root.top) - 8; y <= root.bottom + 8; y += 6) {
            // Inside the viewport, off its scrollbars (a click there is the scrollbar's).
            if (x < 0 || y < 0 || x >= document.documentElement.clientWidth || y >= document.documentElement.clientHeight) continue;
            if (drawn.some((r) => x >= r.left - 1 && x <= r.right + 1 && y >= r.top - 1 && y <= r.bottom + 1)) continue;
            out.push([x, y]);
          }
        }
        return { out, root: [root.width, root.height], width: document.documentElement.clientWidth };
      });
      const taken = await page.evaluate((pts) => pts
        .filter(([x, y]) => document.elementFromPoint(x, y)?.id !== "gvk-test-under")
        .map(([x, y]) => `${x},${y} (${document.elementFromPoint(x, y)?.outerHTML.slice(0, 80)})`), points.out);
      assert.ok(points.out.length > 50, `${width}px ${state}: points around the kit were checked (${points.out.length})`);
      assert.deepEqual(taken, [], `${width}px ${state}: the kit took a tap`);
      // And real clicks, on a few of them.
      await page.evaluate(() => window.__underClicks.splice(0));
      // (Not in the right-hand 24 px: WebKitGTK's overlay scrollbar takes clicks there, kit or not.)
      const clickable = points.out.filter(([x]) => x < points.width - 24);
      const some = clickable.filter((_, i) => i % Math.max(1, Math.floor(clickable.length / 6)) === 0).slice(0, 6);
      for (const [x, y] of some) await page.mouse.click(x, y);
      const got = await page.evaluate(() => window.__underClicks.splice(0));
      const missed = some.filter(([x, y]) => !got.some(([gx, gy]) => Math.abs(gx - x) <= 1 && Math.abs(gy - y) <= 1));
      const at = await page.evaluate((pts) => pts.map(([x, y]) => document.elementFromPoint(x, y)?.outerHTML.slice(0, 80)), missed);
      assert.deepEqual(missed, [], `${width}px ${state}: the host link got every click (${JSON.stringify(at)})`);
      return points.root;
    };
    await check("idle");
    await startFromConsole(page);
    await check("session");
    await send(page, "rcrequested");
    await waitOpen(page, "rc-prompt");
    await page.click('[data-gvk="rc-prompt"] [data-answer="accept"]');
    await page.waitForSelector(`${WIDGET}[data-state="controlling"]`);
    await field(page, "agents", 0, "1");
    await field(page, "agents", 1, "Alex Agent (agent)");
    await send(page, "agents");
    const [, height] = await check("controlling");
    if (width === 1280) assert.ok(height <= 120, `the kit's fixed boxes span ${height} px with one agent and remote control on`);
    await field(page, "connection", 0, "reconnecting");
    await send(page, "connection");
    await page.waitForSelector(`${WIDGET}[data-state="reconnecting"]`);
    await check("reconnecting");
    assert.deepEqual(await srv.problems(), []);
    await page.close();
  }
});

test("reflow at 320 px wide and at 400 % zoom (WCAG 1.4.10): every state fits, prompts scroll to their actions", async () => {
  // 400 % zoom of a 1280 × 1024 window is a 320 × 256 CSS-pixel viewport.
  for (const [width, height] of [[320, 640], [320, 256]]) {
    const { page } = await open("?speed=0", { width, height });
    const fits = async (state) => {
      await page.evaluate(() => Promise.all(document.getAnimations()
        .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity).map((a) => a.finished.catch(() => null))));
      const out = await page.evaluate(() => {
        const bad = [];
        for (const el of document.querySelectorAll(".gvk-root *, .gvk-prompt[open], .gvk-prompt[open] *, .gvk-panel *")) {
          const r = el.getBoundingClientRect();
          if (r.width === 0 || r.height === 0 || el.closest(".gvk-sr-only, [hidden]")) continue;
          if (r.left < -1 || r.right > innerWidth + 1) bad.push(`${el.tagName}.${el.className} ${Math.round(r.left)}..${Math.round(r.right)}`);
        }
        return bad;
      });
      assert.deepEqual(out, [], `${width}x${height} ${state}: nothing wider than the viewport`);
      await shot(page, `reflow-${state}-${width}x${height}`);
    };
    const reachable = async (part) => {
      // Each action of the open prompt can be scrolled into view and is then inside the viewport.
      for (const answer of ["decline", "accept"]) {
        const sel = `[data-gvk="${part}"][data-state="open"] [data-answer="${answer}"]`;
        await page.$eval(sel, (b) => b.scrollIntoView({ block: "nearest" }));
        const r = await page.$eval(sel, (b) => { const r = b.getBoundingClientRect(); return [r.top, r.bottom, innerHeight]; });
        assert.ok(r[0] >= -1 && r[1] <= r[2] + 1, `${width}x${height} ${part} ${answer} reachable: ${r}`);
      }
    };
    await fits("idle");
    await page.click('[data-gvk="start-session"] [data-action="start"]');
    await waitOpen(page, "terms-prompt");
    await fits("terms");
    await reachable("terms-prompt");
    await page.keyboard.press("Escape");
    await startFromConsole(page);
    await fits("session");
    await send(page, "visitorvideorequested");
    await waitOpen(page, "video-prompt");
    await fits("video-prompt");
    await reachable("video-prompt");
    await page.keyboard.press("Escape");
    await waitClosed(page, "video-prompt");
    await send(page, "rcrequested");
    await waitOpen(page, "rc-prompt");
    await page.click('[data-gvk="rc-prompt"] [data-answer="accept"]');
    await page.waitForSelector(`${WIDGET}[data-state="controlling"]`);
    await fits("controlling");
    await field(page, "connection", 0, "reconnecting");
    await send(page, "connection");
    await page.waitForSelector(`${WIDGET}[data-state="reconnecting"]`);
    await fits("reconnecting");
    assert.deepEqual(await srv.problems(), []);
    await page.close();
  }
});

test("the switchers change the kit and the host page live; the page says which mode it is in", async () => {
  const { page } = await open("?speed=0&theme=light&lang=en");
  const UI = '[data-gvk="visitor-ui"]';
  const classes = (sel) => page.$eval(sel, (e) => [...e.classList]);
  assert.match(await page.textContent('[data-mode="simulator"]'), /Simulator mode/);
  assert.ok((await classes("html")).includes("demo-light"));
  const bodyBg = () => page.$eval("body", (b) => getComputedStyle(b).backgroundColor);
  const lightBg = await bodyBg();
  await page.selectOption('[data-switch="scheme"]', "dark");
  await page.waitForFunction((sel) => document.querySelector(sel).classList.contains("gvk-dark"), UI);
  assert.ok((await classes("html")).includes("demo-dark"), "the page follows the scheme");
  assert.notEqual(await bodyBg(), lightBg, "the page's own colours change");
  await page.check('[data-switch="contrast"]');
  await page.waitForFunction((sel) => document.querySelector(sel).classList.contains("gvk-contrast"), UI);
  await page.selectOption('[data-switch="lang"]', "ar");
  await page.waitForFunction((sel) => document.querySelector(sel).getAttribute("dir") === "rtl", UI);
  assert.equal(await page.getAttribute(UI, "lang"), "ar");
  await page.selectOption('[data-switch="lang"]', "de");
  await page.waitForFunction((sel) => document.querySelector(sel).getAttribute("lang") === "de", UI);
  await startFromConsole(page);
  assert.equal(await page.textContent(LINE), "1 Agent sieht zu");
  assert.deepEqual(await axeViolations(page), [], "axe after live switches (dark, high contrast, German)");
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

// axe-core and screenshots: every state, in each look, at both widths.
const LOOKS = [
  ["light", "theme=light"],
  ["dark", "theme=dark"],
  ["contrast", "theme=light&contrast=1"],
  ["rtl", "theme=light&lang=ar"],
];
for (const [look, params] of LOOKS) {
  for (const width of [1440, 360]) {
    test(`axe-core: no violations in any state, ${look}, ${width} px; screenshots`, async () => {
      const { page } = await open(`?speed=0&${params}`, { width, height: width > 800 ? 900 : 780 });
      const tag = `${look}-${width}`;
      const check = async (state) => {
        assert.deepEqual(await axeViolations(page), [], `axe (${state}, ${tag})`);
        assert.ok(await noHorizontalScroll(page), `no horizontal scroll (${state}, ${tag})`);
        await shot(page, `${state}-${tag}`);
      };
      const consoleOpen = () => page.$eval(".demo-console-body", (d) => d.open);
      assert.equal(await consoleOpen(), width > 800, "the console starts collapsed on a phone only");
      await check("idle");
      if (!(await consoleOpen())) {
        await page.click(".demo-console-body > summary");
        assert.equal(await consoleOpen(), true);
        await check("console-open");
      }
      if (look === "rtl") {
        assert.equal(await page.getAttribute('[data-gvk="visitor-ui"]', "dir"), "rtl");
      }
      // The visitor's own start: the terms prompt (declined here; the console starts the session).
      await page.click('[data-gvk="start-session"] [data-action="start"]');
      await waitOpen(page, "terms-prompt");
      await check("terms-prompt");
      await page.click('[data-gvk="terms-prompt"] [data-answer="decline"]');
      await waitClosed(page, "terms-prompt");
      await startFromConsole(page);
      await send(page, "connection");
      await page.waitForSelector('[data-gvk="connection-banner"][data-state="reconnecting"]', { state: "attached" });
      await check("session-banner");
      await field(page, "connection", 0, "ok");
      await send(page, "connection");
      await page.waitForSelector(`${WIDGET}[data-state="viewing"]`);
      // The session goes on in another tab: the widget says so, and this page has no border.
      await send(page, "blur");
      await page.waitForSelector(`${WIDGET}[data-state="elsewhere"]`);
      await check("session-elsewhere");
      await send(page, "focus");
      await page.waitForSelector(`${WIDGET}[data-state="viewing"]`);
      for (const [name, part] of PROMPTS) {
        await send(page, name);
        await waitOpen(page, part);
        await check(part);
        await page.click(`[data-gvk="${part}"] [data-answer="decline"]`);
        await waitClosed(page, part);
      }
      // The panels: the agent's screen, the agent's video, the visitor's video.
      await send(page, "screenshare");
      await send(page, "viewerinfo");
      await field(page, "screenshare", 0, "glance_agentvideo");
      await send(page, "screenshare");
      await send(page, "visitorvideostarted");
      await page.waitForSelector('[data-gvk="screenshare-panel"][data-view="glance_screenshare"][data-state="visible"]');
      await page.waitForSelector('[data-gvk="screenshare-panel"][data-view="glance_agentvideo"][data-state="visible"]');
      await check("panels");
      // The End confirm over the panels (No keeps the session).
      await page.$eval(`${WIDGET} [data-action="end"]`, (b) => b.click());
      await waitOpen(page, "end-confirm");
      await check("end-confirm");
      await page.click('[data-gvk="end-confirm"] [data-answer="decline"]');
      await waitClosed(page, "end-confirm");
      // The connection lost for good: the dropped banner and the error.
      await scenario(page, "ReconnectDrops");
      await page.waitForSelector('[data-gvk="connection-banner"][data-state="dropped"]');
      await check("dropped");
      assert.deepEqual(await srv.problems(), []);
      await page.close();
    });
  }
}
