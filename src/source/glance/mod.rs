//! The binding to Glance's visitor script, `window.GLANCE.Cobrowse.Visitor`.
//!
//! The same code runs in production and in tests (tests put a stand-in `window.GLANCE` on the page).
//!
//! * **Finding Glance.** [`GlanceSource::subscribe`] binds at once when `GLANCE.Cobrowse.Visitor` exists
//!   (the loader's stub with `loaded: false`, or the full object). When it does not exist yet (the
//!   loader script is added later), it waits without errors: it checks again whenever a script
//!   element finishes loading (a capturing `load` listener on the document) and on a timer that backs
//!   off from 50 ms to 1 s.
//! * **Listening.** It calls `addEventListener(name, fn)` once for every name of
//!   [`crate::event::subscribed_names`] (both spellings of screenshare pause/resume,
//!   every agent request). When the full object replaces the loader's stub (noticed on `ready`, and by
//!   checking on script loads and on the backing-off timer while the stub is in place) it removes and
//!   re-adds its listeners there, so that each is subscribed exactly once whether or not Glance
//!   carried them over. The subscription removes them from every Visitor object it has seen, with
//!   the same function objects, and frees the closures. The listeners are small JavaScript
//!   functions (`ingress.rs`): every event reaches the kit at once and in order, except bursts of
//!   plainly valid `viewerinfo`, which are merged per view and delivered once per task.
//! * **Readiness.** It calls `GLANCE.Cobrowse.Loader.setUIReady()` once per subscription
//!   ([`GlanceOptions::set_ui_ready`]), as soon as the loader is there: with `data-ui="custom"` Glance
//!   starts no session before it.
//! * **Mid-session pages.** On binding it asks `inSession()` and, if so, reports `sessioncontinue` and
//!   reads `getSessionState("agents" | "rc" | "accessibility" | "connection" | "visitorvideo")`, the
//!   `screenshare` state of each view and `isPageMasked()`; it reads them again on `statereceived`
//!   and `recoversession`.
//! * **Actions before Glance's core.** On a page view without a session only Glance's loader is in
//!   the page, and nothing loads its core (`#glance_visitor`) until asked. An action (`startSession`,
//!   …) called then is queued, and the binding calls `GLANCE.Cobrowse.Loader.load(cb)` once: the
//!   loader inserts the core and calls `cb` when it has loaded, and the queue runs, in order. While
//!   the core's tag is already in the page and loading, actions wait for `ready` (a stub call would
//!   be dropped then). A start withdrawn meanwhile ([`VisitorSource::cancel_start`]: the visitor
//!   ended it, or it timed out) is simply not in the queue any more.
//! * **Telling a failed core from a dropped call.** Glance's loader fires the same
//!   `error {code: "scriptloadfailed", params: {script: "Visitor"}}` when the core's tag fails to
//!   load and when it drops a stub call made while the core loads. The binding watches the tag's
//!   `load` and `error` itself: a real failure is shown once and ends a queued start
//!   (`sessionend {reason: "error"}`); a dropped call is an [`Activity::Warning`](crate::Activity::Warning)
//!   for the integrator and changes nothing for the visitor.
//! * **Standing in for Glance's default UI** (`default_ui.rs`): `showTerms(params)`, `showButton(bool)`,
//!   `toggleButton()` (and `setStyle`) reach the kit as [`UiRequest`](super::UiRequest)s and never load Glance's default
//!   UI script. Everything replaced is restored when the subscription ends.
//! * **Actions.** A method the script lacks is [`SourceError::MissingMethod`]; a method that throws is
//!   [`SourceError::Threw`]; no Visitor object and no subscription is [`SourceError::NotLoaded`].
//!   Nothing panics, and no JavaScript exception leaves the binding.
//! * **Script tag** ([`ScriptOptions`]): inserts `<script id="glance-cobrowse" data-ui="custom" ...>`
//!   once; a load failure becomes `error {code: "scriptloadfailed"}`.

mod default_ui;
#[cfg(feature = "split")]
pub(crate) mod gate;
pub(crate) mod guard;
mod ingress;
mod script;
#[cfg(feature = "visitor-screenshare")]
mod video;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::{warn, Sink, SourceError, SourceMessage, StartParams, Subscription, VisitorSource};
use crate::event::{
    format_number,
    js::{decode_js, describe_js},
    subscribed_names, EndReason, ErrorCode, GlanceError, Value, VisitorEvent, AGENT_VIDEO_VIEW, MAX_DIMENSION,
    SCREENSHARE_VIEW,
};
use default_ui::DefaultUi;
pub use script::{ScriptOptions, Site, GLANCE_CDN};

/// Options of [`GlanceSource`].
#[derive(Clone, Debug, PartialEq)]
pub struct GlanceOptions {
    /// Call `GLANCE.Cobrowse.Loader.setUIReady()` once when bound (default true).
    pub set_ui_ready: bool,
    /// Replace `showTerms` / `showButton` / `toggleButton` so Glance's triggers reach the kit (default true).
    pub replace_default_ui: bool,
    /// Insert Glance's script tag (default: none, the page has it).
    pub script: Option<ScriptOptions>,
    /// The views whose `getSessionState("screenshare", view)` is read after a navigation.
    pub views: Vec<String>,
    /// The nonce of the page's Content-Security-Policy (`script-src 'nonce-…'`), put on the scripts
    /// the binding inserts: Glance's tag ([`script`](Self::script)) and Glance's video scripts.
    pub nonce: Option<String>,
}

impl Default for GlanceOptions {
    fn default() -> Self {
        GlanceOptions {
            set_ui_ready: true,
            replace_default_ui: true,
            script: None,
            views: vec![SCREENSHARE_VIEW.to_owned(), AGENT_VIDEO_VIEW.to_owned()],
            nonce: None,
        }
    }
}

/// The binding to `window.GLANCE.Cobrowse.Visitor`. See the module documentation. Clones share the
/// live subscription (actions called on any clone are queued for it while Glance is loading).
#[derive(Clone, Default)]
pub struct GlanceSource {
    options: GlanceOptions,
    live: Rc<RefCell<Weak<Binding>>>,
}

impl std::fmt::Debug for GlanceSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GlanceSource").field("options", &self.options).finish()
    }
}

impl GlanceSource {
    /// A binding with default options.
    pub fn new() -> Self {
        Self::default()
    }
    /// A binding with these options.
    pub fn with_options(options: GlanceOptions) -> Self {
        GlanceSource { options, ..Default::default() }
    }
}

// ---- small, total helpers over JS objects ----

pub(super) fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    if !(target.is_object() || target.is_function()) {
        return None;
    }
    Reflect::get(target, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

pub(super) fn path(keys: &[&str]) -> Option<JsValue> {
    keys.iter().try_fold(js_sys::global().into(), |v: JsValue, k| get(&v, k))
}

pub(super) fn glance_cobrowse() -> Option<JsValue> {
    path(&["GLANCE", "Cobrowse"])
}

fn visitor() -> Option<JsValue> {
    path(&["GLANCE", "Cobrowse", "Visitor"]).filter(|v| v.is_object())
}

/// Calls `target[method](...args)`, catching what it throws.
fn call(target: &JsValue, method: &'static str, args: &[JsValue]) -> Result<JsValue, SourceError> {
    let f: Function = get(target, method)
        .filter(|f| f.is_function())
        .map(JsCast::unchecked_into)
        .ok_or(SourceError::MissingMethod(method))?;
    let result = match args {
        [] => f.call0(target),
        [a] => f.call1(target, a),
        [a, b] => f.call2(target, a, b),
        _ => f.apply(target, &args.iter().collect()),
    };
    result.map_err(|e| SourceError::Threw(method, describe_js(&e)))
}

pub(super) fn same(a: &JsValue, b: &JsValue) -> bool {
    Object::is(a, b)
}

/// Whether a Visitor object is the loader's stub (`loaded: false`), which the full script replaces.
fn is_stub(v: &JsValue) -> bool {
    get(v, "loaded").and_then(|l| l.as_bool()) == Some(false)
}

/// Whether an `error` payload is the loader's `scriptloadfailed` for Glance's core (`params.script`
/// `"Visitor"`, or no script named), which a dropped stub call fires too. Every read catches.
fn is_core_load_error(payload: &JsValue) -> bool {
    let code = get(payload, "code").and_then(|c| c.as_string());
    let script = get(payload, "params").and_then(|p| get(&p, "script"));
    code.as_deref() == Some("scriptloadfailed") && script.is_none_or(|s| s.as_string().as_deref() == Some("Visitor"))
}

/// A JS function made from a Rust closure, with the name it is registered under.
pub(super) type NamedFn = (&'static str, Closure<dyn Fn(JsValue)>);
/// A DOM event listener made from a Rust closure.
pub(super) type DomListener = Closure<dyn Fn(web_sys::Event)>;

/// The listeners' maker and the Rust functions they call (kept alive with it).
struct Ingress {
    ingress: ingress::Ingress,
    #[allow(dead_code)] // held, called from JavaScript
    deliver: Closure<dyn Fn(u32, JsValue)>,
    #[allow(dead_code)] // held, called from JavaScript
    sizes: Closure<ingress::SizesFn>,
}

/// An action waiting for Glance's full script.
type QueuedCall = (&'static str, Vec<JsValue>);

/// The id of the tag of Glance's core, which the loader inserts.
const CORE_TAG_ID: &str = "glance_visitor";

/// The core's tag and the kit's `load` and `error` listeners on it.
type CoreTag = (web_sys::Element, DomListener, DomListener);

/// Runs `f` in a task of its own (`setTimeout(f, 0)`): after every listener of the event being
/// dispatched now. The closure is freed when it has run.
fn next_task(f: impl FnOnce() + 'static) {
    if let Some(w) = web_sys::window() {
        let _ = w.set_timeout_with_callback(Closure::once_into_js(f).unchecked_ref());
    }
}

struct Binding {
    options: GlanceOptions,
    sink: Sink,
    /// One listener per event name; the same function objects are used to remove them.
    listeners: RefCell<Vec<(&'static str, JsValue)>>,
    /// What makes the listeners, and the functions they deliver to.
    ingress: RefCell<Option<Ingress>>,
    /// Visitor objects that hold (or may hold, after carry-over) our listeners.
    bound: RefCell<Vec<JsValue>>,
    default_ui: RefCell<Option<DefaultUi>>,
    ui_ready_called: Cell<bool>,
    /// Actions called before Glance's core loaded, run once it has (`Loader.load`'s callback, or
    /// `ready`).
    queue: RefCell<Vec<QueuedCall>>,
    /// Glance's core is loaded and initialised: actions go to it directly.
    core_ready: Cell<bool>,
    /// `Loader.load(cb)` was called (once per subscription).
    load_requested: Cell<bool>,
    /// The core's tag (`#glance_visitor`) and its `load` / `error` listeners, while watched.
    core_tag: RefCell<Option<CoreTag>>,
    /// The core's tag fired `error`: Glance's core will not load on this page view.
    core_failed: Cell<bool>,
    /// The core's load failure was shown (Glance's own `scriptloadfailed`, or the kit's).
    failure_shown: Cell<bool>,
    /// How many `sessionend`s came (a request waiting for Glance's video scripts is over when one
    /// comes meanwhile).
    session_ends: Cell<u32>,
    /// Waiting for `window.GLANCE`: the timer, its next delay, and the capturing `load` listener.
    timer: RefCell<Option<Timeout>>,
    delay: Cell<u32>,
    /// While Glance's full script is not there: capturing `load` and `error` listeners on the
    /// document (any script that loads may be Glance's loader; an `error` of `#glance_visitor`,
    /// whoever inserted it, is a core that will not load).
    load_listener: RefCell<Option<(DomListener, DomListener)>>,
    script: RefCell<Option<script::ScriptTag>>,
    closed: Cell<bool>,
}

impl Binding {
    fn emit(&self, msg: SourceMessage) {
        (self.sink)(msg)
    }

    fn deliver(&self, name: &str, payload: &JsValue) {
        match decode_js(name, payload) {
            Ok(ev) => self.emit(SourceMessage::Event(ev)),
            Err(e) => self.emit(SourceMessage::Malformed(e)),
        }
    }

    /// Makes the listeners (see [`ingress`]): every event reaches [`Binding::on_event`] in order,
    /// a burst of plainly valid `viewerinfo` merged per view.
    fn make_listeners(self: &Rc<Self>) {
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

    fn on_event(self: &Rc<Self>, name: &'static str, payload: JsValue) {
        if self.closed.get() {
            return;
        }
        if name == "sessionend" {
            self.session_ends.set(self.session_ends.get().wrapping_add(1));
        }
        #[cfg(feature = "visitor-screenshare")]
        if name == "visitorscreensharerequested" {
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
    fn on_core_load_error(self: &Rc<Self>, payload: JsValue) {
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
    fn deliver_after_video_scripts(self: &Rc<Self>, payload: JsValue) {
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
                    if let Ok(VisitorEvent::Request(request)) = decode_js(NAME, &payload) {
                        let _ = request.responder.decline();
                    }
                    b.emit(SourceMessage::Event(VisitorEvent::Error(GlanceError {
                        code: ErrorCode::ScriptLoadFailed,
                        msg: format!("The screen share could not start: {why}"),
                        server: None,
                        script: None,
                        params: Value::Null,
                    })));
                }
            }
        });
    }

    /// Looks at `GLANCE.Cobrowse.Visitor` again: binds when it first appears, and follows the
    /// stub's replacement by the full object. Returns whether to keep watching (nothing found yet,
    /// or still the loader's stub).
    fn check(self: &Rc<Self>) -> bool {
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
    fn request_core(self: &Rc<Self>) {
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
    fn on_core_loaded(self: &Rc<Self>) {
        let _ = self.check();
        if visitor().is_some_and(|v| !is_stub(&v)) {
            self.core_ready.set(true);
        }
        self.flush_queue();
    }

    /// Listens for the `load` and `error` of the core's tag, once it is in the page.
    fn watch_core_tag(self: &Rc<Self>) {
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
    fn core_tag_failed(self: &Rc<Self>) {
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
    fn on_core_failed(&self) {
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

    /// Adds every listener to `v` (removing it first when `again`), and points the default-UI
    /// entry points at the kit.
    fn listen(&self, v: &JsValue, again: bool) {
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

    fn patch_ui(&self, v: &JsValue) {
        if let Some(ui) = self.default_ui.borrow().as_ref() {
            ui.patch(v);
        }
    }

    /// The full script has loaded (`ready`): follow a new Visitor object, stop watching for one,
    /// point the entry points of the full Visitor at the kit again (the full script may also have
    /// redefined them on the same object), and run the queued actions.
    fn on_ready(self: &Rc<Self>) {
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

    fn call_ui_ready(&self) {
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
    fn flush_queue(&self) {
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
    fn fail_queue(&self) {
        let queued = std::mem::take(&mut *self.queue.borrow_mut());
        for (method, _) in queued {
            if method == "startSession" {
                self.emit(SourceMessage::Event(VisitorEvent::SessionEnd { reason: Some(EndReason::Error) }));
            } else {
                self.action_failed(&SourceError::Threw(method, "Glance's visitor script did not load".into()));
            }
        }
    }

    fn action_failed(&self, e: &SourceError) {
        warn(&e.to_string());
        self.emit(SourceMessage::Event(VisitorEvent::Error(GlanceError::kit(ErrorCode::ActionFailed, e.to_string()))));
    }

    /// Reads `getSessionState` (agents, rc, accessibility, connection, visitorvideo, and the
    /// screenshare of each view) and `isPageMasked()` after a navigation; null answers (before
    /// `statereceived`) are skipped.
    fn read_session_state(&self) {
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

    fn wait(self: &Rc<Self>) {
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

    fn schedule(self: &Rc<Self>) {
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

    fn stop_waiting(&self) {
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

    fn insert_script(self: &Rc<Self>, opts: &ScriptOptions) {
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

    fn close(&self) {
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
    fn act(self: &Rc<Self>, method: &'static str, args: Vec<JsValue>) -> Result<(), SourceError> {
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
    fn cancel_queued(&self, method: &str) -> bool {
        let mut queue = self.queue.borrow_mut();
        let before = queue.len();
        queue.retain(|(m, _)| *m != method);
        queue.len() != before
    }
}

impl GlanceSource {
    /// The live subscription, if any.
    fn binding(&self) -> Option<Rc<Binding>> {
        self.live.borrow().upgrade().filter(|b| !b.closed.get())
    }

    /// Calls `GLANCE.Cobrowse.Visitor[method](...args)`: now when the full script is there, queued
    /// for `ready` while a subscription waits for it.
    fn act(&self, method: &'static str, args: Vec<JsValue>) -> Result<(), SourceError> {
        match self.binding() {
            Some(b) => b.act(method, args),
            None => call(&visitor().ok_or(SourceError::NotLoaded)?, method, &args).map(|_| ()),
        }
    }
}

impl VisitorSource for GlanceSource {
    fn subscribe(&self, sink: Sink) -> Subscription {
        let b = Rc::new(Binding {
            options: self.options.clone(),
            sink: sink.clone(),
            listeners: RefCell::new(Vec::new()),
            ingress: RefCell::new(None),
            bound: RefCell::new(Vec::new()),
            default_ui: RefCell::new(None),
            ui_ready_called: Cell::new(false),
            queue: RefCell::new(Vec::new()),
            core_ready: Cell::new(false),
            load_requested: Cell::new(false),
            core_tag: RefCell::new(None),
            core_failed: Cell::new(false),
            failure_shown: Cell::new(false),
            session_ends: Cell::new(0),
            timer: RefCell::new(None),
            delay: Cell::new(50),
            load_listener: RefCell::new(None),
            script: RefCell::new(None),
            closed: Cell::new(false),
        });
        b.make_listeners();
        if self.options.replace_default_ui {
            let weak = Rc::downgrade(&b);
            *b.default_ui.borrow_mut() = Some(DefaultUi::new(move |request| {
                if let Some(b) = weak.upgrade() {
                    b.emit(SourceMessage::Ui(request));
                }
            }));
        }
        if let Some(script) = &self.options.script {
            b.insert_script(script);
        }
        if b.check() {
            b.wait();
        }
        *self.live.borrow_mut() = Rc::downgrade(&b);
        Subscription::new(move || b.close())
    }

    /// `startSession()` with no argument when nothing is set, so that Glance applies the page's
    /// `setStartParams(...)` and the tag's `data-visitorid` (or picks a random key);
    /// `startSession(key)` for a bare key; else `startSession({sessionKey?, groupid?, name?,
    /// email?, phone?, video?})` with only the fields given (no `sessionKey` without a key, so the
    /// tag's `data-visitorid` still applies; Glance then ignores `setStartParams`).
    fn start_session(&self, params: &StartParams) -> Result<(), SourceError> {
        let extra = [
            ("groupid", &params.group_id),
            ("name", &params.name),
            ("email", &params.email),
            ("phone", &params.phone),
            ("video", &params.video),
        ];
        let args = if extra.iter().all(|(_, v)| v.is_none()) {
            params.session_key.as_deref().map(JsValue::from_str).into_iter().collect()
        } else {
            let obj = Object::new();
            for (k, v) in std::iter::once(("sessionKey", &params.session_key)).chain(extra) {
                if let Some(v) = v {
                    let _ = Reflect::set(&obj, &JsValue::from_str(k), &JsValue::from_str(v));
                }
            }
            vec![obj.into()]
        };
        self.act("startSession", args)
    }

    fn stop_session(&self) -> Result<(), SourceError> {
        self.act("stopSession", vec![])
    }

    fn enable_rc(&self, enabled: bool) -> Result<(), SourceError> {
        self.act("enableRC", vec![JsValue::from_bool(enabled)])
    }

    fn pause_session(&self, pause: bool, message: Option<&str>) -> Result<(), SourceError> {
        let obj = Object::new();
        let _ = Reflect::set(&obj, &"pause".into(), &JsValue::from_bool(pause));
        if let Some(m) = message {
            let _ = Reflect::set(&obj, &"message".into(), &JsValue::from_str(m));
        }
        self.act("pauseSession", vec![obj.into()])
    }

    fn toggle_video(&self) -> Result<(), SourceError> {
        self.act("toggleVideo", vec![])
    }

    fn toggle_video_size(&self) -> Result<(), SourceError> {
        self.act("toggleVideoSize", vec![])
    }

    fn stop_video(&self) -> Result<(), SourceError> {
        self.act("stopVideo", vec![])
    }

    /// `sendDocument(file)` (not for a [view-only](super::SharedDocument::view_only) document,
    /// which Glance would refuse), then `viewPDF` / `viewXLS` with `{data, name, visitorselected:
    /// true}`.
    fn send_document(&self, document: &super::SharedDocument) -> Result<(), SourceError> {
        if !document.view_only() {
            self.act("sendDocument", vec![document.file.clone()])?;
        }
        let view = Object::new();
        let _ = Reflect::set(&view, &"data".into(), &document.data);
        let _ = Reflect::set(&view, &"name".into(), &JsValue::from_str(&document.name));
        let _ = Reflect::set(&view, &"visitorselected".into(), &JsValue::TRUE);
        self.act(document.kind.viewer(), vec![view.into()])
    }

    /// Removes a `startSession` still queued for Glance's full script.
    fn cancel_start(&self) -> bool {
        self.binding().is_some_and(|b| b.cancel_queued("startSession"))
    }

    fn session_key(&self) -> Option<String> {
        let key = call(&visitor()?, "getKey", &[]).ok()?;
        key.as_string().or_else(|| key.as_f64().filter(|n| n.is_finite()).map(format_number)).filter(|k| !k.is_empty())
    }
}
