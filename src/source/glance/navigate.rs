//! Navigation assist: where the page goes when the visitor accepts (`accept()` resolves to the URL,
//! a string or a promise of one). Only `http:` / `https:` addresses are followed.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Follows what a navigation-assist `accept()` returned (see [`crate::event::js::Follow`]).
pub(super) fn follow(result: &JsValue) {
    if let Some(url) = result.as_string() {
        go_to(&url);
        return;
    }
    if !result.is_object() {
        return;
    }
    // A throwing `then` getter is caught, as every call on a payload is.
    let then = js_sys::Reflect::get(result, &JsValue::from_str("then")).ok().filter(JsValue::is_function);
    let Some(then) = then else { return };
    let on_url = Closure::once_into_js(move |url: JsValue| {
        if let Some(url) = url.as_string() {
            go_to(&url);
        }
    });
    let _ = then.unchecked_ref::<js_sys::Function>().call1(result, &on_url);
}

fn go_to(url: &str) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let base = location.href().unwrap_or_default();
    let Ok(parsed) = web_sys::Url::new_with_base(url, &base) else { return };
    if matches!(parsed.protocol().as_str(), "http:" | "https:") {
        let _ = location.assign(&parsed.href());
    } else {
        crate::log::warn(&format!("navigation to \"{url}\" refused: only http and https addresses are followed"));
    }
}
