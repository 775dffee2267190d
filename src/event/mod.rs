//! Typed Glance visitor events and their total decoding.
//!
//! Glance delivers visitor events as a name and a payload (`GLANCE.Cobrowse.Visitor.addEventListener(name, fn)`).
//! [`VisitorEvent::decode`] turns a name and a [`Value`] into a [`VisitorEvent`], or into a typed
//! [`DecodeError`] that names the event and the field. It never panics: the payload may be missing
//! (`undefined`), `null`, `{}`, carry extra fields, or hold garbage. Unknown names become
//! [`VisitorEvent::Unknown`], so that a newer Glance script never breaks the kit.
//!
//! Payloads come from JavaScript through [`js::decode_js`] (wasm only in practice) or from any serde format
//! (e.g. JSON fixtures) through `Value`'s `Deserialize` implementation.
//!
//! Event names (see the Visitor Events page and `glance-notes.md`):
//!
//! | name | variant | payload fields read |
//! |---|---|---|
//! | `sessionstarting` | [`SessionStarting`](VisitorEvent::SessionStarting) | none |
//! | `sessionstart` | [`SessionStart`](VisitorEvent::SessionStart) | none |
//! | `sessioncontinue` | [`SessionContinue`](VisitorEvent::SessionContinue) | none |
//! | `statereceived` | [`StateReceived`](VisitorEvent::StateReceived) | none |
//! | `sessionend` | [`SessionEnd`](VisitorEvent::SessionEnd) | `reason?` agent / visitor / error / other text |
//! | `error` | [`Error`](VisitorEvent::Error) | `code`, `msg`, `params?` (`server`, `script`, others kept) |
//! | `agents` | [`Agents`](VisitorEvent::Agents) | `count`, `agentlist?` |
//! | `blur`, `focus` | [`Blur`](VisitorEvent::Blur), [`Focus`](VisitorEvent::Focus) | none |
//! | `rcrequested` | [`RcRequested`](VisitorEvent::RcRequested) | `selective?`, `accept`, `decline` |
//! | `rc` | [`Rc`](VisitorEvent::Rc) | `enabled` |
//! | `accessibility` | [`Accessibility`](VisitorEvent::Accessibility) | `enabled` |
//! | `reverseconfirm` | [`ReverseConfirm`](VisitorEvent::ReverseConfirm) | `accept`, `decline` |
//! | `reverseended` | [`ReverseEnded`](VisitorEvent::ReverseEnded) | none |
//! | `screenshare` | [`Screenshare`](VisitorEvent::Screenshare) | `screenshareView`, `state`, `paused?`, `agentnum?`, `params?` |
//! | `screensharepause`, `screensharepaused` | [`ScreensharePause`](VisitorEvent::ScreensharePause) | `screenshareView` |
//! | `screenshareresume`, `screenshareresumed` | [`ScreenshareResume`](VisitorEvent::ScreenshareResume) | `screenshareView` |
//! | `viewerinfo` | [`ViewerInfo`](VisitorEvent::ViewerInfo) | `screenshareView`, `screen?`, `scaledview?`, `glance_viewer.stats?` |
//! | `connection` | [`Connection`](VisitorEvent::Connection) | `status` ok / reconnecting |
//! | `urlstartwarning` | [`UrlStartWarning`](VisitorEvent::UrlStartWarning) | `accept`, `decline` |
//! | `sessionpaused` | [`SessionPaused`](VisitorEvent::SessionPaused) | `paused` |
//! | `ready` | [`Ready`](VisitorEvent::Ready) | none |
//! | anything else | [`Unknown`](VisitorEvent::Unknown) | the whole payload, kept |

pub mod js;
mod responder;
mod value;

use std::fmt;

pub use responder::{Answer, AnswerFn, RespondError, Responder};
pub use value::{format_number, Value, MAX_DEPTH};

/// The view name Glance uses for agent screen share.
pub const SCREENSHARE_VIEW: &str = "glance_screenshare";
/// The view name Glance uses for agent video.
pub const AGENT_VIDEO_VIEW: &str = "glance_agentvideo";

/// Every event name the kit subscribes to, including both spellings of screenshare pause/resume.
pub const EVENT_NAMES: &[&str] = &[
    "sessionstarting",
    "sessionstart",
    "sessioncontinue",
    "statereceived",
    "sessionend",
    "error",
    "agents",
    "blur",
    "focus",
    "rcrequested",
    "rc",
    "accessibility",
    "reverseconfirm",
    "reverseended",
    "screenshare",
    "screensharepause",
    "screensharepaused",
    "screenshareresume",
    "screenshareresumed",
    "viewerinfo",
    "connection",
    "urlstartwarning",
    "sessionpaused",
    "ready",
];

/// The largest width or height (CSS pixels) accepted in `viewerinfo`; anything above is absurd.
pub const MAX_DIMENSION: f64 = 100_000.0;

/// Why a session ended (`sessionend.reason`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EndReason {
    /// The agent ended it.
    Agent,
    /// The visitor ended it.
    Visitor,
    /// An error ended it.
    Error,
    /// A reason this kit does not know, kept as text.
    Other(String),
}

/// An error code (`error.code`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// The Glance service could not be reached or refused.
    Service,
    /// The connection to the session server dropped for good.
    ConnDrop,
    /// The session key is already in use.
    DupKey,
    /// Masking failed.
    MaskingError,
    /// A Glance script failed to load (`params.script` names it).
    ScriptLoadFailed,
    /// The kit's own: the session stayed in "starting" longer than the configured start timeout.
    StartTimeout,
    /// The kit's own: a `screenshare` event reported `error` / `still-error` (params name the view).
    ScreenshareFailed,
    /// The kit's own: an action (startSession, stopSession, enableRC, pauseSession) failed; `msg` says why.
    ActionFailed,
    /// Any other code, kept as text (empty when the payload had none).
    Other(String),
}

impl ErrorCode {
    fn parse(code: &str) -> Self {
        match code {
            "service" => ErrorCode::Service,
            "conndrop" => ErrorCode::ConnDrop,
            "dupkey" => ErrorCode::DupKey,
            "maskingerror" => ErrorCode::MaskingError,
            "scriptloadfailed" => ErrorCode::ScriptLoadFailed,
            "starttimeout" => ErrorCode::StartTimeout,
            "screensharefailed" => ErrorCode::ScreenshareFailed,
            "actionfailed" => ErrorCode::ActionFailed,
            other => ErrorCode::Other(other.to_owned()),
        }
    }

    /// The code as Glance spells it.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::Service => "service",
            ErrorCode::ConnDrop => "conndrop",
            ErrorCode::DupKey => "dupkey",
            ErrorCode::MaskingError => "maskingerror",
            ErrorCode::ScriptLoadFailed => "scriptloadfailed",
            ErrorCode::StartTimeout => "starttimeout",
            ErrorCode::ScreenshareFailed => "screensharefailed",
            ErrorCode::ActionFailed => "actionfailed",
            ErrorCode::Other(s) => s,
        }
    }
}

/// An `error` event's content.
#[derive(Clone, Debug, PartialEq)]
pub struct GlanceError {
    /// The error code.
    pub code: ErrorCode,
    /// Glance's description (plain text; never render it as HTML).
    pub msg: String,
    /// `params.server` (conndrop), when present.
    pub server: Option<String>,
    /// `params.script` (scriptloadfailed), when present.
    pub script: Option<String>,
    /// The whole `params` object as received ([`Value::Null`] when absent).
    pub params: Value,
}

/// One entry of `agents.agentlist`. Every field is optional; unknown fields are ignored.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct AgentInfo {
    /// Display name.
    pub name: Option<String>,
    /// Glance user name.
    pub username: Option<String>,
    /// Job title.
    pub title: Option<String>,
    /// Role in the session.
    pub role: Option<String>,
    /// Partner id.
    pub partnerid: Option<String>,
    /// Partner user id.
    pub partneruserid: Option<String>,
    /// Agent number in the session.
    pub num: Option<f64>,
}

impl AgentInfo {
    /// The best name to show: `name`, else `username`.
    pub fn display_name(&self) -> Option<&str> {
        self.name.as_deref().or(self.username.as_deref()).filter(|s| !s.is_empty())
    }
}

/// A positive, finite size in CSS pixels (no larger than [`MAX_DIMENSION`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Size {
    /// Width, > 0.
    pub width: f64,
    /// Height, > 0.
    pub height: f64,
}

/// Viewer statistics (`glance_viewer.stats`); each figure is finite and non-negative when present.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub struct ViewerStats {
    /// Frame rate limit.
    pub fpslimit: Option<f64>,
    /// Frames per second the viewer receives.
    pub viewerfps: Option<f64>,
    /// Frames per second shown.
    pub displayfps: Option<f64>,
}

/// `screenshare.state`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareState {
    /// Screen share started.
    New,
    /// Screen share continues after a page load.
    Continued,
    /// Screen share ended.
    Ended,
    /// Still ended (reported after a page load).
    StillEnded,
    /// Screen share failed.
    Error,
    /// Still failed (reported after a page load).
    StillError,
}

impl ShareState {
    /// Whether the view should be shown in this state.
    pub fn is_live(&self) -> bool {
        matches!(self, ShareState::New | ShareState::Continued)
    }
    /// Whether this state reports a failure.
    pub fn is_error(&self) -> bool {
        matches!(self, ShareState::Error | ShareState::StillError)
    }
    /// The state as Glance spells it.
    pub fn as_str(&self) -> &'static str {
        match self {
            ShareState::New => "new",
            ShareState::Continued => "continued",
            ShareState::Ended => "ended",
            ShareState::StillEnded => "still-ended",
            ShareState::Error => "error",
            ShareState::StillError => "still-error",
        }
    }
}

/// A `screenshare` event's content.
#[derive(Clone, Debug, PartialEq)]
pub struct ScreenshareInfo {
    /// The view (iframe id) it applies to.
    pub view: String,
    /// The new state.
    pub state: ShareState,
    /// Whether the agent has paused it.
    pub paused: bool,
    /// The agent's number, when present.
    pub agentnum: Option<f64>,
    /// `params {width, height}`, when present and valid.
    pub size: Option<Size>,
}

/// A `viewerinfo` event's content: any subset may be present.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewerInfo {
    /// The view it applies to.
    pub view: String,
    /// The agent's screen size.
    pub screen: Option<Size>,
    /// The scaled view size.
    pub scaledview: Option<Size>,
    /// Viewer statistics.
    pub stats: Option<ViewerStats>,
}

/// `connection.status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectionStatus {
    /// Connected.
    Ok,
    /// Lost; Glance is trying again.
    Reconnecting,
}

/// One Glance visitor event, typed. See the module documentation for names and fields.
#[derive(Clone, Debug, PartialEq)]
pub enum VisitorEvent {
    /// A session is starting.
    SessionStarting,
    /// The session started.
    SessionStart,
    /// The session continues after a navigation.
    SessionContinue,
    /// The session state has been received (`getSessionState` works now).
    StateReceived,
    /// The session ended.
    SessionEnd {
        /// Why, when given.
        reason: Option<EndReason>,
    },
    /// An error.
    Error(GlanceError),
    /// Agent information changed.
    Agents {
        /// How many agents are in the session.
        count: u32,
        /// The agents, when Glance is configured to send them.
        agentlist: Option<Vec<AgentInfo>>,
    },
    /// Another window of the site took session focus.
    Blur,
    /// This window has session focus again.
    Focus,
    /// The agent asks for remote control.
    RcRequested {
        /// Only some areas of the page.
        selective: bool,
        /// Answers Glance.
        responder: Responder,
    },
    /// Remote control turned on or off.
    Rc {
        /// Whether it is on.
        enabled: bool,
    },
    /// Accessibility features turned on or off.
    Accessibility {
        /// Whether they are on.
        enabled: bool,
    },
    /// The agent asks the visitor to join a reverse session.
    ReverseConfirm {
        /// Answers Glance.
        responder: Responder,
    },
    /// The agent ended the reverse session.
    ReverseEnded,
    /// Screen share (or agent video) started, continued or ended.
    Screenshare(ScreenshareInfo),
    /// The agent paused a view (`screensharepause` or `screensharepaused`).
    ScreensharePause {
        /// The view.
        view: String,
    },
    /// The agent resumed a view (`screenshareresume` or `screenshareresumed`).
    ScreenshareResume {
        /// The view.
        view: String,
    },
    /// Viewer size or statistics.
    ViewerInfo(ViewerInfo),
    /// Connection status changed.
    Connection {
        /// The new status.
        status: ConnectionStatus,
    },
    /// A session is about to continue on another domain.
    UrlStartWarning {
        /// Answers Glance.
        responder: Responder,
    },
    /// The session was paused or resumed (`sessionpaused {paused}`).
    SessionPaused {
        /// Whether it is paused now.
        paused: bool,
    },
    /// Glance's full visitor script has loaded.
    Ready,
    /// An event this kit does not know; reported, never fatal.
    Unknown {
        /// The event name.
        name: String,
        /// The payload as received.
        raw: Value,
    },
}

/// What was wrong with a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The field is required and absent (or the payload was missing).
    Missing,
    /// The field has the wrong type: what was expected and what came.
    WrongType {
        /// What the decoder expected.
        expected: &'static str,
        /// The JSON type that came.
        found: &'static str,
    },
    /// A number out of range: negative, fractional where whole is needed, NaN, infinite, zero or absurd size.
    OutOfRange(String),
    /// A string that is not one of the allowed values.
    UnknownValue(String),
}

/// A payload that does not fit its event. Names the event and the field (dotted path for nested ones).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The event name.
    pub event: String,
    /// The field, e.g. `count` or `scaledview.width`; empty when the payload itself is wrong.
    pub field: String,
    /// What was wrong.
    pub problem: Problem,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = if self.field.is_empty() { "payload" } else { &self.field };
        write!(f, "`{}` event: field `{}`: ", self.event, field)?;
        match &self.problem {
            Problem::Missing => f.write_str("missing"),
            Problem::WrongType { expected, found } => write!(f, "expected {expected}, found {found}"),
            Problem::OutOfRange(v) => write!(f, "out of range ({v})"),
            Problem::UnknownValue(v) => write!(f, "unknown value {v:?}"),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Field readers that produce errors naming the event and the field.
struct Reader<'a> {
    event: &'a str,
    payload: &'a Value,
}

impl<'a> Reader<'a> {
    fn err(&self, field: &str, problem: Problem) -> DecodeError {
        DecodeError { event: self.event.to_owned(), field: field.to_owned(), problem }
    }

    fn wrong(&self, field: &str, expected: &'static str, v: &Value) -> DecodeError {
        self.err(field, Problem::WrongType { expected, found: v.kind() })
    }

    /// The payload must be an object, or missing (treated as `{}`).
    fn object(&self) -> Result<(), DecodeError> {
        match self.payload {
            Value::Null | Value::Object(_) => Ok(()),
            other => Err(self.wrong("", "object", other)),
        }
    }

    fn at(&self, path: &str) -> Option<&'a Value> {
        let mut v = self.payload;
        for key in path.split('.') {
            v = v.field(key)?;
        }
        Some(v)
    }

    fn opt_bool(&self, path: &str) -> Result<Option<bool>, DecodeError> {
        match self.at(path) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(self.wrong(path, "boolean", v)),
        }
    }

    fn bool(&self, path: &str) -> Result<bool, DecodeError> {
        self.opt_bool(path)?.ok_or_else(|| self.err(path, Problem::Missing))
    }

    fn opt_str(&self, path: &str) -> Result<Option<String>, DecodeError> {
        match self.at(path) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err(self.wrong(path, "string", v)),
        }
    }

    /// A string or a number, as text (ids are sometimes numbers).
    fn opt_text(&self, path: &str) -> Result<Option<String>, DecodeError> {
        match self.at(path) {
            Some(Value::Number(n)) if n.is_finite() => Ok(Some(format_number(*n))),
            _ => self.opt_str(path),
        }
    }

    fn opt_number(&self, path: &str) -> Result<Option<f64>, DecodeError> {
        match self.at(path) {
            None => Ok(None),
            Some(Value::Number(n)) if n.is_finite() && *n >= 0.0 => Ok(Some(*n)),
            Some(Value::Number(n)) => Err(self.err(path, Problem::OutOfRange(format_number(*n)))),
            Some(v) => Err(self.wrong(path, "number", v)),
        }
    }

    fn count(&self, path: &str) -> Result<u32, DecodeError> {
        let n = self.opt_number(path)?.ok_or_else(|| self.err(path, Problem::Missing))?;
        if n.fract() != 0.0 || n > u32::MAX as f64 {
            return Err(self.err(path, Problem::OutOfRange(format_number(n))));
        }
        Ok(n as u32)
    }

    fn dimension(&self, path: &str) -> Result<Option<f64>, DecodeError> {
        match self.at(path) {
            None => Ok(None),
            Some(Value::Number(n)) if n.is_finite() && *n > 0.0 && *n <= MAX_DIMENSION => Ok(Some(*n)),
            Some(Value::Number(n)) => Err(self.err(path, Problem::OutOfRange(format_number(*n)))),
            Some(v) => Err(self.wrong(path, "number", v)),
        }
    }

    /// A `{width, height}` object; absent is `None`, half a size or a bad number is an error.
    fn size(&self, path: &str) -> Result<Option<Size>, DecodeError> {
        match self.at(path) {
            None => return Ok(None),
            Some(Value::Object(_)) => {}
            Some(v) => return Err(self.wrong(path, "object", v)),
        }
        let w = self.dimension(&format!("{path}.width"))?;
        let h = self.dimension(&format!("{path}.height"))?;
        match (w, h) {
            (Some(width), Some(height)) => Ok(Some(Size { width, height })),
            (None, _) => Err(self.err(&format!("{path}.width"), Problem::Missing)),
            (_, None) => Err(self.err(&format!("{path}.height"), Problem::Missing)),
        }
    }

    fn view(&self) -> Result<String, DecodeError> {
        match self.opt_str("screenshareView")? {
            Some(v) if !v.is_empty() => Ok(v),
            Some(_) => Err(self.err("screenshareView", Problem::UnknownValue(String::new()))),
            None => Err(self.err("screenshareView", Problem::Missing)),
        }
    }
}

impl VisitorEvent {
    /// Decodes an event from its name and payload. `responder` builds the [`Responder`] for the
    /// prompt events (`rcrequested`, `reverseconfirm`, `urlstartwarning`) from the payload's
    /// `accept` / `decline` callables; pass [`Responder::missing`] where there are none.
    ///
    /// Never panics. A payload that does not fit yields a [`DecodeError`] naming the event and the field.
    pub fn decode(name: &str, payload: &Value, responder: &dyn Fn() -> Responder) -> Result<Self, DecodeError> {
        let r = Reader { event: name, payload };
        let known = EVENT_NAMES.contains(&name);
        if known {
            r.object()?;
        }
        Ok(match name {
            "sessionstarting" => VisitorEvent::SessionStarting,
            "sessionstart" => VisitorEvent::SessionStart,
            "sessioncontinue" => VisitorEvent::SessionContinue,
            "statereceived" => VisitorEvent::StateReceived,
            "ready" => VisitorEvent::Ready,
            "blur" => VisitorEvent::Blur,
            "focus" => VisitorEvent::Focus,
            "reverseended" => VisitorEvent::ReverseEnded,
            "sessionend" => VisitorEvent::SessionEnd {
                reason: r.opt_str("reason")?.map(|s| match s.as_str() {
                    "agent" => EndReason::Agent,
                    "visitor" => EndReason::Visitor,
                    "error" => EndReason::Error,
                    _ => EndReason::Other(s),
                }),
            },
            "error" => VisitorEvent::Error(GlanceError {
                code: ErrorCode::parse(&r.opt_text("code")?.unwrap_or_default()),
                msg: r.opt_str("msg")?.unwrap_or_default(),
                server: r.opt_text("params.server")?,
                script: r.opt_text("params.script")?,
                params: payload.get("params").cloned().unwrap_or_default(),
            }),
            "agents" => VisitorEvent::Agents { count: r.count("count")?, agentlist: agent_list(&r)? },
            "rcrequested" => VisitorEvent::RcRequested {
                selective: r.opt_bool("selective")?.unwrap_or(false),
                responder: responder(),
            },
            "rc" => VisitorEvent::Rc { enabled: r.bool("enabled")? },
            "accessibility" => VisitorEvent::Accessibility { enabled: r.bool("enabled")? },
            "reverseconfirm" => VisitorEvent::ReverseConfirm { responder: responder() },
            "urlstartwarning" => VisitorEvent::UrlStartWarning { responder: responder() },
            "sessionpaused" => VisitorEvent::SessionPaused { paused: r.bool("paused")? },
            "screenshare" => {
                let state = match r.opt_str("state")? {
                    None => return Err(r.err("state", Problem::Missing)),
                    Some(s) => match s.as_str() {
                        "new" => ShareState::New,
                        "continued" => ShareState::Continued,
                        "ended" => ShareState::Ended,
                        "still-ended" => ShareState::StillEnded,
                        "error" => ShareState::Error,
                        "still-error" => ShareState::StillError,
                        _ => return Err(r.err("state", Problem::UnknownValue(s))),
                    },
                };
                VisitorEvent::Screenshare(ScreenshareInfo {
                    view: r.view()?,
                    state,
                    paused: r.opt_bool("paused")?.unwrap_or(false),
                    agentnum: r.opt_number("agentnum")?,
                    size: r.size("params")?,
                })
            }
            "screensharepause" | "screensharepaused" => VisitorEvent::ScreensharePause { view: r.view()? },
            "screenshareresume" | "screenshareresumed" => VisitorEvent::ScreenshareResume { view: r.view()? },
            "viewerinfo" => {
                let stats = match r.at("glance_viewer.stats") {
                    None => None,
                    Some(Value::Object(_)) => Some(ViewerStats {
                        fpslimit: r.opt_number("glance_viewer.stats.fpslimit")?,
                        viewerfps: r.opt_number("glance_viewer.stats.viewerfps")?,
                        displayfps: r.opt_number("glance_viewer.stats.displayfps")?,
                    }),
                    Some(v) => return Err(r.wrong("glance_viewer.stats", "object", v)),
                };
                VisitorEvent::ViewerInfo(ViewerInfo {
                    view: r.view()?,
                    screen: r.size("screen")?,
                    scaledview: r.size("scaledview")?,
                    stats,
                })
            }
            "connection" => VisitorEvent::Connection {
                status: match r.opt_str("status")? {
                    Some(s) if s == "ok" => ConnectionStatus::Ok,
                    Some(s) if s == "reconnecting" => ConnectionStatus::Reconnecting,
                    Some(s) => return Err(r.err("status", Problem::UnknownValue(s))),
                    None => return Err(r.err("status", Problem::Missing)),
                },
            },
            _ => VisitorEvent::Unknown { name: name.to_owned(), raw: payload.clone() },
        })
    }

    /// Decodes a payload that has no callables (fixtures, JSON, simulators): prompt events get
    /// [`Responder::missing`].
    pub fn decode_value(name: &str, payload: &Value) -> Result<Self, DecodeError> {
        Self::decode(name, payload, &Responder::missing)
    }

    /// The Glance name of this event (the first spelling for the pause/resume aliases).
    pub fn name(&self) -> &str {
        match self {
            VisitorEvent::SessionStarting => "sessionstarting",
            VisitorEvent::SessionStart => "sessionstart",
            VisitorEvent::SessionContinue => "sessioncontinue",
            VisitorEvent::StateReceived => "statereceived",
            VisitorEvent::SessionEnd { .. } => "sessionend",
            VisitorEvent::Error(_) => "error",
            VisitorEvent::Agents { .. } => "agents",
            VisitorEvent::Blur => "blur",
            VisitorEvent::Focus => "focus",
            VisitorEvent::RcRequested { .. } => "rcrequested",
            VisitorEvent::Rc { .. } => "rc",
            VisitorEvent::Accessibility { .. } => "accessibility",
            VisitorEvent::ReverseConfirm { .. } => "reverseconfirm",
            VisitorEvent::ReverseEnded => "reverseended",
            VisitorEvent::Screenshare(_) => "screenshare",
            VisitorEvent::ScreensharePause { .. } => "screensharepause",
            VisitorEvent::ScreenshareResume { .. } => "screenshareresume",
            VisitorEvent::ViewerInfo(_) => "viewerinfo",
            VisitorEvent::Connection { .. } => "connection",
            VisitorEvent::UrlStartWarning { .. } => "urlstartwarning",
            VisitorEvent::SessionPaused { .. } => "sessionpaused",
            VisitorEvent::Ready => "ready",
            VisitorEvent::Unknown { name, .. } => name,
        }
    }
}

fn agent_list(r: &Reader<'_>) -> Result<Option<Vec<AgentInfo>>, DecodeError> {
    let items = match r.at("agentlist") {
        None => return Ok(None),
        Some(Value::Array(items)) => items,
        Some(v) => return Err(r.wrong("agentlist", "array", v)),
    };
    let mut list = Vec::with_capacity(items.len().min(64));
    for (i, item) in items.iter().enumerate() {
        let sub = Reader { event: r.event, payload: item };
        let path = |f: &str| format!("agentlist.{i}.{f}");
        let fix = |e: DecodeError| DecodeError { field: path(&e.field), ..e };
        if !matches!(item, Value::Object(_)) {
            return Err(r.wrong(&format!("agentlist.{i}"), "object", item));
        }
        list.push(AgentInfo {
            name: sub.opt_str("name").map_err(fix)?,
            username: sub.opt_str("username").map_err(fix)?,
            title: sub.opt_str("title").map_err(fix)?,
            role: sub.opt_str("role").map_err(fix)?,
            partnerid: sub.opt_text("partnerid").map_err(fix)?,
            partneruserid: sub.opt_text("partneruserid").map_err(fix)?,
            num: sub.opt_number("num").map_err(fix)?,
        });
    }
    Ok(Some(list))
}
