//! [`StartSession`].

use crate::components::class_list;
use leptos::prelude::*;

use super::consent::catalog;
use super::AlertPrompt;
use crate::context::try_use_visitor;
use crate::event::Answer;

/// The way into a session, as Glance's default UI has it: an optional "Start cobrowse" button and the
/// terms prompt ("Mind if I browse with you?", with a terms link and an optional second link).
/// Accept starts the session (`startSession` with a random key, or the key/params given by the
/// integrator or by Glance's `showTerms(params)`); decline starts nothing. The prompt opens from the
/// button, from Glance's `showTerms` (a `data-glancebutton` element, a shortcut, InvokeVisitor), or
/// from [`VisitorContext::show_terms`](crate::VisitorContext::show_terms). The button follows Glance's
/// `showButton` / `toggleButton` and hides during a session. Until the page is interactive (a
/// server-rendered page before hydration) the button says so: `aria-disabled="true"`, `aria-busy`
/// and a waiting look, so that a visitor's early click is never silently ignored.
///
/// Root: `<div data-gvk="start-session" data-state="idle|terms|in-session">`.
#[component]
pub fn StartSession(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// Show the start button (default true). Without it the prompt still opens from `showTerms`.
    #[prop(default = true)]
    button: bool,
    /// The terms link (default: none).
    #[prop(optional, into)]
    terms_url: MaybeProp<String>,
    /// A second link's text.
    #[prop(optional, into)]
    extra_link_text: MaybeProp<String>,
    /// A second link's address.
    #[prop(optional, into)]
    extra_link_url: MaybeProp<String>,
) -> impl IntoView {
    let Some(ctx) = try_use_visitor() else { return ().into_any() };
    let m = ctx.texts();
    let open = Signal::derive(move || ctx.terms().is_some());
    let in_session = move || ctx.in_session();
    let on_answer = Callback::new(move |answer: Answer| {
        let params = untrack(|| ctx.terms()).unwrap_or_default();
        ctx.close_terms();
        if answer == Answer::Accept {
            let _ = ctx.start_session(&params);
        }
    });
    let has_links = move || terms_url.with(Option::is_some) || extra_link_url.with(Option::is_some);
    // False in server HTML and until hydration (effects run only in the browser, once interactive).
    let interactive = RwSignal::new(false);
    Effect::new(move |_| interactive.set(true));
    let waiting = move || (!interactive.get()).then_some("true");
    view! {
        <div
            class=class_list(|| "gvk-start".into(), class)
            data-gvk="start-session"
            data-state=move || if in_session() { "in-session" } else if open.get() { "terms" } else { "idle" }
        >
            {button.then(|| view! {
                <button
                    type="button"
                    class="gvk-button gvk-button--primary"
                    data-action="start"
                    aria-disabled=waiting
                    aria-busy=waiting
                    hidden=move || in_session() || !ctx.button_visible()
                    on:click=move |_| ctx.show_terms(Default::default())
                >
                    {move || m.with_value(|m| m.start_button.to_string())}
                </button>
            })}
            <AlertPrompt
                part="terms-prompt"
                open=open
                title=catalog(m, |m| &m.terms_title)
                message=catalog(m, |m| &m.terms_message)
                accept_label=catalog(m, |m| &m.terms_accept)
                decline_label=catalog(m, |m| &m.terms_decline)
                on_answer=on_answer
            >
                <p class="gvk-prompt-links" hidden=move || !has_links()>
                    <a href=move || terms_url.get() target="_blank" rel="noopener" hidden=move || terms_url.with(Option::is_none)>
                        {move || m.with_value(|m| m.terms_link.to_string())}
                    </a>
                    <a href=move || extra_link_url.get() target="_blank" rel="noopener" hidden=move || extra_link_url.with(Option::is_none)>
                        {move || extra_link_text.get().unwrap_or_default()}
                    </a>
                </p>
            </AlertPrompt>
        </div>
    }
    .into_any()
}
