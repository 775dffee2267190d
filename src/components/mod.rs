//! The visitor UI components. Each one reads signals from [`use_visitor`](crate::use_visitor),
//! renders, and calls actions; none touches the DOM beyond what it renders (focus and dialog calls
//! go through `crate::dom`). Every root carries `data-gvk="<part>"` and `data-state`, and accepts
//! a `class` prop. Without [`provide_visitor`](crate::provide_visitor) above them they render nothing.

use leptos::prelude::*;

mod agent_badge;
mod connection_banner;
mod consent;
mod end_session;
mod error_notice;
mod frame;
mod masked;
mod movable;
mod rc_indicator;
#[cfg(feature = "visitor-screenshare")]
mod screenshare_indicator;
mod screenshare_panel;
mod session_indicator;
mod session_widget;
mod start_session;
mod visitor_ui;
#[cfg(feature = "visitor-video")]
mod visitor_video;

pub use agent_badge::AgentBadge;
pub use connection_banner::ConnectionBanner;
pub use consent::AlertPrompt;
pub use consent::{ConsentPrompt, RemoteControlPrompt, ReverseSessionPrompt, UrlStartPrompt};
pub use error_notice::ErrorNotice;
pub use masked::Masked;
pub use rc_indicator::RemoteControlIndicator;
#[cfg(feature = "visitor-screenshare")]
pub use screenshare_indicator::VisitorScreenshareIndicator;
pub use screenshare_panel::{AgentVideoPanel, ScreensharePanel};
pub use session_indicator::SessionIndicator;
pub use session_widget::SessionWidget;
pub use start_session::StartSession;
pub use visitor_ui::VisitorUi;
#[cfg(feature = "visitor-video")]
pub use visitor_video::VisitorVideoTile;

/// How often `value` has changed since the component rendered, beside the value: a memo over its
/// history, no effect. UI state that must reset when something changes (a dismissed message, a
/// confirm asked in a session that has since ended) keeps the count it was set at and holds only
/// while the count is the same.
pub(crate) fn changes_of<T>(value: impl Fn() -> T + Send + Sync + 'static) -> Memo<(u32, T)>
where
    T: PartialEq + Send + Sync + 'static,
{
    Memo::new(move |prev: Option<&(u32, T)>| {
        let now = value();
        match prev {
            Some((n, was)) if *was == now => (*n, now),
            Some((n, _)) => (n + 1, now),
            None => (0, now),
        }
    })
}

/// A root's `class`: the kit's own classes (`own`), then the integrator's `class` prop, when it
/// says anything.
pub(crate) fn class_list(
    own: impl Fn() -> String + Send + Sync + 'static,
    extra: MaybeProp<String>,
) -> impl Fn() -> String + Send + Sync + 'static {
    move || {
        let mut list = own();
        if let Some(extra) = extra.get().filter(|c| !c.trim().is_empty()) {
            list.push(' ');
            list.push_str(extra.trim());
        }
        list
    }
}
