//! The visitor UI components. Each one reads signals from [`use_visitor`](crate::use_visitor),
//! renders, and calls actions; none touches the DOM beyond what it renders (focus and dialog calls
//! go through `crate::dom`). Every root carries `data-gvk="<part>"` and `data-state`, and accepts
//! a `class` prop. Without [`provide_visitor`](crate::provide_visitor) above them they render nothing.

mod agent_badge;
mod connection_banner;
mod consent;
mod end_session;
mod error_notice;
mod frame;
mod masked;
mod media;
mod movable;
mod prompt;
mod rc_indicator;
mod screenshare_panel;
mod session_indicator;
mod session_widget;
mod start_session;
mod visitor_ui;

pub use agent_badge::AgentBadge;
pub use connection_banner::ConnectionBanner;
pub use consent::{ConsentPrompt, RemoteControlPrompt, ReverseSessionPrompt, UrlStartPrompt};
pub use error_notice::ErrorNotice;
pub use masked::Masked;
pub use media::{VisitorScreenshareIndicator, VisitorVideoTile};
pub use prompt::AlertPrompt;
pub use rc_indicator::RemoteControlIndicator;
pub use screenshare_panel::{AgentVideoPanel, ScreensharePanel};
pub use session_indicator::SessionIndicator;
pub use session_widget::SessionWidget;
pub use start_session::StartSession;
pub use visitor_ui::VisitorUi;
