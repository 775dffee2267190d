//! Browser tests (headless Chromium through wasm-bindgen-test): JS decoding, the Glance binding
//! against a stand-in `window.GLANCE` (tests/glance-standin.js), the simulator, every component,
//! and the screen-share panels. One binary, to keep the link count down.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use glance_visitor_kit::event::{
    js::decode_js, subscribed_names, Answer, Problem, PromptKind, RespondError, VisitorEvent,
};
use glance_visitor_kit::source::{
    GlanceOptions, GlanceSource, Scenario, ScriptOptions, Simulator, Sink, SourceError, StartParams, VisitorSource,
};
use glance_visitor_kit::state::{Connection, PanelState, RemoteControl, ReverseSession, SessionPhase};
use glance_visitor_kit::*;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::*;

// ---------------------------------------------------------------- helpers

fn load_standin() {
    if js("typeof window.gvkStandIn").as_string().as_deref() != Some("object") {
        js(include_str!("glance-standin.js"));
    }
}

/// Installs a fresh stand-in with these options (a JS object literal).
fn install(opts: &str) {
    load_standin();
    js(&format!("gvkStandIn.install({opts})"));
}

fn uninstall() {
    load_standin();
    js("gvkStandIn.uninstall()");
}

fn fire(name: &str, payload: &str) {
    js(&format!("gvkStandIn.current.fire({name:?}, {payload})"));
}

fn is_hidden(sel: &str) -> bool {
    el(sel).hidden()
}

fn active() -> Option<Element> {
    doc().active_element()
}

/// Lets running CSS animations (slide-ins) finish, so positions read are where things rest.
async fn finish_animations() {
    // Finite ones only: a spinner turns forever.
    let p =
        js("Promise.all(document.getAnimations().filter(a => a.effect?.getComputedTiming().iterations !== Infinity)\
        .map(a => a.finished.catch(() => null)))");
    let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(p)).await;
}

/// Waits for the next animation frame (and one more), where batched style writes happen.
async fn frames() {
    for _ in 0..2 {
        let p = js_sys::Promise::new(&mut |resolve, _| {
            let _ = web_sys::window().unwrap().request_animation_frame(&resolve);
        });
        wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    }
}

fn key(target: &Element, key: &str, shift: bool) -> bool {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_shift_key(shift);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap()
}

fn key_on_active(k: &str, shift: bool) {
    let target = active().expect("something has focus");
    key(&target, k, shift);
}

async fn mount_ui<S: VisitorSource + 'static>(source: S, options: VisitorOptions) -> Mounted {
    let m = mount_with(source, options, || view! { <VisitorUi /> });
    settle().await;
    m
}

/// The separate session components, as an integrator composing their own layout mounts them.
async fn mount_parts(opts: &str) -> Mounted {
    install(opts);
    let m = mount_with(GlanceSource::new(), VisitorOptions::default(), || {
        view! { <SessionIndicator /> <AgentBadge /> <RemoteControlIndicator /> }
    });
    settle().await;
    m
}

async fn mount_glance(opts: &str) -> Mounted {
    install(opts);
    mount_ui(GlanceSource::new(), VisitorOptions::default()).await
}

/// [`mount_glance`] with a start timeout of `ms` milliseconds.
async fn mount_timed(opts: &str, ms: u64) -> Mounted {
    install(opts);
    let options = VisitorOptions { start_timeout: Some(Duration::from_millis(ms)), ..Default::default() };
    mount_ui(GlanceSource::new(), options).await
}

/// A payload with counting accept/decline functions under `window[name + "_accept"]` etc.
fn counting_payload(name: &str, extra: &str) -> String {
    js(&format!("window.{name}_accept = 0; window.{name}_decline = 0;"));
    format!(
        "({{ {extra} accept: () => {{ window.{name}_accept++; }}, decline: () => {{ window.{name}_decline++; }} }})"
    )
}

fn counts(name: &str) -> (f64, f64) {
    (js_num(&format!("window.{name}_accept")), js_num(&format!("window.{name}_decline")))
}

// ---------------------------------------------------------------- decoding JS payloads

#[wasm_bindgen_test]
fn decodes_real_js_objects_and_undefined() {
    let ev = decode_js("agents", &js("({count: 2, agentlist: [{name: 'Ann', guestid: 1}], extra: {}})")).unwrap();
    let VisitorEvent::Agents { count, agentlist } = ev else { panic!("{ev:?}") };
    assert_eq!(count, 2);
    assert_eq!(agentlist.unwrap()[0].name.as_deref(), Some("Ann"));
    assert_eq!(decode_js("sessionstarting", &JsValue::UNDEFINED).unwrap(), VisitorEvent::SessionStarting);
    assert_eq!(decode_js("sessionend", &JsValue::NULL).unwrap(), VisitorEvent::SessionEnd { reason: None });
    let e = decode_js("agents", &js("({count: '2'})")).unwrap_err();
    assert_eq!((e.event.as_str(), e.field.as_str()), ("agents", "count"));
    let e = decode_js("viewerinfo", &js("({screenshareView: 'v', screen: {width: NaN, height: 5}})")).unwrap_err();
    assert_eq!(e.field, "screen.width");
    assert!(matches!(e.problem, Problem::OutOfRange(_)));
}

#[wasm_bindgen_test]
fn hostile_payloads_do_not_break_decoding() {
    // A throwing getter loses its member; a cycle stops at the depth limit; a Proxy that throws on
    // ownKeys becomes an empty payload.
    let ev = decode_js("connection", &js("({status: 'ok', get boom() { throw new Error('x'); }})")).unwrap();
    assert_eq!(ev, VisitorEvent::Connection { status: glance_visitor_kit::event::ConnectionStatus::Ok });
    let cyclic = js("(() => { const o = {count: 1}; o.self = o; return o; })()");
    assert!(matches!(decode_js("agents", &cyclic), Ok(VisitorEvent::Agents { count: 1, .. })));
    let proxy = js("new Proxy({}, { ownKeys() { throw new Error('no'); } })");
    assert!(matches!(decode_js("somethingnew", &proxy), Ok(VisitorEvent::Unknown { .. })));
    assert!(decode_js("rc", &js("'yes'")).is_err());
}

#[wasm_bindgen_test]
fn js_responders_answer_at_most_once() {
    let payload = js(&counting_payload("r1", ""));
    let VisitorEvent::Request(request) = decode_js("rcrequested", &payload).unwrap() else { panic!() };
    let responder = request.responder;
    assert_eq!(responder.accept(), Ok(()));
    assert_eq!(responder.accept(), Err(RespondError::AlreadyAnswered(Answer::Accept)));
    assert_eq!(responder.decline(), Err(RespondError::AlreadyAnswered(Answer::Accept)));
    assert_eq!(counts("r1"), (1.0, 0.0));

    let VisitorEvent::Request(request) = decode_js("reverseconfirm", &JsValue::UNDEFINED).unwrap() else { panic!() };
    let responder = request.responder;
    assert_eq!(responder.decline(), Err(RespondError::Missing(Answer::Decline)));

    let throwing = js("({accept() { throw new Error('nope'); }, decline() {}})");
    let VisitorEvent::Request(request) = decode_js("urlstartwarning", &throwing).unwrap() else { panic!() };
    let responder = request.responder;
    assert_eq!(responder.accept(), Err(RespondError::Failed(Answer::Accept, "nope".into())));
}

// ---------------------------------------------------------------- the Glance binding

#[wasm_bindgen_test]
async fn binding_subscribes_every_name_once_and_sets_ui_ready_once() {
    let m = mount_glance("{}").await;
    for name in subscribed_names() {
        assert_eq!(js_num(&format!("gvkStandIn.current.listenerCount({name:?})")), 1.0, "{name}");
    }
    assert_eq!(js_num("gvkStandIn.current.calls.setUIReady"), 1.0);
    fire("agents", "{count: 1}");
    fire("ready", "undefined");
    settle().await;
    assert_eq!(js_num("gvkStandIn.current.calls.setUIReady"), 1.0, "ready does not call it again");
    assert!(m.state().session.ready);
    drop(m);
    // Leptos disposes the root owner once its pending effect tasks have run: one tick.
    leptos::task::tick().await;
    assert_eq!(js_num("gvkStandIn.current.listenerCount()"), 0.0, "unmount removes every listener");
    uninstall();
}

#[wasm_bindgen_test]
async fn both_pause_spellings_reach_the_state() {
    let m = mount_glance("{}").await;
    fire("screenshare", "{screenshareView: 'glance_screenshare', state: 'new', paused: false}");
    let view = |m: &Mounted| m.state().views.get("glance_screenshare").unwrap().panel();
    for (pause, resume) in [("screensharepause", "screenshareresume"), ("screensharepaused", "screenshareresumed")] {
        fire(pause, "{screenshareView: 'glance_screenshare'}");
        assert_eq!(view(&m), PanelState::Paused, "{pause}");
        fire(resume, "{screenshareView: 'glance_screenshare'}");
        assert_eq!(view(&m), PanelState::Visible, "{resume}");
    }
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn stub_then_full_script() {
    let m = mount_glance("{stub: true}").await;
    let n = subscribed_names().count() as f64;
    assert_eq!(js_num("gvkStandIn.current.listenerCount()"), n);
    js("gvkStandIn.current.upgrade()");
    settle().await;
    assert_eq!(js_num("gvkStandIn.current.listenerCount()"), n, "listeners carried over, not added twice");
    assert!(m.state().session.ready);
    // Glance's own trigger on the full object opens our terms prompt, never Glance's default UI.
    js("GLANCE.Cobrowse.Visitor.showTerms({sessionKey: '777'})");
    settle().await;
    assert_eq!(attr("[data-gvk=terms-prompt]", "data-state").as_deref(), Some("open"));
    assert_eq!(js_num("gvkStandIn.current.defaultUiLoads"), 0.0);
    el("[data-gvk=terms-prompt] [data-answer=accept]").click();
    settle().await;
    assert_eq!(js("gvkStandIn.current.calls.startSession[0]").as_string().as_deref(), Some("777"));
    // The page's start parameters reach startSession as given, `video` among them.
    fire("sessionend", "{reason: 'visitor'}");
    js("GLANCE.Cobrowse.Visitor.showTerms({sessionKey: '778', name: 'Ann', video: 'large', colour: 'red'})");
    settle().await;
    el("[data-gvk=terms-prompt] [data-answer=accept]").click();
    settle().await;
    assert_eq!(
        js("JSON.stringify(gvkStandIn.current.calls.startSession[1])").as_string().as_deref(),
        Some(r#"{"sessionKey":"778","name":"Ann","video":"large"}"#)
    );
    drop(m);
    settle().await;
    assert_eq!(js_num("gvkStandIn.current.listenerCount()"), 0.0);
    uninstall();
}

#[wasm_bindgen_test]
async fn full_script_that_upgrades_the_stub_in_place() {
    let m = mount_glance("{stub: true}").await;
    js("window.__stubVisitor = GLANCE.Cobrowse.Visitor; gvkStandIn.current.upgrade({inPlace: true})");
    settle().await;
    assert_eq!(js("GLANCE.Cobrowse.Visitor === window.__stubVisitor").as_bool(), Some(true));
    assert_eq!(js_num("gvkStandIn.current.listenerCount()"), subscribed_names().count() as f64);
    // The redefined entry points were pointed at the kit again.
    js("GLANCE.Cobrowse.Visitor.showButton(false)");
    settle().await;
    assert!(is_hidden("[data-gvk=start-session] [data-action=start]"));
    assert_eq!(js_num("gvkStandIn.current.defaultUiLoads"), 0.0);
    drop(m);
    leptos::task::tick().await;
    assert_eq!(js_num("gvkStandIn.current.listenerCount()"), 0.0);
    uninstall();
}

#[wasm_bindgen_test]
async fn full_script_that_does_not_carry_listeners_over() {
    let m = mount_glance("{stub: true}").await;
    js("gvkStandIn.current.upgrade({carry: false})");
    let n = subscribed_names().count() as f64;
    let mut rebound = false;
    for _ in 0..40 {
        sleep(50).await;
        if js_num("gvkStandIn.current.listenerCount()") == n {
            rebound = true;
            break;
        }
    }
    assert!(rebound, "the binding subscribed to the new Visitor object");
    fire("agents", "{count: 4}");
    assert_eq!(m.state().agents.count, 4);
    sleep(1100).await;
    assert_eq!(js_num("gvkStandIn.current.listenerCount()"), n, "still exactly once");
    drop(m);
    leptos::task::tick().await;
    assert_eq!(js_num("gvkStandIn.current.listenerCount()"), 0.0);
    uninstall();
}

#[wasm_bindgen_test]
async fn waits_for_a_late_glance_without_errors() {
    uninstall();
    let m = mount_ui(GlanceSource::new(), VisitorOptions::default()).await;
    sleep(120).await;
    install("{}");
    // The binding checks again on a backing-off timer (50 ms doubling to 1 s).
    let mut bound = false;
    for _ in 0..40 {
        sleep(50).await;
        if js_num("gvkStandIn.current.listenerCount()") > 0.0 {
            bound = true;
            break;
        }
    }
    assert!(bound, "the binding found the late GLANCE");
    assert_eq!(js_num("gvkStandIn.current.listenerCount()"), subscribed_names().count() as f64);
    assert_eq!(js_num("gvkStandIn.current.calls.setUIReady"), 1.0);
    fire("connection", "{status: 'reconnecting'}");
    assert_eq!(m.state().connection, Connection::Reconnecting);
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn default_ui_entry_points_are_replaced_and_restored() {
    install("{}");
    js("window.__origShowTerms = GLANCE.Cobrowse.VisitorUI.showTerms; window.__origVisitorShowButton = GLANCE.Cobrowse.Visitor.showButton;");
    let m = mount_ui(GlanceSource::new(), VisitorOptions::default()).await;
    js("GLANCE.Cobrowse.VisitorUI.showButton(false)");
    settle().await;
    assert!(is_hidden("[data-gvk=start-session] [data-action=start]"));
    js("GLANCE.Cobrowse.Visitor.toggleButton()");
    settle().await;
    assert!(!is_hidden("[data-gvk=start-session] [data-action=start]"));
    js("GLANCE.Cobrowse.VisitorUI.showTerms({sessionKey: 12121212})");
    settle().await;
    assert_eq!(attr("[data-gvk=terms-prompt]", "data-state").as_deref(), Some("open"));
    assert_eq!(js_num("gvkStandIn.current.defaultUiLoads"), 0.0);
    el("[data-gvk=terms-prompt] [data-answer=decline]").click();
    settle().await;
    assert_eq!(js_num("gvkStandIn.current.calls.startSession.length"), 0.0, "decline starts nothing");
    drop(m);
    settle().await;
    assert_eq!(js("GLANCE.Cobrowse.VisitorUI.showTerms === window.__origShowTerms").as_bool(), Some(true));
    assert_eq!(js("GLANCE.Cobrowse.Visitor.showButton === window.__origVisitorShowButton").as_bool(), Some(true));
    uninstall();

    // Without a VisitorUI object the kit creates one, and removes it again.
    install("{loader: false}");
    let m = mount_ui(GlanceSource::new(), VisitorOptions::default()).await;
    assert_eq!(js("typeof GLANCE.Cobrowse.VisitorUI.showTerms").as_string().as_deref(), Some("function"));
    drop(m);
    settle().await;
    assert_eq!(js("'VisitorUI' in GLANCE.Cobrowse").as_bool(), Some(false));
    uninstall();
}

#[wasm_bindgen_test]
async fn mid_session_page_reads_session_state() {
    let m = mount_glance(
        "{inSession: true, stateReceived: true, sessionState: {agents: {count: 2}, rc: {enabled: true}, \
          screenshare: {glance_screenshare: {state: 'continued', paused: false}}}}",
    )
    .await;
    let s = m.state();
    assert_eq!(s.session.phase, SessionPhase::Active { continued: true });
    assert_eq!(s.agents.count, 2);
    assert_eq!(s.remote_control(), RemoteControl::On);
    assert_eq!(
        attr("[data-gvk=screenshare-panel][data-view=glance_screenshare]", "data-state").as_deref(),
        Some("visible")
    );
    assert_eq!(text("[data-gvk=session-widget] [data-gvk-details] .gvk-key"), "4321", "with an agent: in the details");
    assert_eq!(
        js("JSON.stringify(gvkStandIn.current.sessionState.screenshare.glance_screenshare)").as_string().as_deref(),
        Some(r#"{"state":"continued","paused":false}"#),
        "Glance's own state object is left as it was"
    );
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn actions_reach_glance_and_missing_methods_are_typed_errors() {
    let m = mount_glance("{missing: ['enableRC', 'pauseSession']}").await;
    m.ctx.start_session(&StartParams { session_key: Some("1234".into()), ..Default::default() }).unwrap();
    assert_eq!(js("gvkStandIn.current.calls.startSession[0]").as_string().as_deref(), Some("1234"));
    m.ctx.start_session(&StartParams { name: Some("Ann".into()), ..Default::default() }).unwrap();
    assert_eq!(
        js("JSON.stringify(gvkStandIn.current.calls.startSession[1])").as_string().as_deref(),
        Some(r#"{"name":"Ann"}"#)
    );
    m.ctx.stop_session().unwrap();
    assert_eq!(js_num("gvkStandIn.current.calls.stopSession"), 1.0);
    assert_eq!(m.ctx.enable_rc(false), Err(SourceError::MissingMethod("enableRC")));
    assert_eq!(m.ctx.pause_session(true, None), Err(SourceError::MissingMethod("pauseSession")));
    settle().await;
    assert!(text("[data-gvk=error-notice]").contains("enableRC"), "the failure is visible");
    drop(m);
    uninstall();
    // No Visitor at all.
    let src = GlanceSource::new();
    assert_eq!(src.stop_session(), Err(SourceError::NotLoaded));
}

#[wasm_bindgen_test]
async fn script_tag_inserted_once_and_load_failure_reported() {
    uninstall();
    let opts = GlanceOptions {
        script: Some(ScriptOptions {
            group_id: "72937".into(),
            src: Some("/gvk-no-such-loader.js".into()),
            data: vec![("termsurl".into(), "https://example.test/terms".into())],
            ..Default::default()
        }),
        ..Default::default()
    };
    let m = mount_ui(GlanceSource::with_options(opts.clone()), VisitorOptions::default()).await;
    let m2 = mount_with(GlanceSource::with_options(opts), VisitorOptions::default(), || ());
    settle().await;
    assert_eq!(doc().query_selector_all("script#glance-cobrowse").unwrap().length(), 1);
    assert_eq!(attr("#glance-cobrowse", "data-ui").as_deref(), Some("custom"));
    assert_eq!(attr("#glance-cobrowse", "data-groupid").as_deref(), Some("72937"));
    assert_eq!(attr("#glance-cobrowse", "data-site").as_deref(), Some("staging"));
    assert_eq!(attr("#glance-cobrowse", "data-termsurl").as_deref(), Some("https://example.test/terms"));
    let mut reported = false;
    for _ in 0..40 {
        sleep(50).await;
        if m.state().errors.iter().any(|e| e.error.code == glance_visitor_kit::event::ErrorCode::ScriptLoadFailed) {
            reported = true;
            break;
        }
    }
    assert!(reported, "scriptloadfailed in the state");
    drop(m2);
    drop(m);
    el("#glance-cobrowse").remove();
}

#[wasm_bindgen_test]
async fn thousand_mount_cycles_leave_no_listener() {
    install("{}");
    for _ in 0..1000 {
        let m = mount_with(GlanceSource::new(), VisitorOptions::default(), || view! { <AgentBadge /> });
        leptos::task::tick().await;
        drop(m);
    }
    settle().await;
    assert_eq!(js_num("gvkStandIn.current.listenerCount()"), 0.0);
    assert_eq!(js_num("gvkStandIn.current.calls.setUIReady"), 1000.0, "once per mount");
    assert_eq!(js("typeof GLANCE.Cobrowse.VisitorUI.showTerms").as_string().as_deref(), Some("function"));
    assert_eq!(js_num("gvkStandIn.current.defaultUiLoads"), 0.0);
    uninstall();
}

// ---------------------------------------------------------------- the simulator

async fn sim_run(m: &Mounted, sim: &Simulator, scenario: Scenario) {
    sim.run(scenario);
    for _ in 0..50 {
        sleep(10).await;
        if sim.pending_steps() == 0 {
            break;
        }
    }
    settle().await;
    let _ = m;
}

#[wasm_bindgen_test]
async fn simulator_scenarios_reach_their_end_states() {
    let sim = Simulator::new().with_time_scale(0.0);
    let m = mount_ui(sim.clone(), VisitorOptions::default()).await;
    sim_run(&m, &sim, Scenario::FullSession).await;
    let s = m.state();
    assert_eq!(s.session.phase, SessionPhase::Active { continued: false });
    assert!(s.session.state_received);
    assert_eq!(s.agents.count, 1);

    sim_run(&m, &sim, Scenario::RemoteControlRequest).await;
    el("[data-gvk=rc-prompt] [data-answer=accept]").click();
    sleep(30).await;
    settle().await;
    assert_eq!(m.state().remote_control(), RemoteControl::On, "the simulated agent takes control after accept");
    sim_run(&m, &sim, Scenario::SelectiveRemoteControlRequest).await;
    el("[data-gvk=rc-prompt] [data-answer=decline]").click();
    settle().await;

    sim_run(&m, &sim, Scenario::ReverseSession).await;
    assert_eq!(m.state().reverse_session(), ReverseSession::Confirming);
    el("[data-gvk=reverse-prompt] [data-answer=accept]").click();
    settle().await;
    assert_eq!(m.state().reverse_session(), ReverseSession::Active);
    sim_run(&m, &sim, Scenario::ReverseSessionWithdrawn).await;
    assert_eq!(m.state().reverse_session(), ReverseSession::Ended);

    sim_run(&m, &sim, Scenario::UrlStartWarning).await;
    el("[data-gvk=urlstart-prompt] [data-answer=accept]").click();
    settle().await;
    assert_eq!(
        sim.answers(),
        vec![
            ("rcrequested".to_string(), Answer::Accept),
            ("rcrequested".to_string(), Answer::Decline),
            ("reverseconfirm".to_string(), Answer::Accept),
            ("reverseconfirm".to_string(), Answer::Decline),
            ("urlstartwarning".to_string(), Answer::Accept),
        ]
    );

    sim_run(&m, &sim, Scenario::Screenshare).await;
    let v = m.state().views.get("glance_screenshare").cloned().unwrap();
    assert_eq!(v.panel(), PanelState::Hidden, "screen share ended");
    assert_eq!(v.scaled.map(|s| (s.width, s.height)), Some((640.0, 480.0)));
    sim_run(&m, &sim, Scenario::AgentVideo).await;
    assert_eq!(m.state().views.get("glance_agentvideo").unwrap().panel(), PanelState::Visible);

    sim_run(&m, &sim, Scenario::ReconnectRecovers).await;
    assert_eq!(m.state().connection, Connection::Ok);
    sim_run(&m, &sim, Scenario::ReconnectDrops).await;
    let s = m.state();
    assert_eq!(s.connection, Connection::Dropped);
    assert!(matches!(s.session.phase, SessionPhase::Ended { .. }));
    assert!(s.views.values().all(|v| v.panel() == PanelState::Hidden));
    drop(m);
    settle().await;
    assert_eq!(sim.subscribers(), 0, "unmount unsubscribes the simulator");
}

#[wasm_bindgen_test]
async fn simulator_answers_the_visitors_actions() {
    let sim = Simulator::new().with_time_scale(0.0);
    let m = mount_ui(sim.clone(), VisitorOptions::default()).await;
    sim.show_terms(StartParams { session_key: Some("5555".into()), ..Default::default() });
    settle().await;
    assert_eq!(attr("[data-gvk=terms-prompt]", "data-state").as_deref(), Some("open"));
    el("[data-gvk=terms-prompt] [data-answer=accept]").click();
    sleep(50).await;
    settle().await;
    assert_eq!(sim.session_key().as_deref(), Some("5555"));
    assert_eq!(m.state().session.phase, SessionPhase::Active { continued: false });
    assert_eq!(text("[data-gvk=session-widget] [data-gvk-details] .gvk-key"), "5555");
    m.ctx.pause_session(true, None).unwrap();
    sleep(20).await;
    assert!(m.state().session.paused);
    m.ctx.enable_rc(true).unwrap();
    sleep(20).await;
    assert_eq!(m.state().remote_control(), RemoteControl::On);
    m.ctx.stop_session().unwrap();
    sleep(20).await;
    settle().await;
    let s = m.state();
    assert_eq!(s.session.phase, SessionPhase::Ended { reason: Some(glance_visitor_kit::event::EndReason::Visitor) });
    assert_eq!(s.remote_control(), RemoteControl::Off);
    drop(m);
}

#[wasm_bindgen_test]
async fn css_is_injected_once_unless_linked() {
    for n in doc().query_selector_all("#gvk-style, link[data-gvk-style]").unwrap().values() {
        n.unwrap().unchecked_into::<Element>().remove();
    }
    let a = mount_ui(Simulator::new(), VisitorOptions::default()).await;
    let b = mount_with(Simulator::new(), VisitorOptions::default(), || ());
    settle().await;
    assert_eq!(doc().query_selector_all("style#gvk-style").unwrap().length(), 1, "one style element for two providers");
    assert!(el("#gvk-style").text_content().unwrap().contains("--gvk-color-primary"));
    drop(b);
    drop(a);
    el("#gvk-style").remove();
    // A page that links the file itself gets nothing injected.
    let link = doc().create_element("link").unwrap();
    link.set_attribute("rel", "stylesheet").unwrap();
    link.set_attribute("data-gvk-style", "").unwrap();
    doc().head().unwrap().append_child(&link).unwrap();
    let c = mount_ui(Simulator::new(), VisitorOptions::default()).await;
    assert!(q("#gvk-style").is_none());
    drop(c);
    link.remove();
}

#[wasm_bindgen_test]
async fn messages_catalog_replaces_every_string_it_names() {
    let sim = Simulator::new().with_time_scale(0.0);
    let messages = Messages {
        rc_allow: "Ja".into(),
        decline: "Nein".into(),
        rc_message: "Darf der Agent steuern?".into(),
        agents_many: "{n} Agenten".into(),
        ..Messages::default()
    };
    let m = mount_ui(sim.clone(), VisitorOptions { messages, ..Default::default() }).await;
    sim.emit("sessionstart", glance_visitor_kit::event::Value::Null);
    sim.run(Scenario::RemoteControlRequest);
    sleep(30).await;
    settle().await;
    assert_eq!(text("[data-gvk=rc-prompt] [data-answer=accept]"), "Ja");
    assert_eq!(text("[data-gvk=rc-prompt] [data-answer=decline]"), "Nein");
    assert_eq!(
        text(&format!("#{}", attr("[data-gvk=rc-prompt]", "aria-describedby").unwrap())),
        "Darf der Agent steuern?"
    );
    el("[data-gvk=rc-prompt] [data-answer=decline]").click();
    settle().await;
    sim.emit(
        "agents",
        glance_visitor_kit::event::Value::Object(vec![("count".into(), glance_visitor_kit::event::Value::Number(3.0))]),
    );
    settle().await;
    assert_eq!(text("[data-gvk=session-widget] [data-gvk-line]"), "3 Agenten");
    drop(m);
}

// ---------------------------------------------------------------- prompts

#[wasm_bindgen_test]
async fn rc_prompt_follows_the_alertdialog_pattern() {
    let m = mount_glance("{}").await;
    let outside = doc().create_element("button").unwrap();
    outside.set_text_content(Some("page button"));
    m.root.append_child(&outside).unwrap();
    outside.unchecked_ref::<HtmlElement>().focus().unwrap();
    fire("rcrequested", &counting_payload("rc", ""));
    settle().await;

    let d = "[data-gvk=rc-prompt]";
    assert_eq!(attr(d, "data-state").as_deref(), Some("open"));
    assert_eq!(attr(d, "role").as_deref(), Some("alertdialog"));
    assert_eq!(attr(d, "aria-modal").as_deref(), Some("true"));
    assert!(q(d).unwrap().has_attribute("open"));
    assert_eq!(
        js(&format!("document.querySelector('{d}').matches(':modal')")).as_bool(),
        Some(true),
        "modal: page inert"
    );
    let title = attr(d, "aria-labelledby").unwrap();
    let desc = attr(d, "aria-describedby").unwrap();
    assert_eq!(text(&format!("#{title}")), "Remote control");
    assert_eq!(text(&format!("#{desc}")), "Allow the agent to take control?");
    // Initial focus on the safe action.
    assert_eq!(active().and_then(|a| a.get_attribute("data-answer")).as_deref(), Some("decline"));
    // Tab and Shift+Tab wrap inside.
    el(&format!("{d} [data-answer=accept]")).focus().unwrap();
    key_on_active("Tab", false);
    assert_eq!(active().and_then(|a| a.get_attribute("data-answer")).as_deref(), Some("decline"));
    key_on_active("Tab", true);
    assert_eq!(active().and_then(|a| a.get_attribute("data-answer")).as_deref(), Some("accept"));
    // Shift+Tab as WebKitGTK names it: key "Unidentified", code "Tab".
    let webkit_shift_tab = |shift: bool| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("Unidentified");
        init.set_code("Tab");
        init.set_shift_key(shift);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let e = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
        active().unwrap().dispatch_event(&e).unwrap();
    };
    webkit_shift_tab(false);
    assert_eq!(active().and_then(|a| a.get_attribute("data-answer")).as_deref(), Some("decline"), "Tab wraps");
    webkit_shift_tab(true);
    assert_eq!(active().and_then(|a| a.get_attribute("data-answer")).as_deref(), Some("accept"), "Shift+Tab wraps");
    // A click on the backdrop (the dialog element itself) does nothing.
    el(d).click();
    settle().await;
    assert_eq!(attr(d, "data-state").as_deref(), Some("open"));
    // Escape declines, once; a later click does nothing.
    key_on_active("Escape", false);
    el(&format!("{d} [data-answer=accept]")).click();
    settle().await;
    assert_eq!(counts("rc"), (0.0, 1.0));
    assert_eq!(attr(d, "data-state").as_deref(), Some("closed"));
    assert!(!q(d).unwrap().has_attribute("open"));
    // Focus went back where it was.
    assert!(active().unwrap().is_same_node(Some(&outside)));
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn prompt_answers_exactly_once_under_double_input() {
    let m = mount_glance("{}").await;
    let d = "[data-gvk=rc-prompt]";
    fire("rcrequested", &counting_payload("dbl", ""));
    settle().await;
    let accept = el(&format!("{d} [data-answer=accept]"));
    accept.click();
    accept.click();
    key(&accept, "Enter", false);
    key_on_active("Escape", false);
    settle().await;
    assert_eq!(counts("dbl"), (1.0, 0.0));
    // The selective wording.
    fire("rcrequested", &counting_payload("sel", "selective: true,"));
    settle().await;
    let desc = attr(d, "aria-describedby").unwrap();
    assert_eq!(text(&format!("#{desc}")), "Allow the agent to control some areas of the page?");
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn superseding_request_replaces_the_prompt() {
    let m = mount_glance("{}").await;
    let d = "[data-gvk=rc-prompt]";
    fire("rcrequested", &counting_payload("first", ""));
    settle().await;
    fire("rcrequested", &counting_payload("second", ""));
    settle().await;
    assert_eq!(counts("first"), (0.0, 1.0), "the old request was declined once");
    assert_eq!(attr(d, "data-state").as_deref(), Some("open"));
    assert!(!el(&format!("{d} [data-answer=accept]")).unchecked_into::<web_sys::HtmlButtonElement>().disabled());
    el(&format!("{d} [data-answer=accept]")).click();
    settle().await;
    assert_eq!(counts("second"), (1.0, 0.0));
    assert_eq!(counts("first"), (0.0, 1.0));
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn reverseended_and_sessionend_close_prompts() {
    let m = mount_glance("{}").await;
    fire("reverseconfirm", &counting_payload("rev", ""));
    settle().await;
    assert_eq!(attr("[data-gvk=reverse-prompt]", "data-state").as_deref(), Some("open"));
    fire("reverseended", "undefined");
    settle().await;
    assert_eq!(attr("[data-gvk=reverse-prompt]", "data-state").as_deref(), Some("closed"));
    assert_eq!(counts("rev"), (0.0, 1.0));

    fire("urlstartwarning", &counting_payload("url", ""));
    fire("rcrequested", &counting_payload("rc2", ""));
    settle().await;
    assert_eq!(attr("[data-gvk=urlstart-prompt]", "data-state").as_deref(), Some("open"));
    fire("sessionend", "{reason: 'agent'}");
    settle().await;
    assert_eq!(attr("[data-gvk=urlstart-prompt]", "data-state").as_deref(), Some("closed"));
    assert!(q("dialog[open]").is_none(), "no prompt stays open");
    // The session is gone (Glance's callbacks would throw now): closed without an answer.
    assert_eq!((counts("url"), counts("rc2")), ((0.0, 0.0), (0.0, 0.0)));
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn auto_decline_when_configured() {
    install("{}");
    let options = VisitorOptions { auto_decline: Some(Duration::from_millis(60)), ..Default::default() };
    let m = mount_ui(GlanceSource::new(), options).await;
    fire("rcrequested", &counting_payload("auto", ""));
    settle().await;
    assert_eq!(counts("auto"), (0.0, 0.0));
    sleep(150).await;
    settle().await;
    assert_eq!(counts("auto"), (0.0, 1.0));
    assert_eq!(attr("[data-gvk=rc-prompt]", "data-state").as_deref(), Some("closed"));
    drop(m);
    uninstall();
}

// ---------------------------------------------------------------- agent requests

/// A payload whose `accept` / `decline` count their calls and keep their arguments
/// (`window[name + "_accept_args"]`).
fn recording_payload(name: &str, extra: &str) -> String {
    js(&format!("window.{name}_accept = 0; window.{name}_decline = 0; window.{name}_accept_args = null; window.{name}_decline_args = null;"));
    format!(
        "({{ {extra} accept: (...a) => {{ window.{name}_accept++; window.{name}_accept_args = a; }}, \
           decline: (...a) => {{ window.{name}_decline++; window.{name}_decline_args = a; }} }})"
    )
}

fn open_dialogs() -> u32 {
    doc().query_selector_all("dialog[open]").unwrap().length()
}

#[wasm_bindgen_test]
async fn every_request_kind_opens_its_prompt_and_calls_back_once() {
    let m = mount_glance("{}").await;
    js("GLANCE.Video = {}"); // Glance's video scripts are there (a screen share needs them first)
    let texts = glance_visitor_kit::Messages::default();
    for (i, &kind) in PromptKind::ALL.iter().enumerate() {
        if matches!(kind, PromptKind::DocumentShare | PromptKind::NavAssist) {
            continue; // their own tests below
        }
        let name = format!("k{i}");
        fire(kind.event_name(), &recording_payload(&name, ""));
        settle().await;
        let d = format!("[data-gvk={}]", kind.part());
        assert_eq!(attr(&d, "data-state").as_deref(), Some("open"), "{kind:?}");
        assert_eq!(attr(&d, "data-kind").as_deref(), Some(kind.event_name()));
        assert_eq!(open_dialogs(), 1);
        let want = texts.prompt_text(kind, &Default::default());
        assert_eq!(text(&format!("#{}", attr(&d, "aria-labelledby").unwrap())), want.title, "{kind:?}");
        assert_eq!(text(&format!("#{}", attr(&d, "aria-describedby").unwrap())), want.message, "{kind:?}");
        assert_eq!(text(&format!("{d} [data-answer=accept]")), want.accept);
        assert_eq!(active().and_then(|a| a.get_attribute("data-answer")).as_deref(), Some("decline"), "{kind:?}");
        // Even kinds: accepted by click; odd: declined by Escape.
        let accept = i % 2 == 0;
        if accept {
            el(&format!("{d} [data-answer=accept]")).click();
        } else {
            key_on_active("Escape", false);
        }
        el(&format!("{d} [data-answer=accept]")).click(); // a late click answers nothing
        settle().await;
        assert_eq!(attr(&d, "data-state").as_deref(), Some("closed"), "{kind:?}");
        let calls = counts(&name);
        match (accept, kind.calls().decline) {
            (true, _) => assert_eq!(calls, (1.0, 0.0), "{kind:?}"),
            (false, Some(_)) => assert_eq!(calls, (0.0, 1.0), "{kind:?}"),
            (false, None) => assert_eq!(calls, (0.0, 0.0), "{kind:?}: nothing is sent back"),
        }
        // Visitor video: both answers carry a settings object (Glance throws without one).
        if kind == PromptKind::VisitorVideo {
            let args = if accept { "accept" } else { "decline" };
            let settings = js(&format!("JSON.stringify(window.{name}_{args}_args[0])")).as_string().unwrap();
            assert!(settings.starts_with('{') && settings.contains(r#""camerastatus":"#), "{settings}");
            assert!(settings.contains(r#""videopaused":"#), "{settings}");
        }
    }
    assert_eq!(js_num("gvkStandIn.current.thrown.length"), 0.0);
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn document_share_terms_then_file_step() {
    let m = mount_glance("{}").await;
    js("window.doc = {previewconfirm: 0, previewcancel: 0, confirm: 0, cancel: 0}");
    let payload = "({onpreviewconfirm() { doc.previewconfirm++ }, onpreviewcancel() { doc.previewcancel++ }, \
                    onconfirm() { doc.confirm++ }, oncancel() { doc.cancel++ }})";
    fire("docsharerequested", payload);
    settle().await;
    let d = "[data-gvk=document-prompt]";
    assert_eq!(
        text(&format!("#{}", attr(d, "aria-describedby").unwrap())),
        "The agent requested for you to share a document."
    );
    el(&format!("{d} [data-answer=accept]")).click();
    settle().await;
    assert_eq!(js_num("doc.previewconfirm"), 1.0);
    // Step two in the same dialog, with fresh buttons.
    assert_eq!(attr(d, "data-state").as_deref(), Some("open"));
    assert_eq!(text(&format!("{d} [data-answer=accept]")), "Share");
    assert_eq!(text(&format!("{d} [data-answer=decline]")), "Cancel");
    assert_eq!(active().and_then(|a| a.get_attribute("data-answer")).as_deref(), Some("decline"));
    el(&format!("{d} [data-answer=decline]")).click();
    settle().await;
    assert_eq!(js_num("doc.previewcancel"), 1.0, "Cancel at the file step calls onpreviewcancel");
    assert_eq!((js_num("doc.confirm"), js_num("doc.cancel"), js_num("doc.previewconfirm")), (0.0, 0.0, 1.0));
    assert_eq!(attr(d, "data-state").as_deref(), Some("closed"));
    // Declining at the terms step calls onpreviewcancel and ends there.
    fire("docsharerequested", payload);
    settle().await;
    key_on_active("Escape", false);
    settle().await;
    assert_eq!(js_num("doc.previewcancel"), 2.0);
    assert_eq!(open_dialogs(), 0);
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn navigation_assist_goes_where_accept_resolves_and_refuses_scripts() {
    let m = mount_glance("{}").await;
    js("history.replaceState(null, '', location.pathname + location.search)");
    js("window.nav = 0");
    let payload = |to: &str| {
        format!("({{url: '/somewhere', name: 'Checkout', accept() {{ nav++; return Promise.resolve({to}); }} }})")
    };
    // A script address is never followed.
    fire("navassistrequested", &payload("'javascript:window.pwned = 1'"));
    settle().await;
    let d = "[data-gvk=navigate-prompt]";
    assert!(text(&format!("#{}", attr(d, "aria-describedby").unwrap())).ends_with("Checkout"));
    el(&format!("{d} [data-answer=accept]")).click();
    settle().await;
    sleep(20).await;
    assert_eq!(js_num("nav"), 1.0);
    assert!(js("window.pwned").is_undefined());
    // An address on this page is followed (a fragment: the test page stays).
    fire("navassistrequested", &payload("location.pathname + location.search + '#gvk-nav'"));
    settle().await;
    el(&format!("{d} [data-answer=accept]")).click();
    settle().await;
    sleep(20).await;
    assert_eq!(js_num("nav"), 2.0);
    assert_eq!(js("location.hash").as_string().as_deref(), Some("#gvk-nav"));
    // Decline only closes: nothing is called.
    fire("navassistrequested", &payload("'#never'"));
    settle().await;
    el(&format!("{d} [data-answer=decline]")).click();
    settle().await;
    assert_eq!(js_num("nav"), 2.0);
    assert_eq!(attr(d, "data-state").as_deref(), Some("closed"));
    js("history.replaceState(null, '', location.pathname + location.search)");
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn add_guest_accept_that_throws_is_a_clear_error_and_the_ui_goes_on() {
    let m = mount_glance("{}").await;
    fire(
        "addguestrequested",
        "({agentnum: 1, accept() { throw new TypeError('crypto.randomUUID is not a function'); }, decline() {}})",
    );
    settle().await;
    el("[data-gvk=guest-prompt] [data-answer=accept]").click();
    settle().await;
    assert_eq!(attr("[data-gvk=guest-prompt]", "data-state").as_deref(), Some("closed"));
    let notice = text("[data-gvk=error-notice]");
    assert!(notice.contains("Your answer could not be sent to the agent."), "{notice}");
    assert!(notice.contains("crypto.randomUUID"), "Glance's reason is shown too: {notice}");
    assert_eq!(js_num("gvkStandIn.current.thrown.length"), 0.0, "nothing thrown into Glance");
    // The UI goes on: the next request is answered normally.
    fire("rcrequested", &counting_payload("after", ""));
    settle().await;
    el("[data-gvk=rc-prompt] [data-answer=accept]").click();
    settle().await;
    assert_eq!(counts("after"), (1.0, 0.0));
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn requests_queue_one_dialog_at_a_time_oldest_first() {
    let m = mount_glance("{}").await;
    js("GLANCE.Video = {}");
    fire("rcrequested", &counting_payload("q1", ""));
    fire("visitorscreensharerequested", &counting_payload("q2", ""));
    fire("addguestrequested", &counting_payload("q3", ""));
    settle().await;
    assert_eq!(open_dialogs(), 1);
    assert_eq!(m.ctx.pending_requests(), 3);
    for (name, part) in [("q1", "rc-prompt"), ("q2", "screenshare-prompt"), ("q3", "guest-prompt")] {
        let d = format!("[data-gvk={part}]");
        assert_eq!(attr(&d, "data-state").as_deref(), Some("open"), "{part}");
        assert_eq!(open_dialogs(), 1);
        assert_eq!(active().and_then(|a| a.get_attribute("data-answer")).as_deref(), Some("decline"), "{part}");
        el(&format!("{d} [data-answer=accept]")).click();
        settle().await;
        assert_eq!(counts(name), (1.0, 0.0), "{name}");
    }
    assert_eq!(open_dialogs(), 0);
    assert_eq!((counts("q1"), counts("q2"), counts("q3")), ((1.0, 0.0), (1.0, 0.0), (1.0, 0.0)));
    drop(m);
    uninstall();
}

/// A source whose requests' callbacks (and the observer) read the context synchronously.
#[derive(Clone, Default)]
struct ReadingSource {
    sink: Rc<std::cell::RefCell<Option<Sink>>>,
}

impl VisitorSource for ReadingSource {
    fn subscribe(&self, sink: Sink) -> glance_visitor_kit::source::Subscription {
        *self.sink.borrow_mut() = Some(sink);
        let slot = self.sink.clone();
        glance_visitor_kit::source::Subscription::new(move || {
            slot.borrow_mut().take();
        })
    }
    fn start_session(&self, _: &StartParams) -> Result<(), SourceError> {
        Ok(())
    }
    fn stop_session(&self) -> Result<(), SourceError> {
        Ok(())
    }
    fn enable_rc(&self, _: bool) -> Result<(), SourceError> {
        Ok(())
    }
    fn pause_session(&self, _: bool, _: Option<&str>) -> Result<(), SourceError> {
        Ok(())
    }
    fn session_key(&self) -> Option<String> {
        None
    }
}

#[wasm_bindgen_test]
async fn no_callback_runs_while_the_state_is_borrowed() {
    use glance_visitor_kit::event::{Request, RequestFacts, Responder, Value};
    let source = ReadingSource::default();
    let ctx_cell: Rc<Cell<Option<VisitorContext>>> = Rc::new(Cell::new(None));
    // What each callback could read of the context, synchronously.
    let reads: Rc<std::cell::RefCell<Vec<(&'static str, bool)>>> = Default::default();
    let (c, r) = (ctx_cell.clone(), reads.clone());
    let reader = move |what: &'static str| {
        let (c, r) = (c.clone(), r.clone());
        move |_: &Value| {
            let ctx = c.get().expect("mounted");
            // A borrowed state would make the snapshot unreadable.
            let readable = ctx.snapshot().is_some();
            let _ = ctx.current_prompt();
            let _ = ctx.phase();
            r.borrow_mut().push((what, readable));
            Ok(())
        }
    };
    let responder =
        |a: &'static str, d: &'static str| Responder::new(Some(Box::new(reader(a))), Some(Box::new(reader(d))));
    // Observers are Send + Sync; this one counts through a thread-local.
    thread_local!(static OBSERVER_READS: Cell<u32> = const { Cell::new(0) });
    let options = VisitorOptions {
        observer: Some(Observer::new(|_| OBSERVER_READS.with(|n| n.set(n.get() + 1)))),
        ..Default::default()
    };
    let m = mount_with(source.clone(), options, || view! { <VisitorUi /> });
    ctx_cell.set(Some(m.ctx));
    settle().await;
    let send = |ev: VisitorEvent| {
        let sink = source.sink.borrow().clone().expect("subscribed");
        sink(glance_visitor_kit::source::SourceMessage::Event(ev));
    };
    let request = |kind, r| VisitorEvent::Request(Request::new(kind, RequestFacts::default(), r));
    // 1. The visitor answers.
    send(request(PromptKind::RemoteControl, responder("rc accept", "rc decline")));
    settle().await;
    el("[data-gvk=rc-prompt] [data-answer=accept]").click();
    settle().await;
    // 2. The kit declines a request it replaces, and 3. a reverse session the agent withdrew.
    send(request(PromptKind::AddGuest, responder("guest accept", "guest decline (replaced)")));
    send(request(PromptKind::AddGuest, responder("guest accept", "guest decline (never: session end)")));
    send(request(PromptKind::ReverseSession, responder("reverse accept", "reverse decline (reverseended)")));
    send(VisitorEvent::ReverseEnded);
    send(VisitorEvent::SessionEnd { reason: None });
    settle().await;
    assert_eq!(
        *reads.borrow(),
        vec![("rc accept", true), ("guest decline (replaced)", true), ("reverse decline (reverseended)", true)]
    );
    assert!(OBSERVER_READS.with(|n| n.get()) >= 6, "the observer saw every event and answer");
    drop(m);
}

#[wasm_bindgen_test]
async fn actions_before_the_full_script_wait_for_ready() {
    let m = mount_glance("{stub: true}").await;
    m.ctx.start_session(&StartParams { session_key: Some("5151".into()), ..Default::default() }).unwrap();
    settle().await;
    assert_eq!(js_num("gvkStandIn.current.calls.startSession.length"), 0.0, "not sent to the stub");
    assert_eq!(
        attr("[data-gvk=session-widget]", "data-state").as_deref(),
        Some("starting"),
        "the visitor sees it starting"
    );
    assert_eq!(js_num("gvkStandIn.current.stubDrops.length"), 0.0, "nothing dropped by the stub");
    assert_eq!(js_num("gvkStandIn.current.coreLoads"), 1.0, "Glance was asked to load its core");
    js("gvkStandIn.current.upgrade()");
    settle().await;
    assert_eq!(js("gvkStandIn.current.calls.startSession[0]").as_string().as_deref(), Some("5151"));
    assert!(m.state().errors.is_empty());
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn glance_only_shapes_and_notices_through_the_binding() {
    let m = mount_glance("{inSession: true, stateReceived: true, pageMasked: true}").await;
    assert!(!is_hidden("[data-gvk=session-widget] [data-gvk-masked]"), "isPageMasked() read on binding");
    fire("accessibility", "true");
    settle().await;
    assert!(el("[data-gvk=visitor-ui]").class_list().contains("gvk-accessible"), "a bare boolean");
    fire("accessibility", "{enabled: false}");
    settle().await;
    assert!(!el("[data-gvk=visitor-ui]").class_list().contains("gvk-accessible"));
    fire("filedownloading", "undefined");
    settle().await;
    assert!(text("[data-gvk=session-widget] [data-gvk-download]").contains("sharing a document"));
    fire("filedownloaded", "undefined");
    js("gvkStandIn.current.pageMasked = false");
    fire("statereceived", "undefined");
    settle().await;
    assert!(is_hidden("[data-gvk=session-widget] [data-gvk-download]"));
    assert!(is_hidden("[data-gvk=session-widget] [data-gvk-masked]"), "isPageMasked() read again");
    fire("viewerclosing", "{screenshareView: 'glance_screenshare', closereason: 'PlayerTooSlow'}");
    fire("viewerinfo", "{screenshareView: 'glance_screenshare', stats: {viewerfps: 4}}");
    settle().await;
    assert!(text("[data-gvk=error-notice]").contains("Slow browser or network"));
    assert_eq!(m.state().views.get("glance_screenshare").and_then(|v| v.stats).and_then(|s| s.viewerfps), Some(4.0));
    assert_eq!(js_num("gvkStandIn.current.thrown.length"), 0.0);
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn visitor_screenshare_waits_for_glance_video_scripts() {
    // With GLANCE.Video there, the request is shown at once, and the preview element is in the page.
    let m = mount_glance("{}").await;
    js("GLANCE.Video = {}");
    fire("visitorscreensharerequested", &counting_payload("vs1", ""));
    settle().await;
    assert_eq!(attr("[data-gvk=screenshare-prompt]", "data-state").as_deref(), Some("open"));
    assert_eq!(attr("#glance_visitor_screensharepreview", "muted").as_deref(), Some(""));
    el("[data-gvk=screenshare-prompt] [data-answer=accept]").click();
    settle().await;
    assert_eq!(counts("vs1"), (1.0, 0.0));
    js("delete GLANCE.Video");
    // Without it, the scripts are loaded from where Glance's own code looks (its tag's folder with
    // `/js` dropped and `cobrowse` made `video`, then `source/js/`), then from `cobrowse/js/` (up to
    // 6.1.1); when none can be loaded, the request is declined and the failure shown (never a
    // prompt whose accept would fail).
    let loader = doc().create_element("script").unwrap();
    loader.set_attribute("type", "text/x-not-run").unwrap();
    loader.set_attribute("id", "glance-cobrowse").unwrap();
    loader.set_attribute("src", "/gvk-nowhere/cobrowse/js/GlanceCobrowseLoader_6.33.0M.js").unwrap();
    doc().body().unwrap().append_child(&loader).unwrap();
    fire("visitorscreensharerequested", &counting_payload("vs2", ""));
    let mut declined = false;
    for _ in 0..60 {
        sleep(50).await;
        if counts("vs2") == (0.0, 1.0) {
            declined = true;
            break;
        }
    }
    assert!(declined, "declined after the failed load");
    settle().await;
    // browserCap comes first in each folder: the notice names the two addresses tried, in order,
    // and no failed script is left in the page.
    let notice = text("[data-gvk=error-notice]");
    let tried =
        ["/gvk-nowhere/video/source/js/browserCap_6.33.0M.js", "/gvk-nowhere/cobrowse/js/browserCap_6.33.0M.js"]
            .map(|t| notice.find(t));
    assert!(tried.iter().all(Option::is_some) && tried.is_sorted(), "{notice}");
    assert!(!notice.contains("GlanceVideoSource"), "{notice}");
    assert_eq!(q("[data-gvk=screenshare-prompt][data-state=open]"), None);
    assert_eq!(js_num("document.querySelectorAll('script[data-gvk-video]').length"), 0.0);
    loader.remove();
    drop(m);
    uninstall();
}

// ---------------------------------------------------------------- the visitor's media

/// Records every stream getUserMedia hands out (`window.__streams`), to check that each is stopped.
fn record_streams() {
    js("window.__streams = []; if (!window.__gum) { window.__gum = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices); }
        navigator.mediaDevices.getUserMedia = (c) => window.__gum(c).then((s) => { window.__streams.push(s); return s; });");
}

fn all_streams_stopped() -> bool {
    js("window.__streams.length > 0 && window.__streams.every(s => s.getTracks().every(t => t.readyState === 'ended'))")
        .as_bool()
        .unwrap_or(false)
}

async fn wait_for(sel: &str) -> bool {
    for _ in 0..80 {
        if q(sel).is_some() {
            return true;
        }
        sleep(25).await;
    }
    false
}

#[wasm_bindgen_test]
async fn visitor_video_preview_then_accept_or_decline_with_settings() {
    let m = mount_glance("{}").await;
    record_streams();
    // Accept: enabled once the preview runs; the settings name the camera; the preview stops.
    fire("visitorvideorequested", &recording_payload("va", ""));
    settle().await;
    let d = "[data-gvk=video-prompt]";
    let accept = format!("{d} [data-answer=accept]");
    assert!(el(&accept).unchecked_into::<web_sys::HtmlButtonElement>().disabled(), "disabled before the preview");
    assert!(wait_for("[data-gvk-camera][data-state=running]").await, "the fake camera's preview runs");
    settle().await;
    assert!(!el(&accept).unchecked_into::<web_sys::HtmlButtonElement>().disabled());
    el(&accept).click();
    settle().await;
    assert_eq!(counts("va"), (1.0, 0.0));
    let settings = js("JSON.stringify(window.va_accept_args[0])").as_string().unwrap();
    assert!(settings.contains(r#""camerastatus":"available""#) && settings.contains("videosource"), "{settings}");
    assert!(all_streams_stopped(), "the preview's tracks ended after Accept");
    // Decline with a running preview: the settings say so, and the preview stops too.
    record_streams();
    fire("visitorvideorequested", &recording_payload("vd", ""));
    settle().await;
    assert!(wait_for("[data-gvk-camera][data-state=running]").await);
    key_on_active("Escape", false);
    settle().await;
    assert_eq!(counts("vd"), (0.0, 1.0));
    assert!(all_streams_stopped(), "the preview's tracks ended after Decline");
    // A replaced request stops its preview as well.
    record_streams();
    fire("visitorvideorequested", &recording_payload("vr1", ""));
    settle().await;
    assert!(wait_for("[data-gvk-camera][data-state=running]").await);
    fire("sessionend", "{reason: 'agent'}");
    settle().await;
    assert_eq!(counts("vr1"), (0.0, 0.0), "the session is gone: nothing to answer");
    assert!(all_streams_stopped(), "the preview's tracks ended when the session ended");
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn visitor_video_denied_no_camera_and_unsupported_say_so_and_can_decline() {
    let m = mount_glance("{}").await;
    for (error, state, status) in [
        ("NotAllowedError", "blocked", "blocked"),
        ("NotFoundError", "nocamera", "nocamera"),
        ("", "unsupported", "notsupported"),
    ] {
        if error.is_empty() {
            js("Object.defineProperty(navigator, 'mediaDevices', { configurable: true, get: () => undefined })");
        } else {
            js(&format!(
                "navigator.mediaDevices.getUserMedia = () => Promise.reject(new DOMException('no', '{error}'))"
            ));
        }
        fire("visitorvideorequested", &recording_payload("vx", ""));
        settle().await;
        assert!(wait_for(&format!("[data-gvk-camera][data-state={state}]")).await, "{state}");
        settle().await;
        let d = "[data-gvk=video-prompt]";
        assert!(el(&format!("{d} [data-answer=accept]")).unchecked_into::<web_sys::HtmlButtonElement>().disabled());
        assert!(!text(&format!("{d} .gvk-camera-status")).is_empty(), "a clear message for {state}");
        el(&format!("{d} [data-answer=decline]")).click();
        settle().await;
        assert_eq!(counts("vx"), (0.0, 1.0), "{state}");
        let settings = js("JSON.stringify(window.vx_decline_args[0])").as_string().unwrap();
        assert!(settings.contains(&format!(r#""camerastatus":"{status}""#)), "{settings}");
        js("delete navigator.mediaDevices; if (window.__gum) navigator.mediaDevices.getUserMedia = window.__gum;");
    }
    drop(m);
    uninstall();
}

/// Puts `files` (JS expressions of File objects) into the file input of the shown prompt.
fn choose(files: &str) {
    js(&format!(
        "(() => {{ const dt = new DataTransfer(); for (const f of [{files}]) dt.items.add(f);
           const input = document.querySelector('dialog[open] input[type=file]'); input.files = dt.files;
           input.dispatchEvent(new Event('change', {{ bubbles: true }})); }})()"
    ));
}

#[wasm_bindgen_test]
async fn document_share_file_step_checks_and_sends_the_document() {
    let m = mount_glance("{}").await;
    js("window.doc2 = {previewconfirm: 0, previewcancel: 0, confirm: 0}");
    fire(
        "docsharerequested",
        "({onpreviewconfirm() { doc2.previewconfirm++ }, onpreviewcancel() { doc2.previewcancel++ }, onconfirm() { doc2.confirm++ }, oncancel() {}})",
    );
    settle().await;
    let d = "[data-gvk=document-prompt]";
    el(&format!("{d} [data-answer=accept]")).click();
    settle().await;
    let share = || el(&format!("{d} [data-answer=accept]")).unchecked_into::<web_sys::HtmlButtonElement>();
    assert!(q(&format!("{d} [data-gvk-dropzone]")).is_some(), "the file step");
    assert!(share().disabled(), "nothing chosen yet");
    // A wrong type, then a spreadsheet of exactly 5 MiB (Glance shows none of 5 MiB or more): a
    // clear message, nothing sent, Share stays off.
    choose("new File(['x'], 'photo.png', {type: 'image/png'})");
    settle().await;
    assert!(text(&format!("{d} .gvk-document-problem")).contains("PDF"));
    assert!(share().disabled());
    choose("new File([new Uint8Array(5 * 1024 * 1024)], 'big.xlsx', {type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'})");
    settle().await;
    assert!(text(&format!("{d} .gvk-document-problem")).contains("5 MB or more"));
    assert!(share().disabled());
    // A good one: read, then Share sends it.
    choose("new File(['%PDF-1.4 ', new Uint8Array([0, 128, 255, 10])], 'statement.pdf', {type: 'application/pdf'})");
    for _ in 0..40 {
        settle().await;
        if !share().disabled() {
            break;
        }
    }
    assert!(!share().disabled(), "a valid file enables Share");
    assert_eq!(text(&format!("{d} [data-gvk-chosen]")), "statement.pdf");
    assert_eq!(text(&format!("{d} .gvk-document-problem")), "");
    share().click();
    settle().await;
    assert_eq!(js_num("doc2.confirm"), 1.0, "onconfirm()");
    assert_eq!(
        js("JSON.stringify(gvkStandIn.current.calls.sendDocument)").as_string().as_deref(),
        Some(r#"["statement.pdf"]"#)
    );
    // The bytes as a binary string, one character per byte (as Glance's own UI reads them).
    assert_eq!(
        js("JSON.stringify(gvkStandIn.current.calls.view.map(([f, n, v, d]) => [f, n, v, typeof d]))")
            .as_string()
            .as_deref(),
        Some(r#"[["viewPDF","statement.pdf",true,"string"]]"#)
    );
    assert_eq!(
        js("Array.from(gvkStandIn.current.calls.view[0][3], (c) => c.charCodeAt(0)).join()").as_string().as_deref(),
        Some("37,80,68,70,45,49,46,52,32,0,128,255,10")
    );
    assert_eq!((js_num("doc2.previewconfirm"), js_num("doc2.previewcancel")), (1.0, 0.0));
    assert_eq!(open_dialogs(), 0);

    // A PDF of exactly 5 MiB: Glance's sendDocument would refuse it (only under 5 MiB), so it is
    // shown to the agent with viewPDF alone, and the visitor is told the agent cannot download it.
    fire("docsharerequested", "({onpreviewconfirm() {}, onpreviewcancel() {}, onconfirm() {}, oncancel() {}})");
    settle().await;
    el(&format!("{d} [data-answer=accept]")).click();
    settle().await;
    assert!(is_hidden(&format!("{d} [data-gvk-view-only]")));
    choose("new File([new Uint8Array(5 * 1024 * 1024)], 'big.pdf', {type: 'application/pdf'})");
    for _ in 0..40 {
        settle().await;
        if !share().disabled() {
            break;
        }
    }
    assert!(!share().disabled(), "a large PDF may be shown");
    assert!(!is_hidden(&format!("{d} [data-gvk-view-only]")));
    assert!(text(&format!("{d} [data-gvk-view-only]")).contains("cannot download"));
    share().click();
    settle().await;
    assert_eq!(
        js("JSON.stringify(gvkStandIn.current.calls.sendDocument)").as_string().as_deref(),
        Some(r#"["statement.pdf"]"#),
        "not sent"
    );
    assert_eq!(
        js("JSON.stringify(gvkStandIn.current.calls.view.map(([f, n]) => [f, n]))").as_string().as_deref(),
        Some(r#"[["viewPDF","statement.pdf"],["viewPDF","big.pdf"]]"#)
    );
    // Glance's own refusal (`documentnotsent`) is a clear message.
    fire("documentnotsent", "{name: 'big.pdf', reason: 'File size limit exceeded', size: 5242880}");
    fire("maskingerror", "{reason: 'TypeError: x is not a function'}");
    settle().await;
    let notice = text("[data-gvk=error-notice]");
    assert!(notice.contains("Your document was not sent to the agent."), "{notice}");
    assert!(notice.contains("File size limit exceeded"), "{notice}");
    assert!(notice.contains("could not be hidden from the agent"), "{notice}");
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn visitor_video_tile_and_screenshare_indicator_follow_events() {
    let m = mount_glance("{}").await;
    let tile = "[data-gvk=visitor-video]";
    // Glance's video iframe and preview are in the page before they are needed.
    assert!(q("iframe#glance_video_0[data-independent-content='1']").is_some());
    assert!(q("#glance_videopreview").is_some());
    assert!(is_hidden(tile));
    fire("visitorvideostarted", "{width: 320, height: 240}");
    settle().await;
    assert!(!is_hidden(tile));
    assert_eq!(attr(tile, "data-state").as_deref(), Some("running"));
    // It moves like the panels (so it never has to cover the page).
    finish_animations().await;
    let top = el(tile).get_bounding_client_rect().top();
    let handle = el(&format!("{tile} .gvk-panel-handle"));
    key(&handle, "ArrowUp", true);
    settle().await;
    assert!((el(tile).get_bounding_client_rect().top() - (top - 10.0)).abs() < 1.0, "Shift + ArrowUp moves it");
    el(&format!("{tile} [data-action=toggle-video]")).click();
    el(&format!("{tile} [data-action=toggle-video-size]")).click();
    settle().await;
    assert_eq!(
        (js_num("gvkStandIn.current.calls.toggleVideo"), js_num("gvkStandIn.current.calls.toggleVideoSize")),
        (1.0, 1.0)
    );
    fire("visitorvideopaused", "undefined");
    fire("visitorvideoresize", "'large'");
    settle().await;
    assert_eq!(attr(tile, "data-state").as_deref(), Some("paused"));
    assert_eq!(attr(tile, "data-size").as_deref(), Some("large"));
    assert_eq!(text(&format!("{tile} [data-action=toggle-video]")), "Resume video");
    assert_eq!(attr(&format!("{tile} [data-action=toggle-video]"), "aria-pressed").as_deref(), Some("true"));
    el(&format!("{tile} [data-action=stop-video]")).click();
    settle().await;
    assert_eq!(js_num("gvkStandIn.current.calls.stopVideo"), 1.0);
    fire("visitorvideoended", "undefined");
    settle().await;
    assert!(is_hidden(tile));
    // The visitor's screen share.
    let share = "[data-gvk=visitor-screenshare]";
    assert!(is_hidden(share));
    fire("visitorscreensharestarted", "undefined");
    settle().await;
    assert!(!is_hidden(share) && text(share).contains("sharing your screen"));
    fire("visitorscreensharepaused", "undefined");
    settle().await;
    assert_eq!(attr(share, "data-state").as_deref(), Some("paused"));
    fire("visitorscreenshareended", "undefined");
    settle().await;
    assert!(is_hidden(share));
    drop(m);
    uninstall();
}

// ---------------------------------------------------------------- robustness

#[wasm_bindgen_test]
fn hostile_js_values_never_throw_through_the_module() {
    // A revoked Proxy throws on every operation, Array.isArray included.
    let revoked = js("(() => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return proxy; })()");
    assert!(matches!(decode_js("agents", &revoked), Err(_) | Ok(_)));
    assert_eq!(decode_js("connection", &revoked).unwrap_err().field, "status", "an empty payload");
    let revoked_array = js("(() => { const { proxy, revoke } = Proxy.revocable([], {}); revoke(); return proxy; })()");
    assert!(decode_js("agents", &js_obj_with("agentlist", &revoked_array, "count: 1")).is_ok());
    // A Proxy over an array whose `length` getter throws.
    let bad_length =
        js("new Proxy([1, 2], { get(t, k) { if (k === 'length') throw new Error('len'); return t[k]; } })");
    let VisitorEvent::Agents { agentlist, .. } =
        decode_js("agents", &js_obj_with("agentlist", &bad_length, "count: 2")).unwrap()
    else {
        panic!()
    };
    assert_eq!(agentlist.map(|l| l.len()), Some(0), "an array whose length throws is empty");
    // A throwing getter on each field loses that field only.
    for field in ["status", "count", "screenshareView", "enabled", "reason"] {
        let p = js(&format!("({{ status: 'ok', count: 1, get {field}() {{ throw new Error('{field}'); }} }})"));
        let _ = decode_js("connection", &p);
        let _ = decode_js("agents", &p);
    }
    let e = decode_js("connection", &js("({ get status() { throw new Error('x'); } })")).unwrap_err();
    assert_eq!((e.field.as_str(), e.problem), ("status", Problem::Missing));
    // Getters with side effects run once per read; frozen and prototype-less objects decode.
    js("window.reads = 0");
    let counted = js("({ get status() { window.reads++; return 'reconnecting'; } })");
    assert!(decode_js("connection", &counted).is_ok());
    assert_eq!(js_num("window.reads"), 1.0, "the payload is copied once");
    assert!(decode_js("connection", &js("Object.freeze({status: 'ok'})")).is_ok());
    assert!(decode_js("connection", &js("Object.assign(Object.create(null), {status: 'ok'})")).is_ok());
    // Functions as payloads, and as fields.
    assert!(decode_js("connection", &js("(() => 1)")).is_err());
    assert_eq!(
        decode_js("connection", &js("({status: () => 'ok'})")).unwrap_err().problem,
        Problem::WrongType { expected: "string", found: "function" }
    );
    // A request whose payload is a revoked Proxy: a request without callbacks (answers report Missing).
    let VisitorEvent::Request(r) = decode_js("rcrequested", &revoked).unwrap() else { panic!() };
    assert_eq!(r.responder.accept(), Err(RespondError::Missing(Answer::Accept)));
    // 1 MB strings are cut.
    let VisitorEvent::Error(e) = decode_js("error", &js("({code: 'service', msg: 'x'.repeat(1 << 20)})")).unwrap()
    else {
        panic!()
    };
    assert_eq!(e.msg.len(), glance_visitor_kit::event::js::MAX_STRING);
}

/// `({<extra>, <key>: value})` built in JS with `value` as a real JS value.
fn js_obj_with(key: &str, value: &JsValue, extra: &str) -> JsValue {
    let o = js(&format!("({{{extra}}})"));
    js_sys::Reflect::set(&o, &JsValue::from_str(key), value).unwrap();
    o
}

#[wasm_bindgen_test]
async fn payload_text_is_never_markup() {
    let m = mount_glance("{}").await;
    js("window.gvkXss = 0");
    let evil = r#"'<img src=x onerror=\"window.gvkXss=1\"><script>window.gvkXss=1</script>'"#;
    fire("sessionstarting", "undefined");
    fire("sessionstart", "undefined");
    fire("agents", &format!("{{count: 2, agentlist: [{{name: {evil}}}, {{username: {evil}}}]}}"));
    fire("error", &format!("{{code: 'weird', msg: {evil}}}"));
    fire("error", &format!("{{code: 'service', msg: {evil}, params: {{server: {evil}}}}}"));
    fire("sessionend", &format!("{{reason: {evil}}}"));
    fire("navassistrequested", &format!("{{url: {evil}, name: {evil}, accept() {{}}}}"));
    fire("confirm", &format!("{{url: {evil}, accept() {{}}}}"));
    settle().await;
    sleep(30).await;
    let root = el("[data-gvk=visitor-ui]");
    let made = root.query_selector_all("img, script").unwrap().length()
        + doc().query_selector_all("dialog img, dialog script").unwrap().length();
    assert_eq!(made, 0, "no element was made from payload text");
    assert_eq!(js_num("window.gvkXss"), 0.0, "no payload script ran");
    assert!(text("[data-gvk=error-notice]").contains("<script>"), "shown as text");
    assert!(text("[data-gvk=navigate-prompt]").contains("<img"), "shown as text");
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn unmount_declines_open_requests_once_and_two_kits_share_a_page() {
    // Two kits bound to one Glance: both work, a request is answered once whichever answers.
    install("{}");
    let a = mount_with(GlanceSource::new(), VisitorOptions::default(), || view! { <VisitorUi panels=false /> });
    let b = mount_beside(GlanceSource::new(), VisitorOptions::default(), || view! { <AgentBadge /> <ConsentPrompt /> });
    settle().await;
    assert_eq!(js_num("gvkStandIn.current.listenerCount('agents')"), 2.0);
    fire("agents", "{count: 3}");
    assert_eq!((a.state().agents.count, b.state().agents.count), (3, 3));
    fire("rcrequested", &counting_payload("two", ""));
    settle().await;
    assert_eq!(doc().query_selector_all("[data-gvk=rc-prompt][data-state=open]").unwrap().length(), 2);
    let accepts = doc().query_selector_all("[data-gvk=rc-prompt] [data-answer=accept]").unwrap();
    accepts.item(0).unwrap().unchecked_into::<HtmlElement>().click();
    settle().await;
    accepts.item(1).unwrap().unchecked_into::<HtmlElement>().click();
    settle().await;
    assert_eq!(counts("two"), (1.0, 0.0), "one answer reaches Glance");
    assert!(a.ctx.snapshot().unwrap().errors.is_empty() && b.ctx.snapshot().unwrap().errors.is_empty());
    // The ids of the two kits differ.
    let ids = js("Array.from(document.querySelectorAll('[id^=gvk]')).map(e => e.id)");
    let ids: Vec<String> = js_sys::Array::from(&ids).iter().filter_map(|v| v.as_string()).collect();
    let unique: std::collections::BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "duplicate ids: {ids:?}");
    // Unmounting a kit with open requests declines each once and removes its listeners.
    fire("visitorvideorequested", &counting_payload("v1", ""));
    fire("addguestrequested", &counting_payload("g1", ""));
    settle().await;
    drop(b);
    leptos::task::tick().await;
    assert_eq!(js_num("gvkStandIn.current.listenerCount('agents')"), 1.0);
    assert_eq!((counts("v1"), counts("g1")), ((0.0, 1.0), (0.0, 1.0)), "declined by the unmounted kit");
    drop(a);
    leptos::task::tick().await;
    assert_eq!((counts("v1"), counts("g1")), ((0.0, 1.0), (0.0, 1.0)), "never twice");
    assert_eq!(js_num("gvkStandIn.current.listenerCount()"), 0.0);
    uninstall();
}

#[wasm_bindgen_test]
async fn decode_errors_and_unknown_events_reach_the_observer() {
    install("{}");
    thread_local!(static SEEN: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) });
    let observer = Observer::new(|a| {
        if a.is_problem() {
            SEEN.with(|s| s.borrow_mut().push(a.to_string()));
        }
    });
    let m = mount_ui(GlanceSource::new(), VisitorOptions { observer: Some(observer), ..Default::default() }).await;
    fire("agents", "{count: 'many'}");
    fire("rcrequested", "{accept: 5, decline() {}}");
    settle().await;
    el("[data-gvk=rc-prompt] [data-answer=accept]").click();
    settle().await;
    let _ = m.ctx.enable_rc(true);
    let seen = SEEN.with(|s| s.borrow().clone());
    assert!(seen.iter().any(|s| s.contains("`agents` event: field `count`")), "{seen:?}");
    assert!(seen.iter().any(|s| s.contains("rcrequested") && s.contains("no `accept` function")), "{seen:?}");
    drop(m);
    uninstall();
    // Glance delivers only the names the kit listens to; other sources may send any name.
    let sim = Simulator::new();
    let observer = Observer::new(|a| SEEN.with(|s| s.borrow_mut().push(a.to_string())));
    let m = mount_ui(sim.clone(), VisitorOptions { observer: Some(observer), ..Default::default() }).await;
    sim.emit("visitorhologram", glance_visitor_kit::event::Value::Null);
    assert!(SEEN.with(|s| s.borrow().iter().any(|s| s.contains("unknown visitor event `visitorhologram`"))));
    drop(m);
}

/// A small seeded generator for the visitor's side of the storm (xorshift).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

thread_local!(static PANICS: Cell<u32> = const { Cell::new(0) });

/// Seeded storm of hostile events through the Glance binding, with visitor answers and unmounts in
/// between. `GVK_STORM_EVENTS` and `GVK_STORM_SEED` (read when the test is compiled) size and seed it:
/// `bash scripts/storm.sh 100000 [SEED]`.
#[wasm_bindgen_test]
async fn storm_of_hostile_events_leaves_a_consistent_kit() {
    let events: u32 = option_env!("GVK_STORM_EVENTS").and_then(|v| v.parse().ok()).unwrap_or(10_000);
    let seed: u64 = option_env!("GVK_STORM_SEED").and_then(|v| v.parse().ok()).unwrap_or(0x5eed_2026);
    web_sys::console::log_1(&format!("storm: {events} events, seed {seed} (GVK_STORM_SEED={seed} replays it)").into());
    // A test that failed before this one leaves the panic machinery "panicking" (wasm does not
    // unwind), and the hook cannot be changed then: that failure is reported by its own test.
    if !std::thread::panicking() {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.with(|n| n.set(n.get() + 1));
            previous(info);
        }));
    }
    install("{}");
    if js("typeof window.gvkStorm").as_string().as_deref() != Some("object") {
        js(include_str!("storm.js"));
    }
    js(&format!("gvkStorm.start({})", seed % (1 << 32)));
    js("window.gvkXss = 0");
    let mut rng = Rng(seed.max(1));
    let mount = || mount_with(GlanceSource::new(), VisitorOptions::default(), || view! { <VisitorUi /> });
    let mut m = mount();
    let started = js_sys::Date::now();
    for i in 0..events {
        js("gvkStorm.step()");
        match rng.below(100) {
            0..=5 => {
                // The visitor clicks one of the shown prompt's buttons, or presses Escape.
                if let Some(d) = q("dialog[open]") {
                    match rng.below(3) {
                        0 => key(&d, "Escape", false),
                        1 => d
                            .query_selector("[data-answer=accept]")
                            .unwrap()
                            .map(|b| b.unchecked_into::<HtmlElement>().click())
                            .is_some(),
                        _ => d
                            .query_selector("[data-answer=decline]")
                            .unwrap()
                            .map(|b| b.unchecked_into::<HtmlElement>().click())
                            .is_some(),
                    };
                }
            }
            6 if rng.below(40) == 0 => {
                drop(m);
                leptos::task::tick().await;
                m = mount();
                // The new kit subscribes in an effect: let it run before Glance fires again.
                settle().await;
            }
            _ => {}
        }
        if i % 64 == 0 {
            settle().await;
        }
    }
    settle().await;
    frames().await;
    let elapsed = js_sys::Date::now() - started;
    web_sys::console::log_1(&format!("storm: {events} events in {elapsed:.0} ms").into());
    let fail = |what: &str| format!("storm seed {seed}: {what}");

    assert_eq!(PANICS.with(Cell::get), 0, "{}", fail("a panic"));
    let thrown = js("JSON.stringify(gvkStandIn.current.thrown.slice(0, 5))").as_string().unwrap();
    assert_eq!(thrown, "[]", "{}", fail("an exception escaped into Glance's dispatcher"));
    assert_eq!(js_num("window.gvkXss"), 0.0, "{}", fail("payload text ran as script"));
    // The DOM matches the state.
    let st = m.state();
    assert!(open_dialogs() <= 1, "{}", fail("more than one prompt open"));
    match st.current_prompt() {
        Some(p) => {
            assert_eq!(attr("dialog[open]", "data-gvk").as_deref(), Some(p.kind().part()), "{}", fail("shown prompt"))
        }
        None => assert_eq!(open_dialogs(), 0, "{}", fail("a prompt open with nothing pending")),
    }
    for view in ["glance_screenshare", "glance_agentvideo"] {
        assert_eq!(
            doc().query_selector_all(&format!("iframe#{view}")).unwrap().length(),
            1,
            "{}",
            fail("one iframe per view")
        );
        let want = st.views.get(view).map(|v| v.panel()).unwrap_or(PanelState::Hidden);
        assert_eq!(
            attr(&format!("[data-gvk=screenshare-panel][data-view={view}]"), "data-state").as_deref(),
            Some(want.as_str()),
            "{}",
            fail(view)
        );
    }
    assert_eq!(attr("[data-gvk=connection-banner]", "data-state").as_deref(), Some(st.connection.as_str()));
    assert_eq!(
        attr("[data-gvk=session-widget]", "data-state").as_deref(),
        Some(st.session_view().as_str()),
        "{}",
        fail("the session widget's state")
    );
    // The error list leaves a lost connection to the banner (said once).
    let listed = st.errors.iter().filter(|e| e.error.code != glance_visitor_kit::event::ErrorCode::ConnDrop).count();
    assert_eq!(attr("[data-gvk=error-notice]", "data-count"), Some(listed.to_string()), "{}", fail("error list"));
    // Every callback was called at most once; every well-formed request exactly once while its
    // session existed (one still open at a `sessionend` may stay unanswered: its session is gone).
    js("gvkStorm.markEnded()");
    fire("sessionend", "{reason: 'agent'}");
    settle().await;
    let over = js_num(
        "gvkStorm.payloads.filter(p => Object.values(p.calls).some(n => n > 1) || \
         ((p.calls.accept || 0) + (p.calls.decline || 0)) > 1).length",
    );
    assert_eq!(over, 0.0, "{}", fail("a request answered twice"));
    let unanswered =
        js_num("gvkStorm.payloads.filter(p => p.exact && !p.atEnd && (p.calls.accept || 0) + (p.calls.decline || 0) !== 1).length");
    let requests = js_num("gvkStorm.payloads.filter(p => p.exact).length");
    assert_eq!(unanswered, 0.0, "{}", fail("a request left unanswered"));
    web_sys::console::log_1(&format!("storm: {requests} well-formed requests, each answered once").into());
    // And the kit still answers a fresh request exactly once.
    fire("rcrequested", &counting_payload("fresh", ""));
    settle().await;
    el("[data-gvk=rc-prompt] [data-answer=accept]").click();
    el("[data-gvk=rc-prompt] [data-answer=accept]").click();
    settle().await;
    assert_eq!(counts("fresh"), (1.0, 0.0), "{}", fail("the fresh request"));
    drop(m);
    leptos::task::tick().await;
    assert_eq!(js_num("gvkStandIn.current.listenerCount()"), 0.0, "{}", fail("listeners left"));
    uninstall();
}

// ---------------------------------------------------------------- indicators

#[wasm_bindgen_test]
async fn connection_banner_roles_and_no_reannouncement() {
    install("{}");
    let m = mount_with(GlanceSource::new(), VisitorOptions::default(), || view! { <ConnectionBanner /> });
    settle().await;
    let b = "[data-gvk=connection-banner]";
    assert!(
        q(&format!("{b} [role=status]")).is_some() && q(&format!("{b} [role=alert]")).is_some(),
        "regions from mount"
    );
    assert_eq!(text(b), "");
    fire("connection", "{status: 'reconnecting'}");
    settle().await;
    assert_eq!(attr(b, "data-state").as_deref(), Some("reconnecting"));
    assert_eq!(text(&format!("{b} [role=status]")), "Reconnecting to the agent…");
    assert_eq!(text(&format!("{b} [role=alert]")), "");
    // The same status again writes nothing (nothing to re-announce).
    js(&format!(
        "window.__bannerMutations = 0; new MutationObserver(r => window.__bannerMutations += r.length)\
         .observe(document.querySelector('{b}'), {{subtree: true, childList: true, characterData: true}});"
    ));
    fire("connection", "{status: 'reconnecting'}");
    settle().await;
    assert_eq!(js_num("window.__bannerMutations"), 0.0);
    fire("connection", "{status: 'ok'}");
    settle().await;
    assert_eq!(text(b), "");
    fire("connection", "{status: 'reconnecting'}");
    fire("error", "{code: 'conndrop', msg: 'Connect failed'}");
    settle().await;
    assert_eq!(attr(b, "data-state").as_deref(), Some("dropped"));
    assert_eq!(text(&format!("{b} [role=alert]")), "The connection to the agent was lost.");
    assert_eq!(text(&format!("{b} [role=status]")), "");
    assert!(!q(b).unwrap().contains(active().as_ref().map(|a| a.unchecked_ref())), "focus never moves to it");
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn agent_badge_count_label_and_names() {
    let m = mount_parts("{}").await;
    let b = "[data-gvk=agent-badge]";
    fire("agents", "{count: 3}");
    settle().await;
    assert!(is_hidden(b), "nothing outside a session");
    fire("sessionstart", "undefined");
    fire("agents", "{count: 2, agentlist: [{name: 'Ann'}, {username: 'bob'}]}");
    settle().await;
    assert!(!is_hidden(b));
    assert_eq!(text(&format!("{b} .gvk-badge-count")), "2");
    assert_eq!(attr(b, "aria-label").as_deref(), Some("2 agents viewing"));
    assert_eq!(attr(b, "title").as_deref(), Some("Ann and bob"), "a list in the catalog's words");
    assert_eq!(text(&format!("{b} li")), "Ann");
    fire("agents", "{count: 1}");
    settle().await;
    assert_eq!(attr(b, "aria-label").as_deref(), Some("1 agent viewing"));
    fire("sessionend", "{reason: 'agent'}");
    settle().await;
    assert!(is_hidden(b));
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn agent_badge_does_not_rerender_on_viewer_size() {
    let m = mount_parts("{}").await;
    fire("sessionstart", "undefined");
    fire("agents", "{count: 2}");
    settle().await;
    js("window.__badgeMutations = 0; new MutationObserver(r => window.__badgeMutations += r.length)\
        .observe(document.querySelector('[data-gvk=agent-badge]'), {subtree: true, childList: true, characterData: true, attributes: true});");
    for w in 0..50 {
        fire(
            "viewerinfo",
            &format!("{{screenshareView: 'glance_screenshare', scaledview: {{width: {}, height: 300}}}}", 400 + w),
        );
    }
    settle().await;
    assert_eq!(js_num("window.__badgeMutations"), 0.0);
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn session_indicator_key_end_confirm_and_states() {
    let m = mount_parts("{}").await;
    let s = "[data-gvk=session-indicator]";
    assert!(is_hidden(s));
    fire("sessionstarting", "undefined");
    settle().await;
    assert_eq!(attr(s, "data-state").as_deref(), Some("starting"));
    assert!(!is_hidden(&format!("{s} .gvk-spinner")));
    fire("sessionstart", "undefined");
    settle().await;
    assert_eq!(attr(s, "data-state").as_deref(), Some("active"));
    assert_eq!(text(&format!("{s} [data-gvk-key]")), "4321");
    assert!(text(s).contains("The agent is viewing your browser."));
    fire("blur", "undefined");
    settle().await;
    assert_eq!(attr(s, "data-focus").as_deref(), Some("blurred"));
    assert!(text(s).contains("continues in another tab"));
    fire("focus", "undefined");
    fire("accessibility", "{enabled: true}");
    settle().await;
    assert_eq!(attr(s, "data-focus").as_deref(), Some("focused"));
    assert!(el(s).class_list().contains("gvk-accessible"));
    fire("sessionpaused", "{paused: true}");
    settle().await;
    assert_eq!(attr(s, "data-state").as_deref(), Some("paused"));
    fire("sessionpaused", "{paused: false}");
    // End -> confirm -> stopSession once.
    el(&format!("{s} [data-action=end]")).click();
    settle().await;
    let c = "[data-gvk=end-confirm]";
    assert_eq!(attr(c, "data-state").as_deref(), Some("open"));
    assert_eq!(active().and_then(|a| a.get_attribute("data-answer")).as_deref(), Some("decline"));
    el(&format!("{c} [data-answer=decline]")).click();
    settle().await;
    assert_eq!(js_num("gvkStandIn.current.calls.stopSession"), 0.0, "keep sharing");
    el(&format!("{s} [data-action=end]")).click();
    settle().await;
    let yes = el(&format!("{c} [data-answer=accept]"));
    yes.click();
    yes.click();
    settle().await;
    assert_eq!(js_num("gvkStandIn.current.calls.stopSession"), 1.0);
    fire("sessionend", "{reason: 'visitor'}");
    settle().await;
    assert_eq!(attr(s, "data-state").as_deref(), Some("ended"));
    assert!(text(s).contains("You ended the session."));
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn start_timeout_becomes_a_visible_error() {
    let m = mount_timed("{}", 50).await;
    fire("sessionstarting", "undefined");
    sleep(150).await;
    settle().await;
    assert_eq!(attr("[data-gvk=session-widget]", "data-state").as_deref(), Some("ended"));
    assert!(text("[data-gvk=error-notice]").contains("could not start"));
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn start_while_glance_never_loads_times_out_visibly() {
    // The visitor starts while only Glance's loader stub is there, and the full script never
    // comes: the session shows as starting, then ends with an error, instead of nothing at all.
    let m = mount_timed("{stub: true}", 50).await;
    m.ctx.start_session(&StartParams::default()).unwrap();
    settle().await;
    assert_eq!(attr("[data-gvk=session-widget]", "data-state").as_deref(), Some("starting"));
    sleep(150).await;
    settle().await;
    assert_eq!(attr("[data-gvk=session-widget]", "data-state").as_deref(), Some("ended"));
    assert!(text("[data-gvk=error-notice]").contains("could not start"));
    assert_eq!(js_num("gvkStandIn.current.stubDrops.length"), 0.0, "nothing sent to the stub");
    // The script comes after all: the start the visitor was told had failed is not sent.
    js("gvkStandIn.current.upgrade()");
    settle().await;
    assert_eq!(js_num("gvkStandIn.current.calls.startSession.length"), 0.0, "the timed-out start was withdrawn");
    drop(m);
    uninstall();

    // Ending a session that only the kit knows is starting withdraws the start: no session, and
    // nothing reaches Glance when its script comes; two starts queue one call.
    install("{stub: true}");
    let m = mount_ui(GlanceSource::new(), VisitorOptions::default()).await;
    m.ctx.start_session(&StartParams { session_key: Some("1111".into()), ..Default::default() }).unwrap();
    m.ctx.stop_session().unwrap();
    settle().await;
    assert_eq!(attr("[data-gvk=session-widget]", "data-state").as_deref(), Some("hidden"));
    assert!(!is_hidden("[data-gvk=start-session] [data-action=start]"), "the start button is back");
    m.ctx.start_session(&StartParams { session_key: Some("2222".into()), ..Default::default() }).unwrap();
    m.ctx.start_session(&StartParams { session_key: Some("3333".into()), ..Default::default() }).unwrap();
    js("gvkStandIn.current.upgrade()");
    settle().await;
    assert_eq!(js("JSON.stringify(gvkStandIn.current.calls.startSession)").as_string().as_deref(), Some(r#"["3333"]"#));
    assert_eq!(js_num("gvkStandIn.current.calls.stopSession"), 0.0);
    assert!(m.state().errors.is_empty());
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn start_timeout_counts_from_glances_own_sessionstarting() {
    // The click waited for Glance's script: the timeout starts again when Glance says it starts.
    let m = mount_timed("{stub: true}", 300).await;
    m.ctx.start_session(&StartParams::default()).unwrap();
    sleep(200).await;
    js("gvkStandIn.current.upgrade()");
    fire("sessionstarting", "undefined");
    sleep(200).await;
    settle().await;
    assert_eq!(attr("[data-gvk=session-widget]", "data-state").as_deref(), Some("starting"), "400 ms after the click");
    sleep(250).await;
    settle().await;
    assert_eq!(
        attr("[data-gvk=session-widget]", "data-state").as_deref(),
        Some("ended"),
        "450 ms after sessionstarting"
    );
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn a_start_glance_answers_at_once_is_not_shown_as_starting_afterwards() {
    // A source that reports the whole (failed) start inside the call: the kit's own "starting"
    // must not come after Glance's end, nor a start timeout.
    let m = mount_timed("{}", 50).await;
    js("GLANCE.Cobrowse.Visitor.startSession = (k) => { const g = gvkStandIn.current; g.calls.startSession.push(k);
        g.fire('sessionstarting'); g.fire('error', {code: 'service', msg: 'Unable to get cobrowse settings'});
        g.fire('sessionend', {reason: 'error'}); }");
    m.ctx.start_session(&StartParams::default()).unwrap();
    settle().await;
    assert_eq!(attr("[data-gvk=session-widget]", "data-state").as_deref(), Some("ended"));
    sleep(150).await;
    settle().await;
    assert_eq!(attr("[data-gvk=session-widget]", "data-state").as_deref(), Some("ended"));
    let codes: Vec<_> = m.state().errors.iter().map(|e| e.error.code.clone()).collect();
    assert_eq!(codes, vec![glance_visitor_kit::event::ErrorCode::Service], "no start timeout after Glance's own end");
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn rc_indicator_hands_control_back_and_ends_with_session() {
    let m = mount_parts("{}").await;
    let r = "[data-gvk=rc-indicator]";
    assert_eq!(attr(r, "data-state").as_deref(), Some("off"));
    assert!(is_hidden(r));
    fire("sessionstart", "undefined");
    fire("rc", "{enabled: true}");
    settle().await;
    assert_eq!(attr(r, "data-state").as_deref(), Some("on"));
    assert!(!is_hidden(r));
    el(&format!("{r} button")).click();
    assert_eq!(js("JSON.stringify(gvkStandIn.current.calls.enableRC)").as_string().as_deref(), Some("[false]"));
    fire("sessionend", "{reason: 'agent'}");
    settle().await;
    assert_eq!(attr(r, "data-state").as_deref(), Some("off"), "no control border after the session");
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn start_session_button_and_terms() {
    let m = mount_glance("{}").await;
    let st = "[data-gvk=start-session]";
    el(&format!("{st} [data-action=start]")).click();
    settle().await;
    let t = "[data-gvk=terms-prompt]";
    assert_eq!(attr(t, "data-state").as_deref(), Some("open"));
    assert_eq!(text(&format!("#{}", attr(t, "aria-labelledby").unwrap())), "Mind if I browse with you?");
    el(&format!("{t} [data-answer=accept]")).click();
    settle().await;
    // No key of the kit's own: startSession() without one, so Glance picks (the page's visitor id,
    // its setStartParams, or a random key).
    assert_eq!(js("JSON.stringify(gvkStandIn.current.calls.startSession)").as_string().as_deref(), Some("[null]"));
    // The session shows as starting at once (before Glance says so), and the start button is gone:
    // no second session from a second click.
    assert_eq!(attr("[data-gvk=session-widget]", "data-state").as_deref(), Some("starting"));
    assert!(is_hidden(&format!("{st} [data-action=start]")), "no start button while starting");
    // After that session ended, a second opening answers again (its own id).
    fire("sessionend", "{reason: 'error'}");
    settle().await;
    assert!(!is_hidden(&format!("{st} [data-action=start]")));
    el(&format!("{st} [data-action=start]")).click();
    settle().await;
    el(&format!("{t} [data-answer=accept]")).click();
    settle().await;
    assert_eq!(js_num("gvkStandIn.current.calls.startSession.length"), 2.0);
    fire("sessionstart", "undefined");
    settle().await;
    assert!(is_hidden(&format!("{st} [data-action=start]")), "no start button in a session");
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn error_text_is_plain_text_and_dismissible() {
    let m = mount_glance("{}").await;
    let n = "[data-gvk=error-notice]";
    fire("error", r#"{code: 'weird', msg: '<img src=x onerror="window.__gvkXss=1">'}"#);
    fire("error", "{code: 'service', msg: 'Unable to get cobrowse settings (Failed to fetch)'}");
    settle().await;
    assert_eq!(attr(n, "data-count").as_deref(), Some("2"));
    assert!(q(&format!("{n} img")).is_none(), "no element created from payload text");
    assert!(text(n).contains(r#"<img src=x onerror="window.__gvkXss=1">"#));
    sleep(20).await;
    assert_eq!(js("typeof window.__gvkXss").as_string().as_deref(), Some("undefined"));
    // Newest first, with Glance's own message under the catalog text.
    let first = text(&format!("{n} li:first-child"));
    assert!(first.contains("could not be reached") && first.contains("Failed to fetch"), "{first}");
    el(&format!("{n} li:first-child [data-action=dismiss]")).click();
    settle().await;
    assert_eq!(attr(n, "data-count").as_deref(), Some("1"));
    drop(m);
    uninstall();
}

// ---------------------------------------------------------------- the session widget

const W: &str = "[data-gvk=session-widget]";

fn widget_line() -> String {
    text(&format!("{W} [data-gvk-line]"))
}

#[wasm_bindgen_test]
async fn session_widget_says_one_thing_per_state() {
    let m = mount_glance("{}").await;
    assert!(is_hidden(W), "no session: no widget");
    // One announcement per change: count what the live line receives.
    js("window.__lineChanges = 0; new MutationObserver(r => window.__lineChanges += 1)\
        .observe(document.querySelector('[data-gvk=session-widget] [data-gvk-line]'), {subtree: true, childList: true, characterData: true});");
    fire("sessionstarting", "undefined");
    settle().await;
    assert_eq!((attr(W, "data-state").as_deref(), widget_line().as_str()), (Some("starting"), "Session starting…"));
    fire("sessionstart", "undefined");
    settle().await;
    // Waiting: never "0 agents", and the key large.
    assert_eq!(attr(W, "data-state").as_deref(), Some("waiting"));
    assert_eq!(widget_line(), "Waiting for the agent to join…");
    assert!(!widget_line().contains('0'));
    assert!(!is_hidden(&format!("{W} [data-gvk-key-prominent]")));
    assert_eq!(text(&format!("{W} [data-gvk-key]")), "4321");
    let changes_before = js_num("window.__lineChanges");
    fire("agents", "{count: 1, agentlist: [{name: 'Ann'}]}");
    fire("agents", "{count: 1, agentlist: [{name: 'Ann'}]}");
    fire("viewerinfo", "{screenshareView: 'glance_screenshare', scaledview: {width: 500, height: 300}}");
    settle().await;
    assert_eq!((attr(W, "data-state").as_deref(), widget_line().as_str()), (Some("viewing"), "1 agent viewing"));
    assert_eq!(js_num("window.__lineChanges") - changes_before, 1.0, "the agent joining is announced once");
    // The key moves into the details.
    assert!(is_hidden(&format!("{W} [data-gvk-key-prominent]")));
    el(&format!("{W} [data-action=details]")).click();
    settle().await;
    assert_eq!(attr(&format!("{W} [data-action=details]"), "aria-expanded").as_deref(), Some("true"));
    assert_eq!(text(&format!("{W} [data-gvk-details] .gvk-key")), "4321");
    assert_eq!(text(&format!("{W} [data-gvk-details] li")), "Ann");
    // Control: one line, one action.
    fire("rc", "{enabled: true}");
    settle().await;
    assert_eq!(
        (attr(W, "data-state").as_deref(), widget_line().as_str()),
        (Some("controlling"), "The agent is controlling this page")
    );
    assert!(el(&format!("{W} [data-gvk-border]")).class_list().contains("gvk-page-border--control"));
    el(&format!("{W} [data-action=take-back]")).click();
    assert_eq!(js("JSON.stringify(gvkStandIn.current.calls.enableRC)").as_string().as_deref(), Some("[false]"));
    fire("rc", "{enabled: false}");
    fire("connection", "{status: 'reconnecting'}");
    settle().await;
    assert_eq!(attr(W, "data-state").as_deref(), Some("reconnecting"));
    fire("connection", "{status: 'ok'}");
    fire("sessionpaused", "{paused: true}");
    settle().await;
    assert_eq!(attr(W, "data-state").as_deref(), Some("paused"));
    fire("sessionpaused", "{paused: false}");
    // The session moves to another tab: said once, and no border around a page the agent cannot see.
    fire("blur", "undefined");
    settle().await;
    assert_eq!(
        (attr(W, "data-state").as_deref(), widget_line().as_str()),
        (Some("elsewhere"), "The session continues in another tab or window.")
    );
    assert!(is_hidden(&format!("{W} [data-gvk-border]")));
    fire("focus", "undefined");
    settle().await;
    assert_eq!(attr(W, "data-state").as_deref(), Some("viewing"));
    assert!(!is_hidden(&format!("{W} [data-gvk-border]")));
    // The border never catches a click nor takes room.
    let border = js("getComputedStyle(document.querySelector('[data-gvk=session-widget] [data-gvk-border]'))");
    assert_eq!(js_sys::Reflect::get(&border, &"pointerEvents".into()).unwrap().as_string().as_deref(), Some("none"));
    assert_eq!(js_sys::Reflect::get(&border, &"position".into()).unwrap().as_string().as_deref(), Some("fixed"));
    // End -> confirm -> stopSession once; then the end.
    el(&format!("{W} [data-action=end]")).click();
    settle().await;
    el(&format!("{W} [data-gvk=end-confirm] [data-answer=accept]")).click();
    settle().await;
    assert_eq!(js_num("gvkStandIn.current.calls.stopSession"), 1.0);
    fire("sessionend", "{reason: 'visitor'}");
    settle().await;
    assert_eq!((attr(W, "data-state").as_deref(), widget_line().as_str()), (Some("ended"), "You ended the session."));
    assert!(is_hidden(&format!("{W} [data-gvk-border]")), "no border after the session");
    // A dropped connection is said once: in the banner, not again in the error list.
    fire("error", "{code: 'conndrop', msg: 'gone'}");
    settle().await;
    assert_eq!(attr("[data-gvk=connection-banner]", "data-state").as_deref(), Some("dropped"));
    assert_eq!(attr("[data-gvk=error-notice]", "data-count").as_deref(), Some("0"));
    // Dismissed after the end; a session continued on the next page shows it again.
    el(&format!("{W} [data-action=dismiss]")).click();
    settle().await;
    assert!(is_hidden(W));
    fire("sessioncontinue", "undefined");
    settle().await;
    assert!(!is_hidden(W), "a new session shows the widget again");
    assert_eq!(attr(W, "data-state").as_deref(), Some("waiting"));
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn session_widget_moves_by_keyboard_drag_and_the_agent_within_the_viewport() {
    let m = mount_glance("{inSession: true}").await;
    settle().await;
    finish_animations().await;
    let at = || {
        let r = el(W).get_bounding_client_rect();
        (r.left(), r.top(), r.width(), r.height())
    };
    let (x0, y0, w, h) = at();
    let handle = el(&format!("{W} .gvk-widget-handle"));
    handle.focus().unwrap();
    key(&handle, "ArrowUp", true);
    key(&handle, "ArrowLeft", true);
    settle().await;
    let (x1, y1, _, _) = at();
    let near = |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 1.0 && (a.1 - b.1).abs() < 1.0;
    assert!(near((x1, y1), (x0 - 10.0, y0 - 10.0)), "Shift + arrows move it: {:?}", (x0, y0, x1, y1));
    // The agent drags it: deltas (left right-positive, bottom up-positive).
    fire("widgetmoving", "{left: -40, bottom: 30}");
    settle().await;
    let (x2, y2, _, _) = at();
    assert!(near((x2, y2), (x1 - 40.0, y1 - 30.0)), "{:?}", (x1, y1, x2, y2));
    // Never outside the viewport, whatever the agent asks.
    fire("widgetmoving", "{left: -99999, bottom: 99999}");
    settle().await;
    let (x3, y3, _, _) = at();
    assert_eq!((x3, y3), (0.0, 0.0));
    // A pointer drag.
    let pointer = |target: &web_sys::EventTarget, t: &str, x: i32, y: i32, id: i32| {
        let init = web_sys::PointerEventInit::new();
        init.set_client_x(x);
        init.set_client_y(y);
        init.set_bubbles(true);
        init.set_pointer_id(id);
        target.dispatch_event(&web_sys::PointerEvent::new_with_event_init_dict(t, &init).unwrap()).unwrap();
    };
    let down = |t: &str, x: i32, y: i32| pointer(&handle, t, x, y, 1);
    let body: web_sys::EventTarget = doc().body().unwrap().into();
    down("pointerdown", 5, 5);
    // The moves reach another element (no pointer capture, as chromedriver's input gives none):
    // the drag follows them on the window; another pointer's move does not count.
    pointer(&body, "pointermove", 65, 35, 1);
    settle().await;
    assert!(near((at().0, at().1), (60.0, 30.0)), "a move over another element drags: {:?}", at());
    pointer(&body, "pointermove", 300, 300, 2);
    down("pointermove", 105, 55);
    pointer(&body, "pointerup", 105, 55, 1);
    settle().await;
    let (x4, y4, w4, h4) = at();
    assert!(near((x4, y4), (100.0, 50.0)), "{:?}", (x4, y4));
    pointer(&body, "pointermove", 205, 155, 1);
    settle().await;
    assert!(near((at().0, at().1), (100.0, 50.0)), "after pointerup, a move does nothing: {:?}", at());
    let (vw, vh) = (js_num("innerWidth"), js_num("innerHeight"));
    assert!(x4 + w4 <= vw && y4 + h4 <= vh && w4 > 0.0 && h4 > 0.0 && w > 0.0 && h > 0.0, "inside the viewport");
    drop(m);
    uninstall();
}

// ---------------------------------------------------------------- screen-share panels

const PANEL: &str = "[data-gvk=screenshare-panel][data-view=glance_screenshare]";

#[wasm_bindgen_test]
async fn iframes_exist_before_any_event() {
    let sim = Simulator::new().with_time_scale(0.0);
    let m = mount_ui(sim, VisitorOptions::default()).await;
    for id in ["glance_screenshare", "glance_agentvideo"] {
        let f = el(&format!("iframe#{id}"));
        assert_eq!(f.get_attribute("data-independent-content").as_deref(), Some("1"));
        assert!(f.get_attribute("title").is_some_and(|t| !t.is_empty()));
        assert!(f.hidden());
        assert!(f.get_attribute("src").is_none(), "the kit never sets src");
    }
    assert_eq!(attr(PANEL, "data-state").as_deref(), Some("hidden"));
    drop(m);
}

#[wasm_bindgen_test]
async fn panel_show_pause_resume_hide_keeps_the_same_iframe() {
    let m = mount_glance("{}").await;
    let frame = el("iframe#glance_screenshare");
    let state = || attr(PANEL, "data-state");
    fire("screenshare", "{screenshareView: 'glance_screenshare', state: 'new', paused: false}");
    settle().await;
    assert_eq!(state().as_deref(), Some("visible"));
    assert!(!frame.hidden());
    for (pause, resume) in [("screensharepause", "screenshareresume"), ("screensharepaused", "screenshareresumed")] {
        fire(pause, "{screenshareView: 'glance_screenshare'}");
        settle().await;
        assert_eq!(state().as_deref(), Some("paused"));
        assert!(frame.hidden());
        assert!(text(&format!("{PANEL} .gvk-panel-paused")).contains("Paused by the agent"));
        fire(resume, "{screenshareView: 'glance_screenshare'}");
        settle().await;
        assert_eq!(state().as_deref(), Some("visible"));
    }
    fire("screenshare", "{screenshareView: 'glance_screenshare', state: 'continued', paused: true}");
    settle().await;
    assert_eq!(state().as_deref(), Some("paused"));
    fire("screenshare", "{screenshareView: 'glance_screenshare', state: 'ended', paused: false}");
    settle().await;
    assert_eq!(state().as_deref(), Some("hidden"));
    fire("screenshare", "{screenshareView: 'glance_screenshare', state: 'error', paused: false}");
    settle().await;
    assert_eq!(state().as_deref(), Some("hidden"));
    assert!(text("[data-gvk=error-notice]").contains("screen share failed"));
    assert!(el("iframe#glance_screenshare").is_same_node(Some(&frame)), "never re-created");
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn viewerinfo_sizes_the_frame() {
    let m = mount_with(
        {
            install("{}");
            GlanceSource::new()
        },
        VisitorOptions::default(),
        || view! { <ScreensharePanel max_width=800.0 max_height=800.0 show_stats=true /> },
    );
    settle().await;
    let frame = el("iframe#glance_screenshare");
    // Before screenshare.
    fire("viewerinfo", "{screenshareView: 'glance_screenshare', scaledview: {width: 1600, height: 900}}");
    fire("screenshare", "{screenshareView: 'glance_screenshare', state: 'new', paused: false}");
    settle().await;
    frames().await;
    assert_eq!(frame.get_attribute("style").as_deref(), Some("width: 800px; height: 450px;"));
    // After: screen only is used when there is no scaled view; bad sizes are ignored.
    fire("viewerinfo", "{screenshareView: 'glance_screenshare', scaledview: {width: 640, height: 480}}");
    fire("viewerinfo", "{screenshareView: 'glance_screenshare', scaledview: {width: -5, height: 480}}");
    fire("viewerinfo", "{screenshareView: 'glance_screenshare', scaledview: {width: NaN, height: 480}}");
    fire("viewerinfo", "{screenshareView: 'glance_screenshare', scaledview: {width: 0, height: 0}}");
    fire("viewerinfo", "{screenshareView: 'glance_screenshare', scaledview: {width: 1e12, height: 5}}");
    fire(
        "viewerinfo",
        "{screenshareView: 'glance_screenshare', glance_viewer: {stats: {fpslimit: 10, viewerfps: 8, displayfps: 7}}}",
    );
    settle().await;
    frames().await;
    assert_eq!(frame.get_attribute("style").as_deref(), Some("width: 640px; height: 480px;"));
    assert_eq!(text("[data-gvk-stats]"), "7 / 8 fps (limit 10)");
    drop(m);
    uninstall();
}

/// Microtasks only (no timer can run in between).
async fn microtasks(n: usize) {
    for _ in 0..n {
        let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&JsValue::NULL)).await;
    }
}

#[wasm_bindgen_test]
async fn glance_iframes_come_after_the_first_render_or_at_once_in_a_session() {
    const FRAMES: [&str; 3] = ["iframe#glance_screenshare", "iframe#glance_agentvideo", "iframe#glance_video_0"];
    // Not in a session: the first render has none (it stays cheap); the next task adds them.
    install("{}");
    let m = mount_with(GlanceSource::new(), VisitorOptions::default(), || view! { <VisitorUi /> });
    assert!(FRAMES.iter().all(|f| q(f).is_none()), "not in the first render");
    microtasks(50).await;
    assert!(FRAMES.iter().all(|f| q(f).is_none()), "not before a task has passed");
    settle().await;
    for f in FRAMES {
        let frame = q(f).unwrap_or_else(|| panic!("{f} after the first task"));
        assert_eq!(frame.get_attribute("data-independent-content").as_deref(), Some("1"));
    }
    drop(m);
    uninstall();
    // A page opened mid-session: there as soon as the kit has bound, before any timer.
    install("{inSession: true}");
    let m = mount_with(GlanceSource::new(), VisitorOptions::default(), || view! { <VisitorUi /> });
    microtasks(50).await;
    assert!(FRAMES.iter().all(|f| q(f).is_some()), "in a session, without waiting for a task");
    drop(m);
    uninstall();
    // A session that starts before the task: at once too.
    install("{}");
    let m = mount_with(GlanceSource::new(), VisitorOptions::default(), || view! { <VisitorUi /> });
    microtasks(10).await;
    fire("sessionstarting", "undefined");
    microtasks(50).await;
    assert!(FRAMES.iter().all(|f| q(f).is_some()), "a starting session");
    drop(m);
    uninstall();
}

/// The seeded event mix of `viewerinfo_bursts_merge_to_the_same_state_in_order`, as a JS
/// expression: `gen(seed)` gives `[name, payload]` pairs, the same ones for the same seed.
const VIEWERINFO_MIX: &str = r#"(function gen(seed) {
  let x = seed >>> 0;
  const rnd = (n) => { x = (x * 1103515245 + 12345) >>> 0; return (x >>> 8) % n; };
  const size = () => ({ width: 1 + rnd(2000), height: 1 + rnd(1500) });
  const out = [];
  for (let i = 0; i < 3000; i++) {
    const view = ["glance_screenshare", "agentvideo", "other"][rnd(3)];
    const r = rnd(100);
    if (r < 60) {
      const p = { screenshareView: view };
      if (rnd(2)) p.screen = size();
      if (rnd(3)) p.scaledview = size();
      out.push(["viewerinfo", p]);
    } else if (r < 70) {
      // The shape Glance's script sends: stats at the top level, any subset of the rates.
      const stats = {};
      if (rnd(2)) stats.viewerfps = rnd(30);
      if (rnd(2)) stats.fpslimit = 10 + rnd(20);
      if (rnd(2)) stats.displayfps = rnd(3) ? rnd(30) : 0.5;
      const p = { screenshareView: view, stats };
      if (rnd(2)) p.scaledview = size();
      out.push(["viewerinfo", p]);
    } else if (r < 72) {
      out.push(["viewerinfo", { screenshareView: view, glance_viewer: { stats: { viewerfps: rnd(30) } } }]);
    } else if (r < 78) {
      const bad = [
        { screenshareView: view, scaledview: { width: -5, height: 3 } },
        { screenshareView: view, scaledview: { width: NaN, height: 3 } },
        { screenshareView: view, screen: { width: 1e12, height: 3 } },
        { screenshareView: view, screen: { width: 4 } },
        { screenshareView: view, screen: { width: "4", height: 4 } },
        { screenshareView: view, screen: null, scaledview: size() },
        { screenshareView: "", scaledview: size() },
        { scaledview: size() },
        { screenshareView: view, scaledview: [4, 4] },
        { screenshareView: view, scaledview: Object.assign(Object.create(null), size()) },
        Object.assign(Object.create({ inherited: 1 }), { screenshareView: view, scaledview: size() }),
        { screenshareView: view, scaledview: size(), extra: { deep: true } },
        { screenshareView: view, scaledview: Object.assign(size(), { extra: 1 }) },
        undefined,
        7,
        { screenshareView: view, stats: { viewerfps: -1 } },
        { screenshareView: view, stats: { viewerfps: NaN } },
        { screenshareView: view, stats: { viewerfps: Infinity } },
        { screenshareView: view, stats: { viewerfps: null, fpslimit: 3 } },
        { screenshareView: view, stats: null, scaledview: size() },
        { screenshareView: view, stats: [1] },
        { screenshareView: view, screen: undefined, scaledview: size() },
        Object.assign({ screenshareView: view, scaledview: size() }, { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }),
        { screenshareView: "\uD800", scaledview: size() },
        { screenshareView: "\uDC00", scaledview: size() },
      ];
      out.push(["viewerinfo", bad[rnd(bad.length)]]);
    } else if (r < 88) {
      out.push(["agents", { count: rnd(4) }]);
    } else if (r < 96) {
      out.push(["connection", { status: rnd(2) ? "ok" : "reconnecting" }]);
    } else {
      out.push(["blur", undefined]);
    }
  }
  return out;
})"#;

#[wasm_bindgen_test]
async fn viewerinfo_bursts_merge_to_the_same_state_in_order() {
    thread_local! {
        static SEEN: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    SEEN.with(|s| s.borrow_mut().clear());
    let observer = Observer::new(|a| {
        let line = match a {
            Activity::Event(e) => e.name().to_owned(),
            Activity::Malformed(e) => format!("malformed {}", e.event),
            _ => return,
        };
        SEEN.with(|s| s.borrow_mut().push(line));
    });
    install("{}");
    js("window.__uncaught = 0; window.__onErr = () => window.__uncaught++; window.addEventListener('error', window.__onErr);");
    let m = mount_ui(GlanceSource::new(), VisitorOptions { observer: Some(observer), ..Default::default() }).await;
    for seed in [1u32, 2, 3, 4] {
        SEEN.with(|s| s.borrow_mut().clear());
        // The reference starts where the kit is (the seeds before left views behind).
        let mut reference = m.state();
        js(&format!(
            "window.__seq = {VIEWERINFO_MIX}({seed}); for (const [n, p] of window.__seq) gvkStandIn.current.fire(n, p);"
        ));
        settle().await;
        // The reference: every event decoded and applied one by one, from the same seed.
        let fresh = js(&format!("{VIEWERINFO_MIX}({seed})")).unchecked_into::<js_sys::Array>();
        let mut expected_others = Vec::new();
        let mut fired_viewerinfo = 0;
        for pair in fresh.iter() {
            let pair = pair.unchecked_into::<js_sys::Array>();
            let name = pair.get(0).as_string().unwrap();
            match decode_js(&name, &pair.get(1)) {
                Ok(ev) => {
                    reference.apply(ev).send();
                    if name != "viewerinfo" {
                        expected_others.push(name.clone());
                    }
                }
                Err(e) => expected_others.push(format!("malformed {}", e.event)),
            }
            fired_viewerinfo += usize::from(name == "viewerinfo");
        }
        let state = m.state();
        assert_eq!(state.views.keys().collect::<Vec<_>>(), reference.views.keys().collect::<Vec<_>>(), "seed {seed}");
        for (name, view) in &reference.views {
            let got = &state.views[name];
            assert_eq!(
                (got.screen, got.scaled, got.stats),
                (view.screen, view.scaled, view.stats),
                "seed {seed}, view {name}"
            );
        }
        assert_eq!((state.agents, state.connection), (reference.agents, reference.connection), "seed {seed}");
        // Every other event, and every malformed viewerinfo, is seen once and in order; the valid
        // viewer sizes arrive merged (fewer events than were fired).
        let seen = SEEN.with(|s| s.borrow().clone());
        let others: Vec<String> = seen.iter().filter(|n| *n != "viewerinfo").cloned().collect();
        assert_eq!(others, expected_others, "seed {seed}");
        let merged = seen.len() - others.len();
        web_sys::console::log_1(
            &format!("seed {seed}: {fired_viewerinfo} viewerinfo fired, {merged} delivered after merging").into(),
        );
        assert!(merged > 0 && merged < fired_viewerinfo, "seed {seed}: {merged} of {fired_viewerinfo}");
    }
    // Order against other names: a size then an agent count arrive in that order.
    SEEN.with(|s| s.borrow_mut().clear());
    fire("viewerinfo", "{screenshareView: 'glance_screenshare', scaledview: {width: 10, height: 20}}");
    fire("agents", "{count: 1}");
    fire("viewerinfo", "{screenshareView: 'glance_screenshare', screen: {width: 30, height: 40}}");
    settle().await;
    assert_eq!(SEEN.with(|s| s.borrow().clone()), ["viewerinfo", "agents", "viewerinfo"]);
    let view = m.state().views["glance_screenshare"].clone();
    assert_eq!(
        (view.scaled.map(|s| (s.width, s.height)), view.screen.map(|s| (s.width, s.height))),
        (Some((10.0, 20.0)), Some((30.0, 40.0)))
    );
    // A getter on a plainly valid payload is read once.
    js("window.__reads = 0");
    fire(
        "viewerinfo",
        "{screenshareView: 'glance_screenshare', get scaledview() { window.__reads++; return {width: 11, height: 12}; }}",
    );
    settle().await;
    assert_eq!(js_num("window.__reads"), 1.0);
    assert_eq!(m.state().views["glance_screenshare"].scaled.map(|s| s.width), Some(11.0));
    // Fields are own properties: a polluted Object.prototype adds none (the kit reports the size
    // as incomplete, exactly as when each payload is decoded on its own).
    SEEN.with(|s| s.borrow_mut().clear());
    js("Object.prototype.width = 10; try { gvkStandIn.current.fire('viewerinfo', \
        {screenshareView: 'glance_screenshare', screen: {height: 5}}); } finally { delete Object.prototype.width; }");
    settle().await;
    assert_eq!(SEEN.with(|s| s.borrow().clone()), ["malformed viewerinfo"]);
    assert_eq!(m.state().views["glance_screenshare"].screen.map(|s| s.width), Some(30.0), "unchanged");
    // Unmounting with a merge pending: nothing is delivered, nothing throws.
    fire("viewerinfo", "{screenshareView: 'glance_screenshare', scaledview: {width: 99, height: 99}}");
    drop(m);
    settle().await;
    assert_eq!(js_num("window.__uncaught"), 0.0);
    assert_eq!(js_num("gvkStandIn.current.thrown.length"), 0.0);
    js("window.removeEventListener('error', window.__onErr)");
    uninstall();
}

#[wasm_bindgen_test]
async fn viewerinfo_burst_costs_one_style_write() {
    let m = mount_glance("{}").await;
    fire("screenshare", "{screenshareView: 'glance_screenshare', state: 'new', paused: false}");
    settle().await;
    frames().await;
    js("window.__styleWrites = 0; new MutationObserver(r => window.__styleWrites += r.length)\
        .observe(document.getElementById('glance_screenshare'), {attributes: true, attributeFilter: ['style']});");
    js("for (let i = 0; i < 1000; i++) gvkStandIn.current.fire('viewerinfo', \
        {screenshareView: 'glance_screenshare', scaledview: {width: 300 + (i % 200), height: 200}});");
    settle().await;
    frames().await;
    let writes = js_num("window.__styleWrites");
    web_sys::console::log_1(&format!("style writes for 1000 viewerinfo events in one tick: {writes}").into());
    assert_eq!(writes, 1.0);
    assert_eq!(
        attr("iframe#glance_screenshare", "style").as_deref(),
        Some("width: 499px; height: 200px;"),
        "the newest size"
    );
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn panel_moves_with_keyboard_and_keeps_position_across_minimise() {
    let m = mount_glance("{}").await;
    fire("screenshare", "{screenshareView: 'glance_screenshare', state: 'new', paused: false}");
    settle().await;
    finish_animations().await;
    let panel = el(PANEL);
    let at = || {
        let r = panel.get_bounding_client_rect();
        (r.left(), r.top())
    };
    let (x0, y0) = at();
    let handle = el(&format!("{PANEL} .gvk-panel-handle"));
    handle.focus().unwrap();
    key(&handle, "ArrowLeft", true);
    key(&handle, "ArrowDown", true);
    key(&handle, "ArrowLeft", false); // without Shift: nothing
    settle().await;
    assert_eq!(at(), (x0 - 10.0, y0 + 10.0), "10 px a key press");
    let moved = at();
    el(&format!("{PANEL} [data-action=minimise]")).click();
    settle().await;
    assert!(panel.class_list().contains("gvk-panel--minimised"));
    assert_eq!(attr(&format!("{PANEL} [data-action=minimise]"), "aria-expanded").as_deref(), Some("false"));
    assert!(el("iframe#glance_screenshare").is_connected(), "minimising keeps the iframe");
    el(&format!("{PANEL} [data-action=minimise]")).click();
    settle().await;
    assert_eq!(at(), moved, "the position survives minimise");
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn unknown_and_malformed_events_leave_the_ui_consistent() {
    let m = mount_glance("{}").await;
    fire("sessionstart", "undefined");
    fire("agents", "{count: 2}");
    fire("agents", "{count: 'lots'}");
    fire("connection", "{status: 'maybe'}");
    fire("visitorhologramrequested", "{accept() {}, decline() {}}");
    fire("viewerinfo", "undefined");
    settle().await;
    let s = m.state();
    assert_eq!(s.agents.count, 2);
    assert_eq!(s.connection, Connection::Ok);
    assert_eq!(text("[data-gvk=session-widget] [data-gvk-line]"), "2 agents viewing");
    drop(m);
    uninstall();
}

// ---------------------------------------------------------------- Glance's shipped loader and core

/// Waits (up to 2 s) until `cond` is true.
async fn until(cond: impl Fn() -> bool) -> bool {
    for _ in 0..100 {
        if cond() {
            return true;
        }
        sleep(20).await;
    }
    cond()
}

#[wasm_bindgen_test]
async fn kit_start_on_a_loader_only_page_has_glance_load_its_core() {
    // A page view without a session: only Glance's loader. The kit's own Start button, then
    // Accept on the terms, has the loader insert the core, and the start runs once it has loaded.
    let m = mount_glance("{stub: true, visitorId: 'visitor-42'}").await;
    assert_eq!(js_num("gvkStandIn.current.coreLoads"), 0.0, "nothing loads the core by itself");
    el("[data-gvk=start-session] [data-action=start]").click();
    settle().await;
    assert_eq!(js_num("gvkStandIn.current.coreLoads"), 0.0, "the terms come first");
    el("[data-gvk=terms-prompt] [data-answer=accept]").click();
    settle().await;
    assert_eq!(js_num("gvkStandIn.current.coreLoads"), 1.0, "Loader.load inserted #glance_visitor");
    assert!(q("script#glance_visitor").is_some());
    assert_eq!(attr("[data-gvk=session-widget]", "data-state").as_deref(), Some("starting"));
    assert_eq!(js_num("gvkStandIn.current.calls.startSession.length"), 0.0, "not before the core");
    js("gvkStandIn.current.upgrade()");
    settle().await;
    // No key of the kit's own: `startSession()` without an argument, so the tag's
    // data-visitorid becomes the session key (never GLANCE_KEYTYPE_RANDOM over it).
    assert_eq!(js("JSON.stringify(gvkStandIn.current.calls.startSession)").as_string().as_deref(), Some("[null]"));
    assert_eq!(js_str("gvkStandIn.current.started[0].sessionKey"), "visitor-42");
    assert_eq!(js_num("gvkStandIn.current.stubDrops.length"), 0.0);
    assert_eq!(js_num("gvkStandIn.current.defaultUiLoads"), 0.0);
    assert!(m.state().errors.is_empty());
    drop(m);
    uninstall();

    // Glance's own `showTerms` triggers (data-glancebutton="showTerms", keyboard shortcuts) call
    // VisitorUI.showTerms on the loader-only page: the kit's terms, then a session, the same way;
    // a core that loads on its own after a while, and a whole start.
    install("{stub: true, core: 30, autoSession: true}");
    let m = mount_ui(GlanceSource::new(), VisitorOptions::default()).await;
    js("GLANCE.Cobrowse.VisitorUI.showTerms()");
    settle().await;
    el("[data-gvk=terms-prompt] [data-answer=accept]").click();
    assert!(until(|| attr("[data-gvk=session-widget]", "data-state").as_deref() == Some("waiting")).await, "a session");
    assert_eq!(js_str("gvkStandIn.current.started[0].sessionKey"), "GLANCE_KEYTYPE_RANDOM", "Glance's own choice");
    assert_eq!((js_num("gvkStandIn.current.coreLoads"), js_num("gvkStandIn.current.defaultUiLoads")), (1.0, 0.0));
    assert!(m.state().errors.is_empty(), "{:?}", m.state().errors);
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn start_params_of_the_page_apply_when_the_kit_has_no_key() {
    // setStartParams (the page's, or a chat window's through InvokeVisitor) applies to the kit's
    // start without a key; name or email go as an object without a sessionKey, so the tag's
    // data-visitorid still applies.
    let m = mount_glance("{visitorId: 'v-7'}").await;
    js("GLANCE.Cobrowse.Visitor.setStartParams({sessionKey: 'from-page', name: 'Ann'})");
    m.ctx.start_session(&StartParams::default()).unwrap();
    settle().await;
    assert_eq!(
        js("JSON.stringify(gvkStandIn.current.started[0])").as_string().as_deref(),
        Some(r#"{"sessionKey":"from-page","name":"Ann"}"#)
    );
    fire("sessionend", "{reason: 'visitor'}");
    m.ctx.start_session(&StartParams { name: Some("Ben".into()), ..Default::default() }).unwrap();
    settle().await;
    assert_eq!(
        js("JSON.stringify(gvkStandIn.current.calls.startSession[1])").as_string().as_deref(),
        Some(r#"{"name":"Ben"}"#)
    );
    assert_eq!(js_str("gvkStandIn.current.started[1].sessionKey"), "v-7");
    fire("sessionend", "{reason: 'visitor'}");
    m.ctx.start_session(&StartParams { session_key: Some("555".into()), ..Default::default() }).unwrap();
    settle().await;
    assert_eq!(js_str("gvkStandIn.current.started[2].sessionKey"), "555");
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn a_dropped_stub_call_is_a_warning_and_a_failed_core_ends_the_start() {
    thread_local!(static WARNINGS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) });
    let observer = Observer::new(|a| {
        if let Activity::Warning(w) = a {
            WARNINGS.with(|s| s.borrow_mut().push(w.clone()));
        }
    });
    // The page's own start button is pressed again while the core loads: Glance's loader drops
    // that call with `scriptloadfailed` (the same payload as a real failure). Nothing failed for
    // the visitor: no error, the kit's own start still runs, the integrator hears of it.
    install("{stub: true}");
    let m = mount_ui(GlanceSource::new(), VisitorOptions { observer: Some(observer), ..Default::default() }).await;
    m.ctx.start_session(&StartParams { session_key: Some("9090".into()), ..Default::default() }).unwrap();
    settle().await;
    js("GLANCE.Cobrowse.Visitor.startSession()");
    assert_eq!(js_num("gvkStandIn.current.stubDrops.length"), 1.0);
    sleep(20).await;
    settle().await;
    assert!(m.state().errors.is_empty(), "{:?}", m.state().errors);
    assert_eq!(attr("[data-gvk=session-widget]", "data-state").as_deref(), Some("starting"));
    assert!(WARNINGS.with(|w| w.borrow().iter().any(|w| w.contains("SCRIPT_NOT_LOADED:Visitor"))));
    js("gvkStandIn.current.upgrade()");
    settle().await;
    assert_eq!(js("JSON.stringify(gvkStandIn.current.calls.startSession)").as_string().as_deref(), Some(r#"["9090"]"#));
    drop(m);
    uninstall();

    // The core's tag fails to load: one clear error, and the start ends at once (not after the
    // start timeout); a later Start fails at once too.
    install("{stub: true, core: 'fail'}");
    let m = mount_ui(GlanceSource::new(), VisitorOptions::default()).await;
    m.ctx.start_session(&StartParams::default()).unwrap();
    assert!(until(|| attr("[data-gvk=session-widget]", "data-state").as_deref() == Some("ended")).await);
    settle().await;
    let codes: Vec<_> = m.state().errors.iter().map(|e| e.error.code.clone()).collect();
    assert_eq!(codes, vec![glance_visitor_kit::event::ErrorCode::ScriptLoadFailed]);
    assert!(text("[data-gvk=error-notice]").contains("could not"), "{}", text("[data-gvk=error-notice]"));
    assert_eq!(js_num("gvkStandIn.current.coreLoads"), 1.0);
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn a_prompt_open_at_sessionend_is_closed_without_an_answer() {
    // Glance's callbacks need the session: after `sessionend` they throw. A prompt still open then
    // is over: closed, nothing called, no "could not send your answer" error.
    let m = mount_glance("{}").await;
    fire("sessionstart", "undefined");
    for name in ["rcrequested", "visitorvideorequested", "addguestrequested"] {
        js(&format!(
            "window.__req = gvkStandIn.current.request('{name}'); gvkStandIn.current.fire('{name}', window.__req)"
        ));
    }
    settle().await;
    assert_eq!(open_dialogs(), 1);
    fire("sessionend", "{reason: 'agent'}");
    settle().await;
    assert_eq!(open_dialogs(), 0);
    assert_eq!(js("JSON.stringify(gvkStandIn.current.answers)").as_string().as_deref(), Some("[]"));
    assert!(m.state().requests.is_empty());
    assert!(m.state().errors.is_empty(), "{:?}", m.state().errors);
    assert_eq!(js_num("gvkStandIn.current.thrown.length"), 0.0);
    // While the session exists, a request is still answered exactly once, also when the kit closes
    // it (unmount).
    fire("sessionstart", "undefined");
    js("window.__req = gvkStandIn.current.request('rcrequested'); gvkStandIn.current.fire('rcrequested', window.__req)");
    settle().await;
    drop(m);
    leptos::task::tick().await;
    assert_eq!(
        js("JSON.stringify(gvkStandIn.current.answers)").as_string().as_deref(),
        Some(r#"[["rcrequested","decline"]]"#)
    );
    uninstall();
}

#[wasm_bindgen_test]
async fn glance_shapes_of_the_shipped_core_reach_the_state() {
    // Read on binding in the middle of a session: accessibility, connection and visitor video too.
    let m = mount_glance(
        "{inSession: true, stateReceived: true, sessionState: {accessibility: {enabled: true},
          connection: {status: 'reconnecting'}, visitorvideo: {video: 'large', camerastatus: 'available'},
          screenshare: {glance_screenshare: {state: 'continued', params: {width: '1280', height: '720'}}}}}",
    )
    .await;
    let s = m.state();
    assert!(s.flags.accessibility);
    assert_eq!(s.connection, Connection::Reconnecting);
    assert_eq!(s.media.video.size, glance_visitor_kit::event::VideoSize::Large);
    let view = s.views.get("glance_screenshare").cloned().unwrap_or_default();
    assert_eq!(view.params, Some(glance_visitor_kit::event::Size { width: 1280.0, height: 720.0 }), "string sizes");
    // showTerms during a session does nothing (Glance's own UI ignores it; a start would be refused).
    js("GLANCE.Cobrowse.VisitorUI.showTerms()");
    settle().await;
    assert_ne!(attr("[data-gvk=terms-prompt]", "data-state").as_deref(), Some("open"));
    // The visitor's self-view is the <video muted playsinline> Glance draws into.
    let preview = el("#glance_videopreview");
    assert_eq!(preview.tag_name(), "VIDEO");
    assert!(preview.unchecked_ref::<web_sys::HtmlMediaElement>().muted());
    assert!(preview.has_attribute("playsinline") && preview.has_attribute("muted"));
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn widgetmoved_snaps_the_bar_to_the_corner_says_so_and_keeps_it_on_the_next_page() {
    js("sessionStorage.removeItem('gvk-widget-corner')");
    let m = mount_glance("{inSession: true}").await;
    fire("agents", "{count: 1}");
    settle().await;
    let widget = "[data-gvk=session-widget]";
    let rect = || {
        let r = el(widget).get_bounding_client_rect();
        (r.left(), r.top(), r.right(), r.bottom())
    };
    let (vw, vh) = (js_num("innerWidth"), js_num("innerHeight"));
    fire("widgetmoved", "{left: true, bottom: false}");
    settle().await;
    frames().await;
    finish_animations().await;
    let (l, t, _, _) = rect();
    assert!((l - 16.0).abs() < 1.0 && (t - 16.0).abs() < 1.0, "top left: {:?}", rect());
    assert_eq!(text(&format!("{widget} [data-gvk-moved]")), "The agent moved the cobrowse bar to the top left.");
    fire("widgetmoved", "{left: false}");
    settle().await;
    frames().await;
    let (_, t, r, _) = rect();
    assert!((vw - r - 16.0).abs() < 1.0 && (t - 16.0).abs() < 1.0, "top right: {:?} in {vw}", rect());
    assert_eq!(text(&format!("{widget} [data-gvk-moved]")), "The agent moved the cobrowse bar to the top right.");
    // The next page of the session (the kit mounted again, the session continues): same corner.
    drop(m);
    let m = mount_glance("{inSession: true}").await;
    settle().await;
    frames().await;
    finish_animations().await;
    let (_, t, r, _) = rect();
    assert!((vw - r - 16.0).abs() < 1.0 && (t - 16.0).abs() < 1.0, "kept: {:?}", rect());
    assert_eq!(text(&format!("{widget} [data-gvk-moved]")), "", "said once, on the page where it moved");
    // The session ends: the next one starts where the kit puts it.
    fire("sessionend", "{reason: 'agent'}");
    settle().await;
    assert_eq!(js("sessionStorage.getItem('gvk-widget-corner')").as_string(), None);
    fire("sessionstarting", "undefined");
    fire("sessionstart", "undefined");
    settle().await;
    let (_, _, _, b) = rect();
    assert!(b > vh / 2.0, "back at the bottom: {:?}", rect());
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn hostile_payloads_never_throw_into_glances_dispatcher() {
    // Revoked proxies and throwing getters, as whole payloads and as nested fields, fired at every
    // subscribed event: nothing is thrown back into the code that fired them, and the next good
    // event still shows.
    let m = mount_glance("{}").await;
    js("window.__hostile = () => {
          const r = Proxy.revocable({}, {}); r.revoke();
          const t = new Proxy({}, {get() { throw new Error('get'); }, ownKeys() { throw new Error('keys'); },
                                   getOwnPropertyDescriptor() { throw new Error('desc'); }, has() { throw new Error('has'); }});
          const r2 = Proxy.revocable([], {}); r2.revoke();
          return [r.proxy, t, {agentlist: r2.proxy, count: 1}, {screenshareView: 'glance_screenshare', screen: r.proxy},
                  {screenshareView: t}, {stats: t, screenshareView: 'glance_screenshare'}, {params: r.proxy, code: 'x'},
                  {get accept() { throw new Error('accept'); }}];
        }");
    let names: Vec<&str> = subscribed_names().collect();
    for name in &names {
        js(&format!("for (const p of __hostile()) gvkStandIn.current.fire('{name}', p)"));
    }
    settle().await;
    assert_eq!(js("JSON.stringify(gvkStandIn.current.thrown)").as_string().as_deref(), Some("[]"));
    fire("sessionstart", "undefined");
    fire("agents", "{count: 3}");
    settle().await;
    assert_eq!(text("[data-gvk=session-widget] [data-gvk-line]"), "3 agents viewing");
    drop(m);
    uninstall();
}

// ---------------------------------------------------------------- masking

/// A page without any masking script (one a kit left behind from an earlier test included).
fn reset_masking() {
    js("if (window.gvkMasking) window.gvkMasking.uninstall(); delete window.gvkMasking; delete window.GLANCE_COBROWSE;
        for (const id of ['gvk-masking', 'gvk-masking-hint']) document.getElementById(id)?.remove();");
}

/// Inserts gvk-masking.js into `<head>` as a page has it, with these `data-*` attributes.
fn insert_masking_script(attributes: &[(&str, &str)]) -> web_sys::Element {
    let script = doc().create_element("script").unwrap();
    for (name, value) in attributes {
        script.set_attribute(name, value).unwrap();
    }
    script.set_text_content(Some(glance_visitor_kit::masking::SCRIPT));
    doc().head().unwrap().append_child(&script).unwrap();
    script
}

/// `await GLANCE_COBROWSE.getMaskingDescriptor(arg)` as JSON (what Glance's core receives).
async fn descriptor(arg: &str) -> String {
    let p = js(&format!(
        "Promise.resolve(window.GLANCE_COBROWSE.getMaskingDescriptor({arg})).then(d => JSON.stringify(d))"
    ));
    let v = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(p)).await.expect("never rejects");
    v.as_string().unwrap()
}

fn masking_options() -> glance_visitor_kit::masking::MaskingOptions {
    use glance_visitor_kit::masking::{MaskingCallback, MaskingDescriptor, MaskingOptions};
    MaskingOptions {
        masked: vec!["#card".into()],
        unmasked: vec![".card-brand".into()],
        // The account number: only for supervisors (masked unless every agent is one). A trainee
        // gets the notes masked too.
        by_agents: Some(MaskingCallback::new(|agents| {
            let roles: Vec<&str> =
                agents.map(|a| a.agents.iter().filter_map(|x| x.agentrole.as_deref()).collect()).unwrap_or_default();
            let supervisors = !roles.is_empty() && roles.iter().all(|r| *r == "supervisor");
            let mut masked = Vec::new();
            if !supervisors {
                masked.push("#account".to_owned());
            }
            if roles.contains(&"trainee") {
                masked.push("#notes".to_owned());
            }
            MaskingDescriptor { masked, unmasked: vec![] }
        })),
        fallback: vec!["#account".into(), "#notes".into()],
    }
}

thread_local!(static MASK_WARNINGS: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) });

fn masking_observer() -> Observer {
    Observer::new(|a| {
        if let Activity::Warning(w) = a {
            MASK_WARNINGS.with(|s| s.borrow_mut().push(w.clone()));
        }
    })
}

#[wasm_bindgen_test]
async fn masking_descriptor_for_agents_and_roles_merged_with_the_page_and_removed_on_unmount() {
    reset_masking();
    // The page defined a descriptor of its own before the kit came.
    js("window.GLANCE_COBROWSE = { getMaskingDescriptor: async () => ({ maskedelements: ['#page-own'], unmaskedelements: ['.page-show'] }) };
        window.__pageOwn = window.GLANCE_COBROWSE.getMaskingDescriptor;");
    let options = VisitorOptions { masking: masking_options(), ..Default::default() };
    let m = mount_with(Simulator::new(), options, || view! { <VisitorUi /> });
    settle().await;
    assert!(q("script#gvk-masking").is_some(), "no gvk-masking.js on the page: the kit put it in");
    // Before any agent: the attribute, the page's part, the kit's selectors and its callback's.
    assert_eq!(
        descriptor("{agents: null}").await,
        r##"{"maskedelements":["[data-gvk-private]","#page-own","#card","#account"],"unmaskedelements":[".page-show",".card-brand"]}"##
    );
    // Glance's agent lists, with each agent's `agentrole`.
    let one = |role: &str| format!("{{agents: {{count: 1, agentlist: [{{name: 'A', agentrole: '{role}'}}]}}}}");
    assert_eq!(
        descriptor(&one("supervisor")).await,
        r##"{"maskedelements":["[data-gvk-private]","#page-own","#card"],"unmaskedelements":[".page-show",".card-brand"]}"##
    );
    assert_eq!(
        descriptor(&one("trainee")).await,
        r##"{"maskedelements":["[data-gvk-private]","#page-own","#card","#account","#notes"],"unmaskedelements":[".page-show",".card-brand"]}"##
    );
    let mixed = "{agents: {count: 2, agentlist: [{agentrole: 'supervisor'}, {agentrole: 'agent'}]}}";
    assert!(descriptor(mixed).await.contains(r##""#account""##), "one agent who is not a supervisor: masked");
    // Unmounting removes what the kit installed: the page's own descriptor is back.
    drop(m);
    settle().await;
    assert_eq!(js("window.GLANCE_COBROWSE.getMaskingDescriptor === window.__pageOwn").as_bool(), Some(true));
    assert_eq!(js("typeof window.gvkMasking").as_string().as_deref(), Some("undefined"));
    assert!(q("script#gvk-masking").is_none());
    js("delete window.GLANCE_COBROWSE");
}

#[wasm_bindgen_test]
async fn masking_never_fails_open() {
    reset_masking();
    MASK_WARNINGS.with(|w| w.borrow_mut().clear());
    // A page descriptor that throws, a kit callback that answers invalid selectors, odd agents.
    js("window.GLANCE_COBROWSE = { getMaskingDescriptor() { throw new Error('page bug'); } };");
    use glance_visitor_kit::masking::{MaskingCallback, MaskingDescriptor, MaskingOptions};
    let masking = MaskingOptions {
        masked: vec!["#card".into(), "div[".into()],
        unmasked: vec![],
        by_agents: Some(MaskingCallback::new(|_| MaskingDescriptor {
            masked: vec!["#ok".into(), ":::nonsense".into(), "".into()],
            unmasked: vec![],
        })),
        fallback: vec!["#acct".into()],
    };
    let options = VisitorOptions { masking, observer: Some(masking_observer()), ..Default::default() };
    let m = mount_with(Simulator::new(), options, || view! { <VisitorUi /> });
    settle().await;
    let d = descriptor("{agents: null}").await;
    // Invalid selectors left out.
    assert_eq!(d, r##"{"maskedelements":["[data-gvk-private]","#card","#ok"],"unmaskedelements":[]}"##);
    // Odd agents values: the role callback cannot answer, so its fallback masks apply.
    for odd in ["{agents: 7}", "{agents: [1]}", "{agents: {count: 'many'}}", "{agents: {count: 1, agentlist: 5}}", "5"]
    {
        let d = descriptor(odd).await;
        assert_eq!(d, r##"{"maskedelements":["[data-gvk-private]","#card","#acct"],"unmaskedelements":[]}"##, "{odd}");
    }
    assert!(descriptor("undefined").await.contains("#ok"), "no argument: as before any agent");
    // A page descriptor that answers nonsense, or a promise that rejects.
    js("window.gvkMasking.uninstall(); window.GLANCE_COBROWSE.getMaskingDescriptor = () => Promise.reject(new Error('late bug'));");
    drop(m);
    settle().await;
    let options =
        VisitorOptions { masking: masking_options(), observer: Some(masking_observer()), ..Default::default() };
    let m = mount_with(Simulator::new(), options, || view! { <VisitorUi /> });
    settle().await;
    assert!(descriptor("{agents: null}").await.contains(r##""#card","#account""##));
    let warnings = MASK_WARNINGS.with(|w| w.borrow().clone());
    for needle in [
        "page's own getMaskingDescriptor threw",
        "div[",
        ":::nonsense",
        "agents were not understood",
        "not an agent list",
        "late bug",
    ] {
        assert!(warnings.iter().any(|w| w.contains(needle)), "no warning about {needle}: {warnings:?}");
    }
    drop(m);
    settle().await;
    js("delete window.GLANCE_COBROWSE");
}

#[wasm_bindgen_test]
async fn the_masking_script_answers_before_the_kit_and_waits_for_it_a_bounded_time() {
    reset_masking();
    // gvk-masking.js before Glance's tag, as a page has it, with static masks and a short wait.
    let script = insert_masking_script(&[
        ("data-mask", "#card, input[name='cvc']"),
        ("data-mask-fallback", "#account"),
        ("data-wait", "150"),
    ]);
    // No kit within the wait: the static masks, and a warning.
    let started = js_sys::Date::now();
    let d = descriptor("{agents: null}").await;
    assert_eq!(
        d,
        r##"{"maskedelements":["[data-gvk-private]","#card","input[name='cvc']","#account"],"unmaskedelements":[]}"##
    );
    assert!(js_sys::Date::now() - started >= 140.0, "it waited for the kit");
    assert!(js_num("gvkMasking.warnings.length") >= 1.0);
    // The page defines a descriptor of its own after the script: the kit's coming merges it too.
    js("window.GLANCE_COBROWSE.getMaskingDescriptor = () => ({ maskedelements: ['#late-own'] })");
    let pending = js("window.gvkMasking.getMaskingDescriptor({agents: null}).then(d => JSON.stringify(d))");
    let options = VisitorOptions { masking: masking_options(), ..Default::default() };
    let m = mount_with(Simulator::new(), options, || view! { <VisitorUi /> });
    let d = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::from(pending)).await.unwrap().as_string().unwrap();
    assert!(d.contains(r##""#card","input[name='cvc']","#late-own","#account""##), "{d}");
    assert_eq!(js("GLANCE_COBROWSE.getMaskingDescriptor === gvkMasking.getMaskingDescriptor").as_bool(), Some(true));
    assert!(q("script#gvk-masking").is_none(), "the page's own script is used");
    // Unmounting withdraws the kit's part only: the page's script stays and answers alone (with
    // its fallback masks, as before the kit came).
    drop(m);
    settle().await;
    assert_eq!(
        js_str("JSON.stringify(gvkMasking.compute(null))"),
        r##"{"maskedelements":["[data-gvk-private]","#card","input[name='cvc']","#account"],"unmaskedelements":[]}"##
    );
    js("gvkMasking.uninstall(); delete window.GLANCE_COBROWSE");
    script.remove();
}

#[wasm_bindgen_test]
async fn masked_parts_carry_a_hint_while_a_session_runs() {
    let sim = Simulator::new();
    let masking =
        glance_visitor_kit::masking::MaskingOptions { masked: vec!["#gvk-test-sel".into()], ..Default::default() };
    let m = mount_with(sim.clone(), VisitorOptions { masking, ..Default::default() }, || {
        view! {
            <VisitorUi />
            <Masked><input id="gvk-test-card" /></Masked>
            <p id="gvk-test-bal" data-gvk-private="">"42"</p>
            <p id="gvk-test-sel">"masked by selector"</p>
        }
    });
    settle().await;
    let outline = |sel: &str| js_str(&format!("getComputedStyle(document.querySelector('{sel}')).outlineStyle"));
    let hint = || js_str("getComputedStyle(document.querySelector('#gvk-test-bal'), '::after').content");
    assert_eq!(attr("#gvk-test-card", "id").as_deref(), Some("gvk-test-card"));
    assert!(el("#gvk-test-card").parent_element().unwrap().has_attribute("data-gvk-private"));
    assert_eq!(outline("#gvk-test-bal"), "none", "no hint outside a session");
    assert_eq!(hint(), "none");
    sim.emit("sessionstart", glance_visitor_kit::event::Value::Null);
    settle().await;
    assert!(js("document.documentElement.hasAttribute('data-gvk-session')").as_bool().unwrap());
    assert_eq!(outline("#gvk-test-bal"), "dashed");
    assert!(hint().contains("Hidden from the agent"), "{}", hint());
    // Parts masked by selector show it too, once Glance has asked for the descriptor.
    let _ = descriptor("{agents: null}").await;
    settle().await;
    assert_eq!(outline("#gvk-test-sel"), "dashed");
    m.ctx.set_messages(Messages::german());
    settle().await;
    assert!(hint().contains("Für den Agenten verborgen"), "{}", hint());
    sim.emit("sessionend", glance_visitor_kit::event::Value::Null);
    settle().await;
    assert_eq!(outline("#gvk-test-bal"), "none");
    assert_eq!(outline("#gvk-test-sel"), "none");
    drop(m);
    settle().await;
    assert!(!js("document.documentElement.hasAttribute('data-gvk-session')").as_bool().unwrap());
    assert!(q("#gvk-masking-hint").is_none(), "the kit's inserted script went, with its hint rules");
}

#[wasm_bindgen_test]
async fn reconnecting_is_said_once_in_the_visitor_ui() {
    let m = mount_glance("{inSession: true}").await;
    fire("agents", "{count: 1}");
    fire("connection", "{status: 'reconnecting'}");
    settle().await;
    // Every live region of the page that says it (status, alert, aria-live).
    let saying = js_num(
        "Array.from(document.querySelectorAll('[role=status], [role=alert], [aria-live]'))
           .filter(e => !e.querySelector('[role=status], [role=alert], [aria-live]') && e.textContent.includes('Reconnecting')).length",
    );
    assert_eq!(saying, 1.0, "one live region says it");
    assert_eq!(text("[data-gvk=session-widget] [data-gvk-line]"), "Reconnecting to the agent…");
    assert_eq!(attr("[data-gvk=connection-banner]", "data-state").as_deref(), Some("reconnecting"));
    // The lost connection is still said, in the banner (the alert).
    fire("error", "{code: 'conndrop', msg: 'Connect failed'}");
    settle().await;
    assert_eq!(text("[data-gvk=connection-banner] [role=alert]"), "The connection to the agent was lost.");
    drop(m);
    uninstall();
}

#[wasm_bindgen_test]
async fn the_masking_script_survives_hostile_pages_and_two_kits_share_it() {
    reset_masking();
    let script = insert_masking_script(&[("data-mask", "#card"), ("data-wait", "150")]);
    let options = || VisitorOptions { masking: masking_options(), ..Default::default() };
    let a = mount_with(Simulator::new(), options(), || view! { <VisitorUi /> });
    settle().await;
    // A page descriptor that never settles: answered within the wait, without its part.
    js("window.GLANCE_COBROWSE.getMaskingDescriptor = () => new Promise(() => {})");
    let started = js_sys::Date::now();
    assert!(descriptor("{agents: null}").await.contains(r##""#card""##));
    assert!(js_sys::Date::now() - started < 1000.0, "answered within the wait");
    // A page descriptor that wraps the one it replaced (a common pattern): no recursion.
    js("const prev = window.GLANCE_COBROWSE.getMaskingDescriptor = window.gvkMasking.getMaskingDescriptor;
        window.GLANCE_COBROWSE.getMaskingDescriptor = async (a) => {
          const d = await prev(a); return { maskedelements: [...d.maskedelements, '#wrapped'], unmaskedelements: [] }; };");
    let d = descriptor("{agents: null}").await;
    assert!(d.contains("#wrapped") && d.contains("#card"), "{d}");
    assert_eq!(d.matches("#card").count(), 1, "{d}");
    // A page answer that throws when read, revoked proxies: never a throw, never a hang.
    js("window.GLANCE_COBROWSE.getMaskingDescriptor = () => ({ get maskedelements() { throw new Error('x'); } })");
    assert!(descriptor("{agents: null}").await.contains(r##""#card""##));
    js("window.GLANCE_COBROWSE.getMaskingDescriptor = () => ({ maskedelements: [Object.create(null), '#ok'] })");
    assert!(descriptor("{agents: null}").await.contains(r##""#ok""##));
    let revoked =
        descriptor("(() => { const r = Proxy.revocable({}, {}); r.revoke(); return {agents: r.proxy}; })()").await;
    assert!(revoked.contains("#account"), "odd agents: the fallback masks: {revoked}");
    // A new GLANCE_COBROWSE object with a descriptor of its own: adopted when asked.
    js("window.GLANCE_COBROWSE = { getMaskingDescriptor: () => ({ maskedelements: ['#fresh'] }) }");
    js("window.gvkMasking.provide(null)");
    assert!(descriptor("{agents: null}").await.contains(r##""#fresh""##));
    assert_eq!(js("GLANCE_COBROWSE.getMaskingDescriptor === gvkMasking.getMaskingDescriptor").as_bool(), Some(true));
    // Two kits: the second one's part stays when the first unmounts.
    let b = mount_beside(
        Simulator::new(),
        VisitorOptions {
            masking: glance_visitor_kit::masking::MaskingOptions {
                masked: vec!["#second".into()],
                ..Default::default()
            },
            ..Default::default()
        },
        || (),
    );
    settle().await;
    assert!(js_str("JSON.stringify(gvkMasking.compute(null))").contains("#second"));
    drop(a);
    settle().await;
    let d = js_str("JSON.stringify(gvkMasking.compute(null))");
    assert!(d.contains("#second") && !d.contains(".card-brand"), "{d}");
    drop(b);
    settle().await;
    js("gvkMasking.uninstall(); delete window.GLANCE_COBROWSE");
    script.remove();
}

#[wasm_bindgen_test]
async fn a_core_the_page_itself_had_loaded_that_fails_is_shown_and_a_share_request_ends_with_its_session() {
    // The page's own start button (a stub call, not the kit's) inserts Glance's core, which fails
    // at once: the kit saw the tag's error and shows it (it is not a dropped call).
    let m = mount_glance("{stub: true, core: 'fail'}").await;
    js("GLANCE.Cobrowse.Visitor.startSession()");
    assert!(until(|| !m.state().errors.is_empty()).await, "the failure is shown");
    let codes: Vec<_> = m.state().errors.iter().map(|e| e.error.code.clone()).collect();
    assert_eq!(codes, vec![glance_visitor_kit::event::ErrorCode::ScriptLoadFailed]);
    drop(m);
    uninstall();

    // A visitor screen-share request waits for Glance's video scripts; the session ends meanwhile:
    // the request is over (Glance's callbacks would throw), nothing is shown or answered.
    let m = mount_glance("{}").await;
    let loader = doc().create_element("script").unwrap();
    loader.set_attribute("type", "text/x-not-run").unwrap();
    loader.set_attribute("id", "glance-cobrowse").unwrap();
    loader.set_attribute("src", "/gvk-nowhere/cobrowse/js/GlanceCobrowseLoader_6.33.0M.js").unwrap();
    doc().body().unwrap().append_child(&loader).unwrap();
    fire("sessionstart", "undefined");
    fire("visitorscreensharerequested", &counting_payload("vs3", ""));
    fire("sessionend", "{reason: 'agent'}");
    sleep(400).await;
    settle().await;
    assert_eq!(counts("vs3"), (0.0, 0.0), "not answered after its session");
    assert!(m.state().errors.is_empty(), "{:?}", m.state().errors);
    assert_eq!(q("[data-gvk=screenshare-prompt][data-state=open]"), None);
    loader.remove();
    drop(m);
    uninstall();
}
