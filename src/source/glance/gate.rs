//! The page-view gate of the split build (feature `split`, see [`crate::split`]).
//!
//! On a page view without a session the kit's binding, decoder, reducer and UI are not loaded; the
//! gate (`gate.js`) stands in for them until they are:
//!
//! * it listens to every Glance visitor event on the loader's stub (listeners carry over to the full
//!   object) and **holds** each one, in order, asking for the kit at the first (`sessionstarting`
//!   prefetches it); it asks at once when `inSession()` is true, on Glance's `showTerms` (held too),
//!   on any `glance_invoke` message (Glance loads its core then), on a click on a
//!   `data-glancebutton` element (Glance's own start and terms buttons) and on the page's own
//!   `startSession()` call (passed on to Glance at once);
//! * it takes Glance's default-UI entry points as the binding does (`showTerms`, `showButton`,
//!   `toggleButton`, `setStyle`), so that none loads Glance's default UI (`showButton` /
//!   `toggleButton` show and hide the page-view Start button);
//! * it gives the page-view markup of [`LazyVisitorUi`](crate::split::LazyVisitorUi) its behaviour:
//!   Start asks for the kit (`data-state="loading"`, `aria-busy`), a failed load shows the alert, and
//!   Start tries again;
//! * when the binding binds ([`release`], then [`replay`]), it lets go of Glance (listeners off,
//!   entry points back, unless Glance's core has redefined them meanwhile: then they stay Glance's)
//!   and the binding's own listeners get every held event, in order, then the held entry-point
//!   calls reach the kit's stand-ins;
//! * when the kit cannot load ([`fail`]: offline, a missing chunk, a Content-Security-Policy), every
//!   held request is declined once (none of a session that ended since: its callbacks are gone), and
//!   every later one at once, so that no agent waits.
//!
//! Nothing thrown by Glance's objects or a payload leaves the gate. (`gate.js` is served as it is,
//! so it carries no comments; this is its documentation. The event names and the entry points
//! come from the kit at [`open`]. How it declines each request is a table in `gate.js` (it costs a
//! page view nothing there); a native test (`tests/model.rs`) checks it against the kit's request
//! table and `VideoSettings::default()`, with which the kit itself declines a video request. A `glance_invoke` message
//! is only noticed, never read further; Glance's own listener handles it.)

// (Natively, for the server, only the binding's side is used.)
#![cfg_attr(not(target_arch = "wasm32"), allow(dead_code))]

use wasm_bindgen::prelude::*;

/// What the gate reports to the page-view component.
pub(crate) mod notice {
    /// The kit is needed now (a session event, `inSession()`, `showTerms`, a `glance_invoke`): sent
    /// once per attempt, so that a burst of held events writes the gate's markup once.
    #[allow(dead_code)] // (sent by gate.js; any code but START means this)
    pub const NEED: u32 = 0;
    /// The visitor pressed the page-view Start button: the kit opens its terms prompt.
    pub const START: u32 = 1;
}

#[wasm_bindgen(module = "/src/source/glance/gate.js")]
extern "C" {
    #[wasm_bindgen(js_name = gvkGateOpen)]
    fn open_gate(names: js_sys::Array, entry_points: js_sys::Array, notify: &JsValue) -> u32;
    #[wasm_bindgen(js_name = gvkGateRelease)]
    fn release_gate() -> JsValue;
    #[wasm_bindgen(js_name = gvkGateReplay)]
    fn replay_gate(taken: &JsValue, listeners: &js_sys::Array);
    #[wasm_bindgen(js_name = gvkGateFail)]
    fn fail_gate();
    #[wasm_bindgen(js_name = gvkGateAdopt)]
    fn adopt_gate() -> Option<web_sys::HtmlElement>;
    #[wasm_bindgen(js_name = gvkGateClose)]
    fn close_gate(opening: u32);
}

/// Opens the page's gate (one per page; a second call takes it over and points it at `notify`, a
/// function of one [`notice`] code). Returns this opening, for [`close`].
pub(crate) fn open(notify: &JsValue) -> u32 {
    let names = crate::event::subscribed_names().map(JsValue::from_str).collect();
    let entry_points = super::default_ui::ENTRY_POINTS.into_iter().map(JsValue::from_str).collect();
    open_gate(names, entry_points, notify)
}

/// Takes what the gate held and lets go of Glance; `None` when no gate is open.
pub(crate) fn release() -> Option<JsValue> {
    Some(release_gate()).filter(|v| !v.is_null() && !v.is_undefined())
}

/// Replays what [`release`] took into the binding's listeners (one per subscribed name, in order).
pub(crate) fn replay(taken: &JsValue, listeners: &js_sys::Array) {
    replay_gate(taken, listeners);
}

/// The kit could not load: decline what is held, and what comes.
pub(crate) fn fail() {
    fail_gate();
}

/// The kit has loaded: the page-view markup goes; returns the root to mount the kit in.
pub(crate) fn adopt() -> Option<web_sys::HtmlElement> {
    adopt_gate()
}

/// Closes the gate (its component is gone): Glance as it was. Only the latest opening closes it,
/// so that a component mounted again before the old one is cleaned up keeps its gate.
pub(crate) fn close(opening: u32) {
    close_gate(opening);
}
