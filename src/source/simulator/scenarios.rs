//! The simulator's scripts: a [`Step`] (an event after a delay) and the ready [`Scenario`]s the demo
//! and the tests run, with the payload helpers they are written with.

use crate::event::{Value, AGENT_VIDEO_VIEW, SCREENSHARE_VIEW};

/// One step of a script: after `after_ms` (scaled by the time scale) since the previous step, emit
/// event `name` with `payload`.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// Delay since the previous step, in milliseconds before scaling.
    pub after_ms: u32,
    /// Event name.
    pub name: String,
    /// Payload ([`Value::Null`] for none).
    pub payload: Value,
}

impl Step {
    /// A step.
    pub fn new(after_ms: u32, name: &str, payload: Value) -> Self {
        Step { after_ms, name: name.to_owned(), payload }
    }
}

/// Ready scripts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scenario {
    /// starting → connection ok → start → agent joins → state received.
    FullSession,
    /// The agent asks for remote control (accepting turns it on; the agent later gives it back).
    RemoteControlRequest,
    /// The agent asks for selective remote control.
    SelectiveRemoteControlRequest,
    /// The agent asks for a reverse session, then ends it.
    ReverseSession,
    /// The agent asks for a reverse session and ends it before the visitor answers.
    ReverseSessionWithdrawn,
    /// Reconnecting, several times, then ok.
    ReconnectRecovers,
    /// Reconnecting, then the connection drops for good and the session ends.
    ReconnectDrops,
    /// Screen share starts, the agent's screen resizes, pauses, resumes, ends.
    Screenshare,
    /// Agent video starts (and keeps running).
    AgentVideo,
    /// A URL start warning.
    UrlStartWarning,
    /// The agent ends the session.
    AgentEndsSession,
    /// The agent asks to see the visitor's camera (accepting starts the visitor video).
    VisitorVideoRequest,
    /// The agent asks to see the visitor's screen (accepting starts the visitor screen share).
    VisitorScreenshareRequest,
    /// The visitor picked a screen the agent may not see.
    SurfaceNotAllowed,
    /// The agent asks to add a guest.
    AddGuestRequest,
    /// The agent asks for a document (terms, then the file picker).
    DocumentShareRequest,
    /// The agent would like to take the visitor to another page.
    NavigationAssist,
    /// The agent navigates while in control.
    NavigationConfirm,
    /// Several requests at once: they queue, one prompt at a time, oldest first.
    RequestBurst,
    /// The whole page is hidden from the agent, then an agent's document arrives.
    MaskedPageAndDownload,
    /// The agent's viewer is too slow; the agent drags the visitor's widget.
    SlowViewerAndWidgetMove,
}

impl Scenario {
    /// Every scenario, in a sensible demo order.
    pub const ALL: [Scenario; 21] = [
        Scenario::FullSession,
        Scenario::RemoteControlRequest,
        Scenario::SelectiveRemoteControlRequest,
        Scenario::ReverseSession,
        Scenario::ReverseSessionWithdrawn,
        Scenario::ReconnectRecovers,
        Scenario::ReconnectDrops,
        Scenario::Screenshare,
        Scenario::AgentVideo,
        Scenario::UrlStartWarning,
        Scenario::AgentEndsSession,
        Scenario::VisitorVideoRequest,
        Scenario::VisitorScreenshareRequest,
        Scenario::SurfaceNotAllowed,
        Scenario::AddGuestRequest,
        Scenario::DocumentShareRequest,
        Scenario::NavigationAssist,
        Scenario::NavigationConfirm,
        Scenario::RequestBurst,
        Scenario::MaskedPageAndDownload,
        Scenario::SlowViewerAndWidgetMove,
    ];

    /// A short label (for the demo's buttons).
    pub fn label(self) -> &'static str {
        match self {
            Scenario::FullSession => "Full session",
            Scenario::RemoteControlRequest => "Remote control request",
            Scenario::SelectiveRemoteControlRequest => "Selective remote control",
            Scenario::ReverseSession => "Reverse session",
            Scenario::ReverseSessionWithdrawn => "Reverse session withdrawn",
            Scenario::ReconnectRecovers => "Reconnect storm → ok",
            Scenario::ReconnectDrops => "Reconnect storm → dropped",
            Scenario::Screenshare => "Screen share",
            Scenario::AgentVideo => "Agent video",
            Scenario::UrlStartWarning => "URL start warning",
            Scenario::AgentEndsSession => "Agent ends session",
            Scenario::VisitorVideoRequest => "Visitor video request",
            Scenario::VisitorScreenshareRequest => "Visitor screen share request",
            Scenario::SurfaceNotAllowed => "Screen not allowed",
            Scenario::AddGuestRequest => "Add guest request",
            Scenario::DocumentShareRequest => "Document share request",
            Scenario::NavigationAssist => "Navigation assist",
            Scenario::NavigationConfirm => "Navigation while in control",
            Scenario::RequestBurst => "Three requests at once",
            Scenario::MaskedPageAndDownload => "Masked page, document download",
            Scenario::SlowViewerAndWidgetMove => "Slow viewer, widget moved",
        }
    }

    /// The steps of this scenario.
    pub fn steps(self) -> Vec<Step> {
        let view = |v: &str| obj(&[("screenshareView", s(v))]);
        let share = |v: &str, state: &str, paused: bool| {
            obj(&[("screenshareView", s(v)), ("state", s(state)), ("paused", Value::Bool(paused))])
        };
        let size = |w: f64, h: f64| obj(&[("width", Value::Number(w)), ("height", Value::Number(h))]);
        let status = |st: &str| obj(&[("status", s(st))]);
        match self {
            Scenario::FullSession => vec![
                Step::new(0, "sessionstarting", Value::Null),
                Step::new(400, "connection", status("ok")),
                Step::new(200, "sessionstart", Value::Null),
                Step::new(0, "sessioncontinue", Value::Null),
                Step::new(500, "agents", agents(&["Alex Agent"])),
                Step::new(0, "statereceived", Value::Null),
            ],
            Scenario::RemoteControlRequest => vec![Step::new(0, "rcrequested", Value::Null)],
            Scenario::SelectiveRemoteControlRequest => {
                vec![Step::new(0, "rcrequested", obj(&[("selective", Value::Bool(true))]))]
            }
            Scenario::ReverseSession => vec![Step::new(0, "reverseconfirm", Value::Null)],
            Scenario::ReverseSessionWithdrawn => {
                vec![Step::new(0, "reverseconfirm", Value::Null), Step::new(4000, "reverseended", Value::Null)]
            }
            Scenario::ReconnectRecovers => vec![
                Step::new(0, "connection", status("reconnecting")),
                Step::new(1500, "connection", status("ok")),
                Step::new(800, "connection", status("reconnecting")),
                Step::new(1500, "connection", status("ok")),
            ],
            Scenario::ReconnectDrops => vec![
                Step::new(0, "connection", status("reconnecting")),
                Step::new(
                    2500,
                    "error",
                    obj(&[
                        ("code", s("conndrop")),
                        ("msg", s("Connect failed WS_ERROR:error")),
                        ("params", obj(&[("server", s("127.0.0.1"))])),
                    ]),
                ),
                Step::new(100, "sessionend", obj(&[("reason", s("error"))])),
            ],
            Scenario::Screenshare => vec![
                Step::new(0, "screenshare", share(SCREENSHARE_VIEW, "new", false)),
                Step::new(
                    100,
                    "viewerinfo",
                    obj(&[
                        ("screenshareView", s(SCREENSHARE_VIEW)),
                        ("screen", size(1600.0, 900.0)),
                        ("scaledview", size(800.0, 450.0)),
                        (
                            "glance_viewer",
                            obj(&[(
                                "stats",
                                obj(&[
                                    ("fpslimit", Value::Number(10.0)),
                                    ("viewerfps", Value::Number(9.0)),
                                    ("displayfps", Value::Number(9.0)),
                                ]),
                            )]),
                        ),
                    ]),
                ),
                Step::new(
                    2500,
                    "viewerinfo",
                    obj(&[("screenshareView", s(SCREENSHARE_VIEW)), ("scaledview", size(640.0, 480.0))]),
                ),
                Step::new(2500, "screensharepaused", view(SCREENSHARE_VIEW)),
                Step::new(2500, "screenshareresumed", view(SCREENSHARE_VIEW)),
                Step::new(3000, "screenshare", share(SCREENSHARE_VIEW, "ended", false)),
            ],
            Scenario::AgentVideo => vec![
                Step::new(0, "screenshare", share(AGENT_VIDEO_VIEW, "new", false)),
                Step::new(
                    100,
                    "viewerinfo",
                    obj(&[("screenshareView", s(AGENT_VIDEO_VIEW)), ("scaledview", size(320.0, 240.0))]),
                ),
            ],
            Scenario::UrlStartWarning => vec![Step::new(0, "urlstartwarning", Value::Null)],
            Scenario::AgentEndsSession => vec![Step::new(0, "sessionend", obj(&[("reason", s("agent"))]))],
            Scenario::VisitorVideoRequest => vec![Step::new(0, "visitorvideorequested", Value::Null)],
            Scenario::VisitorScreenshareRequest => vec![Step::new(0, "visitorscreensharerequested", Value::Null)],
            Scenario::SurfaceNotAllowed => vec![Step::new(0, "visitorscreensharesurfacenotallowed", Value::Null)],
            Scenario::AddGuestRequest => vec![Step::new(0, "addguestrequested", Value::Null)],
            Scenario::DocumentShareRequest => vec![Step::new(0, "docsharerequested", Value::Null)],
            Scenario::NavigationAssist => {
                let target = obj(&[("url", s("terms.html")), ("name", s("Our terms"))]);
                vec![Step::new(0, "navigationassist", target.clone()), Step::new(0, "navassistrequested", target)]
            }
            Scenario::NavigationConfirm => vec![Step::new(0, "confirm", obj(&[("url", s("terms.html"))]))],
            Scenario::RequestBurst => vec![
                Step::new(0, "rcrequested", Value::Null),
                Step::new(0, "visitorvideorequested", Value::Null),
                Step::new(0, "addguestrequested", Value::Null),
            ],
            Scenario::MaskedPageAndDownload => vec![
                Step::new(0, "pagemasked", obj(&[])),
                Step::new(500, "filedownloading", Value::Null),
                Step::new(3000, "filedownloaded", Value::Null),
            ],
            Scenario::SlowViewerAndWidgetMove => vec![
                Step::new(
                    0,
                    "viewerclosing",
                    obj(&[("screenshareView", s(SCREENSHARE_VIEW)), ("closereason", s("PlayerTooSlow"))]),
                ),
                Step::new(300, "widgetmoving", obj(&[("left", Value::Number(-40.0)), ("bottom", Value::Number(30.0))])),
                Step::new(100, "widgetmoving", obj(&[("left", Value::Number(-40.0)), ("bottom", Value::Number(30.0))])),
                Step::new(100, "widgetmoved", Value::Null),
            ],
        }
    }
}

pub(super) fn s(v: &str) -> Value {
    Value::String(v.to_owned())
}

pub(super) fn obj(entries: &[(&str, Value)]) -> Value {
    Value::Object(entries.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect())
}

pub(super) fn agents(names: &[&str]) -> Value {
    obj(&[
        ("count", Value::Number(names.len() as f64)),
        (
            "agentlist",
            Value::Array(
                names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| obj(&[("name", s(n)), ("role", s("agent")), ("num", Value::Number(i as f64 + 1.0))]))
                    .collect(),
            ),
        ),
    ])
}
