//! [`SessionIndicator`].

use crate::components::class_list;
use leptos::prelude::*;

use super::changes_of;
use super::end_session::EndSession;
use crate::context::try_use_visitor;
use crate::state::SessionPhase;

/// The session's status: a spinner while starting (then the start-timeout error, shown by
/// [`ErrorNotice`](super::ErrorNotice) and here as "ended"), "The agent is viewing your browser."
/// with the session key to read to the agent (`getKey()`) and an optional page border while
/// active, an End button with an "End session?" confirm (→ `stopSession()`, once), the paused state,
/// and the end with its reason. After `blur` it says the session continues in the other tab; after
/// `focus` it is back to normal. With Glance's accessibility mode on, it switches to the kit's
/// accessible presentation (larger text, stronger contrast: class `gvk-accessible`).
///
/// Root: `<div data-gvk="session-indicator" data-state="idle|starting|active|paused|ended"
/// data-focus="focused|blurred">`.
#[component]
pub fn SessionIndicator(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// Draw a border around the page while the agent views it (default true).
    #[prop(default = true)]
    border: bool,
) -> impl IntoView {
    let Some(ctx) = try_use_visitor() else { return ().into_any() };
    let m = ctx.texts();
    let state = Memo::new(move |_| match ctx.phase() {
        SessionPhase::Active { .. } if ctx.paused() => "paused",
        p => p.as_str(),
    });
    // The ended message can be dismissed; a new state shows the indicator again (it was dismissed
    // at a count of state changes, and holds while the count stays).
    let changes = changes_of(move || state.get());
    let dismissed = RwSignal::new(None::<u32>);
    let is_dismissed = move || dismissed.get() == Some(changes.with(|c| c.0));
    let status = move || {
        m.with_value(|m| match ctx.phase() {
            SessionPhase::Idle => String::new(),
            SessionPhase::Starting => m.session_starting.to_string(),
            SessionPhase::Active { .. } if !ctx.focused() => m.session_elsewhere.to_string(),
            SessionPhase::Active { .. } if ctx.paused() => m.session_paused.to_string(),
            SessionPhase::Active { .. } => m.session_active.to_string(),
            SessionPhase::Ended { reason } => m.ended(reason.as_ref()).to_owned(),
        })
    };
    let active = move || matches!(ctx.phase(), SessionPhase::Active { .. });
    view! {
        <div
            class=class_list(
                move || format!("gvk-widget gvk-session{}", if ctx.accessibility() { " gvk-accessible" } else { "" }),
                class,
            )
            data-gvk="session-indicator"
            data-state=move || state.get()
            data-focus=move || if ctx.focused() { "focused" } else { "blurred" }
            hidden=move || state.get() == "idle" || is_dismissed()
        >
            <div class="gvk-row">
                <span class="gvk-spinner" aria-hidden="true" hidden=move || state.get() != "starting"></span>
                <span class="gvk-session-status" role="status">{status}</span>
            </div>
            <p class="gvk-row gvk-muted" data-gvk-masked="" hidden=move || !ctx.page_masked()>
                {move || m.with_value(|m| m.page_masked.to_string())}
            </p>
            <p class="gvk-row" data-gvk-download="" role="status" hidden=move || !ctx.file_download()>
                {move || if ctx.file_download() { m.with_value(|m| m.file_downloading.to_string()) } else { String::new() }}
            </p>
            <p class="gvk-row" hidden=move || !active() || ctx.session_key().is_none()>
                <span class="gvk-muted">{move || m.with_value(|m| m.session_key_label.to_string())}</span>
                <strong class="gvk-key" data-gvk-key="">{move || ctx.session_key().unwrap_or_default()}</strong>
            </p>
            <div class="gvk-row">
                <EndSession ctx=ctx />
                <button type="button" class="gvk-button" data-action="dismiss" hidden=move || state.get() != "ended"
                    on:click=move |_| dismissed.set(Some(changes.with_untracked(|c| c.0)))>
                    {move || m.with_value(|m| m.dismiss.to_string())}
                </button>
            </div>
            {border.then(|| view! {
                <div class="gvk-page-border" aria-hidden="true" hidden=move || !active()></div>
            })}
        </div>
    }
    .into_any()
}
