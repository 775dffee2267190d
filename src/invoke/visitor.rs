//! The visitor window's side, for sources other than Glance: a `message` listener that runs
//! trusted `glance_invoke` messages through the [`VisitorContext`].
//!
//! In production Glance's own script listens for these messages (put an
//! [`InvokeGuard`](super::InvokeGuard) in front of it); this listener is for the
//! [`Simulator`](crate::source::Simulator), the demo and tests, with the same rules
//! ([`InvokeRules`]). A message that passes runs exactly what Glance's would:
//! `showTerms` opens the kit's terms prompt ([`VisitorContext::show_terms`]), `startSession` and
//! `stopSession` call the context's actions, `setStartParams` keeps the params for a later
//! `startSession` / `showTerms` without a key. Every invocation and every refusal reaches the
//! [`Observer`](crate::Observer) as [`Activity::Invoked`] / [`Activity::InvokeRejected`]
//! (refusals also as a console warning) and is kept in [`InvokeListener::rejections`]. A refused
//! message runs nothing, throws nothing and leaves the visitor's state as it was; a message that is
//! not a `glance_invoke` at all is ignored without a report.

use leptos::prelude::*;

#[cfg(target_arch = "wasm32")]
use super::{Invocation, InvokeCall};
use super::{InvokeRules, Rejection};
use crate::context::{Activity, VisitorContext};
#[cfg(target_arch = "wasm32")]
use crate::source::StartParams;

/// How many refusals [`InvokeListener::rejections`] keeps (the newest).
pub(crate) const KEEP_REJECTIONS: usize = 50;

/// The installed listener: its rules and what it refused (newest last). `Copy`; the listener is
/// removed when the owner that installed it is disposed.
#[derive(Clone, Copy)]
pub struct InvokeListener {
    rules: StoredValue<InvokeRules>,
    rejections: RwSignal<Vec<Rejection>>,
    invoked: RwSignal<u32>,
}

impl InvokeListener {
    /// The refusals so far (tracked), at most 50, newest last.
    pub fn rejections(&self) -> Vec<Rejection> {
        self.rejections.get()
    }
    /// How many invocations ran (tracked).
    pub fn invoked(&self) -> u32 {
        self.invoked.get()
    }
    /// The rules.
    pub fn rules(&self) -> InvokeRules {
        self.rules.get_value()
    }
    /// Replaces the rules (e.g. a trusted origin learnt later).
    pub fn set_rules(&self, rules: InvokeRules) {
        self.rules.set_value(rules);
    }
}

/// Listens for `glance_invoke` messages on the window and runs the trusted ones through the
/// visitor context of an ancestor's [`provide_visitor`](crate::provide_visitor). Call it in a
/// component below that provider. The listener is added in an effect (never on the server) and
/// removed when the component's owner is disposed.
///
/// ```no_run
/// use glance_visitor_kit::invoke::{provide_invoke_listener, GroupId, InvokeRules, Origin};
/// use glance_visitor_kit::{provide_visitor, source::Simulator, VisitorOptions, VisitorUi};
/// use leptos::prelude::*;
///
/// #[component]
/// fn App() -> impl IntoView {
///     provide_visitor(Simulator::new());
///     let rules = InvokeRules::new(GroupId::new("72937").unwrap())
///         .trust(Origin::parse("https://chat.example.com").unwrap());
///     let listener = provide_invoke_listener(rules);
///     view! {
///         <VisitorUi />
///         <p>{move || format!("{} requests refused", listener.rejections().len())}</p>
///     }
/// }
/// ```
pub fn provide_invoke_listener(rules: InvokeRules) -> InvokeListener {
    let listener = InvokeListener {
        rules: StoredValue::new(rules),
        rejections: RwSignal::new(Vec::new()),
        invoked: RwSignal::new(0),
    };
    let ctx = crate::context::try_use_visitor();
    // The DOM listener lives in the browser only (effects never run on the server); it is removed
    // when the effect's owner is disposed.
    Effect::new(move |_| install(listener, ctx));
    listener
}

/// Records and reports what happened to one message (outside any borrow of the kit's state).
fn report(listener: InvokeListener, ctx: Option<VisitorContext>, outcome: &Result<String, Rejection>, origin: &str) {
    let activity = match outcome {
        Ok(func) => {
            listener.invoked.try_update(|n| *n += 1);
            Activity::Invoked { func: func.clone(), origin: origin.to_owned() }
        }
        Err(r) => {
            listener.rejections.try_update(|list| {
                list.push(r.clone());
                let extra = list.len().saturating_sub(KEEP_REJECTIONS);
                list.drain(..extra);
            });
            Activity::InvokeRejected(r.clone())
        }
    };
    match ctx {
        Some(ctx) => ctx.report(&activity),
        None => {
            if activity.is_problem() {
                crate::source::warn(&activity.to_string());
            }
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn install(_listener: InvokeListener, _ctx: Option<VisitorContext>) {
    let _ = report;
}

#[cfg(target_arch = "wasm32")]
fn install(listener: InvokeListener, ctx: Option<VisitorContext>) {
    use wasm_bindgen::prelude::Closure;
    use wasm_bindgen::JsCast;

    let Some(window) = web_sys::window() else { return };
    let pending: StoredValue<Option<StartParams>> = StoredValue::new(None);
    let f = Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else { return };
        let Some(raw) = super::message::read_message(&e.data()) else { return };
        let origin = e.origin();
        let page = super::message::page_origin();
        let checked = listener.rules.try_with_value(|rules| rules.check(page.as_ref(), &origin, &raw));
        let Some(checked) = checked else { return };
        let outcome = checked.map(|inv| {
            run(ctx, &inv, pending);
            inv.func
        });
        report(listener, ctx, &outcome, &origin);
    });
    let _ = window.add_event_listener_with_callback("message", f.as_ref().unchecked_ref());
    // Browser-only storage (this effect never runs on the server); removed with the owner.
    let held = StoredValue::new_local(Some((window, f)));
    on_cleanup(move || {
        if let Some((window, f)) = held.try_update_value(Option::take).flatten() {
            let _ = window.remove_event_listener_with_callback("message", f.as_ref().unchecked_ref());
        }
    });
}

#[cfg(target_arch = "wasm32")]
fn run(ctx: Option<VisitorContext>, inv: &Invocation, pending: StoredValue<Option<StartParams>>) {
    let Some(ctx) = ctx else { return };
    let with_pending = |p: StartParams| -> StartParams {
        if p.session_key.is_some() {
            return p;
        }
        pending.try_with_value(|saved| saved.clone()).flatten().unwrap_or(p)
    };
    match inv.call() {
        Some(InvokeCall::ShowTerms(p)) => ctx.show_terms(with_pending(p)),
        Some(InvokeCall::StartSession(p)) => {
            let _ = ctx.start_session(&with_pending(p));
        }
        Some(InvokeCall::StopSession) => {
            let _ = ctx.stop_session();
        }
        Some(InvokeCall::SetStartParams(p)) => pending.set_value(Some(p)),
        None => {}
    }
}
