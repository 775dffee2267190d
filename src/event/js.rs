//! Decoding events from JavaScript payloads.
//!
//! A JS payload is copied into a [`Value`] with `Reflect` calls that catch every exception (a
//! throwing getter or a hostile `Proxy` loses that member, never the module), with a depth and
//! size limit (cycles stop at [`MAX_DEPTH`]). The prompt callables (`accept`, `decline`) are taken
//! from the payload object and wrapped in a [`Responder`].
//!
//! This module calls JavaScript, so it only works on `wasm32`; it has no DOM dependency.

use js_sys::{Array, Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::{AnswerFn, DecodeError, Responder, Value, VisitorEvent, MAX_DEPTH};

/// Arrays and objects longer than this are cut when copied.
pub const MAX_ITEMS: u32 = 256;

/// Copies a JS value into a [`Value`]. Never throws, never panics.
pub fn to_value(v: &JsValue) -> Value {
    copy(v, 0)
}

fn copy(v: &JsValue, depth: usize) -> Value {
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
        return Value::String(s);
    }
    if v.is_function() {
        return Value::Function;
    }
    if !v.is_object() || depth >= MAX_DEPTH {
        return Value::Null;
    }
    if Array::is_array(v) {
        let arr: &Array = v.unchecked_ref();
        let len = arr.length().min(MAX_ITEMS);
        return Value::Array(
            (0..len).map(|i| Reflect::get_u32(v, i).map(|item| copy(&item, depth + 1)).unwrap_or_default()).collect(),
        );
    }
    let keys = match Reflect::own_keys(v) {
        Ok(keys) => keys,
        Err(_) => return Value::Null,
    };
    let mut entries = Vec::new();
    for key in keys.iter().take(MAX_ITEMS as usize) {
        let Some(name) = key.as_string() else { continue };
        if let Ok(member) = Reflect::get(v, &key) {
            entries.push((name, copy(&member, depth + 1)));
        }
    }
    Value::Object(entries)
}

/// The text of a thrown JS value, for error reports.
pub fn describe_js(err: &JsValue) -> String {
    if let Some(s) = err.as_string() {
        return s;
    }
    if let Ok(msg) = Reflect::get(err, &JsValue::from_str("message")) {
        if let Some(s) = msg.as_string() {
            return s;
        }
    }
    to_value(err).to_string()
}

fn answer_fn(payload: &JsValue, key: &str) -> Option<AnswerFn> {
    if !payload.is_object() {
        return None;
    }
    let f = Reflect::get(payload, &JsValue::from_str(key)).ok()?.dyn_into::<Function>().ok()?;
    let this = payload.clone();
    Some(Box::new(move || f.call0(&this).map(|_| ()).map_err(|e| describe_js(&e))))
}

/// A [`Responder`] over the payload's `accept` / `decline` functions (either may be missing).
pub fn responder_of(payload: &JsValue) -> Responder {
    Responder::new(answer_fn(payload, "accept"), answer_fn(payload, "decline"))
}

/// Decodes an event from its name and JS payload (which may be `undefined`).
pub fn decode_js(name: &str, payload: &JsValue) -> Result<VisitorEvent, DecodeError> {
    VisitorEvent::decode(name, &to_value(payload), &|| responder_of(payload))
}
