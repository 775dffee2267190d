// A stand-in for Glance's loader, as far as glance_invoke goes (shared/spec/glance-notes.md): when it
// runs it defines window.GLANCE.Cobrowse.{Visitor, Loader} and at once registers its `message`
// listener on window, the way Glance's loader does. Like Glance's core it has no allowlist: it runs
// whatever Visitor method a glance_invoke message names, passing `args`. Group and origin checks are
// left out on purpose: this stand-in shows what reaches Glance, i.e. what the kit's guard let through.
//
//   window.gvkLoaderLog.received      every glance_invoke that reached the loader's listener (JSON)
//   window.gvkLoaderLog.calls         {enableRC: [...], startSession: [...], stopSession: n, showTerms: [...]}
//   window.gvkLoaderLog.remove()      removes the listener and window.GLANCE
(function () {
  var listeners = {};
  var log = { received: [], calls: { enableRC: [], startSession: [], stopSession: 0, showTerms: [], setStartParams: [] } };
  var V = {
    loaded: true,
    addEventListener: function (n, f) { (listeners[n] = listeners[n] || []).push(f); },
    removeEventListener: function (n, f) {
      var l = listeners[n] || [];
      var i = l.indexOf(f);
      if (i >= 0) l.splice(i, 1);
    },
    inSession: function () { return false; },
    getKey: function () { return null; },
    getSessionState: function () { return null; },
    isPageMasked: function () { return false; },
    startSession: function (a) { log.calls.startSession.push(a); },
    stopSession: function () { log.calls.stopSession += 1; },
    enableRC: function (on) { log.calls.enableRC.push(on); },
    setStartParams: function (p) { log.calls.setStartParams.push(p); },
    showTerms: function (p) { log.calls.showTerms.push(p); },
    showButton: function () {},
    toggleButton: function () {},
  };
  window.GLANCE = { Cobrowse: { Visitor: V, Loader: { setUIReady: function () {} } } };
  function onMessage(e) {
    var d = e.data;
    if (!d || typeof d !== "object" || !d.glance_invoke) return;
    var inv = d.glance_invoke;
    try { log.received.push(JSON.stringify(inv)); } catch (_) { log.received.push("(unreadable)"); }
    var f = inv && V[inv.func];
    if (typeof f === "function") {
      try { f.call(V, inv.args); } catch (_) {}
    }
  }
  window.addEventListener("message", onMessage);
  log.remove = function () {
    window.removeEventListener("message", onMessage);
    delete window.GLANCE;
  };
  window.gvkLoaderLog = log;
})();
