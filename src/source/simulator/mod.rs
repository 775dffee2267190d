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
//! // Give a clone to `provide_visitor(sim.clone())`, mount your UI, then:
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

mod scenarios;

use scenarios::{obj, s};
pub use scenarios::{Scenario, Step};

use super::{SharedDocument, Sink, SourceError, SourceMessage, StartParams, Subscription, UiRequest, VisitorSource};
use crate::event::{Answer, AnswerCalls, PromptKind, Responder, Value, VisitorEvent};

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
            if let (Answer::Accept, Some(kind)) = (answer, kind) {
                // How the simulated agent's side reacts to an accepted request (exhaustive: a new
                // kind says here what Glance does next).
                match kind {
                    PromptKind::RemoteControl => sim.react_later(300, "rc", obj(&[("enabled", Value::Bool(true))])),
                    PromptKind::VisitorVideo => {
                        inner_video_reset(&sim);
                        let size = obj(&[("width", Value::Number(320.0)), ("height", Value::Number(240.0))]);
                        sim.react_later(300, "visitorvideostarted", size);
                    }
                    PromptKind::VisitorScreenshare | PromptKind::SurfaceNotAllowed => {
                        sim.react_later(300, "visitorscreensharestarted", Value::Null)
                    }
                    PromptKind::ReverseSession
                    | PromptKind::UrlStart
                    | PromptKind::AddGuest
                    | PromptKind::DocumentShare
                    | PromptKind::NavAssist
                    | PromptKind::NavConfirm => {}
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
