//! A guard in front of Glance's own `glance_invoke` listener.
//!
//! Glance's visitor script checks invocations weakly (see the [module documentation](super)): any
//! subdomain and any port of the page's base domain is trusted, and any Visitor method runs,
//! `enableRC` included. The guard applies the kit's [rules](super::InvokeRules) first and stops
//! what they refuse (`stopImmediatePropagation`), so Glance never sees it.
//!
//! **It must be in place before Glance's loader runs**: `message` listeners on `window` run in
//! registration order whatever their capture flag (measured in Chromium 156), and the loader
//! registers its listener as soon as it runs. So:
//! * when the kit inserts Glance's script tag itself ([`ScriptOptions`](crate::source::ScriptOptions)),
//!   it installs this guard (unless one is there already) right before the tag, with the tag's
//!   group (and `additionalgroupids`), the page's own origin trusted and the default allowlist;
//!   call [`InvokeGuard::install`] before that to trust chat origins;
//! * a page with a static Glance tag puts the standalone `gvk-invoke-guard.js` before it,
//!   configured by data attributes:
//!
//! ```html
//! <script src="/gvk-invoke-guard.js"
//!         data-trusted="https://chat.example.com https://help.example.net"
//!         data-allow="startSession stopSession showTerms setStartParams"></script>
//! <script id="glance-cobrowse" src="https://www.glancecdn.net/cobrowse/CobrowseJS.ashx?group=72937&site=production"
//!         data-groupid="72937" data-site="production" data-ui="custom"></script>
//! ```
//!
//! `data-trusted` lists exact origins besides the page's own; `data-group` the groups (default:
//! the Glance tag's `data-groupid` and `data-additionalgroupids`, read when a message arrives);
//! `data-allow` the functions (default the four of [`DEFAULT_ALLOW`];
//! `enableRC` and the other [`NEVER_ALLOWED`](super::NEVER_ALLOWED) names are dropped). The script
//! defines `window.gvkInvokeGuard`; [`InvokeGuard::install`] recognises it and configures it
//! (trusted origins, groups, allowlist) instead of adding a second listener, and passes its
//! refusals to the [`Observer`].
//!
//! As a second line, when a message passes, the guard makes the current
//! `GLANCE.Cobrowse.Visitor.enableRC` refuse any argument that is not a boolean (Glance's invoke
//! passes the `args` object, which would switch remote control on).

use std::fmt;

use super::{GroupId, Origin, DEFAULT_ALLOW};
use crate::context::Observer;

/// The name of the global the standalone guard script defines.
pub const SCRIPT_GLOBAL: &str = "gvkInvokeGuard";

/// How the guard decides (see [`InvokeRules`](super::InvokeRules); the page's own origin is always
/// trusted).
#[derive(Clone, Debug, PartialEq)]
pub struct GuardOptions {
    /// Trusted origins besides the page's own.
    pub trusted: Vec<Origin>,
    /// The groups a message may name. Empty: the Glance tag's `data-groupid` and
    /// `data-additionalgroupids`, read when a message arrives.
    pub groups: Vec<GroupId>,
    /// The functions that may run (default [`DEFAULT_ALLOW`]; never-allowed names are dropped).
    pub allow: Vec<String>,
    /// Sees every refusal as [`Activity::InvokeRejected`](crate::Activity::InvokeRejected).
    pub observer: Option<Observer>,
}

impl Default for GuardOptions {
    fn default() -> Self {
        GuardOptions {
            trusted: Vec::new(),
            groups: Vec::new(),
            allow: DEFAULT_ALLOW.iter().map(|s| (*s).to_owned()).collect(),
            observer: None,
        }
    }
}

/// Why the guard was not installed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GuardError {
    /// No browser window (a server).
    NoWindow,
    /// Glance's loader has run already (`window.GLANCE.Cobrowse` exists) and no guard script is in
    /// front of it: a guard added now would run after Glance's listener and stop nothing. Put
    /// `gvk-invoke-guard.js` before Glance's tag, or let the kit insert the tag.
    AfterGlance,
}

impl fmt::Display for GuardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GuardError::NoWindow => f.write_str("no browser window"),
            GuardError::AfterGlance => f.write_str(
                "Glance's loader already listens for messages; a guard added now cannot stop them \
                 (put gvk-invoke-guard.js before Glance's script tag)",
            ),
        }
    }
}

impl std::error::Error for GuardError {}

/// The guard in front of Glance's listener (a handle; the guard stays until [`remove`](Self::remove)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvokeGuard {
    /// The kit's own listener.
    Kit,
    /// The standalone `gvk-invoke-guard.js`, configured by the kit.
    Script,
}

#[cfg(not(target_arch = "wasm32"))]
impl InvokeGuard {
    /// Installs the guard (see the module documentation). On a server: [`GuardError::NoWindow`].
    pub fn install(_options: GuardOptions) -> Result<InvokeGuard, GuardError> {
        Err(GuardError::NoWindow)
    }
    /// The guard in place, if any.
    pub fn current() -> Option<InvokeGuard> {
        None
    }
    /// The refusals so far, newest last (at most 50).
    pub fn rejections(&self) -> Vec<super::Rejection> {
        Vec::new()
    }
    /// Removes the guard.
    pub fn remove(self) {}
}

#[cfg(target_arch = "wasm32")]
pub(crate) use browser::before_glance_tag;

/// Nothing to guard on a server.
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn before_glance_tag(_groups: Vec<GroupId>) {}

#[cfg(target_arch = "wasm32")]
mod browser {
    use std::cell::RefCell;
    use std::rc::Rc;

    use js_sys::{Array, Function, Object, Reflect};
    use wasm_bindgen::prelude::Closure;
    use wasm_bindgen::{JsCast, JsValue};

    use super::super::{page_origin, read_message, GroupId, InvokeRules, RejectCode, Rejection};
    use super::{GuardError, GuardOptions, InvokeGuard, SCRIPT_GLOBAL};
    use crate::context::Activity;
    use crate::source::warn;

    const KEEP: usize = 50;
    /// The property that marks an `enableRC` already wrapped (by either guard).
    const MARK: &str = "gvkGuarded";

    struct KitGuard {
        options: RefCell<GuardOptions>,
        listener: Closure<dyn Fn(web_sys::Event)>,
        rejections: RefCell<Vec<Rejection>>,
    }

    /// The script guard's subscription for the observer (its unsubscribe function).
    struct ScriptHook {
        unsubscribe: Option<Function>,
        _f: Closure<dyn Fn(JsValue)>,
    }

    thread_local! {
        static GUARD: RefCell<Option<Rc<KitGuard>>> = const { RefCell::new(None) };
        static SCRIPT_HOOK: RefCell<Option<ScriptHook>> = const { RefCell::new(None) };
    }

    fn get(target: &JsValue, key: &str) -> Option<JsValue> {
        if !(target.is_object() || target.is_function()) {
            return None;
        }
        Reflect::get(target, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
    }

    fn script_guard() -> Option<JsValue> {
        get(&js_sys::global(), SCRIPT_GLOBAL).filter(|g| get(g, "configure").is_some_and(|c| c.is_function()))
    }

    fn glance_loaded() -> bool {
        get(&js_sys::global(), "GLANCE").and_then(|g| get(&g, "Cobrowse")).is_some()
    }

    fn strings<T: ToString>(items: &[T]) -> JsValue {
        items.iter().map(|s| JsValue::from_str(&s.to_string())).collect::<Array>().into()
    }

    /// The groups of the Glance tag on the page (`data-groupid`, `data-additionalgroupids`).
    fn tag_groups() -> Vec<GroupId> {
        let Some(tag) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("glance-cobrowse"))
        else {
            return Vec::new();
        };
        let mut text = tag.get_attribute("data-groupid").unwrap_or_default();
        text.push(',');
        text.push_str(&tag.get_attribute("data-additionalgroupids").unwrap_or_default());
        text.split(',').filter_map(GroupId::new).collect()
    }

    fn rejection_of(v: &JsValue) -> Option<Rejection> {
        let text = |k: &str| get(v, k).and_then(|s| s.as_string());
        Some(Rejection {
            code: RejectCode::from_code(&text("code")?)?,
            origin: text("origin").unwrap_or_default(),
            func: text("func"),
            detail: text("detail").unwrap_or_default(),
        })
    }

    impl InvokeGuard {
        /// Installs the guard (see the module documentation): configures the standalone guard
        /// script when the page has it, else adds the kit's listener (or gives the one in place
        /// these options). Call it before Glance's loader runs.
        pub fn install(options: GuardOptions) -> Result<InvokeGuard, GuardError> {
            let window = web_sys::window().ok_or(GuardError::NoWindow)?;
            if let Some(script) = script_guard() {
                configure_script(&script, &options);
                return Ok(InvokeGuard::Script);
            }
            if let Some(guard) = GUARD.with(|g| g.borrow().clone()) {
                *guard.options.borrow_mut() = options;
                return Ok(InvokeGuard::Kit);
            }
            if glance_loaded() {
                warn(&GuardError::AfterGlance.to_string());
                return Err(GuardError::AfterGlance);
            }
            let listener = Closure::<dyn Fn(web_sys::Event)>::new(on_message);
            let _ =
                window.add_event_listener_with_callback_and_bool("message", listener.as_ref().unchecked_ref(), true);
            let guard =
                Rc::new(KitGuard { options: RefCell::new(options), listener, rejections: RefCell::new(Vec::new()) });
            GUARD.with(|g| *g.borrow_mut() = Some(guard));
            Ok(InvokeGuard::Kit)
        }

        /// The guard in place, if any (the standalone script counts).
        pub fn current() -> Option<InvokeGuard> {
            if script_guard().is_some() {
                return Some(InvokeGuard::Script);
            }
            GUARD.with(|g| g.borrow().is_some()).then_some(InvokeGuard::Kit)
        }

        /// The refusals so far, newest last (at most 50).
        pub fn rejections(&self) -> Vec<Rejection> {
            match self {
                InvokeGuard::Kit => {
                    GUARD.with(|g| g.borrow().as_ref().map(|g| g.rejections.borrow().clone())).unwrap_or_default()
                }
                InvokeGuard::Script => {
                    let list = script_guard().and_then(|s| get(&s, "rejected"));
                    let Some(list) = list.filter(Array::is_array) else { return Vec::new() };
                    list.unchecked_into::<Array>().iter().filter_map(|v| rejection_of(&v)).collect()
                }
            }
        }

        /// Removes the guard (the kit's listener, or the standalone script's).
        pub fn remove(self) {
            match self {
                InvokeGuard::Kit => {
                    if let Some(guard) = GUARD.with(|g| g.borrow_mut().take()) {
                        if let Some(w) = web_sys::window() {
                            let f = guard.listener.as_ref().unchecked_ref();
                            let _ = w.remove_event_listener_with_callback_and_bool("message", f, true);
                        }
                    }
                }
                InvokeGuard::Script => {
                    drop_script_hook();
                    if let Some(remove) = script_guard().and_then(|s| get(&s, "remove")).filter(JsValue::is_function) {
                        let _ = remove.unchecked_into::<Function>().call0(&JsValue::UNDEFINED);
                    }
                }
            }
        }
    }

    fn drop_script_hook() {
        if let Some(hook) = SCRIPT_HOOK.with(|h| h.borrow_mut().take()) {
            if let Some(unsubscribe) = hook.unsubscribe {
                let _ = unsubscribe.call0(&JsValue::UNDEFINED);
            }
        }
    }

    fn configure_script(script: &JsValue, options: &GuardOptions) {
        let config = Object::new();
        let _ = Reflect::set(&config, &"trusted".into(), &strings(&options.trusted));
        if !options.groups.is_empty() {
            let _ = Reflect::set(&config, &"groups".into(), &strings(&options.groups));
        }
        let _ = Reflect::set(&config, &"allow".into(), &strings(&options.allow));
        if let Some(f) = get(script, "configure").filter(JsValue::is_function) {
            if let Err(e) = f.unchecked_into::<Function>().call1(script, &config) {
                warn(&format!("gvk-invoke-guard.js configure() threw: {}", crate::event::js::describe_js(&e)));
            }
        }
        drop_script_hook();
        if let Some(observer) = options.observer.clone() {
            let f = Closure::<dyn Fn(JsValue)>::new(move |v: JsValue| {
                if let Some(r) = rejection_of(&v) {
                    observer.call(&Activity::InvokeRejected(r));
                }
            });
            let unsubscribe = get(script, "onReject")
                .filter(JsValue::is_function)
                .and_then(|on| on.unchecked_into::<Function>().call1(script, f.as_ref()).ok())
                .filter(JsValue::is_function)
                .map(JsCast::unchecked_into);
            SCRIPT_HOOK.with(|h| *h.borrow_mut() = Some(ScriptHook { unsubscribe, _f: f }));
        }
    }

    fn on_message(e: web_sys::Event) {
        let Some(me) = e.dyn_ref::<web_sys::MessageEvent>() else { return };
        let Some(raw) = read_message(&me.data()) else { return };
        let Some(guard) = GUARD.with(|g| g.borrow().clone()) else { return };
        let (rules, observer) = {
            let o = guard.options.borrow();
            let groups = if o.groups.is_empty() { tag_groups() } else { o.groups.clone() };
            let rules =
                InvokeRules { groups, trusted: o.trusted.clone(), trust_own_origin: true, allow: o.allow.clone() };
            (rules, o.observer.clone())
        };
        match rules.check(page_origin().as_ref(), &me.origin(), &raw) {
            Ok(_) => guard_enable_rc(),
            Err(rejection) => {
                e.stop_immediate_propagation();
                {
                    let mut list = guard.rejections.borrow_mut();
                    list.push(rejection.clone());
                    let extra = list.len().saturating_sub(KEEP);
                    list.drain(..extra);
                }
                let activity = Activity::InvokeRejected(rejection);
                warn(&activity.to_string());
                if let Some(observer) = observer {
                    observer.call(&activity);
                }
            }
        }
    }

    /// Makes the current `GLANCE.Cobrowse.Visitor.enableRC` refuse non-boolean arguments.
    fn guard_enable_rc() {
        let visitor =
            get(&js_sys::global(), "GLANCE").and_then(|g| get(&g, "Cobrowse")).and_then(|c| get(&c, "Visitor"));
        let Some(visitor) = visitor else { return };
        let Some(original) = get(&visitor, "enableRC").filter(JsValue::is_function) else { return };
        if get(&original, MARK).is_some() {
            return;
        }
        let original: Function = original.unchecked_into();
        let target = visitor.clone();
        let wrapper = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |arg: JsValue| {
            if arg.as_bool().is_none() {
                warn("refused GLANCE.Cobrowse.Visitor.enableRC with an argument that is not a boolean");
                return JsValue::UNDEFINED;
            }
            match original.call1(&target, &arg) {
                Ok(v) => v,
                Err(e) => wasm_bindgen::throw_val(e),
            }
        })
        .into_js_value();
        let _ = Reflect::set(&wrapper, &JsValue::from_str(MARK), &JsValue::TRUE);
        let _ = Reflect::set(&visitor, &JsValue::from_str("enableRC"), &wrapper);
    }

    /// Called right before the kit inserts Glance's script tag: installs the guard with the tag's
    /// groups unless a guard is in place already.
    pub(crate) fn before_glance_tag(groups: Vec<GroupId>) {
        if InvokeGuard::current().is_some() {
            return;
        }
        let _ = InvokeGuard::install(GuardOptions { groups, ..Default::default() });
    }
}
