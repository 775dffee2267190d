//! [`AgentBadge`].

use crate::components::class_list;
use leptos::prelude::*;

use crate::context::try_use_visitor;

/// The number of agents in the session, with an accessible label such as "2 agents viewing" and,
/// when Glance sends `agentlist`, their names (as a list and as the badge's tooltip). Nothing is
/// shown outside a session. It reads only the agent signals: viewer-size or other changes do not
/// re-render it.
///
/// Root: `<div data-gvk="agent-badge" data-state="active|idle" data-count="N">`.
#[component]
pub fn AgentBadge(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let Some(ctx) = try_use_visitor() else { return ().into_any() };
    let m = ctx.texts();
    let active = move || ctx.in_session();
    let count = move || ctx.agents();
    let names = move || ctx.agent_names();
    view! {
        <div
            class=class_list(|| "gvk-widget gvk-badge".into(), class)
            data-gvk="agent-badge"
            role="group"
            aria-label=move || m.with_value(|m| m.agents_label(count()))
            data-state=move || if active() { "active" } else { "idle" }
            data-count=count
            hidden=move || !active()
            title=move || m.with_value(|m| m.agent_names(&names()))
        >
            <div class="gvk-row">
                <span class="gvk-badge-count" aria-hidden="true">{count}</span>
                <span class="gvk-badge-label" role="status">{move || m.with_value(|m| m.agents_label(count()))}</span>
            </div>
            <ul class="gvk-badge-names" hidden=move || names().is_empty()>
                {move || names().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
            </ul>
        </div>
    }
    .into_any()
}
