// WebKitWebDriver for wasm-bindgen-test-runner: `node e2e/webkit-driver.mjs PORT` listens on
// 127.0.0.1:PORT and forwards every WebDriver request to WebKitWebDriver (started here on another
// port, inside the display the caller gives: run this under `xvfb-run -a`; MiniBrowser has no
// headless mode). The runner's new-session request carries no capability for Safari; this adds
// MiniBrowser's automation flags and its mock camera, as tests/browser.rs needs (the fake camera of
// the other engines is set in webdriver.json). Ends on SIGTERM or when its parent is gone.
import { spawn } from "node:child_process";
import { createServer, request } from "node:http";
import { miniBrowser, freePort } from "./webdriver.mjs";

const port = Number(process.argv[2]);
if (!port) {
  console.error("usage: node e2e/webkit-driver.mjs PORT");
  process.exit(2);
}

const inner = await freePort();
const driver = spawn("/usr/bin/WebKitWebDriver", [`--port=${inner}`], { stdio: ["ignore", "inherit", "inherit"] });
const quit = () => {
  try { driver.kill("SIGTERM"); } catch {}
  process.exit(0);
};
process.on("SIGTERM", quit);
process.on("SIGINT", quit);
const parent = process.ppid; // gone (killed without a signal to us): stop too
setInterval(() => {
  try { process.kill(parent, 0); } catch { quit(); }
}, 1000).unref();
driver.on("exit", () => process.exit(1));

const CAPS = {
  "webkitgtk:browserOptions": {
    binary: miniBrowser(),
    args: ["--automation", "--enable-media-stream=true", "--enable-mock-capture-devices=true"],
  },
};

createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    let body = Buffer.concat(chunks);
    if (req.method === "POST" && req.url === "/session") {
      const json = JSON.parse(body.toString("utf8") || "{}");
      json.capabilities = { alwaysMatch: { ...(json.capabilities?.alwaysMatch || {}), ...CAPS } };
      delete json.desiredCapabilities;
      body = Buffer.from(JSON.stringify(json));
    }
    const headers = { ...req.headers, host: `127.0.0.1:${inner}`, "content-length": body.length };
    const up = request({ host: "127.0.0.1", port: inner, method: req.method, path: req.url, headers }, (r) => {
      res.writeHead(r.statusCode, r.headers);
      r.pipe(res);
    });
    up.on("error", (e) => {
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ value: { error: "unknown error", message: String(e) } }));
    });
    up.end(body);
  });
}).listen(port, "127.0.0.1");
