//! The mechanism of the invoke guard in front of Glance's own `glance_invoke` listener: the kit's
//! `message` listener (or the standalone `gvk-invoke-guard.js`, configured), the refusals it keeps,
//! the `enableRC` wrapper, and the install right before the kit inserts Glance's tag. It sits with
//! the binding because it is part of loading Glance's script; [`crate::invoke::InvokeGuard`] is its
//! public face (and turns refusals into [`Activity::InvokeRejected`](crate::Activity::InvokeRejected)).

use std::rc::Rc;

use crate::invoke::origin::Origin;
use crate::invoke::rules::{GroupId, Rejection, DEFAULT_ALLOW};

/// The name of the global the standalone guard script defines.
pub(crate) const SCRIPT_GLOBAL: &str = "gvkInvokeGuard";

/// How the guard decides, and who hears of a refusal (read in the browser only).
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
pub(crate) struct GuardConfig {
    /// Trusted origins besides the page's own.
    pub trusted: Vec<Origin>,
    /// The groups a message may name; empty: the Glance tag's, read when a message arrives.
    pub groups: Vec<GroupId>,
    /// The functions that may run.
    pub allow: Vec<String>,
    /// Called with each refusal, after the guard's own state is released.
    pub on_reject: Option<Rc<dyn Fn(Rejection)>>,
}

#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
impl GuardConfig {
    /// The tag's groups (or `groups`), the page's own origin only, the default allowlist.
    pub(crate) fn with_groups(groups: Vec<GroupId>) -> Self {
        GuardConfig {
            trusted: Vec::new(),
            groups,
            allow: DEFAULT_ALLOW.iter().map(|s| (*s).to_owned()).collect(),
            on_reject: None,
        }
    }
}

/// Which guard is in place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Installed {
    /// The kit's own listener.
    Kit,
    /// The standalone `gvk-invoke-guard.js`, configured by the kit.
    Script,
}

/// Why no guard was installed.
#[cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NotInstalled {
    /// No browser window (a server).
    NoWindow,
    /// Glance's loader has run already and no guard script is in front of it.
    AfterGlance,
}

/// Why a guard added after Glance's loader is refused (warned, and [`crate::invoke::GuardError`]'s text).
pub(crate) const AFTER_GLANCE: &str =
    "Glance's loader already listens for messages; a guard added now cannot stop them \
     (put gvk-invoke-guard.js before Glance's script tag)";

/// The text of a refusal, as warned and as [`Activity::InvokeRejected`](crate::Activity::InvokeRejected) shows it.
pub(crate) fn describe(rejection: &Rejection) -> String {
    format!("refused glance_invoke: {rejection}")
}

#[cfg(not(target_arch = "wasm32"))]
mod server {
    use super::{GroupId, GuardConfig, Installed, NotInstalled, Rejection};
    /// Nothing to guard on a server.
    pub(crate) fn install(_config: GuardConfig) -> Result<Installed, NotInstalled> {
        Err(NotInstalled::NoWindow)
    }
    pub(crate) fn current() -> Option<Installed> {
        None
    }
    pub(crate) fn rejections(_which: Installed) -> Vec<Rejection> {
        Vec::new()
    }
    pub(crate) fn remove(_which: Installed) {}
    pub(crate) fn before_glance_tag(_groups: Vec<GroupId>) {}
}
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use server::*;

#[cfg(target_arch = "wasm32")]
pub(crate) use browser::*;

#[cfg(target_arch = "wasm32")]
mod browser {
    use std::cell::RefCell;
    use std::rc::Rc;

    use js_sys::{Array, Function, Object, Reflect};
    use wasm_bindgen::prelude::Closure;
    use wasm_bindgen::{JsCast, JsValue};

    use super::{describe, GuardConfig, Installed, NotInstalled, AFTER_GLANCE, SCRIPT_GLOBAL};
    use crate::invoke::message::{page_origin, read_message};
    use crate::invoke::rules::{GroupId, InvokeRules, RejectCode, Rejection};
    use crate::log::warn;

    const KEEP: usize = 50;
    /// The property that marks an `enableRC` already wrapped (by either guard).
    const MARK: &str = "gvkGuarded";

    struct KitGuard {
        config: RefCell<GuardConfig>,
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

    /// Installs the guard: configures the standalone guard script when the page has it, else adds
    /// the kit's listener (or gives the one in place this configuration). Call it before Glance's
    /// loader runs.
    pub(crate) fn install(config: GuardConfig) -> Result<Installed, NotInstalled> {
        let window = web_sys::window().ok_or(NotInstalled::NoWindow)?;
        if let Some(script) = script_guard() {
            configure_script(&script, &config);
            return Ok(Installed::Script);
        }
        if let Some(guard) = GUARD.with(|g| g.borrow().clone()) {
            *guard.config.borrow_mut() = config;
            return Ok(Installed::Kit);
        }
        if glance_loaded() {
            warn(AFTER_GLANCE);
            return Err(NotInstalled::AfterGlance);
        }
        let listener = Closure::<dyn Fn(web_sys::Event)>::new(on_message);
        let _ = window.add_event_listener_with_callback_and_bool("message", listener.as_ref().unchecked_ref(), true);
        let guard = Rc::new(KitGuard { config: RefCell::new(config), listener, rejections: RefCell::new(Vec::new()) });
        GUARD.with(|g| *g.borrow_mut() = Some(guard));
        Ok(Installed::Kit)
    }

    /// The guard in place, if any (the standalone script counts).
    pub(crate) fn current() -> Option<Installed> {
        if script_guard().is_some() {
            return Some(Installed::Script);
        }
        GUARD.with(|g| g.borrow().is_some()).then_some(Installed::Kit)
    }

    /// The refusals so far, newest last (at most 50).
    pub(crate) fn rejections(which: Installed) -> Vec<Rejection> {
        match which {
            Installed::Kit => {
                GUARD.with(|g| g.borrow().as_ref().map(|g| g.rejections.borrow().clone())).unwrap_or_default()
            }
            Installed::Script => {
                let list = script_guard().and_then(|s| get(&s, "rejected"));
                let Some(list) = list.filter(Array::is_array) else { return Vec::new() };
                list.unchecked_into::<Array>().iter().filter_map(|v| rejection_of(&v)).collect()
            }
        }
    }

    /// Removes the guard (the kit's listener, or the standalone script's).
    pub(crate) fn remove(which: Installed) {
        match which {
            Installed::Kit => {
                if let Some(guard) = GUARD.with(|g| g.borrow_mut().take()) {
                    if let Some(w) = web_sys::window() {
                        let f = guard.listener.as_ref().unchecked_ref();
                        let _ = w.remove_event_listener_with_callback_and_bool("message", f, true);
                    }
                }
            }
            Installed::Script => {
                drop_script_hook();
                if let Some(remove) = script_guard().and_then(|s| get(&s, "remove")).filter(JsValue::is_function) {
                    let _ = remove.unchecked_into::<Function>().call0(&JsValue::UNDEFINED);
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

    fn configure_script(script: &JsValue, config: &GuardConfig) {
        let object = Object::new();
        let _ = Reflect::set(&object, &"trusted".into(), &strings(&config.trusted));
        if !config.groups.is_empty() {
            let _ = Reflect::set(&object, &"groups".into(), &strings(&config.groups));
        }
        let _ = Reflect::set(&object, &"allow".into(), &strings(&config.allow));
        if let Some(f) = get(script, "configure").filter(JsValue::is_function) {
            if let Err(e) = f.unchecked_into::<Function>().call1(script, &object) {
                warn(&format!("gvk-invoke-guard.js configure() threw: {}", crate::event::js::describe_js(&e)));
            }
        }
        drop_script_hook();
        if let Some(on_reject) = config.on_reject.clone() {
            let f = Closure::<dyn Fn(JsValue)>::new(move |v: JsValue| {
                if let Some(r) = rejection_of(&v) {
                    on_reject(r);
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
        let (rules, on_reject) = {
            let c = guard.config.borrow();
            let groups = if c.groups.is_empty() { tag_groups() } else { c.groups.clone() };
            let rules =
                InvokeRules { groups, trusted: c.trusted.clone(), trust_own_origin: true, allow: c.allow.clone() };
            (rules, c.on_reject.clone())
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
                warn(&describe(&rejection));
                if let Some(on_reject) = on_reject {
                    on_reject(rejection);
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
        if current().is_some() {
            return;
        }
        let _ = install(GuardConfig::with_groups(groups));
    }
}
