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

mod chat;
mod console;
mod log;
mod settings;
mod shop;
mod storm;

use chat::*;
use console::*;
use log::*;
use settings::*;
use shop::*;
use storm::*;

/// The demo's group id when `?group` does not set one.
const DEMO_GROUP: &str = "72937";

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
