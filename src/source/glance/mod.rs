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

mod binding;
mod default_ui;
#[cfg(feature = "split")]
pub(crate) mod gate;
pub(crate) mod guard;
mod ingress;
mod navigate;
mod script;
#[cfg(feature = "visitor-screenshare")]
mod video;
mod watch;

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::{warn, Sink, SourceError, SourceMessage, StartParams, Subscription, VisitorSource};
use crate::event::{
    format_number,
    js::{decode_js_following, describe_js},
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
