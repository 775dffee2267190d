// The kit against Glance's real shipped 6.33.0 loader and core in the engine GVK_ENGINE (Chromium,
// Firefox, WebKit), through WebDriver. Glance's service is faked by one loopback HTTPS + WSS server
// (e2e/fake-glance.mjs): the page, Glance's files from GLANCE_TREE, the service's JSON answers and the
// session socket. Optional, like e2e/real-glance.mjs (the Chromium layer with Playwright's routing,
// which covers more): run by `GLANCE_TREE=<folder> bash scripts/real-glance.sh`; without GLANCE_TREE
// it says it skipped.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { ENGINE, launch, root, shotPath, glanceAnswers } from "./lib.mjs";
import { startFakeGlance, glanceMissing } from "./fake-glance.mjs";

const TREE = process.env.GLANCE_TREE || "";
const skip = glanceMissing(TREE);
let PORT, svc, close, browser;
const fake = (n) => svc.fake(n);

before(async () => {
  if (skip) return;
  ({ port: PORT, svc, close } = await startFakeGlance({ dist: join(root, "dist"), tree: TREE }));
  browser = await launch({ media: "fake", insecureCerts: true });
});

after(async () => {
  await browser?.close();
  close?.();
});

/** The visitor's answers the core sent on its socket. */
const answers = () => glanceAnswers(svc.sent);
const until = async (f, what, ms = 15000) => {
  for (let i = 0; i < ms / 50; i++) {
    if (await f()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`${ENGINE}: waited in vain for ${what}; the core's answers: ${JSON.stringify(answers())}`);
};
const WIDGET = '[data-gvk="session-widget"]';

test(`${ENGINE}: the kit's Start on a loader-only page reaches a session on Glance's real core; every request answered once; the agent ends it with a prompt open`, { skip }, async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`https://127.0.0.1:${PORT}/?source=glance`);
  await page.waitForSelector('[data-gvk="visitor-ui"]', { state: "attached" });
  await until(() => page.evaluate(() => !!(window.GLANCE && GLANCE.Cobrowse && GLANCE.Cobrowse.Visitor)), "window.GLANCE");
  assert.equal(await page.evaluate(() => document.querySelectorAll("script#glance_visitor").length), 0, "a page view without a session: no core");
  // Start, terms, Accept: Glance's loader loads its core, which starts the session.
  await page.click('[data-gvk="start-session"] [data-action="start"]');
  await page.waitForSelector('[data-gvk="terms-prompt"][data-state="open"]');
  await page.click('[data-gvk="terms-prompt"] [data-answer="accept"]');
  await page.waitForSelector(`${WIDGET}[data-state="waiting"]`, { timeout: 20000 });
  const start = svc.requests.find((r) => r.path.endsWith("/StartSession2"));
  assert.ok(start && /real-visitor-1/.test(start.body + start.query), "StartSession2 carries the page's data-visitorid");
  await until(() => svc.sent.length > 0, "the session socket");
  svc.send(fake("fake-ws-SU.json"));
  await page.waitForSelector(`${WIDGET}[data-state="viewing"]`);
  assert.equal(await page.textContent(`${WIDGET} [data-gvk-line]`), "1 agent viewing");
  // Requests over the socket: by mouse, by Escape, a screen share declined, a video accepted.
  svc.send({ mtype: "MS", data: { rcrequest: true, priv: "CBGUESTRC" } });
  await page.waitForSelector('[data-gvk="rc-prompt"][data-state="open"]');
  await page.click('[data-gvk="rc-prompt"] [data-answer="accept"]');
  await until(() => answers().some((a) => a.rcrequest === "accepted"), "rcrequest accepted");
  svc.send({ mtype: "MS", data: { addguestrequest: {}, agentnum: 1, priv: "INVITEGUEST" } });
  await page.waitForSelector('[data-gvk="guest-prompt"][data-state="open"]');
  await page.keyboard.press("Escape");
  await until(() => answers().some((a) => a.addguestrequest && a.addguestrequest.status === "declined"), "add guest declined");
  svc.send({ mtype: "MS", data: { requestvisitorscreenshare: 1, screensharesurfaces: "monitor,window,browser" } });
  await page.waitForSelector('[data-gvk="screenshare-prompt"][data-state="open"]', { timeout: 20000 });
  await page.click('[data-gvk="screenshare-prompt"] [data-answer="decline"]');
  await until(() => answers().some((a) => a.visitorscreenshare === "stopped"), "screen share stopped");
  svc.send({ mtype: "MS", data: { requestvisitorvideo: 1 } });
  await page.waitForSelector('[data-gvk="video-prompt"][data-state="open"]');
  await until(() => page.evaluate(() => !document.querySelector('[data-gvk="video-prompt"] [data-answer="accept"]').disabled), "the camera preview", 10000);
  await page.click('[data-gvk="video-prompt"] [data-answer="accept"]');
  await until(() => answers().some((a) => a.visitorvideorequest === "accepted"), "visitor video accepted");
  // Glance draws the engine's fake camera into the kit's <video muted playsinline>.
  await until(() => page.evaluate(() => document.getElementById("glance_videopreview").videoWidth > 0), "Glance's self-view", 10000);
  await page.screenshot({ path: shotPath("real-glance-session") });
  assert.deepEqual(answers(), [
    { rcrequest: "accepted" },
    { addguestrequest: { status: "declined", agentnum: 1, token: "" }, "private-for": 1 },
    { visitorscreenshare: "stopped" },
    { visitorvideorequest: "accepted" },
  ]);
  // The agent ends the session with a prompt open: it closes, nothing is answered after the end.
  svc.send({ mtype: "MS", data: { rcrequest: true, priv: "CBGUESTRC" } });
  await page.waitForSelector('[data-gvk="rc-prompt"][data-state="open"]');
  svc.send({ mtype: "close", data: { reason: "agentended" } });
  await page.waitForSelector(`${WIDGET}[data-state="ended"]`);
  await page.waitForSelector('[data-gvk="rc-prompt"][data-state="closed"]', { state: "attached" });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(answers().length, 4, "nothing answered after the end");
  // (Glance's video source cannot reach a video server the fake does not stand in for.)
  const codes = await page.$$eval('[data-gvk="error-notice"] li', (l) => l.map((e) => e.dataset.code));
  assert.deepEqual(codes.filter((c) => c !== "visitorvideoerror"), [], "no answer error after the agent ended it");
  await page.close();
});
