//! The shared accessible prompt behind every consent dialog (WAI-ARIA APG alertdialog pattern).
//!
//! A modal `<dialog role="alertdialog" aria-modal="true">` opened with `showModal()`: it sits in the
//! top layer and makes the page behind it inert. Its title and message are its `aria-labelledby` /
//! `aria-describedby`. Focus starts on the safe action (Decline, first in order); Tab and Shift+Tab
//! wrap inside; Escape (the dialog's `cancel` event, or a `close` the browser forces) declines;
//! clicks on the backdrop do nothing; focus returns to where it was when the prompt opened. After the
//! first answer the buttons are disabled and nothing is answered again, whatever the input (double
//! click, Enter + click, Escape after click). A new `pending` id (a superseding request) keeps the
//! dialog open with fresh buttons and focus back on Decline.

use std::sync::atomic::{AtomicU32, Ordering};

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use crate::dom;
use crate::event::Answer;

static NEXT_ID: AtomicU32 = AtomicU32::new(1);

/// A fresh id prefix for `aria-labelledby` / `aria-describedby` targets.
pub(crate) fn fresh_id(part: &str) -> String {
    format!("gvk-{part}-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed))
}

/// A catalog string as a signal (what [`AlertPrompt`]'s text props take).
pub(crate) fn catalog(messages: StoredValue<crate::Messages>, pick: fn(&crate::Messages) -> &str) -> Signal<String> {
    Signal::derive(move || messages.with_value(|m| pick(m).to_owned()))
}

/// The shared alert dialog. `pending` is the id of the pending request (`None`: closed);
/// `on_answer` receives that id and the answer, at most once per id.
#[component]
pub fn AlertPrompt(
    /// The `data-gvk` value of the root.
    part: &'static str,
    /// The pending request's id; `None` closes the prompt.
    #[prop(into)]
    pending: Signal<Option<u64>>,
    /// Visible title (the dialog's accessible name).
    #[prop(into)]
    title: Signal<String>,
    /// Visible message (the dialog's description).
    #[prop(into)]
    message: Signal<String>,
    /// The accept button's label.
    #[prop(into)]
    accept_label: Signal<String>,
    /// The decline button's label (the safe action, focused first).
    #[prop(into)]
    decline_label: Signal<String>,
    /// Called once per pending id with the visitor's answer.
    on_answer: Callback<(u64, Answer)>,
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// Extra content between the message and the buttons (e.g. links).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let dialog_ref = NodeRef::<html::Dialog>::new();
    let decline_ref = NodeRef::<html::Button>::new();
    let answered = RwSignal::new(None::<u64>);
    let return_to = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let ids = fresh_id(part);
    let (title_id, message_id) = (format!("{ids}-title"), format!("{ids}-message"));

    let answer = move |a: Answer| {
        let Some(id) = pending.get_untracked() else { return };
        if answered.get_untracked() == Some(id) {
            return;
        }
        answered.set(Some(id));
        on_answer.run((id, a));
    };

    Effect::new(move |prev: Option<Option<u64>>| {
        let prev = prev.flatten();
        let now = pending.get();
        let Some(dialog) = dialog_ref.get() else { return prev };
        let focus_decline = move || {
            if let Some(button) = decline_ref.get_untracked() {
                dom::focus(&button);
            }
        };
        match (prev, now) {
            (None, Some(_)) => {
                return_to.set_value(dom::active_element());
                dom::show_modal(&dialog);
                focus_decline();
            }
            (Some(a), Some(b)) if a != b => focus_decline(),
            (Some(_), None) => {
                dom::close_dialog(&dialog);
                if let Some(el) = return_to.try_update_value(Option::take).flatten() {
                    dom::focus(&el);
                }
            }
            _ => {}
        }
        now
    });

    let done = move || pending.get().is_some() && answered.get() == pending.get();
    let on_keydown = move |e: ev::KeyboardEvent| match e.key().as_str() {
        "Escape" => {
            e.prevent_default();
            answer(Answer::Decline);
        }
        "Tab" => {
            if let Some(dialog) = dialog_ref.get_untracked() {
                if dom::trap_tab(&dialog, e.shift_key()) {
                    e.prevent_default();
                }
            }
        }
        _ => {}
    };

    view! {
        <dialog
            node_ref=dialog_ref
            class=move || format!("gvk-prompt {}", class.get().unwrap_or_default())
            role="alertdialog"
            aria-modal="true"
            aria-labelledby=title_id.clone()
            aria-describedby=message_id.clone()
            data-gvk=part
            data-state=move || if pending.get().is_some() { "open" } else { "closed" }
            on:keydown=on_keydown
            on:cancel=move |e: ev::Event| {
                e.prevent_default();
                answer(Answer::Decline);
            }
            on:close=move |_| {
                // The browser closed it while a request is pending (e.g. a second Escape): that is a
                // decline. A late `close` event of our own close() finds the dialog open again for
                // the next request, or nothing pending.
                let reopened = dialog_ref.get_untracked().is_some_and(|d| d.open());
                if !reopened && pending.get_untracked().is_some() {
                    answer(Answer::Decline);
                }
            }
        >
            <h2 class="gvk-prompt-title" id=title_id.clone()>{move || title.get()}</h2>
            <p class="gvk-prompt-message" id=message_id.clone()>{move || message.get()}</p>
            {children.map(|c| c())}
            <div class="gvk-prompt-actions">
                <button
                    node_ref=decline_ref
                    type="button"
                    class="gvk-button"
                    data-answer="decline"
                    autofocus=true
                    disabled=done
                    on:click=move |_| answer(Answer::Decline)
                >
                    {move || decline_label.get()}
                </button>
                <button
                    type="button"
                    class="gvk-button gvk-button--primary"
                    data-answer="accept"
                    disabled=done
                    on:click=move |_| answer(Answer::Accept)
                >
                    {move || accept_label.get()}
                </button>
            </div>
        </dialog>
    }
}

/// A consent prompt for one [`PromptKind`]: reads its pending prompt from the context and answers
/// through it. Renders nothing without a context.
pub(crate) fn consent_prompt(kind: crate::state::PromptKind, part: &'static str, class: MaybeProp<String>) -> AnyView {
    use crate::messages::Messages;
    use crate::state::PromptKind;
    let Some(ctx) = crate::context::try_use_visitor() else { return ().into_any() };
    let prompt = move || ctx.prompt(kind);
    let text = move |pick: fn(&Messages, bool) -> &str| {
        Signal::derive(move || {
            let selective = prompt().is_some_and(|p| p.selective);
            ctx.messages.with_value(|m| pick(m, selective).to_owned())
        })
    };
    let (title, message, accept): (Signal<String>, Signal<String>, Signal<String>) = match kind {
        PromptKind::RemoteControl => (
            text(|m, _| &m.rc_title),
            text(|m, selective| if selective { &m.rc_selective_message } else { &m.rc_message }),
            text(|m, _| &m.rc_allow),
        ),
        PromptKind::ReverseSession => {
            (text(|m, _| &m.reverse_title), text(|m, _| &m.reverse_message), text(|m, _| &m.reverse_join))
        }
        PromptKind::UrlStart => {
            (text(|m, _| &m.urlstart_title), text(|m, _| &m.urlstart_message), text(|m, _| &m.urlstart_continue))
        }
    };
    view! {
        <AlertPrompt
            part=part
            pending=Signal::derive(move || prompt().map(|p| p.id))
            title=title
            message=message
            accept_label=accept
            decline_label=text(|m, _| &m.decline)
            on_answer=Callback::new(move |(id, answer)| ctx.answer(kind, id, answer))
            class=class
        />
    }
    .into_any()
}
