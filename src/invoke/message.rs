//! What a `glance_invoke` message holds, read shallowly ([`RawInvoke`]), and what a message that
//! passes asks for ([`Invocation`]); reading one from a browser `message` event never throws.

use crate::event::{StartParams, Value};

/// The members of a `glance_invoke` message the rules look at, read shallowly (see the module
/// documentation).
#[derive(Clone, Debug, PartialEq)]
pub struct RawInvoke {
    /// `glance_invoke` itself is an object (false: a string, number, array, null, …).
    pub is_object: bool,
    /// `func`.
    pub func: Value,
    /// `groupid`.
    pub groupid: Value,
    /// `args`.
    pub args: RawArgs,
}

/// `args` of a `glance_invoke` message.
#[derive(Clone, Debug, PartialEq)]
pub enum RawArgs {
    /// `undefined` or `null`.
    Absent,
    /// An object: the members [`ARG_KEYS`] it has, as scalars.
    Object(Vec<(String, Value)>),
    /// Anything else: its type.
    Other(&'static str),
}

/// The members of `args` that are read.
pub const ARG_KEYS: [&str; 5] = ["sessionKey", "groupid", "name", "email", "phone"];

impl RawInvoke {
    /// A message from a [`Value`] (tests, JSON); only the members named are looked at.
    pub fn from_value(v: &Value) -> RawInvoke {
        let scalar = |v: Option<&Value>| match v {
            Some(Value::Object(_)) => Value::Object(Vec::new()),
            Some(Value::Array(_)) => Value::Array(Vec::new()),
            Some(other) => other.clone(),
            None => Value::Null,
        };
        let args = match v.get("args") {
            None | Some(Value::Null) => RawArgs::Absent,
            Some(Value::Object(_)) => {
                let a = v.get("args").unwrap_or(&Value::Null);
                RawArgs::Object(
                    ARG_KEYS.iter().filter_map(|k| a.get(k).map(|m| ((*k).to_owned(), scalar(Some(m))))).collect(),
                )
            }
            Some(other) => RawArgs::Other(other.kind()),
        };
        RawInvoke {
            is_object: matches!(v, Value::Object(_)),
            func: scalar(v.get("func")),
            groupid: scalar(v.get("groupid")),
            args,
        }
    }
}

/// A call the visitor's kit knows how to run.
#[derive(Clone, Debug, PartialEq)]
pub enum InvokeCall {
    /// `startSession(args)`.
    StartSession(StartParams),
    /// `stopSession()`.
    StopSession,
    /// `showTerms(args)`: opens the terms prompt.
    ShowTerms(StartParams),
    /// `setStartParams(args)`: the params a later start (or terms prompt) without a key uses.
    SetStartParams(StartParams),
}

/// An invocation that passed the rules.
#[derive(Clone, Debug, PartialEq)]
pub struct Invocation {
    /// `func`.
    pub func: String,
    /// The sender's origin.
    pub origin: String,
    /// `args` as start params (empty when absent).
    pub params: StartParams,
    /// Whether `args` was given.
    pub has_args: bool,
}

impl Invocation {
    /// The call, when the kit knows `func` (the four of [`DEFAULT_ALLOW`](super::DEFAULT_ALLOW)).
    pub fn call(&self) -> Option<InvokeCall> {
        let p = self.params.clone();
        Some(match self.func.as_str() {
            "startSession" => InvokeCall::StartSession(p),
            "stopSession" => InvokeCall::StopSession,
            "showTerms" => InvokeCall::ShowTerms(p),
            "setStartParams" => InvokeCall::SetStartParams(p),
            _ => return None,
        })
    }
}

/// Reads a message's data: `None` when it is not a `glance_invoke` message (then nothing else
/// was read). Never throws, whatever the data is (a hostile `Proxy` included).
#[cfg(target_arch = "wasm32")]
pub(crate) fn read_message(data: &wasm_bindgen::JsValue) -> Option<RawInvoke> {
    use js_sys::{Object, Reflect};
    use wasm_bindgen::{JsCast, JsValue};

    if !data.is_object() {
        return None;
    }
    let key = JsValue::from_str("glance_invoke");
    // An own member only (a prototype's does not count); `hasOwnProperty` through Reflect catches.
    let own = Reflect::get_own_property_descriptor(data.unchecked_ref::<Object>(), &key).ok()?;
    if own.is_undefined() {
        return None;
    }
    let inv = Reflect::get(data, &key).ok()?;
    let is_array = |v: &JsValue| js_sys::Array::is_array(v);
    let scalar = |v: &JsValue| -> Value {
        if v.is_null() || v.is_undefined() {
            Value::Null
        } else if let Some(b) = v.as_bool() {
            Value::Bool(b)
        } else if let Some(n) = v.as_f64() {
            Value::Number(n)
        } else if let Some(s) = v.as_string() {
            let mut s = s;
            if s.len() > crate::event::js::MAX_STRING {
                let mut end = crate::event::js::MAX_STRING;
                while !s.is_char_boundary(end) {
                    end -= 1;
                }
                s.truncate(end);
            }
            Value::String(s)
        } else if v.is_function() {
            Value::Function
        } else if v.is_object() && is_array(v) {
            Value::Array(Vec::new())
        } else {
            Value::Object(Vec::new())
        }
    };
    let member = |target: &JsValue, k: &str| -> JsValue {
        if !target.is_object() {
            return JsValue::UNDEFINED;
        }
        Reflect::get(target, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
    };
    let is_object = inv.is_object() && !inv.is_function() && !is_array(&inv);
    if !is_object {
        return Some(RawInvoke { is_object: false, func: Value::Null, groupid: Value::Null, args: RawArgs::Absent });
    }
    let args_js = member(&inv, "args");
    let args = if args_js.is_null() || args_js.is_undefined() {
        RawArgs::Absent
    } else if args_js.is_object() && !args_js.is_function() && !is_array(&args_js) {
        let mut fields = Vec::new();
        for k in ARG_KEYS {
            let v = member(&args_js, k);
            if !v.is_undefined() {
                fields.push((k.to_owned(), scalar(&v)));
            }
        }
        RawArgs::Object(fields)
    } else {
        RawArgs::Other(scalar(&args_js).kind())
    };
    Some(RawInvoke { is_object, func: scalar(&member(&inv, "func")), groupid: scalar(&member(&inv, "groupid")), args })
}

/// The page's own origin (`location.origin`), when it is a concrete one.
#[cfg(target_arch = "wasm32")]
pub(crate) fn page_origin() -> Option<super::origin::Origin> {
    let origin = web_sys::window()?.location().origin().ok()?;
    super::origin::Origin::parse(&origin).ok()
}
