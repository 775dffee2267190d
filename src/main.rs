//! The demo site: every component of the kit against a simulated agent (default), or bound to the
//! page's `window.GLANCE` with `?source=glance` (`&group=G&site=staging|production` also inserts
//! Glance's script tag, `&src=URL` points it at a self-hosted loader).

use glance_visitor_kit::event::Value;
use glance_visitor_kit::source::{GlanceOptions, GlanceSource, Scenario, ScriptOptions, Simulator, Site};
use glance_visitor_kit::{provide_visitor, VisitorOptions, VisitorUi};
use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// The query parameter `name` of the page address.
fn query(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name).filter(|v| !v.is_empty())
}

#[component]
fn App() -> impl IntoView {
    let glance = query("source").as_deref() == Some("glance");
    let simulator = (!glance).then(|| Simulator::new().with_share_page("screen.html"));
    match &simulator {
        Some(sim) => {
            provide_visitor(sim.clone(), VisitorOptions::default());
        }
        None => {
            let script = query("group").map(|group_id| ScriptOptions {
                group_id,
                site: if query("site").as_deref() == Some("production") { Site::Production } else { Site::Staging },
                src: query("src"),
                data: Vec::new(),
            });
            provide_visitor(
                GlanceSource::with_options(GlanceOptions { script, ..Default::default() }),
                VisitorOptions::default(),
            );
        }
    }
    view! {
        <header class="demo-header">
            <h1>"glance-visitor-kit"</h1>
            <p>"A custom Glance Cobrowse visitor UI, built from Leptos components."</p>
        </header>
        <main class="demo-main">
            {simulator.map(|sim| view! { <AgentConsole sim=sim /> })}
            <section class="demo-card" aria-labelledby="demo-shop">
                <h2 id="demo-shop">"Your order"</h2>
                <p>"This page stands in for a site that embeds Glance Cobrowse. Start a session, then play the agent with the buttons."</p>
                <label for="demo-name">"Name on the order"</label>
                <input id="demo-name" type="text" autocomplete="name" />
            </section>
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
