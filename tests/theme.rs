//! Browser tests of theming and languages (headless Chromium through wasm-bindgen-test): tokens
//! reach computed styles, dark and high contrast by option, Glance's accessibility event, host CSS
//! that must not leak in, right-to-left layout, and live theme and language switches. Media
//! emulation (prefers-color-scheme, forced-colors) is tested end to end (e2e/theme.test.mjs).
#![cfg(target_arch = "wasm32")]

use glance_visitor_kit::event::Value;
use glance_visitor_kit::source::{Simulator, VisitorSource};
use glance_visitor_kit::*;
use leptos::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

// ---------------------------------------------------------------- helpers (as in tests/browser.rs)

/// A computed style property of the first element matching `sel`.
fn style(sel: &str, prop: &str) -> String {
    let w = web_sys::window().unwrap();
    w.get_computed_style(&el(sel)).unwrap().unwrap().get_property_value(prop).unwrap().trim().to_owned()
}

fn rect(sel: &str) -> web_sys::DomRect {
    el(sel).get_bounding_client_rect()
}

async fn mount<S: VisitorSource + 'static>(source: S, options: VisitorOptions) -> Mounted {
    let m = mount_with(source, options, || view! { <VisitorUi terms_url="/terms" /> });
    settle().await;
    m
}

fn sim() -> Simulator {
    Simulator::new().with_time_scale(0.0)
}

fn object(pairs: &[(&str, Value)]) -> Value {
    Value::Object(pairs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect())
}

const UI: &str = "[data-gvk=visitor-ui]";
const ACCEPT: &str = "[data-gvk=terms-prompt] [data-answer=accept]";
const DECLINE: &str = "[data-gvk=terms-prompt] [data-answer=decline]";
const PANEL: &str = "[data-gvk=screenshare-panel][data-view=glance_screenshare]";
const VIDEO: &str = "[data-gvk=screenshare-panel][data-view=glance_agentvideo]";
/// The End button of whichever session widget the landmark holds.
const END: &str = "[data-gvk=visitor-ui] [data-action=end]";

// ---------------------------------------------------------------- tokens and themes

#[wasm_bindgen_test]
async fn a_changed_token_reaches_a_prompt_buttons_computed_style() {
    let m = mount(sim(), VisitorOptions::default()).await;
    m.ctx.show_terms(Default::default());
    settle().await;
    assert_eq!(style(ACCEPT, "background-color"), "rgb(11, 87, 208)", "the default primary");
    // A host sets a token on an ancestor of the kit.
    m.root.set_attribute("style", "--gvk-color-primary: rgb(1, 2, 3); --gvk-radius: 20px").unwrap();
    assert_eq!(style(ACCEPT, "background-color"), "rgb(1, 2, 3)");
    assert_eq!(style(ACCEPT, "border-top-left-radius"), "10px", "buttons use half the radius");
    assert_eq!(style("[data-gvk=terms-prompt]", "border-top-left-radius"), "20px");
    // Theme from Rust wins on the kit root.
    m.ctx.set_theme(Theme { accent: Some("rgb(4, 5, 6)".into()), radius: Some("2px".into()), ..Theme::default() });
    settle().await;
    assert_eq!(style(ACCEPT, "background-color"), "rgb(4, 5, 6)");
    assert_eq!(style(ACCEPT, "border-top-left-radius"), "1px");
    assert_eq!(style(UI, "--gvk-color-primary"), "rgb(4, 5, 6)");
    // An unsafe value is ignored.
    m.ctx.set_theme(Theme { accent: Some("red; color: red".into()), ..Theme::default() });
    settle().await;
    assert_eq!(style(ACCEPT, "background-color"), "rgb(1, 2, 3)");
    drop(m);
}

#[wasm_bindgen_test]
async fn dark_and_high_contrast_switch_by_option() {
    let m = mount(sim(), VisitorOptions::default()).await;
    m.ctx.show_terms(Default::default());
    settle().await;
    const PROMPT: &str = "[data-gvk=terms-prompt]";
    // Headless Chromium prefers light.
    assert_eq!(style(PROMPT, "background-color"), "rgb(255, 255, 255)");
    assert_eq!(style(PROMPT, "color"), "rgb(27, 31, 36)");
    m.ctx.set_theme(Theme { color_scheme: ColorScheme::Dark, ..Theme::default() });
    settle().await;
    assert!(el(UI).class_list().contains("gvk-dark"));
    assert_eq!(style(UI, "color-scheme"), "dark");
    assert_eq!(style(PROMPT, "background-color"), "rgb(22, 25, 29)");
    assert_eq!(style(PROMPT, "color"), "rgb(230, 237, 243)");
    assert_eq!(style(ACCEPT, "background-color"), "rgb(138, 180, 248)");
    assert_eq!(style(PANEL, "color-scheme"), "dark", "the panels follow");
    m.ctx.set_theme(Theme { color_scheme: ColorScheme::Dark, high_contrast: true, ..Theme::default() });
    settle().await;
    assert_eq!(style(PROMPT, "background-color"), "rgb(0, 0, 0)");
    assert_eq!(style(PROMPT, "color"), "rgb(255, 255, 255)");
    assert_eq!(style(DECLINE, "border-top-width"), "2px");
    m.ctx.set_theme(Theme { high_contrast: true, accent: Some("rgb(200, 0, 0)".into()), ..Theme::default() });
    settle().await;
    assert!(!el(UI).class_list().contains("gvk-dark"));
    assert_eq!(style(PROMPT, "color"), "rgb(0, 0, 0)");
    assert_eq!(style(ACCEPT, "background-color"), "rgb(0, 57, 166)", "brand colour gives way to contrast");
    assert_eq!(style(UI, "font-size"), "18px");
    m.ctx.set_theme(Theme::default());
    settle().await;
    assert_eq!(style(PROMPT, "background-color"), "rgb(255, 255, 255)");
    assert_eq!(style(UI, "font-size"), "15px");
    drop(m);
}

#[wasm_bindgen_test]
async fn glances_accessibility_event_switches_high_contrast_on_and_off() {
    let s = sim();
    let m = mount(s.clone(), VisitorOptions::default()).await;
    s.emit("sessionstart", Value::Null);
    settle().await;
    assert_eq!(style(END, "border-top-color"), "rgb(110, 119, 129)");
    assert_eq!(style(PANEL, "border-top-color"), "rgb(110, 119, 129)");
    s.emit("accessibility", object(&[("enabled", Value::Bool(true))]));
    settle().await;
    assert!(el(UI).class_list().contains("gvk-accessible"));
    assert!(el(PANEL).class_list().contains("gvk-accessible"), "the panels too");
    assert_eq!(style(END, "border-top-color"), "rgb(0, 0, 0)");
    assert_eq!(style(END, "border-top-width"), "2px");
    assert_eq!(style(PANEL, "border-top-color"), "rgb(0, 0, 0)");
    assert_eq!(style(UI, "font-size"), "18px");
    s.emit("accessibility", object(&[("enabled", Value::Bool(false))]));
    settle().await;
    assert!(!el(UI).class_list().contains("gvk-accessible"));
    assert_eq!(style(END, "border-top-color"), "rgb(110, 119, 129)");
    drop(m);
}

#[wasm_bindgen_test]
async fn host_css_does_not_leak_into_the_kit() {
    let host = doc().create_element("style").unwrap();
    host.set_text_content(Some(
        "button { text-transform: uppercase; letter-spacing: 5px; font-weight: 900; margin: 20px; \
         box-shadow: 0 0 0 4px red; font-family: serif; min-height: 60px; } \
         button:focus { outline: none; box-shadow: 0 0 0 6px red; } \
         h2, p { letter-spacing: 3px; font-style: italic; text-transform: lowercase; margin: 40px; } \
         body { font-weight: 700; letter-spacing: 2px; }",
    ));
    doc().head().unwrap().append_child(&host).unwrap();
    let m = mount(sim(), VisitorOptions::default()).await;
    m.ctx.show_terms(Default::default());
    settle().await;
    for (prop, want) in [
        ("text-transform", "none"),
        ("letter-spacing", "normal"),
        ("font-weight", "400"),
        ("margin-top", "0px"),
        ("box-shadow", "none"),
        ("min-height", "0px"),
    ] {
        assert_eq!(style(DECLINE, prop), want, "button {prop}");
    }
    assert!(!style(DECLINE, "font-family").contains("serif") || style(DECLINE, "font-family").contains("sans"));
    const TITLE: &str = "[data-gvk=terms-prompt] .gvk-prompt-title";
    assert_eq!(style(TITLE, "letter-spacing"), "normal");
    assert_eq!(style(TITLE, "font-style"), "normal");
    assert_eq!(style(TITLE, "text-transform"), "none");
    assert_eq!(style(TITLE, "font-weight"), "700");
    assert_eq!(style("[data-gvk=terms-prompt] .gvk-prompt-message", "margin-top"), "0px");
    // The focus ring shows whatever the host does to :focus.
    el(DECLINE).focus().unwrap();
    assert_eq!(style(DECLINE, "outline-style"), "solid");
    assert_eq!(style(DECLINE, "outline-width"), "3px");
    assert_eq!(style(DECLINE, "box-shadow"), "none");
    host.remove();
    drop(m);
}

// ---------------------------------------------------------------- languages

#[wasm_bindgen_test]
async fn arabic_sets_dir_and_lang_and_mirrors_the_layout() {
    let s = sim();
    let m = mount(s.clone(), VisitorOptions { messages: Messages::arabic(), ..Default::default() }).await;
    assert_eq!(attr(UI, "dir").as_deref(), Some("rtl"));
    assert_eq!(attr(UI, "lang").as_deref(), Some("ar"));
    assert_eq!(attr(PANEL, "dir").as_deref(), Some("rtl"));
    assert_eq!(attr(UI, "aria-label").as_deref(), Some("التصفح المشترك"));
    let vw = web_sys::window().unwrap().inner_width().unwrap().as_f64().unwrap();
    // The widget stack sits bottom left.
    let ui = rect(UI);
    assert!(ui.left() < vw / 2.0 && (ui.left() - 16.0).abs() < 1.0, "stack at the left: {}", ui.left());
    // The panels: screen share top left, agent video bottom right.
    assert_eq!((style(PANEL, "left"), style(PANEL, "right")), ("16px".into(), "auto".into()));
    assert_eq!((style(VIDEO, "right"), style(VIDEO, "left")), ("16px".into(), "auto".into()));
    // A panel's bar: the title handle (first) on the right of its button.
    let share = [
        ("screenshareView", Value::String("glance_screenshare".into())),
        ("state", Value::String("new".into())),
        ("paused", Value::Bool(false)),
    ];
    s.emit("screenshare", object(&share));
    settle().await;
    assert_eq!(attr(PANEL, "data-state").as_deref(), Some("visible"));
    let handle = format!("{PANEL} .gvk-panel-handle");
    let minimise = format!("{PANEL} [data-action=minimise]");
    assert!(rect(&handle).left() > rect(&minimise).left(), "handle right of its button in RTL");
    let panel = rect(PANEL);
    assert!((panel.left() - 16.0).abs() < 1.0, "screen share at the left: {}", panel.left());
    // The prompt buttons: the safe action (first) on the right, the row at the left end.
    m.ctx.show_terms(Default::default());
    settle().await;
    assert!(rect(DECLINE).left() > rect(ACCEPT).left(), "Decline right of Accept in RTL");
    assert_eq!(text(DECLINE), "لا، شكرًا");
    // Left to right: everything the other way round.
    m.ctx.set_messages(Messages::english());
    settle().await;
    assert_eq!(attr(UI, "dir").as_deref(), Some("ltr"));
    assert!(rect(DECLINE).left() < rect(ACCEPT).left(), "Decline left of Accept in LTR");
    assert!(rect(&handle).left() < rect(&minimise).left(), "handle left of its button in LTR");
    let ltr = rect(PANEL);
    assert!(ltr.right() > panel.right() + 1.0, "screen share moved right: {} > {}", ltr.right(), panel.right());
    assert!(rect(UI).right() > vw / 2.0, "stack at the right");
    drop(m);
}

#[wasm_bindgen_test]
async fn language_and_theme_switch_live() {
    let s = sim();
    let m = mount(s.clone(), VisitorOptions::default()).await;
    const START: &str = "[data-gvk=start-session] [data-action=start]";
    assert_eq!(text(START), "Start cobrowse");
    m.ctx.set_messages(Messages::german());
    settle().await;
    assert_eq!(text(START), "Cobrowse starten");
    assert_eq!(attr(UI, "lang").as_deref(), Some("de"));
    // Every kind of text follows: prompts, the indicator, the panels, errors.
    m.ctx.show_terms(Default::default());
    s.emit("sessionstart", Value::Null);
    s.emit("error", object(&[("code", Value::String("dupkey".into())), ("msg", Value::String("".into()))]));
    settle().await;
    assert_eq!(text(ACCEPT), "Akzeptieren");
    assert_eq!(text(END), "Sitzung beenden");
    assert_eq!(text(&format!("{PANEL} .gvk-panel-handle")), "Bildschirm des Agenten");
    assert_eq!(text(".gvk-error-text"), "Dieser Sitzungsschlüssel wird bereits verwendet.");
    m.ctx.set_messages(Messages::french());
    settle().await;
    assert_eq!(text(ACCEPT), "Accepter");
    assert_eq!(text(".gvk-error-text"), "Ce code de session est déjà utilisé.");
    assert_eq!(text("[data-gvk=error-notice] [data-action=dismiss]"), "Fermer");
    assert_eq!(attr(PANEL, "lang").as_deref(), Some("fr"));
    // The browser's languages pick a catalog (headless Chromium: en-US).
    let browser = Messages::from_browser();
    assert!(LANGS.contains(&browser.lang.as_ref()), "{}", browser.lang);
    m.ctx.set_theme(Theme { color_scheme: ColorScheme::Dark, ..Theme::default() });
    settle().await;
    assert!(el(UI).class_list().contains("gvk-dark") && el(PANEL).class_list().contains("gvk-dark"));
    drop(m);
}

const LANGS: [&str; 5] = glance_visitor_kit::messages::LANGUAGES;
