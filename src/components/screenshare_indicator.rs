//! The visitor screen-share indicator (cargo feature `visitor-screenshare`).

use crate::components::class_list;
use leptos::prelude::*;

use crate::context::try_use_visitor;
use crate::state::MediaPhase;

/// Shows that the visitor shares their screen with the agent (after a visitor screen-share request
/// was accepted), and when that share is paused; hidden otherwise. Glance's own screen picker
/// controls the share itself.
///
/// Root: `<div data-gvk="visitor-screenshare" data-state="off|running|paused" role="status">`.
#[component]
pub fn VisitorScreenshareIndicator(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let Some(ctx) = try_use_visitor() else { return ().into_any() };
    let m = ctx.texts();
    let phase = Memo::new(move |_| ctx.visitor_screenshare());
    view! {
        <div
            class=class_list(|| "gvk-widget gvk-screenshare-indicator".into(), class)
            data-gvk="visitor-screenshare"
            data-state=move || phase.get().as_str()
            role="status"
            hidden=move || phase.get() == MediaPhase::Off
        >
            {move || m.with_value(|m| match phase.get() {
                MediaPhase::Paused => m.visitor_share_paused.to_string(),
                MediaPhase::Running => m.visitor_share_on.to_string(),
                MediaPhase::Off => String::new(),
            })}
        </div>
    }
    .into_any()
}
