// A seeded generator of hostile visitor events for the storm test (tests/browser.rs). Evaluated from
// Rust; fires through the Glance stand-in (tests/glance-standin.js), so events take the same path as
// Glance's.
//
//   gvkStorm.start(seed)   reset the generator
//   gvkStorm.step()        fire one random event; returns its name
//   gvkStorm.payloads      every payload that carried callbacks, each with `calls` {fnName: count}
//                          and `exact` (a well-formed request whose callbacks are real: it must end
//                          up answered exactly once, unless it was still open when a `sessionend`
//                          came: then `atEnd` is set, and its session being gone, it may stay
//                          unanswered)
//   gvkStorm.markEnded()   marks every request not answered yet `atEnd` (before a `sessionend`)
(function () {
  // mulberry32: small, seedable, good enough for test data.
  function rng(seed) {
    let a = seed >>> 0;
    return function () {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const NAMES = [
    "sessionstarting", "sessionstart", "sessioncontinue", "statereceived", "sessionend", "error", "agents",
    "blur", "focus", "rc", "accessibility", "reverseended", "screenshare", "screensharepause",
    "screensharepaused", "screenshareresume", "screenshareresumed", "viewerinfo", "connection",
    "sessionpaused", "ready", "pagemasked", "leavesession", "recoversession", "viewerclosing",
    "videobgfilterfailed", "filedownloading", "filedownloaded", "widgetmoving", "widgetmoved",
    "navigationassist", "visitorvideo", "visitorvideostarted", "visitorvideopaused", "visitorvideoresumed",
    "visitorvideostopped", "visitorvideoended", "visitorvideoresize", "visitorvideoerror",
    "visitorscreensharestarted", "visitorscreensharepaused", "visitorscreenshareended",
  ];
  const REQUESTS = [
    "rcrequested", "reverseconfirm", "urlstartwarning", "visitorvideorequested", "visitorscreensharerequested",
    "visitorscreensharesurfacenotallowed", "addguestrequested", "docsharerequested", "navassistrequested", "confirm",
  ];
  // Requests whose decline calls nothing (navigation): "exactly once" is not observable there.
  const NO_DECLINE = new Set(["navassistrequested", "confirm"]);
  const UNKNOWN = ["", "constructor", "__proto__", "toString", "hasOwnProperty", "visitorhologram", "RCREQUESTED"];
  const VIEWS = ["glance_screenshare", "glance_agentvideo", "custom_view", "", "<img src=x onerror=window.gvkXss=1>"];
  const HOSTILE = [
    "<script>window.gvkXss = 1</script>", "<img src=x onerror=window.gvkXss=1>", "\u202e\u0000\ud800", "x".repeat(64),
  ];
  const BIG = "A".repeat(1 << 20);

  let r = rng(1);
  const pick = (list) => list[Math.floor(r() * list.length)];
  const chance = (p) => r() < p;

  function number() {
    return pick([NaN, Infinity, -Infinity, -1, 0, 1e12, 3.5, 640, 1600, 900, -0, 2 ** 53, Number.MIN_VALUE]);
  }
  function text() {
    return chance(0.01) ? BIG : pick(["ok", "reconnecting", "new", "continued", "ended", "still-error", "small",
      "large", "agent", "conndrop", "PlayerTooSlow", "maybe", ...HOSTILE]);
  }
  function junk(depth) {
    switch (Math.floor(r() * 11)) {
      case 0: return undefined;
      case 1: return null;
      case 2: return number();
      case 3: return text();
      case 4: return chance(0.5);
      case 5: return () => 1;
      case 6: return depth > 3 ? {} : { a: junk(depth + 1), b: junk(depth + 1) };
      case 7: return depth > 3 ? [] : [junk(depth + 1), junk(depth + 1)];
      case 8: { const o = { self: null, n: 1 }; o.self = o; return o; } // cyclic
      case 9: { let o = {}; for (let i = 0; i < 60; i++) o = { deeper: o }; return o; } // deep
      default: return Object.freeze({ frozen: text() });
    }
  }
  function size() {
    return chance(0.7) ? { width: number(), height: number() } : junk(0);
  }
  // A payload shaped like the event's, with random fields wrong, missing or extra.
  function shaped(name) {
    const p = {};
    const set = (k, v) => { if (!chance(0.1)) p[k] = chance(0.1) ? junk(0) : v; };
    switch (name) {
      case "agents": set("count", chance(0.8) ? Math.floor(r() * 4) : number());
        set("agentlist", [{ name: text(), username: text() }, junk(0)]); break;
      case "error": set("code", pick(["service", "conndrop", "dupkey", "scriptloadfailed", text()])); set("msg", text());
        set("params", { server: text(), script: text() }); break;
      case "rc": case "accessibility": set("enabled", chance(0.5)); break;
      case "sessionpaused": set("paused", chance(0.5)); break;
      case "sessionend": set("reason", pick(["agent", "visitor", "error", text()])); break;
      case "screenshare": set("screenshareView", pick(VIEWS)); set("state", pick(["new", "continued", "ended", "still-ended", "error", text()]));
        set("paused", chance(0.3)); set("params", size()); break;
      case "viewerinfo": set("screenshareView", pick(VIEWS)); set("screen", size()); set("scaledview", size());
        set(chance(0.5) ? "stats" : "glance_viewer", chance(0.5) ? { viewerfps: number() } : { stats: { fpslimit: number() } }); break;
      case "connection": set("status", pick(["ok", "reconnecting", text()])); break;
      case "widgetmoving": set("left", number()); set("bottom", number()); break;
      case "visitorvideo": set("video", pick(["small", "large", text()])); set("camerastatus", text()); break;
      case "visitorvideostarted": set("width", number()); set("height", number()); break;
      case "visitorvideoerror": set("error", junk(0)); break;
      case "viewerclosing": set("screenshareView", pick(VIEWS)); set("closereason", text()); break;
      default:
        if (name.startsWith("screenshare")) set("screenshareView", pick(VIEWS));
    }
    if (chance(0.2)) p.extra = junk(0);
    return p;
  }
  // A request payload: its callbacks count their calls on the payload; some throw, some are not
  // functions at all.
  function request(name) {
    const p = shaped(name);
    p.calls = {};
    const fn = (key) => {
      const roll = r();
      if (roll < 0.05) return pick([5, "accept", null, {}]); // not a function
      const throws = roll < 0.1;
      return function () {
        p.calls[key] = (p.calls[key] || 0) + 1;
        if (throws) throw new Error("storm: " + key + " throws");
      };
    };
    const keys = name === "docsharerequested"
      ? ["onpreviewconfirm", "onpreviewcancel", "onconfirm", "oncancel"]
      : ["accept", "decline"];
    let real = true;
    for (const k of keys) {
      p[k] = fn(k);
      if (typeof p[k] !== "function") real = false;
    }
    if (name === "rcrequested") p.selective = chance(0.9) ? chance(0.5) : junk(0);
    if (name === "navassistrequested" || name === "confirm") p.url = chance(0.9) ? "#storm" : junk(0);
    const wellFormed = name !== "rcrequested" || typeof p.selective === "boolean";
    p.exact = real && wellFormed && name !== "docsharerequested" && !NO_DECLINE.has(name);
    gvkStorm.payloads.push(p);
    return p;
  }
  function revoked() {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return proxy;
  }
  function trap() {
    return new Proxy({}, {
      get(_, k) { if (k === "length" || chance(0.5)) throw new Error("trap " + String(k)); return 1; },
      ownKeys() { return ["length", "status", "count"]; },
      getOwnPropertyDescriptor() { return { configurable: true, enumerable: true, value: 1 }; },
    });
  }

  window.gvkStorm = {
    payloads: [],
    start(seed) {
      r = rng(seed);
      this.payloads = [];
    },
    step() {
      const roll = r();
      let name, payload;
      if (roll < 0.25) {
        name = pick(REQUESTS);
        payload = request(name);
      } else if (roll < 0.85) {
        name = pick(NAMES);
        payload = shaped(name);
      } else {
        name = chance(0.5) ? pick(UNKNOWN) : pick(NAMES);
        payload = pick([undefined, null, 0, "", [], revoked(), trap(), Object.create(null), junk(0), () => 1, BIG, true]);
      }
      if (name === "sessionend") this.markEnded();
      window.gvkStandIn.current.fire(name, payload);
      return name;
    },
    markEnded() {
      for (const p of this.payloads) {
        if (Object.values(p.calls).every((n) => n === 0)) p.atEnd = true;
      }
    },
  };
})();
