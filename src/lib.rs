//! # glance-visitor-kit
//!
//! Leptos 0.8 components that draw a custom **visitor UI for Glance Cobrowse**: the consent prompts
//! (remote control, reverse session, URL start), the session indicator with its key and End confirm,
//! the connection banner, the agent badge, the remote-control indicator, the start button with its
//! terms prompt, the error list, and the screen-share / agent-video panels whose iframes are in the
//! page before Glance needs them.
//!
//! A page switches Glance's own UI off with `data-ui="custom"` on its script tag; Glance then
//! delivers *visitor events* to `GLANCE.Cobrowse.Visitor.addEventListener`. The kit turns them
//! into typed state and accessible components:
//!
//! ```text
//! window.GLANCE / Simulator ─► source/ ─► event/ (decode) ─► state (pure reducer)
//!        ▲                                                          │
//!        └── actions (accept, stopSession, enableRC, …) ◄── components ◄── context (signals)
//! ```
//!
//! * [`event`]: every visitor event as a [`VisitorEvent`](event::VisitorEvent), decoded totally
//!   (a bad payload is a typed [`DecodeError`](event::DecodeError), never a panic), prompt
//!   callbacks wrapped in an answer-once [`Responder`](event::Responder).
//! * [`state`]: [`VisitorState`](state::VisitorState) and its pure reducer, with the transition
//!   rules in a table.
//! * [`source`]: [`GlanceSource`], the binding to `window.GLANCE` (also
//!   replaces Glance's default-UI entry points so `showTerms` opens this UI), and
//!   [`Simulator`], a scripted agent for demos and tests.
//! * [`context`]: [`provide_visitor`] (or [`provide_visitor_with_options`]) / [`use_visitor`]: the state as fine-grained signals plus the
//!   visitor's actions.
//! * [`components`]: the UI. [`VisitorUi`] composes all of it.
//! * [`masking`]: what Glance must never show the agents ([`Masked`], `data-gvk-private`, role-based
//!   masking from Rust), answered before hydration by `public/gvk-masking.js`.
//!
//! ## Example
//!
//! ```no_run
//! use glance_visitor_kit::{provide_visitor, GlanceSource, VisitorUi};
//! use leptos::prelude::*;
//!
//! #[component]
//! fn App() -> impl IntoView {
//!     // Bind to the page's Glance script (<script id="glance-cobrowse" data-ui="custom" ...>).
//!     provide_visitor(GlanceSource::new());
//!     view! {
//!         <main>"Your site"</main>
//!         <VisitorUi terms_url="/cobrowse-terms" />
//!     }
//! }
//!
//! fn main() {
//!     leptos::mount::mount_to_body(App);
//! }
//! ```
//!
//! The reducer needs no browser at all:
//!
//! ```
//! use glance_visitor_kit::event::{Value, VisitorEvent};
//! use glance_visitor_kit::state::{Connection, VisitorState};
//!
//! let mut state = VisitorState::new();
//! let status = Value::Object(vec![("status".into(), Value::String("reconnecting".into()))]);
//! state.apply(VisitorEvent::decode_value("connection", &status).unwrap());
//! assert_eq!(state.connection, Connection::Reconnecting);
//! // A payload that does not fit is a typed error naming the event and the field.
//! let bad = Value::Object(vec![("status".into(), Value::String("maybe".into()))]);
//! let err = VisitorEvent::decode_value("connection", &bad).unwrap_err();
//! assert_eq!((err.event.as_str(), err.field.as_str()), ("connection", "status"));
//! ```
//!
//! ## Contract for integrators
//!
//! * Every component root carries `data-gvk="<part>"` (`rc-prompt`, `reverse-prompt`,
//!   `urlstart-prompt`, `rc-indicator`, `connection-banner`, `agent-badge`, `session-indicator`,
//!   `start-session`, `error-notice`, `screenshare-panel`, plus `terms-prompt`, `end-confirm` and
//!   `visitor-ui`) and `data-state` with its state; each takes a `class` prop.
//! * Styles are plain CSS (`style/gvk.css`, exported as [`context::CSS`]) built only on `--gvk-*`
//!   custom properties (colours as `light-dark()` pairs; the README's "Theming" section has the
//!   table with every default): light by default, dark with the visitor's system or by
//!   [`Theme::color_scheme`], high contrast by [`Theme::high_contrast`], Glance's accessibility
//!   mode or `forced-colors`. Class names start with `gvk-`. The provider injects the CSS once
//!   (`<style id="gvk-style">`); under a strict Content-Security-Policy link the file with
//!   `data-gvk-style` and set [`VisitorOptions::inject_css`] to `false`.
//! * Every visible string comes from [`Messages`]: English by default, German, French, Spanish and
//!   Arabic (right to left) built in, picked by [`Messages::for_language`] or
//!   [`Messages::from_browser`], switchable at run time with [`VisitorContext::set_messages`].
//! * With the `ssr` feature the components render inert markup and touch no browser API outside
//!   effects; prompts render closed, the iframes render hidden without `src`.
//!
//! ## Features
//! `csr`, `hydrate`, `ssr` forward to Leptos (the host app picks one); `demo` builds the demo site.
#![warn(missing_docs)]

pub mod components;
pub mod context;
pub(crate) mod dom;
pub mod event;
pub mod invoke;
pub(crate) mod layout;
pub(crate) mod log;
pub mod masking;
pub mod messages;
pub mod source;
#[cfg(feature = "split")]
pub mod split;
pub mod state;
pub(crate) mod text;
pub mod theme;

pub use components::*;
pub use context::{
    provide_visitor, provide_visitor_with_options, try_use_visitor, use_visitor, Activity, Observer, PromptInfo,
    VisitorContext, VisitorOptions,
};
pub use messages::{Dir, Messages, PromptText};
pub use source::{GlanceSource, Simulator};
pub use theme::{ColorScheme, Theme};
