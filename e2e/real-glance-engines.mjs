// The kit against Glance's real shipped 6.33.0 loader and core in the engine GVK_ENGINE (Chromium,
// Firefox, WebKit), through WebDriver. Glance's service is faked by one loopback HTTPS + WSS server of
// this file (a self-signed certificate made with openssl for the run): the page, Glance's files
// from GLANCE_TREE, the service's JSON answers (e2e/fake-service/) and the session socket. Optional,
// like e2e/real-glance.mjs (the Chromium layer with Playwright's routing, which covers more): run by
// `GLANCE_TREE=<folder> bash scripts/real-glance.sh`; without GLANCE_TREE it says it skipped.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import https from "node:https";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, normalize, extname } from "node:path";
import { ENGINE, launch, root, shotPath, glanceAnswers } from "./lib.mjs";

const TREE = process.env.GLANCE_TREE || "";
const DIST = join(root, "dist");
const FAKE = join(root, "e2e", "fake-service");
const V33 = "self-hosted-scripts/version_6.33.0";
const skip = !TREE ? "GLANCE_TREE is not set" : !existsSync(join(TREE, V33, "cobrowse/js/GlanceCobrowseLoader_6.33.0M.js"))
  ? `no ${V33} under GLANCE_TREE=${TREE}` : false;
const GROUP = "12345";
const TYPES = { ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".html": "text/html", ".wasm": "application/wasm" };
const cors = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "*", "Access-Control-Allow-Methods": "GET, POST, OPTIONS" };
let PORT, server, browser, certDir;
const svc = { requests: [], sent: [], sock: null };
const fake = (n) => readFileSync(join(FAKE, n), "utf8").replaceAll("__SVC_PORT__", String(PORT));

function serve() {
  server = https.createServer({ key: readFileSync(join(certDir, "key.pem")), cert: readFileSync(join(certDir, "cert.pem")) }, (req, res) => {
    const url = new URL(req.url, `https://127.0.0.1:${PORT}`);
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const send = (status, type, data, extra = {}) => { res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...cors, ...extra }); res.end(data); };
      if (req.method === "OPTIONS") return send(204, "text/plain", "");
      if (url.pathname === "/") {
        const tag = `<script id="glance-cobrowse" src="/${V33}/cobrowse/js/GlanceCobrowseLoader_6.33.0M.js" data-groupid="${GROUP}" data-site="staging" data-ui="custom" data-ws="127.0.0.1:${PORT}" data-visitorid="real-visitor-1" charset="UTF-8"></script>`;
        return send(200, "text/html", readFileSync(join(DIST, "index.html"), "utf8").replace("</head>", `${tag}</head>`));
      }
      if (url.pathname.startsWith("/self-hosted-scripts/")) {
        const f = normalize(join(TREE, decodeURIComponent(url.pathname)));
        if (!f.startsWith(TREE) || !existsSync(f)) return send(404, "text/plain", "");
        return send(200, TYPES[extname(f)] || "application/octet-stream", readFileSync(f));
      }
      const d = normalize(join(DIST, decodeURIComponent(url.pathname)));
      if (d.startsWith(DIST) && existsSync(d) && !d.endsWith("/")) {
        try { return send(200, TYPES[extname(d)] || "application/octet-stream", readFileSync(d)); } catch {}
      }
      svc.requests.push({ method: req.method, path: url.pathname, query: url.search, body });
      const p = url.pathname;
      if (p.endsWith("/VisitorSettings")) {
        const s = JSON.parse(fake("fake-VisitorSettings.json"));
        s.videooptions = s.videooptions || { small: "{}", large: "{}", mobilesmall: "{}", mobilelarge: "{}" };
        return send(200, "application/json", JSON.stringify(s));
      }
      if (p.endsWith("/GetVisitorSettings3")) return send(200, "application/json", fake("fake-GetVisitorSettings3.json"));
      if (p.endsWith("/coloselect")) return send(200, "application/json", fake("fake-coloselect.json"));
      if (p.endsWith("/StartSession2")) return send(200, "application/json", fake("fake-StartSession2.json"));
      return send(200, "application/json", "{}");
    });
  });
  // The session socket: a WebSocket handshake and text frames (the browser masks its own, ours are
  // plain), enough for Glance's core.
  server.on("upgrade", (req, socket) => {
    const accept = crypto.createHash("sha1").update(req.headers["sec-websocket-key"] + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").digest("base64");
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    svc.sock = socket;
    let buf = Buffer.alloc(0), parts = [];
    socket.on("data", (d) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        if (buf.length < 2) return;
        const fin = buf[0] & 0x80, op = buf[0] & 0x0f, masked = buf[1] & 0x80;
        let len = buf[1] & 0x7f, o = 2;
        if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); o = 4; }
        else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); o = 10; }
        const mk = masked ? buf.subarray(o, o + 4) : null; if (masked) o += 4;
        if (buf.length < o + len) return;
        const pl = Buffer.from(buf.subarray(o, o + len)); if (mk) for (let i = 0; i < pl.length; i++) pl[i] ^= mk[i & 3];
        buf = buf.subarray(o + len);
        if (op === 8) { socket.end(); return; }
        if (op === 9) { continue; }
        if (op === 1 || op === 2 || op === 0) { parts.push(pl); if (fin) { svc.sent.push(Buffer.concat(parts).toString()); parts = []; } }
      }
    });
    socket.on("error", () => {});
  });
}

svc.send = (msg) => {
  const data = Buffer.from(typeof msg === "string" ? msg : JSON.stringify(msg));
  let head;
  if (data.length < 126) head = Buffer.from([0x81, data.length]);
  else if (data.length < 65536) { head = Buffer.alloc(4); head[0] = 0x81; head[1] = 126; head.writeUInt16BE(data.length, 2); }
  else { head = Buffer.alloc(10); head[0] = 0x81; head[1] = 127; head.writeBigUInt64BE(BigInt(data.length), 2); }
  svc.sock.write(Buffer.concat([head, data]));
};

before(async () => {
  if (skip) return;
  certDir = mkdtempSync(join(tmpdir(), "gvk-cert-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(certDir, "key.pem"), "-out", join(certDir, "cert.pem"),
    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  serve();
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  PORT = server.address().port;
  browser = await launch({ media: "fake", insecureCerts: true });
});

after(async () => {
  await browser?.close();
  server?.close();
  if (certDir) rmSync(certDir, { recursive: true, force: true });
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
