//! [`VisitorUi`].

use leptos::prelude::*;

use super::*;

/// Everything in one line: the start button and terms prompt, the consent prompt for every agent
/// request (one at a time, oldest first), the
/// session and remote-control indicators, the connection banner, the agent badge, the error list,
/// and the screen-share and agent-video panels (whose iframes are in the page from mount, as Glance
/// requires). Needs [`provide_visitor`](crate::provide_visitor) in an ancestor.
///
/// Root: `<aside data-gvk="visitor-ui" class="gvk-root" aria-label="Cobrowse">` (a complementary
/// landmark, so that its content is inside a landmark as screen-reader users expect).
#[component]
pub fn VisitorUi(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// Show the start button (default true).
    #[prop(default = true)]
    start_button: bool,
    /// The terms link of the start prompt.
    #[prop(optional, into)]
    terms_url: MaybeProp<String>,
    /// Include the screen-share and agent-video panels (default true).
    #[prop(default = true)]
    panels: bool,
) -> impl IntoView {
    let ctx = crate::context::try_use_visitor();
    let accessible = move || ctx.is_some_and(|c| c.accessibility());
    let label = ctx.map(|c| c.messages.with_value(|m| m.region_label.to_string()));
    view! {
        <aside
            aria-label=label
            class=move || {
                let a11y = if accessible() { " gvk-accessible" } else { "" };
                format!("gvk-root{a11y} {}", class.get().unwrap_or_default())
            }
            data-gvk="visitor-ui"
        >
            <ConnectionBanner />
            <ErrorNotice />
            <RemoteControlIndicator />
            <AgentBadge />
            <SessionIndicator />
            <StartSession button=start_button terms_url=terms_url />
            <ConsentPrompt />
        </aside>
        {panels.then(|| view! {
            <ScreensharePanel />
            <AgentVideoPanel />
        })}
    }
}
