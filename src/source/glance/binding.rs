//! The binding at work: the listeners on Glance's visitor object and what they deliver, Glance's
//! own entry points stood in for, the queue of actions held until the core is ready, the script tag
//! the kit inserts, and the release of everything when the subscription ends.

use super::*;

impl Binding {
    pub(super) fn emit(&self, msg: SourceMessage) {
        (self.sink)(msg)
    }

    pub(super) fn deliver(&self, name: &str, payload: &JsValue) {
        match decode_js_following(name, payload, navigate::follow) {
            Ok(ev) => self.emit(SourceMessage::Event(ev)),
            Err(e) => self.emit(SourceMessage::Malformed(e)),
        }
    }

    /// Makes the listeners (see [`ingress`]): every event reaches [`Binding::on_event`] in order,
    /// a burst of plainly valid `viewerinfo` merged per view.
    pub(super) fn make_listeners(self: &Rc<Self>) {
        let names: Vec<&'static str> = subscribed_names().collect();
        let merged = names.iter().position(|n| *n == "viewerinfo").unwrap_or(usize::MAX);
        let weak = Rc::downgrade(self);
        let deliver = Closure::<dyn Fn(u32, JsValue)>::new(move |index: u32, payload: JsValue| {
            let Some(b) = weak.upgrade() else { return };
            if let Some(name) = subscribed_names().nth(index as usize) {
                b.on_event(name, payload);
            }
        });
        let weak = Rc::downgrade(self);
        let sizes = Closure::<ingress::SizesFn>::new(move |view: String, sw, sh, cw, ch, fl, vf, df| {
            let Some(b) = weak.upgrade().filter(|b| !b.closed.get()) else { return };
            if let Some(ev) = ingress::merged_viewer_info(view, [sw, sh, cw, ch], [fl, vf, df]) {
                b.emit(SourceMessage::Event(ev));
            }
        });
        let ingress = ingress::Ingress::new(names.len() as u32, merged as u32, MAX_DIMENSION, &deliver, &sizes);
        let fns = ingress.listeners();
        *self.listeners.borrow_mut() = names.iter().enumerate().map(|(i, name)| (*name, fns.get(i as u32))).collect();
        *self.ingress.borrow_mut() = Some(Ingress { ingress, deliver, sizes });
    }

    pub(super) fn on_event(self: &Rc<Self>, name: &'static str, payload: JsValue) {
        if self.closed.get() {
            return;
        }
        if name == "sessionend" {
            self.session_ends.set(self.session_ends.get().wrapping_add(1));
        }
        #[cfg(feature = "visitor-screenshare")]
        if crate::event::PromptKind::from_event(name).is_some_and(crate::event::PromptKind::waits_for_video_scripts) {
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                video::ensure_preview(&doc);
            }
            if !video::loaded() {
                self.deliver_after_video_scripts(payload);
                return;
            }
        }
        if name == "error" && is_core_load_error(&payload) {
            return self.on_core_load_error(payload);
        }
        self.deliver(name, &payload);
        match name {
            "ready" => self.on_ready(),
            "statereceived" | "recoversession" => self.read_session_state(),
            _ => {}
        }
    }

    /// Glance's loader fires the same `scriptloadfailed` for its core (`params.script: "Visitor"`)
    /// whether the core's tag failed to load or a stub call was dropped while it loads. The kit
    /// watches the tag itself: the loader's own `error` listener runs before the kit's, so the
    /// answer is known a task later. A failure is shown (and fails what was queued); a dropped call
    /// is a warning for the integrator, and nothing the visitor did failed.
    pub(super) fn on_core_load_error(self: &Rc<Self>, payload: JsValue) {
        let weak = Rc::downgrade(self);
        next_task(move || {
            let Some(b) = weak.upgrade().filter(|b| !b.closed.get()) else { return };
            if b.core_failed.get() {
                // Shown once, whichever of Glance's error and the kit's own comes first.
                if !b.failure_shown.replace(true) {
                    b.deliver("error", &payload);
                }
            } else {
                let msg = get(&payload, "msg").and_then(|m| m.as_string()).unwrap_or_default();
                b.emit(SourceMessage::Warning(format!(
                    "Glance dropped a call made while its script was loading ({msg}); the script itself is loading"
                )));
            }
        });
    }

    /// A visitor screen-share request waits for Glance's video scripts (see [`video`]); when they
    /// cannot be loaded the request is declined and the failure shown, never left hanging.
    #[cfg(feature = "visitor-screenshare")]
    pub(super) fn deliver_after_video_scripts(self: &Rc<Self>, payload: JsValue) {
        const NAME: &str = "visitorscreensharerequested";
        let ends = self.session_ends.get();
        let weak = Rc::downgrade(self);
        video::load(self.options.nonce.clone(), move |result| {
            let Some(b) = weak.upgrade().filter(|b| !b.closed.get()) else { return };
            // The session ended while the scripts loaded: the request is over, and Glance's
            // callbacks would throw now. Nothing to show or answer.
            if b.session_ends.get() != ends {
                return;
            }
            match result {
                Ok(()) => b.deliver(NAME, &payload),
                Err(why) => {
                    let error = GlanceError {
                        code: ErrorCode::ScriptLoadFailed,
                        msg: format!("The screen share could not start: {why}"),
                        server: None,
                        script: None,
                        params: Value::Null,
                    };
                    // The kit's reducer declines it (once, observed as the kit's answer) and shows
                    // the error; a payload that does not decode is only the error.
                    match crate::event::js::decode_js(NAME, &payload) {
                        Ok(VisitorEvent::Request(request)) => b.emit(SourceMessage::Refused(request, error)),
                        _ => b.emit(SourceMessage::Event(VisitorEvent::Error(error))),
                    }
                }
            }
        });
    }

    /// Adds every listener to `v` (removing it first when `again`), and points the default-UI
    /// entry points at the kit.
    pub(super) fn listen(&self, v: &JsValue, again: bool) {
        // In a split build the page-view gate held Glance until now: it lets go first.
        #[cfg(feature = "split")]
        let taken = gate::release();
        for (name, f) in self.listeners.borrow().iter() {
            let args = [JsValue::from_str(name), f.clone()];
            if again {
                let _ = call(v, "removeEventListener", &args);
            }
            if let Err(e) = call(v, "addEventListener", &args) {
                warn(&format!("cannot listen to `{name}`: {e}"));
            }
        }
        self.bound.borrow_mut().push(v.clone());
        self.patch_ui(v);
        self.call_ui_ready();
        #[cfg(feature = "split")]
        if let Some(taken) = taken {
            let fns: js_sys::Array = self.listeners.borrow().iter().map(|(_, f)| f.clone()).collect();
            gate::replay(&taken, &fns);
        }
    }

    pub(super) fn patch_ui(&self, v: &JsValue) {
        if let Some(ui) = self.default_ui.borrow().as_ref() {
            ui.patch(v);
        }
    }

    /// The full script has loaded (`ready`): follow a new Visitor object, stop watching for one,
    /// point the entry points of the full Visitor at the kit again (the full script may also have
    /// redefined them on the same object), and run the queued actions.
    pub(super) fn on_ready(self: &Rc<Self>) {
        self.core_ready.set(visitor().is_some_and(|v| !is_stub(&v)));
        if !self.check() {
            self.stop_waiting();
        }
        if let Some(v) = visitor() {
            self.patch_ui(&v);
        }
        self.call_ui_ready();
        self.flush_queue();
    }

    pub(super) fn call_ui_ready(&self) {
        if !self.options.set_ui_ready || self.ui_ready_called.get() {
            return;
        }
        let Some(loader) = path(&["GLANCE", "Cobrowse", "Loader"]) else { return };
        if get(&loader, "setUIReady").is_none() {
            return;
        }
        self.ui_ready_called.set(true);
        if let Err(e) = call(&loader, "setUIReady", &[]) {
            warn(&e.to_string());
        }
    }

    /// Runs the queued actions on the full Visitor, in order, once Glance's core is ready;
    /// failures become visible errors.
    pub(super) fn flush_queue(&self) {
        if !self.core_ready.get() || self.queue.borrow().is_empty() {
            return;
        }
        let Some(v) = visitor().filter(|v| !is_stub(v)) else { return };
        let queued = std::mem::take(&mut *self.queue.borrow_mut());
        for (method, args) in queued {
            if let Err(e) = call(&v, method, &args) {
                self.action_failed(&e);
            }
        }
    }

    /// Glance's script will not come: a queued start ends as a start Glance could not make
    /// (`sessionend {reason: "error"}`, after the error already shown); other queued actions fail
    /// visibly.
    pub(super) fn fail_queue(&self) {
        let queued = std::mem::take(&mut *self.queue.borrow_mut());
        for (method, _) in queued {
            if method == "startSession" {
                self.emit(SourceMessage::Event(VisitorEvent::SessionEnd { reason: Some(EndReason::Error) }));
            } else {
                self.action_failed(&SourceError::Threw(method, "Glance's visitor script did not load".into()));
            }
        }
    }

    pub(super) fn action_failed(&self, e: &SourceError) {
        warn(&e.to_string());
        self.emit(SourceMessage::Event(VisitorEvent::Error(GlanceError::kit(ErrorCode::ActionFailed, e.to_string()))));
    }

    /// Reads `getSessionState` (agents, rc, accessibility, connection, visitorvideo, and the
    /// screenshare of each view) and `isPageMasked()` after a navigation; null answers (before
    /// `statereceived`) are skipped.
    pub(super) fn read_session_state(&self) {
        let Some(v) = visitor() else { return };
        let state =
            |args: &[JsValue]| call(&v, "getSessionState", args).ok().filter(|s| !s.is_null() && !s.is_undefined());
        if let Some(agents) = state(&["agents".into()]) {
            self.deliver("agents", &agents);
        }
        if let Some(rc) = state(&["rc".into()]) {
            match rc.as_bool() {
                Some(enabled) => self.emit(SourceMessage::Event(VisitorEvent::Rc { enabled })),
                None => self.deliver("rc", &rc),
            }
        }
        // The state parts that fire an event of the same name when they change.
        for name in ["accessibility", "connection", "visitorvideo"] {
            if let Some(part) = state(&[name.into()]) {
                self.deliver(name, &part);
            }
        }
        for view in &self.options.views {
            if let Some(mut share) = state(&["screenshare".into(), JsValue::from_str(view)]) {
                if share.is_object() && get(&share, "screenshareView").is_none() {
                    // Named on a copy of the fields a `screenshare` event has: the object may be
                    // Glance's own state, which the kit never writes to (and every read here catches).
                    let copy = Object::new();
                    let _ = Reflect::set(&copy, &"screenshareView".into(), &JsValue::from_str(view));
                    for key in ["state", "paused", "agentnum", "params"] {
                        if let Some(v) = get(&share, key) {
                            let _ = Reflect::set(&copy, &key.into(), &v);
                        }
                    }
                    share = copy.into();
                }
                if get(&share, "state").is_some() {
                    self.deliver("screenshare", &share);
                }
            }
        }
        // Glance has no "unmasked" event: ask again on every state change.
        if let Ok(Some(masked)) = call(&v, "isPageMasked", &[]).map(|m| m.as_bool()) {
            self.emit(SourceMessage::Event(VisitorEvent::PageMasked { masked }));
        }
    }

    pub(super) fn insert_script(self: &Rc<Self>, opts: &ScriptOptions) {
        let weak = Rc::downgrade(self);
        let tag = script::insert(opts, self.options.nonce.as_deref(), move |src| {
            let Some(b) = weak.upgrade() else { return };
            b.emit(SourceMessage::Event(VisitorEvent::Error(GlanceError {
                code: ErrorCode::ScriptLoadFailed,
                msg: "Glance's visitor script could not be loaded".into(),
                server: None,
                script: Some(src.to_owned()),
                params: Value::Object(vec![("script".into(), Value::String(src.to_owned()))]),
            })));
            b.fail_queue();
        });
        *self.script.borrow_mut() = tag;
    }

    pub(super) fn close(&self) {
        self.closed.set(true);
        self.stop_waiting();
        self.queue.borrow_mut().clear();
        // Remove listeners from every Visitor object seen, and from the current one.
        let mut targets = std::mem::take(&mut *self.bound.borrow_mut());
        if let Some(v) = visitor() {
            if !targets.is_empty() && !targets.iter().any(|t| same(t, &v)) {
                targets.push(v);
            }
        }
        for target in &targets {
            for (name, f) in self.listeners.borrow().iter() {
                let _ = call(target, "removeEventListener", &[JsValue::from_str(name), f.clone()]);
            }
        }
        if let Some(ui) = self.default_ui.borrow_mut().take() {
            ui.restore();
        }
        if let Some(tag) = self.script.borrow_mut().take() {
            script::release(tag);
        }
        if let Some((tag, on_load, on_error)) = self.core_tag.borrow_mut().take() {
            let _ = tag.remove_event_listener_with_callback("load", on_load.as_ref().unchecked_ref());
            let _ = tag.remove_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
        }
        self.listeners.borrow_mut().clear();
        if let Some(ingress) = self.ingress.borrow_mut().take() {
            ingress.ingress.close();
        }
    }

    /// Calls a Visitor method now, or queues it until Glance's core is ready, having Glance load
    /// it (see [`Binding::request_core`]; one `startSession` at most: a later one replaces it).
    pub(super) fn act(self: &Rc<Self>, method: &'static str, args: Vec<JsValue>) -> Result<(), SourceError> {
        if self.core_ready.get() {
            if let Some(v) = visitor().filter(|v| !is_stub(v)) {
                return call(&v, method, &args).map(|_| ());
            }
        }
        {
            let mut queue = self.queue.borrow_mut();
            if method == "startSession" {
                queue.retain(|(m, _)| *m != method);
            }
            queue.push((method, args));
        }
        self.request_core();
        Ok(())
    }

    /// Removes the queued calls of `method`; whether there were any.
    pub(super) fn cancel_queued(&self, method: &str) -> bool {
        let mut queue = self.queue.borrow_mut();
        let before = queue.len();
        queue.retain(|(m, _)| *m != method);
        queue.len() != before
    }
}
