//! The listeners the binding hands to Glance, made in JavaScript (`ingress.js`).
//!
//! Every event is delivered to the kit at once and in order, with one exception that keeps a burst
//! cheap: a `viewerinfo` whose payload is plainly valid (a plain object with a `screenshareView`
//! string and plain `{width, height}` sizes in range, no stats) is merged, field by field and per
//! view, with the ones before it, and the merge is delivered once, in a microtask or just before the
//! next event of another name, whichever comes first. The kit's state is the same as if each had
//! been delivered (the reducer keeps the last value of each field), and the DOM is written once per
//! frame anyway; an observer sees one `viewerinfo` per view and burst. Every other payload, and a
//! `viewerinfo` with anything unusual (stats, proxies that throw, bad numbers, odd shapes), takes
//! the ordinary path and is decoded and checked by the kit (a getter on such a payload may then be
//! read twice: once by the check, once by the copy).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/source/glance/ingress.js")]
extern "C" {
    /// The listeners and their shared state (`gvkIngress`'s result).
    pub(super) type Ingress;

    /// Listeners for `count` names (index = position in `subscribed_names()`), the one at `merged`
    /// merging plainly valid `viewerinfo` payloads with sizes up to `max`; each calls
    /// `deliver(index, payload)`.
    #[wasm_bindgen(js_name = gvkIngress)]
    fn make(count: u32, merged: u32, max: f64, deliver: &Closure<dyn Fn(u32, JsValue)>) -> Ingress;

    /// One function per name, in order.
    #[wasm_bindgen(method, getter)]
    pub(super) fn listeners(this: &Ingress) -> js_sys::Array;

    /// Drops what is pending; the listeners do nothing from now on.
    #[wasm_bindgen(method)]
    pub(super) fn close(this: &Ingress);
}

impl Ingress {
    pub(super) fn new(count: u32, merged: u32, max: f64, deliver: &Closure<dyn Fn(u32, JsValue)>) -> Ingress {
        make(count, merged, max, deliver)
    }
}
