//! The reactive context: the only place that joins a [`VisitorSource`] to the components.
//!
//! [`provide_visitor`] subscribes to the source (in an effect, so never on the server) and feeds every
//! message through the pure reducer ([`VisitorState::apply`]). The state lives once, in the reducer;
//! each part of it has a trigger that fires when an input changed that part, and the getters of
//! [`VisitorContext`] subscribe to their part's trigger only: the agent badge is not woken when the
//! viewer size changes. [`use_visitor`] returns the context with those getters and the visitor's
//! actions.
//!
//! No callback (Glance's, a source's, the [`Observer`]) ever runs while the state is borrowed:
//! the reducer returns the replies it decided on and the context sends them afterwards (see
//! `core.rs`). Messages that arrive while another one is being handled are queued and handled in
//! order.
//!
//! Everything is released when the owner is disposed (unmount): the subscription (listeners
//! removed), the timers, and every pending request (declined once).
//!
//! ## Server-side rendering
//! With the `ssr` feature (on a native target) the context holds no browser state at all: the
//! source is dropped at once, nothing thread-bound is created, and the getters read the idle
//! state, so the components render their closed, empty markup on any server thread.

mod core;

use std::fmt;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;

use crate::event::{
    AgentInfo, Answer, DecodeError, PromptKind, RequestFacts, RespondError, Responder, Value, VisitorEvent,
};
use crate::messages::Messages;
use crate::source::{SourceError, SourceMessage, StartParams, UiRequest, VisitorSource};
use crate::state::{
    Changes, Connection, ErrorEntry, MediaPhase, RemoteControl, ReverseSession, SessionPhase, ViewState, VisitorState,
    VisitorVideo,
};
use crate::theme::{Theme, Token};
use core::{Core, Input, Triggers};

/// Whether this build renders on a server (no browser state is created there).
const ON_SERVER: bool = cfg!(all(feature = "ssr", not(target_arch = "wasm32")));

/// What the kit saw or did, for integrators' logs and monitoring ([`VisitorOptions::observer`]).
#[derive(Clone, Debug, PartialEq)]
pub enum Activity {
    /// An event, decoded.
    Event(VisitorEvent),
    /// An event whose payload did not fit; the state stayed as it was.
    Malformed(DecodeError),
    /// An event name the kit does not know; ignored.
    Unknown {
        /// The name.
        name: String,
        /// The payload as received.
        payload: Value,
    },
    /// A request from Glance's own entry points (`showTerms`, `showButton`, `toggleButton`).
    Ui(UiRequest),
    /// A request was answered: by the visitor, or declined by the kit when it closed it.
    Answered {
        /// Which request.
        kind: PromptKind,
        /// The answer.
        answer: Answer,
        /// The visitor gave it (false: the kit declined a request it closed).
        by_visitor: bool,
        /// What calling back reported.
        result: Result<(), RespondError>,
    },
    /// The visitor (or the integrator) called an action: its name and result.
    Action {
        /// `startSession`, `stopSession`, `enableRC`, `pauseSession`, ….
        name: &'static str,
        /// What the source reported.
        result: Result<(), SourceError>,
    },
    /// A chat window's `glance_invoke` message ran ([`crate::invoke`]).
    Invoked {
        /// The function.
        func: String,
        /// The sender's origin.
        origin: String,
    },
    /// A chat window's `glance_invoke` message was refused ([`crate::invoke`]); nothing ran.
    InvokeRejected(crate::invoke::rules::Rejection),
    /// A source's warning ([`SourceMessage::Warning`]): nothing failed for the visitor.
    Warning(String),
}

impl Activity {
    /// Whether this is something an integrator should look at: a malformed or unknown event, a
    /// failed answer or action. Problems are also logged as console warnings.
    pub fn is_problem(&self) -> bool {
        match self {
            Activity::Malformed(_) | Activity::Unknown { .. } => true,
            Activity::Answered { result, .. } => match result {
                Ok(()) => false,
                // Declining a request that carried no decline function is not worth a warning.
                Err(RespondError::Missing(Answer::Decline)) => false,
                Err(_) => true,
            },
            Activity::Action { result, .. } => result.is_err(),
            Activity::InvokeRejected(_) | Activity::Warning(_) => true,
            Activity::Invoked { .. } => false,
            Activity::Event(_) | Activity::Ui(_) => false,
        }
    }
}

impl fmt::Display for Activity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Activity::Event(ev) => write!(f, "event `{}`", ev.name()),
            Activity::Malformed(e) => write!(f, "ignored malformed event: {e}"),
            Activity::Unknown { name, payload } => {
                write!(f, "ignored unknown visitor event `{name}` with payload {payload}")
            }
            Activity::Ui(request) => match request {
                UiRequest::ShowTerms(p) => {
                    write!(f, "UI request showTerms")?;
                    match &p.session_key {
                        Some(key) => write!(f, " (session key \"{key}\")"),
                        None => Ok(()),
                    }
                }
                UiRequest::ShowButton(show) => write!(f, "UI request showButton({show})"),
                UiRequest::ToggleButton => write!(f, "UI request toggleButton"),
            },
            Activity::Answered { kind, answer, by_visitor, result } => {
                let who = if *by_visitor { "visitor" } else { "kit" };
                write!(f, "`{}` answered {} by the {who}", kind.event_name(), answer.as_str())?;
                match result {
                    Ok(()) => Ok(()),
                    Err(e) => write!(f, ": {e}"),
                }
            }
            Activity::Action { name, result } => match result {
                Ok(()) => write!(f, "action `{name}`"),
                Err(e) => write!(f, "action `{name}` failed: {e}"),
            },
            Activity::Invoked { func, origin } => write!(f, "`{func}` invoked from {origin}"),
            Activity::InvokeRejected(r) => write!(f, "refused glance_invoke: {r}"),
            Activity::Warning(text) => f.write_str(text),
        }
    }
}

/// A function that sees every [`Activity`] (called after the kit is done with its state, so it
/// may read the context). Cheap to clone; compares by identity.
#[derive(Clone)]
pub struct Observer(Arc<dyn Fn(&Activity) + Send + Sync>);

impl Observer {
    /// An observer calling `f`.
    pub fn new(f: impl Fn(&Activity) + Send + Sync + 'static) -> Self {
        Observer(Arc::new(f))
    }
    pub(crate) fn call(&self, activity: &Activity) {
        (self.0)(activity)
    }
}

impl fmt::Debug for Observer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Observer")
    }
}

impl PartialEq for Observer {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

type ObserverHook = Observer;

/// Options of [`provide_visitor`].
#[derive(Clone, Debug, PartialEq)]
pub struct VisitorOptions {
    /// A session stuck in "starting" longer than this ends with a visible error. `None`: never.
    /// Default 30 s.
    pub start_timeout: Option<Duration>,
    /// Decline the prompt the visitor sees after this long without an answer (the prompt shows
    /// the countdown). Default `None` (off).
    pub auto_decline: Option<Duration>,
    /// The strings the components show.
    pub messages: Messages,
    /// Inject the kit's CSS (`style/gvk.css`) into `<head>` once. Default true; turn it off when the
    /// page links the file itself.
    pub inject_css: bool,
    /// Sees every event, malformed or unknown event, answer and action ([`Activity`]). (With
    /// [`GlanceSource`](crate::source::GlanceSource), a burst of plainly valid `viewerinfo` for one
    /// view arrives merged, as one event: see its module documentation.)
    pub observer: Option<Observer>,
    /// The prefix of the element ids the kit renders (default `gvk`). Ids count per render, so a
    /// server and its hydrating client agree; in client-side rendering a second kit on the page
    /// gets `gvk2`, `gvk3`, … on its own.
    pub id_prefix: String,
    /// The kit's look from Rust (colour scheme, high contrast, brand values); default: the
    /// stylesheet's tokens, following the visitor's light/dark setting. See [`Theme`].
    pub theme: Theme,
    /// What Glance must never show the agents, beyond the elements carrying
    /// [`PRIVATE_ATTRIBUTE`](crate::masking::PRIVATE_ATTRIBUTE): selectors, and a callback for
    /// role-based masking. See [`crate::masking`].
    pub masking: crate::masking::MaskingOptions,
    /// The nonce of the page's Content-Security-Policy (`script-src 'nonce-…'`, `style-src
    /// 'nonce-…'`), for what the kit puts into the page itself: its `<style id="gvk-style">` and the
    /// masking script when the page has none. (Glance's tag and video scripts take
    /// [`GlanceOptions::nonce`](crate::source::GlanceOptions::nonce).) Default: none.
    pub nonce: Option<String>,
}

impl Default for VisitorOptions {
    fn default() -> Self {
        VisitorOptions {
            start_timeout: Some(Duration::from_secs(30)),
            auto_decline: None,
            messages: Messages::default(),
            inject_css: true,
            observer: None,
            id_prefix: "gvk".into(),
            theme: Theme::default(),
            masking: crate::masking::MaskingOptions::default(),
            nonce: None,
        }
    }
}

/// A pending request as the components see it (its responder stays inside the state).
#[derive(Clone, Debug, PartialEq)]
pub struct PromptInfo {
    /// The prompt's id: answer with it, so a late click never answers a newer request.
    pub id: u64,
    /// Which request.
    pub kind: PromptKind,
    /// What its payload says.
    pub facts: RequestFacts,
}

/// The kit's CSS, as injected by [`provide_visitor`]: `style/gvk.css` minified when the crate is
/// built (comments and needless whitespace out; the rules are the same).
pub const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/gvk.min.css"));

/// The part of [`CSS`] that a page view of the split build draws (feature `split`: the kit root,
/// the Start button, an alert; the tokens and theme blocks), injected as `<style id="gvk-style-gate">`
/// until the kit brings the whole sheet.
#[cfg(feature = "split")]
pub const GATE_CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/gvk-gate.min.css"));

/// What the UI shows that is not Glance's state: the terms prompt, the start button, the key.
#[derive(Default)]
struct UiState {
    terms: Option<StartParams>,
    button_hidden: bool,
    session_key: Option<String>,
    /// The shown prompt's id and when it is declined (`performance.now()` milliseconds).
    decline_deadline: Option<(u64, f64)>,
}

/// The visitor state, read reactively, and the visitor's actions. `Copy`: pass it around freely.
///
/// Every getter subscribes the calling closure to that part of the state only (one trigger per
/// part; a badge that reads [`agents`](Self::agents) is not woken by `viewerinfo`). The state itself
/// lives once, in the reducer; nothing is mirrored.
#[derive(Clone, Copy)]
pub struct VisitorContext {
    /// The strings. Read them with [`with_messages`](Self::with_messages) (which re-renders the
    /// reader when they change) and change them with [`set_messages`](Self::set_messages).
    pub messages: StoredValue<Messages>,
    /// Fires when the strings change.
    texts: Trigger,
    theme: RwSignal<Theme>,
    triggers: Triggers,
    /// The observer of [`VisitorOptions::observer`], for [`report`](Self::report).
    observer: StoredValue<Option<Observer>>,
    /// `None` on the server (and never anything thread-bound there).
    core: Option<StoredValue<Rc<Core>, LocalStorage>>,
    ids: StoredValue<(String, u32)>,
    /// Whether Glance's iframes are rendered yet (see [`frames_ready`](Self::frames_ready)).
    frames: RwSignal<bool>,
}

/// Provides the visitor context to the components below it, subscribed to `source`. Call it once,
/// in the component that holds the kit (the parent of [`VisitorUi`](crate::VisitorUi) or of the
/// single components). The subscription starts in an effect: in the browser after the first render,
/// never on the server.
///
/// ## Usage
/// ```no_run
/// use glance_visitor_kit::{provide_visitor, source::GlanceSource, VisitorOptions, VisitorUi};
/// use leptos::prelude::*;
///
/// #[component]
/// fn App() -> impl IntoView {
///     let ctx = provide_visitor(GlanceSource::new(), VisitorOptions::default());
///     let in_session = move || ctx.in_session();
///     view! {
///         <p>{move || if in_session() { "Sharing with an agent" } else { "" }}</p>
///         <VisitorUi />
///     }
/// }
/// ```
///
/// ## Server-side rendering
/// On the server the source is dropped unused and nothing is subscribed; the components render
/// the idle state.
pub fn provide_visitor(source: impl VisitorSource + 'static, options: VisitorOptions) -> VisitorContext {
    let triggers = Triggers::new();
    let ctx = VisitorContext {
        messages: StoredValue::new(options.messages.clone()),
        texts: Trigger::new(),
        theme: RwSignal::new(options.theme.clone()),
        triggers,
        observer: StoredValue::new(options.observer.clone()),
        core: None,
        ids: StoredValue::new((instance_prefix(&options.id_prefix), 0)),
        // Server HTML has the iframes, and a hydrated page keeps them.
        frames: RwSignal::new(ON_SERVER || cfg!(any(feature = "ssr", feature = "hydrate"))),
    };
    if ON_SERVER {
        drop(source);
        provide_context(ctx);
        return ctx;
    }
    let core = Core::new(Rc::new(source), &options, triggers);
    let ctx = VisitorContext { core: Some(StoredValue::new_local(core.clone())), ..ctx };
    provide_context(ctx);

    // Subscribe in the browser only (effects do not run on the server).
    let inject_css = options.inject_css;
    let nonce = options.nonce.clone();
    #[cfg(target_arch = "wasm32")]
    let masking = options.masking.clone();
    let weak = Rc::downgrade(&core);
    Effect::new(move |_| {
        let Some(core) = weak.upgrade() else { return };
        if core.subscription.borrow().is_some() {
            return;
        }
        if inject_css {
            crate::dom::inject_style("gvk-style", CSS, nonce.as_deref());
        }
        // The kit's masking, before Glance can ask again (see crate::masking).
        #[cfg(target_arch = "wasm32")]
        {
            let warn_core = Rc::downgrade(&core);
            let warn = move |text: String| {
                if let Some(core) = warn_core.upgrade() {
                    core.push(Input::Msg(SourceMessage::Warning(text)));
                }
            };
            if let Some(installed) = crate::masking::install(&masking, nonce.as_deref(), warn) {
                core.installed.borrow_mut().push(Box::new(installed));
            }
        }
        let sink_core = Rc::downgrade(&core);
        let sub = core.source.subscribe(Rc::new(move |msg: SourceMessage| {
            if let Some(core) = sink_core.upgrade() {
                core.push(Input::Msg(msg));
            }
        }));
        *core.subscription.borrow_mut() = Some(sub);
        // Glance's iframes (a browsing context each, several milliseconds apiece) are added in a
        // task of their own after the first render, or at once when a session is under way (see
        // below): the agent can show nothing before a session starts.
        let frames = ctx.frames;
        if frames.try_get_untracked() == Some(false) {
            set_timeout(
                move || {
                    if frames.try_get_untracked() == Some(false) {
                        frames.set(true);
                    }
                },
                Duration::ZERO,
            );
        }
    });
    // While a session runs, masked parts show a hint to the visitor (see crate::masking).
    Effect::new(move |_| {
        let hint = ctx.in_session().then(|| ctx.with_messages(|m| m.private_hint.to_string()));
        crate::dom::mark_session(hint.as_deref());
    });
    // A session starting or running (also one found on binding, mid-session) needs the iframes now.
    Effect::new(move |_| {
        if ctx.in_session() && ctx.frames.try_get_untracked() == Some(false) {
            ctx.frames.set(true);
        }
    });
    // Release everything when the owner goes (the stored Core is dropped with it, too).
    if let Some(stored) = ctx.core {
        on_cleanup(move || {
            stored.try_with_value(|core| core.close());
            crate::dom::mark_session(None);
        });
    }
    ctx
}

/// In client-side rendering, a second kit on one page gets its own id prefix (`gvk2`, …). Server
/// and hydrated renders use the prefix as given, so that both sides agree.
fn instance_prefix(base: &str) -> String {
    #[cfg(not(any(feature = "ssr", feature = "hydrate")))]
    {
        use std::sync::atomic::{AtomicU32, Ordering};
        static INSTANCES: AtomicU32 = AtomicU32::new(0);
        let n = INSTANCES.fetch_add(1, Ordering::Relaxed);
        if n > 0 {
            return format!("{base}{}", n + 1);
        }
    }
    base.to_owned()
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
        self.core?.try_with_value(Rc::clone)
    }

    /// Reads the state after subscribing to `part`'s trigger (no state, on the server or after
    /// disposal, reads as the idle state).
    fn read<R>(&self, part: Changes, f: impl Fn(&VisitorState) -> R) -> R {
        self.triggers.of(part).track();
        match self.core() {
            Some(core) => match core.state.try_borrow() {
                Ok(state) => f(&state),
                Err(_) => f(&VisitorState::new()),
            },
            None => f(&VisitorState::new()),
        }
    }

    fn read_ui<R>(&self, f: impl Fn(&UiState) -> R) -> R {
        self.triggers.ui.track();
        match self.core() {
            Some(core) => match core.ui.try_borrow() {
                Ok(ui) => f(&ui),
                Err(_) => f(&UiState::default()),
            },
            None => f(&UiState::default()),
        }
    }

    /// A fresh element id for this render (`<prefix>-<part>-<n>`, counted per context).
    pub(crate) fn fresh_id(&self, part: &str) -> String {
        self.ids
            .try_update_value(|(prefix, n)| {
                *n += 1;
                format!("{prefix}-{part}-{n}")
            })
            .unwrap_or_else(|| format!("gvk-{part}"))
    }

    /// Reads the strings, subscribing the caller to their changes ([`set_messages`](Self::set_messages)).
    pub fn with_messages<R>(&self, f: impl FnOnce(&Messages) -> R) -> R {
        self.texts.track();
        self.messages.with_value(f)
    }

    /// The strings as the components read them: tracked.
    pub(crate) fn texts(&self) -> Texts {
        Texts { messages: self.messages, changed: self.texts }
    }

    /// Replaces the strings (e.g. another language: `ctx.set_messages(Messages::arabic())`); every
    /// component re-renders its texts, and the kit roots' `lang` and `dir` follow.
    pub fn set_messages(&self, messages: Messages) {
        self.messages.set_value(messages);
        self.texts.notify();
    }

    /// The theme (tracked).
    pub fn theme(&self) -> Theme {
        self.theme.get()
    }

    /// Replaces the theme; the kit roots' classes and custom properties follow.
    pub fn set_theme(&self, theme: Theme) {
        self.theme.set(theme);
    }

    /// The classes of a kit root: the theme's, plus `gvk-accessible` while Glance's accessibility
    /// mode is on (tracked).
    pub(crate) fn root_classes(&self) -> String {
        let a11y = if self.accessibility() { " gvk-accessible" } else { "" };
        self.theme.with(|t| format!("{}{a11y}", t.classes()))
    }

    /// A theme custom property for a kit root's style (tracked). Colours are left to the
    /// stylesheet in high contrast.
    pub(crate) fn root_property(&self, token: Token) -> Option<String> {
        let contrast = matches!(token, Token::Primary | Token::OnPrimary | Token::SessionBorder | Token::FocusRing)
            && (self.theme.with(|t| t.high_contrast) || self.accessibility());
        if contrast {
            return None;
        }
        self.theme.with(|t| t.property(token))
    }

    /// The kit roots' `dir` (tracked).
    pub(crate) fn dir(&self) -> &'static str {
        self.with_messages(|m| m.dir.as_str())
    }

    /// The kit roots' `lang` (tracked).
    pub(crate) fn lang(&self) -> String {
        self.with_messages(|m| m.lang.to_string())
    }

    /// Whether Glance's iframes (`glance_screenshare`, `glance_agentvideo`, `glance_video_0`) are
    /// rendered yet. Each is a browsing context that costs the page several milliseconds to
    /// create, so in client-side rendering they are added in a task of their own right after the
    /// first render, or at once when a session is starting or running: Glance needs them before
    /// the agent can share a screen or video, which takes a session. Server-rendered and hydrated
    /// pages have them from the start. A custom component that renders such an iframe can render
    /// it when this is true.
    pub fn frames_ready(&self) -> bool {
        self.frames.try_get().unwrap_or(false)
    }
    /// Session phase.
    pub fn phase(&self) -> SessionPhase {
        self.read(Changes::SESSION, |s| s.phase.clone())
    }
    /// Whether a session is starting or running.
    pub fn in_session(&self) -> bool {
        self.read(Changes::SESSION, |s| s.phase.in_session())
    }
    /// Session paused (`sessionpaused`).
    pub fn paused(&self) -> bool {
        self.read(Changes::SESSION, |s| s.paused)
    }
    /// Connection.
    pub fn connection(&self) -> Connection {
        self.read(Changes::CONNECTION, |s| s.connection)
    }
    /// Errors, newest first.
    pub fn errors(&self) -> Vec<ErrorEntry> {
        self.read(Changes::ERRORS, |s| s.errors.clone())
    }
    /// Agent count.
    pub fn agents(&self) -> u32 {
        self.read(Changes::AGENTS, |s| s.agents)
    }
    /// Whether an `agents` event arrived in this session (before it, the count is not known).
    pub fn agents_known(&self) -> bool {
        self.read(Changes::AGENTS, |s| s.agents_known)
    }
    /// The agents' display names, when Glance sends an agent list.
    pub fn agent_names(&self) -> Vec<String> {
        self.read(Changes::AGENTS, |s| {
            s.agent_list.iter().flatten().filter_map(|a| a.display_name().map(str::to_owned)).collect()
        })
    }
    /// The agent list, when Glance sends one.
    pub fn agent_list(&self) -> Option<Vec<AgentInfo>> {
        self.read(Changes::AGENTS, |s| s.agent_list.clone())
    }
    /// What the session widget says ([`VisitorState::session_view`]); subscribes to the session,
    /// the connection, remote control, the agents and the flags (session focus).
    pub fn session_view(&self) -> crate::state::SessionView {
        for part in [Changes::CONNECTION, Changes::REMOTE_CONTROL, Changes::AGENTS, Changes::FLAGS] {
            self.triggers.of(part).track();
        }
        self.read(Changes::SESSION, VisitorState::session_view)
    }
    /// Remote control.
    pub fn remote_control(&self) -> RemoteControl {
        self.read(Changes::REMOTE_CONTROL, VisitorState::remote_control)
    }
    /// Reverse session.
    pub fn reverse_session(&self) -> ReverseSession {
        self.read(Changes::REVERSE, VisitorState::reverse_session)
    }
    /// The pending request of a kind.
    pub fn prompt(&self, kind: PromptKind) -> Option<PromptInfo> {
        self.read(Changes::PROMPTS, |s| s.prompt(kind).map(prompt_info))
    }
    /// The request the visitor sees now: the oldest pending one (requests queue, one prompt at a
    /// time).
    pub fn current_prompt(&self) -> Option<PromptInfo> {
        self.read(Changes::PROMPTS, |s| s.current_prompt().map(prompt_info))
    }
    /// How many requests are pending (the one shown included).
    pub fn pending_requests(&self) -> usize {
        self.read(Changes::PROMPTS, |s| s.requests.len())
    }
    /// When the prompt `id` is declined on its own ([`VisitorOptions::auto_decline`]), in
    /// `performance.now()` milliseconds.
    pub fn decline_deadline(&self, id: u64) -> Option<f64> {
        self.read_ui(|u| u.decline_deadline.filter(|(p, _)| *p == id).map(|(_, at)| at))
    }
    /// One view's state (default: hidden, no size), including its viewer statistics.
    pub fn view(&self, name: &str) -> ViewState {
        self.read(Changes::VIEWS, |s| s.views.get(name).cloned().unwrap_or_default())
    }
    /// Accessibility features on.
    pub fn accessibility(&self) -> bool {
        self.read(Changes::FLAGS, |s| s.accessibility)
    }
    /// This window has session focus.
    pub fn focused(&self) -> bool {
        self.read(Changes::FLAGS, |s| s.focused)
    }
    /// The whole page is hidden from the agent.
    pub fn page_masked(&self) -> bool {
        self.read(Changes::PAGE, |s| s.page_masked)
    }
    /// An agent's document is arriving.
    pub fn file_download(&self) -> bool {
        self.read(Changes::PAGE, |s| s.file_download)
    }
    /// Where the agent has dragged the visitor's widget: `(left, bottom)` px.
    pub fn widget_offset(&self) -> (f64, f64) {
        self.read(Changes::WIDGET, |s| s.widget_offset)
    }
    /// The corner the agent dropped the visitor's widget in (`widgetmoved`), for the session.
    pub fn widget_corner(&self) -> Option<crate::state::WidgetCorner> {
        self.read(Changes::WIDGET, |s| s.widget_corner)
    }
    /// The visitor's own video.
    pub fn visitor_video(&self) -> VisitorVideo {
        self.read(Changes::MEDIA, |s| s.visitor_video.clone())
    }
    /// The visitor's screen share.
    pub fn visitor_screenshare(&self) -> MediaPhase {
        self.read(Changes::MEDIA, |s| s.visitor_screenshare)
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

    /// Runs an action on the source (outside any borrow); a failure also shows as an error and
    /// reaches the observer.
    fn act(
        &self,
        name: &'static str,
        f: impl FnOnce(&dyn VisitorSource) -> Result<(), SourceError>,
    ) -> Result<(), SourceError> {
        let core = self.core().ok_or(SourceError::NotLoaded)?;
        let result = f(core.source.as_ref());
        core.acted(name, &result);
        result
    }

    /// The visitor answers request `id` of `kind`. A stale id (the request was replaced or closed)
    /// does nothing; no request is ever answered twice.
    pub fn answer(&self, kind: PromptKind, id: u64, answer: Answer) {
        self.answer_with(kind, id, answer, Value::Null);
    }

    /// [`answer`](Self::answer) with a detail for the request's callback (the visitor-video
    /// settings, [`VideoSettings::to_value`](crate::event::VideoSettings::to_value)).
    pub fn answer_with(&self, kind: PromptKind, id: u64, answer: Answer, detail: Value) {
        self.push(Input::Answer(kind, id, answer, detail));
    }

    /// Removes an error from the list.
    pub fn dismiss_error(&self, id: u64) {
        self.push(Input::Dismiss(id));
    }

    /// Starts a session. A failure also shows as an error. When the source takes the call and no
    /// session is under way, the session shows as starting at once (Glance queues the call while
    /// its script loads), and [`VisitorOptions::start_timeout`] runs from then.
    pub fn start_session(&self, params: &StartParams) -> Result<(), SourceError> {
        let epoch = self.core().map(|c| c.session_epoch.get());
        let result = self.act("startSession", |s| s.start_session(params));
        if let (Ok(()), Some(epoch)) = (&result, epoch) {
            self.push(Input::StartRequested(epoch));
        }
        result
    }

    /// Ends the session (Glance's `stopSession`). A failure also shows as an error. A start still
    /// waiting for Glance's script is withdrawn instead (nothing reached Glance), and there is no
    /// session again.
    pub fn stop_session(&self) -> Result<(), SourceError> {
        if let Some(core) = self.core() {
            let starting = core.state.try_borrow().is_ok_and(|s| s.phase == SessionPhase::Starting);
            if starting && core.source.cancel_start() {
                core.push(Input::StartWithdrawn);
                core.acted("stopSession", &Ok(()));
                return Ok(());
            }
        }
        self.act("stopSession", |s| s.stop_session())
    }

    /// Turns remote control on or off (`enableRC`). A failure also shows as an error.
    pub fn enable_rc(&self, enabled: bool) -> Result<(), SourceError> {
        self.act("enableRC", |s| s.enable_rc(enabled))
    }

    /// Pauses or resumes the visitor's video (`toggleVideo`). A failure also shows as an error.
    pub fn toggle_video(&self) -> Result<(), SourceError> {
        self.act("toggleVideo", |s| s.toggle_video())
    }

    /// Switches the visitor's video between small and large (`toggleVideoSize`).
    pub fn toggle_video_size(&self) -> Result<(), SourceError> {
        self.act("toggleVideoSize", |s| s.toggle_video_size())
    }

    /// Stops the visitor's video (`stopVideo`). A failure also shows as an error.
    pub fn stop_video(&self) -> Result<(), SourceError> {
        self.act("stopVideo", |s| s.stop_video())
    }

    /// Sends the document the visitor chose (`sendDocument` + `viewPDF` / `viewXLS`).
    pub fn send_document(&self, document: &crate::source::SharedDocument) -> Result<(), SourceError> {
        self.act("sendDocument", |s| s.send_document(document))
    }

    /// Pauses or resumes the session (`pauseSession`). A failure also shows as an error.
    pub fn pause_session(&self, pause: bool, message: Option<&str>) -> Result<(), SourceError> {
        self.act("pauseSession", |s| s.pause_session(pause, message))
    }

    fn set_ui(&self, f: impl FnOnce(&mut UiState)) {
        if let Some(core) = self.core() {
            if let Ok(mut ui) = core.ui.try_borrow_mut() {
                f(&mut ui);
            }
            self.triggers.ui.notify();
        }
    }

    /// Reports something the kit did outside the source (an invocation from a chat window, see
    /// [`crate::invoke`]) to the [`Observer`]; a problem is also logged as a console warning. Call
    /// it outside any borrow of the kit's state (the observer may read the context).
    pub fn report(&self, activity: &Activity) {
        if activity.is_problem() {
            crate::source::warn(&activity.to_string());
        }
        if let Some(observer) = self.observer.try_with_value(Clone::clone).flatten() {
            observer.call(activity);
        }
    }

    /// Opens the terms prompt (what Glance's `showTerms(params)` does); nothing during a session,
    /// as in Glance's own UI (a start would only be refused).
    pub fn show_terms(&self, params: StartParams) {
        if self.core().is_some_and(|core| core.state.try_borrow().is_ok_and(|s| s.phase.in_session())) {
            return;
        }
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

    /// A copy of the whole state, for tests and debugging (components use the getters). Its
    /// pending requests carry no live callbacks: answering them through the copy calls nothing
    /// (use [`answer`](Self::answer)).
    pub fn snapshot(&self) -> Option<VisitorState> {
        let core = self.core()?;
        let state = core.state.try_borrow().ok()?;
        let mut copy = state.clone();
        for prompt in copy.requests.values_mut() {
            prompt.request.responder = Responder::missing();
            prompt.request.followup = None;
        }
        Some(copy)
    }
}

/// The strings, read with the context's change trigger tracked (what components hold).
#[derive(Clone, Copy)]
pub(crate) struct Texts {
    messages: StoredValue<Messages>,
    changed: Trigger,
}

impl Texts {
    /// Reads the strings and subscribes the caller to their changes.
    pub(crate) fn with_value<R>(&self, f: impl FnOnce(&Messages) -> R) -> R {
        self.changed.track();
        self.messages.with_value(f)
    }
}

fn prompt_info(p: &crate::state::Prompt) -> PromptInfo {
    PromptInfo { id: p.id, kind: p.kind(), facts: p.facts().clone() }
}
