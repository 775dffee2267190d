//! The binding to Glance's visitor script, `window.GLANCE.Cobrowse.Visitor`.
//!
//! The same code runs in production and in tests (tests put a stand-in `window.GLANCE` on the page).
//!
//! * **Finding Glance.** [`GlanceSource::subscribe`] binds at once when `GLANCE.Cobrowse.Visitor` exists
//!   (the loader's stub with `loaded: false`, or the full object). When it does not exist yet (the
//!   loader script is added later), it waits without errors: it checks again whenever a script
//!   element finishes loading (a capturing `load` listener on the document) and on a timer that backs
//!   off from 50 ms to 1 s.
//! * **Listening.** It calls `addEventListener(name, fn)` once for every name in
//!   [`crate::event::EVENT_NAMES`] (both spellings of screenshare pause/resume). When the full object
//!   replaces the loader's stub (noticed on `ready`, and by checking on script loads and on the
//!   backing-off timer while the stub is in place) it removes and re-adds its listeners there, so
//!   that each is subscribed exactly once whether or not Glance carried them over. The
//!   subscription removes them from every Visitor object it has seen, with the same function
//!   objects, and frees the closures.
//! * **Readiness.** It calls `GLANCE.Cobrowse.Loader.setUIReady()` once per subscription
//!   ([`GlanceOptions::set_ui_ready`]), as soon as the loader is there: with `data-ui="custom"` Glance
//!   starts no session before it.
//! * **Mid-session pages.** On binding it asks `inSession()` and, if so, reports `sessioncontinue` and
//!   reads `getSessionState("agents" | "rc" | "screenshare", view)`; it reads them again on `statereceived`.
//! * **Standing in for Glance's default UI.** `showTerms(params)`, `showButton(bool)`, `toggleButton()`
//!   (and `setStyle`) are replaced on `GLANCE.Cobrowse.VisitorUI` (created only if absent) and on the
//!   Visitor object (the stub, and the full object again when it loads), so that Glance's own triggers
//!   open the kit's UI as [`UiRequest`]s and never load Glance's default UI script. Everything replaced
//!   is restored when the subscription ends.
//! * **Actions.** A method the script lacks is [`SourceError::MissingMethod`]; a method that throws is
//!   [`SourceError::Threw`]; no Visitor object is [`SourceError::NotLoaded`]. Nothing panics.
//! * **Script tag.** [`ScriptOptions`] inserts `<script id="glance-cobrowse" data-ui="custom" ...>` once;
//!   a load failure becomes `error {code: "scriptloadfailed"}`.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;
use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::{warn, Sink, SourceError, SourceMessage, StartParams, Subscription, UiRequest, VisitorSource, RANDOM_KEY};
use crate::event::{
    format_number,
    js::{decode_js, describe_js, to_value},
    ErrorCode, GlanceError, Value, VisitorEvent, AGENT_VIDEO_VIEW, EVENT_NAMES, SCREENSHARE_VIEW,
};

/// Glance's web site kind (`data-site`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Site {
    /// `staging`.
    #[default]
    Staging,
    /// `production`.
    Production,
}

impl Site {
    /// `staging` or `production`.
    pub fn as_str(self) -> &'static str {
        match self {
            Site::Staging => "staging",
            Site::Production => "production",
        }
    }
}

/// Glance's CDN address of the loader script.
pub const GLANCE_CDN: &str = "https://www.glancecdn.net/cobrowse/CobrowseJS.ashx";

/// How to insert Glance's script tag.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ScriptOptions {
    /// `data-groupid`.
    pub group_id: String,
    /// `data-site`.
    pub site: Site,
    /// A self-hosted loader (`GlanceCobrowseLoader_<ver>M.js`); `None` uses [`GLANCE_CDN`] with
    /// `?group=..&site=..`.
    pub src: Option<String>,
    /// Other documented attributes, without the `data-` prefix: `inputevents`, `termsurl`,
    /// `cookiedomain`, `cookietype`, `presence`, `additionalgroupids`.
    pub data: Vec<(String, String)>,
}

impl ScriptOptions {
    /// The `src` the tag gets.
    pub fn script_src(&self) -> String {
        match &self.src {
            Some(src) => src.clone(),
            None => format!("{GLANCE_CDN}?group={}&site={}", encode(&self.group_id), self.site.as_str()),
        }
    }
}

fn encode(s: &str) -> String {
    js_sys::encode_uri_component(s).as_string().unwrap_or_default()
}

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
}

impl Default for GlanceOptions {
    fn default() -> Self {
        GlanceOptions {
            set_ui_ready: true,
            replace_default_ui: true,
            script: None,
            views: vec![SCREENSHARE_VIEW.to_owned(), AGENT_VIDEO_VIEW.to_owned()],
        }
    }
}

/// The binding to `window.GLANCE.Cobrowse.Visitor`. See the module documentation.
#[derive(Clone, Debug, Default)]
pub struct GlanceSource {
    options: GlanceOptions,
}

impl GlanceSource {
    /// A binding with default options.
    pub fn new() -> Self {
        Self::default()
    }
    /// A binding with these options.
    pub fn with_options(options: GlanceOptions) -> Self {
        GlanceSource { options }
    }
}

// ---- small, total helpers over JS objects ----

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    if !(target.is_object() || target.is_function()) {
        return None;
    }
    Reflect::get(target, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

fn path(keys: &[&str]) -> Option<JsValue> {
    keys.iter().try_fold(js_sys::global().into(), |v: JsValue, k| get(&v, k))
}

fn glance_cobrowse() -> Option<JsValue> {
    path(&["GLANCE", "Cobrowse"])
}

fn visitor() -> Option<JsValue> {
    path(&["GLANCE", "Cobrowse", "Visitor"]).filter(|v| v.is_object())
}

/// Calls `target[method](...args)`.
fn call(target: &JsValue, method: &'static str, args: &[JsValue]) -> Result<JsValue, SourceError> {
    let f =
        get(target, method).and_then(|f| f.dyn_into::<Function>().ok()).ok_or(SourceError::MissingMethod(method))?;
    let result = match args {
        [] => f.call0(target),
        [a] => f.call1(target, a),
        [a, b] => f.call2(target, a, b),
        _ => f.apply(target, &args.iter().collect()),
    };
    result.map_err(|e| SourceError::Threw(method, describe_js(&e)))
}

fn call_visitor(method: &'static str, args: &[JsValue]) -> Result<JsValue, SourceError> {
    call(&visitor().ok_or(SourceError::NotLoaded)?, method, args)
}

fn same(a: &JsValue, b: &JsValue) -> bool {
    Object::is(a, b)
}

/// Whether a Visitor object is the loader's stub (`loaded: false`), which the full script replaces.
fn is_stub(v: &JsValue) -> bool {
    get(v, "loaded").and_then(|l| l.as_bool()) == Some(false)
}

/// Parses `showTerms(params)` arguments: a key, or `{sessionKey, groupid, name, email, phone}`.
fn start_params_of(v: &JsValue) -> StartParams {
    let text = |v: Option<&Value>| match v {
        Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
        Some(Value::Number(n)) if n.is_finite() => Some(format_number(*n)),
        _ => None,
    };
    let value = to_value(v);
    match &value {
        Value::Object(_) => StartParams {
            session_key: text(value.get("sessionKey")),
            group_id: text(value.get("groupid")),
            name: text(value.get("name")),
            email: text(value.get("email")),
            phone: text(value.get("phone")),
        },
        other => StartParams { session_key: text(Some(other)), ..Default::default() },
    }
}

/// A property replaced on a Glance object, and what it was.
struct Patch {
    target: JsValue,
    key: &'static str,
    old: Option<JsValue>,
}

/// A JS function made from a Rust closure, with the name it is registered under.
type NamedFn = (&'static str, Closure<dyn Fn(JsValue)>);
/// A DOM event listener made from a Rust closure.
type DomListener = Closure<dyn Fn(web_sys::Event)>;

struct Binding {
    options: GlanceOptions,
    sink: Sink,
    /// One listener per event name; the same function objects are used to remove them.
    listeners: RefCell<Vec<NamedFn>>,
    /// Visitor objects that hold (or may hold, after carry-over) our listeners.
    bound: RefCell<Vec<JsValue>>,
    /// The replacement functions for Glance's default-UI entry points.
    ui_fns: RefCell<Vec<NamedFn>>,
    patches: RefCell<Vec<Patch>>,
    ui_ready_called: Cell<bool>,
    /// Waiting for `window.GLANCE`: the timer, its next delay, and the capturing `load` listener.
    timer: RefCell<Option<Timeout>>,
    delay: Cell<u32>,
    load_listener: RefCell<Option<DomListener>>,
    script_error: RefCell<Option<(web_sys::HtmlScriptElement, DomListener)>>,
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

    fn make_listeners(self: &Rc<Self>) {
        let mut listeners = self.listeners.borrow_mut();
        for &name in EVENT_NAMES {
            let weak = Rc::downgrade(self);
            let f = Closure::<dyn Fn(JsValue)>::new(move |payload: JsValue| {
                let Some(b) = weak.upgrade() else { return };
                if b.closed.get() {
                    return;
                }
                b.deliver(name, &payload);
                match name {
                    "ready" => b.on_ready(),
                    "statereceived" => b.read_session_state(),
                    _ => {}
                }
            });
            listeners.push((name, f));
        }
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
        if first {
            self.listen(&v, false);
            if matches!(call(&v, "inSession", &[]).map(|r| r.as_bool()), Ok(Some(true))) {
                self.emit(SourceMessage::Event(VisitorEvent::SessionContinue));
                self.read_session_state();
            }
        } else if !known {
            // A new Visitor object (the full script replaced the stub). Glance carries listeners over;
            // removing before adding keeps exactly one of each whether it did or not.
            self.listen(&v, true);
        }
        is_stub(&v)
    }

    /// Adds every listener to `v` (removing it first when `again`), and points the default-UI
    /// entry points at the kit.
    fn listen(&self, v: &JsValue, again: bool) {
        for (name, f) in self.listeners.borrow().iter() {
            let args = [JsValue::from_str(name), f.as_ref().clone()];
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
    }

    /// The full script has loaded (`ready`): follow a new Visitor object, stop watching for one,
    /// and point the entry points of the full Visitor at the kit again (the full script may also
    /// have redefined them on the same object).
    fn on_ready(self: &Rc<Self>) {
        if !self.check() {
            self.stop_waiting();
        }
        if let Some(v) = visitor() {
            self.patch_ui(&v);
        }
        self.call_ui_ready();
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

    /// Reads `getSessionState` after a navigation; null answers (before `statereceived`) are skipped.
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
        for view in &self.options.views {
            if let Some(share) = state(&["screenshare".into(), JsValue::from_str(view)]) {
                if share.is_object() && get(&share, "screenshareView").is_none() {
                    let _ = Reflect::set(&share, &"screenshareView".into(), &JsValue::from_str(view));
                }
                if get(&share, "state").is_some() {
                    self.deliver("screenshare", &share);
                }
            }
        }
    }

    fn make_ui_fns(self: &Rc<Self>) {
        let mut fns = self.ui_fns.borrow_mut();
        for key in ["showTerms", "showButton", "toggleButton", "setStyle"] {
            let weak: Weak<Binding> = Rc::downgrade(self);
            let f = Closure::<dyn Fn(JsValue)>::new(move |arg: JsValue| {
                let Some(b) = weak.upgrade() else { return };
                let request = match key {
                    "showTerms" => UiRequest::ShowTerms(start_params_of(&arg)),
                    "showButton" => UiRequest::ShowButton(arg.is_undefined() || arg.is_truthy()),
                    "toggleButton" => UiRequest::ToggleButton,
                    _ => return, // setStyle: the kit is styled with CSS; ignore, never load Glance's UI.
                };
                b.emit(SourceMessage::Ui(request));
            });
            fns.push((key, f));
        }
    }

    fn replace(&self, target: &JsValue, key: &'static str, f: &JsValue) {
        let current = get(target, key);
        if current.as_ref().is_some_and(|c| same(c, f)) {
            return;
        }
        if Reflect::set(target, &JsValue::from_str(key), f).unwrap_or(false) {
            self.patches.borrow_mut().push(Patch { target: target.clone(), key, old: current });
        }
    }

    /// Points Glance's default-UI entry points at the kit, on VisitorUI and on this Visitor object.
    fn patch_ui(&self, visitor: &JsValue) {
        if !self.options.replace_default_ui {
            return;
        }
        let Some(cobrowse) = glance_cobrowse() else { return };
        let ui = match get(&cobrowse, "VisitorUI") {
            Some(ui) => ui,
            None => {
                let ui: JsValue = Object::new().into();
                if !Reflect::set(&cobrowse, &"VisitorUI".into(), &ui).unwrap_or(false) {
                    return;
                }
                self.patches.borrow_mut().push(Patch { target: cobrowse.clone(), key: "VisitorUI", old: None });
                ui
            }
        };
        for (key, f) in self.ui_fns.borrow().iter() {
            let f: &JsValue = f.as_ref();
            self.replace(&ui, key, f);
            if *key != "setStyle" {
                self.replace(visitor, key, f);
            }
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
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            let _ = doc.add_event_listener_with_callback_and_bool("load", on_load.as_ref().unchecked_ref(), true);
        }
        *self.load_listener.borrow_mut() = Some(on_load);
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
        if let Some(f) = self.load_listener.borrow_mut().take() {
            if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
                let _ = doc.remove_event_listener_with_callback_and_bool("load", f.as_ref().unchecked_ref(), true);
            }
        }
    }

    fn insert_script(self: &Rc<Self>, opts: &ScriptOptions) {
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
        if doc.get_element_by_id("glance-cobrowse").is_some() {
            return;
        }
        let Ok(el) = doc.create_element("script") else { return };
        let Ok(script) = el.dyn_into::<web_sys::HtmlScriptElement>() else { return };
        let src = opts.script_src();
        let _ = script.set_attribute("id", "glance-cobrowse");
        let _ = script.set_attribute("data-groupid", &opts.group_id);
        let _ = script.set_attribute("data-site", opts.site.as_str());
        let _ = script.set_attribute("data-ui", "custom");
        for (k, v) in &opts.data {
            if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
                let _ = script.set_attribute(&format!("data-{k}"), v);
            }
        }
        script.set_charset("UTF-8");
        script.set_src(&src);
        let weak = Rc::downgrade(self);
        let on_error = Closure::<dyn Fn(web_sys::Event)>::new(move |_e: web_sys::Event| {
            let Some(b) = weak.upgrade() else { return };
            b.emit(SourceMessage::Event(VisitorEvent::Error(GlanceError {
                code: ErrorCode::ScriptLoadFailed,
                msg: "Glance's visitor script could not be loaded".into(),
                server: None,
                script: Some(src.clone()),
                params: Value::Object(vec![("script".into(), Value::String(src.clone()))]),
            })));
        });
        let _ = script.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
        if let Some(parent) = doc.head().map(web_sys::Node::from).or_else(|| doc.body().map(Into::into)) {
            let _ = parent.append_child(&script);
        }
        *self.script_error.borrow_mut() = Some((script, on_error));
    }

    fn close(&self) {
        self.closed.set(true);
        self.stop_waiting();
        // Remove listeners from every Visitor object seen, and from the current one.
        let mut targets = std::mem::take(&mut *self.bound.borrow_mut());
        if let Some(v) = visitor() {
            if !targets.is_empty() && !targets.iter().any(|t| same(t, &v)) {
                targets.push(v);
            }
        }
        for target in &targets {
            for (name, f) in self.listeners.borrow().iter() {
                let _ = call(target, "removeEventListener", &[JsValue::from_str(name), f.as_ref().clone()]);
            }
        }
        for patch in self.patches.borrow_mut().drain(..).rev() {
            let key = JsValue::from_str(patch.key);
            let _ = match patch.old {
                Some(old) => Reflect::set(&patch.target, &key, &old),
                None => Reflect::delete_property(patch.target.unchecked_ref::<Object>(), &key),
            };
        }
        if let Some((script, f)) = self.script_error.borrow_mut().take() {
            let _ = script.remove_event_listener_with_callback("error", f.as_ref().unchecked_ref());
        }
        self.listeners.borrow_mut().clear();
        self.ui_fns.borrow_mut().clear();
    }
}

impl VisitorSource for GlanceSource {
    fn subscribe(&self, sink: Sink) -> Subscription {
        let b = Rc::new(Binding {
            options: self.options.clone(),
            sink,
            listeners: RefCell::new(Vec::new()),
            bound: RefCell::new(Vec::new()),
            ui_fns: RefCell::new(Vec::new()),
            patches: RefCell::new(Vec::new()),
            ui_ready_called: Cell::new(false),
            timer: RefCell::new(None),
            delay: Cell::new(50),
            load_listener: RefCell::new(None),
            script_error: RefCell::new(None),
            closed: Cell::new(false),
        });
        b.make_listeners();
        b.make_ui_fns();
        if let Some(script) = &self.options.script {
            b.insert_script(script);
        }
        if b.check() {
            b.wait();
        }
        Subscription::new(move || b.close())
    }

    /// `startSession(key)` for a bare key (`"GLANCE_KEYTYPE_RANDOM"` when none), else
    /// `startSession({sessionKey?, groupid?, name?, email?, phone?})` with only the fields given.
    fn start_session(&self, params: &StartParams) -> Result<(), SourceError> {
        let extra =
            [("groupid", &params.group_id), ("name", &params.name), ("email", &params.email), ("phone", &params.phone)];
        let arg: JsValue = if extra.iter().all(|(_, v)| v.is_none()) {
            JsValue::from_str(params.session_key.as_deref().unwrap_or(RANDOM_KEY))
        } else {
            let obj = Object::new();
            for (k, v) in std::iter::once(("sessionKey", &params.session_key)).chain(extra) {
                if let Some(v) = v {
                    let _ = Reflect::set(&obj, &JsValue::from_str(k), &JsValue::from_str(v));
                }
            }
            obj.into()
        };
        call_visitor("startSession", &[arg]).map(|_| ())
    }

    fn stop_session(&self) -> Result<(), SourceError> {
        call_visitor("stopSession", &[]).map(|_| ())
    }

    fn enable_rc(&self, enabled: bool) -> Result<(), SourceError> {
        call_visitor("enableRC", &[JsValue::from_bool(enabled)]).map(|_| ())
    }

    fn pause_session(&self, pause: bool, message: Option<&str>) -> Result<(), SourceError> {
        let obj = Object::new();
        let _ = Reflect::set(&obj, &"pause".into(), &JsValue::from_bool(pause));
        if let Some(m) = message {
            let _ = Reflect::set(&obj, &"message".into(), &JsValue::from_str(m));
        }
        call_visitor("pauseSession", &[obj.into()]).map(|_| ())
    }

    fn session_key(&self) -> Option<String> {
        let key = call_visitor("getKey", &[]).ok()?;
        key.as_string().or_else(|| key.as_f64().filter(|n| n.is_finite()).map(format_number)).filter(|k| !k.is_empty())
    }
}
