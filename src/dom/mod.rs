//! The few DOM operations the components need, kept out of the components themselves.
//! Every function is total: a missing window, document or element does nothing.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlDialogElement, HtmlElement};

#[cfg(any(feature = "visitor-video", feature = "document-share"))]
mod media;
#[cfg(any(feature = "visitor-video", feature = "document-share"))]
pub use media::*;

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

/// The element that has focus now, if it is an HTML element other than `<body>`.
pub fn active_element() -> Option<HtmlElement> {
    let doc = document()?;
    let el = doc.active_element()?;
    if doc.body().is_some_and(|b| b.is_same_node(Some(&el))) {
        return None;
    }
    el.dyn_into::<HtmlElement>().ok()
}

/// Moves focus to `el` if it is still in the document.
pub fn focus(el: &HtmlElement) {
    if el.is_connected() {
        let _ = el.focus();
    }
}

/// Gives focus back after a dialog closed: to `to` when it is still in the document, else (APG's
/// logical fallback) to the kit's session widget or, failing that, the kit's first control, so
/// focus never drops to `<body>`. Focus that has already moved elsewhere (not inside `dialog`,
/// not on `<body>`) is left alone.
pub fn restore_focus(to: Option<&HtmlElement>, dialog: &Element) {
    let Some(doc) = document() else { return };
    let active = doc.active_element();
    let on_body = active.as_ref().is_none_or(|a| doc.body().is_some_and(|b| b.is_same_node(Some(a))));
    let in_dialog = active.as_ref().is_some_and(|a| dialog.contains(Some(a)));
    if !on_body && !in_dialog {
        return;
    }
    if let Some(el) = to.filter(|el| el.is_connected()) {
        let _ = el.focus();
        if doc.active_element().is_some_and(|a| a.is_same_node(Some(el))) {
            return;
        }
    }
    for selector in ["[data-gvk=session-widget]", "[data-gvk=visitor-ui]"] {
        let Ok(Some(root)) = doc.query_selector(selector) else { continue };
        for el in focusables(&root) {
            if el.closest("dialog").ok().flatten().is_some() {
                continue;
            }
            let _ = el.focus();
            if doc.active_element().is_some_and(|a| a.is_same_node(Some(&el))) {
                return;
            }
        }
    }
}

/// Opens a dialog modally (top layer, inert page) if it is not open yet.
pub fn show_modal(dialog: &HtmlDialogElement) {
    if !dialog.open() && dialog.is_connected() {
        // showModal throws when the dialog is not connected or already open non-modally.
        if dialog.show_modal().is_err() {
            dialog.set_open(true);
        }
    }
}

/// Closes a dialog if it is open.
pub fn close_dialog(dialog: &HtmlDialogElement) {
    if dialog.open() {
        dialog.close();
    }
}

/// The enabled, focusable controls inside `root`, in document order.
pub fn focusables(root: &Element) -> Vec<HtmlElement> {
    let selector = "button:not([disabled]), a[href], input:not([disabled]), select:not([disabled]), \
                    textarea:not([disabled]), [tabindex]:not([tabindex='-1'])";
    let Ok(list) = root.query_selector_all(selector) else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlElement>().ok())
        .filter(|el| !el.hidden())
        .collect()
}

/// Keeps Tab and Shift+Tab inside `root`: returns true when it moved focus (the caller then
/// prevents the default).
pub fn trap_tab(root: &Element, shift: bool) -> bool {
    let items = focusables(root);
    let (Some(first), Some(last)) = (items.first(), items.last()) else { return false };
    let active = document().and_then(|d| d.active_element());
    let inside = active.as_ref().is_some_and(|a| root.contains(Some(a)));
    let at = |el: &HtmlElement| active.as_ref().is_some_and(|a| a.is_same_node(Some(el)));
    if shift && (at(first) || !inside) {
        focus(last);
        true
    } else if !shift && (at(last) || !inside) {
        focus(first);
        true
    } else {
        false
    }
}

/// Adds `<style id="{id}">` with `css` to `<head>` once (with `nonce`, for a page whose
/// Content-Security-Policy allows no inline styles otherwise), unless the page already has it or
/// links the kit's stylesheet itself (`<link data-gvk-style ...>`).
pub fn inject_style(id: &str, css: &str, nonce: Option<&str>) {
    let Some(doc) = document() else { return };
    if doc.get_element_by_id(id).is_some() || doc.query_selector("link[data-gvk-style]").ok().flatten().is_some() {
        return;
    }
    let Ok(style) = doc.create_element("style") else { return };
    style.set_id(id);
    if let Some(nonce) = nonce {
        let _ = style.set_attribute("nonce", nonce);
    }
    style.set_text_content(Some(css));
    if let Some(head) = doc.head() {
        let _ = head.append_child(&style);
    }
}

/// Runs `f` in a microtask (`queueMicrotask`): after the current task's synchronous work, before
/// any timer or frame. Runs it at once where there is no such function.
pub fn microtask(f: impl FnOnce() + 'static) {
    let queue = js_sys::Reflect::get(&js_sys::global(), &"queueMicrotask".into()).ok();
    match queue.and_then(|q| q.dyn_into::<js_sys::Function>().ok()) {
        Some(queue) => {
            let _ = queue.call1(&wasm_bindgen::JsValue::UNDEFINED, &Closure::once_into_js(f));
        }
        None => f(),
    }
}

/// `performance.now()` in milliseconds (0 where there is no clock).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// This tab's `sessionStorage` value of `key` (`None` when absent, or where storage is refused).
pub fn session_value(key: &str) -> Option<String> {
    web_sys::window()?.session_storage().ok()??.get_item(key).ok().flatten()
}

/// Sets (or, with `None`, removes) this tab's `sessionStorage` value of `key`; a refusal (private
/// modes, a full store) is ignored.
pub fn set_session_value(key: &str, value: Option<&str>) {
    let Some(store) = web_sys::window().and_then(|w| w.session_storage().ok().flatten()) else { return };
    let _ = match value {
        Some(v) => store.set_item(key, v),
        None => store.remove_item(key),
    };
}

/// Marks the document while a session runs (`data-gvk-session` on `<html>`, and the hint text of
/// masked parts as `--gvk-private-label`); `None` removes both.
pub fn mark_session(hint: Option<&str>) {
    let Some(root) = document().and_then(|d| d.document_element()) else { return };
    let Ok(root) = root.dyn_into::<HtmlElement>() else { return };
    match hint {
        Some(text) => {
            let _ = root.set_attribute("data-gvk-session", "");
            // A CSS string: quotes and backslashes escaped, no line breaks.
            let quoted: String = text
                .chars()
                .filter(|c| !c.is_control())
                .flat_map(|c| match c {
                    '"' | '\\' => vec!['\\', c],
                    c => vec![c],
                })
                .collect();
            let _ = root.style().set_property("--gvk-private-label", &format!("\"{quoted}\""));
        }
        None => {
            let _ = root.remove_attribute("data-gvk-session");
            let _ = root.style().remove_property("--gvk-private-label");
        }
    }
}

/// The viewport size in CSS pixels.
pub fn viewport() -> Option<(f64, f64)> {
    let w = web_sys::window()?;
    Some((w.inner_width().ok()?.as_f64()?, w.inner_height().ok()?.as_f64()?))
}

/// Coalesces writes to one per animation frame: [`FrameWriter::set`] stores the newest value and
/// asks for a frame only if none is pending; the frame applies the newest value once.
pub struct FrameWriter<T: 'static> {
    inner: Rc<FrameInner<T>>,
}

struct FrameInner<T> {
    pending: RefCell<Option<T>>,
    requested: Cell<bool>,
    apply: Box<dyn Fn(T)>,
    callback: RefCell<Option<Closure<dyn FnMut()>>>,
    frame_id: Cell<i32>,
}

impl<T: 'static> FrameWriter<T> {
    /// A writer that calls `apply` in an animation frame with the newest value.
    pub fn new(apply: impl Fn(T) + 'static) -> Self {
        FrameWriter {
            inner: Rc::new(FrameInner {
                pending: RefCell::new(None),
                requested: Cell::new(false),
                apply: Box::new(apply),
                callback: RefCell::new(None),
                frame_id: Cell::new(0),
            }),
        }
    }

    /// Stores `value`; it is applied in the next animation frame (once, whatever the number of sets).
    pub fn set(&self, value: T) {
        *self.inner.pending.borrow_mut() = Some(value);
        if self.inner.requested.get() {
            return;
        }
        let Some(window) = web_sys::window() else { return };
        let weak = Rc::downgrade(&self.inner);
        let cb = Closure::<dyn FnMut()>::new(move || {
            let Some(inner) = weak.upgrade() else { return };
            inner.requested.set(false);
            let value = inner.pending.borrow_mut().take();
            if let Some(value) = value {
                (inner.apply)(value);
            }
        });
        if let Ok(id) = window.request_animation_frame(cb.as_ref().unchecked_ref()) {
            self.inner.requested.set(true);
            self.inner.frame_id.set(id);
            *self.inner.callback.borrow_mut() = Some(cb);
        }
    }
}

impl<T: 'static> Drop for FrameWriter<T> {
    fn drop(&mut self) {
        if self.inner.requested.get() {
            if let Some(w) = web_sys::window() {
                let _ = w.cancel_animation_frame(self.inner.frame_id.get());
            }
        }
        self.inner.callback.borrow_mut().take();
    }
}

/// Sets an element's `width` and `height` in pixels through its CSSOM style (allowed under a
/// strict `style-src` Content-Security-Policy, which blocks writing the `style` attribute).
pub fn set_size(el: &HtmlElement, (w, h): (f64, f64)) {
    // Whole pixels, formatted as integers (no float formatting code in the wasm).
    // One write (CSSOM `cssText`, not the attribute): one style mutation per frame.
    el.style().set_css_text(&format!("width: {}px; height: {}px;", w.round() as i64, h.round() as i64));
}

/// Captures the pointer of a `pointerdown` on its target, so a drag continues outside it.
pub fn capture_pointer(e: &web_sys::PointerEvent) {
    if let Some(el) = e.current_target().and_then(|t| t.dyn_into::<Element>().ok()) {
        let _ = el.set_pointer_capture(e.pointer_id());
    }
}

/// An element's rendered size.
pub fn rendered_size(el: &HtmlElement) -> (f64, f64) {
    (f64::from(el.offset_width()), f64::from(el.offset_height()))
}

/// An element's top-left corner in the viewport.
pub fn position(el: &HtmlElement) -> (f64, f64) {
    let r = el.get_bounding_client_rect();
    (r.left(), r.top())
}

/// The browser's preferred languages (`navigator.languages`, best first, else
/// `navigator.language`); empty where there is no browser (on a server).
pub fn languages() -> Vec<String> {
    #[cfg(target_arch = "wasm32")]
    {
        let Some(window) = web_sys::window() else { return Vec::new() };
        let get = |target: &wasm_bindgen::JsValue, key: &str| js_sys::Reflect::get(target, &key.into()).ok();
        let Some(navigator) = get(&window, "navigator") else { return Vec::new() };
        let list: Vec<String> = get(&navigator, "languages")
            .filter(js_sys::Array::is_array)
            .map(|l| js_sys::Array::from(&l).iter().filter_map(|t| t.as_string()).take(32).collect())
            .unwrap_or_default();
        if list.is_empty() {
            return get(&navigator, "language").and_then(|l| l.as_string()).into_iter().collect();
        }
        list
    }
    #[cfg(not(target_arch = "wasm32"))]
    Vec::new()
}
