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
//   standIn.thrown                    what listeners threw into the dispatcher (must stay empty)
//   standIn.stubDrops                 calls the loader's stub dropped (SCRIPT_NOT_LOADED)
//   install({pageMasked})             what isPageMasked() answers
(function () {
  // The full Visitor object's methods.
  function fullMethods(standIn, listeners) {
    return {
      loaded: true,
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
      isPageMasked() { return !!standIn.pageMasked; },
      startSession(arg) { standIn.calls.startSession.push(arg); standIn.inSession = true; },
      stopSession() { standIn.calls.stopSession += 1; standIn.inSession = false; },
      enableRC(on) { standIn.calls.enableRC.push(on); },
      pauseSession(arg) { standIn.calls.pauseSession.push(arg); },
      toggleVideo() { standIn.calls.toggleVideo += 1; },
      toggleVideoSize() { standIn.calls.toggleVideoSize += 1; },
      stopVideo() { standIn.calls.stopVideo += 1; },
      sendDocument(file) { standIn.calls.sendDocument.push(file && file.name); },
      // The data as Glance's own UI passes it: a binary string (FileReader.readAsBinaryString).
      viewPDF(arg) { standIn.calls.view.push(["viewPDF", arg.name, arg.visitorselected, typeof arg.data === "string" ? arg.data : null]); },
      viewXLS(arg) { standIn.calls.view.push(["viewXLS", arg.name, arg.visitorselected, typeof arg.data === "string" ? arg.data : null]); },
      isSessionPaused() { return false; },
      // Like the loader's stubs: with data-ui="custom" these would load Glance's default UI script.
      showTerms(params) { standIn.defaultUiLoads += 1; },
      showButton(show) { standIn.defaultUiLoads += 1; },
      toggleButton() { standIn.defaultUiLoads += 1; },
      setStyle() { standIn.defaultUiLoads += 1; },
    };
  }

  // The loader's stub: only the keys the real loader defines. Its startSession / setStartParams /
  // showTerms drop the call with `error scriptloadfailed` (SCRIPT_NOT_LOADED) while the full script
  // is not loaded yet, as Glance's does.
  function stubVisitor(standIn, listeners) {
    const full = fullMethods(standIn, listeners);
    const drop = (what) => () => {
      standIn.stubDrops.push(what);
      standIn.fire("error", { code: "scriptloadfailed", msg: "SCRIPT_NOT_LOADED:Visitor" });
    };
    return {
      loaded: false,
      inSession: full.inSession,
      addEventListener: full.addEventListener,
      removeEventListener: full.removeEventListener,
      showButton: full.showButton,
      toggleButton: full.toggleButton,
      showTerms: drop("showTerms"),
      setStyle: full.setStyle,
      startSession: drop("startSession"),
      setStartParams: drop("setStartParams"),
    };
  }

  function makeVisitor(standIn, loaded, listeners) {
    const v = loaded ? fullMethods(standIn, listeners) : stubVisitor(standIn, listeners);
    for (const m of standIn.missing) delete v[m];
    return v;
  }

  window.gvkStandIn = {
    install(opts) {
      opts = opts || {};
      const standIn = {
        listeners: Object.create(null),
        inSession: !!opts.inSession,
        stateReceived: !!opts.stateReceived,
        sessionState: opts.sessionState || {},
        key: opts.key || "4321",
        missing: opts.missing || [],
        pageMasked: !!opts.pageMasked,
        defaultUiLoads: 0,
        stubDrops: [],
        thrown: [],
        calls: {
          setUIReady: 0, startSession: [], stopSession: 0, enableRC: [], pauseSession: [],
          toggleVideo: 0, toggleVideoSize: 0, stopVideo: 0, sendDocument: [], view: [],
        },
        fire(name, payload) {
          // Like a dispatcher that survives its listeners: what a listener throws is counted.
          for (const fn of (this.listeners[name] || []).slice()) {
            try { fn(payload); } catch (e) { this.thrown.push(String(e && e.message || e)); }
          }
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
            Object.assign(v, fullMethods(this, this.listeners));
            v.loaded = true;
            v.showTerms = (p) => (ui && ui.showTerms ? ui.showTerms(p) : (this.defaultUiLoads += 1));
            v.showButton = () => { this.defaultUiLoads += 1; };
            v.toggleButton = () => { this.defaultUiLoads += 1; };
            this.fire("ready", undefined);
            return v;
          }
          // Glance carries the stub's listeners over; `{carry: false}` models a script that does not.
          if (opts && opts.carry === false) this.listeners = Object.create(null);
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
