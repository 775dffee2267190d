//! [`VisitorState`]: everything the visitor UI shows, and its pure reducer.
//!
//! [`VisitorState::apply`] takes one [`VisitorEvent`] and returns an [`Update`]: the parts of the
//! state it changed and the [`Reply`]s that must now be sent (requests it closed are declined, so
//! that Glance is never left waiting). It is deterministic, never panics, and never calls out: the
//! caller sends the replies after it is done with the state, so no callback ever runs while the
//! state is borrowed.
//!
//! # Requests
//!
//! Pending agent requests are one keyed collection, [`VisitorState::requests`] (one per
//! [`PromptKind`]). They queue: the visitor sees one prompt at a time, the oldest first
//! ([`VisitorState::current_prompt`]). A second request of a kind that is pending replaces it (the
//! first is declined), `reverseended` declines a pending reverse session. Each request is answered
//! exactly once while its session exists: by the visitor, or declined by the kit. At `sessionend`
//! the session is gone (Glance's own callbacks then throw), so a request still open is closed
//! without calling it.
//!
//! # Transition rules
//!
//! | event | what changes |
//! |---|---|
//! | `sessionstarting` | phase → `Starting`; connection → `Ok`; agents → 0, no list; `state_received`, `paused`, `rc_enabled`, `page_masked` → false |
//! | `sessionstart` | phase → `Active { continued: false }` |
//! | `sessioncontinue` | phase → `Active { continued: true }` unless already `Active` |
//! | `statereceived` | `state_received` → true; an `Idle` phase → `Active { continued: true }` |
//! | `sessionend {reason}` | phase → `Ended { reason }`; every pending request closed without an answer (the session is gone); `rc_enabled` → false; reverse → `Idle`; every view hidden; visitor video and screen share off; agents → 0; `paused`, `page_masked`, `file_download` → false; widget offset and corner reset; connection `Reconnecting` → `Ok` (`Dropped` stays, it says why) |
//! | `error {code}` | error pushed (newest first, at most [`MAX_ERRORS`], not twice in a row); `conndrop` → connection `Dropped` |
//! | `agents {count, agentlist?}` | agent count and list (list kept only when sent); `agents_known` → true |
//! | `blur` / `focus` | `focused` → false / true |
//! | a request (see [`PromptKind`]) | a pending request of that kind is declined; the new one queues |
//! | `rc {enabled}` | `rc_enabled` → enabled (remote control `On` / `Off`) |
//! | `accessibility {enabled}` / `true` / `false` | `accessibility` → enabled |
//! | `reverseended` | a pending reverse request is declined; reverse → `Ended` |
//! | `screenshare {view, state, paused}` | that view's state and paused flag (`error`/`still-error` also push an error) |
//! | `screensharepause(d)` / `screenshareresume(d)` | that view's paused flag → true / false |
//! | `viewerinfo {view, ...}` | that view's screen, scaled size and stats, each only when present |
//! | `connection {status}` | connection → `Ok` / `Reconnecting` |
//! | `sessionpaused {paused}` | `paused` → paused |
//! | `ready` | `ready` → true |
//! | `pagemasked {masked?}` | `page_masked` → masked |
//! | `leavesession` | `leaving` → true (until the next `sessionstarting`) |
//! | `recoversession`, `navigationassist` | nothing (the binding re-reads the session state on `recoversession`) |
//! | `widgetmoved {left?, bottom?}` | `widget_corner` → that corner (each side only when sent; from the bottom right); `widget_offset` → 0 |
//! | `maskingerror {reason}` | a `maskingerror` error pushed |
//! | `documentnotsent {name, reason, size}` | a `documentnotsent` error pushed |
//! | `viewerclosing {closereason}` | a `viewerclosing` notice pushed |
//! | `videobgfilterfailed` | a notice pushed; visitor video → paused |
//! | `filedownloading` / `filedownloaded` | `file_download` → true / false |
//! | `widgetmoving {left, bottom}` | `widget_offset` += the deltas |
//! | `visitorvideo {...}` | the visitor video's size, camera and filter, each only when present |
//! | `visitorvideostarted` / `…paused` / `…resumed` / `…stopped`, `…ended` | visitor video `Running` / `Paused` / `Running` / `Off` |
//! | `visitorvideoresize` | visitor video size |
//! | `visitorvideoerror {error}` | error pushed |
//! | `visitorscreensharestarted` / `…paused` / `…ended` | visitor screen share `Running` / `Paused` / `Off` |
//! | unknown | nothing |
//!
//! Kit inputs that are not Glance events: [`VisitorState::answer`] (the visitor answers a request:
//! accepting a reverse session makes it `Active`; accepting a document share opens its file-picker
//! step), [`VisitorState::dismiss_error`], [`VisitorState::start_timed_out`] (a session stuck in
//! `Starting` → `Ended { Error }` plus a `starttimeout` error), [`VisitorState::report_error`].

use std::borrow::Borrow;

use crate::event::{
    AgentInfo, Answer, CameraStatus, ConnectionStatus, EndReason, ErrorCode, GlanceError, PromptKind, Request,
    RequestFacts, RespondError, Responder, ShareState, Size, Value, VideoSize, ViewerStats, VisitorEvent,
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

/// Remote control, derived from the `rc` state and the pending request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemoteControl {
    /// Off.
    Off,
    /// The agent asked; the visitor has not answered.
    Requested {
        /// Only some areas of the page.
        selective: bool,
    },
    /// The agent controls the page.
    On,
}

/// Reverse session, derived from the stored stage and the pending request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ReverseSession {
    /// None.
    #[default]
    Idle,
    /// The agent asked; the visitor has not answered.
    Confirming,
    /// The visitor accepted.
    Active,
    /// The agent ended it.
    Ended,
}

/// What the session widget says, in one line: derived from the phase, the connection, the pause,
/// remote control and the agents (see [`VisitorState::session_view`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionView {
    /// No session: the widget is not shown.
    Hidden,
    /// The session is starting.
    Starting,
    /// In a session, no agent known yet (before any `agents` event, or none): the key is prominent.
    Waiting,
    /// Agents view the page.
    Viewing,
    /// An agent controls the page.
    Controlling,
    /// The session is paused.
    Paused,
    /// The connection dropped; Glance is retrying.
    Reconnecting,
    /// The session continues in another tab or window of the site (`blur`): the agent does not
    /// see this page, so no border is drawn around it.
    Elsewhere,
    /// The session ended.
    Ended,
}

impl SessionView {
    /// `hidden`, `starting`, `waiting`, `viewing`, `controlling`, `paused`, `reconnecting`,
    /// `elsewhere`, `ended`
    /// (the widget's `data-state`).
    pub fn as_str(self) -> &'static str {
        match self {
            SessionView::Hidden => "hidden",
            SessionView::Starting => "starting",
            SessionView::Waiting => "waiting",
            SessionView::Viewing => "viewing",
            SessionView::Controlling => "controlling",
            SessionView::Paused => "paused",
            SessionView::Reconnecting => "reconnecting",
            SessionView::Elsewhere => "elsewhere",
            SessionView::Ended => "ended",
        }
    }
}

/// A pending request. `id` is unique for the lifetime of the state, so an answer meant for a
/// request that has since been replaced never reaches its successor.
#[derive(Clone, Debug, PartialEq)]
pub struct Prompt {
    /// Unique id: answer with it.
    pub id: u64,
    /// Queue position: lower is older (a follow-up step keeps its request's place).
    pub order: u64,
    /// The request: kind, facts, responder.
    pub request: Request,
}

impl Prompt {
    /// Which request.
    pub fn kind(&self) -> PromptKind {
        self.request.kind
    }
    /// What its payload says.
    pub fn facts(&self) -> &RequestFacts {
        &self.request.facts
    }
}

/// An answer the reducer decided on, to be sent by the caller once it is done with the state.
#[must_use = "a reply that is not sent leaves the agent waiting"]
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    /// The request's kind.
    pub kind: PromptKind,
    /// The prompt's id.
    pub id: u64,
    /// The answer.
    pub answer: Answer,
    /// Detail passed to the callback (e.g. video settings), [`Value::Null`] when none.
    pub detail: Value,
    /// Whether the visitor gave it (false: the kit declined a request it closed).
    pub by_visitor: bool,
    responder: Responder,
}

impl Reply {
    /// Calls the request's callback (at most once, whatever the number of clones).
    pub fn send(&self) -> Result<(), RespondError> {
        self.responder.respond_with(self.answer, &self.detail)
    }
}

/// What one input did: the parts of the state it changed and the replies to send.
#[must_use = "the replies must be sent"]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Update {
    /// The parts that changed.
    pub changes: Changes,
    /// Answers to send, in order, after the state is released.
    pub replies: Vec<Reply>,
}

impl Update {
    fn of(changes: Changes) -> Self {
        Update { changes, replies: Vec::new() }
    }

    /// Sends every reply (ignoring failures) and returns the changes: for callers that do not report.
    pub fn send(self) -> Changes {
        for reply in &self.replies {
            let _ = reply.send();
        }
        self.changes
    }
}

impl std::ops::BitOrAssign for Update {
    fn bitor_assign(&mut self, rhs: Update) {
        self.changes |= rhs.changes;
        self.replies.extend(rhs.replies);
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

macro_rules! changes {
    ($( $(#[$doc:meta])* $name:ident = $bit:literal; )*) => {
        impl Changes {
            $( $(#[$doc])* pub const $name: Changes = Changes(1 << $bit); )*
            /// Every part, one bit each.
            pub const PARTS: &'static [Changes] = &[$(Changes::$name),*];
        }
    };
}

/// Which parts of the state an input changed (a bit set; one bit per part, see [`Changes::PARTS`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Changes(u16);

changes! {
    /// `phase`, `state_received`, `paused`, `ready`, `leaving`.
    SESSION = 0;
    /// `connection`.
    CONNECTION = 1;
    /// `errors`.
    ERRORS = 2;
    /// `agents`, `agent_list`, `agents_known`.
    AGENTS = 3;
    /// `rc_enabled` and the remote-control request.
    REMOTE_CONTROL = 4;
    /// The reverse session and its request.
    REVERSE = 5;
    /// `requests` (any request opened or closed).
    PROMPTS = 6;
    /// `views`.
    VIEWS = 7;
    /// `accessibility`, `focused`.
    FLAGS = 8;
    /// `visitor_video`, `visitor_screenshare`.
    MEDIA = 9;
    /// `page_masked`, `file_download`.
    PAGE = 10;
    /// `widget_offset`, `widget_corner`.
    WIDGET = 11;
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

/// Why [`VisitorState::answer`] did nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerError {
    /// No request of that kind with that id is pending (already answered, replaced or closed).
    NotPending,
}

impl std::fmt::Display for AnswerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no such request is pending")
    }
}

impl std::error::Error for AnswerError {}

/// Everything the visitor UI shows. Fields are public to read; change it only through
/// [`apply`](VisitorState::apply) and the other methods, which keep it consistent.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct VisitorState {
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
    /// Connection.
    pub connection: Connection,
    /// Errors, newest first, at most [`MAX_ERRORS`].
    pub errors: Vec<ErrorEntry>,
    /// Agents in the session.
    pub agents: u32,
    /// An `agents` event arrived in this session (before it, the count is not known).
    pub agents_known: bool,
    /// The agent list, when Glance sends it.
    pub agent_list: Option<Vec<AgentInfo>>,
    /// Remote control is on.
    pub rc_enabled: bool,
    /// Pending requests, one per kind; see [`VisitorState::current_prompt`] for the one shown.
    pub requests: SortedMap<PromptKind, Prompt>,
    /// Reverse session stage, apart from a pending request.
    reverse_stage: ReverseSession,
    /// Screen-share views by name.
    pub views: SortedMap<String, ViewState>,
    /// Accessibility features are on.
    pub accessibility: bool,
    /// This window has session focus (false after `blur`).
    pub focused: bool,
    /// The whole page is hidden from the agent.
    pub page_masked: bool,
    /// An agent's document is arriving (`filedownloading` until `filedownloaded`).
    pub file_download: bool,
    /// Where the agent has dragged the visitor's widget: `(left, bottom)` in CSS pixels, summed
    /// from `widgetmoving` deltas (the component keeps it within the viewport).
    pub widget_offset: (f64, f64),
    /// The corner the agent dropped the visitor's widget in (`widgetmoved`), for the session.
    pub widget_corner: Option<WidgetCorner>,
    /// The visitor's video.
    pub visitor_video: VisitorVideo,
    /// The visitor's screen share.
    pub visitor_screenshare: MediaPhase,
    next_id: u64,
}

impl VisitorState {
    /// The state before any event: idle, connected, focused.
    pub fn new() -> Self {
        VisitorState { focused: true, ..Default::default() }
    }

    /// Remote control as the UI shows it.
    pub fn remote_control(&self) -> RemoteControl {
        match (self.prompt(PromptKind::RemoteControl), self.rc_enabled) {
            (_, true) => RemoteControl::On,
            (Some(p), false) => RemoteControl::Requested { selective: p.facts().selective },
            (None, false) => RemoteControl::Off,
        }
    }

    /// What the session widget says (first match wins): no session → `Hidden`; starting;
    /// ended; reconnecting; paused; the session in another tab (`blur`); an agent in control;
    /// agents viewing; else waiting for an agent.
    pub fn session_view(&self) -> SessionView {
        match self.phase {
            SessionPhase::Idle => SessionView::Hidden,
            SessionPhase::Starting => SessionView::Starting,
            SessionPhase::Ended { .. } => SessionView::Ended,
            SessionPhase::Active { .. } if self.connection == Connection::Reconnecting => SessionView::Reconnecting,
            SessionPhase::Active { .. } if self.paused => SessionView::Paused,
            SessionPhase::Active { .. } if !self.focused => SessionView::Elsewhere,
            SessionPhase::Active { .. } if self.rc_enabled => SessionView::Controlling,
            SessionPhase::Active { .. } if self.agents_known && self.agents > 0 => SessionView::Viewing,
            SessionPhase::Active { .. } => SessionView::Waiting,
        }
    }

    /// Reverse session as the UI shows it.
    pub fn reverse_session(&self) -> ReverseSession {
        if self.requests.contains_key(&PromptKind::ReverseSession) {
            ReverseSession::Confirming
        } else {
            self.reverse_stage
        }
    }

    /// The pending request of a kind.
    pub fn prompt(&self, kind: PromptKind) -> Option<&Prompt> {
        self.requests.get(&kind)
    }

    /// The request the visitor sees now: the oldest pending one.
    pub fn current_prompt(&self) -> Option<&Prompt> {
        self.requests.values().min_by_key(|p| p.order)
    }

    fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// The parts a request of `kind` opening or closing changes.
    fn change_of(kind: PromptKind) -> Changes {
        Changes::PROMPTS
            | match kind {
                PromptKind::RemoteControl => Changes::REMOTE_CONTROL,
                PromptKind::ReverseSession => Changes::REVERSE,
                _ => Changes::NONE,
            }
    }

    /// Closes a pending request of `kind`, declining it on the visitor's behalf.
    fn close_prompt(&mut self, kind: PromptKind) -> Update {
        match self.requests.remove(&kind) {
            Some(old) => Update {
                changes: Self::change_of(kind),
                replies: vec![Reply {
                    kind,
                    id: old.id,
                    answer: Answer::Decline,
                    detail: Value::Null,
                    by_visitor: false,
                    responder: old.request.responder,
                }],
            },
            None => Update::default(),
        }
    }

    fn open_prompt(&mut self, request: Request, order: Option<u64>) -> Update {
        let kind = request.kind;
        // A flow this build leaves out (a cargo feature): declined at once, never shown.
        if !kind.compiled_in() {
            let id = self.fresh_id();
            return Update {
                changes: Changes::NONE,
                replies: vec![Reply {
                    kind,
                    id,
                    answer: Answer::Decline,
                    detail: Value::Null,
                    by_visitor: false,
                    responder: request.responder,
                }],
            };
        }
        let mut update = self.close_prompt(kind);
        let id = self.fresh_id();
        self.requests.insert(kind, Prompt { id, order: order.unwrap_or(id), request });
        update.changes |= Self::change_of(kind);
        update
    }

    fn push_error(&mut self, error: GlanceError) -> Changes {
        // One message per fact: the same error twice in a row is shown once.
        if self.errors.first().is_some_and(|e| e.error.code == error.code && e.error.msg == error.msg) {
            return Changes::NONE;
        }
        let id = self.fresh_id();
        self.errors.insert(0, ErrorEntry { id, error });
        self.errors.truncate(MAX_ERRORS);
        Changes::ERRORS
    }

    fn view(&mut self, name: &str) -> &mut ViewState {
        self.views.get_or_insert_default(name)
    }

    /// Applies one event. See the module documentation for the rules.
    pub fn apply(&mut self, event: VisitorEvent) -> Update {
        use VisitorEvent as E;
        let changes = match event {
            E::SessionStarting => {
                self.phase = SessionPhase::Starting;
                self.connection = Connection::Ok;
                self.agents = 0;
                self.agents_known = false;
                self.agent_list = None;
                self.state_received = false;
                self.paused = false;
                self.leaving = false;
                self.rc_enabled = false;
                self.page_masked = false;
                Changes::SESSION | Changes::CONNECTION | Changes::AGENTS | Changes::REMOTE_CONTROL | Changes::PAGE
            }
            E::SessionStart => {
                self.phase = SessionPhase::Active { continued: false };
                Changes::SESSION
            }
            E::SessionContinue => {
                if !matches!(self.phase, SessionPhase::Active { .. }) {
                    self.phase = SessionPhase::Active { continued: true };
                }
                Changes::SESSION
            }
            E::StateReceived => {
                self.state_received = true;
                if self.phase == SessionPhase::Idle {
                    self.phase = SessionPhase::Active { continued: true };
                }
                Changes::SESSION
            }
            E::SessionEnd { reason } => return self.end_session(reason),
            E::Error(error) => {
                let mut changes = Changes::NONE;
                if error.code == ErrorCode::ConnDrop {
                    self.connection = Connection::Dropped;
                    changes |= Changes::CONNECTION;
                }
                changes | self.push_error(error)
            }
            E::Agents { count, agentlist } => {
                self.agents = count;
                self.agents_known = true;
                self.agent_list = agentlist;
                Changes::AGENTS
            }
            E::Blur => {
                self.focused = false;
                Changes::FLAGS
            }
            E::Focus => {
                self.focused = true;
                Changes::FLAGS
            }
            E::Request(request) => return self.open_prompt(request, None),
            E::Rc { enabled } => {
                self.rc_enabled = enabled;
                Changes::REMOTE_CONTROL
            }
            E::Accessibility { enabled } => {
                self.accessibility = enabled;
                Changes::FLAGS
            }
            E::ReverseEnded => {
                let mut update = self.close_prompt(PromptKind::ReverseSession);
                self.reverse_stage = ReverseSession::Ended;
                update.changes |= Changes::REVERSE;
                return update;
            }
            E::Screenshare(info) => {
                let failed = info.state.is_error();
                let view = self.view(&info.view);
                view.share = Some(info.state);
                view.paused = info.paused;
                if info.agentnum.is_some() {
                    view.agentnum = info.agentnum;
                }
                if info.size.is_some() {
                    view.params = info.size;
                }
                let mut changes = Changes::VIEWS;
                if failed {
                    changes |= self.push_error(GlanceError {
                        params: Value::Object(vec![("screenshareView".into(), Value::String(info.view))]),
                        ..GlanceError::kit(ErrorCode::ScreenshareFailed, "")
                    });
                }
                changes
            }
            E::ScreensharePause { view } => {
                self.view(&view).paused = true;
                Changes::VIEWS
            }
            E::ScreenshareResume { view } => {
                self.view(&view).paused = false;
                Changes::VIEWS
            }
            E::ViewerInfo(info) => {
                let view = self.view(&info.view);
                if info.screen.is_some() {
                    view.screen = info.screen;
                }
                if info.scaledview.is_some() {
                    view.scaled = info.scaledview;
                }
                if let Some(stats) = info.stats {
                    let old = view.stats.unwrap_or_default();
                    view.stats = Some(ViewerStats {
                        fpslimit: stats.fpslimit.or(old.fpslimit),
                        viewerfps: stats.viewerfps.or(old.viewerfps),
                        displayfps: stats.displayfps.or(old.displayfps),
                    });
                }
                Changes::VIEWS
            }
            E::Connection { status } => {
                self.connection = match status {
                    ConnectionStatus::Ok => Connection::Ok,
                    ConnectionStatus::Reconnecting => Connection::Reconnecting,
                };
                Changes::CONNECTION
            }
            E::SessionPaused { paused } => {
                self.paused = paused;
                Changes::SESSION
            }
            E::Ready => {
                self.ready = true;
                Changes::SESSION
            }
            E::PageMasked { masked } => {
                self.page_masked = masked;
                Changes::PAGE
            }
            E::LeaveSession => {
                self.leaving = true;
                Changes::SESSION
            }
            E::RecoverSession | E::NavigationAssist { .. } | E::Unknown { .. } => Changes::NONE,
            E::WidgetMoved { left, bottom } => {
                let was = self.widget_corner.unwrap_or_default();
                self.widget_corner =
                    Some(WidgetCorner { left: left.unwrap_or(was.left), bottom: bottom.unwrap_or(was.bottom) });
                self.widget_offset = (0.0, 0.0);
                Changes::WIDGET
            }
            E::MaskingError { reason } => {
                self.push_error(GlanceError::kit(ErrorCode::MaskingError, reason.unwrap_or_default()))
            }
            E::DocumentNotSent { name, reason, size } => {
                let mut params = Vec::new();
                if let Some(name) = name {
                    params.push(("name".to_owned(), Value::String(name)));
                }
                if let Some(size) = size {
                    params.push(("size".to_owned(), Value::Number(size)));
                }
                self.push_error(GlanceError {
                    params: Value::Object(params),
                    ..GlanceError::kit(ErrorCode::DocumentNotSent, reason.unwrap_or_default())
                })
            }
            E::ViewerClosing { reason, .. } => {
                self.push_error(GlanceError::kit(ErrorCode::ViewerClosing, reason.unwrap_or_default()))
            }
            E::VideoBgFilterFailed { failuremode, .. } => {
                let mut changes =
                    self.push_error(GlanceError::kit(ErrorCode::VideoBgFilterFailed, failuremode.unwrap_or_default()));
                if self.visitor_video.phase == MediaPhase::Running {
                    self.visitor_video.phase = MediaPhase::Paused;
                    changes |= Changes::MEDIA;
                }
                changes
            }
            E::FileDownloading => {
                self.file_download = true;
                Changes::PAGE
            }
            E::FileDownloaded => {
                self.file_download = false;
                Changes::PAGE
            }
            E::WidgetMoving { left, bottom } => {
                let (x, y) = self.widget_offset;
                self.widget_offset = (x + left, y + bottom);
                Changes::WIDGET
            }
            E::VisitorVideo(info) => {
                let video = &mut self.visitor_video;
                if let Some(size) = info.size {
                    video.size = size;
                }
                if info.camera.is_some() {
                    video.camera = info.camera;
                }
                if let Some(on) = info.bgfilter {
                    video.bgfilter = on;
                }
                Changes::MEDIA
            }
            E::VisitorVideoStarted { size } => {
                self.visitor_video.phase = MediaPhase::Running;
                if size.is_some() {
                    self.visitor_video.dimensions = size;
                }
                Changes::MEDIA
            }
            E::VisitorVideoPaused => {
                if self.visitor_video.phase != MediaPhase::Off {
                    self.visitor_video.phase = MediaPhase::Paused;
                }
                Changes::MEDIA
            }
            E::VisitorVideoResumed => {
                self.visitor_video.phase = MediaPhase::Running;
                Changes::MEDIA
            }
            E::VisitorVideoEnded => {
                self.visitor_video.phase = MediaPhase::Off;
                Changes::MEDIA
            }
            E::VisitorVideoResize { size } => {
                self.visitor_video.size = size;
                Changes::MEDIA
            }
            E::VisitorVideoError { error } => self.push_error(GlanceError::kit(ErrorCode::VisitorVideoError, error)),
            E::VisitorScreenshareStarted => {
                self.visitor_screenshare = MediaPhase::Running;
                Changes::MEDIA
            }
            E::VisitorScreensharePaused => {
                if self.visitor_screenshare != MediaPhase::Off {
                    self.visitor_screenshare = MediaPhase::Paused;
                }
                Changes::MEDIA
            }
            E::VisitorScreenshareEnded => {
                self.visitor_screenshare = MediaPhase::Off;
                Changes::MEDIA
            }
        };
        Update::of(changes)
    }

    fn end_session(&mut self, reason: Option<EndReason>) -> Update {
        let mut update = Update::of(
            Changes::SESSION
                | Changes::AGENTS
                | Changes::REMOTE_CONTROL
                | Changes::REVERSE
                | Changes::MEDIA
                | Changes::PAGE
                | Changes::WIDGET,
        );
        self.phase = SessionPhase::Ended { reason };
        // The session is gone: its requests are over, and Glance's callbacks would throw now.
        let kinds: Vec<PromptKind> = self.requests.keys().copied().collect();
        for kind in kinds {
            self.requests.remove(&kind);
            update.changes |= Self::change_of(kind);
        }
        self.rc_enabled = false;
        self.reverse_stage = ReverseSession::Idle;
        self.agents = 0;
        self.agent_list = None;
        self.paused = false;
        self.page_masked = false;
        self.file_download = false;
        self.widget_offset = (0.0, 0.0);
        self.widget_corner = None;
        self.visitor_video.phase = MediaPhase::Off;
        self.visitor_screenshare = MediaPhase::Off;
        // Which tab has the session means nothing without one: the next starts focused.
        if !self.focused {
            self.focused = true;
            update.changes |= Changes::FLAGS;
        }
        if self.connection == Connection::Reconnecting {
            self.connection = Connection::Ok;
            update.changes |= Changes::CONNECTION;
        }
        for view in self.views.values_mut() {
            if view.live() || view.paused {
                view.share = Some(ShareState::Ended);
                view.paused = false;
                update.changes |= Changes::VIEWS;
            }
        }
        update
    }

    /// The visitor answers the pending request `id` of `kind`. The request closes; the returned
    /// update carries the reply to send. An answer for a request that is no longer pending does
    /// nothing.
    pub fn answer(&mut self, kind: PromptKind, id: u64, answer: Answer) -> Result<Update, AnswerError> {
        self.answer_with(kind, id, answer, Value::Null)
    }

    /// [`answer`](Self::answer) with a detail the request's callback receives (the visitor-video
    /// settings, see [`VideoSettings`](crate::event::VideoSettings)).
    pub fn answer_with(
        &mut self,
        kind: PromptKind,
        id: u64,
        answer: Answer,
        detail: Value,
    ) -> Result<Update, AnswerError> {
        if self.prompt(kind).map(|p| p.id) != Some(id) {
            return Err(AnswerError::NotPending);
        }
        let Some(prompt) = self.requests.remove(&kind) else { return Err(AnswerError::NotPending) };
        let mut update = Update {
            changes: Self::change_of(kind),
            replies: vec![Reply { kind, id, answer, detail, by_visitor: true, responder: prompt.request.responder }],
        };
        if kind == PromptKind::ReverseSession && answer == Answer::Accept {
            self.reverse_stage = ReverseSession::Active;
        }
        // A request with a second step goes on to it, in the same place in the queue.
        if let (Answer::Accept, Some(next)) = (answer, prompt.request.followup) {
            let facts = RequestFacts { followup: true, ..prompt.request.facts };
            update |= self.open_prompt(Request::new(kind, facts, next), Some(prompt.order));
        }
        Ok(update)
    }

    /// Removes the error with this id; returns whether there was one.
    pub fn dismiss_error(&mut self, id: u64) -> Changes {
        let before = self.errors.len();
        self.errors.retain(|e| e.id != id);
        if self.errors.len() == before {
            Changes::NONE
        } else {
            Changes::ERRORS
        }
    }

    /// Shows an error of the kit's own (an action or an answer failed).
    pub fn report_error(&mut self, error: GlanceError) -> Changes {
        self.push_error(error)
    }

    /// The visitor asked for a session and the source took the call (Glance queues it while its
    /// script loads): with no session under way, the session is starting from now, as on
    /// `sessionstarting`. So the UI says so at once, the start button cannot start a second one,
    /// and the start timeout covers a script that never loads. Does nothing during a session.
    pub fn start_requested(&mut self) -> Changes {
        if self.phase.in_session() {
            return Changes::NONE;
        }
        self.apply(VisitorEvent::SessionStarting).changes
    }

    /// A start that never reached Glance was withdrawn (the visitor ended a session that only the
    /// kit knew was starting, while Glance's script was still loading): no session, as before.
    /// Does nothing unless the session is starting.
    pub fn start_withdrawn(&mut self) -> Changes {
        if self.phase != SessionPhase::Starting {
            return Changes::NONE;
        }
        self.phase = SessionPhase::Idle;
        Changes::SESSION
    }

    /// The kit's start timeout fired: a session still `Starting` ends with an error that says so.
    /// Does nothing in any other phase.
    pub fn start_timed_out(&mut self, msg: &str) -> Changes {
        if self.phase != SessionPhase::Starting {
            return Changes::NONE;
        }
        self.phase = SessionPhase::Ended { reason: Some(EndReason::Error) };
        Changes::SESSION | self.push_error(GlanceError::kit(ErrorCode::StartTimeout, msg))
    }
}

/// A small map kept as a vector sorted by its keys: the few pending requests and screen-share views
/// of a session. It reads like a `BTreeMap` (lookups by key, iteration in key order) at a fraction
/// of the code size.
///
/// ```
/// use glance_visitor_kit::state::SortedMap;
///
/// let mut views: SortedMap<String, u32> = SortedMap::default();
/// views.insert("glance_screenshare".into(), 1);
/// views.insert("glance_agentvideo".into(), 2);
/// assert_eq!(views.get("glance_screenshare"), Some(&1));
/// assert_eq!(views.keys().map(String::as_str).collect::<Vec<_>>(), ["glance_agentvideo", "glance_screenshare"]);
/// assert_eq!(views["glance_agentvideo"], 2);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap { entries: Vec::new() }
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value under `key`.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    /// Whether there is a value under `key`.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }

    /// Puts `value` under `key`; returns the value it replaces.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.entries[i].1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// Takes the value under `key` out.
    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    /// The value under `key`, a default one put there first when there is none.
    pub fn get_or_insert_default<Q: Ord + ToOwned<Owned = K> + ?Sized>(&mut self, key: &Q) -> &mut V
    where
        K: Borrow<Q>,
        V: Default,
    {
        let i = match self.find(key) {
            Ok(i) => i,
            Err(i) => {
                self.entries.insert(i, (key.to_owned(), V::default()));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values in key order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }

    /// The values in key order, to change them.
    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.entries.iter_mut().map(|(_, v)| v)
    }
}

impl<K: Ord + Borrow<Q>, Q: Ord + ?Sized, V> std::ops::Index<&Q> for SortedMap<K, V> {
    type Output = V;

    /// The value under `key`; panics when there is none (as a `BTreeMap` does).
    fn index(&self, key: &Q) -> &V {
        self.get(key).expect("no entry under this key")
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}
