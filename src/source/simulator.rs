//! A scripted agent: emits visitor events through the same decode path as the Glance binding, and
//! reacts to the visitor's answers and actions. Used by the demo, the kit's tests, and integrators'
//! tests.
//!
//! # Driving it from your own tests
//!
//! ```no_run
//! use glance_visitor_kit::event::Answer;
//! use glance_visitor_kit::source::{Scenario, Simulator};
//!
//! // Time scale 0: every step runs on the next timer turn, one after the other.
//! let sim = Simulator::new().with_time_scale(0.0);
//! // Give a clone to `provide_visitor(sim.clone(), VisitorOptions::default())`, mount your UI, then:
//! sim.run(Scenario::RemoteControlRequest);
//! // ... click "Allow" in your UI, await a few ticks ...
//! assert_eq!(sim.answers(), vec![("rcrequested".to_string(), Answer::Accept)]);
//! ```
//!
//! [`Simulator::emit`] delivers one event at once; [`Simulator::schedule`] runs your own script of
//! [`Step`]s; [`Simulator::run`] runs a ready [`Scenario`].

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo_timers::callback::Timeout;

use super::{SharedDocument, Sink, SourceError, SourceMessage, StartParams, Subscription, UiRequest, VisitorSource};
use crate::event::{
    Answer, AnswerCalls, PromptKind, Responder, Value, VisitorEvent, AGENT_VIDEO_VIEW, SCREENSHARE_VIEW,
};

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

fn s(v: &str) -> Value {
    Value::String(v.to_owned())
}

fn obj(entries: &[(&str, Value)]) -> Value {
    Value::Object(entries.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect())
}

fn agents(names: &[&str]) -> Value {
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

struct Inner {
    sinks: RefCell<Vec<(u64, Sink)>>,
    next_id: Cell<u64>,
    timers: RefCell<Vec<(u64, Timeout)>>,
    scale: Cell<f64>,
    answers: RefCell<Vec<(String, Answer)>>,
    key: RefCell<Option<String>>,
    share_page: RefCell<Option<String>>,
    /// The visitor video: paused, large.
    video: Cell<(bool, bool)>,
    /// Documents the visitor shared: (name, bytes).
    documents: RefCell<Vec<(String, f64)>>,
}

/// The scripted agent. Clones share one agent. See the module documentation.
#[derive(Clone)]
pub struct Simulator(Rc<Inner>);

impl Default for Simulator {
    fn default() -> Self {
        Simulator(Rc::new(Inner {
            sinks: RefCell::new(Vec::new()),
            next_id: Cell::new(0),
            timers: RefCell::new(Vec::new()),
            scale: Cell::new(1.0),
            answers: RefCell::new(Vec::new()),
            key: RefCell::new(None),
            share_page: RefCell::new(None),
            video: Cell::new((false, false)),
            documents: RefCell::new(Vec::new()),
        }))
    }
}

impl std::fmt::Debug for Simulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Simulator").field("answers", &self.0.answers.borrow()).finish()
    }
}

impl Simulator {
    /// A simulator at real speed.
    pub fn new() -> Self {
        Self::default()
    }

    /// Scales every delay (`0.0`: each step on the next timer turn; `2.0`: twice as slow).
    pub fn with_time_scale(self, scale: f64) -> Self {
        self.0.scale.set(if scale.is_finite() && scale >= 0.0 { scale } else { 1.0 });
        self
    }

    /// The demo's stand-in for Glance's viewer: when a view starts, the simulator (standing in for
    /// Glance, which owns the iframes' `src`) points the iframe with that view's id at `url`.
    pub fn with_share_page(self, url: &str) -> Self {
        *self.0.share_page.borrow_mut() = Some(url.to_owned());
        self
    }

    /// Every answer the visitor gave to the simulator's prompts, in order: (event name, answer).
    pub fn answers(&self) -> Vec<(String, Answer)> {
        self.0.answers.borrow().clone()
    }

    /// The documents the visitor shared, in order: (file name, size in bytes).
    pub fn documents(&self) -> Vec<(String, f64)> {
        self.0.documents.borrow().clone()
    }

    /// How many subscribers are attached (0 after every subscription was dropped).
    pub fn subscribers(&self) -> usize {
        self.0.sinks.borrow().len()
    }

    /// How many scheduled steps have not run yet.
    pub fn pending_steps(&self) -> usize {
        self.0.timers.borrow().len()
    }

    /// Cancels every scheduled step.
    pub fn cancel(&self) {
        self.0.timers.borrow_mut().clear();
    }

    /// Emits one event now, decoded exactly as a Glance payload would be. Requests get a
    /// responder that records the answer and reacts like an agent would.
    pub fn emit(&self, name: &str, payload: Value) {
        let weak = Rc::downgrade(&self.0);
        let make = |calls: AnswerCalls| prompt_responder(weak.clone(), name, calls);
        let msg = match VisitorEvent::decode(name, &payload, &make) {
            Ok(ev) => {
                if let VisitorEvent::Screenshare(info) = &ev {
                    if info.state.is_live() {
                        self.point_iframe(&info.view);
                    }
                }
                SourceMessage::Event(ev)
            }
            Err(e) => SourceMessage::Malformed(e),
        };
        self.deliver(msg);
    }

    /// Asks the UI to open the terms prompt, as Glance's `showTerms` would.
    pub fn show_terms(&self, params: StartParams) {
        self.deliver(SourceMessage::Ui(UiRequest::ShowTerms(params)));
    }

    fn deliver(&self, msg: SourceMessage) {
        // Clone the sinks out first: a sink may subscribe or unsubscribe while it runs. Every
        // subscriber gets the message; clones of a responder share one answer-once guard.
        let sinks: Vec<Sink> = self.0.sinks.borrow().iter().map(|(_, s)| s.clone()).collect();
        for sink in sinks {
            sink(msg.clone());
        }
    }

    fn point_iframe(&self, view: &str) {
        let Some(url) = self.0.share_page.borrow().clone() else { return };
        let Some(el) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(view)) else {
            return;
        };
        if el.get_attribute("src").as_deref() != Some(url.as_str()) {
            let _ = el.set_attribute("src", &url);
        }
    }

    /// Runs a script: each step after its delay (scaled) since the previous one.
    pub fn schedule(&self, steps: Vec<Step>) {
        let mut at = 0f64;
        for step in steps {
            at += f64::from(step.after_ms) * self.0.scale.get();
            self.later(at as u32, move |sim| sim.emit(&step.name, step.payload.clone()));
        }
    }

    /// Runs a ready scenario.
    pub fn run(&self, scenario: Scenario) {
        self.schedule(scenario.steps());
    }

    fn later(&self, ms: u32, f: impl FnOnce(&Simulator) + 'static) {
        let id = self.0.next_id.get() + 1;
        self.0.next_id.set(id);
        let weak = Rc::downgrade(&self.0);
        let t = Timeout::new(ms, move || {
            let Some(inner) = weak.upgrade() else { return };
            let sim = Simulator(inner);
            sim.0.timers.borrow_mut().retain(|(i, _)| *i != id);
            f(&sim);
        });
        self.0.timers.borrow_mut().push((id, t));
    }

    fn react_later(&self, ms: u32, name: &'static str, payload: Value) {
        let scaled = (f64::from(ms) * self.0.scale.get()) as u32;
        self.later(scaled, move |sim| sim.emit(name, payload));
    }
}

fn inner_video_reset(sim: &Simulator) {
    sim.0.video.set((false, false));
}

/// A responder that records `(event, answer)` (the second step of a request records
/// `event:callback`, e.g. `docsharerequested:onconfirm`) and reacts as an agent would.
fn prompt_responder(weak: Weak<Inner>, name: &str, calls: AnswerCalls) -> Responder {
    let kind = PromptKind::from_event(name);
    let label = match kind.and_then(PromptKind::followup_calls) {
        Some(followup) if followup == calls => format!("{name}:{}", calls.accept),
        _ => name.to_owned(),
    };
    let answer = move |answer: Answer| {
        let weak = weak.clone();
        let label = label.clone();
        move |_: &Value| {
            let Some(inner) = weak.upgrade() else { return Ok(()) };
            inner.answers.borrow_mut().push((label.clone(), answer));
            let sim = Simulator(inner);
            if answer == Answer::Accept {
                match kind {
                    Some(PromptKind::RemoteControl) => {
                        sim.react_later(300, "rc", obj(&[("enabled", Value::Bool(true))]))
                    }
                    Some(PromptKind::VisitorVideo) => {
                        inner_video_reset(&sim);
                        let size = obj(&[("width", Value::Number(320.0)), ("height", Value::Number(240.0))]);
                        sim.react_later(300, "visitorvideostarted", size);
                    }
                    Some(PromptKind::VisitorScreenshare) | Some(PromptKind::SurfaceNotAllowed) => {
                        sim.react_later(300, "visitorscreensharestarted", Value::Null)
                    }
                    _ => {}
                }
            }
            Ok(())
        }
    };
    Responder::new(Some(Box::new(answer(Answer::Accept))), Some(Box::new(answer(Answer::Decline))))
}

impl VisitorSource for Simulator {
    fn subscribe(&self, sink: Sink) -> Subscription {
        let id = self.0.next_id.get() + 1;
        self.0.next_id.set(id);
        self.0.sinks.borrow_mut().push((id, sink));
        let weak = Rc::downgrade(&self.0);
        Subscription::new(move || {
            if let Some(inner) = weak.upgrade() {
                inner.sinks.borrow_mut().retain(|(i, _)| *i != id);
                if inner.sinks.borrow().is_empty() {
                    inner.timers.borrow_mut().clear();
                }
            }
        })
    }

    fn start_session(&self, params: &StartParams) -> Result<(), SourceError> {
        let key = params.session_key.clone().unwrap_or_else(|| {
            // A random-looking four-digit key, like Glance's random keys.
            let n = (js_sys::Math::random() * 9000.0) as u32 + 1000;
            n.to_string()
        });
        *self.0.key.borrow_mut() = Some(key);
        self.run(Scenario::FullSession);
        Ok(())
    }

    fn stop_session(&self) -> Result<(), SourceError> {
        self.cancel();
        self.react_later(0, "sessionend", obj(&[("reason", s("visitor"))]));
        Ok(())
    }

    fn enable_rc(&self, enabled: bool) -> Result<(), SourceError> {
        self.react_later(0, "rc", obj(&[("enabled", Value::Bool(enabled))]));
        Ok(())
    }

    fn pause_session(&self, pause: bool, _message: Option<&str>) -> Result<(), SourceError> {
        self.react_later(0, "sessionpaused", obj(&[("paused", Value::Bool(pause))]));
        Ok(())
    }

    fn session_key(&self) -> Option<String> {
        self.0.key.borrow().clone()
    }

    fn toggle_video(&self) -> Result<(), SourceError> {
        let (paused, large) = self.0.video.get();
        self.0.video.set((!paused, large));
        self.react_later(0, if paused { "visitorvideoresumed" } else { "visitorvideopaused" }, Value::Null);
        Ok(())
    }

    fn toggle_video_size(&self) -> Result<(), SourceError> {
        let (paused, large) = self.0.video.get();
        self.0.video.set((paused, !large));
        self.react_later(0, "visitorvideoresize", s(if large { "small" } else { "large" }));
        Ok(())
    }

    fn stop_video(&self) -> Result<(), SourceError> {
        self.0.video.set((false, false));
        self.react_later(0, "visitorvideoended", Value::Null);
        Ok(())
    }

    fn send_document(&self, document: &SharedDocument) -> Result<(), SourceError> {
        self.0.documents.borrow_mut().push((document.name.clone(), document.size));
        Ok(())
    }
}
