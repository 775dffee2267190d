//! [`ConnectionBanner`].

use leptos::prelude::*;

use crate::context::try_use_visitor;
use crate::state::Connection;

/// Connectivity: `connection reconnecting` shows a polite warning (`role="status"`), `ok` clears it,
/// `error conndrop` shows an assertive message (`role="alert"`). Both live regions exist from mount
/// (empty) so that screen readers announce the first change; text is only written when it changes,
/// so identical text is never re-announced; focus never moves here.
///
/// Root: `<div data-gvk="connection-banner" data-state="ok|reconnecting|dropped">`.
#[component]
pub fn ConnectionBanner(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let Some(ctx) = try_use_visitor() else { return ().into_any() };
    let m = ctx.messages;
    // The text nodes are written only when their text changes (the renderer compares).
    let polite = move || match ctx.connection() {
        Connection::Reconnecting => m.with_value(|m| m.reconnecting.to_string()),
        _ => String::new(),
    };
    let assertive = move || match ctx.connection() {
        Connection::Dropped => m.with_value(|m| m.connection_lost.to_string()),
        _ => String::new(),
    };
    view! {
        <div
            class=move || format!("gvk-connection {}", class.get().unwrap_or_default())
            data-gvk="connection-banner"
            data-state=move || ctx.connection().as_str()
        >
            <div class="gvk-banner gvk-banner--warning" role="status" aria-live="polite">{polite}</div>
            <div class="gvk-banner gvk-banner--alert" role="alert" aria-live="assertive">{assertive}</div>
        </div>
    }
    .into_any()
}
