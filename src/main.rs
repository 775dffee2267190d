//! The demo site: every component of the kit against a simulated agent (default), or bound to the
//! page's `window.GLANCE` with `?source=glance` (`&group=G&site=staging|production` also inserts
//! Glance's script tag, `&src=URL` points it at a self-hosted loader).
//!
//! Chat windows: in simulator mode the page obeys `glance_invoke` messages for group `72937` (or
//! `?group=G`) from its own origin and from the exact origins of `?trusted=ORIGIN[,ORIGIN...]`, and
//! lists what it ran and what it refused. `?view=chat` is a chat window that embeds a visitor page
//! (`&visitor=URL`, default this page; `&target=ORIGIN`, default that URL's origin) and drives it
//! through the kit's chat-side API. With `?source=glance`, `?trusted=` configures the invoke guard.

use glance_visitor_kit::event::Value;
use glance_visitor_kit::invoke::{
    provide_invoke_listener, GroupId, GuardOptions, InvokeError, InvokeGuard, InvokeRules, InvokeVisitor, Origin,
    ShareScreenButton, VisitorWindow,
};
use glance_visitor_kit::source::{GlanceOptions, GlanceSource, Scenario, ScriptOptions, Simulator, Site};
use glance_visitor_kit::{provide_visitor, Activity, Observer, VisitorOptions, VisitorUi};
use leptos::prelude::*;

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

/// One line of the chat-requests log: (ran, code or function, text).
type LogLine = (bool, String, String);

#[component]
fn App() -> impl IntoView {
    let glance = query("source").as_deref() == Some("glance");
    let simulator = (!glance).then(|| Simulator::new().with_share_page("screen.html"));
    let log: RwSignal<Vec<LogLine>> = RwSignal::new(Vec::new());
    let framed =
        web_sys::window().and_then(|w| w.parent().ok().flatten().map(|p| !js_sys::Object::is(&p, &w))).unwrap_or(false);
    let observer = Observer::new(move |a: &Activity| {
        let line = match a {
            Activity::Invoked { func, origin } => (true, func.clone(), format!("ran {func} from {origin}")),
            Activity::InvokeRejected(r) => (false, r.code.as_str().to_owned(), r.to_string()),
            _ => return,
        };
        log.update(|l| l.push(line));
    });
    let options = VisitorOptions { observer: Some(observer.clone()), ..Default::default() };
    match &simulator {
        Some(sim) => {
            provide_visitor(sim.clone(), options);
            let group = query("group").and_then(|g| GroupId::new(&g)).unwrap_or_else(|| GroupId::from(72937u32));
            let rules = trusted_origins().into_iter().fold(InvokeRules::new(group), InvokeRules::trust);
            provide_invoke_listener(rules);
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
            provide_visitor(GlanceSource::with_options(GlanceOptions { script, ..Default::default() }), options);
        }
    }
    view! {
        <header class="demo-header">
            <h1>"glance-visitor-kit"</h1>
            <p>"A custom Glance Cobrowse visitor UI, built from Leptos components."</p>
        </header>
        <main class="demo-main">
            // Embedded in a chat window (the chat view): what the chat asked for comes first.
            {framed.then(|| view! { <InvokeLog log=log /> })}
            {simulator.map(|sim| view! { <AgentConsole sim=sim /> })}
            <section class="demo-card" aria-labelledby="demo-shop">
                <h2 id="demo-shop">"Your order"</h2>
                <p>"This page stands in for a site that embeds Glance Cobrowse. Start a session, then play the agent with the buttons."</p>
                <label for="demo-name">"Name on the order"</label>
                <input id="demo-name" type="text" autocomplete="name" />
            </section>
            {(!framed).then(|| view! { <InvokeLog log=log /> })}
        </main>
        <VisitorUi terms_url="terms.html" />
    }
}

/// The simulated agent's buttons.
#[component]
fn AgentConsole(sim: Simulator) -> impl IntoView {
    let sim = StoredValue::new_local(sim);
    let agents = RwSignal::new(0u32);
    let emit_agents = move |_| {
        agents.update(|n| *n += 1);
        let count = Value::Number(f64::from(agents.get_untracked()));
        sim.with_value(|s| s.emit("agents", Value::Object(vec![("count".into(), count)])));
    };
    view! {
        <section class="demo-card" aria-labelledby="demo-agent">
            <h2 id="demo-agent">"Simulated agent"</h2>
            <div class="demo-buttons">
                <button type="button" data-demo="agents" on:click=emit_agents>"Send agents event"</button>
                {Scenario::ALL.iter().map(|&scenario| view! {
                    <button type="button" data-demo=format!("{scenario:?}") on:click=move |_| sim.with_value(|s| s.run(scenario))>
                        {scenario.label()}
                    </button>
                }).collect_view()}
            </div>
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
                ". Open " <code>"?view=chat"</code> " for a chat window."
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
        <main class="demo-main">
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
                title="The visitor's page"
                src=visitor_url
                style="width: 100%; height: 1500px; border: 1px solid #d0d7de; border-radius: 10px; background: #fff;"
            ></iframe>
        </main>
    }
}
