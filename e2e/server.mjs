// The end-to-end tests' HTTP server: serves a built site (or forwards to another server, such as the
// SSR example) on 127.0.0.1 and ::1 (so `localhost` is a second origin on the same port), and does
// what classic WebDriver cannot do in every engine:
// - init scripts: every HTML page it serves gets `<script src="/__gvk/init/N.js">` tags at the top
//   of its head (the page's own script nonce copied onto them), so they run before any script of the
//   page, in every frame and after every reload, as Playwright's `addInitScript` would;
// - a recorder, always first: uncaught errors, unhandled rejections and `console.error` of every
//   page and frame reach the server (`problems()`), across navigations;
// - routes: a test answers chosen requests itself (a status and body, or held until it lets go);
// - headers added to every response (a Content-Security-Policy, say).
import { createServer, request as httpRequest } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, sep } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm", ".css": "text/css; charset=utf-8", ".json": "application/json", ".svg": "image/svg+xml",
  ".png": "image/png", ".ico": "image/x-icon", ".txt": "text/plain; charset=utf-8", ".woff2": "font/woff2",
  ".pdf": "application/pdf",
};

// Runs first in every page and frame. Reports through a beacon, so nothing is lost to a navigation;
// never throws, and keeps its own copy in `window.__gvkProblems`.
const RECORDER = `(() => {
  if (window.__gvkProblems) return;
  const list = (window.__gvkProblems = []);
  const report = (text) => {
    text = String(text);
    list.push(text);
    try { navigator.sendBeacon("/__gvk/problem", JSON.stringify({ url: location.href, text })); } catch (e) {}
  };
  addEventListener("error", (e) => {
    if (e.target && e.target !== window) return; // a resource that failed to load is not a page error
    report("pageerror: " + (e.message || e.error));
  }, true);
  addEventListener("unhandledrejection", (e) => report("unhandledrejection: " + (e.reason && e.reason.stack || e.reason)));
  const error = console.error;
  console.error = function (...args) {
    try { report("console error: " + args.map((a) => a instanceof Error ? a.message : typeof a === "string" ? a : JSON.stringify(a)).join(" ")); } catch (e) {}
    return error.apply(this, args);
  };
})();`;

const asScript = (s) => (typeof s === "function" ? `(${s.toString()})();` : String(s));

/**
 * Starts the server. `dir`: the folder to serve; `proxy`: a base URL to forward everything else to
 * instead. Returns {base, port, origin(host), init(...), route(...), headers, problems(), reset(), close()}.
 */
export async function startServer({ dir, proxy } = {}) {
  let inits = [];
  let routes = [];
  let problems = [];
  const state = { headers: {} };

  function inject(html) {
    const nonce = (html.match(/<script[^>]*\snonce="([^"]+)"/) || [])[1];
    const n = nonce ? ` nonce="${nonce}"` : "";
    const tags = [`<script${n} src="/__gvk/record.js"></script>`, ...inits.map((_, i) => `<script${n} src="/__gvk/init/${i}.js"></script>`)].join("");
    if (/<head[^>]*>/i.test(html)) return html.replace(/<head[^>]*>/i, (m) => m + tags);
    if (/<html[^>]*>/i.test(html)) return html.replace(/<html[^>]*>/i, (m) => m + tags);
    return tags + html;
  }

  function send(res, status, type, body, extra = {}) {
    const isHtml = /text\/html/.test(type || "");
    const out = isHtml ? inject(Buffer.isBuffer(body) ? body.toString("utf8") : String(body)) : body;
    res.writeHead(status, { "content-type": type || "application/octet-stream", "cache-control": "no-store", ...state.headers, ...extra });
    res.end(out);
  }

  async function serveFile(req, res, path) {
    if (!dir) return send(res, 404, "text/plain", "not found");
    let file = normalize(join(dir, decodeURIComponent(path)));
    if (!file.startsWith(normalize(dir + sep)) && file !== normalize(dir)) return send(res, 403, "text/plain", "no");
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      send(res, 200, TYPES[extname(file)] || "application/octet-stream", body);
    } catch {
      send(res, 404, "text/plain", "not found");
    }
  }

  function forward(req, res) {
    const target = new URL(req.url, proxy);
    const headers = { ...req.headers, host: target.host };
    delete headers["accept-encoding"];
    const up = httpRequest(target, { method: req.method, headers }, (r) => {
      const type = r.headers["content-type"] || "";
      if (/text\/html/.test(type)) {
        const chunks = [];
        r.on("data", (c) => chunks.push(c));
        r.on("end", () => {
          const extra = { ...r.headers };
          delete extra["content-length"];
          delete extra["transfer-encoding"];
          send(res, r.statusCode, type, Buffer.concat(chunks), extra);
        });
      } else {
        // Never cached: each page load of a test downloads what it needs (and can be counted).
        const headers = { ...r.headers, "cache-control": "no-store", ...state.headers };
        delete headers.etag;
        delete headers["last-modified"];
        res.writeHead(r.statusCode, headers);
        r.pipe(res);
      }
    });
    up.on("error", (e) => send(res, 502, "text/plain", String(e)));
    req.pipe(up);
  }

  async function handle(req, res) {
    const host = req.headers.host || "127.0.0.1";
    const url = new URL(req.url, `http://${host}`);
    if (url.pathname === "/__gvk/problem") {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        try { problems.push(JSON.parse(body)); } catch { problems.push({ url: "?", text: body }); }
        res.writeHead(204, state.headers);
        res.end();
      });
      return;
    }
    if (url.pathname === "/__gvk/record.js") return send(res, 200, TYPES[".js"], RECORDER);
    const m = url.pathname.match(/^\/__gvk\/init\/(\d+)\.js$/);
    if (m) return send(res, 200, TYPES[".js"], inits[Number(m[1])] ?? "");
    for (const { test, handler } of routes) {
      if (!test(url.href)) continue;
      const answer = await handler({ url: url.href, method: req.method, headers: req.headers });
      if (answer) {
        return send(res, answer.status ?? 200, answer.contentType ?? TYPES[extname(url.pathname)] ?? "text/plain", answer.body ?? "", answer.headers ?? {});
      }
      break; // undefined: serve it as usual (after the handler's wait, if it waited)
    }
    if (proxy) return forward(req, res);
    return serveFile(req, res, url.pathname);
  }

  const onRequest = (req, res) => {
    handle(req, res).catch((e) => {
      try { send(res, 500, "text/plain", String(e && e.stack || e)); } catch {}
    });
  };
  const v4 = createServer(onRequest);
  await new Promise((resolve, reject) => v4.once("error", reject).listen(0, "127.0.0.1", resolve));
  const port = v4.address().port;
  // `localhost` may resolve to ::1 first (Firefox, WebKit): answer there too, on the same port.
  const v6 = createServer(onRequest);
  await new Promise((resolve) => v6.once("error", () => resolve()).listen(port, "::1", resolve));

  return {
    port,
    base: `http://127.0.0.1:${port}/`,
    /** The same server under another host name (`localhost`: another origin). */
    origin: (host = "127.0.0.1") => `http://${host}:${port}`,
    /** Scripts (source text, or a function called with no argument) run first in every page served from now on. */
    init(...scripts) { inits = scripts.map(asScript); },
    /**
     * Answers requests whose full URL matches `pattern` (a RegExp, or a string: the URL itself, or a
     * prefix ending in `**`) with `handler({url, method, headers})` → {status, contentType, body,
     * headers}, or nothing to serve it as usual (after awaiting, to hold a request back).
     */
    route(pattern, handler) {
      const test = pattern instanceof RegExp ? (u) => pattern.test(u)
        : pattern.endsWith("**") ? (u) => u.startsWith(pattern.slice(0, -2)) : (u) => u === pattern;
      routes.push({ test, handler });
    },
    /** Headers added to every response (set the object's fields). */
    headers: state.headers,
    /** What the pages reported since the last reset: ["pageerror: …", "console error: …"]. */
    async problems(filter = () => true) {
      await new Promise((r) => setTimeout(r, 100)); // beacons in flight
      return problems.filter((p) => filter(p.text, p.url)).map((p) => p.text);
    },
    /** Forgets the problems reported so far (nothing else). */
    clearProblems() {
      problems = [];
    },
    /** Forgets init scripts, routes, headers and problems. */
    reset() {
      inits = [];
      routes = [];
      problems = [];
      for (const k of Object.keys(state.headers)) delete state.headers[k];
    },
    close() {
      v4.closeAllConnections?.();
      v6.closeAllConnections?.();
      v4.close();
      v6.close();
    },
  };
}
