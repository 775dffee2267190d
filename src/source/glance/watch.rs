//! How the binding finds Glance's core and waits for it: the loader's stub, `Loader.load`, the
//! core's tag and its `load` / `error`, and the timer that looks for `window.GLANCE` on a page whose
//! loader comes later.

use super::*;

impl Binding {
    /// Looks at `GLANCE.Cobrowse.Visitor` again: binds when it first appears, and follows the
    /// stub's replacement by the full object. Returns whether to keep watching (nothing found yet,
    /// or still the loader's stub).
    pub(super) fn check(self: &Rc<Self>) -> bool {
        if self.closed.get() {
            return false;
        }
        let Some(v) = visitor() else { return true };
        let first = self.bound.borrow().is_empty();
        let known = self.bound.borrow().iter().any(|b| same(b, &v));
        let stub = is_stub(&v);
        if first {
            self.listen(&v, false);
            // A full Visitor found at once: the core loaded before the kit (a page of a session).
            self.core_ready.set(!stub);
            if matches!(call(&v, "inSession", &[]).map(|r| r.as_bool()), Ok(Some(true))) {
                self.emit(SourceMessage::Event(VisitorEvent::SessionContinue));
                self.read_session_state();
            }
        } else if !known {
            // A new Visitor object (the full script replaced the stub). Glance carries listeners over;
            // removing before adding keeps exactly one of each whether it did or not.
            self.listen(&v, true);
            if !stub {
                self.core_ready.set(true);
            }
        }
        if stub {
            // A page view without a session: Glance's core loads only when asked (or is loading).
            self.watch_core_tag();
            if !self.queue.borrow().is_empty() {
                self.request_core();
            }
        }
        self.flush_queue();
        stub
    }

    /// Has Glance load its core for the queued actions: while its tag (`#glance_visitor`) is not
    /// in the page, `Loader.load(cb)` inserts it and calls `cb` once it has loaded (once per
    /// subscription; a call of a stub method would do the same, but could not be withdrawn). While
    /// the tag is there and loading, the actions wait for `ready`. A core that failed to load fails
    /// them at once.
    pub(super) fn request_core(self: &Rc<Self>) {
        if self.core_ready.get() {
            return;
        }
        if self.core_failed.get() {
            return self.fail_queue();
        }
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        if doc.get_element_by_id(CORE_TAG_ID).is_none() && !self.load_requested.get() {
            // No loader yet: `check` asks again when it comes. A loader without `load` (older
            // than the kit knows): the actions wait for `ready`.
            let Some(loader) = path(&["GLANCE", "Cobrowse", "Loader"]) else { return };
            if get(&loader, "load").is_some_and(|f| f.is_function()) {
                self.load_requested.set(true);
                let weak = Rc::downgrade(self);
                // Freed when Glance calls it; never throws into Glance's initialisation, also
                // after the subscription ended.
                let loaded = Closure::once_into_js(move || {
                    if let Some(b) = weak.upgrade().filter(|b| !b.closed.get()) {
                        b.on_core_loaded();
                    }
                });
                if let Err(e) = call(&loader, "load", &[loaded]) {
                    warn(&e.to_string());
                }
            }
        }
        self.watch_core_tag();
    }

    /// `Loader.load`'s callback: Glance's core has loaded and initialised (its `ready` follows).
    pub(super) fn on_core_loaded(self: &Rc<Self>) {
        let _ = self.check();
        if visitor().is_some_and(|v| !is_stub(&v)) {
            self.core_ready.set(true);
        }
        self.flush_queue();
    }

    /// Listens for the `load` and `error` of the core's tag, once it is in the page.
    pub(super) fn watch_core_tag(self: &Rc<Self>) {
        if self.core_tag.borrow().is_some() {
            return;
        }
        let Some(tag) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(CORE_TAG_ID))
        else {
            return;
        };
        let weak = Rc::downgrade(self);
        let on_load = Closure::<dyn Fn(web_sys::Event)>::new(move |_e: web_sys::Event| {
            if let Some(b) = weak.upgrade() {
                let _ = b.check();
            }
        });
        let weak = Rc::downgrade(self);
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_e: web_sys::Event| {
            if let Some(b) = weak.upgrade() {
                b.core_tag_failed();
            }
        });
        let _ = tag.add_event_listener_with_callback("load", on_load.as_ref().unchecked_ref());
        let _ = tag.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
        *self.core_tag.borrow_mut() = Some((tag, on_load, on_error));
    }

    /// The core's tag fired `error` (seen by the document's capturing listener while the stub is
    /// there, or by the tag's own): once, a task later (after Glance's own `scriptloadfailed`,
    /// which its listener fires in the same dispatch), the failure is shown and the queue fails.
    pub(super) fn core_tag_failed(self: &Rc<Self>) {
        if self.closed.get() || self.core_failed.replace(true) {
            return;
        }
        let weak = Rc::downgrade(self);
        next_task(move || {
            if let Some(b) = weak.upgrade().filter(|b| !b.closed.get()) {
                b.on_core_failed();
            }
        });
    }

    /// The core's tag failed to load: shown once (unless Glance's own error was), and what was
    /// queued fails.
    pub(super) fn on_core_failed(&self) {
        if !self.failure_shown.replace(true) {
            self.emit(SourceMessage::Event(VisitorEvent::Error(GlanceError {
                code: ErrorCode::ScriptLoadFailed,
                msg: "Glance's visitor script could not be loaded".into(),
                server: None,
                script: Some("Visitor".into()),
                params: Value::Object(vec![("script".into(), Value::String("Visitor".into()))]),
            })));
        }
        self.fail_queue();
    }

    pub(super) fn wait(self: &Rc<Self>) {
        // Any script that finishes loading may be Glance's loader.
        let weak = Rc::downgrade(self);
        let on_load = Closure::<dyn Fn(web_sys::Event)>::new(move |_e: web_sys::Event| {
            if let Some(b) = weak.upgrade() {
                if !b.check() {
                    b.stop_waiting();
                }
            }
        });
        let weak = Rc::downgrade(self);
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
            let core =
                e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|t| t.id() == CORE_TAG_ID);
            if let Some(b) = weak.upgrade().filter(|_| core) {
                b.core_tag_failed();
            }
        });
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            let _ = doc.add_event_listener_with_callback_and_bool("load", on_load.as_ref().unchecked_ref(), true);
            let _ = doc.add_event_listener_with_callback_and_bool("error", on_error.as_ref().unchecked_ref(), true);
        }
        *self.load_listener.borrow_mut() = Some((on_load, on_error));
        self.delay.set(50);
        self.schedule();
    }

    pub(super) fn schedule(self: &Rc<Self>) {
        let weak = Rc::downgrade(self);
        let delay = self.delay.get();
        self.delay.set((delay * 2).min(1000));
        let t = Timeout::new(delay, move || {
            if let Some(b) = weak.upgrade() {
                b.timer.borrow_mut().take();
                if b.check() {
                    b.schedule();
                } else {
                    b.stop_waiting();
                }
            }
        });
        *self.timer.borrow_mut() = Some(t);
    }

    pub(super) fn stop_waiting(&self) {
        if let Some(t) = self.timer.borrow_mut().take() {
            t.cancel();
        }
        if let Some((on_load, on_error)) = self.load_listener.borrow_mut().take() {
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                let _ =
                    doc.remove_event_listener_with_callback_and_bool("load", on_load.as_ref().unchecked_ref(), true);
                let _ =
                    doc.remove_event_listener_with_callback_and_bool("error", on_error.as_ref().unchecked_ref(), true);
            }
        }
    }
}
