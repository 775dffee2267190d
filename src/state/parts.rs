//! The parts of [`VisitorState`](super::VisitorState): one bit of [`Changes`] each, and the values
//! they hold.

use super::{Prompt, SortedMap, VisitorState};
use crate::event::{
    AgentInfo, CameraStatus, EndReason, GlanceError, PromptKind, ShareState, Size, VideoSize, ViewerStats,
};

/// How many errors are kept (newest first); older ones are dropped.
pub const MAX_ERRORS: usize = 8;

/// Where the session is.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum SessionPhase {
    /// No session.
    #[default]
    Idle,
    /// A session is starting.
    Starting,
    /// A session is running.
    Active {
        /// The session came over from a previous page (navigation) rather than starting here.
        continued: bool,
    },
    /// The session ended.
    Ended {
        /// Why, when known.
        reason: Option<EndReason>,
    },
}

impl SessionPhase {
    /// Whether a session is starting or running.
    pub fn in_session(&self) -> bool {
        matches!(self, SessionPhase::Starting | SessionPhase::Active { .. })
    }
    /// A short name: `idle`, `starting`, `active`, `ended` (used for `data-state`).
    pub fn as_str(&self) -> &'static str {
        match self {
            SessionPhase::Idle => "idle",
            SessionPhase::Starting => "starting",
            SessionPhase::Active { .. } => "active",
            SessionPhase::Ended { .. } => "ended",
        }
    }
}

/// The connection to the Glance service.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Connection {
    /// Connected (or nothing known to be wrong).
    #[default]
    Ok,
    /// Lost, Glance is retrying.
    Reconnecting,
    /// Lost for good (`error conndrop`).
    Dropped,
}

impl Connection {
    /// `ok`, `reconnecting` or `dropped` (used for `data-state`).
    pub fn as_str(self) -> &'static str {
        match self {
            Connection::Ok => "ok",
            Connection::Reconnecting => "reconnecting",
            Connection::Dropped => "dropped",
        }
    }
}

/// A corner of the viewport: where the agent dropped the visitor's widget (`widgetmoved`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WidgetCorner {
    /// The left side (else the right).
    pub left: bool,
    /// The bottom (else the top).
    pub bottom: bool,
}

impl Default for WidgetCorner {
    /// The bottom right, where the kit's widgets are until moved.
    fn default() -> Self {
        WidgetCorner { left: false, bottom: true }
    }
}

/// An error as kept in the state.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorEntry {
    /// Unique id (for dismissal).
    pub id: u64,
    /// The error.
    pub error: GlanceError,
}

/// One screen-share view (an iframe), keyed by its view name.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct ViewState {
    /// The last `screenshare.state`; `None` before any.
    pub share: Option<ShareState>,
    /// Paused by the agent.
    pub paused: bool,
    /// The agent's screen size (`viewerinfo.screen`).
    pub screen: Option<Size>,
    /// The scaled size (`viewerinfo.scaledview`).
    pub scaled: Option<Size>,
    /// `screenshare.params {width, height}`.
    pub params: Option<Size>,
    /// Viewer statistics.
    pub stats: Option<ViewerStats>,
    /// The agent number from `screenshare.agentnum`.
    pub agentnum: Option<f64>,
}

/// What a panel shows for a view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelState {
    /// Nothing.
    Hidden,
    /// The iframe.
    Visible,
    /// The paused view instead of the iframe.
    Paused,
}

impl PanelState {
    /// `hidden`, `visible` or `paused` (used for `data-state`).
    pub fn as_str(self) -> &'static str {
        match self {
            PanelState::Hidden => "hidden",
            PanelState::Visible => "visible",
            PanelState::Paused => "paused",
        }
    }
}

impl ViewState {
    /// Whether the share is live (`new` or `continued`).
    pub fn live(&self) -> bool {
        self.share.as_ref().is_some_and(ShareState::is_live)
    }
    /// Whether the iframe itself should show.
    pub fn visible(&self) -> bool {
        self.live() && !self.paused
    }
    /// What the panel shows.
    pub fn panel(&self) -> PanelState {
        match (self.live(), self.paused) {
            (false, _) => PanelState::Hidden,
            (true, false) => PanelState::Visible,
            (true, true) => PanelState::Paused,
        }
    }
    /// The size to lay the view out at: `scaledview`, else `screen`, else `params`.
    pub fn size(&self) -> Option<Size> {
        self.scaled.or(self.screen).or(self.params)
    }
}

/// Whether a visitor medium (video, screen share) runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MediaPhase {
    /// Not running.
    #[default]
    Off,
    /// Running.
    Running,
    /// Running, paused.
    Paused,
}

impl MediaPhase {
    /// `off`, `running` or `paused` (used for `data-state`).
    pub fn as_str(self) -> &'static str {
        match self {
            MediaPhase::Off => "off",
            MediaPhase::Running => "running",
            MediaPhase::Paused => "paused",
        }
    }
}

/// The visitor's own video (the agent sees the visitor's camera).
#[derive(Clone, Debug, PartialEq)]
pub struct VisitorVideo {
    /// Running, paused or off.
    pub phase: MediaPhase,
    /// Small or large.
    pub size: VideoSize,
    /// The camera's status, when Glance said.
    pub camera: Option<CameraStatus>,
    /// Background filter on.
    pub bgfilter: bool,
    /// The video's size in pixels (`visitorvideostarted`).
    pub dimensions: Option<Size>,
}

impl Default for VisitorVideo {
    fn default() -> Self {
        VisitorVideo { phase: MediaPhase::Off, size: VideoSize::Small, camera: None, bgfilter: false, dimensions: None }
    }
}

/// The table of parts: each has a [`Changes`] bit, and a part that is a field of its own also gets a
/// [`Part`] impl, so that a reader tracks exactly the bit of what it reads.
macro_rules! parts {
    ($( $(#[$doc:meta])* $name:ident = $bit:literal $(=> $field:ident: $ty:ty)?; )*) => {
        impl Changes {
            $( $(#[$doc])* pub const $name: Changes = Changes(1 << $bit); )*
            /// Every part, one bit each.
            pub const PARTS: &'static [Changes] = &[$(Changes::$name),*];
        }
        $($(
            impl Part for $ty {
                const CHANGES: Changes = Changes::$name;
                fn of(state: &VisitorState) -> &Self {
                    &state.$field
                }
            }
        )?)*
    };
}

/// Which parts of the state an input changed (a bit set; one bit per part, see [`Changes::PARTS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Changes(u16);

/// A part of [`VisitorState`] that is a field of its own, with its [`Changes`] bit: a reader that
/// tracks `CHANGES` may read `of(state)` and nothing else (the shape of a store, without the macro).
///
/// ```
/// use glance_visitor_kit::state::{Agents, Changes, Part, VisitorState};
///
/// let state = VisitorState::new();
/// assert_eq!(Agents::CHANGES, Changes::AGENTS);
/// assert_eq!(Agents::of(&state).count, 0);
/// ```
pub trait Part: 'static {
    /// The bit that changes when this part does.
    const CHANGES: Changes;
    /// This part of `state`.
    fn of(state: &VisitorState) -> &Self;
}

parts! {
    /// [`Session`]: the phase, `statereceived`, the pause, `ready`, `leavesession`.
    SESSION = 0 => session: Session;
    /// [`Connection`].
    CONNECTION = 1 => connection: Connection;
    /// The errors shown, newest first.
    ERRORS = 2 => errors: Vec<ErrorEntry>;
    /// [`Agents`].
    AGENTS = 3 => agents: Agents;
    /// `rc_enabled` and the remote-control request (read as [`VisitorState::remote_control`]).
    REMOTE_CONTROL = 4;
    /// The reverse session and its request (read as [`VisitorState::reverse_session`]).
    REVERSE = 5;
    /// The pending requests (any request opened or closed).
    PROMPTS = 6 => requests: Requests;
    /// The screen-share views.
    VIEWS = 7 => views: Views;
    /// [`Flags`]: accessibility, session focus.
    FLAGS = 8 => flags: Flags;
    /// [`Media`]: the visitor's video and screen share.
    MEDIA = 9 => media: Media;
    /// [`Page`]: the page mask, a document arriving.
    PAGE = 10 => page: Page;
    /// [`Widget`]: where the agent moved the visitor's widget.
    WIDGET = 11 => widget: Widget;
}

/// [`Changes::PROMPTS`]: the pending requests, one per kind.
pub(crate) type Requests = SortedMap<PromptKind, Prompt>;

/// [`Changes::VIEWS`]: the screen-share views by name.
pub(crate) type Views = SortedMap<String, ViewState>;

/// [`Changes::SESSION`]: where the session is.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Session {
    /// Session phase.
    pub phase: SessionPhase,
    /// `statereceived` arrived in this session.
    pub state_received: bool,
    /// The session is paused (`sessionpaused`).
    pub paused: bool,
    /// Glance's full script has loaded (`ready`).
    pub ready: bool,
    /// The visitor is leaving the session (`leavesession`).
    pub leaving: bool,
}

impl Session {
    /// `sessionend`: the phase says why; a pause ends with the session (`statereceived`, `ready`
    /// and `leaving` stay until the next `sessionstarting`).
    pub(super) fn end(&mut self, reason: Option<EndReason>) {
        self.phase = SessionPhase::Ended { reason };
        self.paused = false;
    }
}

/// [`Changes::AGENTS`]: the agents in the session.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Agents {
    /// How many.
    pub count: u32,
    /// An `agents` event arrived in this session (before it, the count is not known).
    pub known: bool,
    /// The agent list, when Glance sends it.
    pub list: Option<Vec<AgentInfo>>,
}

impl Agents {
    /// `sessionend`: no agents (whether an `agents` event came stays known).
    pub(super) fn end(&mut self) {
        self.count = 0;
        self.list = None;
    }
}

/// [`Changes::FLAGS`]: switches Glance sets for the page.
#[derive(Clone, Debug, PartialEq)]
pub struct Flags {
    /// Accessibility features are on.
    pub accessibility: bool,
    /// This window has session focus (false after `blur`).
    pub focused: bool,
}

impl Default for Flags {
    fn default() -> Self {
        Flags { accessibility: false, focused: true }
    }
}

/// [`Changes::MEDIA`]: what the visitor shares of their own.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Media {
    /// The visitor's video.
    pub video: VisitorVideo,
    /// The visitor's screen share.
    pub screenshare: MediaPhase,
}

impl Media {
    /// `sessionend`: the visitor shares nothing any more (the video's size and camera stay).
    pub(super) fn end(&mut self) {
        self.video.phase = MediaPhase::Off;
        self.screenshare = MediaPhase::Off;
    }
}

/// [`Changes::PAGE`]: the page as the agent gets it.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Page {
    /// The whole page is hidden from the agent.
    pub masked: bool,
    /// An agent's document is arriving (`filedownloading` until `filedownloaded`).
    pub file_download: bool,
}

/// [`Changes::WIDGET`]: where the agent moved the visitor's widget.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Widget {
    /// Where the agent has dragged it: `(left, bottom)` in CSS pixels, summed from `widgetmoving`
    /// deltas (the component keeps it within the viewport).
    pub offset: (f64, f64),
    /// The corner the agent dropped it in (`widgetmoved`), for the session.
    pub corner: Option<WidgetCorner>,
}

impl Changes {
    /// Nothing.
    pub const NONE: Changes = Changes(0);

    /// Whether nothing changed.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// Whether every part in `other` changed.
    pub fn contains(self, other: Changes) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }
    /// The position of a single part in [`Changes::PARTS`] (its bit number).
    pub fn index(self) -> usize {
        self.0.trailing_zeros() as usize
    }
}

impl std::ops::BitOr for Changes {
    type Output = Changes;
    fn bitor(self, rhs: Changes) -> Changes {
        Changes(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for Changes {
    fn bitor_assign(&mut self, rhs: Changes) {
        self.0 |= rhs.0;
    }
}
