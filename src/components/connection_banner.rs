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
    let conn = ctx.connection;
    // Memos: the text nodes change only when the text does.
    let polite = Memo::new(move |_| match conn.get() {
        Connection::Reconnecting => m.with_value(|m| m.reconnecting.to_string()),
        _ => String::new(),
    });
    let assertive = Memo::new(move |_| match conn.get() {
        Connection::Dropped => m.with_value(|m| m.connection_lost.to_string()),
        _ => String::new(),
    });
    view! {
        <div
            class=move || format!("gvk-connection {}", class.get().unwrap_or_default())
            data-gvk="connection-banner"
            data-state=move || conn.get().as_str()
        >
            <div class="gvk-banner gvk-banner--warning" role="status" aria-live="polite">{move || polite.get()}</div>
            <div class="gvk-banner gvk-banner--alert" role="alert" aria-live="assertive">{move || assertive.get()}</div>
        </div>
    }
    .into_any()
}
