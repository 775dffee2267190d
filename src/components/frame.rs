//! Glance's iframes, one concrete function for all of them (one copy of the rendering code).

use leptos::html;
use leptos::prelude::*;

use crate::VisitorContext;

/// `<iframe id=… data-independent-content="1">` for Glance to fill, rendered once
/// [`VisitorContext::frames_ready`] says so, and then never re-created.
pub(crate) fn glance_frame(
    ctx: VisitorContext,
    id: String,
    class: &'static str,
    title: Signal<String>,
    hidden: Signal<bool>,
    node_ref: NodeRef<html::Iframe>,
) -> impl IntoView {
    move || {
        ctx.frames_ready().then(|| {
            view! {
                <iframe
                    node_ref=node_ref
                    id=id.clone()
                    class=class
                    title=move || title.get()
                    data-independent-content="1"
                    hidden=move || hidden.get()
                ></iframe>
            }
        })
    }
}
