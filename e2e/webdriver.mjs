// A small W3C WebDriver client (classic WebDriver, which all three engines speak: chromedriver,
// geckodriver, WebKitGTK's WebKitWebDriver) and a page object with the handful of calls the
// end-to-end tests use, named as Playwright names them. One set of test files runs in every engine:
// `GVK_ENGINE=chromium|firefox|webkit node --test e2e/`.
//
// What classic WebDriver has not (init scripts, request routing, header control) the test server
// does instead (e2e/server.mjs): it injects a page's init scripts into the HTML it serves and
// answers routes registered by the tests.
import { spawn, execFileSync } from "node:child_process";
import { existsSync, writeFileSync, readdirSync, mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { homedir, tmpdir } from "node:os";

/** The engine under test (GVK_ENGINE; default chromium). */
export const ENGINE = process.env.GVK_ENGINE || "chromium";

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Every browser still open. A test that fails before its `browser.close()` leaves one: its driver
// does not keep the file's process alive (no hung run; see `launch`), and it is stopped, its
// profile removed, when the process exits. (Not node:test's `after`: this module is imported by
// plain scripts too, which would then print a test report.)
const live = new Set();
process.on("exit", () => {
  for (const b of live) {
    try { process.kill(-b.driver.pid, "SIGKILL"); } catch {}
    removeProfile(b.profile);
  }
});

/** Removes a browser profile of ours (the browser may take a moment to let go of it). */
function removeProfile(dir) {
  if (dir) try { rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 }); } catch {}
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function which(cmd) {
  try {
    return execFileSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).trim() || null;
  } catch {
    return null;
  }
}

/** MiniBrowser, which WebKitWebDriver drives (its folder differs between distributions). */
export function miniBrowser() {
  for (const dir of ["/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib", "/usr/libexec"]) {
    if (!existsSync(dir)) continue;
    for (const sub of readdirSync(dir)) {
      if (!sub.startsWith("webkit2gtk-")) continue;
      const p = join(dir, sub, "MiniBrowser");
      if (existsSync(p)) return p;
    }
  }
  return null;
}

const CHROMIUM_ARGS = [
  "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run", "--hide-scrollbars",
];

/**
 * Starts the engine's WebDriver server and a session. `media`: "fake" (a fake camera, allowed),
 * "none" (no camera), "denied" (the permission refused); `args`: extra Chromium flags;
 * `insecureCerts`: accept a self-signed certificate (a TLS server of the test's own on loopback).
 */
export async function launch({ media = "fake", args = [], prefers = {}, insecureCerts = false } = {}) {
  const port = await freePort();
  const env = { ...process.env };
  let cmd, cmdArgs, caps, profile = null;
  if (ENGINE === "chromium") {
    cmd = "/usr/bin/chromedriver";
    cmdArgs = [`--port=${port}`];
    // Headless Chromium: with the fake UI but no fake device there is no camera; without the fake
    // UI the permission is refused.
    const mediaArgs = media === "fake" ? ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"]
      : media === "none" ? ["--use-fake-ui-for-media-stream"] : [];
    // A profile of our own, removed on close: chromedriver's own is left behind in /tmp when its
    // process is stopped right after the session (about 100 MB each after a test of the demo).
    profile = mkdtempSync(join(tmpdir(), "gvk-chromium-"));
    caps = { browserName: "chrome", "goog:chromeOptions": { binary: "/usr/bin/chromium", args: [...CHROMIUM_ARGS, ...mediaArgs, ...args, `--user-data-dir=${profile}`] } };
  } else if (ENGINE === "firefox") {
    cmd = which("geckodriver") || join(homedir(), ".cargo", "bin", "geckodriver");
    cmdArgs = ["--port", String(port), "--allow-system-access"]; // system access: media emulation by prefs
    const prefs = {
      "media.navigator.streams.fake": media === "fake",
      "media.navigator.permission.disabled": media !== "denied",
      "permissions.default.camera": media === "denied" ? 2 : 0,
      "dom.disable_open_during_load": false,
    };
    if (media === "none") prefs["media.navigator.video.enabled"] = false;
    caps = { browserName: "firefox", "moz:firefoxOptions": { binary: "/usr/bin/firefox-esr", args: ["-headless"], prefs } };
  } else if (ENGINE === "webkit") {
    cmd = "xvfb-run";
    cmdArgs = ["-a", "-s", "-screen 0 1920x1600x24", "/usr/bin/WebKitWebDriver", `--port=${port}`];
    const browserArgs = ["--automation"];
    if (media === "fake") browserArgs.push("--enable-media-stream=true", "--enable-mock-capture-devices=true");
    caps = { "webkitgtk:browserOptions": { binary: miniBrowser(), args: browserArgs } };
    // WebKitGTK follows GTK: a dark theme makes prefers-color-scheme dark, animations off make
    // prefers-reduced-motion reduce.
    if (prefers.colorScheme === "dark") env.GTK_THEME = "Adwaita:dark";
    if (prefers.reducedMotion === "reduce") {
      env.XDG_CONFIG_HOME = mkdtempSync(join(tmpdir(), "gvk-gtk-"));
      mkdirSync(join(env.XDG_CONFIG_HOME, "gtk-3.0"));
      writeFileSync(join(env.XDG_CONFIG_HOME, "gtk-3.0", "settings.ini"), "[Settings]\ngtk-enable-animations=0\n");
    }
  } else {
    throw new Error(`unknown engine ${ENGINE}`);
  }
  const driver = spawn(cmd, cmdArgs, { stdio: ["ignore", "ignore", "pipe"], detached: true, env });
  let log = "";
  driver.stderr.on("data", (d) => (log = (log + d).slice(-4000)));
  driver.unref();
  driver.stderr.unref();
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`${base}/status`);
      if (r.ok) break;
    } catch {}
    await sleep(50);
  }
  const res = await fetch(`${base}/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ capabilities: { alwaysMatch: {
      ...caps,
      ...(ENGINE === "webkit" ? {} : { pageLoadStrategy: "normal" }),
      ...(insecureCerts ? { acceptInsecureCerts: true } : {}),
    } } }),
  }).then((r) => r.json());
  if (!res.value || !res.value.sessionId) {
    try { process.kill(-driver.pid); } catch {}
    removeProfile(profile);
    throw new Error(`${ENGINE}: no WebDriver session: ${JSON.stringify(res).slice(0, 400)} ${log}`);
  }
  const browser = new Browser(base, res.value.sessionId, driver);
  browser.prefers = prefers;
  browser.profile = profile;
  live.add(browser);
  return browser;
}

class WebDriverError extends Error {}

export class Browser {
  constructor(base, id, driver) {
    this.base = base;
    this.id = id;
    this.driver = driver;
    this.pages = 0;
    this.context = null; // the window handle last switched to at top level (frames always re-enter)
    this.free = []; // windows of closed pages, blank, to reuse
    this.open = null; // the page open now
  }

  /** One WebDriver command; a driver that does not answer within `timeout` ms fails it (no hung run). */
  async cmd(method, path, body, timeout = 120000) {
    const r = await fetch(`${this.base}/session/${this.id}${path}`, {
      signal: AbortSignal.timeout(timeout),
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    let json;
    try { json = JSON.parse(text); } catch { json = { value: text }; }
    if (!r.ok) {
      const v = json.value || {};
      const e = new WebDriverError(`${method} ${path}: ${v.error || r.status}: ${String(v.message || text).slice(0, 500)}`);
      e.code = v.error;
      throw e;
    }
    return json.value;
  }

  /**
   * A page of the given viewport size, in the browser's one window: the page open before is
   * closed (its origin's storage cleared, about:blank), as a test that failed may have left it.
   * One window matters in WebKit, whose new tabs stay hidden (no rendering, no animation frame).
   */
  async newPage({ viewport = { width: 1280, height: 900 } } = {}) {
    if (this.open) await this.open.close();
    this.pages += 1;
    let handle = this.free.pop();
    if (!handle && this.pages === 1) handle = await this.cmd("GET", "/window");
    if (!handle) {
      handle = (await this.cmd("POST", "/window/new", { type: "tab" })).handle;
      this.context = null;
      await this.cmd("POST", "/window", { handle });
    }
    const page = new Page(this, handle);
    this.open = page;
    await page.setViewportSize(viewport);
    return page;
  }

  async close() {
    live.delete(this);
    try { await this.cmd("DELETE", "", undefined, 20000); } catch {}
    try { process.kill(-this.driver.pid); } catch {}
    removeProfile(this.profile);
  }
}

const KEYS = {
  Enter: "\uE007", Tab: "\uE004", Escape: "\uE00C", Backspace: "\uE003", Shift: "\uE008", Control: "\uE009",
  Alt: "\uE00A", Space: " ", ArrowLeft: "\uE012", ArrowUp: "\uE013", ArrowRight: "\uE014", ArrowDown: "\uE015",
  Home: "\uE011", End: "\uE010", PageUp: "\uE00E", PageDown: "\uE00F", Delete: "\uE017",
};


export class Page {
  constructor(browser, handle, frames = []) {
    this.browser = browser;
    this.handle = handle;
    this.frames = frames; // iframe selectors from the top document, outermost first
    this.keyboard = {
      press: (key) => this.press(key),
      type: (text, opts) => this.type(text, opts),
    };
    this.mouse = {
      click: (x, y) => this.mouseClick(x, y),
      move: (x, y, { steps = 1 } = {}) => this.mouseMove(x, y, steps),
      down: () => this.actions([{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: [{ type: "pointerDown", button: 0 }] }], { release: false }),
      up: () => this.actions([{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: [{ type: "pointerUp", button: 0 }] }]),
    };
    this.at = null; // where the mouse is
  }

  /** The same tab, inside the iframe that `selector` finds (in this page or frame). */
  frame(selector) {
    return new Page(this.browser, this.handle, [...this.frames, selector]);
  }

  async enter() {
    if (this.frames.length === 0 && this.browser.context === this.handle) return;
    this.browser.context = null;
    await this.browser.cmd("POST", "/window", { handle: this.handle });
    await this.browser.cmd("POST", "/frame", { id: null });
    if (this.frames.length === 0) this.browser.context = this.handle;
    for (const sel of this.frames) {
      const el = await this.browser.cmd("POST", "/element", { using: "css selector", value: sel });
      await this.browser.cmd("POST", "/frame", { id: el });
    }
  }

  async exec(script, args = []) {
    await this.enter();
    return this.browser.cmd("POST", "/execute/sync", { script, args });
  }

  /** Runs function source `src` with the JSON text `argJson` in the page; awaits its promise. */
  async run(src, argJson = "") {
    await this.enter();
    // The function is part of the script WebDriver runs (no eval: a page's CSP does not apply).
    const script = `const done = arguments[arguments.length - 1]; const f = (${src});
      Promise.resolve().then(() => f(${argJson})).then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ err: String(e && e.stack || e) }));`;
    const r = await this.browser.cmd("POST", "/execute/async", { script, args: [] });
    if (r && r.err !== undefined) throw new Error(`evaluate: ${r.err}`);
    return r ? r.ok : null;
  }

  /** Runs `fn(arg)` in the page (a promise is awaited) and gives its JSON value back. A string runs
   * as a script, and gives nothing back. */
  evaluate(fn, arg) {
    if (typeof fn === "string") return this.run(`() => {\n${fn}\n}`);
    return this.run(fn.toString(), arg === undefined ? "" : JSON.stringify(arg));
  }

  async waitForFunction(fn, arg, { timeout = 30000 } = {}) {
    const until = Date.now() + timeout;
    for (;;) {
      let v;
      try { v = await this.evaluate(fn, arg); } catch (e) { if (Date.now() > until) throw e; }
      if (v) return v;
      if (Date.now() > until) throw new Error(`waitForFunction timed out: ${String(fn).slice(0, 200)}`);
      await sleep(50);
    }
  }

  /** Waits for `selector`: `visible` (default; a box and not visibility:hidden), `attached`, `hidden`, `detached`. */
  async waitForSelector(selector, { state = "visible", timeout = 30000 } = {}) {
    const probe = ([sel, state]) => {
      const el = document.querySelector(sel);
      const visible = !!el && (() => {
        const r = el.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
      })();
      if (state === "attached") return !!el;
      if (state === "detached") return !el;
      if (state === "hidden") return !el || !visible;
      return visible;
    };
    try {
      await this.waitForFunction(probe, [selector, state], { timeout });
    } catch {
      throw new Error(`waitForSelector ${selector} (${state}) timed out after ${timeout} ms`);
    }
  }

  waitForTimeout(ms) { return sleep(ms); }

  /** `fn(element, arg)` on the first element `selector` finds (an error when there is none). */
  $eval(selector, fn, arg) {
    const src = `({ sel, arg }) => { const el = document.querySelector(sel); if (!el) throw new Error("no element " + sel); return (${fn.toString()})(el, arg); }`;
    return this.run(src, JSON.stringify({ sel: selector, arg: arg === undefined ? null : arg }));
  }

  /** `fn(elements, arg)` on every element `selector` finds. */
  $$eval(selector, fn, arg) {
    const src = `({ sel, arg }) => (${fn.toString()})(Array.from(document.querySelectorAll(sel)), arg)`;
    return this.run(src, JSON.stringify({ sel: selector, arg: arg === undefined ? null : arg }));
  }

  /** Whether `selector` finds an element (Playwright's `$` gives the element; the tests only test it). */
  async $(selector) {
    return (await this.evaluate((sel) => !!document.querySelector(sel), selector)) ? { selector } : null;
  }

  async $$(selector) {
    const n = await this.evaluate((sel) => document.querySelectorAll(sel).length, selector);
    return Array.from({ length: n }, (_, i) => ({ selector, i }));
  }

  textContent(selector) { return this.$eval(selector, (e) => e.textContent); }
  getAttribute(selector, name) { return this.$eval(selector, (e, n) => e.getAttribute(n), name); }
  isDisabled(selector) { return this.$eval(selector, (e) => !!e.disabled); }
  async isVisible(selector) {
    return this.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (!el) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== "hidden";
    }, selector);
  }
  async isHidden(selector) { return !(await this.isVisible(selector)); }
  focus(selector) { return this.$eval(selector, (e) => e.focus()); }

  /** A locator with the calls the tests use (`count`, `boundingBox`). */
  locator(selector) {
    return {
      count: () => this.evaluate((sel) => document.querySelectorAll(sel).length, selector),
      boundingBox: () => this.evaluate((sel) => {
        const el = document.querySelector(sel);
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return r.width === 0 && r.height === 0 ? null : { x: r.x, y: r.y, width: r.width, height: r.height };
      }, selector),
    };
  }

  async element(selector, { visible = true, timeout = 30000 } = {}) {
    await this.waitForSelector(selector, { state: visible ? "visible" : "attached", timeout });
    await this.enter();
    return this.browser.cmd("POST", "/element", { using: "css selector", value: selector });
  }

  /** Clicks the element as a user would (WebDriver's element click: scrolled into view, a real
   * pointer click at its centre); `clickCount: 2` clicks twice; `force` clicks a disabled one. */
  async click(selector, { clickCount = 1, force = false } = {}) {
    const el = await this.element(selector, { visible: !force });
    const id = Object.values(el)[0];
    for (let i = 0; i < clickCount; i++) {
      try {
        await this.browser.cmd("POST", `/element/${id}/click`, {});
      } catch (e) {
        if (i > 0 && /stale|not interactable|detached/i.test(e.message)) return; // the first click closed it
        throw e;
      }
    }
  }

  async check(selector) {
    if (!(await this.$eval(selector, (e) => e.checked))) await this.click(selector);
  }

  async selectOption(selector, value) {
    await this.$eval(selector, (e, v) => {
      e.value = v;
      e.dispatchEvent(new Event("input", { bubbles: true }));
      e.dispatchEvent(new Event("change", { bubbles: true }));
    }, value);
  }

  async setInputFiles(selector, path) {
    const el = await this.element(selector, { visible: false });
    const id = Object.values(el)[0];
    await this.browser.cmd("POST", `/element/${id}/value`, { text: path });
  }

  /** Performs input actions; `release: false` keeps buttons pressed (a drag in several calls). */
  async actions(actions, { release = true } = {}) {
    await this.enter();
    await this.browser.cmd("POST", "/actions", { actions });
    if (release) await this.browser.cmd("DELETE", "/actions");
  }

  /** Moves the mouse to viewport coordinates in `steps` moves from where it is. */
  async mouseMove(x, y, steps = 1) {
    const [x0, y0] = this.at || [x, y];
    const moves = [];
    for (let i = 1; i <= steps; i++) {
      moves.push({ type: "pointerMove", origin: "viewport", duration: 0,
        x: Math.round(x0 + ((x - x0) * i) / steps), y: Math.round(y0 + ((y - y0) * i) / steps) });
    }
    this.at = [x, y];
    await this.actions([{ type: "pointer", id: "mouse", parameters: { pointerType: "mouse" }, actions: moves }], { release: false });
  }

  /** A key (`Enter`, `Shift+Tab`, `a`) pressed on whatever has focus. */
  async press(combo) {
    const parts = combo.split("+");
    const codes = parts.map((k) => KEYS[k] || k);
    const down = codes.map((value) => ({ type: "keyDown", value }));
    const up = [...codes].reverse().map((value) => ({ type: "keyUp", value }));
    await this.actions([{ type: "key", id: "keyboard", actions: [...down, ...up] }]);
  }

  async type(text, { delay = 0 } = {}) {
    const acts = [];
    for (const ch of text) {
      acts.push({ type: "keyDown", value: ch }, { type: "keyUp", value: ch });
      if (delay) acts.push({ type: "pause", duration: delay });
    }
    await this.actions([{ type: "key", id: "keyboard", actions: acts }]);
  }

  /** A real click at viewport coordinates. */
  async mouseClick(x, y) {
    this.at = [x, y];
    await this.actions([{
      type: "pointer", id: "mouse", parameters: { pointerType: "mouse" },
      actions: [
        { type: "pointerMove", x: Math.round(x), y: Math.round(y), origin: "viewport", duration: 0 },
        { type: "pointerDown", button: 0 }, { type: "pointerUp", button: 0 },
      ],
    }]);
  }

  /** Navigates; WebDriver waits for the load event. `waitUntil: "domcontentloaded"` goes by
   * script and waits for the document to be parsed only (a page whose load is held back). */
  async goto(url, { waitUntil = "load" } = {}) {
    await this.enter();
    if (waitUntil === "load") return this.browser.cmd("POST", "/url", { url });
    await this.browser.cmd("POST", "/execute/sync", { script: "setTimeout(() => { location.href = arguments[0]; }); return null;", args: [url] });
    await this.waitForFunction((u) => location.href === u && document.readyState !== "loading", url);
  }

  async reload() {
    await this.enter();
    await this.browser.cmd("POST", "/refresh", {});
  }

  url() { return this.evaluate(() => location.href); }

  /** The viewport (not the window) at `width` × `height` CSS pixels. */
  async setViewportSize({ width, height }) {
    this.browser.context = null;
    await this.browser.cmd("POST", "/window", { handle: this.handle });
    let [w, h] = [width, height];
    for (let i = 0; i < 4; i++) {
      try { await this.browser.cmd("POST", "/window/rect", { width: w, height: h }); } catch {}
      const [iw, ih] = await this.browser.cmd("POST", "/execute/sync", { script: "return [innerWidth, innerHeight];", args: [] });
      if (iw === width && ih === height) return;
      w += width - iw;
      h += height - ih;
    }
  }

  async screenshot({ path }) {
    await this.enter();
    const b64 = await this.browser.cmd("GET", "/screenshot");
    writeFileSync(path, Buffer.from(b64, "base64"));
  }

  /** Errors the page reported (uncaught exceptions, unhandled rejections, console.error), as the
   * test server's init script records them. */
  async problems() {
    try {
      return await this.evaluate(() => (window.__gvkProblems || []).slice());
    } catch (e) {
      return [`could not read the page's problems: ${e.message}`];
    }
  }

  /**
   * Emulates the user's media preferences (`colorScheme`: "light" | "dark", `reducedMotion`:
   * "reduce" | "no-preference", `forcedColors`: "active" | "none"; left out: the default). Chromium:
   * the DevTools protocol; Firefox: its preferences (geckodriver's system access), browser-wide;
   * WebKitGTK has no such call: only what the browser was launched with (`launch({prefers})`, by
   * GTK settings) holds, and it has no forced colours. Returns whether every one holds.
   */
  async emulateMedia({ colorScheme, reducedMotion, forcedColors } = {}) {
    if (ENGINE === "chromium") {
      await this.enter();
      const features = [
        { name: "prefers-color-scheme", value: colorScheme || "" },
        { name: "prefers-reduced-motion", value: reducedMotion || "" },
        { name: "forced-colors", value: forcedColors || "" },
      ];
      await this.browser.cmd("POST", "/goog/cdp/execute", { cmd: "Emulation.setEmulatedMedia", params: { features } });
      return true;
    }
    if (ENGINE === "firefox") {
      const int = (name, v) => (v === undefined ? `Services.prefs.clearUserPref(${JSON.stringify(name)});` : `Services.prefs.setIntPref(${JSON.stringify(name)}, ${v});`);
      const script = [
        int("layout.css.prefers-color-scheme.content-override", colorScheme === "dark" ? 0 : colorScheme === "light" ? 1 : undefined),
        int("ui.prefersReducedMotion", reducedMotion === "reduce" ? 1 : reducedMotion === "no-preference" ? 0 : undefined),
        int("browser.display.document_color_use", forcedColors === "active" ? 2 : undefined),
        "return true;",
      ].join(" ");
      this.browser.context = null;
      await this.browser.cmd("POST", "/moz/context", { context: "chrome" });
      try {
        await this.browser.cmd("POST", "/execute/sync", { script, args: [] });
      } finally {
        await this.browser.cmd("POST", "/moz/context", { context: "content" });
      }
      return true;
    }
    const p = this.browser.prefers;
    return (colorScheme || "light") === (p.colorScheme || "light")
      && (reducedMotion || "no-preference") === (p.reducedMotion || "no-preference")
      && (forcedColors || "none") === "none";
  }


  /** Closes the page: its window is cleared (storage of its origin, then about:blank) for the next. */
  async close() {
    if (this.browser.open !== this) return; // a frame, or closed already
    this.browser.open = null;
    try {
      await this.evaluate(() => {
        try { sessionStorage.clear(); localStorage.clear(); } catch {}
      });
      await this.goto("about:blank");
      this.browser.free.push(this.handle);
    } catch {}
  }

}
