// End-to-end tests of themes and languages: the check page (examples/theme-check, built here with
// trunk into target/theme-check by scripts/test.sh) served with a strict style Content-Security-Policy,
// in the engine GVK_ENGINE names. axe-core must find no violation with a prompt open in light, dark,
// high contrast, forced colours and right to left, at 1440 and 360 px. WebKit has no forced colours
// (no `forced-colors` media, nothing to emulate it): those checks are skipped there and say so.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ENGINE, root, launch, startServer, axeViolations } from "./lib.mjs";

const dist = join(root, "target", "theme-check");

// No inline styles: the kit's CSS must arrive by the linked file, and nothing may set a style
// attribute through markup (the CSS object model is allowed, as CSP allows it).
const CSP =
  "default-src 'self'; style-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; img-src 'self' data:";

/** Why a check cannot run in this engine, or false. */
const NO_FORCED_COLOURS = ENGINE === "webkit" && "WebKit has no forced colours: no forced-colors media to emulate";

let srv, base;
// One browser per launch-time preference set (WebKitGTK takes dark and reduced motion from GTK at
// launch; the other engines emulate them per page, so they use one browser).
const browsers = new Map();

before(async () => {
  assert.ok(existsSync(join(dist, "index.html")), `${dist} is built by scripts/test.sh (trunk build examples/theme-check/index.html)`);
  srv = await startServer({ dir: dist });
  srv.headers["Content-Security-Policy"] = CSP;
  base = srv.base;
});

after(async () => {
  for (const b of browsers.values()) await b.close();
  srv?.close();
});

async function browserFor(media) {
  const prefers = ENGINE === "webkit" ? { colorScheme: media.colorScheme, reducedMotion: media.reducedMotion } : {};
  const key = JSON.stringify(prefers);
  if (!browsers.has(key)) browsers.set(key, await launch({ prefers }));
  return browsers.get(key);
}

const WIDTHS = [
  { width: 1440, height: 900 },
  { width: 360, height: 740 },
];

async function open(query, { viewport = WIDTHS[0], media = {} } = {}) {
  srv.reset();
  srv.headers["Content-Security-Policy"] = CSP;
  srv.init(() => {
    window.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__csp.push(`${e.violatedDirective} ${e.sample}`));
  });
  const page = await (await browserFor(media)).newPage({ viewport });
  const full = { colorScheme: "light", forcedColors: "none", reducedMotion: "no-preference", ...media };
  assert.ok(await page.emulateMedia(full), `${ENGINE} emulates ${JSON.stringify(full)}`);
  await page.goto(base + query);
  await page.waitForSelector('[data-gvk="visitor-ui"]', { state: "attached" });
  await page.waitForSelector('[data-gvk="start-session"][data-state="in-session"]', { state: "attached" });
  return { page };
}

const openPrompt = (page) => page.waitForSelector('[data-gvk="rc-prompt"][data-state="open"]');
const css = (page, sel, prop) => page.$eval(sel, (e, p) => getComputedStyle(e).getPropertyValue(p).trim(), prop);
const PROMPT = '[data-gvk="rc-prompt"]';
const WIDGET = '[data-gvk="visitor-ui"] .gvk-widget';

async function axe(page, label) {
  assert.deepEqual(await axeViolations(page), [], `axe violations (${label})`);
}

async function clean(page) {
  assert.deepEqual(await page.evaluate(() => window.__csp), [], "no Content-Security-Policy violation");
  assert.deepEqual(await srv.problems(), []);
}

// Each state: the query, the media to emulate, and what the prompt must look like.
const STATES = [
  { name: "light", query: "?prompt=1", bg: "rgb(255, 255, 255)", fg: "rgb(27, 31, 36)" },
  { name: "dark (system)", query: "?prompt=1", media: { colorScheme: "dark" }, bg: "rgb(22, 25, 29)", fg: "rgb(230, 237, 243)" },
  { name: "dark (option)", query: "?prompt=1&theme=dark", bg: "rgb(22, 25, 29)", fg: "rgb(230, 237, 243)" },
  { name: "high contrast (option)", query: "?prompt=1&contrast=1", bg: "rgb(255, 255, 255)", fg: "rgb(0, 0, 0)" },
  { name: "high contrast, dark", query: "?prompt=1&contrast=1", media: { colorScheme: "dark" }, bg: "rgb(0, 0, 0)", fg: "rgb(255, 255, 255)" },
  { name: "accessibility event", query: "?prompt=1&a11y=1", bg: "rgb(255, 255, 255)", fg: "rgb(0, 0, 0)", cls: "gvk-accessible" },
  { name: "forced colours", query: "?prompt=1", media: { forcedColors: "active" }, border: "2px" },
  { name: "right to left", query: "?prompt=1&lang=ar", bg: "rgb(255, 255, 255)", fg: "rgb(27, 31, 36)", dir: "rtl" },
  { name: "right to left, dark", query: "?prompt=1&lang=ar&theme=dark", bg: "rgb(22, 25, 29)", fg: "rgb(230, 237, 243)", dir: "rtl" },
];

for (const viewport of WIDTHS) {
  test(`axe-core: no violations with a prompt open in every theme and in RTL at ${viewport.width} px`, async (t) => {
    for (const s of STATES) {
      if (s.media?.forcedColors && NO_FORCED_COLOURS) {
        t.diagnostic(`${s.name}: skipped (${NO_FORCED_COLOURS})`);
        continue;
      }
      const { page } = await open(s.query, { viewport, media: s.media });
      await openPrompt(page);
      const label = `${s.name}, ${viewport.width} px`;
      if (s.bg) assert.equal(await css(page, PROMPT, "background-color"), s.bg, label);
      if (s.fg) assert.equal(await css(page, PROMPT, "color"), s.fg, label);
      if (s.border) assert.equal(await css(page, `${PROMPT} [data-answer="decline"]`, "border-top-width"), s.border, label);
      if (s.cls) assert.ok(await page.$eval('[data-gvk="visitor-ui"]', (e, c) => e.classList.contains(c), s.cls), label);
      assert.equal(await page.getAttribute('[data-gvk="visitor-ui"]', "dir"), s.dir ?? "ltr", label);
      await axe(page, label);
      await clean(page);
      await page.close();
    }
  });
}

test("linked CSS under a strict CSP: nothing injected; theme and language switch live", async () => {
  const { page } = await open("");
  assert.equal(await page.$("style#gvk-style"), null, "the provider injected nothing");
  assert.equal(await page.$$eval("link[data-gvk-style]", (l) => l.length), 1);
  const ui = '[data-gvk="visitor-ui"]';
  const start = '[data-gvk="visitor-ui"] [data-action="end"]';
  assert.equal((await page.textContent(start)).trim(), "End session");
  await page.selectOption("#lang", "ar");
  await page.waitForSelector(`${ui}[dir="rtl"][lang="ar"]`);
  assert.equal((await page.textContent(start)).trim(), "إنهاء الجلسة");
  // Mirrored: the widget stack sits at the left.
  const box = await page.$eval(ui, (e) => e.getBoundingClientRect().toJSON());
  assert.ok(box.x < 100, `stack at the left in RTL (x = ${box.x})`);
  await page.selectOption("#lang", "de");
  await page.waitForSelector(`${ui}[dir="ltr"][lang="de"]`);
  assert.equal((await page.textContent(start)).trim(), "Sitzung beenden");
  const widget = '[data-gvk="visitor-ui"] .gvk-widget';
  assert.equal(await css(page, widget, "background-color"), "rgb(255, 255, 255)");
  await page.selectOption("#theme", "dark");
  await page.waitForSelector(`${ui}.gvk-dark`);
  assert.equal(await css(page, widget, "background-color"), "rgb(22, 25, 29)");
  await page.selectOption("#theme", "dark-contrast");
  await page.waitForSelector(`${ui}.gvk-contrast`);
  assert.equal(await css(page, widget, "background-color"), "rgb(0, 0, 0)");
  await axe(page, "after live switches");
  await clean(page);
  await page.close();
});

test("reduced motion stops the spinner and the slide-ins", async () => {
  let { page } = await open("");
  assert.equal(await css(page, ".gvk-spinner", "animation-name"), "gvk-spin");
  assert.equal(await css(page, WIDGET, "animation-name"), "gvk-enter");
  await page.close();
  ({ page } = await open("", { media: { reducedMotion: "reduce" } }));
  assert.equal(await css(page, ".gvk-spinner", "animation-name"), "none");
  assert.equal(await css(page, WIDGET, "animation-name"), "none");
  await clean(page);
  await page.close();
});

test("forced colours keep edges and focus visible", { skip: NO_FORCED_COLOURS }, async () => {
  const { page } = await open("?prompt=1", { media: { forcedColors: "active" } });
  await openPrompt(page);
  const decline = `${PROMPT} [data-answer="decline"]`;
  assert.equal(await css(page, WIDGET, "border-top-style"), "solid");
  assert.equal(await css(page, WIDGET, "border-top-width"), "2px");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Shift+Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("data-answer")), "decline");
  assert.equal(await css(page, decline, "outline-style"), "solid");
  assert.equal(await css(page, decline, "outline-width"), "3px");
  await clean(page);
  await page.close();
});
