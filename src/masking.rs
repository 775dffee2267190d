//! Masking: the parts of the page Glance must never show the agents.
//!
//! A visitor who shares their page shares everything on it. Glance hides what its core is told to:
//! before it shares a page it awaits `window.GLANCE_COBROWSE.getMaskingDescriptor({agents})`, on
//! every page of a session, and again when the agents change; elements that match the CSS selectors
//! of the answer's `maskedelements` go out masked (a field's text as asterisks), those of
//! `unmaskedelements` are shown inside masked parts; the group's own settings add to both.
//!
//! Three ways to mark a part, all rendered the same on the server and in the browser (so no
//! server-rendered field is ever unmasked while the page hydrates):
//!
//! * the [`<Masked>`](crate::Masked) wrapper around any content;
//! * the attribute [`PRIVATE_ATTRIBUTE`] (`data-gvk-private`) on any element;
//! * selectors in [`MaskingOptions::masked`], and a [`MaskingCallback`] from the session's agents
//!   (each with Glance's `agentrole`) to what else to mask: role-based masking.
//!
//! ## Never open
//! Glance asks before a Leptos app has hydrated, and a callback that throws leaves Glance's page
//! UNMASKED. So the answer comes from a small script, `public/gvk-masking.js` ([`SCRIPT`]), placed
//! before Glance's tag: it answers from the first page load with every element carrying the
//! attribute and its own `data-mask` selectors, merges a descriptor the page defined before it,
//! waits (at most `data-wait` ms, 1.5 s by default) for the kit, and never throws. The kit provides
//! its part when it mounts ([`provide_visitor`](crate::provide_visitor)) and withdraws it when it
//! unmounts; without the script the kit inserts it itself when it mounts, which is after
//! hydration on every page load, so Glance may ask before it on any page of a session (the kit
//! warns when it has to). An answer never takes longer than the wait. Invalid selectors are left
//! out, and a page descriptor, an agents value or a callback that fails loses only its own part:
//! the static masks, the fallback masks and the attribute always stay. The integrator hears of each problem as an [`Activity::Warning`](crate::Activity::Warning).
//!
//! In Glance a masked selector always wins (an unmasked one cannot show a part that is masked), so
//! role-based masking adds masks: the callback masks what these agents must not see. For the moments
//! it cannot answer (before the kit is there, a callback that panics, agents Glance passed that
//! cannot be read), list the parts it may mask in [`MaskingOptions::fallback`] (and, for the first
//! page before hydration, in the script's `data-mask-fallback`): they are masked then, for every
//! agent.
//!
//! ```
//! use glance_visitor_kit::masking::{MaskingCallback, MaskingDescriptor, MaskingOptions};
//! use glance_visitor_kit::VisitorOptions;
//!
//! let options = VisitorOptions {
//!     masking: MaskingOptions {
//!         // Hidden from every agent, always.
//!         masked: vec!["#card-number".into()],
//!         // The account number: only supervisors see it (masked unless every agent is one).
//!         by_agents: Some(MaskingCallback::new(|agents| {
//!             let supervisors = agents.is_some_and(|a| {
//!                 !a.agents.is_empty() && a.agents.iter().all(|x| x.agentrole.as_deref() == Some("supervisor"))
//!             });
//!             MaskingDescriptor {
//!                 masked: if supervisors { vec![] } else { vec!["#account-number".into()] },
//!                 ..Default::default()
//!             }
//!         })),
//!         // Masked for everyone whenever the callback cannot answer.
//!         fallback: vec!["#account-number".into()],
//!         ..Default::default()
//!     },
//!     ..Default::default()
//! };
//! # let _ = options;
//! ```

use std::fmt;
use std::sync::Arc;

use crate::event::AgentInfo;

/// The attribute that masks an element and everything in it (`data-gvk-private`). Distinct from
/// the `data-gvk-masked` hook of the session widget's "page hidden" note.
pub const PRIVATE_ATTRIBUTE: &str = "data-gvk-private";

/// The selector Glance gets for [`PRIVATE_ATTRIBUTE`].
pub const PRIVATE_SELECTOR: &str = "[data-gvk-private]";

/// The standalone masking script (`public/gvk-masking.js`, its comment lines and indentation left
/// out): what the kit inserts when the page has none. Serve the file itself and put it before
/// Glance's tag.
pub const SCRIPT: &str = include_str!(concat!(env!("OUT_DIR"), "/gvk-masking.min.js"));

/// What to hide from (and show to) the agents: Glance's masking descriptor.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MaskingDescriptor {
    /// CSS selectors of parts to mask (`maskedelements`).
    pub masked: Vec<String>,
    /// CSS selectors of parts to show (`unmaskedelements`): when any is given, Glance masks every
    /// part of the page outside them, and a masked selector still wins.
    pub unmasked: Vec<String>,
}

/// The agents of the session, as Glance hands them to the masking callback.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SessionAgents {
    /// How many agents there are.
    pub count: u32,
    /// Each agent (its role in [`AgentInfo::agentrole`]).
    pub agents: Vec<AgentInfo>,
}

type DescribeFn = dyn Fn(Option<&SessionAgents>) -> MaskingDescriptor + Send + Sync;

/// A function from the session's agents (`None` before any agent) to what else to mask or to show.
/// Cheap to clone; compares by identity.
#[derive(Clone)]
pub struct MaskingCallback(Arc<DescribeFn>);

impl MaskingCallback {
    /// A callback calling `f`.
    pub fn new(f: impl Fn(Option<&SessionAgents>) -> MaskingDescriptor + Send + Sync + 'static) -> Self {
        MaskingCallback(Arc::new(f))
    }

    /// Calls it.
    pub fn call(&self, agents: Option<&SessionAgents>) -> MaskingDescriptor {
        (self.0)(agents)
    }
}

impl fmt::Debug for MaskingCallback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MaskingCallback")
    }
}

impl PartialEq for MaskingCallback {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The kit's masking ([`VisitorOptions::masking`](crate::VisitorOptions::masking)), on top of the
/// elements carrying [`PRIVATE_ATTRIBUTE`], which are always masked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MaskingOptions {
    /// CSS selectors masked for every agent.
    pub masked: Vec<String>,
    /// Glance's `unmaskedelements`, for every agent: when any is given, Glance masks every part of
    /// the page outside them (a masked selector still wins).
    pub unmasked: Vec<String>,
    /// Role-based masking: from the agents, what else to mask (and to show).
    pub by_agents: Option<MaskingCallback>,
    /// CSS selectors masked whenever [`by_agents`](Self::by_agents) cannot answer (it panics,
    /// Glance's agents cannot be read): every part it may mask for some agents.
    pub fallback: Vec<String>,
}

impl MaskingOptions {
    /// What the kit adds for `agents` when its callback answers, as the masking script merges it
    /// (without the script's own selectors and the attribute, which it adds itself).
    pub fn describe(&self, agents: Option<&SessionAgents>) -> MaskingDescriptor {
        let mut out = MaskingDescriptor { masked: self.masked.clone(), unmasked: self.unmasked.clone() };
        match &self.by_agents {
            Some(callback) => {
                let extra = callback.call(agents);
                out.masked.extend(extra.masked);
                out.unmasked.extend(extra.unmasked);
            }
            None => out.masked.extend(self.fallback.iter().cloned()),
        }
        out
    }
}

/// The kit's part, provided to the masking script while the kit is mounted (browser only).
#[cfg(target_arch = "wasm32")]
pub(crate) use browser::install;

#[cfg(target_arch = "wasm32")]
mod browser {
    use js_sys::{Array, Function, Object, Reflect};
    use wasm_bindgen::prelude::Closure;
    use wasm_bindgen::{JsCast, JsValue};

    use super::{MaskingOptions, SessionAgents, SCRIPT};
    use crate::event::{js::to_value, Value, VisitorEvent};

    /// The id of the script element the kit inserts when the page has no `gvk-masking.js`.
    const SCRIPT_ID: &str = "gvk-masking";

    /// The kit's part in the masking script; withdrawn (and a script the kit inserted, let go:
    /// the last kit holding it removes it) when dropped.
    pub(crate) struct Installed {
        api: JsValue,
        provider: JsValue,
        held: bool,
        warn: Closure<dyn Fn(JsValue)>,
        #[allow(dead_code)] // called from JavaScript
        describe: Closure<dyn Fn(JsValue) -> JsValue>,
    }

    fn api() -> Option<JsValue> {
        Reflect::get(&js_sys::global(), &"gvkMasking".into()).ok().filter(|a| a.is_object())
    }

    fn call(target: &JsValue, method: &str, args: &[JsValue]) {
        let Ok(f) = Reflect::get(target, &JsValue::from_str(method)) else { return };
        let Some(f) = f.dyn_ref::<Function>() else { return };
        let _ = f.apply(target, &args.iter().collect::<Array>());
    }

    fn strings(list: &[String]) -> JsValue {
        list.iter().map(|s| JsValue::from_str(s)).collect::<Array>().into()
    }

    /// Inserts the masking script (inline, before everything else in `<head>`).
    fn insert_script(nonce: Option<&str>) -> Option<web_sys::Element> {
        let doc = web_sys::window()?.document()?;
        let script = doc.create_element("script").ok()?;
        script.set_id(SCRIPT_ID);
        if let Some(nonce) = nonce {
            let _ = script.set_attribute("nonce", nonce);
        }
        script.set_text_content(Some(SCRIPT));
        let head = doc.head()?;
        let _ = head.insert_before(&script, head.first_child().as_ref());
        Some(script)
    }

    /// The agents Glance passed (`{count, agentlist}` or `null`), read as the kit reads an `agents`
    /// event; `Err` for anything else.
    fn agents_of(v: &JsValue) -> Result<Option<SessionAgents>, String> {
        match to_value(v) {
            Value::Null => Ok(None),
            value => match VisitorEvent::decode_value("agents", &value) {
                Ok(VisitorEvent::Agents { count, agentlist }) => {
                    Ok(Some(SessionAgents { count, agents: agentlist.unwrap_or_default() }))
                }
                Ok(_) => Err("not an agent list".into()),
                Err(e) => Err(e.to_string()),
            },
        }
    }

    /// Provides `options` to the page's masking script (inserting it when absent); `warn` hears of
    /// every masking problem.
    pub(crate) fn install(
        options: &MaskingOptions,
        nonce: Option<&str>,
        warn: impl Fn(String) + 'static,
    ) -> Option<Installed> {
        let warn: std::rc::Rc<dyn Fn(String)> = std::rc::Rc::new(warn);
        // A kit that inserted the script holds it while mounted (another kit may come and hold it
        // too); the last one to let go removes it.
        let held;
        let api = match api() {
            Some(api) => {
                held = api_inserted_by_kit();
                api
            }
            None => {
                let inserted = insert_script(nonce);
                match api() {
                    Some(api) => {
                        held = true;
                        warn(
                            "[gvk-masking] no gvk-masking.js before Glance's tag: the kit put the masking script \
                             in now; on every page load Glance may ask before the kit is there (see the README)"
                                .to_owned(),
                        );
                        api
                    }
                    None => {
                        // It did not run (a Content-Security-Policy without the kit's nonce):
                        // Glance gets no descriptor from the kit at all.
                        if let Some(script) = inserted {
                            script.remove();
                        }
                        warn(
                            "[gvk-masking] the masking script could not run (a Content-Security-Policy? set \
                             VisitorOptions::nonce, or serve gvk-masking.js): Glance gets no masking from the kit, \
                             and data-gvk-private parts are NOT masked"
                                .to_owned(),
                        );
                        return None;
                    }
                }
            }
        };
        let report = warn.clone();
        let warn_kit = move |text: &str| warn(text.to_owned());
        let warn = Closure::<dyn Fn(JsValue)>::new(move |m: JsValue| report(m.as_string().unwrap_or_default()));
        let callback = options.by_agents.clone();
        let describe = Closure::<dyn Fn(JsValue) -> JsValue>::new(move |agents: JsValue| {
            let Some(callback) = &callback else { return JsValue::NULL };
            let agents = match agents_of(&agents) {
                Ok(a) => a,
                // The role callback's part is left out: the static masks stay.
                Err(why) => {
                    warn_kit(&format!(
                        "[gvk-masking] Glance's agents were not understood ({why}): the fallback masks apply"
                    ));
                    return JsValue::NULL;
                }
            };
            let d = callback.call(agents.as_ref());
            let out = Object::new();
            let _ = Reflect::set(&out, &"maskedelements".into(), &strings(&d.masked));
            let _ = Reflect::set(&out, &"unmaskedelements".into(), &strings(&d.unmasked));
            out.into()
        });
        let provider = Object::new();
        let _ = Reflect::set(&provider, &"masked".into(), &strings(&options.masked));
        let _ = Reflect::set(&provider, &"unmasked".into(), &strings(&options.unmasked));
        let _ = Reflect::set(&provider, &"fallback".into(), &strings(&options.fallback));
        if options.by_agents.is_some() {
            let _ = Reflect::set(&provider, &"describe".into(), describe.as_ref());
        }
        let provider: JsValue = provider.into();
        if held {
            call(&api, "hold", &[]);
        }
        call(&api, "onWarning", &[warn.as_ref().clone()]);
        call(&api, "provide", std::slice::from_ref(&provider));
        Some(Installed { api, provider, held, warn, describe })
    }

    /// Whether the page's masking script is one a kit inserted (`<script id="gvk-masking">`).
    fn api_inserted_by_kit() -> bool {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(SCRIPT_ID))
            .is_some_and(|e| e.tag_name() == "SCRIPT")
    }

    impl Drop for Installed {
        fn drop(&mut self) {
            // Only this kit's part: another kit on the page keeps its own.
            call(&self.api, "withdraw", std::slice::from_ref(&self.provider));
            call(&self.api, "offWarning", &[self.warn.as_ref().clone()]);
            if self.held {
                call(&self.api, "release", &[]);
            }
        }
    }
}
