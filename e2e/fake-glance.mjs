// Glance's service faked on loopback for Glance's real shipped scripts: one HTTPS + WSS server (a
// self-signed certificate made with openssl for the run) that serves a page from `dist` with Glance's
// 6.33.0 tag in its <head>, Glance's files from `tree`, the service's JSON answers (e2e/fake-service/)
// and the session socket. Used by e2e/real-glance-engines.mjs and bench/real-glance-3g.mjs; Glance's
// code is never part of this repository (`tree` is GLANCE_TREE).
import https from "node:https";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, normalize, extname } from "node:path";
import { gzipSync } from "node:zlib";
import { root } from "./lib.mjs";

export const V33 = "self-hosted-scripts/version_6.33.0";
export const GROUP = "12345";
const FAKE = join(root, "e2e", "fake-service");
const TYPES = { ".js": "text/javascript", ".css": "text/css", ".json": "application/json", ".html": "text/html", ".wasm": "application/wasm" };
const cors = { "Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "*", "Access-Control-Allow-Methods": "GET, POST, OPTIONS" };

/** Whether `tree` holds Glance's 6.33.0 package: false, or why a test that needs it skips. */
export function glanceMissing(tree) {
  if (!tree) return "GLANCE_TREE is not set";
  return existsSync(join(tree, V33, "cobrowse/js/GlanceCobrowseLoader_6.33.0M.js")) ? false : `no ${V33} under GLANCE_TREE=${tree}`;
}

/**
 * Starts the server. `dist`: the page's folder (its index.html gets Glance's tag); `gzip`: send
 * files gzip-compressed (level 9), as a site and Glance's CDN do. Resolves to `{ port, svc, close }`:
 * `svc.requests` (the service requests), `svc.sent` (the core's socket frames), `svc.send(msg)`.
 */
export async function startFakeGlance({ dist, tree, gzip = false }) {
  const certDir = mkdtempSync(join(tmpdir(), "gvk-cert-"));
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", join(certDir, "key.pem"), "-out", join(certDir, "cert.pem"),
    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  let port;
  const svc = { requests: [], sent: [], sock: null };
  const fake = (n) => readFileSync(join(FAKE, n), "utf8").replaceAll("__SVC_PORT__", String(port));
  const zipped = new Map();
  const server = https.createServer({ key: readFileSync(join(certDir, "key.pem")), cert: readFileSync(join(certDir, "cert.pem")) }, (req, res) => {
    const url = new URL(req.url, `https://127.0.0.1:${port}`);
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const send = (status, type, data, extra = {}) => { res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...cors, ...extra }); res.end(data); };
      const file = (f, data) => {
        if (!gzip) return send(200, TYPES[extname(f)] || "application/octet-stream", data);
        if (!zipped.has(f)) zipped.set(f, gzipSync(data, { level: 9 }));
        return send(200, TYPES[extname(f)] || "application/octet-stream", zipped.get(f), { "content-encoding": "gzip" });
      };
      if (req.method === "OPTIONS") return send(204, "text/plain", "");
      if (url.pathname === "/") {
        const tag = `<script id="glance-cobrowse" src="/${V33}/cobrowse/js/GlanceCobrowseLoader_6.33.0M.js" data-groupid="${GROUP}" data-site="staging" data-ui="custom" data-ws="127.0.0.1:${port}" data-visitorid="real-visitor-1" charset="UTF-8"></script>`;
        return send(200, "text/html", readFileSync(join(dist, "index.html"), "utf8").replace("</head>", `${tag}</head>`));
      }
      if (url.pathname.startsWith("/self-hosted-scripts/")) {
        const f = normalize(join(tree, decodeURIComponent(url.pathname)));
        if (!f.startsWith(tree) || !existsSync(f)) return send(404, "text/plain", "");
        return file(f, readFileSync(f));
      }
      const d = normalize(join(dist, decodeURIComponent(url.pathname)));
      if (d.startsWith(dist) && existsSync(d) && statSync(d).isFile()) return file(d, readFileSync(d));
      svc.requests.push({ method: req.method, path: url.pathname, query: url.search, body, at: Date.now() });
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
  svc.send = (msg) => {
    const data = Buffer.from(typeof msg === "string" ? msg : JSON.stringify(msg));
    let head;
    if (data.length < 126) head = Buffer.from([0x81, data.length]);
    else if (data.length < 65536) { head = Buffer.alloc(4); head[0] = 0x81; head[1] = 126; head.writeUInt16BE(data.length, 2); }
    else { head = Buffer.alloc(10); head[0] = 0x81; head[1] = 127; head.writeBigUInt64BE(BigInt(data.length), 2); }
    svc.sock.write(Buffer.concat([head, data]));
  };
  svc.fake = fake;
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  port = server.address().port;
  const close = () => { server.closeAllConnections?.(); server.close(); rmSync(certDir, { recursive: true, force: true }); };
  return { port, svc, close };
}
