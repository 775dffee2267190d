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
//! Agent requests (events that carry callbacks) all decode to [`VisitorEvent::Request`]; their
//! kinds, event names and answers are listed in [`request`]:
//!
//! | name | [`PromptKind`] | facts read | answered by |
//! |---|---|---|---|
//! | `rcrequested` | `RemoteControl` | `selective?` | `accept()` / `decline()` |
//! | `reverseconfirm` | `ReverseSession` | none | `accept()` / `decline()` |
//! | `urlstartwarning` | `UrlStart` | none | `accept()` / `decline()` |
//! | `visitorvideorequested` | `VisitorVideo` | none | `accept(settings)` / `decline(settings)` |
//! | `visitorscreensharerequested` | `VisitorScreenshare` | none | `accept()` / `decline()` |
//! | `visitorscreensharesurfacenotallowed` | `SurfaceNotAllowed` | none | `accept()` (try again) / `decline()` |
//! | `addguestrequested` | `AddGuest` | none | `accept()` / `decline()` |
//! | `docsharerequested` | `DocumentShare` | none | `onpreviewconfirm()` / `onpreviewcancel()`, then `onconfirm()` / `onpreviewcancel()` |
//! | `navassistrequested` | `NavAssist` | `url?`, `name?` | `accept()` then go to the URL it resolves to / nothing |
//! | `confirm` | `NavConfirm` | `url?` | `accept()` / nothing |
//!
//! The other events:
//!
//! | name | variant | payload fields read |
//! |---|---|---|
//! | `sessionstarting`, `sessionstart`, `sessioncontinue`, `statereceived` | [`SessionStarting`](VisitorEvent::SessionStarting) … | none |
//! | `sessionend` | [`SessionEnd`](VisitorEvent::SessionEnd) | `reason?` agent / visitor / error / other text |
//! | `error` | [`Error`](VisitorEvent::Error) | `code`, `msg`, `params?` (`server`, `script`, others kept) |
//! | `agents` | [`Agents`](VisitorEvent::Agents) | `count`, `agentlist?` |
//! | `blur`, `focus` | [`Blur`](VisitorEvent::Blur), [`Focus`](VisitorEvent::Focus) | none |
//! | `rc` | [`Rc`](VisitorEvent::Rc) | `enabled` |
//! | `accessibility` | [`Accessibility`](VisitorEvent::Accessibility) | `enabled`, or the payload is a bare boolean |
//! | `reverseended` | [`ReverseEnded`](VisitorEvent::ReverseEnded) | none |
//! | `screenshare` | [`Screenshare`](VisitorEvent::Screenshare) | `screenshareView`, `state`, `paused?`, `agentnum?`, `params?` (a `{width, height}` of numbers or numeric strings, as Glance sends them; anything else is left out) |
//! | `screensharepause`, `screensharepaused` | [`ScreensharePause`](VisitorEvent::ScreensharePause) | `screenshareView` |
//! | `screenshareresume`, `screenshareresumed` | [`ScreenshareResume`](VisitorEvent::ScreenshareResume) | `screenshareView` |
//! | `viewerinfo` | [`ViewerInfo`](VisitorEvent::ViewerInfo) | `screenshareView`, `screen?`, `scaledview?`, `stats?` at the top level or under `glance_viewer` |
//! | `connection` | [`Connection`](VisitorEvent::Connection) | `status` ok / reconnecting |
//! | `sessionpaused` | [`SessionPaused`](VisitorEvent::SessionPaused) | `paused` |
//! | `ready` | [`Ready`](VisitorEvent::Ready) | none |
//! | `pagemasked` | [`PageMasked`](VisitorEvent::PageMasked) | `masked?` (default true; Glance sends `{}`) |
//! | `leavesession`, `recoversession` | [`LeaveSession`](VisitorEvent::LeaveSession), [`RecoverSession`](VisitorEvent::RecoverSession) | none |
//! | `viewerclosing` | [`ViewerClosing`](VisitorEvent::ViewerClosing) | `screenshareView?`, `closereason?` |
//! | `videobgfilterfailed` | [`VideoBgFilterFailed`](VisitorEvent::VideoBgFilterFailed) | `failuremode?`, `performancefail?` |
//! | `filedownloading`, `filedownloaded` | [`FileDownloading`](VisitorEvent::FileDownloading), [`FileDownloaded`](VisitorEvent::FileDownloaded) | none |
//! | `widgetmoving` | [`WidgetMoving`](VisitorEvent::WidgetMoving) | `left?`, `bottom?` (px deltas) |
//! | `widgetmoved` | [`WidgetMoved`](VisitorEvent::WidgetMoved) | `left?`, `bottom?` (booleans naming the corner) |
//! | `maskingerror` | [`MaskingError`](VisitorEvent::MaskingError) | `reason?` |
//! | `documentnotsent` | [`DocumentNotSent`](VisitorEvent::DocumentNotSent) | `name?`, `reason?`, `size?` |
//! | `navigationassist` | [`NavigationAssist`](VisitorEvent::NavigationAssist) | the whole payload, kept |
//! | `visitorvideo` | [`VisitorVideo`](VisitorEvent::VisitorVideo) | `video?`, `camerastatus?`, `videobgfilter?`, `videobgtype?` |
//! | `visitorvideostarted` | [`VisitorVideoStarted`](VisitorEvent::VisitorVideoStarted) | `width?`, `height?` (a size not in range is left out) |
//! | `visitorvideopaused`, `visitorvideoresumed` | [`VisitorVideoPaused`](VisitorEvent::VisitorVideoPaused), [`VisitorVideoResumed`](VisitorEvent::VisitorVideoResumed) | none |
//! | `visitorvideostopped`, `visitorvideoended` | [`VisitorVideoEnded`](VisitorEvent::VisitorVideoEnded) | none |
//! | `visitorvideoresize` | [`VisitorVideoResize`](VisitorEvent::VisitorVideoResize) | a bare string `small` / `large` (or `{video}`) |
//! | `visitorvideoerror` | [`VisitorVideoError`](VisitorEvent::VisitorVideoError) | `error?` |
//! | `visitorscreensharestarted`, `…paused`, `…ended` | [`VisitorScreenshareStarted`](VisitorEvent::VisitorScreenshareStarted) … | none |
//! | anything else | [`Unknown`](VisitorEvent::Unknown) | the whole payload, kept |

mod decode;
pub mod js;
pub mod request;
mod responder;
mod start;
mod types;
mod value;

pub use decode::{DecodeError, Problem};
pub use request::{AnswerCalls, PromptExtra, PromptKind, Request, RequestFacts};
pub use responder::{Answer, AnswerFn, RespondError, Responder};
pub use start::{StartParams, RANDOM_KEY};
pub use types::*;
pub use value::Value;
pub(crate) use value::{format_number, MAX_DEPTH};

/// The view name Glance uses for agent screen share.
pub const SCREENSHARE_VIEW: &str = "glance_screenshare";
/// The view name Glance uses for agent video.
pub const AGENT_VIDEO_VIEW: &str = "glance_agentvideo";

/// The names of every event that is not a request (requests: [`PromptKind::ALL`]), including both
/// spellings of screenshare pause/resume. [`subscribed_names`] yields both lists.
pub(crate) const EVENT_NAMES: &[&str] = &[
    "sessionstarting",
    "sessionstart",
    "sessioncontinue",
    "statereceived",
    "sessionend",
    "error",
    "agents",
    "blur",
    "focus",
    "rc",
    "accessibility",
    "reverseended",
    "screenshare",
    "screensharepause",
    "screensharepaused",
    "screenshareresume",
    "screenshareresumed",
    "viewerinfo",
    "connection",
    "sessionpaused",
    "ready",
    "pagemasked",
    "leavesession",
    "recoversession",
    "viewerclosing",
    "videobgfilterfailed",
    "filedownloading",
    "filedownloaded",
    "widgetmoving",
    "widgetmoved",
    "maskingerror",
    "documentnotsent",
    "navigationassist",
    "visitorvideo",
    "visitorvideostarted",
    "visitorvideopaused",
    "visitorvideoresumed",
    "visitorvideostopped",
    "visitorvideoended",
    "visitorvideoresize",
    "visitorvideoerror",
    "visitorscreensharestarted",
    "visitorscreensharepaused",
    "visitorscreenshareended",
];

/// The event names Glance's public "Visitor Events" page documents; the kit handles the others
/// (seen in Glance's shipped script, see `glance-notes.md`) all the same.
pub const DOCUMENTED_NAMES: &[&str] = &[
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
    "screenshareresume",
    "viewerinfo",
    "connection",
    "urlstartwarning",
];

/// Every event name the kit subscribes to: every event that is not a request, then each request's
/// [`PromptKind::event_name`].
pub fn subscribed_names() -> impl Iterator<Item = &'static str> {
    EVENT_NAMES.iter().copied().chain(PromptKind::ALL.iter().map(|k| k.event_name()))
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
    /// An agent request that waits for the visitor's answer (see [`PromptKind`]).
    Request(Request),
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
    /// The session was paused or resumed (`sessionpaused {paused}`).
    SessionPaused {
        /// Whether it is paused now.
        paused: bool,
    },
    /// Glance's full visitor script has loaded.
    Ready,
    /// The whole page is hidden from the agent (`pagemasked`; the binding also reports `false`
    /// after a state change when `isPageMasked()` says so, since Glance has no "unmasked" event).
    PageMasked {
        /// Whether the page is masked.
        masked: bool,
    },
    /// The visitor is leaving the session (`leavesession`).
    LeaveSession,
    /// The page's DOM was replaced; the session state is read again (`recoversession`).
    RecoverSession,
    /// The agent's viewer closed (`viewerclosing`), e.g. because the network is too slow.
    ViewerClosing {
        /// The view.
        view: Option<String>,
        /// Glance's reason, e.g. `PlayerTooSlow`.
        reason: Option<String>,
    },
    /// The visitor's video was turned off: background blur was too slow (`videobgfilterfailed`).
    VideoBgFilterFailed {
        /// Glance's failure mode.
        failuremode: Option<String>,
        /// It failed for performance.
        performancefail: bool,
    },
    /// An agent is sending the visitor a document (`filedownloading`).
    FileDownloading,
    /// The agent's document has arrived (`filedownloaded`).
    FileDownloaded,
    /// The agent drags the visitor's widget (`widgetmoving`), by these deltas in CSS pixels.
    WidgetMoving {
        /// Horizontal delta (positive: right).
        left: f64,
        /// Vertical delta from the bottom (positive: up).
        bottom: f64,
    },
    /// The agent dropped the widget in a corner (`widgetmoved {left?, bottom?}`): each side only
    /// when sent (`left: true` the left side, `bottom: true` the bottom; false the other side).
    WidgetMoved {
        /// Left (true) or right (false), when sent.
        left: Option<bool>,
        /// Bottom (true) or top (false), when sent.
        bottom: Option<bool>,
    },
    /// The page's masking callback threw (`maskingerror {reason}`): Glance shares the page without
    /// the masks it would have given.
    MaskingError {
        /// Glance's reason.
        reason: Option<String>,
    },
    /// Glance refused to send the visitor's document to the agent (`documentnotsent {name, reason,
    /// size}`), e.g. 5 MiB or more.
    DocumentNotSent {
        /// The file name.
        name: Option<String>,
        /// Glance's reason, e.g. `File size limit exceeded`.
        reason: Option<String>,
        /// The size in bytes.
        size: Option<f64>,
    },
    /// Navigation assist's raw announcement (`navigationassist`); `navassistrequested` follows
    /// for trusted destinations.
    NavigationAssist {
        /// The payload as received.
        raw: Value,
    },
    /// The visitor video's state (`visitorvideo`).
    VisitorVideo(VisitorVideoInfo),
    /// The visitor's video started (`visitorvideostarted`).
    VisitorVideoStarted {
        /// Its size, when sent.
        size: Option<Size>,
    },
    /// The visitor's video was paused (`visitorvideopaused`).
    VisitorVideoPaused,
    /// The visitor's video was resumed (`visitorvideoresumed`).
    VisitorVideoResumed,
    /// The visitor's video stopped (`visitorvideostopped` or `visitorvideoended`).
    VisitorVideoEnded,
    /// The visitor's video changed size (`visitorvideoresize`, a bare string).
    VisitorVideoResize {
        /// The new size.
        size: VideoSize,
    },
    /// The visitor's video failed (`visitorvideoerror`).
    VisitorVideoError {
        /// Glance's error, as text.
        error: String,
    },
    /// The visitor started sharing their screen (`visitorscreensharestarted`).
    VisitorScreenshareStarted,
    /// The visitor's screen share was paused (`visitorscreensharepaused`).
    VisitorScreensharePaused,
    /// The visitor's screen share ended (`visitorscreenshareended`).
    VisitorScreenshareEnded,
    /// An event this kit does not know; reported, never fatal.
    Unknown {
        /// The event name.
        name: String,
        /// The payload as received.
        raw: Value,
    },
}

impl VisitorEvent {
    /// The Glance name of this event (the first spelling for aliases).
    pub fn name(&self) -> &str {
        use VisitorEvent as E;
        match self {
            E::SessionStarting => "sessionstarting",
            E::SessionStart => "sessionstart",
            E::SessionContinue => "sessioncontinue",
            E::StateReceived => "statereceived",
            E::SessionEnd { .. } => "sessionend",
            E::Error(_) => "error",
            E::Agents { .. } => "agents",
            E::Blur => "blur",
            E::Focus => "focus",
            E::Request(r) => r.kind.event_name(),
            E::Rc { .. } => "rc",
            E::Accessibility { .. } => "accessibility",
            E::ReverseEnded => "reverseended",
            E::Screenshare(_) => "screenshare",
            E::ScreensharePause { .. } => "screensharepause",
            E::ScreenshareResume { .. } => "screenshareresume",
            E::ViewerInfo(_) => "viewerinfo",
            E::Connection { .. } => "connection",
            E::SessionPaused { .. } => "sessionpaused",
            E::Ready => "ready",
            E::PageMasked { .. } => "pagemasked",
            E::LeaveSession => "leavesession",
            E::RecoverSession => "recoversession",
            E::ViewerClosing { .. } => "viewerclosing",
            E::VideoBgFilterFailed { .. } => "videobgfilterfailed",
            E::FileDownloading => "filedownloading",
            E::FileDownloaded => "filedownloaded",
            E::WidgetMoving { .. } => "widgetmoving",
            E::WidgetMoved { .. } => "widgetmoved",
            E::MaskingError { .. } => "maskingerror",
            E::DocumentNotSent { .. } => "documentnotsent",
            E::NavigationAssist { .. } => "navigationassist",
            E::VisitorVideo(_) => "visitorvideo",
            E::VisitorVideoStarted { .. } => "visitorvideostarted",
            E::VisitorVideoPaused => "visitorvideopaused",
            E::VisitorVideoResumed => "visitorvideoresumed",
            E::VisitorVideoEnded => "visitorvideoended",
            E::VisitorVideoResize { .. } => "visitorvideoresize",
            E::VisitorVideoError { .. } => "visitorvideoerror",
            E::VisitorScreenshareStarted => "visitorscreensharestarted",
            E::VisitorScreensharePaused => "visitorscreensharepaused",
            E::VisitorScreenshareEnded => "visitorscreenshareended",
            E::Unknown { name, .. } => name,
        }
    }

    /// The request this event carries, if it is one.
    pub fn request(&self) -> Option<&Request> {
        match self {
            VisitorEvent::Request(r) => Some(r),
            _ => None,
        }
    }
}
