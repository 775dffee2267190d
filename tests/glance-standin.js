// A stand-in for Glance's `window.GLANCE`, modelled on what Glance's shipped 6.33.0 loader and core do
// (shared/spec/glance-notes.md, "When Glance's core loads, and what a stub call does", and the rows
// of the request table). Used by the browser tests (evaluated from Rust), the e2e tests and the
// benchmark (Playwright init script). It records what the kit does to it.
//
//   gvkStandIn.install(opts)  -> the stand-in
//     {}                     Glance's core is loaded already (a page of a session, or a core that
//                            loaded before the kit): the full Visitor object.
//     {stub: true}           a page view without a session: only the loader. Its stub methods
//                            (startSession, setStartParams, showTerms, ...) and Loader.load(cb)
//                            insert the core's tag (#glance_visitor) and run the call once the core
//                            has loaded; while the tag is there but not loaded, a call is dropped
//                            with `error {code: "scriptloadfailed", params: {script: "Visitor"}}`.
//                            With inSession, the loader inserts the core at once.
//       core: "manual"       (default) the core loads when the test calls upgrade()
//       core: N              the core loads N ms after its tag is inserted
//       core: "fail"         the core's tag fails to load (the loader fires the same
//                            scriptloadfailed payload as for a dropped call)
//     {autoSession: true}    startSession runs a whole start: sessionstarting (after setUIReady, as
//                            Glance waits for it), connection ok, sessionstart
//     {inSession, stateReceived, sessionState, pageMasked, key, missing, loader: false, visitorId}
//
//   standIn.fire(name, payload)   deliver an event to the listeners (as Glance's dispatcher: what a
//                                 listener throws is caught and counted in `thrown`)
//   standIn.upgrade({replace, carry})  the core finishes loading: by default it turns the stub object
//                                 itself into the full Visitor, as Glance's core does; `replace: true`
//                                 puts a new object in its place (`carry: false`: without the stub's
//                                 listeners). Then Loader._onload.Visitor() and `ready`, then the
//                                 tag's `load`.
//   standIn.request(name, extra)  a request payload whose answers are counted in `answers` and, for
//                                 the kinds whose callbacks need the session (rcrequested,
//                                 visitorvideorequested, addguestrequested), throw a TypeError after
//                                 `sessionend`, as Glance's do
//   standIn.listenerCount(name?)  listeners held (all names when no name)
//   standIn.calls                 {setUIReady, startSession: [...raw args], stopSession, ...}
//   standIn.started               the session parameters each start resolved to, as Glance's core
//                                 merges them ({sessionKey, ...}: the argument, else setStartParams,
//                                 then data-visitorid, then a random key)
//   standIn.coreLoads             how often the core's tag was inserted
//   standIn.defaultUiLoads        how often Glance's default UI would have been loaded
//   standIn.thrown                what listeners threw into the dispatcher (must stay empty)
//   standIn.stubDrops             calls the loader dropped (SCRIPT_NOT_LOADED)
//   standIn.answers               [[name, answer], ...] of payloads made by request()
(function () {
  const RANDOM = "GLANCE_KEYTYPE_RANDOM";
  // Kinds whose callbacks use the session object, which is null after `sessionend`.
  const NEEDS_SESSION = ["rcrequested", "visitorvideorequested", "addguestrequested"];

  // The full Visitor object's methods (what Glance's core defines).
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
      setStartParams(p) { standIn.calls.setStartParams.push(p); standIn.startParams = p; },
      startSession(arg) {
        standIn.calls.startSession.push(arg);
        // Glance's core: a start during a session only logs ERR_ALREADYINSSN.
        if (standIn.inSession) { standIn.alreadyInSession += 1; return; }
        // The argument, else setStartParams(...); then the tag's data-visitorid, then a random key.
        const given = typeof arg === "string" ? { sessionKey: arg } : (arg || standIn.startParams || {});
        const params = Object.assign({}, given);
        params.sessionKey = given.sessionKey || standIn.visitorId || RANDOM;
        standIn.started.push(params);
        standIn.inSession = true;
        if (standIn.autoSession) standIn.runStart();
      },
      stopSession() { standIn.calls.stopSession += 1; standIn.inSession = false; },
      enableRC(on) { standIn.calls.enableRC.push(on); },
      pauseSession(arg) { standIn.calls.pauseSession.push(arg); },
      toggleVideo() { standIn.calls.toggleVideo += 1; },
      toggleVideoSize() { standIn.calls.toggleVideoSize += 1; },
      stopVideo() { standIn.calls.stopVideo += 1; },
      // Glance's core refuses a file of 5 MiB or more (size / 1048576 < 5) with `documentnotsent`.
      sendDocument(file) {
        if (file && file.size / 1048576 >= 5) {
          standIn.fire("documentnotsent", { name: file.name, reason: "File size limit exceeded", size: file.size });
          return;
        }
        standIn.calls.sendDocument.push(file && file.name);
      },
      // The data as Glance's own UI passes it: a binary string (FileReader.readAsBinaryString).
      viewPDF(arg) { standIn.calls.view.push(["viewPDF", arg.name, arg.visitorselected, typeof arg.data === "string" ? arg.data : null]); },
      viewXLS(arg) { standIn.calls.view.push(["viewXLS", arg.name, arg.visitorselected, typeof arg.data === "string" ? arg.data : null]); },
      isSessionPaused() { return false; },
      _handleInvokeMessage(e) {
        const inv = e.data.glance_invoke;
        standIn.calls.invoked.push(inv.func);
        const v = window.GLANCE.Cobrowse.Visitor;
        if (typeof v[inv.func] === "function") v[inv.func](inv.args);
      },
    };
  }

  // The entry points of Glance's default UI on the full Visitor: they forward to the VisitorUI
  // object the core read when it loaded.
  function forwardToUi(standIn, v) {
    const ui = window.GLANCE.Cobrowse.VisitorUI;
    v.showTerms = (p) => (ui && ui.showTerms ? ui.showTerms(p) : (standIn.defaultUiLoads += 1));
    v.showButton = (b) => (ui && ui.showButton ? ui.showButton(b) : (standIn.defaultUiLoads += 1));
    v.toggleButton = () => (ui && ui.toggleButton ? ui.toggleButton() : (standIn.defaultUiLoads += 1));
  }

  function makeFull(standIn, listeners) {
    const v = fullMethods(standIn, listeners);
    forwardToUi(standIn, v);
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
        visitorId: opts.visitorId || null,
        startParams: null,
        missing: opts.missing || [],
        pageMasked: !!opts.pageMasked,
        autoSession: !!opts.autoSession,
        coreMode: opts.core === undefined ? "manual" : opts.core,
        uiReady: false,
        afterUiReady: [],
        sessionGone: false,
        coreLoads: 0,
        coreLoaded: !opts.stub,
        coreTag: null,
        defaultUiLoads: 0,
        alreadyInSession: 0,
        stubDrops: [],
        thrown: [],
        answers: [],
        started: [],
        calls: {
          setUIReady: 0, startSession: [], setStartParams: [], stopSession: 0, enableRC: [], pauseSession: [],
          toggleVideo: 0, toggleVideoSize: 0, stopVideo: 0, sendDocument: [], view: [], invoked: [],
        },
        fire(name, payload) {
          if (name === "sessionstarting" || name === "sessionstart" || name === "sessioncontinue") {
            this.sessionGone = false;
            this.inSession = true;
          }
          if (name === "sessionend") {
            this.sessionGone = true;
            this.inSession = false;
          }
          // Like Glance's dispatcher, which survives its listeners: what a listener throws is counted.
          for (const fn of (this.listeners[name] || []).slice()) {
            try { fn(payload); } catch (e) { this.thrown.push(String(e && e.message || e)); }
          }
        },
        // A whole start as Glance's core runs it once setUIReady() was called.
        runStart() {
          const go = () => {
            this.fire("sessionstarting", undefined);
            setTimeout(() => {
              this.fire("connection", { status: "ok" });
              this.fire("sessionstart", undefined);
              this.fire("sessioncontinue", undefined);
            }, 20);
          };
          Promise.resolve().then(() => (this.uiReady ? go() : this.afterUiReady.push(go)));
        },
        request(name, extra) {
          const answer = (what) => () => {
            if (this.sessionGone && NEEDS_SESSION.includes(name)) {
              throw new TypeError("Cannot read properties of null (reading 'A')");
            }
            this.answers.push([name, what]);
          };
          const p = Object.assign({}, extra || {});
          if (name === "docsharerequested") {
            for (const k of ["onpreviewconfirm", "onpreviewcancel", "onconfirm", "oncancel"]) p[k] = answer(k);
          } else {
            p.accept = answer("accept");
            if (name !== "confirm" && name !== "navassistrequested") p.decline = answer("decline");
          }
          return p;
        },
        listenerCount(name) {
          if (name !== undefined) return (this.listeners[name] || []).length;
          return Object.values(this.listeners).reduce((n, l) => n + l.length, 0);
        },
        // The loader's `v(callback, script)`: run `cb` on the loaded core, insert the core when its
        // tag is absent (keeping `cb` for when it has loaded), drop `cb` while the tag is loading.
        loadCore(cb, script) {
          script = script || "Visitor";
          const id = ("glance_" + script).toLowerCase();
          if (script === "VisitorUI") {
            // With data-ui="custom" only a VisitorUI stub call loads Glance's default UI.
            this.defaultUiLoads += 1;
            return;
          }
          if (document.getElementById(id)) {
            if (window.GLANCE.Cobrowse.Visitor.loaded) { if (cb) cb(); } else if (cb) this.drop(script);
            return;
          }
          if (cb) window.GLANCE.Cobrowse.Loader._onload[script] = cb;
          const tag = document.createElement("script");
          tag.id = id;
          tag.type = "application/x-gvk-standin"; // never fetched: load and error are dispatched
          tag.addEventListener("error", () => this.drop(script)); // the loader's own handler, first
          document.head.appendChild(tag);
          this.coreTag = tag;
          this.coreLoads += 1;
          if (this.coreMode === "fail") {
            setTimeout(() => tag.dispatchEvent(new Event("error")), 10);
          } else if (typeof this.coreMode === "number") {
            setTimeout(() => { if (!this.coreLoaded) this.upgrade(); }, this.coreMode);
          }
        },
        drop(script) {
          this.stubDrops.push(script);
          this.fire("error", { code: "scriptloadfailed", msg: "SCRIPT_NOT_LOADED:" + script, params: { script } });
        },
        upgrade(opts) {
          opts = opts || {};
          this.coreLoaded = true;
          const stub = window.GLANCE.Cobrowse.Visitor;
          let v;
          if (opts.replace || opts.carry === false) {
            // A script that puts a new object in place (`carry: false`: without the stub's listeners).
            if (opts.carry === false) this.listeners = Object.create(null);
            v = makeFull(this, this.listeners);
            window.GLANCE.Cobrowse.Visitor = v;
          } else {
            // Glance's core: the stub object itself becomes the full Visitor; listeners carry over.
            v = stub;
            Object.assign(v, makeFull(this, this.listeners));
            for (const m of this.missing) delete v[m];
          }
          const loader = window.GLANCE.Cobrowse.Loader;
          const onload = loader && loader._onload && loader._onload.Visitor;
          if (onload) onload();
          this.fire("ready", undefined);
          if (this.coreTag) this.coreTag.dispatchEvent(new Event("load"));
          return v;
        },
      };

      window.GLANCE = window.GLANCE || {};
      window.GLANCE.VERSION = "6.33.0.1480702263";
      window.GLANCE.Cobrowse = window.GLANCE.Cobrowse || {};
      for (const id of ["glance_visitor", "glance_visitorui"]) {
        const old = document.getElementById(id);
        if (old) old.remove();
      }
      let visitor;
      if (opts.stub) {
        // The loader's stub: exactly the keys Glance's loader defines.
        const stubCall = (method, script) => function (arg) {
          const target = /showButton|toggleButton|showTerms/.test(method) ? "VisitorUI" : script;
          standIn.loadCore(() => window.GLANCE.Cobrowse[target][method](arg), target);
        };
        visitor = {
          loaded: false,
          inSession() { return standIn.inSession; },
          addEventListener(name, fn) { (standIn.listeners[name] = standIn.listeners[name] || []).push(fn); },
          removeEventListener(name, fn) {
            const list = standIn.listeners[name] || [];
            const i = list.indexOf(fn);
            if (i >= 0) list.splice(i, 1);
          },
        };
        for (const m of ["showButton", "toggleButton", "showTerms", "setStyle", "startSession", "setStartParams"]) {
          visitor[m] = stubCall(m, "Visitor");
        }
      } else {
        visitor = makeFull(standIn, standIn.listeners);
      }
      window.GLANCE.Cobrowse.Visitor = visitor;
      if (opts.loader !== false) {
        window.GLANCE.Cobrowse.Loader = {
          load(cb) { standIn.loadCore(cb, "Visitor"); },
          setUIReady() {
            standIn.calls.setUIReady += 1;
            standIn.uiReady = true;
            for (const f of standIn.afterUiReady.splice(0)) f();
          },
          _onload: {},
        };
        // The loader's VisitorUI stub: calling it would insert Glance's default UI script.
        window.GLANCE.Cobrowse.VisitorUI = {};
        for (const m of ["showTerms", "showButton", "toggleButton", "setStyle"]) {
          window.GLANCE.Cobrowse.VisitorUI[m] = () => standIn.loadCore(null, "VisitorUI");
        }
        if (!opts.stub) forwardToUi(standIn, visitor);
      }
      if (opts.stub) {
        // The loader inserts the core at once on a page of a session.
        if (standIn.inSession && opts.loader !== false) standIn.loadCore(null, "Visitor");
        // Before the core, the loader loads it for any glance_invoke message and hands it over.
        if (!window.__gvkStandInMessage) {
          window.__gvkStandInMessage = true;
          window.addEventListener("message", (e) => {
            const s = window.gvkStandIn.current;
            if (!s || typeof e.data === "string" || !e.data || !e.data.glance_invoke) return;
            const v = window.GLANCE && window.GLANCE.Cobrowse && window.GLANCE.Cobrowse.Visitor;
            if (!v || v.loaded) return;
            s.loadCore(() => window.GLANCE.Cobrowse.Visitor._handleInvokeMessage(e), "Visitor");
          });
        }
      }
      window.gvkStandIn.current = standIn;
      return standIn;
    },
    uninstall() {
      delete window.GLANCE;
      for (const id of ["glance_visitor", "glance_visitorui"]) {
        const old = document.getElementById(id);
        if (old) old.remove();
      }
      window.gvkStandIn.current = null;
    },
  };
})();
