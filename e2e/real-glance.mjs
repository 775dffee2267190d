// The kit against Glance's real shipped visitor scripts (6.33.0, and 6.1.1 for the video-script
// fallback), with Glance's service faked on loopback (shared spec: fake-service/README.md; our JSON
// answers are in e2e/fake-service/). Optional: run by `GLANCE_TREE=<folder> bash scripts/real-glance.sh`,
// where <folder> holds `self-hosted-scripts/version_6.33.0/` (and `version_6.1.1/`) of Glance's public
// package. Glance's code is never in this repository and no CI run needs it: without GLANCE_TREE
// every test here says it skipped. Chromium only (it needs Playwright's routing).
//
// The page is the release demo (dist/) under `?source=glance`, with Glance's tag put into its
// <head> as a host page has it (data-ui="custom", data-ws pointing at the fake service).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, normalize } from "node:path";
import { launchChromium as launch, serveDir, root, shots, glanceAnswers } from "./lib.mjs";

const TREE = process.env.GLANCE_TREE || "";
const V33 = "self-hosted-scripts/version_6.33.0";
const V11 = "self-hosted-scripts/version_6.1.1";
const skip = !TREE ? "GLANCE_TREE is not set" : !existsSync(join(TREE, V33, "cobrowse/js/GlanceCobrowseLoader_6.33.0M.js"))
  ? `no ${V33} under GLANCE_TREE=${TREE}` : false;

const SVC_PORT = 49321; // nothing listens here: every request to it is answered by a route
const GROUP = "12345";
const fake = (name) => readFileSync(join(root, "e2e", "fake-service", name), "utf8").replaceAll("__SVC_PORT__", String(SVC_PORT));

let server, base, browser, splitServer, splitBase;
const SPLIT = join(root, "target", "split", "minimal");

before(async () => {
  if (skip) return;
  ({ server, base } = await serveDir());
  if (existsSync(join(SPLIT, "index.html"))) ({ server: splitServer, base: splitBase } = await serveDir(SPLIT));
  browser = await launch([
    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    "--auto-select-desktop-capture-source=Entire screen", "--ignore-certificate-errors",
  ]);
});

after(async () => {
  await browser?.close();
  server?.kill();
  splitServer?.kill();
});

/**
 * A browser context with Glance's service faked: `svc.requests` lists the service requests (method,
 * path, body), `svc.sent` what the core sent on its session socket, `svc.send(msg)` sends it a
 * message, `svc.close()` closes the socket as a dropped connection would.
 */
async function glanceContext({ version = "6.33.0", visitorId = "real-visitor-1", site = base } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const svc = { requests: [], sent: [], sockets: [], send: null, close: null };
  const folder = `self-hosted-scripts/version_${version}`;
  const loader = `/${folder}/cobrowse/js/GlanceCobrowseLoader_${version}M.js`;
  const tag = `<script id="glance-cobrowse" src="${loader}" data-groupid="${GROUP}" data-site="staging" data-ui="custom" ` +
    `data-ws="127.0.0.1:${SVC_PORT}" data-visitorid="${visitorId}" charset="UTF-8"></script>`;
  const pagePort = new URL(site).port;
  // Glance's files, from GLANCE_TREE (over http, and over https: the core loads helpers from the
  // page's host with https).
  const files = async (route) => {
    const path = decodeURIComponent(new URL(route.request().url()).pathname).replace(/^\/+/, "");
    const file = normalize(join(TREE, path));
    if (!file.startsWith(normalize(TREE)) || !existsSync(file)) return route.fulfill({ status: 404, body: "" });
    const type = file.endsWith(".js") ? "text/javascript" : file.endsWith(".css") ? "text/css"
      : file.endsWith(".json") ? "application/json" : file.endsWith(".html") ? "text/html" : "application/octet-stream";
    return route.fulfill({ status: 200, contentType: type, body: readFileSync(file), headers: { "Access-Control-Allow-Origin": "*" } });
  };
  await context.route(new RegExp(`^https?://127\\.0\\.0\\.1:${pagePort}/self-hosted-scripts/`), files);
  // The demo's page with Glance's tag in its <head>, as a host page has it.
  await context.route(new RegExp(`^http://127\\.0\\.0\\.1:${pagePort}/(\\?.*)?$`), async (route) => {
    const response = await route.fetch();
    const html = (await response.text()).replace("</head>", `${tag}</head>`);
    return route.fulfill({ response, body: html, headers: { ...response.headers(), "content-type": "text/html" } });
  });
  // Glance's service.
  await context.route(`https://127.0.0.1:${SVC_PORT}/**`, async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    const cors = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "*", "Access-Control-Allow-Methods": "GET, POST, OPTIONS" };
    if (req.method() === "OPTIONS") return route.fulfill({ status: 204, headers: cors });
    svc.requests.push({ method: req.method(), path: url.pathname, query: url.search, body: req.postData() || "" });
    const json = (body) => route.fulfill({ status: 200, contentType: "application/json", headers: cors, body });
    if (url.pathname.endsWith("/VisitorSettings")) {
      // Glance's core reads its camera options by video size when a visitor video starts; the
      // fake answer lacks them, and an unparsable option is what Glance itself falls back from.
      const settings = JSON.parse(fake("fake-VisitorSettings.json"));
      settings.videooptions = settings.videooptions || { small: "{}", large: "{}", mobilesmall: "{}", mobilelarge: "{}" };
      return json(JSON.stringify(settings));
    }
    if (url.pathname.endsWith("/GetVisitorSettings3")) return json(fake("fake-GetVisitorSettings3.json"));
    if (url.pathname.endsWith("/coloselect")) return json(fake("fake-coloselect.json"));
    if (url.pathname.endsWith("/StartSession2")) return json(fake("fake-StartSession2.json"));
    return json("{}");
  });
  await context.routeWebSocket(`wss://127.0.0.1:${SVC_PORT}/**`, (ws) => {
    svc.sockets.push(ws);
    ws.onMessage((m) => svc.sent.push(typeof m === "string" ? m : m.toString()));
    svc.send = (msg) => ws.send(typeof msg === "string" ? msg : JSON.stringify(msg));
    svc.close = () => ws.close({ code: 1006 });
  });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  const events = [];
  await page.exposeFunction("__gvkEvent", (name, payload) => events.push([name, payload]));
  return { context, page, svc, problems, events };
}

/** Records every visitor event Glance fires (a listener of the test's own, added beside the kit's). */
async function recordEvents(page, names) {
  await page.evaluate((names) => {
    for (const n of names) {
      GLANCE.Cobrowse.Visitor.addEventListener(n, (p) => {
        let copy;
        try { copy = JSON.parse(JSON.stringify(p ?? null)); } catch { copy = "?"; }
        window.__gvkEvent(n, copy);
      });
    }
  }, names);
}

const WIDGET = '[data-gvk="session-widget"]';
const EVENTS = ["ready", "sessionstarting", "sessionstart", "sessioncontinue", "sessionend", "error", "agents", "statereceived", "connection"];

async function openDemo(ctx) {
  await ctx.page.goto(base + "?source=glance");
  await ctx.page.waitForSelector('[data-gvk="visitor-ui"]', { state: "attached" });
  await ctx.page.waitForFunction(() => window.GLANCE && GLANCE.Cobrowse && GLANCE.Cobrowse.Visitor);
  await recordEvents(ctx.page, EVENTS);
}

/** Waits until `pred(svc.sent)` is true (10 s). */
async function sentUntil(svc, pred, what) {
  for (let i = 0; i < 200; i++) {
    if (pred(svc.sent)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`the core never sent ${what}; it sent: ${svc.sent.map((m) => m.slice(0, 120)).join(" | ")}`);
}

/** The visitor's answers the core sent on its socket. */
const svcAnswers = (svc) => glanceAnswers(svc.sent);

/** Waits until the core has sent `answer` (10 s). */
async function answerSent(svc, answer) {
  const want = JSON.stringify(answer);
  for (let i = 0; i < 200; i++) {
    if (svcAnswers(svc).some((a) => JSON.stringify(a) === want)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`the core never sent ${want}; its answers: ${JSON.stringify(svcAnswers(svc))}`);
}

/** Starts a session with the kit's own Start button and terms, and has an agent join. */
async function startWithKit(ctx) {
  const { page, svc } = ctx;
  assert.equal(await page.$$eval("script#glance_visitor", (s) => s.length), 0, "a page view without a session: no core");
  await page.click('[data-gvk="start-session"] [data-action="start"]');
  await page.waitForSelector('[data-gvk="terms-prompt"][data-state="open"]');
  await page.click('[data-gvk="terms-prompt"] [data-answer="accept"]');
  await page.waitForSelector(`${WIDGET}[data-state="waiting"]`, { timeout: 15000 });
  await sentUntil(svc, (s) => s.length > 0, "anything on its socket");
  svc.send(fake("fake-ws-SU.json"));
  await page.waitForSelector(`${WIDGET}[data-state="viewing"]`);
}

/** Sends an agent request (an `MS` message) and waits for its prompt. */
async function request(ctx, data, part) {
  ctx.svc.send({ mtype: "MS", data });
  await ctx.page.waitForSelector(`[data-gvk="${part}"][data-state="open"]`);
}

test("the kit's own Start on a loader-only page starts a session on Glance's real loader and core; data-visitorid reaches StartSession2", { skip }, async () => {
  const ctx = await glanceContext();
  const { page, svc, problems, events } = ctx;
  await openDemo(ctx);
  await startWithKit(ctx);
  const start = svc.requests.find((r) => r.path.endsWith("/StartSession2"));
  assert.ok(start, `StartSession2 asked: ${svc.requests.map((r) => r.path).join(", ")}`);
  assert.match(start.body + start.query, /real-visitor-1/, "the page's data-visitorid is the key");
  assert.doesNotMatch(start.body + start.query, /GLANCE_KEYTYPE_RANDOM/);
  const names = events.map(([n]) => n);
  assert.ok(names.includes("sessionstart") && names.includes("agents"), names.join(","));
  assert.equal(await page.textContent(`${WIDGET} [data-gvk-line]`), "1 agent viewing");
  await page.screenshot({ path: join(shots, "real-glance-session.png") });
  assert.deepEqual(problems, []);
  await ctx.context.close();
});

test("a showTerms start (Glance's own trigger) on a loader-only page reaches a session", { skip }, async () => {
  const ctx = await glanceContext({ visitorId: "real-visitor-2" });
  const { page, svc, problems } = ctx;
  await openDemo(ctx);
  // What data-glancebutton="showTerms" and keyboard shortcuts call.
  await page.evaluate(() => GLANCE.Cobrowse.VisitorUI.showTerms());
  await page.waitForSelector('[data-gvk="terms-prompt"][data-state="open"]');
  assert.equal(await page.$$eval("script#glance_visitorui", (s) => s.length), 0, "Glance's default UI is not loaded");
  await page.click('[data-gvk="terms-prompt"] [data-answer="accept"]');
  await page.waitForSelector(`${WIDGET}[data-state="waiting"]`, { timeout: 15000 });
  assert.match(svc.requests.find((r) => r.path.endsWith("/StartSession2")).body, /real-visitor-2/);
  assert.deepEqual(problems, []);
  await ctx.context.close();
});

test("agent requests over the socket are answered once each; video scripts from video/source/js/ with a <video> preview; the agent ends the session with a prompt open", { skip }, async () => {
  const ctx = await glanceContext();
  const { page, svc, problems, events } = ctx;
  const scripts = [];
  page.on("request", (r) => { if (/browserCap|GlanceVideoSource/.test(r.url())) scripts.push(new URL(r.url()).pathname); });
  await openDemo(ctx);
  await startWithKit(ctx);
  // Remote control.
  await request(ctx, { rcrequest: true, priv: "CBGUESTRC" }, "rc-prompt");
  await page.click('[data-gvk="rc-prompt"] [data-answer="accept"]');
  await answerSent(svc, { rcrequest: "accepted" });
  // Add guest (127.0.0.1 is a secure context: crypto.randomUUID is there).
  await request(ctx, { addguestrequest: {}, agentnum: 1, priv: "INVITEGUEST" }, "guest-prompt");
  await page.click('[data-gvk="guest-prompt"] [data-answer="decline"]');
  await answerSent(svc, { addguestrequest: { status: "declined", agentnum: 1, token: "" }, "private-for": 1 });
  // Visitor screen share (before any visitor video, so the kit loads Glance's video scripts, from
  // where Glance's own code looks: the core never loads them on this path).
  await request(ctx, { requestvisitorscreenshare: 1, screensharesurfaces: "monitor,window,browser" }, "screenshare-prompt");
  assert.ok(scripts.some((s) => s === `/${V33}/video/source/js/browserCap_6.33.0M.js`), scripts.join(", "));
  assert.ok(scripts.some((s) => s === `/${V33}/video/source/js/GlanceVideoSource_6.33.0M.js`), scripts.join(", "));
  assert.equal(await page.$eval("#glance_visitor_screensharepreview", (v) => v.tagName), "VIDEO");
  await page.click('[data-gvk="screenshare-prompt"] [data-answer="decline"]');
  await answerSent(svc, { visitorscreenshare: "stopped" });
  // Visitor video, with Chromium's fake camera: accept with the settings Glance needs.
  await request(ctx, { requestvisitorvideo: 1 }, "video-prompt");
  await page.waitForFunction(() => !document.querySelector('[data-gvk="video-prompt"] [data-answer="accept"]').disabled);
  await page.click('[data-gvk="video-prompt"] [data-answer="accept"]');
  await answerSent(svc, { visitorvideorequest: "accepted" });
  assert.equal(await page.$eval("#glance_videopreview", (v) => v.tagName), "VIDEO");
  // Glance draws the visitor's self-view (Chromium's fake camera) into the kit's <video>, from
  // the video scripts its core loaded from video/source/js/.
  await page.waitForFunction(() => document.getElementById("glance_videopreview").videoWidth > 0, null, { timeout: 10000 });
  assert.ok(scripts.includes(`/${V33}/video/source/js/GlanceVideoSource_6.33.0M.js`), scripts.join(", "));
  // Each answered exactly once, in the order given.
  assert.deepEqual(svcAnswers(svc), [
    { rcrequest: "accepted" },
    { addguestrequest: { status: "declined", agentnum: 1, token: "" }, "private-for": 1 },
    { visitorscreenshare: "stopped" },
    { visitorvideorequest: "accepted" },
  ]);
  // The agent ends the session while a prompt is open: the prompt closes, nothing is called on
  // the gone session, no error is shown.
  await request(ctx, { rcrequest: true, priv: "CBGUESTRC" }, "rc-prompt");
  const answersBefore = svcAnswers(svc).length;
  svc.send({ mtype: "close", data: { reason: "agentended" } });
  await page.waitForSelector(`${WIDGET}[data-state="ended"]`);
  await page.waitForSelector('[data-gvk="rc-prompt"][data-state="closed"]', { state: "attached" });
  await page.waitForTimeout(300);
  // (Glance's video source also reports that it could not reach its video server, which the fake
  // service does not stand in for: a `visitorvideoerror`, shown as Glance sent it.)
  const codes = await page.$$eval('[data-gvk="error-notice"] li', (l) => l.map((e) => e.dataset.code));
  assert.deepEqual(codes.filter((c) => c !== "visitorvideoerror"), [], "no answer error after the agent ended it");
  assert.equal(svcAnswers(svc).length, answersBefore, "nothing answered after the end");
  assert.ok(events.some(([n, p]) => n === "sessionend" && p && p.reason === "agent"));
  assert.deepEqual(problems, []);
  await ctx.context.close();
});

test("a full reload in the middle of a session: the session goes on (sessioncontinue), the widget comes back without a click", { skip }, async () => {
  const ctx = await glanceContext();
  const { page, svc, problems } = ctx;
  await openDemo(ctx);
  await startWithKit(ctx);
  const sockets = svc.sockets.length;
  ctx.events.length = 0;
  await page.reload();
  await page.waitForSelector('[data-gvk="visitor-ui"]', { state: "attached" });
  await page.waitForFunction(() => window.GLANCE && GLANCE.Cobrowse && GLANCE.Cobrowse.Visitor);
  await page.waitForSelector(`${WIDGET}:is([data-state="waiting"], [data-state="viewing"])`, { timeout: 15000 });
  for (let i = 0; i < 100 && svc.sockets.length === sockets; i++) await page.waitForTimeout(50);
  assert.ok(svc.sockets.length > sockets, "the core opened its socket again");
  svc.send(fake("fake-ws-SU.json"));
  await page.waitForSelector(`${WIDGET}[data-state="viewing"]`);
  assert.equal(await page.$$eval('[data-gvk="terms-prompt"][data-state="open"]', (d) => d.length), 0, "no click, no terms");
  assert.equal(await page.$$eval("script#glance_visitor", (s) => s.length), 1, "Glance's loader loaded its core itself");
  assert.equal(svc.requests.filter((r) => r.path.endsWith("/StartSession2")).length, 1, "the same session, not a new one");
  assert.deepEqual(problems, []);
  await ctx.context.close();
});

test("masking over the wire: a masked card number goes out as asterisks, the role callback follows the agents' roles, a reload keeps it masked", { skip }, async () => {
  const ctx = await glanceContext();
  const { page, svc, problems } = ctx;
  await openDemo(ctx);
  await startWithKit(ctx);
  // Glance asks for the descriptor again when its agent list changes (another guest id), not when
  // one agent's role does: the supervisor comes as another agent.
  const su = (guestid, role) => JSON.stringify({ mtype: "SU", data: { state: { agents: { count: 1,
    agentlist: [{ guestid, name: `Agent ${guestid}`, role: "agent", agentrole: role }] } } }, messages: [] });
  svc.send(su(1, "agent"));
  await page.waitForTimeout(300);
  // Real key events: Glance notices typed values only through them.
  const type = async (sel, text) => { await page.click(sel); await page.keyboard.type(text, { delay: 10 }); };
  await type("#demo-name", "Ann Visitor");
  await type("#demo-card-number", "4111222233334444");
  await type("#demo-notes", "leave it at the door");
  const sent = () => svc.sent.join("\n");
  for (let i = 0; i < 100 && !sent().includes("Ann Visitor"); i++) await page.waitForTimeout(50);
  assert.ok(sent().includes("Ann Visitor"), "an unmasked field goes out as typed");
  for (let i = 0; i < 100 && !sent().includes("*".repeat(16)); i++) await page.waitForTimeout(50);
  assert.ok(sent().includes("*".repeat(16)), "the masked card number goes out as 16 asterisks");
  assert.ok(!sent().includes("4111222233334444") && !sent().includes("41112222"), "never the digits");
  assert.ok(!sent().includes("leave it at the door"), "the packer's note is masked for an agent");
  // A supervisor now: the role callback unmasks the note (Glance asks again when the agents change).
  svc.send(su(2, "supervisor"));
  await page.waitForTimeout(500);
  await type("#demo-notes", ", please");
  for (let i = 0; i < 100 && !sent().includes("leave it at the door, please"); i++) await page.waitForTimeout(50);
  assert.ok(sent().includes("leave it at the door, please"), "a supervisor sees the note");
  // A full reload in the middle of the session: masked again from the new page's first ask, before
  // the app has hydrated.
  const before = svc.sent.length;
  await page.reload();
  await page.waitForSelector(`${WIDGET}:is([data-state="waiting"], [data-state="viewing"])`, { timeout: 15000 });
  await type("#demo-card-number", "5555666677778888");
  for (let i = 0; i < 100 && !svc.sent.slice(before).join("\n").includes("*".repeat(16)); i++) await page.waitForTimeout(50);
  const after = svc.sent.slice(before).join("\n");
  assert.ok(after.includes("*".repeat(16)), "masked on the new page");
  assert.ok(!after.includes("55556666"), "never the digits on the new page");
  assert.deepEqual(problems, []);
  await ctx.context.close();
});

test("the split build on Glance's real loader and core: a page view loads no chunk; Start brings the kit and a session; a request is answered once; a reload mid-session brings the kit back by itself", { skip: skip || (!existsSync(join(SPLIT, "index.html")) && "target/split/minimal is not built (scripts/split-build.sh)") }, async () => {
  const ctx = await glanceContext({ site: splitBase, visitorId: "real-visitor-split" });
  const { page, svc, problems } = ctx;
  const chunks = [];
  page.on("request", (r) => { if (/\/split_[^/]*\.wasm$/.test(r.url())) chunks.push(r.url()); });
  await page.goto(splitBase);
  await page.waitForSelector('[data-gvk="visitor-gate"]', { state: "attached" });
  await page.waitForFunction(() => window.GLANCE && GLANCE.Cobrowse && GLANCE.Cobrowse.Visitor);
  await page.waitForTimeout(500);
  assert.deepEqual(chunks, [], "a page view fetches no chunk");
  assert.equal(await page.$$eval("script#glance_visitor", (s) => s.length), 0, "nor Glance's core");
  await page.click('[data-gvk="visitor-gate"] [data-action="start"]');
  await page.waitForSelector('[data-gvk="terms-prompt"][data-state="open"]');
  assert.equal(chunks.length, 1);
  await page.click('[data-gvk="terms-prompt"] [data-answer="accept"]');
  await page.waitForSelector(`${WIDGET}[data-state="waiting"]`, { timeout: 15000 });
  assert.match(svc.requests.find((r) => r.path.endsWith("/StartSession2")).body, /real-visitor-split/);
  await sentUntil(svc, (s) => s.length > 0, "anything on its socket");
  svc.send(fake("fake-ws-SU.json"));
  await page.waitForSelector(`${WIDGET}[data-state="viewing"]`);
  await request(ctx, { rcrequest: true, priv: "CBGUESTRC" }, "rc-prompt");
  await page.click('[data-gvk="rc-prompt"] [data-answer="accept"]');
  await answerSent(svc, { rcrequest: "accepted" });
  assert.deepEqual(svcAnswers(svc), [{ rcrequest: "accepted" }]);
  // A reload: inSession() at page load brings the kit at once, and the session goes on.
  const sockets = svc.sockets.length;
  chunks.length = 0;
  await page.reload();
  await page.waitForSelector(`${WIDGET}:is([data-state="waiting"], [data-state="viewing"])`, { timeout: 15000 });
  assert.equal(chunks.length, 1, "the chunk came with the session");
  for (let i = 0; i < 100 && svc.sockets.length === sockets; i++) await page.waitForTimeout(50);
  svc.send(fake("fake-ws-SU.json"));
  await page.waitForSelector(`${WIDGET}[data-state="viewing"]`);
  await request(ctx, { rcrequest: true, priv: "CBGUESTRC" }, "rc-prompt");
  await page.click('[data-gvk="rc-prompt"] [data-answer="decline"]');
  await answerSent(svc, { rcrequest: "declined" });
  assert.equal(svc.requests.filter((r) => r.path.endsWith("/StartSession2")).length, 1, "the same session");
  assert.equal(await page.$$eval("script#glance_visitorui", (s) => s.length), 0, "Glance's default UI never loaded");
  assert.deepEqual(problems, []);
  await ctx.context.close();
});

test("Glance 6.1.1's shipped scripts: the video scripts come from cobrowse/js/, the kit's fallback for versions up to 6.1.1", { skip: skip || (!existsSync(join(TREE, V11, "cobrowse/js/GlanceCobrowseLoader_6.1.1M.js")) && `no ${V11} under GLANCE_TREE`) }, async () => {
  const ctx = await glanceContext({ version: "6.1.1" });
  const { page, problems } = ctx;
  const scripts = [];
  page.on("response", (r) => { if (/browserCap|GlanceVideoSource/.test(r.url())) scripts.push([new URL(r.url()).pathname, r.status()]); });
  await openDemo(ctx);
  assert.match(await page.evaluate(() => GLANCE.VERSION), /^6\.1\.1/);
  // A visitor screen-share request, handed to the kit's listener as Glance's dispatcher would.
  await page.evaluate(() => {
    window.ss = { accept: 0, decline: 0 };
    const ls = GLANCE.Cobrowse.Loader._eventListeners.listeners.visitorscreensharerequested;
    for (const f of ls) f({ accept: () => window.ss.accept++, decline: () => window.ss.decline++ });
  });
  await page.waitForSelector('[data-gvk="screenshare-prompt"][data-state="open"]', { timeout: 15000 });
  assert.deepEqual(scripts, [
    [`/${V11}/video/source/js/browserCap_6.1.1M.js`, 404],
    [`/${V11}/cobrowse/js/browserCap_6.1.1M.js`, 200],
    [`/${V11}/cobrowse/js/GlanceVideoSource_6.1.1M.js`, 200],
  ]);
  assert.equal(await page.evaluate(() => typeof GLANCE.Video.GlanceVideoSource), "function");
  await page.click('[data-gvk="screenshare-prompt"] [data-answer="decline"]');
  assert.deepEqual(await page.evaluate(() => window.ss), { accept: 0, decline: 1 });
  assert.deepEqual(problems, []);
  await ctx.context.close();
});
