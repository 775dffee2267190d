// End-to-end: a chat window drives the visitor's session across two real loopback origins
// (http://localhost:P and http://127.0.0.1:P are different origins on one server). The demo's chat
// view embeds the visitor page and uses the kit's chat-side API; raw postMessage calls from the chat
// origin cover the cases its buttons do not send.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { launch, startServer, root, shotPath } from "./lib.mjs";

let srv, browser, A, B;

before(async () => {
  // One server, two origins: 127.0.0.1 and localhost (the server answers on ::1 too).
  srv = await startServer({ dir: join(root, "dist") });
  A = srv.origin("127.0.0.1");
  B = srv.origin("localhost");
  browser = await launch();
});

after(async () => {
  await browser?.close();
  srv?.close();
});

// Every frame records its errors (an exception in any message listener lands here).
const recordErrors = () => {
  window.gvkErrors = [];
  window.addEventListener("error", (e) => window.gvkErrors.push(String(e.message)));
  window.addEventListener("unhandledrejection", (e) => window.gvkErrors.push(String(e.reason)));
};

/** Opens the chat view at `chatOrigin` embedding the visitor page at `visitorUrl`. */
async function openChat(chatOrigin, visitorUrl, extra = "") {
  srv.reset();
  srv.init(recordErrors);
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  await page.goto(`${chatOrigin}/?view=chat&visitor=${encodeURIComponent(visitorUrl)}${extra}`);
  await page.waitForSelector('[data-invoke="chat"]');
  const visitorOrigin = new URL(visitorUrl).origin;
  const frame = page.frame("#demo-visitor-frame");
  await frame.waitForFunction((o) => location.origin === o, visitorOrigin);
  await frame.waitForSelector('[data-invoke="log"]');
  await frame.waitForSelector('[data-gvk="start-session"][data-state="idle"]');
  return { page, frame, visitorOrigin };
}

const chat = (page, name) => page.click(`[data-chat="${name}"]`);
const logItems = (frame, kind) => frame.$$eval(`[data-invoke="log"] li[data-kind="${kind}"]`, (ls) => ls.map((l) => l.dataset.code));
const terms = (frame) => frame.getAttribute('[data-gvk="start-session"]', "data-state");
// The kit's session UI (the session indicator, or the session widget that replaces it) in a state
// that means "in a session" / "running".
const IN_SESSION = [
  ...["starting", "active", "paused"].map((s) => `[data-gvk="session-indicator"][data-state="${s}"]`),
  ...["starting", "waiting", "viewing", "controlling", "paused", "reconnecting"].map((s) => `[data-gvk="session-widget"][data-state="${s}"]`),
].join(", ");
const RUNNING = [
  '[data-gvk="session-indicator"][data-state="active"]',
  '[data-gvk="session-widget"][data-state="waiting"]',
  '[data-gvk="session-widget"][data-state="viewing"]',
].join(", ");
const sessionActive = (frame) => frame.$(IN_SESSION).then((e) => e !== null);

/** Posts a raw message from the chat window (main frame) to the visitor frame. */
const postRaw = (page, data, targetOrigin) =>
  page.evaluate(
    ([d, o]) => document.getElementById("demo-visitor-frame").contentWindow.postMessage(d, o),
    [data, targetOrigin],
  );

async function waitForCount(frame, kind, n) {
  await frame.waitForFunction(
    ([k, n]) => document.querySelectorAll(`[data-invoke="log"] li[data-kind="${k}"]`).length >= n,
    [kind, n],
  );
  // Nothing more arrives after a short wait (each message is reported once).
  await frame.waitForTimeout(100);
  assert.equal((await logItems(frame, kind)).length, n, `${kind} count`);
}

async function errorsOf(page, frame) {
  return [...(await page.evaluate(() => window.gvkErrors)), ...(await frame.evaluate(() => window.gvkErrors))];
}

test("a trusted chat origin offers, starts and stops; bad messages from it change nothing and are reported", async () => {
  // The visitor page on 127.0.0.1 trusts the chat window's origin, localhost (same port).
  const { page, frame, visitorOrigin } = await openChat(B, `${A}/?trusted=${B}`);
  assert.equal(visitorOrigin, A);
  assert.equal(await frame.textContent('[data-invoke="group"]'), "72937");

  // Offer: the kit's terms prompt opens in the visitor's window.
  await chat(page, "terms");
  await frame.waitForSelector('[data-gvk="start-session"][data-state="terms"]');
  await frame.waitForSelector('[data-gvk="terms-prompt"] [data-answer="accept"]', { state: "visible" });
  assert.deepEqual(await logItems(frame, "invoked"), ["showTerms"]);
  await page.screenshot({ path: shotPath("invoke-terms") });
  await frame.click('[data-gvk="terms-prompt"] [data-answer="decline"]');
  await frame.waitForSelector('[data-gvk="start-session"][data-state="idle"]');

  // Start with the chat's key, then stop.
  await chat(page, "start");
  await frame.waitForSelector(RUNNING);
  const keys = await frame.$$eval("[data-gvk-key]", (els) => els.map((e) => e.textContent.trim()));
  assert.ok(keys.includes("4321"), `the session key shown: ${JSON.stringify(keys)}`);
  await chat(page, "stop");
  await frame.waitForFunction((sel) => !document.querySelector(sel), IN_SESSION);
  assert.deepEqual(await logItems(frame, "invoked"), ["showTerms", "startSession", "stopSession"]);

  // The demo's forbidden button (enableRC), then each bad shape from the trusted origin.
  await chat(page, "forbidden");
  await waitForCount(frame, "rejected", 1);
  const cases = [
    [{ glance_invoke: { func: "showTerms", args: { sessionKey: "1" }, groupid: "1111" } }, "INVOKE_WRONG_GRP"],
    [{ glance_invoke: { func: "startSession", args: { sessionKey: "1", groupid: "1111" }, groupid: "72937" } }, "INVOKE_GRP_ARG_CONFLICT"],
    [{ glance_invoke: { func: "constructor", args: {}, groupid: "72937" } }, "INVOKE_FUNC_NOT_ALLOWED"],
    [{ glance_invoke: { func: "__proto__", args: {}, groupid: "72937" } }, "INVOKE_FUNC_NOT_ALLOWED"],
    [{ glance_invoke: { func: "addEventListener", args: {}, groupid: "72937" } }, "INVOKE_FUNC_NOT_ALLOWED"],
    [{ glance_invoke: "startSession" }, "INVOKE_MALFORMED"],
    [{ glance_invoke: null }, "INVOKE_MALFORMED"],
    [{ glance_invoke: ["startSession"] }, "INVOKE_MALFORMED"],
    [{ glance_invoke: { groupid: "72937" } }, "INVOKE_MALFORMED"],
    [{ glance_invoke: { func: "startSession", args: "9999", groupid: "72937" } }, "INVOKE_MALFORMED"],
  ];
  let n = 1;
  for (const [data, code] of cases) {
    await postRaw(page, data, A);
    n += 1;
    await waitForCount(frame, "rejected", n);
    const codes = await logItems(frame, "rejected");
    assert.equal(codes[codes.length - 1], code, JSON.stringify(data));
    assert.equal(await terms(frame), "idle", `${JSON.stringify(data)}: no terms prompt`);
    assert.equal(await sessionActive(frame), false, `${JSON.stringify(data)}: no session`);
  }
  assert.equal((await logItems(frame, "rejected"))[0], "INVOKE_FUNC_NOT_ALLOWED", "enableRC refused");

  // Messages that are not glance_invoke at all: ignored, not reported.
  for (const data of ["startSession", 42, null, [1, 2], { type: "webpackOk" }, { glance_invoke_x: 1 }]) {
    await postRaw(page, data, A);
  }
  await frame.waitForTimeout(200);
  assert.equal((await logItems(frame, "rejected")).length, n, "other messages are not reported");
  assert.deepEqual(await logItems(frame, "invoked"), ["showTerms", "startSession", "stopSession"]);
  await page.screenshot({ path: shotPath("invoke-rejected") });

  assert.deepEqual(await errorsOf(page, frame), [], "no error in either window");
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("the same messages from an untrusted origin change nothing and are reported", async () => {
  // The visitor page on localhost trusts only its own origin; the chat is on 127.0.0.1.
  const { page, frame } = await openChat(A, `${B}/`);
  const expected = [];
  for (const name of ["terms", "start", "start-random", "stop", "forbidden"]) {
    await chat(page, name);
    expected.push("UNTRUSTED_INVOKE");
    await waitForCount(frame, "rejected", expected.length);
    assert.equal(await page.getAttribute('[data-chat="status"]', "role"), "status");
  }
  assert.deepEqual(await logItems(frame, "rejected"), expected);
  assert.deepEqual(await logItems(frame, "invoked"), []);
  assert.equal(await terms(frame), "idle");
  assert.equal(await sessionActive(frame), false);
  // The chat-side share button sends the same offer: refused too.
  await page.click('[data-gvk="share-screen"] [data-action="share"]');
  await waitForCount(frame, "rejected", expected.length + 1);
  assert.equal(await page.getAttribute('[data-gvk="share-screen"]', "data-state"), "sent");
  assert.equal(await terms(frame), "idle");
  assert.deepEqual(await errorsOf(page, frame), [], "no error in either window");
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("a chat with the wrong group is refused, and ?group sets the visitor's group", async () => {
  const { page, frame } = await openChat(B, `${A}/?trusted=${B}&group=4242`, "&group=72937");
  assert.equal(await frame.textContent('[data-invoke="group"]'), "4242");
  await chat(page, "terms");
  await waitForCount(frame, "rejected", 1);
  assert.deepEqual(await logItems(frame, "rejected"), ["INVOKE_WRONG_GRP"]);
  assert.equal(await terms(frame), "idle");
  assert.deepEqual(await srv.problems(), []);
  await page.close();
  // The same chat with the visitor's group is obeyed.
  const second = await openChat(B, `${A}/?trusted=${B}&group=4242`, "&group=4242");
  await chat(second.page, "terms");
  await second.frame.waitForSelector('[data-gvk="start-session"][data-state="terms"]');
  assert.deepEqual(await errorsOf(second.page, second.frame), []);
  assert.deepEqual(await srv.problems(), []);
  await second.page.close();
});
