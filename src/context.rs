//! The reactive context: joins a [`VisitorSource`] to the components.
//!
//! [`provide_visitor`] subscribes to the source (in an effect, so never on the server), feeds every
//! message through the pure reducer ([`VisitorState::apply`]) and mirrors the state into one signal
//! per part, set only when that part changed. A component reads just the signals it shows: the agent
//! badge does not re-render when the viewer size changes. [`use_visitor`] returns the
//! [`VisitorContext`] with those signals and the visitor's actions.
//!
//! Messages that arrive while another one is being applied (a Glance callback that fires an event
//! synchronously) are queued and applied in order, never re-entrantly.
//!
//! Everything is released when the owner is disposed (unmount): the subscription (listeners removed),
//! the start timer, the prompt timers.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, VecDeque};
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

/// The state as signals, and the visitor's actions. `Copy`: pass it around freely.
#[derive(Clone, Copy)]
pub struct VisitorContext {
    /// Session phase.
    pub phase: ReadSignal<SessionPhase>,
    /// Session paused (`sessionpaused`).
    pub paused: ReadSignal<bool>,
    /// Connection.
    pub connection: ReadSignal<Connection>,
    /// Errors, newest first.
    pub errors: ReadSignal<Vec<ErrorEntry>>,
    /// Agent count.
    pub agents: ReadSignal<u32>,
    /// Agent list, when Glance sends one.
    pub agent_list: ReadSignal<Option<Vec<AgentInfo>>>,
    /// Remote control.
    pub remote_control: ReadSignal<RemoteControl>,
    /// Reverse session.
    pub reverse: ReadSignal<ReverseSession>,
    /// Pending remote-control prompt.
    pub rc_prompt: ReadSignal<Option<PromptInfo>>,
    /// Pending reverse-session prompt.
    pub reverse_prompt: ReadSignal<Option<PromptInfo>>,
    /// Pending URL-start prompt.
    pub urlstart_prompt: ReadSignal<Option<PromptInfo>>,
    /// Screen-share views by name (read one with [`VisitorContext::view`]).
    pub views: ReadSignal<BTreeMap<String, ViewState>>,
    /// Accessibility features on.
    pub accessibility: ReadSignal<bool>,
    /// This window has session focus.
    pub focused: ReadSignal<bool>,
    /// The session key (`getKey()`), while in a session.
    pub session_key: ReadSignal<Option<String>>,
    /// The terms prompt is open (with these start params), by the start button, `showTerms` or
    /// [`VisitorContext::show_terms`].
    pub terms: ReadSignal<Option<StartParams>>,
    /// The start button is shown (Glance's `showButton` / `toggleButton`).
    pub button_visible: ReadSignal<bool>,
    /// The strings.
    pub messages: StoredValue<Messages>,
    w: Writers,
    core: StoredValue<Rc<Core>, LocalStorage>,
}

#[derive(Clone, Copy)]
struct Writers {
    phase: WriteSignal<SessionPhase>,
    paused: WriteSignal<bool>,
    connection: WriteSignal<Connection>,
    errors: WriteSignal<Vec<ErrorEntry>>,
    agents: WriteSignal<u32>,
    agent_list: WriteSignal<Option<Vec<AgentInfo>>>,
    remote_control: WriteSignal<RemoteControl>,
    reverse: WriteSignal<ReverseSession>,
    rc_prompt: WriteSignal<Option<PromptInfo>>,
    reverse_prompt: WriteSignal<Option<PromptInfo>>,
    urlstart_prompt: WriteSignal<Option<PromptInfo>>,
    views: WriteSignal<BTreeMap<String, ViewState>>,
    accessibility: WriteSignal<bool>,
    focused: WriteSignal<bool>,
    session_key: WriteSignal<Option<String>>,
    terms: WriteSignal<Option<StartParams>>,
    button_visible: WriteSignal<bool>,
}

/// Sets a signal only when the value differs, so that subscribers are not woken for nothing.
fn put<T: PartialEq + Send + Sync + 'static>(read: ReadSignal<T>, write: WriteSignal<T>, value: T) {
    if read.with_untracked(|old| *old != value) {
        write.set(value);
    }
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
    queue: RefCell<VecDeque<Input>>,
    busy: Cell<bool>,
    source: Rc<dyn VisitorSource>,
    options: VisitorOptions,
    subscription: RefCell<Option<Subscription>>,
    start_timer: RefCell<Option<Timeout>>,
    prompt_timers: RefCell<Vec<(u64, Timeout)>>,
    ctx: Cell<Option<VisitorContext>>,
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
                self.sync(changes);
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
                self.ui_request(request);
                Changes::NONE
            }
            Input::Answer(kind, id, answer) => match self.state.borrow_mut().answer(kind, id, answer) {
                Ok(changes) => changes,
                Err(AnswerError::NotPending) => Changes::NONE,
                Err(AnswerError::Respond(e)) => {
                    warn(&format!("answering the prompt failed: {e}"));
                    // The prompt closed all the same.
                    Changes::REMOTE_CONTROL | Changes::REVERSE | Changes::URL_START
                }
            },
            Input::Dismiss(id) => self.state.borrow_mut().dismiss_error(id),
            Input::StartTimeout => self.state.borrow_mut().start_timed_out(""),
            Input::ActionFailed(e) => {
                warn(&e.to_string());
                self.state.borrow_mut().apply(VisitorEvent::Error(GlanceError {
                    code: ErrorCode::Other("action".into()),
                    msg: e.to_string(),
                    server: None,
                    script: None,
                    params: Value::Null,
                }))
            }
        }
    }

    fn ui_request(&self, request: UiRequest) {
        let Some(ctx) = self.ctx.get() else { return };
        match request {
            UiRequest::ShowTerms(params) => ctx.w.terms.set(Some(params)),
            UiRequest::ShowButton(show) => put(ctx.button_visible, ctx.w.button_visible, show),
            UiRequest::ToggleButton => ctx.w.button_visible.set(!ctx.button_visible.get_untracked()),
        }
    }

    /// Mirrors the changed parts of the state into the signals.
    fn sync(self: &Rc<Self>, changes: Changes) {
        let Some(ctx) = self.ctx.get() else { return };
        let (w, s) = (ctx.w, self.state.borrow());
        let info = |p: &Option<crate::state::Prompt>| {
            p.as_ref().map(|p| PromptInfo { id: p.id, kind: p.kind, selective: p.selective })
        };
        if changes.contains(Changes::SESSION) {
            put(ctx.phase, w.phase, s.phase.clone());
            put(ctx.paused, w.paused, s.paused);
        }
        if changes.contains(Changes::CONNECTION) {
            put(ctx.connection, w.connection, s.connection);
        }
        if changes.contains(Changes::ERRORS) {
            put(ctx.errors, w.errors, s.errors.clone());
        }
        if changes.contains(Changes::AGENTS) {
            put(ctx.agents, w.agents, s.agents);
            put(ctx.agent_list, w.agent_list, s.agent_list.clone());
        }
        if changes.contains(Changes::REMOTE_CONTROL) {
            put(ctx.remote_control, w.remote_control, s.remote_control());
            put(ctx.rc_prompt, w.rc_prompt, info(&s.rc_prompt));
        }
        if changes.contains(Changes::REVERSE) {
            put(ctx.reverse, w.reverse, s.reverse_session());
            put(ctx.reverse_prompt, w.reverse_prompt, info(&s.reverse_prompt));
        }
        if changes.contains(Changes::URL_START) {
            put(ctx.urlstart_prompt, w.urlstart_prompt, info(&s.urlstart_prompt));
        }
        if changes.contains(Changes::VIEWS) {
            put(ctx.views, w.views, s.views.clone());
        }
        if changes.contains(Changes::FLAGS) {
            put(ctx.accessibility, w.accessibility, s.accessibility);
            put(ctx.focused, w.focused, s.focused);
        }
        let phase = s.phase.clone();
        let prompts = [s.rc_prompt.as_ref(), s.reverse_prompt.as_ref(), s.urlstart_prompt.as_ref()]
            .into_iter()
            .flatten()
            .map(|p| (p.kind, p.id))
            .collect::<Vec<_>>();
        drop(s);
        if changes.contains(Changes::SESSION) {
            let key = if phase.in_session() { self.source.session_key() } else { None };
            put(ctx.session_key, w.session_key, key);
            self.arm_start_timer(&phase);
        }
        self.arm_prompt_timers(&prompts);
    }

    fn arm_start_timer(self: &Rc<Self>, phase: &SessionPhase) {
        let mut timer = self.start_timer.borrow_mut();
        match (phase, self.options.start_timeout) {
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
        let Some(limit) = self.options.auto_decline else { return };
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

/// Provides the visitor context to the components below, subscribed to `source`.
/// Call it once, in the component that holds the kit (or use [`crate::components::VisitorUi`]'s parent).
pub fn provide_visitor(source: impl VisitorSource + 'static, options: VisitorOptions) -> VisitorContext {
    let initial = VisitorState::new();
    let (phase, w_phase) = signal(initial.phase.clone());
    let (paused, w_paused) = signal(false);
    let (connection, w_connection) = signal(Connection::Ok);
    let (errors, w_errors) = signal(Vec::new());
    let (agents, w_agents) = signal(0u32);
    let (agent_list, w_agent_list) = signal(None);
    let (remote_control, w_remote_control) = signal(RemoteControl::Off);
    let (reverse, w_reverse) = signal(ReverseSession::Idle);
    let (rc_prompt, w_rc_prompt) = signal(None);
    let (reverse_prompt, w_reverse_prompt) = signal(None);
    let (urlstart_prompt, w_urlstart_prompt) = signal(None);
    let (views, w_views) = signal(BTreeMap::new());
    let (accessibility, w_accessibility) = signal(false);
    let (focused, w_focused) = signal(true);
    let (session_key, w_session_key) = signal(None);
    let (terms, w_terms) = signal(None);
    let (button_visible, w_button_visible) = signal(true);
    let inject_css = options.inject_css;
    let core = Rc::new(Core {
        state: RefCell::new(initial),
        queue: RefCell::new(VecDeque::new()),
        busy: Cell::new(false),
        source: Rc::new(source),
        options: options.clone(),
        subscription: RefCell::new(None),
        start_timer: RefCell::new(None),
        prompt_timers: RefCell::new(Vec::new()),
        ctx: Cell::new(None),
    });
    let ctx = VisitorContext {
        phase,
        paused,
        connection,
        errors,
        agents,
        agent_list,
        remote_control,
        reverse,
        rc_prompt,
        reverse_prompt,
        urlstart_prompt,
        views,
        accessibility,
        focused,
        session_key,
        terms,
        button_visible,
        messages: StoredValue::new(options.messages),
        w: Writers {
            phase: w_phase,
            paused: w_paused,
            connection: w_connection,
            errors: w_errors,
            agents: w_agents,
            agent_list: w_agent_list,
            remote_control: w_remote_control,
            reverse: w_reverse,
            rc_prompt: w_rc_prompt,
            reverse_prompt: w_reverse_prompt,
            urlstart_prompt: w_urlstart_prompt,
            views: w_views,
            accessibility: w_accessibility,
            focused: w_focused,
            session_key: w_session_key,
            terms: w_terms,
            button_visible: w_button_visible,
        },
        core: StoredValue::new_local(core.clone()),
    };
    core.ctx.set(Some(ctx));
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
    if doc.get_element_by_id("gvk-style").is_some() || doc.query_selector("link[data-gvk-style]").ok().flatten().is_some() {
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
    fn with_core<R>(&self, f: impl FnOnce(&Rc<Core>) -> R) -> Option<R> {
        self.core.try_with_value(f)
    }

    /// One view's state (default: hidden, no size) as a memo: it changes only when that view does.
    pub fn view(&self, name: impl Into<String>) -> Memo<ViewState> {
        let name = name.into();
        let views = self.views;
        Memo::new(move |_| views.with(|m| m.get(&name).cloned().unwrap_or_default()))
    }

    /// The visitor answers prompt `id` of `kind`. A stale id (the prompt was replaced or closed)
    /// does nothing; the responder is never called twice.
    pub fn answer(&self, kind: PromptKind, id: u64, answer: Answer) {
        self.with_core(|core| core.push(Input::Answer(kind, id, answer)));
    }

    /// Removes an error from the list.
    pub fn dismiss_error(&self, id: u64) {
        self.with_core(|core| core.push(Input::Dismiss(id)));
    }

    /// Starts a session. A failure also shows as an error.
    pub fn start_session(&self, params: &StartParams) -> Result<(), SourceError> {
        self.with_core(|core| core.action(core.source.start_session(params))).unwrap_or(Err(SourceError::NotLoaded))
    }

    /// Ends the session (Glance's `stopSession`). A failure also shows as an error.
    pub fn stop_session(&self) -> Result<(), SourceError> {
        self.with_core(|core| core.action(core.source.stop_session())).unwrap_or(Err(SourceError::NotLoaded))
    }

    /// Turns remote control on or off (`enableRC`). A failure also shows as an error.
    pub fn enable_rc(&self, enabled: bool) -> Result<(), SourceError> {
        self.with_core(|core| core.action(core.source.enable_rc(enabled))).unwrap_or(Err(SourceError::NotLoaded))
    }

    /// Pauses or resumes the session (`pauseSession`). A failure also shows as an error.
    pub fn pause_session(&self, pause: bool, message: Option<&str>) -> Result<(), SourceError> {
        self.with_core(|core| core.action(core.source.pause_session(pause, message)))
            .unwrap_or(Err(SourceError::NotLoaded))
    }

    /// Opens the terms prompt (what Glance's `showTerms(params)` does).
    pub fn show_terms(&self, params: StartParams) {
        self.w.terms.set(Some(params));
    }

    /// Closes the terms prompt without starting.
    pub fn close_terms(&self) {
        self.w.terms.set(None);
    }

    /// Shows or hides the start button.
    pub fn show_button(&self, show: bool) {
        self.w.button_visible.set(show);
    }

    /// A snapshot of the whole state (for tests and debugging; components read the signals).
    pub fn snapshot(&self) -> Option<VisitorState> {
        self.with_core(|core| core.state.borrow().clone())
    }
}
