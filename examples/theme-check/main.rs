//! A page to check the kit's themes and languages end to end (e2e/theme.test.mjs): the kit with a
//! simulated agent, its CSS linked (no injection, for a strict Content-Security-Policy), and the
//! theme and language taken from the address and switchable live:
//! `?theme=light|dark|auto&contrast=1&lang=ar&a11y=1&prompt=1`.

use glance_visitor_kit::event::Value;
use glance_visitor_kit::source::{Scenario, Simulator};
use glance_visitor_kit::{provide_visitor_with_options, ColorScheme, Messages, Theme, VisitorOptions, VisitorUi};
use leptos::prelude::*;

fn param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search).ok()?.get(name)
}

fn scheme(name: &str) -> ColorScheme {
    match name {
        "light" => ColorScheme::Light,
        "dark" => ColorScheme::Dark,
        _ => ColorScheme::Auto,
    }
}

fn main() {
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let theme = Theme {
        color_scheme: scheme(param("theme").as_deref().unwrap_or("auto")),
        high_contrast: param("contrast").is_some(),
        ..Theme::default()
    };
    let messages = param("lang").map(|l| Messages::for_language(&l)).unwrap_or_else(Messages::from_browser);
    let sim = Simulator::new().with_time_scale(0.0);
    let options = VisitorOptions { theme, messages, inject_css: false, ..Default::default() };
    let ctx = provide_visitor_with_options(sim.clone(), options);
    // Once subscribed: a session with two agents, and the remote-control prompt.
    gloo_timers::callback::Timeout::new(50, move || {
        sim.emit("sessionstart", Value::Null);
        sim.emit("agents", Value::Object(vec![("count".into(), Value::Number(2.0))]));
        if param("a11y").is_some() {
            sim.emit("accessibility", Value::Object(vec![("enabled".into(), Value::Bool(true))]));
        }
        if param("prompt").is_some() {
            sim.run(Scenario::RemoteControlRequest);
        }
    })
    .forget();
    let lang = move |e: leptos::ev::Event| ctx.set_messages(Messages::for_language(&event_target_value(&e)));
    let pick_theme = move |e: leptos::ev::Event| {
        let value = event_target_value(&e);
        let theme = Theme {
            color_scheme: scheme(value.trim_end_matches("-contrast")),
            high_contrast: value.ends_with("-contrast"),
            ..Theme::default()
        };
        ctx.set_theme(theme);
    };
    view! {
        <main>
            <h1>"Theme and language check"</h1>
            <p>"A host page with the kit's CSS linked."</p>
            <label>
                "Language "
                <select id="lang" on:change=lang>
                    {["en", "de", "fr", "es", "ar"].map(|l| view! { <option value=l>{l}</option> })}
                </select>
            </label>
            " "
            <label>
                "Theme "
                <select id="theme" on:change=pick_theme>
                    {["auto", "light", "dark", "auto-contrast", "dark-contrast"]
                        .map(|t| view! { <option value=t>{t}</option> })}
                </select>
            </label>
        </main>
        <VisitorUi />
    }
}
