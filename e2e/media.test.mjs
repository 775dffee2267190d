// End-to-end test of the visitor's media flows on the release demo, bound to a stand-in
// window.GLANCE (?source=glance), in the engine GVK_ENGINE names: the visitor-video prompt with the
// engine's fake camera (Chromium's fake device, Firefox's fake streams, WebKit's mock capture
// devices), with no camera and with the permission denied; the document share's file step with
// real files through the file input (WebDriver's "send keys" to it), rejected ones included.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ENGINE, launch, startServer, root, standIn } from "./lib.mjs";

let srv, base;

before(async () => {
  srv = await startServer({ dir: join(root, "dist") });
  base = srv.base;
});

after(() => srv?.close());

/** A page of the demo bound to the stand-in, in a browser launched with `media`: "fake" (a
 * camera, allowed), "none" (no camera), "denied" (the permission refused). */
async function open(media) {
  srv.reset();
  srv.init(`${standIn}\nwindow.gvkStandIn.install({});`);
  const browser = await launch({ media });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(base + "?source=glance");
  await page.waitForFunction(() => window.gvkStandIn.current.listenerCount("visitorvideorequested") === 1);
  // Every stream the page gets, to prove the preview is stopped on the way out.
  await page.evaluate(() => {
    window.__streams = [];
    // On the prototype, as below: WebKit may drop what is set on `navigator.mediaDevices` itself.
    const md = window.MediaDevices && MediaDevices.prototype;
    if (md && md.getUserMedia) {
      const gum = md.getUserMedia;
      md.getUserMedia = function (c) { return gum.call(this, c).then((s) => (window.__streams.push(s), s)); };
    }
  });
  return { browser, page };
}

async function videoRequest(page) {
  await page.evaluate(() => {
    window.v = { accept: [], decline: [] };
    window.gvkStandIn.current.fire("visitorvideorequested", {
      accept: (s) => window.v.accept.push(s),
      decline: (s) => window.v.decline.push(s),
    });
  });
  await page.waitForSelector('[data-gvk="video-prompt"][data-state="open"]');
}

test("visitor video with the engine's fake camera: preview, accept with its label, preview stopped", async () => {
  const { browser, page } = await open("fake");
  await videoRequest(page);
  await page.waitForSelector('[data-gvk-camera][data-state="running"]');
  await page.waitForFunction(() => document.querySelector(".gvk-camera-preview").videoWidth > 0);
  await page.click('[data-gvk="video-prompt"] [data-answer="accept"]');
  await page.waitForSelector('[data-gvk="video-prompt"][data-state="closed"]', { state: "attached" });
  const v = await page.evaluate(() => window.v);
  assert.equal(v.accept.length, 1);
  assert.equal(v.decline.length, 0);
  assert.equal(v.accept[0].camerastatus, "available");
  assert.ok(v.accept[0].videosource.length > 0, `the camera's label: ${JSON.stringify(v.accept[0])}`);
  const streams = await page.evaluate(() => window.__streams.map((s) => s.getTracks().map((t) => t.readyState).join()));
  assert.ok(streams.length > 0 && streams.every((s) => s === "ended"), `the preview's tracks ended: ${streams}`);
  assert.deepEqual(await srv.problems(), []);
  await browser.close();
});

test("visitor video with two cameras: the picker switches the preview, shows the running one, and accept names it", async () => {
  const { browser, page } = await open("fake");
  // A second camera beside the engine's fake one (a phone's front and back camera): listed first by
  // enumerateDevices (the browser's default camera need not be first), and a stream of the fake
  // device under its own id and label when asked for.
  // On the prototype: WebKit may collect `navigator.mediaDevices`'s wrapper and hand out a new one,
  // losing what was set on the old one (seen: a second getUserMedia that bypassed such a wrapper).
  await page.evaluate(() => {
    const md = MediaDevices.prototype;
    const enumerate = md.enumerateDevices;
    md.enumerateDevices = function () { return enumerate.call(this).then((list) => {
      // The engine's own cameras (one fake camera; WebKit's mock devices are two) and this one.
      window.__cameras = list.filter((d) => d.kind === "videoinput").length + 1;
      return [
        Object.create(MediaDeviceInfo.prototype, {
          deviceId: { value: "second-camera" }, groupId: { value: "g2" },
          kind: { value: "videoinput" }, label: { value: "Second camera" },
        }),
        ...list,
      ];
    }); };
    const gum = md.getUserMedia;
    window.__asked = [];
    md.getUserMedia = function (c) {
      const wanted = c && c.video && c.video.deviceId && c.video.deviceId.exact;
      window.__asked.push(wanted || "default");
      if (wanted !== "second-camera") return gum.call(this, c);
      return gum.call(this, { video: true }).then((s) => {
        const track = s.getVideoTracks()[0];
        Object.defineProperty(track, "label", { value: "Second camera" });
        Object.defineProperty(track, "getSettings", { value: () => ({ deviceId: "second-camera" }) });
        return s;
      });
    };
  });
  await videoRequest(page);
  await page.waitForSelector('[data-gvk-camera][data-state="running"]');
  const select = '[data-gvk-camera] select';
  await page.waitForFunction((sel) => window.__cameras >= 2 && document.querySelector(sel).options.length === window.__cameras, select);
  assert.equal(await page.isVisible(select), true, "the picker shows with two cameras or more");
  const first = await page.evaluate((sel) => document.querySelector(sel).value, select);
  assert.notEqual(first, "second-camera", "the picker shows the running (default) camera, not the first listed");
  assert.deepEqual(await page.evaluate(() => window.__asked), ["default"]);
  await page.selectOption(select, "second-camera");
  await page.waitForFunction(() => window.__asked.includes("second-camera"));
  await page.waitForSelector('[data-gvk-camera][data-state="running"]');
  // The options may be listed again after the switch: the picker still shows the running camera.
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate((sel) => document.querySelector(sel).value, select), "second-camera");
  await page.click('[data-gvk="video-prompt"] [data-answer="accept"]');
  await page.waitForSelector('[data-gvk="video-prompt"][data-state="closed"]', { state: "attached" });
  const v = await page.evaluate(() => window.v);
  assert.equal(v.accept.length, 1);
  assert.equal(v.accept[0].videosource, "Second camera");
  const streams = await page.evaluate(() => window.__streams.map((s) => s.getTracks().map((t) => t.readyState).join()));
  assert.ok(streams.length >= 2 && streams.every((s) => s === "ended"), `both previews' tracks ended: ${streams}`);
  assert.deepEqual(await srv.problems(), []);
  await browser.close();
});

test("visitor video without a camera, and with the permission denied: a clear message, Decline says why", async () => {
  for (const [media, state, status] of [
    ["none", "nocamera", "nocamera"],
    ["denied", "blocked", "blocked"],
  ]) {
    const { browser, page } = await open(media);
    await videoRequest(page);
    // Headless Chromium without the fake UI refuses the camera; with it but no fake device there is none.
    await page.waitForSelector(`[data-gvk-camera]:is([data-state="${state}"], [data-state="nocamera"], [data-state="blocked"])`);
    const shown = await page.getAttribute("[data-gvk-camera]", "data-state");
    assert.equal(await page.isDisabled('[data-gvk="video-prompt"] [data-answer="accept"]'), true);
    assert.ok((await page.textContent(".gvk-camera-status")).trim().length > 10, "a clear message");
    await page.keyboard.press("Escape");
    await page.waitForSelector('[data-gvk="video-prompt"][data-state="closed"]', { state: "attached" });
    const v = await page.evaluate(() => window.v);
    assert.equal(v.decline.length, 1);
    assert.equal(v.decline[0].camerastatus, shown, `${state}: ${JSON.stringify(v.decline[0])}`);
    assert.ok([status, "nocamera", "blocked"].includes(shown));
    assert.deepEqual(await srv.problems(), []);
    await browser.close();
  }
});

test("visitor screen share: Glance's video scripts from where Glance's code looks, one after the other, then the prompt", async () => {
  const v = "/video/source/js/", js = "/cobrowse/js/";
  const pair = (folder) => [`${folder}browserCap_6.33.0M.js`, `${folder}GlanceVideoSource_6.33.0M.js`];
  for (const [available, expected, tags, soft = []] of [
    // Glance's tag's folder with `/js` dropped and `cobrowse` made `video`, then `source/js/`.
    [pair(v), pair(v), 2],
    // Where versions up to 6.1.1 kept them: the script server's `js/` folder, tried next.
    [pair(js), [`${v}browserCap_6.33.0M.js`, ...pair(js)], 2],
    // A folder that answers with something else (a page of its own, say) gives no GLANCE.Video:
    // the next folder is tried.
    [pair(js), [...pair(v), ...pair(js)], 4, pair(v)],
  ]) {
    const { browser, page } = await open("fake");
    const requested = [];
    srv.route(/\/(cobrowse|video)\/.*\.js$/, ({ url }) => {
      const path = new URL(url).pathname;
      requested.push(path);
      if (soft.includes(path)) return { status: 200, contentType: "text/javascript", body: "/* not Glance */" };
      if (!available.includes(path)) return { status: 404, body: "" };
      const body = path.includes("browserCap")
        ? "window.__cap = (window.__cap || 0) + 1;"
        : "window.GLANCE.Video = { afterCap: window.__cap === 1 };";
      return { status: 200, contentType: "text/javascript", body };
    });
    await page.evaluate(() => {
      // Glance's script, as a self-hosted page has it (not run here: the stand-in is Glance).
      const s = document.createElement("script");
      s.type = "text/x-not-run";
      s.id = "glance-cobrowse";
      s.src = "/cobrowse/js/GlanceCobrowseLoader_6.33.0M.js";
      document.body.append(s);
      window.ss = { accept: 0, decline: 0 };
      window.gvkStandIn.current.fire("visitorscreensharerequested", {
        // As Glance's video code does: the browser's screen picker is asked for inside accept, which
        // Safari and Firefox allow only inside the visitor's click (user activation).
        accept: () => {
          window.ss.accept++;
          window.ss.activation = navigator.userActivation ? navigator.userActivation.isActive : "unknown";
          window.ss.display = navigator.mediaDevices.getDisplayMedia({ video: true }).then(
            (stream) => {
              stream.getTracks().forEach((t) => t.stop());
              return "granted";
            },
            (e) => e.name,
          );
        },
        decline: () => window.ss.decline++,
      });
    });
    const p = '[data-gvk="screenshare-prompt"]';
    await page.waitForSelector(`${p}[data-state="open"]`);
    assert.deepEqual(requested, expected);
    assert.deepEqual(await page.evaluate(() => window.GLANCE.Video), { afterCap: true }, "browserCap ran first");
    assert.equal(await page.evaluate(() => document.querySelectorAll("script[data-gvk-video]").length), tags, "only the scripts that loaded stay");
    if (ENGINE !== "chromium") {
      // Before any click: Firefox and WebKit refuse the picker (so the check after the click means something).
      const outside = await page.evaluate(() => navigator.mediaDevices.getDisplayMedia({ video: true }).then(() => "granted", (e) => e.name));
      assert.equal(outside, "InvalidStateError", `${ENGINE} refuses it outside a click`);
    }
    await page.click(`${p} [data-answer="accept"]`);
    await page.waitForSelector(`${p}[data-state="closed"]`, { state: "attached" });
    assert.deepEqual(await page.evaluate(() => [window.ss.accept, window.ss.decline]), [1, 0]);
    assert.equal(await page.evaluate(() => window.ss.activation), true, "accept ran inside the visitor's click");
    const display = await page.evaluate(() => window.ss.display);
    console.log(`# ${ENGINE}: getDisplayMedia inside accept: ${display}`);
    // Firefox and WebKit refuse it outside a click with InvalidStateError (checked below). Headless
    // Firefox has no screen to offer: NotFoundError comes after its activation check passed.
    assert.equal(display, ENGINE === "firefox" ? "NotFoundError" : "granted", "the screen picker was allowed (no user-activation error)");
    assert.deepEqual(await srv.problems(), []);
    await browser.close();
  }
});

test("document share: terms, then real files through the chooser; wrong type and a 5 MiB spreadsheet refused, a PDF sent", async () => {
  const dir = mkdtempSync(join(tmpdir(), "gvk-docs-"));
  after(() => rmSync(dir, { recursive: true, force: true })); // the 5 MB file goes with it
  const png = join(dir, "photo.png");
  const big = join(dir, "huge.xlsx");
  const pdf = join(dir, "statement.pdf");
  const csv = join(dir, "numbers.csv");
  writeFileSync(png, Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(big, Buffer.alloc(5 * 1024 * 1024, 0x20)); // exactly 5 MiB: Glance shows no such spreadsheet
  writeFileSync(pdf, "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n");
  writeFileSync(csv, "a,b\n1,2\n");
  const { browser, page } = await open("fake");
  await page.evaluate(() => {
    window.d = { previewconfirm: 0, previewcancel: 0, confirm: 0 };
    window.gvkStandIn.current.fire("docsharerequested", {
      onpreviewconfirm: () => window.d.previewconfirm++,
      onpreviewcancel: () => window.d.previewcancel++,
      onconfirm: () => window.d.confirm++,
      oncancel: () => {},
    });
  });
  const d = '[data-gvk="document-prompt"]';
  await page.waitForSelector(`${d}[data-state="open"]`);
  await page.click(`${d} [data-answer="accept"]`);
  await page.waitForSelector(`${d} [data-gvk-dropzone]`);
  const input = `${d} input[type="file"]`;
  for (const [file, words] of [[png, "PDF"], [big, "5 MB or more"]]) {
    await page.setInputFiles(input, file);
    await page.waitForFunction((sel) => document.querySelector(sel).textContent.trim().length > 0, `${d} .gvk-document-problem`);
    assert.match(await page.textContent(`${d} .gvk-document-problem`), new RegExp(words));
    assert.equal(await page.isDisabled(`${d} [data-answer="accept"]`), true, `${file}: nothing to share`);
  }
  assert.deepEqual(await page.evaluate(() => window.gvkStandIn.current.calls.sendDocument), [], "nothing sent");
  // The visitor picks again: a PDF.
  await page.setInputFiles(input, pdf);
  await page.waitForFunction((sel) => !document.querySelector(sel).disabled, `${d} [data-answer="accept"]`);
  assert.equal((await page.textContent(`${d} [data-gvk-chosen]`)).trim(), "statement.pdf");
  await page.click(`${d} [data-answer="accept"]`);
  await page.waitForSelector(`${d}[data-state="closed"]`, { state: "attached" });
  assert.deepEqual(await page.evaluate(() => window.d), { previewconfirm: 1, previewcancel: 0, confirm: 1 });
  assert.deepEqual(await page.evaluate(() => window.gvkStandIn.current.calls.sendDocument), ["statement.pdf"]);
  assert.deepEqual(await page.evaluate(() => window.gvkStandIn.current.calls.view),
    [["viewPDF", "statement.pdf", true, "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"]]);
  // A second request: a CSV goes to viewXLS; Cancel at the file step would call onpreviewcancel.
  await page.evaluate(() => {
    window.gvkStandIn.current.fire("docsharerequested", {
      onpreviewconfirm: () => window.d.previewconfirm++,
      onpreviewcancel: () => window.d.previewcancel++,
      onconfirm: () => window.d.confirm++,
      oncancel: () => {},
    });
  });
  await page.waitForSelector(`${d}[data-state="open"]`);
  await page.keyboard.press("Tab");
  await page.keyboard.press("Enter");
  await page.waitForSelector(`${d} [data-gvk-dropzone]`);
  await page.setInputFiles(input, csv);
  await page.waitForFunction((sel) => !document.querySelector(sel).disabled, `${d} [data-answer="accept"]`);
  await page.click(`${d} [data-answer="decline"]`);
  await page.waitForSelector(`${d}[data-state="closed"]`, { state: "attached" });
  assert.deepEqual(await page.evaluate(() => window.d), { previewconfirm: 2, previewcancel: 1, confirm: 1 });
  assert.deepEqual(await page.evaluate(() => window.gvkStandIn.current.calls.sendDocument), ["statement.pdf"], "Cancel sends nothing");
  assert.deepEqual(await srv.problems(), []);
  await browser.close();
});
