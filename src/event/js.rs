//! Decoding events from JavaScript payloads.
//!
//! A JS payload is copied into a [`Value`] with calls that all catch (a throwing getter loses that
//! member; a revoked or hostile `Proxy`, a throwing `length` or `ownKeys` loses that object, never
//! the module), with a depth and size limit (cycles stop at 16 levels, at most 256 members
//! per object or array). A request's callables are taken from the payload by the names its kind is
//! answered with ([`AnswerCalls`]) and wrapped in a [`Responder`]; calling them catches too.
//!
//! This module calls JavaScript, so it only works on `wasm32`; it has no DOM dependency: what a
//! navigation-assist answer resolves to goes to the hook its source gives (Glance's binding
//! follows it).

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::{AnswerCalls, AnswerFn, DecodeError, Responder, Value, VideoSettings, VisitorEvent, MAX_DEPTH};

/// Arrays and objects longer than this are cut when copied.
pub(crate) const MAX_ITEMS: u32 = 256;

/// Strings longer than this many bytes are cut (at a character boundary) when copied: no Glance
/// payload carries more, and a hostile one must not make the kit hold or render megabytes.
#[doc(hidden)]
pub const MAX_STRING: usize = 8192;

thread_local! {
    /// Request payloads already answered, by any kit on the page, one set per step (keyed by the
    /// step's accept function): two kits bound to one Glance both receive every request, and only
    /// the first answer to each step is sent.
    static ANSWERED: std::cell::RefCell<Vec<(&'static str, js_sys::WeakSet)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Marks `payload`'s step `step` answered; false when it was already.
fn first_answer(payload: &Object, step: &'static str) -> bool {
    ANSWERED.with(|sets| {
        let mut sets = sets.borrow_mut();
        let i = match sets.iter().position(|(s, _)| *s == step) {
            Some(i) => i,
            None => {
                sets.push((step, js_sys::WeakSet::new()));
                sets.len() - 1
            }
        };
        let set = &sets[i].1;
        if set.has(payload) {
            return false;
        }
        set.add(payload);
        true
    })
}

#[wasm_bindgen]
extern "C" {
    /// `Array.isArray(v)`, which throws for a revoked Proxy.
    #[wasm_bindgen(js_namespace = Array, js_name = isArray, catch)]
    fn try_is_array(v: &JsValue) -> Result<bool, JsValue>;
}

/// Copies a JS value into a [`Value`]. Never throws, never panics.
pub(crate) fn to_value(v: &JsValue) -> Value {
    copy(v, 0)
}

fn copy(v: &JsValue, depth: usize) -> Value {
    // typeof checks: they never throw, not even for a revoked Proxy.
    if v.is_null() || v.is_undefined() {
        return Value::Null;
    }
    if let Some(b) = v.as_bool() {
        return Value::Bool(b);
    }
    if let Some(n) = v.as_f64() {
        return Value::Number(n);
    }
    if let Some(s) = v.as_string() {
        return Value::String(cut(s));
    }
    if v.is_function() {
        return Value::Function;
    }
    if !v.is_object() || depth >= MAX_DEPTH {
        return Value::Null;
    }
    match try_is_array(v) {
        Err(_) => Value::Null,
        Ok(true) => {
            let len = Reflect::get(v, &JsValue::from_str("length")).ok().and_then(|l| l.as_f64()).unwrap_or(0.0);
            let len = if len.is_finite() && len > 0.0 { (len as u32).min(MAX_ITEMS) } else { 0 };
            Value::Array(
                (0..len)
                    .map(|i| Reflect::get_u32(v, i).map(|item| copy(&item, depth + 1)).unwrap_or_default())
                    .collect(),
            )
        }
        Ok(false) => {
            let Ok(keys) = Reflect::own_keys(v) else { return Value::Null };
            let mut entries = Vec::new();
            // `own_keys` returns a real array (the Proxy trap's result is copied by the engine).
            for key in keys.iter().take(MAX_ITEMS as usize) {
                let Some(name) = key.as_string() else { continue };
                if let Ok(member) = Reflect::get(v, &key) {
                    entries.push((name, copy(&member, depth + 1)));
                }
            }
            Value::Object(entries)
        }
    }
}

fn cut(mut s: String) -> String {
    if s.len() > MAX_STRING {
        let mut end = MAX_STRING;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        s.truncate(end);
    }
    s
}

/// The text of a thrown JS value, for error reports. Never throws.
pub(crate) fn describe_js(err: &JsValue) -> String {
    if let Some(s) = err.as_string() {
        return s;
    }
    if err.is_object() {
        if let Ok(msg) = Reflect::get(err, &JsValue::from_str("message")) {
            if let Some(s) = msg.as_string() {
                return s;
            }
        }
    }
    to_value(err).to_string()
}

/// A JS value from a [`Value`] (objects become plain objects, functions `undefined`).
pub(crate) fn to_js(v: &Value) -> JsValue {
    match v {
        Value::Null | Value::Function => JsValue::NULL,
        Value::Bool(b) => JsValue::from_bool(*b),
        Value::Number(n) => JsValue::from_f64(*n),
        Value::String(s) => JsValue::from_str(s),
        Value::Array(items) => items.iter().map(to_js).collect::<js_sys::Array>().into(),
        Value::Object(entries) => {
            let obj = Object::new();
            for (k, v) in entries {
                let _ = Reflect::set(&obj, &JsValue::from_str(k), &to_js(v));
            }
            obj.into()
        }
    }
}

/// The payload's function `key`, if it is one (read with a catching `Reflect.get`).
fn function_at(payload: &JsValue, key: &str) -> Option<Function> {
    if !payload.is_object() {
        return None;
    }
    let f = Reflect::get(payload, &JsValue::from_str(key)).ok()?;
    f.is_function().then(|| f.unchecked_into())
}

/// What is done with the result of a navigation-assist `accept()` (the URL to go to, or a promise
/// of one): the source's own navigation.
pub(crate) type Follow = fn(&JsValue);

/// Calls `payload[key]` as its kind requires: with a settings object when `settings`, handing its
/// result to `follow` when `navigate`.
fn answer_fn(payload: &JsValue, key: &str, calls: AnswerCalls, follow: Option<Follow>) -> Option<AnswerFn> {
    let f = function_at(payload, key)?;
    let this = payload.clone();
    Some(Box::new(move |detail: &Value| {
        // Answered already through another kit's binding: nothing is sent twice.
        if !first_answer(this.unchecked_ref(), calls.accept) {
            return Ok(());
        }
        let result = if calls.settings {
            let settings = match detail {
                Value::Object(_) => to_js(detail),
                _ => to_js(&VideoSettings::default().to_value()),
            };
            f.call1(&this, &settings)
        } else {
            f.call0(&this)
        };
        let result = result.map_err(|e| describe_js(&e))?;
        if let (true, Some(follow)) = (calls.navigate, follow) {
            follow(&result);
        }
        Ok(())
    }))
}

/// A responder over the payload functions `calls` names. Declining a kind that expects nothing
/// back (`calls.decline` is `None`) calls nothing and succeeds.
fn responder_for(payload: &JsValue, calls: AnswerCalls, follow: Option<Follow>) -> Responder {
    let decline: Option<AnswerFn> = match calls.decline {
        Some(key) => answer_fn(payload, key, AnswerCalls { navigate: false, ..calls }, None),
        None => Some(Box::new(|_: &Value| Ok(()))),
    };
    Responder::new(answer_fn(payload, calls.accept, calls, follow), decline)
}

/// Decodes an event from its name and JS payload (which may be `undefined`). A navigation-assist
/// answer's URL is not followed (the kit's Glance binding follows it).
pub fn decode_js(name: &str, payload: &JsValue) -> Result<VisitorEvent, DecodeError> {
    VisitorEvent::decode(name, &to_value(payload), &|calls| responder_for(payload, calls, None))
}

/// [`decode_js`], with `follow` given what a navigation-assist `accept()` resolves to.
pub(crate) fn decode_js_following(name: &str, payload: &JsValue, follow: Follow) -> Result<VisitorEvent, DecodeError> {
    VisitorEvent::decode(name, &to_value(payload), &|calls| responder_for(payload, calls, Some(follow)))
}
