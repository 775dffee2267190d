//! The End button and its "End session?" confirm, shared by the session widget and the session
//! indicator.

use leptos::prelude::*;

use super::prompt::catalog;
use super::AlertPrompt;
use crate::context::VisitorContext;
use crate::event::Answer;

/// "End session" (shown while in a session) and its confirm (WAI-ARIA alertdialog, focus on
/// "Keep sharing"): Accept calls `stopSession()` once; a confirm left open when the session ends
/// by itself closes.
#[component]
pub(crate) fn EndSession(ctx: VisitorContext) -> impl IntoView {
    let m = ctx.texts();
    // A counter gives each opening its own id (the prompt answers once per id).
    let confirm = RwSignal::new(None::<u64>);
    let openings = StoredValue::new(0u64);
    let on_confirm = Callback::new(move |(_, answer): (u64, Answer)| {
        confirm.set(None);
        if answer == Answer::Accept {
            let _ = ctx.stop_session();
        }
    });
    Effect::new(move |_| {
        if !ctx.in_session() {
            confirm.set(None);
        }
    });
    view! {
        <button type="button" class="gvk-button" data-action="end" hidden=move || !ctx.in_session()
            on:click=move |_| {
                openings.update_value(|n| *n += 1);
                confirm.set(Some(openings.get_value()));
            }>
            {move || m.with_value(|m| m.end.to_string())}
        </button>
        <AlertPrompt
            part="end-confirm"
            pending=confirm
            title=catalog(m, |m| &m.end_confirm_title)
            message=catalog(m, |m| &m.end_confirm_message)
            accept_label=catalog(m, |m| &m.end_confirm_yes)
            decline_label=catalog(m, |m| &m.end_confirm_no)
            on_answer=on_confirm
        />
    }
}
