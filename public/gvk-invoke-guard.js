/*! gvk-invoke-guard.js — glance-visitor-kit's guard in front of Glance's glance_invoke listener.
 *
 * Put it BEFORE Glance's script tag (message listeners on window run in registration order, and
 * Glance's loader registers its own as soon as it runs):
 *
 *   <script src="/gvk-invoke-guard.js" data-trusted="https://chat.example.com"></script>
 *   <script id="glance-cobrowse" src="...CobrowseJS.ashx?group=72937&site=production" data-groupid="72937" ...></script>
 *
 * Attributes (all optional):
 *   data-trusted  exact origins (scheme://host[:port]) trusted besides the page's own, separated by
 *                 spaces or commas. No wildcards, no suffix match.
 *   data-group    the groups a message may name; default: the Glance tag's data-groupid and
 *                 data-additionalgroupids, read when a message arrives.
 *   data-allow    the Visitor functions a chat window may invoke; default
 *                 "startSession stopSession showTerms setStartParams". enableRC, constructor,
 *                 __proto__, addEventListener and other object members are never allowed.
 *
 * A glance_invoke message that breaks a rule is stopped (stopImmediatePropagation) before Glance
 * sees it and reported: console.warn, window.gvkInvokeGuard.rejected (newest last, at most 50) and
 * the functions given to gvkInvokeGuard.onReject(fn). Codes: UNTRUSTED_INVOKE, INVOKE_WRONG_GRP,
 * INVOKE_GRP_ARG_CONFLICT (Glance's), INVOKE_FUNC_NOT_ALLOWED, INVOKE_MALFORMED. Messages without
 * an own glance_invoke member pass untouched. When a message passes, the current
 * GLANCE.Cobrowse.Visitor.enableRC is made to refuse any argument that is not a boolean.
 * glance-visitor-kit's InvokeGuard::install() finds this script (window.gvkInvokeGuard) and
 * configures it with configure({trusted, groups, allow}).
 */
(function () {
  "use strict";
  if (window.gvkInvokeGuard) return;
  var script = document.currentScript;
  var DEFAULT_ALLOW = ["startSession", "stopSession", "showTerms", "setStartParams"];
  var NEVER = ["enableRC", "constructor", "__proto__", "prototype", "addEventListener", "removeEventListener",
    "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "propertyIsEnumerable", "toLocaleString",
    "__defineGetter__", "__defineSetter__"];
  var KEEP = 50;
  var own = Object.prototype.hasOwnProperty;

  // scheme://host[:port] -> normalised text, or null (same rules as the kit's Origin::parse).
  function parseOrigin(text) {
    if (typeof text !== "string" || text.length > 300) return null;
    var m = /^([A-Za-z]+):\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)(?::([0-9]{1,5}))?\/?$/.exec(text);
    if (!m) return null;
    var scheme = m[1].toLowerCase();
    var def = scheme === "http" ? 80 : scheme === "https" ? 443 : 0;
    if (!def) return null;
    var host = m[2].toLowerCase();
    var port = m[3] === undefined ? def : Number(m[3]);
    if (m[3] !== undefined && (port < 1 || port > 65535)) return null;
    return scheme + "://" + host + (port === def ? "" : ":" + port);
  }

  function words(text) {
    return typeof text === "string" ? text.split(/[\s,]+/).filter(Boolean) : [];
  }

  function allowable(f) {
    return /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/.test(f) && NEVER.indexOf(f) < 0;
  }

  function groupText(v) {
    if (typeof v === "string") return v.trim();
    if (typeof v === "number" && isFinite(v)) return String(v);
    return null;
  }

  var config = { trusted: [], groups: null, allow: DEFAULT_ALLOW.slice() };

  function configure(opts) {
    opts = opts || {};
    if (opts.trusted !== undefined) {
      config.trusted = [].concat(opts.trusted).map(parseOrigin).filter(Boolean);
    }
    if (opts.groups !== undefined) {
      var g = [].concat(opts.groups).map(groupText).filter(Boolean);
      config.groups = g.length ? g : null;
    }
    if (opts.allow !== undefined) {
      config.allow = [].concat(opts.allow).filter(function (f) { return typeof f === "string" && allowable(f); });
    }
  }

  if (script) {
    var a = function (n) { return script.getAttribute(n); };
    configure({
      trusted: words(a("data-trusted")),
      groups: a("data-group") === null ? undefined : words(a("data-group")),
      allow: a("data-allow") === null ? undefined : words(a("data-allow")),
    });
  }

  function tagGroups() {
    var tag = document.getElementById("glance-cobrowse");
    if (!tag) return [];
    return words((tag.getAttribute("data-groupid") || "") + "," + (tag.getAttribute("data-additionalgroupids") || ""));
  }

  var rejected = [];
  var hooks = [];

  // The rules, in the kit's order. Returns null (passes) or [code, detail].
  function check(origin, inv) {
    var sender = parseOrigin(origin);
    if (!sender || (sender !== parseOrigin(location.origin) && config.trusted.indexOf(sender) < 0)) {
      return ["UNTRUSTED_INVOKE", "the sender's origin is not trusted"];
    }
    if (!inv || typeof inv !== "object" || Array.isArray(inv)) return ["INVOKE_MALFORMED", "glance_invoke is not an object"];
    var func = inv.func, group = inv.groupid, args = inv.args;
    if (typeof func !== "string") return ["INVOKE_MALFORMED", "func is not a string"];
    var groups = config.groups || tagGroups();
    var g = groupText(group);
    if (g === null || groups.indexOf(g) < 0) return ["INVOKE_WRONG_GRP", "groupid is not this page's group"];
    if (!allowable(func) || config.allow.indexOf(func) < 0) {
      return ["INVOKE_FUNC_NOT_ALLOWED", "this function may not be invoked from another window"];
    }
    if (args !== undefined && args !== null) {
      if (typeof args !== "object" || Array.isArray(args)) return ["INVOKE_MALFORMED", "args is not an object"];
      var ag = args.groupid;
      if (ag !== undefined && ag !== null && groupText(ag) !== g) {
        return ["INVOKE_GRP_ARG_CONFLICT", "args.groupid differs from groupid"];
      }
    }
    return null;
  }

  function guardEnableRC() {
    var v = window.GLANCE && window.GLANCE.Cobrowse && window.GLANCE.Cobrowse.Visitor;
    if (!v || typeof v.enableRC !== "function" || v.enableRC.gvkGuarded) return;
    var original = v.enableRC;
    var wrapper = function (on) {
      if (typeof on !== "boolean") {
        console.warn("[gvk-invoke-guard] refused GLANCE.Cobrowse.Visitor.enableRC with an argument that is not a boolean");
        return undefined;
      }
      return original.call(v, on);
    };
    wrapper.gvkGuarded = true;
    v.enableRC = wrapper;
  }

  function onMessage(e) {
    var inv, verdict;
    try {
      var d = e.data;
      if (!d || typeof d !== "object" || !own.call(d, "glance_invoke")) return;
      inv = d.glance_invoke;
      verdict = check(e.origin, inv);
    } catch (err) {
      // A hostile object (a throwing getter or Proxy): not something Glance may run either.
      verdict = ["INVOKE_MALFORMED", "the message could not be read"];
    }
    if (!verdict) {
      guardEnableRC();
      return;
    }
    e.stopImmediatePropagation();
    var func = null;
    try { func = inv && typeof inv.func === "string" ? inv.func.slice(0, 64) : null; } catch (_) {}
    var r = { code: verdict[0], origin: String(e.origin).slice(0, 200), func: func, detail: verdict[1] };
    rejected.push(r);
    if (rejected.length > KEEP) rejected.splice(0, rejected.length - KEEP);
    console.warn("[gvk-invoke-guard] refused glance_invoke: " + r.code + " from " + r.origin + (func ? " (" + func + ")" : ""));
    hooks.slice().forEach(function (fn) {
      try { fn(r); } catch (_) {}
    });
  }

  window.addEventListener("message", onMessage, true);

  var api = {
    version: 1,
    rejected: rejected,
    configure: configure,
    // The rules in force (copies).
    rules: function () {
      return { trusted: config.trusted.slice(), groups: (config.groups || tagGroups()).slice(), allow: config.allow.slice() };
    },
    onReject: function (fn) {
      if (typeof fn !== "function") return function () {};
      hooks.push(fn);
      return function () {
        var i = hooks.indexOf(fn);
        if (i >= 0) hooks.splice(i, 1);
      };
    },
    remove: function () {
      window.removeEventListener("message", onMessage, true);
      hooks.length = 0;
      if (window.gvkInvokeGuard === api) delete window.gvkInvokeGuard;
    },
  };
  window.gvkInvokeGuard = api;
})();
