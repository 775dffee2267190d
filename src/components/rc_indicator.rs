//! [`RemoteControlIndicator`].

use crate::components::class_list;
use leptos::prelude::*;

use crate::context::try_use_visitor;
use crate::state::RemoteControl;

/// Shown while the agent controls the page (`rc {enabled: true}`): "The agent is controlling this
/// page", a button that hands control back (`enableRC(false)`), and a page border in the control
/// colour. Hidden otherwise; `sessionend` turns it off (the border never outlives the session).
///
/// Root: `<div data-gvk="rc-indicator" data-state="on|off">`.
#[component]
pub fn RemoteControlIndicator(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// Draw a border around the page while the agent is in control (default true).
    #[prop(default = true)]
    border: bool,
) -> impl IntoView {
    let Some(ctx) = try_use_visitor() else { return ().into_any() };
    let on = move || ctx.remote_control() == RemoteControl::On;
    let m = ctx.texts();
    view! {
        <div
            class=class_list(|| "gvk-widget".into(), class)
            data-gvk="rc-indicator"
            data-state=move || if on() { "on" } else { "off" }
            hidden=move || !on()
        >
            <div class="gvk-row">
                <span>{move || m.with_value(|m| m.rc_indicator.to_string())}</span>
                <button type="button" class="gvk-button" on:click=move |_| {
                    let _ = ctx.enable_rc(false);
                }>{move || m.with_value(|m| m.rc_stop.to_string())}</button>
            </div>
            {border.then(|| view! {
                <div class="gvk-page-border gvk-page-border--control" aria-hidden="true"></div>
            })}
        </div>
    }
    .into_any()
}
