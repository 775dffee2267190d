//! The browser-side core of the context: the one reducer state, its input queue, the triggers
//! that wake readers of each part, the timers, and the replies sent after every input.
//!
//! Order of work for every input, so that no callback ever runs while the state is borrowed:
//! 1. the state is borrowed mutably, the reducer applies the input and returns an
//!    [`Update`](crate::state::Update) (changes + replies); the borrow ends;
//! 2. the triggers of the changed parts fire (this only marks readers dirty);
//! 3. the replies are sent (Glance's / the source's callbacks run now; a failure queues a visible
//!    error); the observer hook sees what happened.
//!
//! Inputs that arrive while one is being handled (a callback that fires an event synchronously)
//! are queued and handled in order, never re-entrantly.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};
use std::time::Duration;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

use super::{Activity, ObserverHook, UiState};
use crate::event::{Answer, ErrorCode, GlanceError, PromptKind, RespondError, Value, VisitorEvent};
use crate::source::{warn, SourceMessage, Subscription, UiRequest, VisitorSource};
use crate::state::{Changes, SessionPhase, Update, VisitorState};

/// One trigger per part of the state ([`Changes::PARTS`]) plus one for the UI state: reading a
/// part subscribes to its trigger only, and the trigger fires only when an input changed that part.
#[derive(Clone, Copy)]
pub(super) struct Triggers {
    parts: [Trigger; Changes::PARTS.len()],
    pub(super) ui: Trigger,
}

impl Triggers {
    pub(super) fn new() -> Self {
        Triggers { parts: std::array::from_fn(|_| Trigger::new()), ui: Trigger::new() }
    }

    /// The trigger of one part (a single [`Changes`] bit).
    pub(super) fn of(&self, part: Changes) -> Trigger {
        self.parts[part.index().min(self.parts.len() - 1)]
    }

    /// Subscribes the running effect to every part in `parts`.
    pub(super) fn track(&self, parts: Changes) {
        for &part in Changes::PARTS {
            if parts.contains(part) {
                self.of(part).track();
            }
        }
    }

    fn notify(&self, changes: Changes) {
        for &part in Changes::PARTS {
            if changes.contains(part) {
                self.of(part).notify();
            }
        }
    }
}

pub(super) enum Input {
    Msg(SourceMessage),
    Answer(PromptKind, u64, Answer, Value),
    Dismiss(u64),
    StartTimeout,
    /// The visitor's `startSession` call went through while the session epoch was the one given
    /// (see [`Core::session_epoch`]); nothing is done when the session changed meanwhile.
    StartRequested(u64),
    /// The visitor ended a session whose start had not reached Glance (withdrawn from the source).
    StartWithdrawn,
    /// An action or an answer failed: shown as an error.
    Failed(GlanceError),
}

pub(super) struct Core {
    pub(super) state: RefCell<VisitorState>,
    pub(super) ui: RefCell<UiState>,
    queue: RefCell<VecDeque<Input>>,
    busy: Cell<bool>,
    /// Parts changed since the readers were last woken (see `wake`).
    unwoken: Cell<Changes>,
    pub(super) source: Rc<dyn VisitorSource>,
    start_timeout: Option<Duration>,
    auto_decline: Option<Duration>,
    observer: Option<ObserverHook>,
    pub(super) triggers: Triggers,
    pub(super) subscription: RefCell<Option<Subscription>>,
    /// What the kit put into the page besides the subscription (the masking provider), released
    /// on close.
    pub(super) installed: RefCell<Vec<Box<dyn std::any::Any>>>,
    start_timer: RefCell<Option<Timeout>>,
    prompt_timer: RefCell<Option<(u64, Timeout)>>,
    /// Counts the changes of the session phase (a source that answers `startSession` with events
    /// at once changes it during the call).
    pub(super) session_epoch: Cell<u64>,
    /// What the shown prompt's extra part produced for its answer (request id, detail).
    pub(super) detail: RefCell<Option<(u64, super::AnswerDetail)>>,
}

impl Drop for Core {
    fn drop(&mut self) {
        self.close();
    }
}

impl Core {
    pub(super) fn new(source: Rc<dyn VisitorSource>, options: &super::VisitorOptions, triggers: Triggers) -> Rc<Self> {
        Rc::new(Core {
            state: RefCell::new(VisitorState::new()),
            ui: RefCell::new(UiState::default()),
            queue: RefCell::new(VecDeque::new()),
            busy: Cell::new(false),
            unwoken: Cell::new(Changes::NONE),
            source,
            start_timeout: options.start_timeout,
            auto_decline: options.auto_decline,
            observer: options.observer.clone(),
            triggers,
            subscription: RefCell::new(None),
            installed: RefCell::new(Vec::new()),
            start_timer: RefCell::new(None),
            prompt_timer: RefCell::new(None),
            session_epoch: Cell::new(0),
            detail: RefCell::new(None),
        })
    }

    /// Ends the subscription (listeners removed) and the timers, and declines every pending
    /// request (an unmounted UI can answer nothing, and Glance must not wait).
    pub(super) fn close(&self) {
        drop(self.subscription.borrow_mut().take());
        drop(std::mem::take(&mut *self.installed.borrow_mut()));
        drop(self.start_timer.borrow_mut().take());
        drop(self.prompt_timer.borrow_mut().take());
        // The reducer declines what is pending; the replies go out once the state is released.
        let update = match self.state.try_borrow_mut() {
            Ok(mut state) => state.close(),
            Err(_) => Update::default(),
        };
        let _ = update.send();
    }

    /// Queues an input and, unless already inside, handles everything queued, in order.
    pub(super) fn push(self: &Rc<Self>, input: Input) {
        self.queue.borrow_mut().push_back(input);
        if self.busy.replace(true) {
            return;
        }
        loop {
            let next = self.queue.borrow_mut().pop_front();
            let Some(input) = next else { break };
            let mut seen = Vec::new();
            // 1. The reducer (the only borrow of the state; it ends with this statement).
            let update = self.handle(input, &mut seen);
            // 2. Wake the readers of what changed; keep the key and the timers in step.
            if !update.changes.is_empty() {
                self.after(update.changes);
            }
            // 3. Send the replies, now that nothing is borrowed.
            for reply in &update.replies {
                let result = reply.send();
                if let Err(RespondError::Failed(_, why)) = &result {
                    self.queue.borrow_mut().push_back(Input::Failed(GlanceError::kit(ErrorCode::AnswerFailed, why)));
                }
                seen.push(Activity::Answered {
                    kind: reply.kind,
                    answer: reply.answer,
                    by_visitor: reply.by_visitor,
                    result: result.clone(),
                });
                if let (false, Some(feature)) = (reply.kind.compiled_in(), reply.kind.feature()) {
                    seen.push(Activity::Warning(format!(
                        "`{}` declined: this build leaves out its flow (cargo feature `{feature}`)",
                        reply.kind.event_name()
                    )));
                }
            }
            self.observe(&seen);
        }
        self.busy.set(false);
    }

    /// Wakes the readers of `changes` once per burst: the parts are collected and their triggers
    /// fire in one microtask (readers run later anyway, in their effects), so a burst of events
    /// costs one notification per part instead of one per event. Getters read the state itself,
    /// which is always current.
    fn wake(self: &Rc<Self>, changes: Changes) {
        let before = self.unwoken.get();
        self.unwoken.set(before | changes);
        if !before.is_empty() {
            return;
        }
        let weak = Rc::downgrade(self);
        crate::dom::microtask(move || {
            if let Some(core) = weak.upgrade() {
                let changes = core.unwoken.replace(Changes::NONE);
                core.triggers.notify(changes);
            }
        });
    }

    /// An action ran (outside any borrow): a failure shows as an error; the observer sees it.
    pub(super) fn acted(self: &Rc<Self>, name: &'static str, result: &Result<(), crate::source::SourceError>) {
        if let Err(e) = result {
            self.push(Input::Failed(GlanceError::kit(ErrorCode::ActionFailed, e.to_string())));
        }
        self.observe(&[Activity::Action { name, result: result.clone() }]);
    }

    fn observe(&self, seen: &[Activity]) {
        for activity in seen {
            if activity.is_problem() {
                warn(&activity.to_string());
            }
            if let Some(observer) = &self.observer {
                observer.call(activity);
            }
        }
    }

    fn handle(&self, input: Input, seen: &mut Vec<Activity>) -> Update {
        let changes = match input {
            Input::Msg(SourceMessage::Event(ev)) => {
                // Events are copied for the observer only when there is one (per-event work stays small).
                match &ev {
                    VisitorEvent::Unknown { name, raw } => {
                        seen.push(Activity::Unknown { name: name.clone(), payload: raw.clone() })
                    }
                    other if self.observer.is_some() => seen.push(Activity::Event(other.clone())),
                    _ => {}
                }
                // Glance's own `sessionstarting`: the start timeout counts from here (not from the
                // visitor's click, which may have waited for Glance's script); `after` arms it anew.
                if matches!(ev, VisitorEvent::SessionStarting) {
                    self.start_timer.borrow_mut().take();
                }
                return self.state.borrow_mut().apply(ev);
            }
            Input::Msg(SourceMessage::Warning(text)) => {
                seen.push(Activity::Warning(text));
                Changes::NONE
            }
            Input::Msg(SourceMessage::Malformed(e)) => {
                seen.push(Activity::Malformed(e));
                Changes::NONE
            }
            Input::Msg(SourceMessage::Refused(request, error)) => {
                return self.state.borrow_mut().refuse(request, error)
            }
            Input::Msg(SourceMessage::Ui(request)) => {
                {
                    // Glance's own UI opens no terms during a session (a start would be refused).
                    let in_session = self.state.borrow().session.phase.in_session();
                    let mut ui = self.ui.borrow_mut();
                    match &request {
                        UiRequest::ShowTerms(_) if in_session => {}
                        UiRequest::ShowTerms(params) => ui.terms = Some(params.clone()),
                        UiRequest::ShowButton(show) => ui.button_hidden = !show,
                        UiRequest::ToggleButton => ui.button_hidden = !ui.button_hidden,
                    }
                }
                seen.push(Activity::Ui(request));
                self.triggers.ui.notify();
                Changes::NONE
            }
            Input::Answer(kind, id, answer, detail) => {
                let result = self.state.borrow_mut().answer_with(kind, id, answer, detail);
                return result.unwrap_or_default();
            }
            Input::Dismiss(id) => self.state.borrow_mut().dismiss_error(id),
            Input::StartTimeout => {
                let changes = self.state.borrow_mut().start_timed_out("");
                // A start still waiting for Glance's script must not begin a session later, after
                // the visitor was told it failed.
                if !changes.is_empty() {
                    self.source.cancel_start();
                }
                changes
            }
            Input::StartWithdrawn => self.state.borrow_mut().start_withdrawn(),
            Input::StartRequested(epoch) if epoch == self.session_epoch.get() => {
                self.state.borrow_mut().start_requested()
            }
            Input::StartRequested(_) => Changes::NONE,
            Input::Failed(error) => self.state.borrow_mut().report_error(error),
        };
        Update { changes, replies: Vec::new() }
    }

    /// After a change: wake the readers of the changed parts, and keep the key and timers in step.
    fn after(self: &Rc<Self>, changes: Changes) {
        self.wake(changes);
        if !changes.contains(Changes::SESSION) && !changes.contains(Changes::PROMPTS) {
            return;
        }
        let (phase, current) = {
            let s = self.state.borrow();
            (s.session.phase.clone(), s.current_prompt().map(|p| (p.kind(), p.id)))
        };
        if changes.contains(Changes::SESSION) {
            self.session_epoch.set(self.session_epoch.get() + 1);
            // The source is asked outside any borrow of the state or the UI state.
            let key = if phase.in_session() { self.source.session_key() } else { None };
            let changed = {
                let mut ui = self.ui.borrow_mut();
                let changed = ui.session_key != key;
                ui.session_key = key;
                changed
            };
            if changed {
                self.triggers.ui.notify();
            }
            self.arm_start_timer(&phase);
        }
        if changes.contains(Changes::PROMPTS) {
            self.arm_prompt_timer(current);
        }
    }

    fn arm_start_timer(self: &Rc<Self>, phase: &SessionPhase) {
        let mut timer = self.start_timer.borrow_mut();
        match (phase, self.start_timeout) {
            (SessionPhase::Starting, Some(limit)) if timer.is_none() => {
                let weak = Rc::downgrade(self);
                *timer = Some(Timeout::new(millis(limit), move || {
                    if let Some(core) = weak.upgrade() {
                        core.start_timer.borrow_mut().take();
                        core.push(Input::StartTimeout);
                    }
                }));
            }
            (SessionPhase::Starting, _) => {}
            _ => {
                timer.take();
            }
        }
    }

    /// Auto-decline: the prompt the visitor sees is declined after the configured time (a queued
    /// request's time starts when it is shown). Its deadline is in the UI state for a countdown.
    fn arm_prompt_timer(self: &Rc<Self>, current: Option<(PromptKind, u64)>) {
        let Some(limit) = self.auto_decline else { return };
        let mut timer = self.prompt_timer.borrow_mut();
        if timer.as_ref().map(|(id, _)| *id) == current.map(|(_, id)| id) {
            return;
        }
        *timer = current.map(|(kind, id)| {
            let weak: Weak<Core> = Rc::downgrade(self);
            let t = Timeout::new(millis(limit), move || {
                if let Some(core) = weak.upgrade() {
                    core.push(Input::Answer(kind, id, Answer::Decline, Value::Null));
                }
            });
            (id, t)
        });
        drop(timer);
        let deadline = current.map(|(_, id)| (id, crate::dom::now_ms() + limit.as_secs_f64() * 1000.0));
        self.ui.borrow_mut().decline_deadline = deadline;
        self.triggers.ui.notify();
    }
}

fn millis(d: Duration) -> u32 {
    d.as_millis().min(u32::MAX as u128) as u32
}
