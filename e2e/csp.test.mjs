// The kit under a strict Content-Security-Policy: scripts only from the page's origin or with the
// page's nonce, styles only from the page's origin or with the nonce (no 'unsafe-inline' for either).
// The release demo is served with such a policy (its own inline scripts carry the nonce, as a host's
// would), and the kit gets the nonce through VisitorOptions::nonce and GlanceOptions::nonce
// (`?nonce=`): Glance's tag and video scripts come from another origin (a stand-in window.GLANCE
// served as Glance's loader), so only the nonce lets them run. A whole session runs with no
// violation; the same page without the nonce shows that the policy really is enforced.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launch, startServer, root, standIn } from "./lib.mjs";

const NONCE = "gvk-e2e-nonce-7f3a";
const POLICY = `script-src 'self' 'nonce-${NONCE}' 'wasm-unsafe-eval'; style-src 'self' 'nonce-${NONCE}'; object-src 'none'`;

let srv, base, browser;

before(async () => {
  srv = await startServer({ dir: join(root, "dist") });
  base = srv.base;
  browser = await launch();
});

after(async () => {
  await browser?.close();
  srv?.close();
});

/** The demo's page with the policy, its own scripts carrying the nonce; Glance served from `other`. */
async function open(withNonce) {
  srv.reset();
  srv.init(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const other = srv.origin("localhost");
  const index = readFileSync(join(root, "dist", "index.html"), "utf8").replace(/<script(?=[\s>])/g, `<script nonce="${NONCE}"`);
  srv.route(new RegExp(`^${base.replace(/[.]/g, "\\.")}(\\?.*)?$`), () =>
    ({ status: 200, contentType: "text/html", headers: { "Content-Security-Policy": POLICY }, body: index }),
  );
  // Glance's loader (the stand-in), and its video scripts, from the other origin.
  srv.route(`${other}/cobrowse/js/GlanceCobrowseLoader_6.33.0M.js`, () =>
    ({ status: 200, contentType: "text/javascript", body: `${standIn}\nwindow.gvkStandIn.install({});` }),
  );
  srv.route(`${other}/video/source/js/**`, ({ url }) => {
    const body = url.includes("browserCap") ? "window.__cap = 1;" : "window.GLANCE.Video = { afterCap: window.__cap === 1 };";
    return { status: 200, contentType: "text/javascript", body };
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const query = `?source=glance&group=72937&src=${encodeURIComponent(`${other}/cobrowse/js/GlanceCobrowseLoader_6.33.0M.js`)}` +
    (withNonce ? `&nonce=${NONCE}` : "");
  await page.goto(base + query);
  await page.waitForSelector('[data-gvk="visitor-ui"]', { state: "attached" });
  return { page };
}

test("a whole session under a strict Content-Security-Policy, the nonce on what the kit inserts: no violation", async () => {
  const { page } = await open(true);
  await page.waitForFunction(() => window.gvkStandIn?.current?.listenerCount("rcrequested") === 1, null, { timeout: 15000 });
  // The kit's own style and Glance's tag carry the nonce.
  assert.equal(await page.$eval("#gvk-style", (s) => s.nonce), NONCE);
  assert.equal(await page.$eval("#glance-cobrowse", (s) => s.nonce), NONCE);
  assert.equal(await page.$eval(".gvk-button--primary", (b) => getComputedStyle(b).cursor), "pointer", "the kit's CSS applies");
  const fire = (name, payload) => page.evaluate(([n, p]) => window.gvkStandIn.current.fire(n, p), [name, payload ?? null]);
  await page.click('[data-gvk="start-session"] [data-action="start"]');
  await page.click('[data-gvk="terms-prompt"] [data-answer="accept"]');
  assert.equal(await page.evaluate(() => window.gvkStandIn.current.calls.startSession.length), 1);
  await fire("sessionstarting");
  await fire("sessionstart");
  await fire("agents", { count: 1, agentlist: [{ name: "Ann", agentrole: "agent" }] });
  await page.waitForSelector('[data-gvk="session-widget"][data-state="viewing"]');
  // Masking's hint rules (written by gvk-masking.js when Glance asks) carry the nonce too.
  await page.evaluate(() => window.GLANCE_COBROWSE.getMaskingDescriptor({ agents: null }));
  assert.equal(await page.$eval("#gvk-masking-hint", (s) => s.nonce), NONCE);
  // A request, and a visitor screen share: Glance's video scripts load with the nonce.
  await page.evaluate(() => {
    window.answers = [];
    const g = window.gvkStandIn.current;
    g.fire("rcrequested", { accept: () => window.answers.push("rc"), decline: () => window.answers.push("rc-no") });
  });
  await page.click('[data-gvk="rc-prompt"] [data-answer="accept"]');
  await page.evaluate(() => {
    window.gvkStandIn.current.fire("visitorscreensharerequested", {
      accept: () => window.answers.push("share"), decline: () => window.answers.push("share-no"),
    });
  });
  await page.waitForSelector('[data-gvk="screenshare-prompt"][data-state="open"]');
  assert.deepEqual(await page.$$eval("script[data-gvk-video]", (s) => s.map((e) => e.nonce === "gvk-e2e-nonce-7f3a")), [true, true]);
  assert.deepEqual(await page.evaluate(() => window.GLANCE.Video), { afterCap: true });
  await page.click('[data-gvk="screenshare-prompt"] [data-answer="accept"]');
  await fire("sessionend", { reason: "agent" });
  await page.waitForSelector('[data-gvk="session-widget"][data-state="ended"]');
  assert.deepEqual(await page.evaluate(() => window.answers), ["rc", "share"]);
  assert.deepEqual(await page.evaluate(() => window.__csp), [], "no Content-Security-Policy violation");
  assert.deepEqual(await srv.problems(), []);
  await page.close();
});

test("the same page without the nonce: the policy blocks Glance's tag and the kit's style (the policy is real)", async () => {
  const { page } = await open(false);
  await page.waitForFunction(() => window.__csp.length >= 2, null, { timeout: 15000 });
  const violations = await page.evaluate(() => window.__csp);
  assert.ok(violations.some((v) => v.startsWith("script-src") && v.includes("GlanceCobrowseLoader")), violations.join("; "));
  assert.ok(violations.some((v) => v.startsWith("style-src")), violations.join("; "));
  assert.equal(await page.evaluate(() => typeof window.gvkStandIn), "undefined", "Glance's script did not run");
  await page.close();
});
