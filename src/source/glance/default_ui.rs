//! Standing in for Glance's default visitor UI.
//!
//! With `data-ui="custom"` Glance's own triggers (`data-glancebutton` elements, keyboard shortcuts,
//! InvokeVisitor's `showTerms`) still call `showTerms(params)` / `showButton(bool)` /
//! `toggleButton()` on `GLANCE.Cobrowse.VisitorUI` and on the Visitor object, whose loader stubs
//! would insert Glance's default UI script. These functions are replaced so that the calls reach
//! the kit as [`UiRequest`]s; everything replaced is put back when the subscription ends.

use std::cell::RefCell;

use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};

use super::{get, glance_cobrowse, same, NamedFn};
use crate::event::{format_number, js::to_value, Value};
use crate::source::{StartParams, UiRequest};

/// The entry points replaced (`setStyle` only on `VisitorUI`, and ignored: the kit is styled with CSS).
pub(super) const ENTRY_POINTS: [&str; 4] = ["showTerms", "showButton", "toggleButton", "setStyle"];

/// Parses `showTerms(params)` arguments: a key, or `{sessionKey, groupid, name, email, phone, video}`.
pub(crate) fn start_params_of(v: &JsValue) -> StartParams {
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
            video: text(value.get("video")),
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

/// The replacement functions and what they replaced.
pub(super) struct DefaultUi {
    fns: Vec<NamedFn>,
    patches: RefCell<Vec<Patch>>,
}

impl DefaultUi {
    /// Functions that turn each entry point's call into a request for `emit`.
    pub(super) fn new(emit: impl Fn(UiRequest) + Clone + 'static) -> Self {
        let fns = ENTRY_POINTS
            .into_iter()
            .map(|key| {
                let emit = emit.clone();
                let f = Closure::<dyn Fn(JsValue)>::new(move |arg: JsValue| {
                    let request = match key {
                        "showTerms" => UiRequest::ShowTerms(start_params_of(&arg)),
                        "showButton" => UiRequest::ShowButton(arg.is_undefined() || arg.is_truthy()),
                        "toggleButton" => UiRequest::ToggleButton,
                        _ => return,
                    };
                    emit(request);
                });
                (key, f)
            })
            .collect();
        DefaultUi { fns, patches: RefCell::new(Vec::new()) }
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

    /// Points the entry points at the kit, on `VisitorUI` (created when absent) and on `visitor`.
    pub(super) fn patch(&self, visitor: &JsValue) {
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
        for (key, f) in &self.fns {
            let f: &JsValue = f.as_ref();
            self.replace(&ui, key, f);
            if *key != "setStyle" {
                self.replace(visitor, key, f);
            }
        }
    }

    /// Puts back everything replaced, newest first.
    pub(super) fn restore(&self) {
        for patch in self.patches.borrow_mut().drain(..).rev() {
            let key = JsValue::from_str(patch.key);
            let _ = match patch.old {
                Some(old) => Reflect::set(&patch.target, &key, &old),
                None => Reflect::delete_property(patch.target.unchecked_ref::<Object>(), &key),
            };
        }
    }
}
