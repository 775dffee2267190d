//! [`VisitorState`]: everything the visitor UI shows, and its pure reducer.
//!
//! [`VisitorState::apply`] takes one [`VisitorEvent`] and returns the [`Changes`] it made. It is
//! deterministic and never panics. The only side effect it has is declining prompts that it closes
//! (through their [`Responder`], which answers at most once), so that Glance is never left waiting.
//!
//! # Transition rules
//!
//! | event | what changes |
//! |---|---|
//! | `sessionstarting` | phase → `Starting`; connection → `Ok`; agents → 0, no list; `state_received`, `paused`, `rc_enabled` → false |
//! | `sessionstart` | phase → `Active { continued: false }` |
//! | `sessioncontinue` | phase → `Active { continued: true }` unless already `Active` |
//! | `statereceived` | `state_received` → true; an `Idle` phase → `Active { continued: true }` |
//! | `sessionend {reason}` | phase → `Ended { reason }`; every pending prompt declined and closed; `rc_enabled` → false; reverse → `Idle`; every view hidden (share state `Ended`, not paused); agents → 0; `paused` → false; connection `Reconnecting` → `Ok` (`Dropped` stays, it says why) |
//! | `error {code}` | error pushed (newest first, at most [`MAX_ERRORS`]); `conndrop` → connection `Dropped` |
//! | `agents {count, agentlist?}` | agent count and list (list kept only when sent) |
//! | `blur` / `focus` | `focused` → false / true |
//! | `rcrequested {selective}` | a pending remote-control prompt is declined; new prompt → remote control `Requested` |
//! | `rc {enabled}` | `rc_enabled` → enabled (remote control `On` / `Off`) |
//! | `accessibility {enabled}` | `accessibility` → enabled |
//! | `reverseconfirm` | a pending reverse prompt is declined; new prompt → reverse `Confirming` |
//! | `reverseended` | a pending reverse prompt is declined and hidden; reverse → `Ended` |
//! | `screenshare {view, state, paused}` | that view's state and paused flag (`error`/`still-error` also push an error) |
//! | `screensharepause(d)` / `screenshareresume(d)` | that view's paused flag → true / false |
//! | `viewerinfo {view, ...}` | that view's screen, scaled size and stats, each only when present |
//! | `connection {status}` | connection → `Ok` / `Reconnecting` |
//! | `urlstartwarning` | a pending URL-start prompt is declined; new prompt |
//! | `sessionpaused {paused}` | `paused` → paused |
//! | `ready` | `ready` → true |
//! | unknown | nothing |
//!
//! Kit inputs that are not Glance events: [`VisitorState::answer`] (the visitor answers a prompt:
//! accepting a reverse session makes it `Active`), [`VisitorState::dismiss_error`],
//! [`VisitorState::start_timed_out`] (a session stuck in `Starting` → `Ended { Error }` plus a
//! `starttimeout` error).

use std::collections::BTreeMap;

use crate::event::{
    AgentInfo, Answer, ConnectionStatus, EndReason, ErrorCode, GlanceError, RespondError, Responder, ShareState, Size,
    Value, ViewerStats, VisitorEvent,
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

/// Remote control, derived from the `rc` state and the pending prompt.
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

/// Reverse session, derived from the stored stage and the pending prompt.
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

/// The three kinds of prompt Glance can raise.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PromptKind {
    /// `rcrequested`.
    RemoteControl,
    /// `reverseconfirm`.
    ReverseSession,
    /// `urlstartwarning`.
    UrlStart,
}

/// A pending prompt. `id` is unique for the lifetime of the state, so an answer meant for a prompt
/// that has since been replaced never reaches its successor.
#[derive(Clone, Debug, PartialEq)]
pub struct Prompt {
    /// Unique id.
    pub id: u64,
    /// Which prompt.
    pub kind: PromptKind,
    /// For remote control: only some areas of the page.
    pub selective: bool,
    /// Answers Glance.
    pub responder: Responder,
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

/// Which parts of the state an input changed (a bit set).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Changes(u16);

impl Changes {
    /// Nothing.
    pub const NONE: Changes = Changes(0);
    /// `phase`, `state_received`, `paused`, `ready`.
    pub const SESSION: Changes = Changes(1);
    /// `connection`.
    pub const CONNECTION: Changes = Changes(1 << 1);
    /// `errors`.
    pub const ERRORS: Changes = Changes(1 << 2);
    /// `agents`, `agent_list`.
    pub const AGENTS: Changes = Changes(1 << 3);
    /// `rc_enabled` and the remote-control prompt.
    pub const REMOTE_CONTROL: Changes = Changes(1 << 4);
    /// The reverse session and its prompt.
    pub const REVERSE: Changes = Changes(1 << 5);
    /// The URL-start prompt.
    pub const URL_START: Changes = Changes(1 << 6);
    /// `views`.
    pub const VIEWS: Changes = Changes(1 << 7);
    /// `accessibility`, `focused`.
    pub const FLAGS: Changes = Changes(1 << 8);

    /// Whether nothing changed.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    /// Whether every part in `other` changed.
    pub fn contains(self, other: Changes) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
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
    /// No prompt of that kind with that id is pending (already answered, replaced or closed).
    NotPending,
    /// The prompt was closed, but its responder could not deliver the answer.
    Respond(RespondError),
}

impl std::fmt::Display for AnswerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AnswerError::NotPending => f.write_str("no such prompt is pending"),
            AnswerError::Respond(e) => write!(f, "{e}"),
        }
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
    /// Connection.
    pub connection: Connection,
    /// Errors, newest first, at most [`MAX_ERRORS`].
    pub errors: Vec<ErrorEntry>,
    /// Agents in the session.
    pub agents: u32,
    /// The agent list, when Glance sends it.
    pub agent_list: Option<Vec<AgentInfo>>,
    /// Remote control is on.
    pub rc_enabled: bool,
    /// Pending remote-control prompt.
    pub rc_prompt: Option<Prompt>,
    /// Pending reverse-session prompt.
    pub reverse_prompt: Option<Prompt>,
    /// Pending URL-start prompt.
    pub urlstart_prompt: Option<Prompt>,
    /// Reverse session stage, apart from a pending prompt.
    reverse_stage: ReverseSession,
    /// Screen-share views by name.
    pub views: BTreeMap<String, ViewState>,
    /// Accessibility features are on.
    pub accessibility: bool,
    /// This window has session focus (false after `blur`).
    pub focused: bool,
    next_id: u64,
}

impl VisitorState {
    /// The state before any event: idle, connected, focused.
    pub fn new() -> Self {
        VisitorState { focused: true, ..Default::default() }
    }

    /// Remote control as the UI shows it.
    pub fn remote_control(&self) -> RemoteControl {
        match (&self.rc_prompt, self.rc_enabled) {
            (_, true) => RemoteControl::On,
            (Some(p), false) => RemoteControl::Requested { selective: p.selective },
            (None, false) => RemoteControl::Off,
        }
    }

    /// Reverse session as the UI shows it.
    pub fn reverse_session(&self) -> ReverseSession {
        if self.reverse_prompt.is_some() {
            ReverseSession::Confirming
        } else {
            self.reverse_stage
        }
    }

    /// The pending prompt of a kind.
    pub fn prompt(&self, kind: PromptKind) -> Option<&Prompt> {
        match kind {
            PromptKind::RemoteControl => self.rc_prompt.as_ref(),
            PromptKind::ReverseSession => self.reverse_prompt.as_ref(),
            PromptKind::UrlStart => self.urlstart_prompt.as_ref(),
        }
    }

    fn slot(&mut self, kind: PromptKind) -> &mut Option<Prompt> {
        match kind {
            PromptKind::RemoteControl => &mut self.rc_prompt,
            PromptKind::ReverseSession => &mut self.reverse_prompt,
            PromptKind::UrlStart => &mut self.urlstart_prompt,
        }
    }

    fn change_of(kind: PromptKind) -> Changes {
        match kind {
            PromptKind::RemoteControl => Changes::REMOTE_CONTROL,
            PromptKind::ReverseSession => Changes::REVERSE,
            PromptKind::UrlStart => Changes::URL_START,
        }
    }

    fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    /// Closes a pending prompt of `kind`, declining it (its responder refuses a second answer, so a
    /// prompt the visitor already answered is not answered again).
    fn close_prompt(&mut self, kind: PromptKind) -> Changes {
        match self.slot(kind).take() {
            Some(old) => {
                let _ = old.responder.decline();
                Self::change_of(kind)
            }
            None => Changes::NONE,
        }
    }

    fn open_prompt(&mut self, kind: PromptKind, selective: bool, responder: Responder) -> Changes {
        let mut changes = self.close_prompt(kind);
        let id = self.fresh_id();
        *self.slot(kind) = Some(Prompt { id, kind, selective, responder });
        changes |= Self::change_of(kind);
        changes
    }

    fn push_error(&mut self, error: GlanceError) -> Changes {
        let id = self.fresh_id();
        self.errors.insert(0, ErrorEntry { id, error });
        self.errors.truncate(MAX_ERRORS);
        Changes::ERRORS
    }

    fn view(&mut self, name: &str) -> &mut ViewState {
        self.views.entry(name.to_owned()).or_default()
    }

    /// Applies one event. See the module documentation for the rules.
    pub fn apply(&mut self, event: VisitorEvent) -> Changes {
        use VisitorEvent as E;
        match event {
            E::SessionStarting => {
                self.phase = SessionPhase::Starting;
                self.connection = Connection::Ok;
                self.agents = 0;
                self.agent_list = None;
                self.state_received = false;
                self.paused = false;
                self.rc_enabled = false;
                Changes::SESSION | Changes::CONNECTION | Changes::AGENTS | Changes::REMOTE_CONTROL
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
            E::SessionEnd { reason } => self.end_session(reason),
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
            E::RcRequested { selective, responder } => {
                self.open_prompt(PromptKind::RemoteControl, selective, responder)
            }
            E::Rc { enabled } => {
                self.rc_enabled = enabled;
                Changes::REMOTE_CONTROL
            }
            E::Accessibility { enabled } => {
                self.accessibility = enabled;
                Changes::FLAGS
            }
            E::ReverseConfirm { responder } => self.open_prompt(PromptKind::ReverseSession, false, responder),
            E::ReverseEnded => {
                self.close_prompt(PromptKind::ReverseSession);
                self.reverse_stage = ReverseSession::Ended;
                Changes::REVERSE
            }
            E::UrlStartWarning { responder } => self.open_prompt(PromptKind::UrlStart, false, responder),
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
                        code: ErrorCode::ScreenshareFailed,
                        msg: String::new(),
                        server: None,
                        script: None,
                        params: Value::Object(vec![("screenshareView".into(), Value::String(info.view))]),
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
            E::Unknown { .. } => Changes::NONE,
        }
    }

    fn end_session(&mut self, reason: Option<EndReason>) -> Changes {
        let mut changes = Changes::SESSION | Changes::AGENTS | Changes::REMOTE_CONTROL | Changes::REVERSE;
        self.phase = SessionPhase::Ended { reason };
        for kind in [PromptKind::RemoteControl, PromptKind::ReverseSession, PromptKind::UrlStart] {
            changes |= self.close_prompt(kind);
        }
        self.rc_enabled = false;
        self.reverse_stage = ReverseSession::Idle;
        self.agents = 0;
        self.agent_list = None;
        self.paused = false;
        if self.connection == Connection::Reconnecting {
            self.connection = Connection::Ok;
            changes |= Changes::CONNECTION;
        }
        for view in self.views.values_mut() {
            if view.live() || view.paused {
                view.share = Some(ShareState::Ended);
                view.paused = false;
                changes |= Changes::VIEWS;
            }
        }
        changes
    }

    /// The visitor answers the pending prompt `id` of `kind`. The prompt closes whatever the
    /// responder reports; an answer for a prompt that is no longer pending does nothing.
    pub fn answer(&mut self, kind: PromptKind, id: u64, answer: Answer) -> Result<Changes, AnswerError> {
        if self.prompt(kind).map(|p| p.id) != Some(id) {
            return Err(AnswerError::NotPending);
        }
        let Some(prompt) = self.slot(kind).take() else {
            return Err(AnswerError::NotPending);
        };
        if kind == PromptKind::ReverseSession && answer == Answer::Accept {
            self.reverse_stage = ReverseSession::Active;
        }
        let changes = Self::change_of(kind);
        prompt.responder.respond(answer).map(|_| changes).map_err(AnswerError::Respond)
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

    /// The kit's start timeout fired: a session still `Starting` ends with an error that says so.
    /// Does nothing in any other phase.
    pub fn start_timed_out(&mut self, msg: &str) -> Changes {
        if self.phase != SessionPhase::Starting {
            return Changes::NONE;
        }
        self.phase = SessionPhase::Ended { reason: Some(EndReason::Error) };
        Changes::SESSION
            | self.push_error(GlanceError {
                code: ErrorCode::StartTimeout,
                msg: msg.to_owned(),
                server: None,
                script: None,
                params: Value::Null,
            })
    }
}
