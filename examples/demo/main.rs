//! The demo site: a small bookshop page that embeds the kit, with an agent console (every event the
//! kit handles, with editable payloads, the simulator's scenarios, a speed control and a storm of
//! random events), an event log, and theme, colour-scheme and language switchers.
//!
//! Address parameters:
//! - `?source=glance` binds to the page's `window.GLANCE` instead of the simulator
//!   (`&group=G&site=staging|production` also inserts Glance's script tag, `&src=URL` points it at a
//!   self-hosted loader);
//! - `?theme=light|dark` (default: the system's), `?contrast=1`, `?lang=en|de|fr|es|ar` (default:
//!   the browser's), `?speed=0|0.25|1|2` (the simulator's time scale, default 1);
//! - chat windows: in simulator mode the page obeys `glance_invoke` messages for group `72937` (or
//!   `?group=G`) from its own origin and from the exact origins of `?trusted=ORIGIN[,ORIGIN...]`,
//!   and lists what it ran and what it refused. `?view=chat` is a chat window that embeds a visitor
//!   page (`&visitor=URL`, default this page; `&target=ORIGIN`, default that URL's origin) and drives
//!   it through the kit's chat-side API. With `?source=glance`, `?trusted=` configures the invoke
//!   guard.

use std::cell::{Cell, RefCell};

use glance_visitor_kit::event::{subscribed_names, PromptKind, Value, DOCUMENTED_NAMES};
use glance_visitor_kit::invoke::{
    provide_invoke_listener, GroupId, GuardOptions, InvokeError, InvokeGuard, InvokeRules, InvokeVisitor, Origin,
    ShareScreenButton, VisitorWindow,
};
use glance_visitor_kit::masking::{
    MaskingCallback, MaskingDescriptor, MaskingOptions, SessionAgents, PRIVATE_SELECTOR,
};
use glance_visitor_kit::messages::LANGUAGES;
use glance_visitor_kit::source::{GlanceOptions, GlanceSource, Scenario, ScriptOptions, Simulator, Site};
use glance_visitor_kit::{
    provide_visitor_with_options, use_visitor, Activity, ColorScheme, Masked, Messages, Observer, Theme,
    VisitorContext, VisitorOptions, VisitorUi,
};
use leptos::prelude::*;

/// The demo's group id when `?group` does not set one.
const DEMO_GROUP: &str = "72937";

/// Log entries kept on the page (older ones are dropped; the counter keeps the total).
const LOG_KEEP: usize = 300;

/// Events the storm button sends.
const STORM_SIZE: u32 = 5000;

fn main() {
    console_error_panic_hook::set_once();
    if query("view").as_deref() == Some("chat") {
        leptos::mount::mount_to_body(ChatView);
    } else {
        leptos::mount::mount_to_body(App);
    }
}

/// The query parameter `name` of the page address.
fn query(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name).filter(|v| !v.is_empty())
}

/// The origins of `?trusted=` (bad ones are logged and left out).
fn trusted_origins() -> Vec<Origin> {
    let text = query("trusted").unwrap_or_default();
    text.split(',')
        .filter(|s| !s.trim().is_empty())
        .filter_map(|s| {
            Origin::parse(s.trim()).map_err(|e| web_sys::console::warn_1(&format!("[demo] ?trusted: {e}").into())).ok()
        })
        .collect()
}

/// One line of the chat-requests log: (ran, code or function, text).
type LogLine = (bool, String, String);

/// One line of the event log.
#[derive(Clone, Debug, PartialEq)]
struct Entry {
    /// Running number (1, 2, …), never reused.
    n: u64,
    /// `sent`, `event`, `malformed`, `unknown`, `ui`, `answer`, `action`, `invoked`, `rejected`, `demo`.
    kind: &'static str,
    /// The event, request or action name.
    name: String,
    /// For answers: `accept` / `decline`.
    answer: &'static str,
    /// For answers: `visitor` / `kit`.
    by: &'static str,
    /// What happened, in words.
    text: String,
}

thread_local! {
    /// Entries waiting to be appended to the log (the observer may run while the kit updates its
    /// state: the log is written afterwards, in a task).
    static QUEUE: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
    static FLUSH_PENDING: Cell<bool> = const { Cell::new(false) };
    static NEXT: Cell<u64> = const { Cell::new(0) };
}

/// Everything the log needs, `Copy`.
#[derive(Clone, Copy)]
struct Log {
    entries: RwSignal<Vec<Entry>>,
    total: RwSignal<u64>,
    invokes: RwSignal<Vec<LogLine>>,
    announce: RwSignal<bool>,
    live: RwSignal<String>,
}

impl Log {
    fn new() -> Self {
        Log {
            entries: RwSignal::new(Vec::new()),
            total: RwSignal::new(0),
            invokes: RwSignal::new(Vec::new()),
            announce: RwSignal::new(false),
            live: RwSignal::new(String::new()),
        }
    }

    /// Queues an entry and appends the queue to the log in a task.
    fn push(self, kind: &'static str, name: &str, text: String) {
        self.push_answer(kind, name, "", "", text);
    }

    fn push_answer(self, kind: &'static str, name: &str, answer: &'static str, by: &'static str, text: String) {
        let n = NEXT.with(|c| {
            c.set(c.get() + 1);
            c.get()
        });
        QUEUE.with(|q| q.borrow_mut().push(Entry { n, kind, name: name.to_owned(), answer, by, text: clip(text) }));
        if !FLUSH_PENDING.with(|p| p.replace(true)) {
            leptos::task::spawn_local(async move { self.flush() });
        }
    }

    fn flush(self) {
        FLUSH_PENDING.with(|p| p.set(false));
        let new: Vec<Entry> = QUEUE.with(|q| std::mem::take(&mut *q.borrow_mut()));
        let Some(last) = new.last().cloned() else { return };
        let count = new.len();
        let invokes: Vec<LogLine> = new
            .iter()
            .filter(|e| e.kind == "invoked" || e.kind == "rejected")
            .map(|e| (e.kind == "invoked", e.name.clone(), e.text.clone()))
            .collect();
        if !invokes.is_empty() {
            self.invokes.update(|l| l.extend(invokes));
        }
        self.total.update(|t| *t += count as u64);
        self.entries.update(|l| {
            l.extend(new);
            if l.len() > LOG_KEEP {
                l.drain(..l.len() - LOG_KEEP);
            }
        });
        // Screen readers hear the log only when the person asked for it, and then one short
        // summary per batch, never a line per event.
        if self.announce.get_untracked() {
            let text = if count == 1 {
                format!("Log: {}", last.text)
            } else {
                format!("Log: {count} new entries, the last: {}", last.text)
            };
            self.live.set(clip_to(text, 200));
        }
    }

    fn clear(self) {
        self.entries.set(Vec::new());
        self.total.set(0);
        if self.announce.get_untracked() {
            self.live.set("Log cleared".into());
        }
    }

    /// The kit's observer: every activity becomes a log entry.
    fn observer(self) -> Observer {
        Observer::new(move |a: &Activity| match a {
            Activity::Event(ev) => self.push("event", ev.name(), format!("decoded: {ev:?}")),
            Activity::Malformed(e) => self.push("malformed", "", format!("decode error: {e}")),
            Activity::Unknown { name, payload } => {
                self.push("unknown", name, format!("unknown event `{name}`, ignored; payload {payload}"))
            }
            Activity::Ui(_) => self.push("ui", "", a.to_string()),
            Activity::Answered { kind, answer, by_visitor, .. } => self.push_answer(
                "answer",
                kind.event_name(),
                answer.as_str(),
                if *by_visitor { "visitor" } else { "kit" },
                a.to_string(),
            ),
            Activity::Action { name, .. } => self.push("action", name, a.to_string()),
            Activity::Invoked { func, origin } => self.push("invoked", func, format!("ran {func} from {origin}")),
            Activity::InvokeRejected(r) => self.push("rejected", r.code.as_str(), r.to_string()),
            Activity::Warning(text) => self.push("warning", "", text.clone()),
        })
    }
}

/// Long texts (a hostile payload) are cut for the log.
fn clip(text: String) -> String {
    clip_to(text, 600)
}

fn clip_to(mut text: String, max: usize) -> String {
    if text.len() > max {
        let mut end = max;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push('…');
    }
    text
}

fn scheme_of(name: &str) -> ColorScheme {
    match name {
        "light" => ColorScheme::Light,
        "dark" => ColorScheme::Dark,
        _ => ColorScheme::Auto,
    }
}

/// The host page follows the chosen colour scheme and contrast too (classes on `<html>`).
fn style_host(scheme: &str, contrast: bool) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else {
        return;
    };
    let list = root.class_list();
    let _ = list.toggle_with_force("demo-light", scheme == "light");
    let _ = list.toggle_with_force("demo-dark", scheme == "dark");
    let _ = list.toggle_with_force("demo-contrast", contrast);
}

/// Whether this page runs inside another window (the chat view embeds it).
fn framed() -> bool {
    web_sys::window().and_then(|w| w.parent().ok().flatten().map(|p| !js_sys::Object::is(&p, &w))).unwrap_or(false)
}

#[component]
fn App() -> impl IntoView {
    let glance = query("source").as_deref() == Some("glance");
    let speed =
        query("speed").and_then(|s| s.parse::<f64>().ok()).filter(|s| s.is_finite() && *s >= 0.0).unwrap_or(1.0);
    let simulator = (!glance).then(|| Simulator::new().with_share_page("screen.html").with_time_scale(speed));
    let log = Log::new();
    let framed = framed();
    let scheme = query("theme").filter(|t| t == "light" || t == "dark").unwrap_or_else(|| "auto".into());
    let contrast = query("contrast").is_some_and(|c| c != "0");
    let lang = query("lang").filter(|l| LANGUAGES.contains(&l.as_str()));
    style_host(&scheme, contrast);
    let theme = Theme { color_scheme: scheme_of(&scheme), high_contrast: contrast, ..Theme::default() };
    let messages = lang.as_deref().map(Messages::for_language).unwrap_or_else(Messages::from_browser);
    let initial_lang = messages.lang.to_string();
    let observer = log.observer();
    // `?nonce=` : the page's Content-Security-Policy nonce (the CSP end-to-end test serves one).
    let nonce = query("nonce");
    let options = VisitorOptions {
        observer: Some(observer.clone()),
        theme,
        messages,
        masking: demo_masking(),
        nonce: nonce.clone(),
        ..Default::default()
    };
    let ctx = match &simulator {
        Some(sim) => {
            let ctx = provide_visitor_with_options(sim.clone(), options);
            let group = query("group").and_then(|g| GroupId::new(&g)).unwrap_or_else(|| GroupId::from(72937u32));
            let rules = trusted_origins().into_iter().fold(InvokeRules::new(group), InvokeRules::trust);
            provide_invoke_listener(rules);
            ctx
        }
        None => {
            // Before the script tag goes in (the kit inserts it after its own guard, which this
            // configures), or in front of a static tag's standalone guard script.
            let guard = GuardOptions { trusted: trusted_origins(), observer: Some(observer), ..Default::default() };
            if let Err(e) = InvokeGuard::install(guard) {
                web_sys::console::warn_1(&format!("[demo] invoke guard: {e}").into());
            }
            let script = query("group").map(|group_id| ScriptOptions {
                group_id,
                site: if query("site").as_deref() == Some("production") { Site::Production } else { Site::Staging },
                src: query("src"),
                data: Vec::new(),
            });
            provide_visitor_with_options(
                GlanceSource::with_options(GlanceOptions { script, nonce, ..Default::default() }),
                options,
            )
        }
    };
    let settings = Settings {
        scheme: RwSignal::new(scheme),
        contrast: RwSignal::new(contrast),
        lang: RwSignal::new(initial_lang),
    };
    let mode = if glance {
        view! {
            <p class="demo-mode" data-mode="glance">
                <strong>"Live Glance mode (?source=glance): "</strong>
                "events come from this page's window.GLANCE, not from the simulator. The agent console is off; the log still shows everything the kit receives and does."
            </p>
        }
        .into_any()
    } else {
        view! {
            <p class="demo-mode" data-mode="simulator">
                <strong>"Simulator mode: "</strong>
                "you play the agent with the console. Add "<code>"?source=glance"</code>" to the address to bind to a real Glance script."
            </p>
        }
        .into_any()
    };
    view! {
        <a class="demo-skip" href="#demo-shop">"Skip to the shop"</a>
        <header class="demo-header">
            <div class="demo-brand">
                <p class="demo-logo" aria-hidden="true">"HL"</p>
                <div>
                    <p class="demo-site">"Harbour Lane Books"</p>
                    <p class="demo-tagline">"A demo host page for glance-visitor-kit"</p>
                </div>
            </div>
            <nav aria-label="Shop">
                <ul class="demo-nav">
                    <li><a href="#demo-shop">"Books"</a></li>
                    <li><a href="#demo-order">"Your order"</a></li>
                    <li><a href="#demo-delivery">"Delivery"</a></li>
                    <li><a href="terms.html">"Cobrowse terms"</a></li>
                </ul>
            </nav>
            {mode}
            <SettingsBar ctx=ctx settings=settings />
        </header>
        <div class="demo-layout">
            <main class="demo-main" id="demo-main">
                {framed.then(|| view! { <InvokeLog log=log.invokes /> })}
                <ShopPage />
                {(!framed).then(|| view! { <InvokeLog log=log.invokes /> })}
            </main>
            <aside class="demo-console" aria-labelledby="demo-console-title" data-console=if glance { "glance" } else { "simulator" }>
                <h2 id="demo-console-title">"Agent console"</h2>
                {simulator.map(|sim| view! { <AgentConsole sim=sim log=log /> })}
                <MaskingNow />
                <EventLog log=log />
            </aside>
        </div>
        <footer class="demo-footer">
            <p>"Harbour Lane Books is made up for this demo. "<a href="terms.html">"How cobrowsing works here"</a></p>
        </footer>
        <VisitorUi terms_url="terms.html" />
    }
}

/// The demo's masking: the card number for every agent (the `<Masked>` wrapper), the packer's note
/// for every agent but a supervisor (role-based, from Glance's `agentrole`).
fn demo_masking() -> MaskingOptions {
    MaskingOptions {
        by_agents: Some(MaskingCallback::new(|agents| MaskingDescriptor {
            masked: if agents.is_some_and(|a| {
                !a.agents.is_empty() && a.agents.iter().all(|x| x.agentrole.as_deref() == Some("supervisor"))
            }) {
                vec![]
            } else {
                vec!["#demo-notes".into()]
            },
            ..Default::default()
        })),
        fallback: vec!["#demo-notes".into()],
        ..Default::default()
    }
}

/// What Glance is told to mask for the agents in the session now (the console's agent list and
/// roles), as the kit's masking computes it.
#[component]
fn MaskingNow() -> impl IntoView {
    let ctx = use_visitor();
    let masked = move || {
        let agents = ctx.agent_list().map(|agents| SessionAgents { count: ctx.agents(), agents });
        let d = demo_masking().describe(agents.as_ref());
        std::iter::once(PRIVATE_SELECTOR.to_owned()).chain(d.masked).collect::<Vec<_>>().join(", ")
    };
    view! {
        <p class="demo-help" data-demo-masking="">
            "Masked for these agents: " <code>{masked}</code>
        </p>
    }
}

/// The switchers' state.
#[derive(Clone, Copy)]
struct Settings {
    scheme: RwSignal<String>,
    contrast: RwSignal<bool>,
    lang: RwSignal<String>,
}

/// Colour scheme, high contrast and language, for the kit and the page.
#[component]
fn SettingsBar(ctx: VisitorContext, settings: Settings) -> impl IntoView {
    let apply = move || {
        let scheme = settings.scheme.get_untracked();
        let contrast = settings.contrast.get_untracked();
        style_host(&scheme, contrast);
        ctx.set_theme(Theme { color_scheme: scheme_of(&scheme), high_contrast: contrast, ..ctx.theme() });
    };
    let names = |tag: &str| match tag {
        "de" => "Deutsch",
        "fr" => "Français",
        "es" => "Español",
        "ar" => "العربية",
        _ => "English",
    };
    view! {
        <form class="demo-settings" aria-label="Look and language" on:submit=|e| e.prevent_default()>
            <label>
                "Colour scheme "
                <select data-switch="scheme" prop:value=move || settings.scheme.get() on:change=move |e| {
                    settings.scheme.set(event_target_value(&e));
                    apply();
                }>
                    {[("auto", "System"), ("light", "Light"), ("dark", "Dark")].map(|(v, l)| view! {
                        <option value=v selected=move || settings.scheme.get_untracked() == v>{l}</option>
                    })}
                </select>
            </label>
            <label>
                <input type="checkbox" data-switch="contrast" prop:checked=move || settings.contrast.get() on:change=move |e| {
                    settings.contrast.set(event_target_checked(&e));
                    apply();
                } />
                " High contrast"
            </label>
            <label>
                "Language of the visitor UI "
                <select data-switch="lang" prop:value=move || settings.lang.get() on:change=move |e| {
                    let tag = event_target_value(&e);
                    ctx.set_messages(Messages::for_language(&tag));
                    settings.lang.set(tag);
                }>
                    {LANGUAGES.map(|tag| view! {
                        <option value=tag lang=tag selected=move || settings.lang.get_untracked() == tag>{names(tag)}</option>
                    })}
                </select>
            </label>
        </form>
    }
}

/// The host page: a small bookshop with a form, a long body and links.
#[component]
fn ShopPage() -> impl IntoView {
    let books = [
        ("The Tidal Atlas", "Maps of every harbour on the north coast, hand-drawn.", "£24.00"),
        ("Knots for Beginners", "Forty knots, each with a photo for every step.", "£12.50"),
        ("Lighthouse Keepers' Letters", "A century of letters from the people who kept the lights.", "£18.00"),
    ];
    view! {
        <section class="demo-card demo-hero" aria-labelledby="demo-shop">
            <h1 id="demo-shop" tabindex="-1">"Books about the sea"</h1>
            <p>
                "This page stands in for a site that embeds Glance Cobrowse. Press the cobrowse button in the bottom corner, accept the terms, then play the agent with the console: send requests, share a screen, drop the connection."
            </p>
            <ul class="demo-books">
                {books.map(|(title, blurb, price)| view! {
                    <li class="demo-book">
                        <h2>{title}</h2>
                        <p>{blurb}</p>
                        <p class="demo-price">{price}</p>
                    </li>
                })}
            </ul>
        </section>
        <section class="demo-card" aria-labelledby="demo-order">
            <h2 id="demo-order">"Your order"</h2>
            <form class="demo-form" on:submit=|e| e.prevent_default()>
                <label for="demo-name">"Name on the order"</label>
                <input id="demo-name" type="text" autocomplete="name" />
                <label for="demo-email">"Email"</label>
                <input id="demo-email" type="email" autocomplete="email" />
                <label for="demo-card-number">"Card number"</label>
                <Masked><input id="demo-card-number" type="text" inputmode="numeric" autocomplete="cc-number" aria-describedby="demo-card-private" /></Masked>
                <p class="demo-note" id="demo-card-private">"The agent never sees your card number: it is hidden from every agent."</p>
                <label for="demo-notes">"A note for the packer"</label>
                <textarea id="demo-notes" rows="3" aria-describedby="demo-notes-private"></textarea>
                <p class="demo-note" id="demo-notes-private">"Only a supervisor sees this note; it is hidden from other agents."</p>
                <button type="submit" class="demo-primary">"Place order"</button>
            </form>
        </section>
        <section class="demo-card" aria-labelledby="demo-delivery">
            <h2 id="demo-delivery">"Delivery and returns"</h2>
            <p>"We post every order within two working days, wrapped in paper and string. Orders above £30 travel free within the country; smaller ones cost £3.20."</p>
            <p>"If a book arrives damaged, tell us within a month and we send a new copy or refund you, whichever you prefer. You keep the damaged one."</p>
            <h3>"Questions people ask"</h3>
            <dl class="demo-faq">
                <dt>"Can someone from the shop look at my screen?"</dt>
                <dd>"Only when you start a cobrowse session and give them the key. They see this website, never the rest of your computer, and you can end the session at any moment."</dd>
                <dt>"Can the agent type for me?"</dt>
                <dd>"Only if you allow remote control when they ask. A red border shows while they can; you can take control back at any time."</dd>
                <dt>"What does the agent not see?"</dt>
                <dd>"Fields the shop masks, such as your card number, reach the agent as asterisks; while a session runs, each says so with a dashed outline."</dd>
                <dt>"Do you ship abroad?"</dt>
                <dd>"Yes, to most countries, at cost. The price shows before you pay."</dd>
            </dl>
            <p>"Read "<a href="terms.html">"how cobrowsing works on this site"</a>" before you start a session."</p>
        </section>
        <section class="demo-card" aria-labelledby="demo-story">
            <h2 id="demo-story">"About the shop"</h2>
            {(1..=6).map(|i| view! {
                <p>{match i {
                    1 => "The shop began in a boathouse, with one shelf of tide tables and a kettle.",
                    2 => "Today it holds four thousand books on sailing, navigation, coastal birds and the people who worked the harbours.",
                    3 => "Every book on this page is checked by hand before it leaves, and second-hand copies come with a note on their condition.",
                    4 => "We answer the phone from nine to five and, with cobrowsing, we can now help you find the right chart edition on this very page.",
                    5 => "If you visit in person, the door sticks a little in wet weather: push firmly.",
                    _ => "This long body is here so that the page scrolls, and the kit's page border and widget can be seen over real content.",
                }}</p>
            }).collect_view()}
        </section>
    }
}

/// A payload field of one event in the console.
#[derive(Clone, Copy)]
enum Field {
    /// A number at a (dotted) path.
    Num(&'static str, &'static str, f64),
    /// A text at a path (left out when empty).
    Text(&'static str, &'static str, &'static str),
    /// A boolean at a path.
    Bool(&'static str, &'static str, bool),
    /// One of a few strings at a path (`""`: the whole payload is that string).
    Choice(&'static str, &'static str, &'static [&'static str]),
    /// Agent names, comma separated, as `agentlist`.
    Names(&'static str, &'static str),
}

const VIEWS: &[&str] = &["glance_screenshare", "glance_agentvideo"];

/// The payload fields of an event (none: the event is sent without a payload).
fn fields(name: &str) -> &'static [Field] {
    use Field::*;
    match name {
        "sessionend" => &[Choice("reason", "Reason", &["agent", "visitor", "error", "timeout"])],
        "error" => &[
            Text("code", "Code", "dupkey"),
            Text("msg", "Message", "Duplicate session key"),
            Text("params.server", "Server", ""),
        ],
        "agents" => {
            &[Num("count", "Count", 2.0), Names("Names (role)", "Alex Agent (agent), Sam Support (supervisor)")]
        }
        "rc" => &[Bool("enabled", "Enabled", true)],
        "accessibility" => &[Bool("enabled", "Enabled", true)],
        "screenshare" => &[
            Choice("screenshareView", "View", VIEWS),
            Choice("state", "State", &["new", "continued", "ended", "error"]),
            Bool("paused", "Paused", false),
        ],
        "screensharepause" | "screensharepaused" | "screenshareresume" | "screenshareresumed" => {
            &[Choice("screenshareView", "View", VIEWS)]
        }
        "viewerinfo" => &[
            Choice("screenshareView", "View", VIEWS),
            Num("scaledview.width", "Width", 800.0),
            Num("scaledview.height", "Height", 450.0),
            Num("screen.width", "Screen width", 1600.0),
            Num("screen.height", "Screen height", 900.0),
        ],
        "connection" => &[Choice("status", "Status", &["reconnecting", "ok"])],
        "sessionpaused" => &[Bool("paused", "Paused", true)],
        "pagemasked" => &[Bool("masked", "Masked", true)],
        "viewerclosing" => &[Choice("screenshareView", "View", VIEWS), Text("closereason", "Reason", "PlayerTooSlow")],
        "videobgfilterfailed" => {
            &[Text("failuremode", "Failure", "performance"), Bool("performancefail", "Too slow", true)]
        }
        "widgetmoving" => &[Num("left", "Left", -40.0), Num("bottom", "Bottom", 30.0)],
        "widgetmoved" => &[Bool("left", "Left side", true), Bool("bottom", "Bottom", false)],
        "maskingerror" => &[Text("reason", "Reason", "TypeError: descriptor failed")],
        "documentnotsent" => &[
            Text("name", "File", "statement.pdf"),
            Text("reason", "Reason", "File size limit exceeded"),
            Num("size", "Size", 5242880.0),
        ],
        "navigationassist" | "navassistrequested" => {
            &[Text("url", "Address", "terms.html"), Text("name", "Name", "Our terms")]
        }
        "confirm" => &[Text("url", "Address", "terms.html")],
        "visitorvideo" => &[Choice("video", "Size", &["small", "large"]), Text("camerastatus", "Camera", "available")],
        "visitorvideostarted" => &[Num("width", "Width", 320.0), Num("height", "Height", 240.0)],
        "visitorvideoresize" => &[Choice("", "Size", &["large", "small"])],
        "visitorvideoerror" => &[Text("error", "Error", "Camera not found")],
        "rcrequested" => &[Bool("selective", "Selective", false)],
        _ => &[],
    }
}

fn field_default(f: &Field) -> String {
    match *f {
        Field::Num(_, _, n) => n.to_string(),
        Field::Text(_, _, t) => t.to_owned(),
        Field::Bool(_, _, b) => b.to_string(),
        Field::Choice(_, _, options) => options.first().copied().unwrap_or_default().to_owned(),
        Field::Names(_, t) => t.to_owned(),
    }
}

/// Sets `value` at a dotted `path` of an object payload.
fn set_path(target: &mut Vec<(String, Value)>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            target.retain(|(k, _)| k != path);
            target.push((path.to_owned(), value));
        }
        Some((head, rest)) => {
            if !target.iter().any(|(k, v)| k == head && matches!(v, Value::Object(_))) {
                target.retain(|(k, _)| k != head);
                target.push((head.to_owned(), Value::Object(Vec::new())));
            }
            if let Some((_, Value::Object(inner))) = target.iter_mut().find(|(k, _)| k == head) {
                set_path(inner, rest, value);
            }
        }
    }
}

/// The payload of event `name` from the fields' current texts.
fn payload(name: &str, values: &[String]) -> Value {
    let fs = fields(name);
    if fs.is_empty() {
        return Value::Null;
    }
    let mut obj = Vec::new();
    for (f, text) in fs.iter().zip(values) {
        match *f {
            Field::Num(path, _, _) => {
                // Anything that is not a number goes as typed: the kit's decoder reports it.
                let v = text.trim().parse::<f64>().map(Value::Number).unwrap_or_else(|_| Value::String(text.clone()));
                set_path(&mut obj, path, v);
            }
            Field::Text(path, _, _) => {
                if !text.is_empty() {
                    set_path(&mut obj, path, Value::String(text.clone()));
                }
            }
            Field::Bool(path, _, _) => set_path(&mut obj, path, Value::Bool(text == "true")),
            Field::Choice("", _, _) => return Value::String(text.clone()),
            Field::Choice(path, _, _) => set_path(&mut obj, path, Value::String(text.clone())),
            Field::Names(_, _) => {
                let list = text
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .enumerate()
                    .map(|(i, n)| {
                        // "Name (role)": the role is Glance's `agentrole` (masking keys on it).
                        let (name, role) = match n.split_once('(') {
                            Some((name, role)) => (name.trim(), role.trim_end_matches(')').trim()),
                            None => (n, "agent"),
                        };
                        Value::Object(vec![
                            ("name".into(), Value::String(name.to_owned())),
                            ("role".into(), Value::String("agent".into())),
                            ("agentrole".into(), Value::String(role.to_owned())),
                            ("num".into(), Value::Number(i as f64 + 1.0)),
                        ])
                    })
                    .collect();
                set_path(&mut obj, "agentlist", Value::Array(list));
            }
        }
    }
    Value::Object(obj)
}

/// The simulated agent's console.
#[component]
fn AgentConsole(sim: Simulator, log: Log) -> impl IntoView {
    let sim = StoredValue::new_local(sim);
    let status = RwSignal::new(String::new());
    let speed = RwSignal::new(query("speed").unwrap_or_else(|| "1".into()));
    let set_speed = move |e: leptos::ev::Event| {
        let value = event_target_value(&e);
        let scale = value.parse::<f64>().unwrap_or(1.0);
        sim.with_value(|s| drop(s.clone().with_time_scale(scale)));
        speed.set(value);
    };
    let (documented, glance_only): (Vec<&'static str>, Vec<&'static str>) =
        subscribed_names().partition(|n| DOCUMENTED_NAMES.contains(n));
    let group = move |title: &'static str, id: &'static str, names: Vec<&'static str>| {
        view! {
            <details class="demo-group" open={id == "requests"}>
                <summary id=id>{title}</summary>
                <ul class="demo-events" aria-labelledby=id>
                    {names.into_iter().map(|name| view! { <EventRow name=name sim=sim log=log /> }).collect_view()}
                </ul>
            </details>
        }
    };
    let requests: Vec<&'static str> = PromptKind::ALL.iter().map(|k| k.event_name()).collect();
    let documented: Vec<&'static str> = documented.into_iter().filter(|n| !requests.contains(n)).collect();
    let glance_only: Vec<&'static str> = glance_only.into_iter().filter(|n| !requests.contains(n)).collect();
    let storm = move |_| {
        status.set(format!("Storm: sending {STORM_SIZE} random events…"));
        log.push("demo", "storm", format!("storm of {STORM_SIZE} random events started"));
        run_storm(sim, log, status, 0, js_sys::Math::random());
    };
    view! {
        <details class="demo-console-body" open=is_wide()>
            <summary>"Show or hide the console"</summary>
            <p class="demo-help">"Each button sends one event to the kit as Glance would; the fields beside it edit its payload. Requests open a prompt; the log below shows what the kit decoded and what the visitor answered."</p>
            <div class="demo-row">
                <label>
                    "Speed of scenarios "
                    <select data-demo="speed" prop:value=move || speed.get() on:change=set_speed>
                        {[("0", "Instant"), ("0.25", "4× faster"), ("1", "Real time"), ("2", "2× slower")].map(|(v, l)| view! {
                            <option value=v selected=move || speed.get_untracked() == v>{l}</option>
                        })}
                    </select>
                </label>
                <button type="button" class="demo-danger" data-demo="storm" on:click=storm>
                    {format!("Storm: {STORM_SIZE} random events")}
                </button>
                <button type="button" data-demo="cancel" on:click=move |_| {
                    sim.with_value(|s| s.cancel());
                    log.push("demo", "cancel", "scheduled steps cancelled".into());
                }>"Cancel scheduled steps"</button>
            </div>
            <p class="demo-status" data-demo-status="">{move || status.get()}</p>
            <h3 id="demo-scenarios">"Scenarios"</h3>
            <div class="demo-buttons" role="group" aria-labelledby="demo-scenarios">
                {Scenario::ALL.iter().map(|&scenario| view! {
                    <button type="button" data-demo=format!("{scenario:?}") on:click=move |_| {
                        log.push("demo", &format!("{scenario:?}"), format!("scenario “{}”", scenario.label()));
                        sim.with_value(|s| s.run(scenario));
                    }>
                        {scenario.label()}
                    </button>
                }).collect_view()}
            </div>
            <h3>"Events"</h3>
            {group("Agent requests (open a prompt)", "requests", requests)}
            {group("Documented events", "documented", documented)}
            {group("Glance-only events (seen in Glance's script)", "glance-only", glance_only)}
        </details>
    }
}

/// Whether the window is wide enough to show the console open from the start.
fn is_wide() -> bool {
    web_sys::window().and_then(|w| w.inner_width().ok()).and_then(|v| v.as_f64()).is_none_or(|w| w > 700.0)
}

/// One event: its button and its payload fields.
#[component]
fn EventRow(name: &'static str, sim: StoredValue<Simulator, LocalStorage>, log: Log) -> impl IntoView {
    let fs = fields(name);
    let values: Vec<RwSignal<String>> = fs.iter().map(|f| RwSignal::new(field_default(f))).collect();
    let values = StoredValue::new(values);
    let send = move |_| {
        let texts: Vec<String> = values.with_value(|v| v.iter().map(|s| s.get_untracked()).collect());
        let p = payload(name, &texts);
        log.push("sent", name, format!("sent `{name}` {p}"));
        sim.with_value(|s| s.emit(name, p));
    };
    let inputs = fs
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let v = values.with_value(|v| v[i]);
            let id = format!("pf-{name}-{i}");
            let input = match *f {
                Field::Num(..) => view! {
                    <input id=id.clone() type="text" inputmode="decimal" size="6" prop:value=move || v.get()
                        on:input=move |e| v.set(event_target_value(&e)) />
                }
                .into_any(),
                Field::Text(..) | Field::Names(..) => view! {
                    <input id=id.clone() type="text" size="12" prop:value=move || v.get()
                        on:input=move |e| v.set(event_target_value(&e)) />
                }
                .into_any(),
                Field::Bool(..) => view! {
                    <input id=id.clone() type="checkbox" prop:checked=move || v.get() == "true"
                        on:change=move |e| v.set(event_target_checked(&e).to_string()) />
                }
                .into_any(),
                Field::Choice(_, _, options) => view! {
                    <select id=id.clone() prop:value=move || v.get() on:change=move |e| v.set(event_target_value(&e))>
                        {options.iter().map(|o| view! { <option value=*o>{*o}</option> }).collect_view()}
                    </select>
                }
                .into_any(),
            };
            let label = match *f {
                Field::Num(_, l, _)
                | Field::Text(_, l, _)
                | Field::Bool(_, l, _)
                | Field::Choice(_, l, _)
                | Field::Names(l, _) => l,
            };
            view! {
                <span class="demo-field">
                    <label for=id>{label}</label>
                    {input}
                </span>
            }
        })
        .collect_view();
    view! {
        <li class="demo-event" data-event=name>
            <button type="button" data-demo-event=name on:click=send>{name}</button>
            {inputs}
        </li>
    }
}

/// Sends the storm in slices, one timer turn each, so that the page stays responsive.
fn run_storm(sim: StoredValue<Simulator, LocalStorage>, log: Log, status: RwSignal<String>, sent: u32, seed: f64) {
    const SLICE: u32 = 250;
    let mut rng = Rng(((seed * 4_294_967_296.0) as u64) | 1);
    let names: Vec<&'static str> = subscribed_names().collect();
    let end = (sent + SLICE).min(STORM_SIZE);
    for _ in sent..end {
        let name = match rng.below(20) {
            0 => String::new(),
            1 => "__proto__".into(),
            2 => format!("storm-unknown-{}", rng.below(1000)),
            _ => names[rng.below(names.len() as u32) as usize].to_owned(),
        };
        let payload = random_value(&mut rng, 0);
        if sim.try_with_value(|s| s.emit(&name, payload)).is_none() {
            return;
        }
    }
    if end < STORM_SIZE {
        gloo_timers::callback::Timeout::new(0, move || run_storm(sim, log, status, end, seed + 0.5)).forget();
    } else {
        // Leave a known state: the session ends, which closes (declines) whatever the storm opened.
        sim.with_value(|s| s.emit("sessionend", Value::Object(vec![("reason".into(), Value::String("agent".into()))])));
        status.set(format!("Storm done: {STORM_SIZE} events sent, then sessionend."));
        log.push("demo", "storm", format!("storm done: {STORM_SIZE} events"));
    }
}

/// A small xorshift generator (the storm need not be reproducible; it must be varied).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n.max(1))) as u32
    }
}

/// A random payload: right and wrong types, odd numbers, long strings, deep nesting.
fn random_value(rng: &mut Rng, depth: u32) -> Value {
    const KEYS: &[&str] = &[
        "count",
        "agentlist",
        "status",
        "enabled",
        "screenshareView",
        "state",
        "paused",
        "scaledview",
        "screen",
        "width",
        "height",
        "reason",
        "code",
        "msg",
        "params",
        "url",
        "name",
        "selective",
        "left",
        "bottom",
        "video",
        "masked",
        "closereason",
        "stats",
        "accept",
        "decline",
    ];
    const WORDS: &[&str] = &[
        "ok",
        "reconnecting",
        "new",
        "ended",
        "glance_screenshare",
        "glance_agentvideo",
        "agent",
        "conndrop",
        "small",
        "large",
        "",
        "<script>alert(1)</script>",
        "\u{202e}rtl",
        "😀",
    ];
    let pick = if depth >= 3 { rng.below(5) } else { rng.below(8) };
    match pick {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::Number(match rng.below(6) {
            0 => f64::NAN,
            1 => f64::INFINITY,
            2 => -1.0e300,
            3 => -(f64::from(rng.below(100))),
            _ => f64::from(rng.below(5000)),
        }),
        3 => Value::String(WORDS[rng.below(WORDS.len() as u32) as usize].to_owned()),
        4 => Value::String("x".repeat(rng.below(3) as usize * 5000)),
        5 => Value::Array((0..rng.below(4)).map(|_| random_value(rng, depth + 1)).collect()),
        _ => Value::Object(
            (0..rng.below(6))
                .map(|_| (KEYS[rng.below(KEYS.len() as u32) as usize].to_owned(), random_value(rng, depth + 1)))
                .collect(),
        ),
    }
}

/// Everything the kit received and did, newest last.
#[component]
fn EventLog(log: Log) -> impl IntoView {
    view! {
        <section class="demo-log" aria-labelledby="demo-log-title">
            <h3 id="demo-log-title">"Event log"</h3>
            <div class="demo-row">
                <button type="button" data-log-action="clear" on:click=move |_| log.clear()>"Clear the log"</button>
                <label>
                    <input type="checkbox" data-log-action="announce" prop:checked=move || log.announce.get()
                        on:change=move |e| log.announce.set(event_target_checked(&e)) />
                    " Read new entries aloud (screen readers)"
                </label>
            </div>
            <p class="demo-log-count" data-log-count=move || log.total.get().to_string()>
                {move || match log.total.get() {
                    0 => "No entries yet.".to_string(),
                    n if n as usize > LOG_KEEP => format!("{n} entries; the last {LOG_KEEP} shown."),
                    n => format!("{n} entries."),
                }}
            </p>
            <ol class="demo-log-list" tabindex="0" aria-label="Log entries, newest last">
                <For each=move || log.entries.get() key=|e| e.n let:e>
                    <li data-log=e.kind data-name=e.name.clone() data-answer=e.answer data-by=e.by>
                        <span class="demo-log-kind">{e.kind}</span>
                        " "
                        {e.text.clone()}
                    </li>
                </For>
            </ol>
            <p class="demo-visually-hidden" role="status" data-log-live="">{move || log.live.get()}</p>
        </section>
    }
}

/// What chat windows asked this page to do, and what it refused.
#[component]
fn InvokeLog(log: RwSignal<Vec<LogLine>>) -> impl IntoView {
    view! {
        <section class="demo-card" aria-labelledby="demo-invoke" data-invoke="log">
            <h2 id="demo-invoke">"Requests from chat windows"</h2>
            <p>
                "Group " <code data-invoke="group">{query("group").unwrap_or_else(|| DEMO_GROUP.into())}</code>
                ". Trusted: this page's origin"
                {trusted_origins().iter().map(|o| format!(", {o}")).collect::<String>()}
                ". Open " <a href="?view=chat">"?view=chat"</a> " for a chat window."
            </p>
            <p hidden=move || log.with(|l| !l.is_empty())>"None yet."</p>
            <ol aria-live="polite">
                {move || log.get().into_iter().map(|(ran, code, text)| view! {
                    <li data-kind=if ran { "invoked" } else { "rejected" } data-code=code>
                        {if ran { "✔ " } else { "✘ refused: " }}{text}
                    </li>
                }).collect_view()}
            </ol>
        </section>
    }
}

/// A chat window (`?view=chat`): embeds a visitor page and drives it with the kit's chat-side API.
#[component]
fn ChatView() -> impl IntoView {
    let group = query("group").unwrap_or_else(|| DEMO_GROUP.into());
    let visitor_url = query("visitor").unwrap_or_else(|| "./".into());
    // The visitor page's origin: `?target`, else the origin of the embedded page's address.
    let target = query("target").unwrap_or_else(|| {
        let base = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
        web_sys::Url::new_with_base(&visitor_url, &base).map(|u| u.origin()).unwrap_or_default()
    });
    let status: RwSignal<Option<(String, Result<(), InvokeError>)>> = RwSignal::new(None);
    let key = RwSignal::new("4321".to_string());
    let (group_s, target_s) = (StoredValue::new(group.clone()), StoredValue::new(target.clone()));
    let send = move |what: &'static str| {
        let result = VisitorWindow::Frame("demo-visitor-frame".into()).resolve().and_then(|wnd| {
            let invoke = InvokeVisitor::new(wnd, group_s.get_value(), &target_s.get_value())?;
            let k = key.get_untracked();
            match what {
                "terms" => invoke.show_terms(Some(&k)),
                "start" => invoke.start_session(&k),
                "start-random" => invoke.start_random(),
                "stop" => invoke.stop_session(),
                // Remote control on without asking: the visitor's page must refuse it.
                _ => invoke.invoke("enableRC", Some(&Value::Object(vec![("enabled".into(), Value::Bool(true))]))),
            }
        });
        status.set(Some((what.to_owned(), result)));
    };
    let status_text = move || match status.get() {
        None => String::new(),
        Some((what, Ok(()))) => {
            format!("Sent `{what}` to the visitor's window (its page shows what it ran or refused).")
        }
        Some((what, Err(e))) => format!("`{what}` not sent: {e}"),
    };
    view! {
        <header class="demo-header">
            <h1>"Chat window"</h1>
            <p>"Drives the visitor's session below across windows with glance_invoke messages."</p>
        </header>
        <main class="demo-main demo-chat">
            <section class="demo-card" aria-labelledby="chat-controls" data-invoke="chat">
                <h2 id="chat-controls">"Agent chat"</h2>
                <p>"Group " <code>{group.clone()}</code> ", visitor page origin " <code data-chat="target">{target.clone()}</code></p>
                <label for="chat-key">"Session key"</label>
                <input id="chat-key" type="text" prop:value=move || key.get() on:input=move |e| key.set(event_target_value(&e)) />
                <div class="demo-buttons">
                    <button type="button" data-chat="terms" on:click=move |_| send("terms")>"Offer cobrowse (show terms)"</button>
                    <button type="button" data-chat="start" on:click=move |_| send("start")>"Start with this key"</button>
                    <button type="button" data-chat="start-random" on:click=move |_| send("start-random")>"Start with a random key"</button>
                    <button type="button" data-chat="stop" on:click=move |_| send("stop")>"Stop session"</button>
                    <button type="button" data-chat="forbidden" on:click=move |_| send("forbidden")>"Turn on remote control (must be refused)"</button>
                </div>
                <p role="status" data-chat="status">{status_text}</p>
                <div class="demo-buttons">
                    <ShareScreenButton visitor=VisitorWindow::Frame("demo-visitor-frame".into()) group=group origin=target />
                </div>
            </section>
            <iframe
                id="demo-visitor-frame"
                class="demo-visitor-frame"
                title="The visitor's page"
                src=visitor_url
            ></iframe>
        </main>
    }
}
