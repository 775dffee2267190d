//! Helpers shared by the browser test binaries (`tests/browser.rs`, `tests/theme.rs`,
//! `tests/invoke.rs`): evaluating JS, querying the page, letting effects settle.
#![allow(dead_code)]

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

pub fn js(code: &str) -> JsValue {
    js_sys::eval(code).unwrap_or_else(|e| panic!("eval failed: {code}: {e:?}"))
}

pub fn js_num(code: &str) -> f64 {
    js(code).as_f64().unwrap_or_else(|| panic!("{code} is not a number"))
}

pub fn js_str(code: &str) -> String {
    js(code).as_string().unwrap_or_else(|| panic!("{code} is not a string"))
}

pub fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

pub fn q(sel: &str) -> Option<Element> {
    doc().query_selector(sel).unwrap()
}

pub fn el(sel: &str) -> HtmlElement {
    q(sel).unwrap_or_else(|| panic!("no element {sel}")).unchecked_into()
}

pub fn attr(sel: &str, name: &str) -> Option<String> {
    q(sel).and_then(|e| e.get_attribute(name))
}

pub fn text(sel: &str) -> String {
    q(sel).and_then(|e| e.text_content()).unwrap_or_default().trim().to_owned()
}

pub async fn sleep(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// Lets effects run and the DOM settle (microtasks plus a macrotask).
pub async fn settle() {
    leptos::task::tick().await;
    sleep(5).await;
    leptos::task::tick().await;
}
