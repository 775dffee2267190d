// A stand-in for Glance's `window.GLANCE`, written from the documented API (Visitor Events page and
// shared/spec/glance-notes.md). Used by the browser tests (evaluated from Rust) and the e2e tests
// (Playwright init script). It records what the kit does to it.
//
//   gvkStandIn.install({stub, loader, inSession, sessionState, methods})  -> the stand-in
//   standIn.fire(name, payload)       deliver an event to the current Visitor's listeners
//   standIn.upgrade({carry})          replace the stub with the full Visitor (listeners carry over unless
//                                     carry is false), fire `ready`
//   standIn.listenerCount(name?)      listeners held (all names when no name)
//   standIn.calls                     {setUIReady, startSession: [...], stopSession, enableRC: [...], ...}
//   standIn.defaultUiLoads            how often Glance's default UI would have been loaded
(function () {
  function makeVisitor(standIn, loaded, listeners) {
    const v = {
      loaded,
      addEventListener(name, fn) {
        (listeners[name] = listeners[name] || []).push(fn);
      },
      removeEventListener(name, fn) {
        const list = listeners[name] || [];
        const i = list.indexOf(fn);
        if (i >= 0) list.splice(i, 1);
      },
      inSession() { return standIn.inSession; },
      getKey() { return standIn.key; },
      getSessionState(name, view) {
        if (!standIn.stateReceived) return null;
        const s = standIn.sessionState[name];
        if (s === undefined) return null;
        return view === undefined ? s : (s[view] === undefined ? null : s[view]);
      },
      startSession(arg) { standIn.calls.startSession.push(arg); standIn.inSession = true; },
      stopSession() { standIn.calls.stopSession += 1; standIn.inSession = false; },
      enableRC(on) { standIn.calls.enableRC.push(on); },
      pauseSession(arg) { standIn.calls.pauseSession.push(arg); },
      isSessionPaused() { return false; },
      // Like the loader's stubs: with data-ui="custom" these would load Glance's default UI script.
      showTerms(params) { standIn.defaultUiLoads += 1; },
      showButton(show) { standIn.defaultUiLoads += 1; },
      toggleButton() { standIn.defaultUiLoads += 1; },
      setStyle() { standIn.defaultUiLoads += 1; },
    };
    for (const m of standIn.missing) delete v[m];
    return v;
  }

  window.gvkStandIn = {
    install(opts) {
      opts = opts || {};
      const standIn = {
        listeners: {},
        inSession: !!opts.inSession,
        stateReceived: !!opts.stateReceived,
        sessionState: opts.sessionState || {},
        key: opts.key || "4321",
        missing: opts.missing || [],
        defaultUiLoads: 0,
        calls: { setUIReady: 0, startSession: [], stopSession: 0, enableRC: [], pauseSession: [] },
        fire(name, payload) {
          for (const fn of (this.listeners[name] || []).slice()) fn(payload);
        },
        listenerCount(name) {
          if (name !== undefined) return (this.listeners[name] || []).length;
          return Object.values(this.listeners).reduce((n, l) => n + l.length, 0);
        },
        upgrade(opts) {
          // `{inPlace: true}`: the full script turns the stub object itself into the full Visitor.
          if (opts && opts.inPlace) {
            const v = window.GLANCE.Cobrowse.Visitor;
            const ui = window.GLANCE.Cobrowse.VisitorUI;
            v.loaded = true;
            v.showTerms = (p) => (ui && ui.showTerms ? ui.showTerms(p) : (this.defaultUiLoads += 1));
            v.showButton = () => { this.defaultUiLoads += 1; };
            v.toggleButton = () => { this.defaultUiLoads += 1; };
            this.fire("ready", undefined);
            return v;
          }
          // Glance carries the stub's listeners over; `{carry: false}` models a script that does not.
          if (opts && opts.carry === false) this.listeners = {};
          const full = makeVisitor(this, true, this.listeners);
          window.GLANCE.Cobrowse.Visitor = full;
          // The full script reads VisitorUI once when it loads and forwards to it.
          const ui = window.GLANCE.Cobrowse.VisitorUI;
          full.showTerms = (p) => (ui && ui.showTerms ? ui.showTerms(p) : (this.defaultUiLoads += 1));
          full.showButton = (b) => (ui && ui.showButton ? ui.showButton(b) : (this.defaultUiLoads += 1));
          full.toggleButton = () => (ui && ui.toggleButton ? ui.toggleButton() : (this.defaultUiLoads += 1));
          this.fire("ready", undefined);
          return full;
        },
      };
      const visitor = makeVisitor(standIn, !opts.stub, standIn.listeners);
      window.GLANCE = window.GLANCE || {};
      window.GLANCE.Cobrowse = window.GLANCE.Cobrowse || {};
      window.GLANCE.Cobrowse.Visitor = visitor;
      if (opts.loader !== false) {
        window.GLANCE.Cobrowse.Loader = { setUIReady() { standIn.calls.setUIReady += 1; } };
        // The loader's VisitorUI stub: calling it would insert Glance's default UI script.
        window.GLANCE.Cobrowse.VisitorUI = {
          showTerms() { standIn.defaultUiLoads += 1; },
          showButton() { standIn.defaultUiLoads += 1; },
          toggleButton() { standIn.defaultUiLoads += 1; },
          setStyle() { standIn.defaultUiLoads += 1; },
        };
      }
      window.gvkStandIn.current = standIn;
      return standIn;
    },
    uninstall() {
      delete window.GLANCE;
      window.gvkStandIn.current = null;
    },
  };
})();
