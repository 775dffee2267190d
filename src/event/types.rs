//! The data types carried by visitor events.

use super::Value;

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
    /// Masking failed (`maskingerror`, an event of its own too): the page's masking callback
    /// threw, and the page went out without its masks.
    MaskingError,
    /// `documentnotsent`: Glance refused to send the visitor's document (`msg` holds its reason;
    /// `params` the `name` and `size`).
    DocumentNotSent,
    /// A Glance script failed to load (`params.script` names it).
    ScriptLoadFailed,
    /// The kit's own: the session stayed in "starting" longer than the configured start timeout.
    StartTimeout,
    /// The kit's own: a `screenshare` event reported `error` / `still-error` (params name the view).
    ScreenshareFailed,
    /// The kit's own: an action (startSession, stopSession, enableRC, pauseSession) failed; `msg` says why.
    ActionFailed,
    /// The kit's own: answering an agent's request failed (its callback threw, e.g. Glance's
    /// add-guest `accept()` on a page that is not served over https); `msg` says why.
    AnswerFailed,
    /// `viewerclosing`: the agent's viewer closed, e.g. `PlayerTooSlow` (`msg` holds the reason).
    ViewerClosing,
    /// `videobgfilterfailed`: the visitor's video was turned off, background blur was too slow.
    VideoBgFilterFailed,
    /// `visitorvideoerror`: the visitor's video failed (`msg` holds Glance's error).
    VisitorVideoError,
    /// Any other code, kept as text (empty when the payload had none).
    Other(String),
}

impl ErrorCode {
    pub(crate) fn parse(code: &str) -> Self {
        match code {
            "service" => ErrorCode::Service,
            "conndrop" => ErrorCode::ConnDrop,
            "dupkey" => ErrorCode::DupKey,
            "maskingerror" => ErrorCode::MaskingError,
            "documentnotsent" => ErrorCode::DocumentNotSent,
            "scriptloadfailed" => ErrorCode::ScriptLoadFailed,
            "starttimeout" => ErrorCode::StartTimeout,
            "screensharefailed" => ErrorCode::ScreenshareFailed,
            "actionfailed" => ErrorCode::ActionFailed,
            "answerfailed" => ErrorCode::AnswerFailed,
            "viewerclosing" => ErrorCode::ViewerClosing,
            "videobgfilterfailed" => ErrorCode::VideoBgFilterFailed,
            "visitorvideoerror" => ErrorCode::VisitorVideoError,
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
            ErrorCode::DocumentNotSent => "documentnotsent",
            ErrorCode::ScriptLoadFailed => "scriptloadfailed",
            ErrorCode::StartTimeout => "starttimeout",
            ErrorCode::ScreenshareFailed => "screensharefailed",
            ErrorCode::ActionFailed => "actionfailed",
            ErrorCode::AnswerFailed => "answerfailed",
            ErrorCode::ViewerClosing => "viewerclosing",
            ErrorCode::VideoBgFilterFailed => "videobgfilterfailed",
            ErrorCode::VisitorVideoError => "visitorvideoerror",
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
    /// The agent's role for masking (`agentrole`, which Glance's own role-based masking keys on).
    pub agentrole: Option<String>,
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

impl GlanceError {
    /// An error of the kit's own (no `params`).
    pub fn kit(code: ErrorCode, msg: impl Into<String>) -> Self {
        GlanceError { code, msg: msg.into(), server: None, script: None, params: Value::Null }
    }
}

/// The visitor video's size (`visitorvideo.video`, `visitorvideoresize`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VideoSize {
    /// `small`.
    Small,
    /// `large`.
    Large,
}

impl VideoSize {
    /// `small` or `large`.
    pub fn as_str(self) -> &'static str {
        match self {
            VideoSize::Small => "small",
            VideoSize::Large => "large",
        }
    }
}

/// What Glance knows of the visitor's camera (`camerastatus`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CameraStatus {
    /// A camera is there and may be used.
    Available,
    /// No camera.
    NoCamera,
    /// The visitor (or the browser) refused access.
    Blocked,
    /// The browser cannot capture video at all (`notsupported`).
    NotSupported,
    /// Any other status, kept as text.
    Other(String),
}

impl CameraStatus {
    pub(crate) fn parse(s: &str) -> Self {
        match s {
            "available" => CameraStatus::Available,
            "nocamera" => CameraStatus::NoCamera,
            "blocked" => CameraStatus::Blocked,
            "notsupported" => CameraStatus::NotSupported,
            other => CameraStatus::Other(other.to_owned()),
        }
    }
    /// The status as Glance spells it.
    pub fn as_str(&self) -> &str {
        match self {
            CameraStatus::Available => "available",
            CameraStatus::NoCamera => "nocamera",
            CameraStatus::Blocked => "blocked",
            CameraStatus::NotSupported => "notsupported",
            CameraStatus::Other(s) => s,
        }
    }
}

/// A `visitorvideo` event's content (the visitor video's state; each field only when sent).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct VisitorVideoInfo {
    /// Small or large.
    pub size: Option<VideoSize>,
    /// The camera's status.
    pub camera: Option<CameraStatus>,
    /// Background filter on.
    pub bgfilter: Option<bool>,
    /// Background filter kind.
    pub bgtype: Option<String>,
}

/// The settings object Glance's visitor-video `accept(settings)` / `decline(settings)` need (both
/// throw without one). [`VideoSettings::default`] describes no camera picked.
#[derive(Clone, Debug, PartialEq)]
pub struct VideoSettings {
    /// The camera's label (`videosource`); Glance starts the camera only with one and
    /// `camerastatus: "available"`.
    pub source: Option<String>,
    /// The camera's status.
    pub camera: CameraStatus,
    /// Start with the video paused.
    pub paused: bool,
    /// Background filter on.
    pub bgfilter: bool,
}

impl Default for VideoSettings {
    fn default() -> Self {
        VideoSettings { source: None, camera: CameraStatus::NoCamera, paused: true, bgfilter: false }
    }
}

impl VideoSettings {
    /// The settings as the object Glance reads (`{videosource, camerastatus, videopaused,
    /// videobgfilter, videobgtype}`; `videosource` only when a camera was picked).
    pub fn to_value(&self) -> Value {
        let mut entries = Vec::with_capacity(5);
        if let Some(source) = &self.source {
            entries.push(("videosource".to_owned(), Value::String(source.clone())));
        }
        entries.push(("camerastatus".to_owned(), Value::String(self.camera.as_str().to_owned())));
        entries.push(("videopaused".to_owned(), Value::Bool(self.paused)));
        entries.push(("videobgfilter".to_owned(), Value::Bool(self.bgfilter)));
        entries.push(("videobgtype".to_owned(), Value::String("none".to_owned())));
        Value::Object(entries)
    }
}
