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
 * functions given to gvkMasking.onWarning(fn). glance-visitor-kit finds this script
 * (window.gvkMasking) and provides its part with provide({masked, unmasked, fallback, describe}).
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
  var provider = null;
  var waiting = [];
  var G = (window.GLANCE_COBROWSE = window.GLANCE_COBROWSE || {});
  var pageOwn = typeof G.getMaskingDescriptor === "function" ? G.getMaskingDescriptor : null;

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
  // source in warnings. A list that is not an array is a warning and adds nothing.
  function add(into, list, from) {
    if (list === undefined || list === null) return;
    if (!Array.isArray(list)) { warn(from + " is not an array: left out"); return; }
    for (var i = 0; i < list.length && i < 1000; i++) {
      var s = list[i];
      if (!valid(s)) { warn(from + ": " + JSON.stringify(String(s)).slice(0, 120) + " is not a valid selector: left out"); continue; }
      s = s.trim();
      if (into.indexOf(s) < 0) into.push(s);
    }
  }

  // The parts of a descriptor answer; anything else is nonsense.
  function read(d, from) {
    if (d === undefined || d === null) return null;
    if (typeof d !== "object") { warn(from + " answered a " + typeof d + ", not a descriptor: left out"); return null; }
    var masked = [], unmasked = [];
    add(masked, d.maskedelements, from + " maskedelements");
    add(unmasked, d.unmaskedelements, from + " unmaskedelements");
    return { masked: masked, unmasked: unmasked };
  }

  // The script's own selectors; with `fallback`, its fallback selectors too.
  function staticMasks(fallback) {
    var masked = [ATTRIBUTE], unmasked = [];
    add(masked, split(attr("data-mask")), "data-mask");
    if (fallback) add(masked, split(attr("data-mask-fallback")), "data-mask-fallback");
    add(unmasked, split(attr("data-unmask")), "data-unmask");
    return { masked: masked, unmasked: unmasked };
  }

  // The kit's role-based part for `agents` (`odd`: Glance's agents could not be read), or null
  // when it cannot answer.
  function described(agents, odd) {
    if (!provider || typeof provider.describe !== "function") return null;
    if (odd) return null;
    var d;
    try { d = provider.describe(agents === undefined ? null : agents); } catch (e) {
      warn("the kit's masking callback threw (" + (e && e.message) + "): the fallback masks apply");
      return null;
    }
    return read(d, "the kit's masking callback");
  }

  // What Glance gets for `agents`, given the page's own part (already awaited). Never throws.
  function compute(agents, own, odd) {
    var part = described(agents, odd);
    // Without the kit's answer, every part some agent may not see is masked.
    var base = staticMasks(!part);
    var masked = base.masked.slice(), unmasked = base.unmasked.slice();
    if (own) { add(masked, own.masked, "page"); add(unmasked, own.unmasked, "page"); }
    if (provider) {
      add(masked, provider.masked, "kit masked");
      if (!part) add(masked, provider.fallback, "kit fallback");
      add(unmasked, provider.unmasked, "kit unmasked");
    }
    if (part) { add(masked, part.masked, "kit"); add(unmasked, part.unmasked, "kit"); }
    return { maskedelements: masked, unmaskedelements: unmasked };
  }

  function pageOwnPart(agents) {
    if (!pageOwn) return Promise.resolve(null);
    return new Promise(function (resolve) {
      var r;
      try { r = pageOwn.call(G, { agents: agents }); } catch (e) {
        warn("the page's own getMaskingDescriptor threw (" + (e && e.message) + "): its part is left out");
        return resolve(null);
      }
      Promise.resolve(r).then(function (d) { resolve(read(d, "the page's own descriptor")); }, function (e) {
        warn("the page's own getMaskingDescriptor failed (" + (e && e.message) + "): its part is left out");
        resolve(null);
      });
    });
  }

  function kitThere() {
    if (provider) return Promise.resolve(true);
    return new Promise(function (resolve) {
      var done = false;
      var finish = function (ok) { if (!done) { done = true; resolve(ok); } };
      waiting.push(finish);
      setTimeout(function () { finish(false); }, waitMs);
    });
  }

  // While a session runs, the parts masked by selector show the visitor the same hint as the
  // attribute's (the kit's stylesheet has that one): a rule per selector, so that one the browser
  // cannot use loses only its own rule.
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
      var css = "";
      for (var i = 0; i < masked.length; i++) {
        if (masked[i] === ATTRIBUTE) continue;
        var m = /^(.*?)@@\[(.*)\]$/.exec(masked[i]);
        var at = ":root[data-gvk-session] :is(" + (m ? m[1] : masked[i]) + ")";
        css += at + " { outline: var(--gvk-border-width) dashed var(--gvk-color-muted); outline-offset: 2px; }\n" +
          at + "::after { content: \" \" var(--gvk-private-label); color: var(--gvk-color-muted); font-size: var(--gvk-font-size-small); }\n";
      }
      if (el.textContent !== css) el.textContent = css;
    } catch (_) {}
  }

  // A descriptor the page defined after this script ran: merged too, never replaced (looked for
  // whenever the kit comes and whenever this one is asked).
  function adopt() {
    try {
      var current = G.getMaskingDescriptor;
      if (typeof current === "function" && current !== getMaskingDescriptor) {
        pageOwn = current;
        G.getMaskingDescriptor = getMaskingDescriptor;
      }
    } catch (_) {}
  }

  // Glance's entry point: never throws, never rejects, never less than the static masks.
  function getMaskingDescriptor(arg) {
    adopt();
    var agents = null, odd = arg !== undefined && arg !== null && typeof arg !== "object";
    try { agents = arg && typeof arg === "object" ? arg.agents : null; } catch (_) { odd = true; }
    if (agents === undefined) agents = null;
    if (agents !== null && (typeof agents !== "object" || Array.isArray(agents))) odd = true;
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
      var base = staticMasks(true);
      if (provider) { add(base.masked, provider.masked, "kit masked"); add(base.masked, provider.fallback, "kit fallback"); }
      return { maskedelements: base.masked, unmaskedelements: base.unmasked };
    });
  }

  var api = {
    warnings: [],
    /** The kit's part: {masked, unmasked, describe(agents)}; null withdraws it. */
    provide: function (p) {
      adopt();
      provider = p && typeof p === "object" ? p : null;
      if (provider) { var w = waiting; waiting = []; for (var i = 0; i < w.length; i++) w[i](true); }
    },
    onWarning: function (fn) { if (typeof fn === "function") listeners.push(fn); },
    offWarning: function (fn) { var i = listeners.indexOf(fn); if (i >= 0) listeners.splice(i, 1); },
    /** What Glance would get now for `agents` (without the page's own part). */
    compute: function (agents) { return compute(agents === undefined ? null : agents, null, false); },
    getMaskingDescriptor: getMaskingDescriptor,
    /** Puts back the page's own descriptor and forgets this script (the kit calls it when it
     * inserted the script itself and unmounts). */
    uninstall: function () {
      if (G.getMaskingDescriptor === getMaskingDescriptor) {
        if (pageOwn) G.getMaskingDescriptor = pageOwn; else delete G.getMaskingDescriptor;
      }
      provider = null;
      var el = document.getElementById("gvk-masking-hint");
      if (el) el.remove();
      if (window.gvkMasking === api) delete window.gvkMasking;
    },
  };
  G.getMaskingDescriptor = getMaskingDescriptor;
  window.gvkMasking = api;
})();
