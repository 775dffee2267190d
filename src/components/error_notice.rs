//! [`ErrorNotice`].

use crate::components::class_list;
use leptos::prelude::*;

use crate::context::try_use_visitor;

/// The errors, newest first, at most [`MAX_ERRORS`](crate::state::MAX_ERRORS), each dismissible. Text
/// only: a payload's `msg` is never parsed as HTML. Known codes get the catalog's words, with
/// Glance's own message below them; new errors are announced (assertive live region).
///
/// With `skip_connection_lost`, a lost connection (`conndrop`) is left to the
/// [`ConnectionBanner`](super::ConnectionBanner), so that it is said once (as in
/// [`VisitorUi`](super::VisitorUi)).
///
/// Root: `<div data-gvk="error-notice" data-state="empty|shown" data-count="N">`.
#[component]
pub fn ErrorNotice(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// Leave `conndrop` errors to the connection banner (default false: show every error).
    #[prop(optional, into)]
    skip_connection_lost: Signal<bool>,
) -> impl IntoView {
    let Some(ctx) = try_use_visitor() else { return ().into_any() };
    let m = ctx.texts();
    let errors = move || {
        let mut errors = ctx.errors();
        if skip_connection_lost.get() {
            errors.retain(|e| e.error.code != crate::event::ErrorCode::ConnDrop);
        }
        errors
    };
    view! {
        <div
            class=class_list(|| "gvk-error-notice".into(), class)
            data-gvk="error-notice"
            data-state=move || if errors().is_empty() { "empty" } else { "shown" }
            data-count=move || errors().len()
        >
            <ul class="gvk-errors" aria-live="assertive" aria-relevant="additions" aria-label=move || m.with_value(|m| m.errors_label.to_string())>
                <For each=errors key=|e| e.id let:entry>
                    {
                        let id = entry.id;
                        let error = entry.error.clone();
                        let text = move || m.with_value(|m| m.error_text(&error));
                        let detail = m.with_value(|m| m.error_detail(&entry.error).map(str::to_owned));
                        view! {
                            <li class="gvk-error" data-code=entry.error.code.as_str().to_owned()>
                                <div class="gvk-row">
                                    <span class="gvk-error-text">{text}</span>
                                    <button type="button" class="gvk-button" data-action="dismiss"
                                        on:click=move |_| ctx.dismiss_error(id)>
                                        {move || m.with_value(|m| m.dismiss.to_string())}
                                    </button>
                                </div>
                                {detail.map(|d| view! { <span class="gvk-error-detail">{d}</span> })}
                            </li>
                        }
                    }
                </For>
            </ul>
        </div>
    }
    .into_any()
}
