// The split build (feature `split`, scripts/split-build.sh examples/minimal target/split/minimal):
// a page view loads the gate only; the kit's chunk comes when a session needs it, and nothing is
// lost or left waiting meanwhile. Glance is the stand-in, modelled on the 6.33.0 loader (a page
// view without a session has only the loader; its stub calls and Loader.load insert the core).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { launch, startServer, root, standIn, axeViolations } from "./lib.mjs";

const DIR = join(root, "target", "split", "minimal");
const CHUNK = /\/split_[A-Za-z0-9_]+\.wasm$/;
const GLUE = /\/split_glue\.js(\?\d+)?$/;
/** The files the page has requested (path and query), as the Resource Timing API lists them. */
const requested = (page) => page.evaluate(() => performance.getEntriesByType("resource").map((e) => { const u = new URL(e.name); return u.pathname + u.search; }));
/** The split files the page has fetched (chunks and their glue). */
const fetched = async (page) => (await requested(page)).filter((p) => /\/split_/.test(p));
let srv, browser;

before(async () => {
  assert.ok(existsSync(join(DIR, "index.html")), `${DIR} is built by scripts/test.sh (scripts/split-build.sh)`);
  srv = await startServer({ dir: DIR });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  srv?.close();
});

/**
 * The split minimal app with the stand-in installed as `opts` says. `chunk`: what the chunk's
 * request gets: "serve", "fail" (404) or a promise to await first (held). Returns the page and the
 * list of chunk requests.
 */
async function open(opts, { chunk = "serve", glue = "serve", width = 1280 } = {}) {
  srv.reset();
  srv.init(`${standIn}\nwindow.gvkStandIn.install(${JSON.stringify(opts)});\nwindow.GLANCE.Video = {};`);
  const chunks = [];
  srv.route(CHUNK, async ({ url }) => {
    chunks.push(url);
    if (chunk === "fail") return { status: 404, contentType: "text/plain", body: "gone" };
    if (chunk !== "serve") await chunk;
    return undefined;
  });
  // The chunk's JavaScript glue (scripts/chunk-imports.mjs), fetched beside it.
  // "fail-once": only its first request fails.
  let glues = 0;
  srv.route(GLUE, () => (glue === "fail" || (glue === "fail-once" && glues++ === 0) ? { status: 404, contentType: "text/plain", body: "gone" } : undefined));
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  await page.goto(srv.base);
  await page.waitForSelector('[data-gvk="visitor-gate"]', { state: "attached" });
  return { page, chunks };
}

/** A chunk request held back until `release()`: pass `held` as `open`'s `chunk`. */
function hold() {
  let release;
  const held = new Promise((r) => (release = r));
  return { held, release };
}
const g = (page, f) => page.evaluate(f);
const fire = (page, name, payload) => page.evaluate(([n, p]) => window.gvkStandIn.current.fire(n, p), [name, payload ?? null]);
const request = (page, name, extra) =>
  page.evaluate(([n, e]) => { const s = window.gvkStandIn.current; s.fire(n, s.request(n, e)); }, [name, extra ?? {}]);
const answers = (page) => g(page, () => window.gvkStandIn.current.answers);
const waitOpen = (page, part) => page.waitForSelector(`[data-gvk="${part}"] dialog[open], dialog[data-gvk="${part}"][open]`);

test("a page view without a session: the gate only (Start, Glance's iframes, the listeners); no chunk, no core, axe clean", async () => {
  const { page, chunks } = await open({ stub: true, core: 150, autoSession: true });
  await page.waitForFunction(() => window.gvkStandIn.current.listenerCount("sessionstart") === 1);
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(chunks, [], "the kit's chunk is not fetched");
  assert.deepEqual(await fetched(page), [], "nor its glue");
  assert.ok(!(await requested(page)).some((p) => /\/ingress\.js$/.test(p)), "nor the binding's script");
  const s = await g(page, () => ({
    core: window.gvkStandIn.current.coreLoads,
    ui: window.gvkStandIn.current.defaultUiLoads,
    start: document.querySelector('[data-gvk="visitor-gate"] [data-action="start"]')?.textContent.trim(),
    frames: ["glance_screenshare", "glance_agentvideo"].map((id) => document.getElementById(id)?.hidden),
    style: getComputedStyle(document.querySelector('[data-action="start"]')).cursor,
  }));
  assert.deepEqual(s, { core: 0, ui: 0, start: "Start cobrowse", frames: [true, true], style: "pointer" });
  assert.deepEqual(await axeViolations(page), [], "axe: the gate");
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("Start on a page view: the chunk loads, the terms prompt opens, Accept starts a session through Glance's loader; requests are answered once", async () => {
  const { page, chunks } = await open({ stub: true, core: 150, autoSession: true, visitorId: "e2e-visitor" });
  await page.click('[data-gvk="visitor-gate"] [data-action="start"]');
  await waitOpen(page, "terms-prompt");
  assert.equal(chunks.length, 1, "one chunk request");
  assert.deepEqual((await fetched(page)).sort(), ["/split_glue.js", "/split_gvk_kit.wasm"], "the chunk and its glue, once each");
  assert.deepEqual(await page.$$eval('[data-action="start"]', (b) => b.map((e) => !!e.closest('[data-gvk="start-session"]'))), [true],
    "the gate's button is gone; the kit's is there");
  // Declined, the prompt gives the focus back to the kit's Start (the gate's is gone); then again.
  await page.click('[data-gvk="terms-prompt"] [data-answer="decline"]');
  await page.waitForFunction(() => document.activeElement?.matches('[data-gvk="start-session"] [data-action="start"]'));
  await page.click('[data-gvk="start-session"] [data-action="start"]');
  await waitOpen(page, "terms-prompt");
  await page.click('[data-gvk="terms-prompt"] [data-answer="accept"]');
  await page.waitForSelector('[data-gvk="session-widget"][data-state="waiting"]');
  assert.deepEqual(await g(page, () => window.gvkStandIn.current.started.map((p) => p.sessionKey)), ["e2e-visitor"]);
  await fire(page, "agents", { count: 1, agentlist: [{ name: "Ann", agentrole: "agent" }] });
  await page.waitForSelector('[data-gvk="session-widget"][data-state="viewing"]');
  await request(page, "rcrequested");
  await waitOpen(page, "rc-prompt");
  await page.click('[data-gvk="rc-prompt"] [data-answer="accept"]');
  await request(page, "addguestrequested");
  await waitOpen(page, "guest-prompt");
  await page.click('[data-gvk="guest-prompt"] [data-answer="decline"]');
  await page.waitForFunction(() => window.gvkStandIn.current.answers.length === 2);
  assert.deepEqual(await answers(page), [["rcrequested", "accept"], ["addguestrequested", "decline"]]);
  // The agent's screen share shows in the kit's panel (the gate's iframes are gone: one of each id).
  await fire(page, "screenshare", { screenshareView: "glance_screenshare", state: "new" });
  await fire(page, "viewerinfo", { screenshareView: "glance_screenshare", screen: { width: 800, height: 600 } });
  await page.waitForSelector('[data-gvk="screenshare-panel"][data-view="glance_screenshare"][data-state="visible"]');
  assert.equal(await page.$$eval("#glance_screenshare", (f) => f.length), 1);
  assert.deepEqual(await axeViolations(page), [], "axe: the kit in a session");
  assert.deepEqual(await g(page, () => window.gvkStandIn.current.thrown), []);
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("a page of a session, the chunk held back: the kit loads at once, and the events and the request that came meanwhile are shown when it is there", async () => {
  const { held, release } = hold();
  const { page, chunks } = await open({ inSession: true, key: "1234" }, { chunk: held });
  await page.waitForFunction(() => window.gvkStandIn.current.listenerCount("rcrequested") === 1);
  await fire(page, "agents", { count: 1, agentlist: [{ name: "Ann", agentrole: "agent" }] });
  await request(page, "rcrequested");
  assert.equal(chunks.length, 1, "asked for at page load (inSession)");
  assert.equal(await page.$eval('[data-gvk="visitor-gate"]', (r) => r.dataset.state), "loading");
  release();
  await waitOpen(page, "rc-prompt");
  await page.waitForSelector('[data-gvk="session-widget"][data-state="viewing"]');
  await page.click('[data-gvk="rc-prompt"] [data-answer="decline"]');
  await page.waitForFunction(() => window.gvkStandIn.current.answers.length === 1);
  assert.deepEqual(await answers(page), [["rcrequested", "decline"]]);
  assert.equal(await g(page, () => window.gvkStandIn.current.listenerCount("rcrequested")), 1, "the gate let go: one listener");
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("Glance's showTerms on a page view loads the kit and opens its terms prompt; Glance's default UI never loads", async () => {
  const { page, chunks } = await open({ stub: true, core: 150, autoSession: true });
  await page.waitForFunction(() => window.gvkStandIn.current.listenerCount("sessionstart") === 1);
  await g(page, () => window.GLANCE.Cobrowse.Visitor.showTerms({ sessionKey: "4321" }));
  await waitOpen(page, "terms-prompt");
  assert.equal(chunks.length, 1);
  await page.click('[data-gvk="terms-prompt"] [data-answer="accept"]');
  await page.waitForSelector('[data-gvk="session-widget"][data-state="waiting"]');
  const s = await g(page, () => ({ keys: window.gvkStandIn.current.started.map((p) => p.sessionKey), ui: window.gvkStandIn.current.defaultUiLoads }));
  assert.deepEqual(s, { keys: ["4321"], ui: 0 });
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("the chunk cannot load: each request held is declined once, later ones at once, the visitor reads an alert, and Start tries again", async () => {
  const { page, chunks } = await open({ inSession: true, key: "1234" }, { chunk: "fail" });
  await page.waitForFunction(() => window.gvkStandIn.current.listenerCount("rcrequested") === 1);
  await request(page, "rcrequested");
  await page.waitForSelector('[data-gvk="visitor-gate"][data-state="failed"]', { state: "attached" });
  await request(page, "visitorscreensharerequested");
  await request(page, "docsharerequested");
  await page.waitForFunction(() => window.gvkStandIn.current.answers.length === 3);
  assert.deepEqual(await answers(page), [
    ["rcrequested", "decline"], ["visitorscreensharerequested", "decline"], ["docsharerequested", "onpreviewcancel"],
  ]);
  assert.match(await page.textContent('[data-gvk="visitor-gate"] [role="alert"]:not([hidden])'), /could not be loaded/);
  // A video request is declined with the settings object the kit declines it with.
  const video = await g(page, () => {
    let got = "not called";
    window.gvkStandIn.current.fire("visitorvideorequested", { accept() {}, decline(settings) { got = settings; } });
    return got;
  });
  assert.equal(video.camerastatus, "nocamera");
  assert.equal(video.videopaused, true);
  const tries = chunks.length;
  await page.click('[data-gvk="visitor-gate"] [data-action="start"]');
  for (let i = 0; i < 100 && chunks.length === tries; i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(chunks.length > tries, "Start tried the chunk again");
  await page.waitForSelector('[data-gvk="visitor-gate"][data-state="failed"]', { state: "attached" });
  assert.deepEqual(await answers(page), [
    ["rcrequested", "decline"], ["visitorscreensharerequested", "decline"], ["docsharerequested", "onpreviewcancel"],
  ], "nothing answered twice");
  // The failed fetches are the only problems reported (the loader logs them).
  assert.deepEqual((await srv.problems()).filter((p) => !/split|wasm|fetch|404|Failed/i.test(p)), []);
  await page.close();
});

test("the chunk's glue cannot load: a request held is declined once, the visitor reads the alert; Start tries it again under a new URL, and the kit comes", async () => {
  const { page } = await open({ inSession: true, key: "1234" }, { glue: "fail-once" });
  await page.waitForFunction(() => window.gvkStandIn.current.listenerCount("rcrequested") === 1);
  await request(page, "rcrequested");
  await page.waitForSelector('[data-gvk="visitor-gate"][data-state="failed"]', { state: "attached" });
  await page.waitForFunction(() => window.gvkStandIn.current.answers.length === 1);
  assert.deepEqual(await answers(page), [["rcrequested", "decline"]]);
  assert.match(await page.textContent('[data-gvk="visitor-gate"] [role="alert"]:not([hidden])'), /could not be loaded/);
  const tried = (await fetched(page)).filter((p) => GLUE.test(p)).length;
  await page.click('[data-gvk="visitor-gate"] [data-action="start"]');
  await waitOpen(page, "terms-prompt");
  const glue = (await fetched(page)).filter((p) => GLUE.test(p));
  assert.ok(glue.length > tried, `fetched again (${JSON.stringify(glue)})`);
  assert.match(glue.at(-1), /\?\d+$/, "under a new URL");
  assert.deepEqual(await answers(page), [["rcrequested", "decline"]], "nothing answered twice");
  await page.close();
});

test("a chat window's glance_invoke fetches the kit; a Start pressed while it loads still opens the terms prompt", async () => {
  const { held, release } = hold();
  const { page, chunks } = await open({ stub: true, core: 150, autoSession: true }, { chunk: held });
  await page.waitForFunction(() => window.gvkStandIn.current.listenerCount("sessionstart") === 1);
  await g(page, () => window.postMessage({ glance_invoke: { func: "setStartParams", args: [{}], groupid: 72937 } }, "*"));
  for (let i = 0; i < 100 && chunks.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  assert.equal(chunks.length, 1, "the message fetched the kit");
  await page.click('[data-gvk="visitor-gate"] [data-action="start"]');
  assert.equal(await page.$eval('[data-gvk="visitor-gate"] [data-action="start"]', (b) => b.getAttribute("aria-busy")), "true");
  release();
  await waitOpen(page, "terms-prompt");
  assert.equal(chunks.length, 1, "one fetch");
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("a click on one of Glance's own buttons (data-glancebutton) fetches the kit before Glance's core has even loaded", async () => {
  const { page, chunks } = await open({ stub: true, core: "manual" });
  await page.waitForFunction(() => window.gvkStandIn.current.listenerCount("sessionstart") === 1);
  await g(page, () => {
    const b = document.createElement("button");
    b.dataset.glancebutton = "start";
    b.textContent = "Glance's start";
    document.querySelector("main").append(b);
  });
  assert.equal(chunks.length, 0);
  await page.click('[data-glancebutton="start"]');
  await page.waitForSelector('[data-gvk="visitor-gate"][data-state="loaded"]', { state: "attached" });
  assert.equal(chunks.length, 1);
  assert.equal(await g(page, () => window.gvkStandIn.current.coreLoads), 0, "before Glance's core");
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("the gate belongs to its latest opening: a component mounted again before the old one is cleaned up keeps it", async () => {
  const { page } = await open({ stub: true, core: "manual" });
  await page.waitForFunction(() => window.gvkStandIn.current.listenerCount("sessionstart") === 1);
  const r = await g(page, async () => {
    // The app's own module instance: the URL its glue imports, resolved as it resolves it.
    const glue = await (await fetch(new URL("app.js", location.href))).text();
    const path = glue.match(/from\s*['"](\.\/snippets\/[^'"]*\/gate\.js)['"]/)[1]; // minified or not
    // (A module script of the page's own: an import() run by WebDriver may get a module map of
    // its own, as in Firefox.)
    const script = document.createElement("script");
    script.type = "module";
    script.textContent = `import * as gate from ${JSON.stringify(new URL(path, new URL("app.js", location.href)).href)}; window.__gate = gate;`;
    document.head.append(script);
    for (let i = 0; i < 100 && !window.__gate; i++) await new Promise((r) => setTimeout(r, 20));
    const gate = window.__gate;
    const heard = [];
    const s = window.gvkStandIn.current;
    // A second opening takes the gate over (the component's is the first); the first one's close
    // then changes nothing.
    const second = gate.gvkGateOpen(["sessionstart"], [], (code) => heard.push(code));
    gate.gvkGateClose(second - 1);
    const afterStale = s.listenerCount("sessionstart");
    s.fire("sessionstart");
    // The latest opening's close lets go of Glance.
    gate.gvkGateClose(second);
    return { second, afterStale, heard, afterClose: s.listenerCount("sessionstart") };
  });
  assert.deepEqual(r, { second: 2, afterStale: 1, heard: [0], afterClose: 0 });
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("the page's own startSession() on a page view: Glance gets the call at once, and the kit comes with it", async () => {
  const { page, chunks } = await open({ stub: true, core: 150, autoSession: true, visitorId: "e2e-visitor" });
  await page.waitForFunction(() => window.gvkStandIn.current.listenerCount("sessionstart") === 1);
  await g(page, () => window.GLANCE.Cobrowse.Visitor.startSession());
  await page.waitForSelector('[data-gvk="session-widget"][data-state="waiting"]');
  assert.equal(chunks.length, 1);
  const s = await g(page, () => ({ calls: window.gvkStandIn.current.calls.startSession.length, keys: window.gvkStandIn.current.started.map((p) => p.sessionKey) }));
  assert.deepEqual(s, { calls: 1, keys: ["e2e-visitor"] });
  assert.equal(await g(page, () => typeof window.GLANCE.Cobrowse.Visitor.startSession), "function");
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("Glance's core loads before the kit (the chunk held back): the gate leaves the core's own methods in place when it lets go", async () => {
  const { held, release } = hold();
  const { page } = await open({ stub: true, core: 50, autoSession: true }, { chunk: held });
  await page.waitForFunction(() => window.gvkStandIn.current.listenerCount("sessionstart") === 1);
  await g(page, () => window.GLANCE.Cobrowse.Visitor.startSession());
  await page.waitForFunction(() => window.gvkStandIn.current.coreLoaded === true);
  const full = await g(page, () => { window.__full = window.GLANCE.Cobrowse.Visitor.startSession; return typeof window.__full; });
  assert.equal(full, "function");
  release();
  await page.waitForSelector('[data-gvk="session-widget"][data-state="waiting"]');
  assert.equal(await g(page, () => window.GLANCE.Cobrowse.Visitor.startSession === window.__full), true,
    "the core's startSession, not the loader's stub");
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("a burst of events held before the kit: the gate's markup is written once, the kit asked for once", async () => {
  const { held, release } = hold();
  const { page, chunks } = await open({ inSession: true, key: "1234" }, { chunk: held });
  await page.waitForSelector('[data-gvk="visitor-gate"][data-state="loading"]', { state: "attached" });
  const writes = await g(page, () => {
    const root = document.querySelector('[data-gvk="visitor-gate"]');
    const records = [];
    const o = new MutationObserver((m) => records.push(...m));
    o.observe(root, { subtree: true, attributes: true, childList: true });
    const s = window.gvkStandIn.current;
    for (let i = 0; i < 200; i++) s.fire("viewerinfo", { screenshareView: "glance_screenshare", screen: { width: 800 + i, height: 600 } });
    const n = records.length + o.takeRecords().length;
    o.disconnect();
    return n;
  });
  assert.equal(writes, 0, "no DOM write per held event");
  assert.equal(chunks.length, 1);
  release();
  await page.waitForSelector('[data-gvk="visitor-ui"]', { state: "attached" });
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});
