/*! gvk-masking.js — glance-visitor-kit's masking descriptor for Glance Cobrowse.
 *
 * Glance's core asks `window.GLANCE_COBROWSE.getMaskingDescriptor({agents})` for the parts of the
 * page the agents must not see, on every page of a session, when it creates the session there, and
 * again when the agents change. It asks early (before a Leptos app has hydrated), and a callback
 * that throws leaves the page UNMASKED. This script answers from the first moment and never throws:
 * put it BEFORE Glance's script tag:
 *
 *   <script src="/gvk-masking.js" data-mask="#card-number, .balance" data-unmask=""></script>
 *   <script id="glance-cobrowse" src="...CobrowseJS.ashx?group=72937&site=production" data-groupid="72937" ...></script>
 *
 * Attributes (all optional):
 *   data-mask           CSS selectors masked for every agent, separated by commas (Glance's
 *                       `maskedelements`)
 *   data-mask-fallback  CSS selectors masked whenever the kit's role-based masking cannot answer
 *                       (the kit is not there yet, or its callback fails): the parts some agents
 *                       may see and others may not
 *   data-unmask         Glance's `unmaskedelements`: when any is given, Glance masks every part of
 *                       the page outside them (a masked selector still wins)
 *   data-wait           how long (ms) a descriptor waits for the kit when the page has not hydrated
 *                       yet (default 1500); then it answers with what it has
 *
 * What Glance gets: every element carrying `data-gvk-private` (the kit's attribute, also set by its
 * <Masked> wrapper), the data-mask selectors, the selectors of a descriptor the page defined before
 * this script (merged, never replaced), and, once the kit is there, its VisitorOptions masking: its
 * selectors and what its role callback answers for these agents. Invalid selectors are left out;
 * a page descriptor or a kit callback that throws, answers nonsense or is late only loses its own
 * part, and a role callback that cannot answer is replaced by the fallback selectors (the script's
 * and the kit's): the static masks and the attribute always stay. Every such
 * problem is a warning: console.warn, window.gvkMasking.warnings (newest last, at most 50) and the
 * functions given to gvkMasking.onWarning(fn). An answer never takes longer than data-wait (a
 * page descriptor that never settles is left out then). glance-visitor-kit finds this script
 * (window.gvkMasking) and provides its part with provide({masked, unmasked, fallback, describe})
 * (several kits on one page each provide theirs; withdraw(part) takes one back).
 */
(function () {
  "use strict";
  if (window.gvkMasking) return;
  var script = document.currentScript;
  var ATTRIBUTE = "[data-gvk-private]";
  var KEEP = 50;
  var attr = function (name) {
    var v = script && script.getAttribute(name);
    return typeof v === "string" ? v : "";
  };
  var waitMs = Number(attr("data-wait")) || 1500;
  var listeners = [];
  var providers = [];
  var holders = 0;
  var waiting = [];
  // Inside a call of the page's own descriptor (which may call the one it replaced: this one).
  var inPageOwn = 0;
  var pageOwn = null;

  function glanceCobrowse() {
    var g = window.GLANCE_COBROWSE;
    if (!g || typeof g !== "object") g = window.GLANCE_COBROWSE = {};
    return g;
  }

  // Glance reads `window.GLANCE_COBROWSE.getMaskingDescriptor` when it asks. A page may set its own
  // after this script (or a whole new GLANCE_COBROWSE object): both are accessors, so that reading
  // gives this script's descriptor, and a page's function is kept as the page's own part (merged,
  // never replacing the kit's masks).
  var current = null;
  function readOurs() { return getMaskingDescriptor; }
  function writePage(v) { if (typeof v === "function" && v !== getMaskingDescriptor) pageOwn = v; }
  function guard(g) {
    try {
      var d = Object.getOwnPropertyDescriptor(g, "getMaskingDescriptor");
      if (d && d.get === readOurs) return;
      if (d && typeof d.value === "function" && d.value !== getMaskingDescriptor) pageOwn = d.value;
      Object.defineProperty(g, "getMaskingDescriptor", { configurable: true, enumerable: true, get: readOurs, set: writePage });
    } catch (_) {
      try { g.getMaskingDescriptor = getMaskingDescriptor; } catch (__) {}
    }
  }
  function install() {
    current = glanceCobrowse();
    guard(current);
    try {
      Object.defineProperty(window, "GLANCE_COBROWSE", {
        configurable: true,
        enumerable: true,
        get: function () { return current; },
        set: function (v) { if (v && typeof v === "object") { current = v; guard(v); } },
      });
    } catch (_) {}
  }

  function warn(text) {
    var m = "[gvk-masking] " + text;
    try { console.warn(m); } catch (_) {}
    api.warnings.push(m);
    if (api.warnings.length > KEEP) api.warnings.shift();
    for (var i = 0; i < listeners.length; i++) {
      try { listeners[i](m); } catch (_) {}
    }
  }

  // Comma-separated selectors, split at the commas outside brackets and quotes.
  function split(text) {
    var out = [], depth = 0, quote = "", cur = "";
    for (var i = 0; i < text.length; i++) {
      var c = text[i];
      if (quote) { if (c === quote && text[i - 1] !== "\\") quote = ""; }
      else if (c === '"' || c === "'") quote = c;
      else if (c === "(" || c === "[") depth++;
      else if (c === ")" || c === "]") depth--;
      else if (c === "," && depth === 0) { out.push(cur); cur = ""; continue; }
      cur += c;
    }
    out.push(cur);
    return out.map(function (s) { return s.trim(); }).filter(Boolean);
  }

  // A selector Glance can use (`sel` or Glance's `sel@@[attr, ...]`); invalid ones would make its
  // matching throw.
  function valid(sel) {
    if (typeof sel !== "string" || !sel.trim() || sel.length > 1000) return false;
    var m = /^(.*?)@@\[(.*)\]$/.exec(sel);
    try {
      document.createDocumentFragment().querySelector(m ? m[1] : sel);
      return true;
    } catch (_) {
      return false;
    }
  }

  // The strings of `list` that are valid selectors, once each, added to `into`; `from` names the
  // source in warnings. A list that is not an array is a warning and adds nothing. Never throws.
  function add(into, list, from) {
    try {
      if (list === undefined || list === null) return;
      if (!Array.isArray(list)) { warn(from + " is not an array: left out"); return; }
      for (var i = 0; i < list.length && i < 1000; i++) {
        var s = list[i];
        if (!valid(s)) {
          warn(from + ": " + (typeof s === "string" ? JSON.stringify(s.slice(0, 120)) : "a " + typeof s) + " is not a valid selector: left out");
          continue;
        }
        s = s.trim();
        if (into.indexOf(s) < 0) into.push(s);
      }
    } catch (e) {
      warn(from + " could not be read: left out");
    }
  }

  // The parts of a descriptor answer; anything else is nonsense. Never throws.
  function read(d, from) {
    try {
      if (d === undefined || d === null) return null;
      if (typeof d !== "object") { warn(from + " answered a " + typeof d + ", not a descriptor: left out"); return null; }
      var masked = [], unmasked = [];
      add(masked, d.maskedelements, from + " maskedelements");
      add(unmasked, d.unmaskedelements, from + " unmaskedelements");
      return { masked: masked, unmasked: unmasked };
    } catch (e) {
      warn(from + " could not be read: left out");
      return null;
    }
  }

  // The script's own selectors; with `fallback`, its fallback selectors too.
  function staticMasks(fallback) {
    var masked = [ATTRIBUTE], unmasked = [];
    add(masked, split(attr("data-mask")), "data-mask");
    if (fallback) add(masked, split(attr("data-mask-fallback")), "data-mask-fallback");
    add(unmasked, split(attr("data-unmask")), "data-unmask");
    return { masked: masked, unmasked: unmasked };
  }

  // A kit's role-based part for `agents` (`odd`: Glance's agents could not be read), or null when
  // it cannot answer.
  function described(p, agents, odd) {
    if (typeof p.describe !== "function" || odd) return null;
    var d;
    try { d = p.describe(agents); } catch (e) {
      warn("the kit's masking callback threw (" + (e && e.message) + "): the fallback masks apply");
      return null;
    }
    return read(d, "the kit's masking callback");
  }

  // What Glance gets for `agents`, given the page's own part (already awaited). Never throws.
  function compute(agents, own, odd) {
    var parts = providers.map(function (p) { return described(p, agents, odd); });
    // Without an answer from every kit, every part some agent may not see is masked.
    var answered = parts.length > 0 && parts.every(function (p, i) {
      return p !== null || typeof providers[i].describe !== "function";
    });
    var base = staticMasks(!answered);
    var masked = base.masked.slice(), unmasked = base.unmasked.slice();
    if (own) { add(masked, own.masked, "page"); add(unmasked, own.unmasked, "page"); }
    providers.forEach(function (p, i) {
      add(masked, p.masked, "kit masked");
      if (!parts[i]) add(masked, p.fallback, "kit fallback");
      add(unmasked, p.unmasked, "kit unmasked");
      if (parts[i]) { add(masked, parts[i].masked, "kit"); add(unmasked, parts[i].unmasked, "kit"); }
    });
    return { maskedelements: masked, unmaskedelements: unmasked };
  }

  // The page's own descriptor's part, within `waitMs`; null when it fails, answers nonsense or is
  // late. Never rejects.
  function pageOwnPart(agents) {
    if (!pageOwn || inPageOwn > 0) return Promise.resolve(null);
    return new Promise(function (resolve) {
      var done = false;
      var finish = function (v) { if (!done) { done = true; resolve(v); } };
      setTimeout(function () {
        if (!done) warn("the page's own getMaskingDescriptor did not answer within " + waitMs + " ms: its part is left out");
        finish(null);
      }, waitMs);
      var r;
      inPageOwn++;
      try { r = pageOwn.call(glanceCobrowse(), { agents: agents }); } catch (e) {
        warn("the page's own getMaskingDescriptor threw (" + (e && e.message) + "): its part is left out");
        r = null;
      } finally {
        inPageOwn--;
      }
      Promise.resolve(r).then(function (d) { finish(read(d, "the page's own descriptor")); }, function (e) {
        warn("the page's own getMaskingDescriptor failed (" + (e && e.message) + "): its part is left out");
        finish(null);
      });
    });
  }

  function kitThere() {
    if (providers.length) return Promise.resolve(true);
    return new Promise(function (resolve) {
      var done = false;
      var finish = function (ok) { if (!done) { done = true; resolve(ok); } };
      waiting.push(finish);
      setTimeout(function () { finish(false); }, waitMs);
    });
  }

  // While a session runs, the parts masked by selector show the visitor the same hint as the
  // attribute's (the kit's stylesheet has that one): one rule per selector, inserted one by one,
  // so that a selector the browser cannot use loses only its own rule.
  function hint(masked) {
    try {
      var el = document.getElementById("gvk-masking-hint");
      if (!el) {
        el = document.createElement("style");
        el.id = "gvk-masking-hint";
        var nonce = script && script.nonce;
        if (nonce) el.nonce = nonce;
        (document.head || document.documentElement).appendChild(el);
      }
      var sheet = el.sheet;
      if (!sheet) return;
      while (sheet.cssRules.length) sheet.deleteRule(0);
      for (var i = 0; i < masked.length; i++) {
        if (masked[i] === ATTRIBUTE) continue;
        var m = /^(.*?)@@\[(.*)\]$/.exec(masked[i]);
        var at = ":root[data-gvk-session] :is(" + (m ? m[1] : masked[i]) + ")";
        try {
          sheet.insertRule(at + " { outline: var(--gvk-border-width) dashed var(--gvk-color-muted); outline-offset: 2px; }", sheet.cssRules.length);
          sheet.insertRule(at + "::after { content: \" \" var(--gvk-private-label); color: var(--gvk-color-muted); font-size: var(--gvk-font-size-small); }", sheet.cssRules.length);
        } catch (_) {}
      }
    } catch (_) {}
  }

  // Where the accessors could not be defined (a page that froze its objects): a descriptor the
  // page set after this script is adopted whenever a kit comes and whenever this one is asked,
  // never from inside the page's own (which may call the one it replaced).
  function adopt() {
    if (inPageOwn > 0) return;
    try {
      var g = glanceCobrowse();
      if (g !== current) { current = g; guard(g); }
      var found = g.getMaskingDescriptor;
      if (found !== getMaskingDescriptor) {
        if (typeof found === "function") pageOwn = found;
        g.getMaskingDescriptor = getMaskingDescriptor;
      }
    } catch (_) {}
  }

  function fallbackAnswer() {
    var base = staticMasks(true);
    providers.forEach(function (p) { add(base.masked, p.masked, "kit masked"); add(base.masked, p.fallback, "kit fallback"); });
    return { maskedelements: base.masked, unmaskedelements: base.unmasked };
  }

  // Glance's entry point: never throws, never rejects, never less than the static masks, answers
  // within `waitMs` (and a little).
  function getMaskingDescriptor(arg) {
    try {
      adopt();
      var agents = null, odd = arg !== undefined && arg !== null && typeof arg !== "object";
      try { agents = arg && typeof arg === "object" ? arg.agents : null; } catch (_) { odd = true; }
      if (agents === undefined) agents = null;
      try {
        if (agents !== null && (typeof agents !== "object" || Array.isArray(agents))) odd = true;
      } catch (_) { odd = true; }
      if (odd) {
        warn("Glance's agents are not an agent list: the fallback masks apply");
        agents = null;
      }
      return Promise.all([pageOwnPart(agents), kitThere()]).then(function (r) {
        if (!r[1]) warn("the kit was not there within " + waitMs + " ms: answered with the static and fallback masks");
        var d = compute(agents, r[0], odd);
        hint(d.maskedelements);
        return d;
      }).then(null, function (e) {
        warn("masking failed (" + (e && e.message) + "): answered with the static and fallback masks");
        return fallbackAnswer();
      });
    } catch (e) {
      warn("masking failed (" + (e && e.message) + "): answered with the static and fallback masks");
      return Promise.resolve(fallbackAnswer());
    }
  }

  var api = {
    warnings: [],
    /** A kit's part: {masked, unmasked, fallback, describe(agents)}. */
    provide: function (p) {
      adopt();
      if (!p || typeof p !== "object" || providers.indexOf(p) >= 0) return;
      providers.push(p);
      var w = waiting;
      waiting = [];
      for (var i = 0; i < w.length; i++) w[i](true);
    },
    /** Takes a kit's part back. */
    withdraw: function (p) {
      var i = providers.indexOf(p);
      if (i >= 0) providers.splice(i, 1);
    },
    onWarning: function (fn) { if (typeof fn === "function") listeners.push(fn); },
    offWarning: function (fn) { var i = listeners.indexOf(fn); if (i >= 0) listeners.splice(i, 1); },
    /** What Glance would get now for `agents` (without the page's own part). */
    compute: function (agents) { return compute(agents === undefined ? null : agents, null, false); },
    getMaskingDescriptor: getMaskingDescriptor,
    /** A kit that inserted this script holds it while mounted; the last one to let go removes it. */
    hold: function () { holders++; },
    release: function () {
      holders = Math.max(0, holders - 1);
      if (holders === 0) api.uninstall();
    },
    /** Puts back the page's own descriptor and forgets this script. */
    uninstall: function () {
      // Only the script that is installed touches the page's globals (a kit may let go of one
      // that was replaced since).
      if (window.gvkMasking !== api) return;
      var g = current;
      try {
        Object.defineProperty(window, "GLANCE_COBROWSE", { configurable: true, enumerable: true, writable: true, value: g });
      } catch (_) {}
      try {
        if (g && g.getMaskingDescriptor === getMaskingDescriptor) {
          Object.defineProperty(g, "getMaskingDescriptor", { configurable: true, enumerable: true, writable: true, value: pageOwn });
          if (!pageOwn) delete g.getMaskingDescriptor;
        }
      } catch (_) {}
      providers = [];
      var el = document.getElementById("gvk-masking-hint");
      if (el) el.remove();
      var own = document.getElementById("gvk-masking");
      if (own && own.tagName === "SCRIPT") own.remove();
      if (window.gvkMasking === api) delete window.gvkMasking;
    },
  };
  install();
  window.gvkMasking = api;
})();
