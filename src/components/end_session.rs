//! The End button and its "End session?" confirm, shared by the session widget and the session
//! indicator.

use leptos::prelude::*;

use super::consent::catalog;
use super::{changes_of, AlertPrompt};
use crate::context::VisitorContext;
use crate::event::Answer;

/// "End session" (shown while in a session) and its confirm (WAI-ARIA alertdialog, focus on
/// "Keep sharing"): Accept calls `stopSession()` once; a confirm left open when the session ends
/// by itself closes.
#[component]
pub(crate) fn EndSession(ctx: VisitorContext) -> impl IntoView {
    let m = ctx.texts();
    // Each stretch with or without a session is counted; the confirm belongs to the stretch it
    // was asked in, so a session that ends by itself closes it, and the next session does not
    // find it open.
    let session = changes_of(move || ctx.in_session());
    let asked = RwSignal::new(None::<u32>);
    let open = Signal::derive(move || ctx.in_session() && asked.get() == Some(session.with(|s| s.0)));
    let on_confirm = Callback::new(move |answer: Answer| {
        asked.set(None);
        if answer == Answer::Accept {
            let _ = ctx.stop_session();
        }
    });
    view! {
        <button type="button" class="gvk-button" data-action="end" hidden=move || !ctx.in_session()
            on:click=move |_| asked.set(Some(session.with_untracked(|s| s.0)))>
            {move || m.with_value(|m| m.end.to_string())}
        </button>
        <AlertPrompt
            part="end-confirm"
            open=open
            title=catalog(m, |m| &m.end_confirm_title)
            message=catalog(m, |m| &m.end_confirm_message)
            accept_label=catalog(m, |m| &m.end_confirm_yes)
            decline_label=catalog(m, |m| &m.end_confirm_no)
            on_answer=on_confirm
        />
    }
}
