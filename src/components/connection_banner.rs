//! [`ConnectionBanner`].

use crate::components::class_list;
use leptos::prelude::*;

use crate::context::try_use_visitor;
use crate::state::Connection;

/// Connectivity: `connection reconnecting` shows a polite warning (`role="status"`), `ok` clears it,
/// `error conndrop` shows an assertive message (`role="alert"`). Both live regions exist from mount
/// (empty, and unstyled: a pill is drawn only around text, so an empty banner is never a visible
/// pill, also after server rendering) so that screen readers announce the first change; text is only
/// written when it changes, so identical text is never re-announced; focus never moves here.
/// [`VisitorUi`](crate::VisitorUi) leaves "reconnecting" to its session widget's line
/// (`reconnecting=false`), so that a screen reader hears it once.
///
/// Root: `<div data-gvk="connection-banner" data-state="ok|reconnecting|dropped">`.
#[component]
pub fn ConnectionBanner(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// Say that Glance is reconnecting (default true); the lost connection is always said.
    #[prop(into, default = Signal::stored(true))]
    reconnecting: Signal<bool>,
) -> impl IntoView {
    let Some(ctx) = try_use_visitor() else { return ().into_any() };
    let m = ctx.texts();
    // The pills are made only when their text changes (the memos compare).
    let polite = Memo::new(move |_| match ctx.connection() {
        Connection::Reconnecting if reconnecting.get() => m.with_value(|m| m.reconnecting.to_string()),
        _ => String::new(),
    });
    let assertive = Memo::new(move |_| match ctx.connection() {
        Connection::Dropped => m.with_value(|m| m.connection_lost.to_string()),
        _ => String::new(),
    });
    let (polite, assertive) = (move || polite.get(), move || assertive.get());
    view! {
        <div
            class=class_list(|| "gvk-connection".into(), class)
            data-gvk="connection-banner"
            data-state=move || ctx.connection().as_str()
        >
            <div class="gvk-live" role="status" aria-live="polite">
                {move || { let t = polite(); (!t.is_empty()).then(|| view! { <div class="gvk-banner gvk-banner--warning">{t}</div> }) }}
            </div>
            <div class="gvk-live" role="alert" aria-live="assertive">
                {move || { let t = assertive(); (!t.is_empty()).then(|| view! { <div class="gvk-banner gvk-banner--alert">{t}</div> }) }}
            </div>
        </div>
    }
    .into_any()
}
