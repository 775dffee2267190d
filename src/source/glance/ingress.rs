//! The listeners the binding hands to Glance, made in JavaScript (`ingress.js`).
//!
//! Every event is delivered to the kit at once and in order, with one exception that keeps a burst
//! cheap: a `viewerinfo` whose payload is plainly valid (a plain object of own properties, few keys,
//! with a `screenshareView` string, plain `{width, height}` sizes in range and a plain top-level
//! `stats` of rates, as Glance's script sends it) is merged, field by field and per view, with the
//! ones before it, and the merge is delivered once, in a microtask or just before the
//! next event of another name, whichever comes first. The kit's state is the same as if each had
//! been delivered (the reducer keeps the last value of each field), and the DOM is written once per
//! frame anyway; an observer sees one `viewerinfo` per view and burst. Every other payload, and a
//! `viewerinfo` with anything unusual (`glance_viewer`, proxies that throw, bad numbers, odd shapes,
//! inherited fields, many keys), takes the ordinary path and is decoded and checked by the kit (a
//! getter on such a payload may then be read twice: once by the check, once by the copy).
//!
//! How `ingress.js` does it (it is served as it is, so it carries no comments; they are here):
//! * `size(s, max)` reads a `{width, height}` of own numbers in range, each once, and writes them to
//!   `dims` only after both reads (a getter that fires another event cannot mix the two).
//! * `plainViewerInfo(p, max, out)` reads a plainly valid `viewerinfo` into `out` (screen w, h,
//!   scaled w, h, whether stats came, fpslimit, viewerfps, displayfps; 0 or -1 for absent) and
//!   returns its view, or null. It reads as the kit's copy does: own properties only, `undefined`
//!   as absent, each once, every read inside the `try` (a revoked Proxy throws even from
//!   `Array.isArray`); it allocates nothing, and names its keys so that each read stays monomorphic.
//! * `gvkIngress` delivers a merged `viewerinfo` as `deliverMerged(view, sw, sh, cw, ch, fpslimit,
//!   viewerfps, displayfps)` (0 for an absent size, -1 for an absent rate, fpslimit -2 for no
//!   stats), field by field the newest present value, one view at a time (an event fired while
//!   delivering keeps its place); if delivering throws, what is left goes in a later microtask.

use wasm_bindgen::prelude::*;

use crate::event::{Size, ViewerInfo, ViewerStats, VisitorEvent, MAX_DIMENSION};

#[wasm_bindgen(module = "/src/source/glance/ingress.js")]
extern "C" {
    /// The listeners and their shared state (`gvkIngress`'s result).
    pub(super) type Ingress;

    /// Listeners for `count` names (index = position in `subscribed_names()`), the one at `merged`
    /// merging plainly valid `viewerinfo` payloads with sizes up to `max`. Each event is handed to
    /// `deliver(index, payload)`; a merged `viewerinfo` to `sizes` ([`SizesFn`]).
    #[wasm_bindgen(js_name = gvkIngress)]
    fn make(
        count: u32,
        merged: u32,
        max: f64,
        deliver: &Closure<dyn Fn(u32, JsValue)>,
        sizes: &Closure<SizesFn>,
    ) -> Ingress;

    /// One function per name, in order.
    #[wasm_bindgen(method, getter)]
    pub(super) fn listeners(this: &Ingress) -> js_sys::Array;

    /// Drops what is pending; the listeners do nothing from now on.
    #[wasm_bindgen(method)]
    pub(super) fn close(this: &Ingress);
}

/// What a merged `viewerinfo` is handed to: the view, the screen's width and height, the scaled
/// view's width and height (0 for a size the merge does not carry), then the stats' fpslimit,
/// viewerfps and displayfps (-1 for a rate it does not carry; fpslimit -2 when it carries no stats).
pub(super) type SizesFn = dyn Fn(String, f64, f64, f64, f64, f64, f64, f64);

impl Ingress {
    pub(super) fn new(
        count: u32,
        merged: u32,
        max: f64,
        deliver: &Closure<dyn Fn(u32, JsValue)>,
        sizes: &Closure<SizesFn>,
    ) -> Ingress {
        make(count, merged, max, deliver, sizes)
    }
}

/// The event of a merged `viewerinfo`, checked again here: an empty view, or a number out of range
/// (which the JavaScript side never sends), gives `None`.
pub(super) fn merged_viewer_info(view: String, sizes: [f64; 4], rates: [f64; 3]) -> Option<VisitorEvent> {
    let ok = |n: f64| n.is_finite() && n > 0.0 && n <= MAX_DIMENSION;
    let size = |w: f64, h: f64| -> Result<Option<Size>, ()> {
        match (w, h) {
            (w, h) if w == 0.0 && h == 0.0 => Ok(None),
            (w, h) if ok(w) && ok(h) => Ok(Some(Size { width: w, height: h })),
            _ => Err(()),
        }
    };
    const ABSENT: f64 = -1.0;
    const NO_STATS: f64 = -2.0;
    let rate = |n: f64| -> Result<Option<f64>, ()> {
        if n == ABSENT {
            Ok(None)
        } else if n.is_finite() && n >= 0.0 {
            Ok(Some(n))
        } else {
            Err(())
        }
    };
    if view.is_empty() {
        return None;
    }
    let [sw, sh, cw, ch] = sizes;
    let (screen, scaledview) = (size(sw, sh).ok()?, size(cw, ch).ok()?);
    let [fl, vf, df] = rates;
    let stats = if fl == NO_STATS {
        None
    } else {
        Some(ViewerStats { fpslimit: rate(fl).ok()?, viewerfps: rate(vf).ok()?, displayfps: rate(df).ok()? })
    };
    Some(VisitorEvent::ViewerInfo(ViewerInfo { view, screen, scaledview, stats }))
}
