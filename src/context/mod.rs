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

mod actions;
mod activity;
mod core;
mod look;
mod options;

pub use actions::AnswerDetail;
pub use activity::{Activity, Observer};
pub(crate) use look::Texts;
pub use options::VisitorOptions;

use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use crate::event::{AgentInfo, Answer, PromptKind, RequestFacts, Responder, Value};
use crate::messages::Messages;
use crate::source::{SourceError, SourceMessage, StartParams, VisitorSource};
use crate::state::{
    Agents, Changes, Connection, ErrorEntry, Flags, Media, MediaPhase, Page, Part, RemoteControl, Requests,
    ReverseSession, Session, SessionPhase, ViewState, Views, VisitorState, VisitorVideo, Widget,
};
use crate::theme::{Theme, Token};
use core::{Core, Input, Triggers};

/// Whether this build renders on a server (no browser state is created there).
const ON_SERVER: bool = cfg!(all(feature = "ssr", not(target_arch = "wasm32")));

type ObserverHook = Observer;

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

/// Provides the visitor context to the components below it, subscribed to `source`, with the
/// default [`VisitorOptions`] (see [`provide_visitor_with_options`]). Call it once, in the component
/// that holds the kit (the parent of [`VisitorUi`](crate::VisitorUi) or of the single components).
/// The subscription starts in an effect: in the browser after the first render, never on the
/// server.
///
/// ## Usage
/// ```no_run
/// use glance_visitor_kit::{provide_visitor, GlanceSource, VisitorUi};
/// use leptos::prelude::*;
///
/// #[component]
/// fn App() -> impl IntoView {
///     let ctx = provide_visitor(GlanceSource::new());
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
pub fn provide_visitor(source: impl VisitorSource + 'static) -> VisitorContext {
    provide_visitor_with_options(source, VisitorOptions::default())
}

/// [`provide_visitor`] with options: the strings, the theme, the observer, the start timeout,
/// masking, the CSS injection and the nonce.
///
/// ```no_run
/// use glance_visitor_kit::{provide_visitor_with_options, Activity, GlanceSource, Observer, VisitorOptions, VisitorUi};
/// use leptos::prelude::*;
///
/// #[component]
/// fn App() -> impl IntoView {
///     let observer = Observer::new(|a: &Activity| {
///         if a.is_problem() {
///             leptos::logging::warn!("cobrowse: {a}");
///         }
///     });
///     provide_visitor_with_options(GlanceSource::new(), VisitorOptions { observer: Some(observer), ..Default::default() });
///     view! { <VisitorUi /> }
/// }
/// ```
pub fn provide_visitor_with_options(source: impl VisitorSource + 'static, options: VisitorOptions) -> VisitorContext {
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

    /// Reads one part of the state after subscribing to its bit (no state, on the server or after
    /// disposal, reads as the idle state). The part's type names the bit: a getter cannot track
    /// one part and read another.
    fn part<P: Part, R>(&self, f: impl Fn(&P) -> R) -> R {
        self.derived(P::CHANGES, |s| f(P::of(s)))
    }

    /// Reads a view derived from several parts (see [`VisitorState::session_view`]) after
    /// subscribing to each bit in `parts`.
    fn derived<R>(&self, parts: Changes, f: impl Fn(&VisitorState) -> R) -> R {
        self.triggers.track(parts);
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
        self.part(|s: &Session| s.phase.clone())
    }
    /// Whether a session is starting or running.
    pub fn in_session(&self) -> bool {
        self.part(|s: &Session| s.phase.in_session())
    }
    /// Session paused (`sessionpaused`).
    pub fn paused(&self) -> bool {
        self.part(|s: &Session| s.paused)
    }
    /// Connection.
    pub fn connection(&self) -> Connection {
        self.part(|c: &Connection| *c)
    }
    /// Errors, newest first.
    pub fn errors(&self) -> Vec<ErrorEntry> {
        self.part(|e: &Vec<ErrorEntry>| e.clone())
    }
    /// Agent count.
    pub fn agents(&self) -> u32 {
        self.part(|a: &Agents| a.count)
    }
    /// Whether an `agents` event arrived in this session (before it, the count is not known).
    pub fn agents_known(&self) -> bool {
        self.part(|a: &Agents| a.known)
    }
    /// The agents' display names, when Glance sends an agent list.
    pub fn agent_names(&self) -> Vec<String> {
        self.part(|a: &Agents| a.list.iter().flatten().filter_map(|a| a.display_name().map(str::to_owned)).collect())
    }
    /// The agent list, when Glance sends one.
    pub fn agent_list(&self) -> Option<Vec<AgentInfo>> {
        self.part(|a: &Agents| a.list.clone())
    }
    /// What the session widget says ([`VisitorState::session_view`]); subscribes to the session,
    /// the connection, remote control, the agents and the flags (session focus).
    pub fn session_view(&self) -> crate::state::SessionView {
        let parts = Changes::SESSION | Changes::CONNECTION | Changes::REMOTE_CONTROL | Changes::AGENTS | Changes::FLAGS;
        self.derived(parts, VisitorState::session_view)
    }
    /// Remote control.
    pub fn remote_control(&self) -> RemoteControl {
        self.derived(Changes::REMOTE_CONTROL, VisitorState::remote_control)
    }
    /// Reverse session.
    pub fn reverse_session(&self) -> ReverseSession {
        self.derived(Changes::REVERSE, VisitorState::reverse_session)
    }
    /// The pending request of a kind.
    pub fn prompt(&self, kind: PromptKind) -> Option<PromptInfo> {
        self.part(|r: &Requests| r.get(&kind).map(prompt_info))
    }
    /// The request the visitor sees now: the oldest pending one (requests queue, one prompt at a
    /// time).
    pub fn current_prompt(&self) -> Option<PromptInfo> {
        self.derived(Changes::PROMPTS, |s| s.current_prompt().map(prompt_info))
    }
    /// How many requests are pending (the one shown included).
    pub fn pending_requests(&self) -> usize {
        self.part(|r: &Requests| r.len())
    }
    /// When the prompt `id` is declined on its own ([`VisitorOptions::auto_decline`]), in
    /// `performance.now()` milliseconds.
    pub fn decline_deadline(&self, id: u64) -> Option<f64> {
        self.read_ui(|u| u.decline_deadline.filter(|(p, _)| *p == id).map(|(_, at)| at))
    }
    /// One view's state (default: hidden, no size), including its viewer statistics.
    pub fn view(&self, name: &str) -> ViewState {
        self.part(|v: &Views| v.get(name).cloned().unwrap_or_default())
    }
    /// Accessibility features on.
    pub fn accessibility(&self) -> bool {
        self.part(|f: &Flags| f.accessibility)
    }
    /// This window has session focus.
    pub fn focused(&self) -> bool {
        self.part(|f: &Flags| f.focused)
    }
    /// The whole page is hidden from the agent.
    pub fn page_masked(&self) -> bool {
        self.part(|p: &Page| p.masked)
    }
    /// An agent's document is arriving.
    pub fn file_download(&self) -> bool {
        self.part(|p: &Page| p.file_download)
    }
    /// Where the agent has dragged the visitor's widget: `(left, bottom)` px.
    pub fn widget_offset(&self) -> (f64, f64) {
        self.part(|w: &Widget| w.offset)
    }
    /// The corner the agent dropped the visitor's widget in (`widgetmoved`), for the session.
    pub fn widget_corner(&self) -> Option<crate::state::WidgetCorner> {
        self.part(|w: &Widget| w.corner)
    }
    /// The visitor's own video.
    pub fn visitor_video(&self) -> VisitorVideo {
        self.part(|m: &Media| m.video.clone())
    }
    /// The visitor's screen share.
    pub fn visitor_screenshare(&self) -> MediaPhase {
        self.part(|m: &Media| m.screenshare)
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

fn prompt_info(p: &crate::state::Prompt) -> PromptInfo {
    PromptInfo { id: p.id, kind: p.kind(), facts: p.facts().clone() }
}
