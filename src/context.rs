//! The reactive context: joins a [`VisitorSource`] to the components.
//!
//! [`provide_visitor`] subscribes to the source (in an effect, so never on the server) and feeds every
//! message through the pure reducer ([`VisitorState::apply`]). The state lives once, in the reducer;
//! each part of it has a trigger that fires when an input changed that part, and the getters of
//! [`VisitorContext`] subscribe to their part's trigger only: the agent badge is not woken when the
//! viewer size changes. [`use_visitor`] returns the context with those getters and the visitor's
//! actions.
//!
//! Messages that arrive while another one is being applied (a Glance callback that fires an event
//! synchronously) are queued and applied in order, never re-entrantly.
//!
//! Everything is released when the owner is disposed (unmount): the subscription (listeners removed),
//! the start timer, the prompt timers.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};
use std::time::Duration;

use gloo_timers::callback::Timeout;
use leptos::prelude::*;

use crate::event::{AgentInfo, Answer, ErrorCode, GlanceError, Value, VisitorEvent};
use crate::messages::Messages;
use crate::source::{warn, SourceError, SourceMessage, StartParams, Subscription, UiRequest, VisitorSource};
use crate::state::{
    AnswerError, Changes, Connection, ErrorEntry, PromptKind, RemoteControl, ReverseSession, SessionPhase, ViewState,
    VisitorState,
};

/// Options of [`provide_visitor`].
#[derive(Clone, Debug, PartialEq)]
pub struct VisitorOptions {
    /// A session stuck in "starting" longer than this ends with a visible error. `None`: never.
    /// Default 30 s.
    pub start_timeout: Option<Duration>,
    /// Decline a prompt the visitor has not answered after this long. Default `None` (off).
    pub auto_decline: Option<Duration>,
    /// The strings the components show.
    pub messages: Messages,
    /// Inject the kit's CSS (`style/gvk.css`) into `<head>` once. Default true; turn it off when the
    /// page links the file itself.
    pub inject_css: bool,
}

impl Default for VisitorOptions {
    fn default() -> Self {
        VisitorOptions {
            start_timeout: Some(Duration::from_secs(30)),
            auto_decline: None,
            messages: Messages::default(),
            inject_css: true,
        }
    }
}

/// A pending prompt as the components see it (its responder stays inside the state).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PromptInfo {
    /// The prompt's id: answer with it, so a late click never answers a newer prompt.
    pub id: u64,
    /// Which prompt.
    pub kind: PromptKind,
    /// Remote control of some areas only.
    pub selective: bool,
}

/// The kit's CSS, as injected by [`provide_visitor`].
pub const CSS: &str = include_str!("../style/gvk.css");

/// One trigger per part of the state: reading a part subscribes to its trigger only, and the
/// trigger fires only when an input changed that part.
#[derive(Clone, Copy)]
struct Triggers {
    session: Trigger,
    connection: Trigger,
    errors: Trigger,
    agents: Trigger,
    remote_control: Trigger,
    reverse: Trigger,
    url_start: Trigger,
    views: Trigger,
    flags: Trigger,
    ui: Trigger,
}

impl Triggers {
    fn new() -> Self {
        Triggers {
            session: Trigger::new(),
            connection: Trigger::new(),
            errors: Trigger::new(),
            agents: Trigger::new(),
            remote_control: Trigger::new(),
            reverse: Trigger::new(),
            url_start: Trigger::new(),
            views: Trigger::new(),
            flags: Trigger::new(),
            ui: Trigger::new(),
        }
    }

    fn notify(&self, changes: Changes) {
        for (part, trigger) in [
            (Changes::SESSION, self.session),
            (Changes::CONNECTION, self.connection),
            (Changes::ERRORS, self.errors),
            (Changes::AGENTS, self.agents),
            (Changes::REMOTE_CONTROL, self.remote_control),
            (Changes::REVERSE, self.reverse),
            (Changes::URL_START, self.url_start),
            (Changes::VIEWS, self.views),
            (Changes::FLAGS, self.flags),
        ] {
            if changes.contains(part) {
                trigger.notify();
            }
        }
    }
}

/// What the UI shows that is not Glance's state: the terms prompt, the start button, the key.
#[derive(Default)]
struct UiState {
    terms: Option<StartParams>,
    button_hidden: bool,
    session_key: Option<String>,
}

/// The visitor state, read reactively, and the visitor's actions. `Copy`: pass it around freely.
///
/// Every getter subscribes the calling closure to that part of the state only (one trigger per
/// part; a badge that reads [`agents`](Self::agents) is not woken by `viewerinfo`). The state itself
/// lives once, in the reducer; nothing is mirrored.
#[derive(Clone, Copy)]
pub struct VisitorContext {
    /// The strings.
    pub messages: StoredValue<Messages>,
    triggers: Triggers,
    core: StoredValue<Rc<Core>, LocalStorage>,
}

enum Input {
    Msg(SourceMessage),
    Answer(PromptKind, u64, Answer),
    Dismiss(u64),
    StartTimeout,
    ActionFailed(SourceError),
}

struct Core {
    state: RefCell<VisitorState>,
    ui: RefCell<UiState>,
    queue: RefCell<VecDeque<Input>>,
    busy: Cell<bool>,
    source: Rc<dyn VisitorSource>,
    start_timeout: Option<Duration>,
    auto_decline: Option<Duration>,
    triggers: Triggers,
    subscription: RefCell<Option<Subscription>>,
    start_timer: RefCell<Option<Timeout>>,
    prompt_timers: RefCell<Vec<(u64, Timeout)>>,
}

impl Drop for Core {
    fn drop(&mut self) {
        self.close();
    }
}

impl Core {
    fn close(&self) {
        drop(self.subscription.borrow_mut().take());
        drop(self.start_timer.borrow_mut().take());
        self.prompt_timers.borrow_mut().clear();
    }

    /// Queues an input and, unless already inside, applies everything queued, in order.
    fn push(self: &Rc<Self>, input: Input) {
        self.queue.borrow_mut().push_back(input);
        if self.busy.replace(true) {
            return;
        }
        loop {
            let next = self.queue.borrow_mut().pop_front();
            let Some(input) = next else { break };
            let changes = self.handle(input);
            if !changes.is_empty() {
                self.after(changes);
            }
        }
        self.busy.set(false);
    }

    fn handle(self: &Rc<Self>, input: Input) -> Changes {
        match input {
            Input::Msg(SourceMessage::Event(ev)) => {
                if let VisitorEvent::Unknown { name, raw } = &ev {
                    warn(&format!("ignored unknown visitor event `{name}` with payload {raw}"));
                }
                self.state.borrow_mut().apply(ev)
            }
            Input::Msg(SourceMessage::Malformed(e)) => {
                warn(&format!("ignored malformed event: {e}"));
                Changes::NONE
            }
            Input::Msg(SourceMessage::Ui(request)) => {
                let mut ui = self.ui.borrow_mut();
                match request {
                    UiRequest::ShowTerms(params) => ui.terms = Some(params),
                    UiRequest::ShowButton(show) => ui.button_hidden = !show,
                    UiRequest::ToggleButton => ui.button_hidden = !ui.button_hidden,
                }
                drop(ui);
                self.triggers.ui.notify();
                Changes::NONE
            }
            Input::Answer(kind, id, answer) => {
                let result = self.state.borrow_mut().answer(kind, id, answer);
                match result {
                    Ok(changes) => changes,
                    Err(AnswerError::NotPending) => Changes::NONE,
                    Err(AnswerError::Respond(e)) => {
                        warn(&format!("answering the prompt failed: {e}"));
                        // The prompt closed all the same.
                        Changes::REMOTE_CONTROL | Changes::REVERSE | Changes::URL_START
                    }
                }
            }
            Input::Dismiss(id) => self.state.borrow_mut().dismiss_error(id),
            Input::StartTimeout => self.state.borrow_mut().start_timed_out(""),
            Input::ActionFailed(e) => {
                warn(&e.to_string());
                self.state.borrow_mut().apply(VisitorEvent::Error(GlanceError {
                    code: ErrorCode::ActionFailed,
                    msg: e.to_string(),
                    server: None,
                    script: None,
                    params: Value::Null,
                }))
            }
        }
    }

    /// After a change: wake the readers of the changed parts, and keep the key and timers in step.
    fn after(self: &Rc<Self>, changes: Changes) {
        self.triggers.notify(changes);
        let (phase, pending) = {
            let s = self.state.borrow();
            let pending = [s.rc_prompt.as_ref(), s.reverse_prompt.as_ref(), s.urlstart_prompt.as_ref()]
                .into_iter()
                .flatten()
                .map(|p| (p.kind, p.id))
                .collect::<Vec<_>>();
            (s.phase.clone(), pending)
        };
        if changes.contains(Changes::SESSION) {
            let key = if phase.in_session() { self.source.session_key() } else { None };
            let mut ui = self.ui.borrow_mut();
            if ui.session_key != key {
                ui.session_key = key;
                drop(ui);
                self.triggers.ui.notify();
            }
            self.arm_start_timer(&phase);
        }
        self.arm_prompt_timers(&pending);
    }

    fn arm_start_timer(self: &Rc<Self>, phase: &SessionPhase) {
        let mut timer = self.start_timer.borrow_mut();
        match (phase, self.start_timeout) {
            (SessionPhase::Starting, Some(limit)) if timer.is_none() => {
                let weak = Rc::downgrade(self);
                let ms = limit.as_millis().min(u32::MAX as u128) as u32;
                *timer = Some(Timeout::new(ms, move || {
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

    /// Auto-decline: one timer per pending prompt; timers of prompts that closed are dropped.
    fn arm_prompt_timers(self: &Rc<Self>, pending: &[(PromptKind, u64)]) {
        let Some(limit) = self.auto_decline else { return };
        let mut timers = self.prompt_timers.borrow_mut();
        timers.retain(|(id, _)| pending.iter().any(|(_, p)| p == id));
        for &(kind, id) in pending {
            if timers.iter().any(|(t, _)| *t == id) {
                continue;
            }
            let weak: Weak<Core> = Rc::downgrade(self);
            let ms = limit.as_millis().min(u32::MAX as u128) as u32;
            timers.push((
                id,
                Timeout::new(ms, move || {
                    if let Some(core) = weak.upgrade() {
                        core.push(Input::Answer(kind, id, Answer::Decline));
                    }
                }),
            ));
        }
    }

    fn action(self: &Rc<Self>, result: Result<(), SourceError>) -> Result<(), SourceError> {
        if let Err(e) = &result {
            self.push(Input::ActionFailed(e.clone()));
        }
        result
    }
}

/// Provides the visitor context to the components below it, subscribed to `source`. Call it once,
/// in the component that holds the kit (the parent of [`VisitorUi`](crate::VisitorUi) or of the
/// single components). The subscription starts in an effect: in the browser after the first render,
/// never on the server.
pub fn provide_visitor(source: impl VisitorSource + 'static, options: VisitorOptions) -> VisitorContext {
    let inject_css = options.inject_css;
    let triggers = Triggers::new();
    let core = Rc::new(Core {
        state: RefCell::new(VisitorState::new()),
        ui: RefCell::new(UiState::default()),
        queue: RefCell::new(VecDeque::new()),
        busy: Cell::new(false),
        source: Rc::new(source),
        start_timeout: options.start_timeout,
        auto_decline: options.auto_decline,
        triggers,
        subscription: RefCell::new(None),
        start_timer: RefCell::new(None),
        prompt_timers: RefCell::new(Vec::new()),
    });
    let ctx = VisitorContext {
        messages: StoredValue::new(options.messages),
        triggers,
        core: StoredValue::new_local(core.clone()),
    };
    provide_context(ctx);

    // Subscribe in the browser only (effects do not run on the server).
    let weak = Rc::downgrade(&core);
    Effect::new(move |_| {
        let Some(core) = weak.upgrade() else { return };
        if core.subscription.borrow().is_some() {
            return;
        }
        if inject_css {
            inject_style();
        }
        let sink_core = Rc::downgrade(&core);
        let sub = core.source.subscribe(Rc::new(move |msg| {
            if let Some(core) = sink_core.upgrade() {
                core.push(Input::Msg(msg));
            }
        }));
        *core.subscription.borrow_mut() = Some(sub);
    });
    // Release everything when the owner goes (the stored Core is dropped with it, too).
    let stored = ctx.core;
    on_cleanup(move || {
        stored.try_with_value(|core| core.close());
    });
    ctx
}

/// Adds `<style id="gvk-style">` once, unless the page already has it or links `gvk.css`
/// (`<link data-gvk-style ...>`).
fn inject_style() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if doc.get_element_by_id("gvk-style").is_some()
        || doc.query_selector("link[data-gvk-style]").ok().flatten().is_some()
    {
        return;
    }
    let Ok(style) = doc.create_element("style") else { return };
    style.set_id("gvk-style");
    style.set_text_content(Some(CSS));
    if let Some(head) = doc.head() {
        let _ = head.append_child(&style);
    }
}

/// The context provided by [`provide_visitor`], if any.
pub fn try_use_visitor() -> Option<VisitorContext> {
    use_context::<VisitorContext>()
}

/// The context provided by [`provide_visitor`].
///
/// # Panics
/// When no ancestor called [`provide_visitor`]: a programming error of the host app, found at once
/// in development (the components themselves use [`try_use_visitor`] and render nothing instead).
pub fn use_visitor() -> VisitorContext {
    try_use_visitor().expect("use_visitor(): call provide_visitor(...) in an ancestor component")
}

impl VisitorContext {
    fn core(&self) -> Option<Rc<Core>> {
        self.core.try_with_value(Rc::clone)
    }

    /// Reads the state after subscribing to `trigger` (a disposed context reads as the idle state).
    fn read<R>(&self, trigger: Trigger, f: impl Fn(&VisitorState) -> R) -> R {
        trigger.track();
        self.core.try_with_value(|c| f(&c.state.borrow())).unwrap_or_else(|| f(&VisitorState::new()))
    }

    fn read_ui<R>(&self, f: impl Fn(&UiState) -> R) -> R {
        self.triggers.ui.track();
        self.core.try_with_value(|c| f(&c.ui.borrow())).unwrap_or_else(|| f(&UiState::default()))
    }

    /// Session phase.
    pub fn phase(&self) -> SessionPhase {
        self.read(self.triggers.session, |s| s.phase.clone())
    }
    /// Whether a session is starting or running.
    pub fn in_session(&self) -> bool {
        self.read(self.triggers.session, |s| s.phase.in_session())
    }
    /// Session paused (`sessionpaused`).
    pub fn paused(&self) -> bool {
        self.read(self.triggers.session, |s| s.paused)
    }
    /// Connection.
    pub fn connection(&self) -> Connection {
        self.read(self.triggers.connection, |s| s.connection)
    }
    /// Errors, newest first.
    pub fn errors(&self) -> Vec<ErrorEntry> {
        self.read(self.triggers.errors, |s| s.errors.clone())
    }
    /// Agent count.
    pub fn agents(&self) -> u32 {
        self.read(self.triggers.agents, |s| s.agents)
    }
    /// The agents' display names, when Glance sends an agent list.
    pub fn agent_names(&self) -> Vec<String> {
        self.read(self.triggers.agents, |s| {
            s.agent_list.iter().flatten().filter_map(|a| a.display_name().map(str::to_owned)).collect()
        })
    }
    /// The agent list, when Glance sends one.
    pub fn agent_list(&self) -> Option<Vec<AgentInfo>> {
        self.read(self.triggers.agents, |s| s.agent_list.clone())
    }
    /// Remote control.
    pub fn remote_control(&self) -> RemoteControl {
        self.read(self.triggers.remote_control, VisitorState::remote_control)
    }
    /// Reverse session.
    pub fn reverse_session(&self) -> ReverseSession {
        self.read(self.triggers.reverse, VisitorState::reverse_session)
    }
    /// The pending prompt of a kind.
    pub fn prompt(&self, kind: PromptKind) -> Option<PromptInfo> {
        let trigger = match kind {
            PromptKind::RemoteControl => self.triggers.remote_control,
            PromptKind::ReverseSession => self.triggers.reverse,
            PromptKind::UrlStart => self.triggers.url_start,
        };
        self.read(trigger, |s| s.prompt(kind).map(|p| PromptInfo { id: p.id, kind: p.kind, selective: p.selective }))
    }
    /// One view's state (default: hidden, no size), including its viewer statistics.
    pub fn view(&self, name: &str) -> ViewState {
        self.read(self.triggers.views, |s| s.views.get(name).cloned().unwrap_or_default())
    }
    /// Accessibility features on.
    pub fn accessibility(&self) -> bool {
        self.read(self.triggers.flags, |s| s.accessibility)
    }
    /// This window has session focus.
    pub fn focused(&self) -> bool {
        self.read(self.triggers.flags, |s| s.focused)
    }
    /// The session key (`getKey()`), while in a session.
    pub fn session_key(&self) -> Option<String> {
        self.read_ui(|u| u.session_key.clone())
    }
    /// The terms prompt is open (with these start params), by the start button, `showTerms` or
    /// [`VisitorContext::show_terms`].
    pub fn terms(&self) -> Option<StartParams> {
        self.read_ui(|u| u.terms.clone())
    }
    /// The start button is shown (Glance's `showButton` / `toggleButton`).
    pub fn button_visible(&self) -> bool {
        self.read_ui(|u| !u.button_hidden)
    }

    fn push(&self, input: Input) {
        if let Some(core) = self.core() {
            core.push(input);
        }
    }

    fn act(&self, f: impl FnOnce(&dyn VisitorSource) -> Result<(), SourceError>) -> Result<(), SourceError> {
        let core = self.core().ok_or(SourceError::NotLoaded)?;
        let result = f(core.source.as_ref());
        core.action(result)
    }

    /// The visitor answers prompt `id` of `kind`. A stale id (the prompt was replaced or closed)
    /// does nothing; the responder is never called twice.
    pub fn answer(&self, kind: PromptKind, id: u64, answer: Answer) {
        self.push(Input::Answer(kind, id, answer));
    }

    /// Removes an error from the list.
    pub fn dismiss_error(&self, id: u64) {
        self.push(Input::Dismiss(id));
    }

    /// Starts a session. A failure also shows as an error.
    pub fn start_session(&self, params: &StartParams) -> Result<(), SourceError> {
        self.act(|s| s.start_session(params))
    }

    /// Ends the session (Glance's `stopSession`). A failure also shows as an error.
    pub fn stop_session(&self) -> Result<(), SourceError> {
        self.act(|s| s.stop_session())
    }

    /// Turns remote control on or off (`enableRC`). A failure also shows as an error.
    pub fn enable_rc(&self, enabled: bool) -> Result<(), SourceError> {
        self.act(|s| s.enable_rc(enabled))
    }

    /// Pauses or resumes the session (`pauseSession`). A failure also shows as an error.
    pub fn pause_session(&self, pause: bool, message: Option<&str>) -> Result<(), SourceError> {
        self.act(|s| s.pause_session(pause, message))
    }

    fn set_ui(&self, f: impl FnOnce(&mut UiState)) {
        if let Some(core) = self.core() {
            f(&mut core.ui.borrow_mut());
            self.triggers.ui.notify();
        }
    }

    /// Opens the terms prompt (what Glance's `showTerms(params)` does).
    pub fn show_terms(&self, params: StartParams) {
        self.set_ui(|u| u.terms = Some(params));
    }

    /// Closes the terms prompt without starting.
    pub fn close_terms(&self) {
        self.set_ui(|u| u.terms = None);
    }

    /// Shows or hides the start button.
    pub fn show_button(&self, show: bool) {
        self.set_ui(|u| u.button_hidden = !show);
    }

    /// A snapshot of the whole state (for tests and debugging; components use the getters).
    pub fn snapshot(&self) -> Option<VisitorState> {
        self.core.try_with_value(|core| core.state.borrow().clone())
    }
}
