//! [`VisitorUi`].

use crate::components::class_list;
use leptos::prelude::*;

use super::*;
use crate::theme::Token;

/// Everything in one line: the start button and terms prompt, the consent prompt for every agent
/// request (one at a time, oldest first), one compact [`SessionWidget`] for the session (state,
/// key, agents, remote control, End; "reconnecting" is said on its line only), the connection
/// banner (a lost connection is said there only, not again in the error list), the error list, the visitor's screen-share indicator and video
/// tile, and the screen-share and agent-video panels (whose iframes are in the page from mount, as
/// Glance requires). [`SessionIndicator`], [`AgentBadge`] and [`RemoteControlIndicator`] stay
/// available for integrators who compose their own layout. Needs
/// [`provide_visitor`](crate::provide_visitor) in an ancestor.
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
    let label = move || ctx.map(|c| c.with_messages(|m| m.region_label.to_string()));
    let property = move |token: Token| ctx.and_then(|c| c.root_property(token));
    view! {
        <aside
            aria-label=label
            class=class_list(move || format!("gvk-root{}", ctx.map(|c| c.root_classes()).unwrap_or_default()), class)
            dir=move || ctx.map(|c| c.dir())
            lang=move || ctx.map(|c| c.lang())
            style:--gvk-color-primary=move || property(Token::Primary)
            style:--gvk-color-on-primary=move || property(Token::OnPrimary)
            style:--gvk-color-session-border=move || property(Token::SessionBorder)
            style:--gvk-focus-ring=move || property(Token::FocusRing)
            style:--gvk-radius=move || property(Token::Radius)
            style:--gvk-font=move || property(Token::Font)
            data-gvk="visitor-ui"
        >
            <ConnectionBanner reconnecting=false />
            <ErrorNotice skip_connection_lost=true />
            <SessionWidget />
            {screenshare_indicator()}
            <StartSession button=start_button terms_url=terms_url />
            <ConsentPrompt terms_url=terms_url />
            {panels.then(video_tile)}
        </aside>
        {panels.then(|| view! {
            <ScreensharePanel />
            <AgentVideoPanel />
        })}
    }
}

/// The visitor screen-share indicator, in a build with `visitor-screenshare`.
fn screenshare_indicator() -> AnyView {
    #[cfg(feature = "visitor-screenshare")]
    return view! { <VisitorScreenshareIndicator /> }.into_any();
    #[cfg(not(feature = "visitor-screenshare"))]
    ().into_any()
}

/// The visitor-video tile, in a build with `visitor-video`.
fn video_tile() -> AnyView {
    #[cfg(feature = "visitor-video")]
    return view! { <VisitorVideoTile /> }.into_any();
    #[cfg(not(feature = "visitor-video"))]
    ().into_any()
}
