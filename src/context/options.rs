//! [`VisitorOptions`]: what [`provide_visitor_with_options`](super::provide_visitor_with_options) is given.

use super::*;

/// Options of [`provide_visitor_with_options`](super::provide_visitor_with_options).
#[derive(Clone, Debug, PartialEq)]
pub struct VisitorOptions {
    /// A session stuck in "starting" longer than this ends with a visible error. `None`: never.
    /// Default 30 s.
    pub start_timeout: Option<Duration>,
    /// Decline the prompt the visitor sees after this long without an answer (the prompt shows
    /// the countdown). Default `None` (off).
    pub auto_decline: Option<Duration>,
    /// The strings the components show.
    pub messages: Messages,
    /// Inject the kit's CSS (`style/gvk.css`) into `<head>` once. Default true; turn it off when the
    /// page links the file itself.
    pub inject_css: bool,
    /// Sees every event, malformed or unknown event, answer and action ([`Activity`]). (With
    /// [`GlanceSource`](crate::source::GlanceSource), a burst of plainly valid `viewerinfo` for one
    /// view arrives merged, as one event: see its module documentation.)
    pub observer: Option<Observer>,
    /// The prefix of the element ids the kit renders (default `gvk`). Ids count per render, so a
    /// server and its hydrating client agree; in client-side rendering a second kit on the page
    /// gets `gvk2`, `gvk3`, … on its own.
    pub id_prefix: String,
    /// The kit's look from Rust (colour scheme, high contrast, brand values); default: the
    /// stylesheet's tokens, following the visitor's light/dark setting. See [`Theme`].
    pub theme: Theme,
    /// What Glance must never show the agents, beyond the elements carrying
    /// [`PRIVATE_ATTRIBUTE`](crate::masking::PRIVATE_ATTRIBUTE): selectors, and a callback for
    /// role-based masking. See [`crate::masking`].
    pub masking: crate::masking::MaskingOptions,
    /// The nonce of the page's Content-Security-Policy (`script-src 'nonce-…'`, `style-src
    /// 'nonce-…'`), for what the kit puts into the page itself: its `<style id="gvk-style">` and the
    /// masking script when the page has none. (Glance's tag and video scripts take
    /// [`GlanceOptions::nonce`](crate::source::GlanceOptions::nonce).) Default: none.
    pub nonce: Option<String>,
}

impl Default for VisitorOptions {
    fn default() -> Self {
        VisitorOptions {
            start_timeout: Some(Duration::from_secs(30)),
            auto_decline: None,
            messages: Messages::default(),
            inject_css: true,
            observer: None,
            id_prefix: "gvk".into(),
            theme: Theme::default(),
            masking: crate::masking::MaskingOptions::default(),
            nonce: None,
        }
    }
}
