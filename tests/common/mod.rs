//! Helpers shared by the browser test binaries (`tests/browser.rs`, `tests/theme.rs`,
//! `tests/invoke.rs`): evaluating JS, querying the page, letting effects settle, mounting a kit.
#![allow(dead_code)]

use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;

use glance_visitor_kit::source::VisitorSource;
use glance_visitor_kit::{provide_visitor_with_options, VisitorContext, VisitorOptions};
use leptos::prelude::IntoView;
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

/// A kit mounted in a `<div class="gvk-test-root">` of its own; dropping it unmounts the kit and
/// removes the element.
pub struct Mounted {
    handle: Option<Box<dyn Any>>,
    pub root: Element,
    pub ctx: VisitorContext,
}

impl Mounted {
    /// The kit's state now.
    pub fn state(&self) -> glance_visitor_kit::state::VisitorState {
        self.ctx.snapshot().expect("context alive")
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.handle.take();
        self.root.remove();
    }
}

/// Mounts `view` under `provide_visitor_with_options(source, options)`, after removing the roots a failed test
/// left behind (a panic aborts it), so that queries only see this test's elements.
pub fn mount_with<S, V>(source: S, options: VisitorOptions, view: impl FnOnce() -> V + 'static) -> Mounted
where
    S: VisitorSource + 'static,
    V: IntoView + 'static,
{
    let stale = doc().query_selector_all(".gvk-test-root").unwrap();
    for i in 0..stale.length() {
        if let Some(n) = stale.item(i) {
            n.unchecked_into::<Element>().remove();
        }
    }
    mount_beside(source, options, view)
}

/// Mounts a kit beside those already on the page.
pub fn mount_beside<S, V>(source: S, options: VisitorOptions, view: impl FnOnce() -> V + 'static) -> Mounted
where
    S: VisitorSource + 'static,
    V: IntoView + 'static,
{
    let root = doc().create_element("div").unwrap();
    root.set_class_name("gvk-test-root");
    doc().body().unwrap().append_child(&root).unwrap();
    let cell: Rc<Cell<Option<VisitorContext>>> = Rc::new(Cell::new(None));
    let c = cell.clone();
    let handle = leptos::mount::mount_to(root.clone().unchecked_into(), move || {
        c.set(Some(provide_visitor_with_options(source, options)));
        view()
    });
    Mounted { handle: Some(Box::new(handle)), root, ctx: cell.get().unwrap() }
}
