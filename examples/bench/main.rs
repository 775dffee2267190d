//! The benchmark page (`bash scripts/bench.sh`): the kit bound to a stand-in `window.GLANCE`, with
//! hooks for the benchmark driver on `window.gvkBench`: `mount()` (returns the synchronous mount
//! time in ms), `unmount()`, `wasmBytes()` (the wasm memory size).

use std::cell::RefCell;

use glance_visitor_kit::source::GlanceSource;
use glance_visitor_kit::{provide_visitor, VisitorUi};
use js_sys::{Object, Reflect};
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

thread_local! {
    static MOUNTED: RefCell<Option<Box<dyn std::any::Any>>> = const { RefCell::new(None) };
}

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

fn mount() -> f64 {
    unmount();
    let Some(target) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("kit")) else {
        return -1.0;
    };
    let start = now();
    let handle = mount_to(target.unchecked_into(), || {
        provide_visitor(GlanceSource::new());
        view! { <VisitorUi /> }
    });
    let took = now() - start;
    MOUNTED.with(|m| *m.borrow_mut() = Some(Box::new(handle)));
    took
}

fn unmount() {
    let handle = MOUNTED.with(|m| m.borrow_mut().take());
    drop(handle);
}

fn wasm_bytes() -> f64 {
    wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64
}

fn main() {
    let hooks = Object::new();
    let set = |name: &str, f: JsValue| {
        let _ = Reflect::set(&hooks, &JsValue::from_str(name), &f);
    };
    set("mount", Closure::<dyn Fn() -> f64>::new(mount).into_js_value());
    set("unmount", Closure::<dyn Fn()>::new(unmount).into_js_value());
    set("wasmBytes", Closure::<dyn Fn() -> f64>::new(wasm_bytes).into_js_value());
    if let Some(window) = web_sys::window() {
        let _ = Reflect::set(&window, &JsValue::from_str("gvkBench"), &hooks);
    }
}
