//! The shared accessible prompt behind every consent dialog (WAI-ARIA APG alertdialog pattern).
//!
//! A modal `<dialog role="alertdialog" aria-modal="true">` opened with `showModal()`: it sits in the
//! top layer and makes the page behind it inert. Its title and message are its `aria-labelledby` /
//! `aria-describedby`. Focus starts on the safe action (Decline, first in order); Tab and Shift+Tab
//! wrap inside; Escape (the dialog's `cancel` event, or a `close` the browser forces) declines;
//! clicks on the backdrop do nothing; focus returns to where it was when the prompt opened. After the
//! first answer the buttons are disabled and nothing is answered again, whatever the input (double
//! click, Enter + click, Escape after click). A new `asking` value while open (a superseding request)
//! keeps the dialog open with fresh buttons and focus back on Decline.

use crate::components::{changes_of, class_list};
use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use crate::context::try_use_visitor;
use crate::dom;
use crate::event::Answer;

/// A fresh id for `aria-labelledby` / `aria-describedby` targets: counted per render by the
/// context (so server and hydrated client agree), else page-wide.
pub(crate) fn fresh_id(part: &str) -> String {
    match try_use_visitor() {
        Some(ctx) => ctx.fresh_id(part),
        None => {
            use std::sync::atomic::{AtomicU32, Ordering};
            static NEXT: AtomicU32 = AtomicU32::new(1);
            format!("gvk-{part}-x{}", NEXT.fetch_add(1, Ordering::Relaxed))
        }
    }
}

/// A catalog string as a signal (what [`AlertPrompt`]'s text props take).
pub(crate) fn catalog(messages: crate::context::Texts, pick: fn(&crate::Messages) -> &str) -> Signal<String> {
    Signal::derive(move || messages.with_value(|m| pick(m).to_owned()))
}

/// The shared alert dialog, in the shape of Radix's AlertDialog: `open` says whether it shows, and
/// `on_answer` hears the visitor's answer, at most once per opening.
///
/// Root: `<dialog role="alertdialog" aria-modal="true" data-gvk="<part>" data-state="open|closed">`.
///
/// ```no_run
/// use glance_visitor_kit::{event::Answer, AlertPrompt};
/// use leptos::prelude::*;
///
/// #[component]
/// fn LeavePrompt() -> impl IntoView {
///     let open = RwSignal::new(true);
///     view! {
///         <AlertPrompt
///             part="leave-prompt"
///             open=open
///             title="Leave the page?"
///             message="The agent will no longer see it."
///             accept_label="Leave"
///             decline_label="Stay"
///             on_answer=Callback::new(move |answer: Answer| {
///                 open.set(false);
///                 if answer == Answer::Accept { /* leave */ }
///             })
///         />
///     }
/// }
/// ```
#[component]
pub fn AlertPrompt(
    /// The `data-gvk` value of the root (may change with what the dialog asks).
    #[prop(into)]
    part: Signal<&'static str>,
    /// Whether the prompt is open.
    #[prop(into)]
    open: Signal<bool>,
    /// What the open prompt asks, when that can change while it stays open (a request replacing
    /// another): each new value re-arms the buttons and puts focus back on the safe action.
    #[prop(optional, into)]
    asking: Signal<u64>,
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
    /// Called with the visitor's answer, at most once per opening (and per `asking` value).
    on_answer: Callback<Answer>,
    /// Keep the accept button disabled (e.g. until a camera preview runs).
    #[prop(optional, into)]
    accept_disabled: Signal<bool>,
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// Extra content between the message and the buttons (e.g. links).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let dialog_ref = NodeRef::<html::Dialog>::new();
    let decline_ref = NodeRef::<html::Button>::new();
    // Each opening, and each new question while open, is a round of its own, numbered by the
    // count of changes of what is asked: the visitor answers a round at most once.
    let round = changes_of(move || open.get().then(|| asking.get()));
    let pending = Signal::derive(move || round.with(|(n, now)| now.map(|_| u64::from(*n))));
    let answered = RwSignal::new(None::<u64>);
    let ids = fresh_id(part.get_untracked());
    let (title_id, message_id) = (format!("{ids}-title"), format!("{ids}-message"));

    let answer = move |a: Answer| {
        let Some(id) = pending.get_untracked() else { return };
        if answered.get_untracked() == Some(id) {
            return;
        }
        answered.set(Some(id));
        on_answer.run(a);
    };

    // The effect keeps the round it last saw and the element to give focus back to (effects
    // run only in the browser, so nothing thread-bound is made on a server).
    Effect::new(move |prev: Option<(Option<u64>, Option<web_sys::HtmlElement>)>| {
        let (prev, return_to) = prev.unwrap_or((None, None));
        let now = pending.get();
        let Some(dialog) = dialog_ref.get() else { return (prev, return_to) };
        let focus_decline = move || {
            if let Some(button) = decline_ref.get_untracked() {
                dom::focus(&button);
            }
        };
        match (prev, now) {
            (None, Some(_)) => {
                let return_to = dom::active_element();
                dom::show_modal(&dialog);
                focus_decline();
                (now, return_to)
            }
            (Some(a), Some(b)) if a != b => {
                focus_decline();
                (now, return_to)
            }
            (Some(_), None) => {
                dom::close_dialog(&dialog);
                dom::restore_focus(return_to.as_ref(), &dialog);
                (now, None)
            }
            _ => (now, return_to),
        }
    });

    let done = move || pending.get().is_some() && answered.get() == pending.get();
    let on_keydown = move |e: ev::KeyboardEvent| {
        let key = e.key();
        if key == "Escape" {
            e.prevent_default();
            answer(Answer::Decline);
        } else if key == "Tab" || (key == "Unidentified" && e.code() == "Tab") {
            // WebKitGTK names Shift+Tab's key "Unidentified" (its code is still "Tab").
            if let Some(dialog) = dialog_ref.get_untracked() {
                if dom::trap_tab(&dialog, e.shift_key()) {
                    e.prevent_default();
                }
            }
        }
    };

    view! {
        <dialog
            node_ref=dialog_ref
            class=class_list(|| "gvk-prompt".into(), class)
            role="alertdialog"
            aria-modal="true"
            aria-labelledby=title_id.clone()
            aria-describedby=message_id.clone()
            data-gvk=move || part.get()
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
                    disabled=done
                    on:click=move |_| answer(Answer::Decline)
                >
                    {move || decline_label.get()}
                </button>
                <button
                    type="button"
                    class="gvk-button gvk-button--primary"
                    data-answer="accept"
                    disabled=move || done() || accept_disabled.get()
                    on:click=move |_| answer(Answer::Accept)
                >
                    {move || accept_label.get()}
                </button>
            </div>
        </dialog>
    }
}
