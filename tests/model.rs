//! Native tests of the event model: decoding from JSON fixtures shaped like the spec, the state after
//! each event, and property tests over random event sequences.
#![cfg(not(target_arch = "wasm32"))]

use std::cell::RefCell;
use std::rc::Rc;

use glance_visitor_kit::event::*;
use glance_visitor_kit::state::*;
use proptest::prelude::*;

fn json(text: &str) -> Value {
    serde_json::from_str(text).expect("fixture is JSON")
}

fn decode(name: &str, payload: &str) -> Result<VisitorEvent, DecodeError> {
    VisitorEvent::decode_value(name, &json(payload))
}

fn ok(name: &str, payload: &str) -> VisitorEvent {
    decode(name, payload).unwrap_or_else(|e| panic!("{name} {payload}: {e}"))
}

fn err(name: &str, payload: &str) -> DecodeError {
    match decode(name, payload) {
        Err(e) => e,
        Ok(ev) => panic!("{name} {payload} decoded to {ev:?}"),
    }
}

/// A log of every answer given by responders made with [`log_responder`].
type Log = Rc<RefCell<Vec<(u32, Answer)>>>;

fn log_responder(log: &Log, id: u32) -> Responder {
    let (a, d) = (log.clone(), log.clone());
    Responder::from_fns(
        move || a.borrow_mut().push((id, Answer::Accept)),
        move || d.borrow_mut().push((id, Answer::Decline)),
    )
}

fn applied(events: &[(&str, &str)]) -> VisitorState {
    let mut s = VisitorState::new();
    for (name, payload) in events {
        s.apply(ok(name, payload));
    }
    s
}

// ---- decoding: every event name ----

#[test]
fn payloadless_events_accept_missing_null_and_extra_payloads() {
    for (name, want) in [
        ("sessionstarting", VisitorEvent::SessionStarting),
        ("sessionstart", VisitorEvent::SessionStart),
        ("sessioncontinue", VisitorEvent::SessionContinue),
        ("statereceived", VisitorEvent::StateReceived),
        ("blur", VisitorEvent::Blur),
        ("focus", VisitorEvent::Focus),
        ("reverseended", VisitorEvent::ReverseEnded),
        ("ready", VisitorEvent::Ready),
    ] {
        for payload in ["null", "{}", r#"{"extra":1}"#] {
            assert_eq!(ok(name, payload), want, "{name} {payload}");
        }
        assert_eq!(VisitorEvent::decode_value(name, &Value::Null).unwrap(), want);
        assert_eq!(err(name, "5").problem, Problem::WrongType { expected: "object", found: "number" });
    }
}

#[test]
fn sessionend_reasons() {
    assert_eq!(ok("sessionend", r#"{"reason":"agent"}"#), VisitorEvent::SessionEnd { reason: Some(EndReason::Agent) });
    assert_eq!(
        ok("sessionend", r#"{"reason":"visitor"}"#),
        VisitorEvent::SessionEnd { reason: Some(EndReason::Visitor) }
    );
    assert_eq!(ok("sessionend", r#"{"reason":"error"}"#), VisitorEvent::SessionEnd { reason: Some(EndReason::Error) });
    assert_eq!(
        ok("sessionend", r#"{"reason":"idle"}"#),
        VisitorEvent::SessionEnd { reason: Some(EndReason::Other("idle".into())) }
    );
    assert_eq!(ok("sessionend", "null"), VisitorEvent::SessionEnd { reason: None });
    let e = err("sessionend", r#"{"reason":3}"#);
    assert_eq!((e.event.as_str(), e.field.as_str()), ("sessionend", "reason"));
}

#[test]
fn error_codes_and_params() {
    for (code, want) in [
        ("service", ErrorCode::Service),
        ("conndrop", ErrorCode::ConnDrop),
        ("dupkey", ErrorCode::DupKey),
        ("maskingerror", ErrorCode::MaskingError),
        ("scriptloadfailed", ErrorCode::ScriptLoadFailed),
        ("weird", ErrorCode::Other("weird".into())),
    ] {
        let VisitorEvent::Error(e) = ok("error", &format!(r#"{{"code":"{code}","msg":"m"}}"#)) else { panic!() };
        assert_eq!(e.code, want);
        assert_eq!(e.msg, "m");
    }
    let VisitorEvent::Error(e) =
        ok("error", r#"{"code":"conndrop","msg":"Connect failed WS_ERROR:error","params":{"server":"127.0.0.1"}}"#)
    else {
        panic!()
    };
    assert_eq!(e.server.as_deref(), Some("127.0.0.1"));
    let VisitorEvent::Error(e) = ok("error", r#"{"code":"scriptloadfailed","params":{"script":"x.js"}}"#) else {
        panic!()
    };
    assert_eq!(e.script.as_deref(), Some("x.js"));
    assert_eq!(e.msg, "");
    // conndrop without params (Glance's own UI throws on this one)
    let VisitorEvent::Error(e) = ok("error", r#"{"code":"conndrop","msg":"gone"}"#) else { panic!() };
    assert_eq!(e.server, None);
    assert_eq!(err("error", r#"{"code":"service","msg":7}"#).field, "msg");
}

#[test]
fn agents_count_and_list() {
    assert_eq!(ok("agents", r#"{"count":2}"#), VisitorEvent::Agents { count: 2, agentlist: None });
    let VisitorEvent::Agents { count, agentlist: Some(list) } =
        ok("agents", r#"{"count":1,"agentlist":[{"guestid":1,"name":"Agent Smith","role":"agent","partnerid":42}]}"#)
    else {
        panic!()
    };
    assert_eq!(count, 1);
    assert_eq!(list[0].display_name(), Some("Agent Smith"));
    assert_eq!(list[0].partnerid.as_deref(), Some("42"));
    let e = err("agents", r#"{"count":"2"}"#);
    assert_eq!((e.event.as_str(), e.field.as_str()), ("agents", "count"));
    assert_eq!(e.problem, Problem::WrongType { expected: "number", found: "string" });
    assert_eq!(err("agents", r#"{"count":-1}"#).problem, Problem::OutOfRange("-1".into()));
    assert_eq!(err("agents", r#"{"count":1.5}"#).field, "count");
    assert_eq!(err("agents", "{}").problem, Problem::Missing);
    assert_eq!(err("agents", r#"{"count":1,"agentlist":[{"name":5}]}"#).field, "agentlist.0.name");
    assert_eq!(err("agents", r#"{"count":1,"agentlist":{}}"#).field, "agentlist");
}

#[test]
fn prompts_decode_with_or_without_functions() {
    let VisitorEvent::RcRequested { selective, responder } = ok("rcrequested", "{}") else { panic!() };
    assert!(!selective);
    assert_eq!(responder.accept(), Err(RespondError::Missing(Answer::Accept)));
    let VisitorEvent::RcRequested { selective, .. } = ok("rcrequested", r#"{"selective":true}"#) else { panic!() };
    assert!(selective);
    assert!(matches!(ok("reverseconfirm", "null"), VisitorEvent::ReverseConfirm { .. }));
    assert!(matches!(ok("urlstartwarning", "{}"), VisitorEvent::UrlStartWarning { .. }));
    assert_eq!(err("rcrequested", r#"{"selective":"yes"}"#).field, "selective");
}

#[test]
fn flags() {
    assert_eq!(ok("rc", r#"{"enabled":true}"#), VisitorEvent::Rc { enabled: true });
    assert_eq!(ok("accessibility", r#"{"enabled":false}"#), VisitorEvent::Accessibility { enabled: false });
    assert_eq!(ok("sessionpaused", r#"{"paused":true}"#), VisitorEvent::SessionPaused { paused: true });
    assert_eq!(err("rc", "{}").problem, Problem::Missing);
    assert_eq!(err("accessibility", r#"{"enabled":1}"#).field, "enabled");
}

#[test]
fn connection_status() {
    assert_eq!(ok("connection", r#"{"status":"ok"}"#), VisitorEvent::Connection { status: ConnectionStatus::Ok });
    assert_eq!(
        ok("connection", r#"{"status":"reconnecting"}"#),
        VisitorEvent::Connection { status: ConnectionStatus::Reconnecting }
    );
    let e = err("connection", r#"{"status":"maybe"}"#);
    assert_eq!((e.field.as_str(), e.problem.clone()), ("status", Problem::UnknownValue("maybe".into())));
    assert_eq!(e.to_string(), "`connection` event: field `status`: unknown value \"maybe\"");
}

#[test]
fn screenshare_states_and_fields() {
    for (s, want) in [
        ("new", ShareState::New),
        ("continued", ShareState::Continued),
        ("ended", ShareState::Ended),
        ("still-ended", ShareState::StillEnded),
        ("error", ShareState::Error),
        ("still-error", ShareState::StillError),
    ] {
        let VisitorEvent::Screenshare(info) =
            ok("screenshare", &format!(r#"{{"screenshareView":"glance_agentvideo","state":"{s}","paused":false}}"#))
        else {
            panic!()
        };
        assert_eq!((info.view.as_str(), info.state), ("glance_agentvideo", want));
    }
    let VisitorEvent::Screenshare(info) = ok(
        "screenshare",
        r#"{"screenshareView":"custom_view","state":"new","paused":true,"agentnum":2,"params":{"width":640,"height":480}}"#,
    ) else {
        panic!()
    };
    assert!(info.paused);
    assert_eq!(info.agentnum, Some(2.0));
    assert_eq!(info.size, Some(Size { width: 640.0, height: 480.0 }));
    assert_eq!(err("screenshare", r#"{"screenshareView":"v","state":"later"}"#).field, "state");
    assert_eq!(err("screenshare", r#"{"state":"new"}"#).field, "screenshareView");
}

#[test]
fn pause_and_resume_both_spellings() {
    for name in ["screensharepause", "screensharepaused"] {
        assert_eq!(
            ok(name, r#"{"screenshareView":"glance_screenshare"}"#),
            VisitorEvent::ScreensharePause { view: SCREENSHARE_VIEW.into() }
        );
    }
    for name in ["screenshareresume", "screenshareresumed"] {
        assert_eq!(
            ok(name, r#"{"screenshareView":"glance_screenshare"}"#),
            VisitorEvent::ScreenshareResume { view: SCREENSHARE_VIEW.into() }
        );
    }
    assert_eq!(err("screensharepaused", "{}").field, "screenshareView");
}

#[test]
fn viewerinfo_any_subset() {
    let VisitorEvent::ViewerInfo(v) = ok(
        "viewerinfo",
        r#"{"screenshareView":"glance_screenshare","screen":{"width":1920,"height":1080},
            "scaledview":{"width":1600,"height":900},
            "glance_viewer":{"stats":{"fpslimit":10,"viewerfps":8.5,"displayfps":7}}}"#,
    ) else {
        panic!()
    };
    assert_eq!(v.screen, Some(Size { width: 1920.0, height: 1080.0 }));
    assert_eq!(v.scaledview, Some(Size { width: 1600.0, height: 900.0 }));
    assert_eq!(v.stats, Some(ViewerStats { fpslimit: Some(10.0), viewerfps: Some(8.5), displayfps: Some(7.0) }));
    let VisitorEvent::ViewerInfo(v) = ok("viewerinfo", r#"{"screenshareView":"x"}"#) else { panic!() };
    assert_eq!((v.screen, v.scaledview, v.stats), (None, None, None));
    assert_eq!(err("viewerinfo", r#"{"screenshareView":"x","screen":{"width":-5,"height":3}}"#).field, "screen.width");
    assert_eq!(
        err("viewerinfo", r#"{"screenshareView":"x","scaledview":{"width":0,"height":3}}"#).field,
        "scaledview.width"
    );
    assert_eq!(err("viewerinfo", r#"{"screenshareView":"x","screen":{"width":1e9,"height":3}}"#).field, "screen.width");
    assert_eq!(err("viewerinfo", r#"{"screenshareView":"x","screen":{"width":5}}"#).field, "screen.height");
    assert_eq!(
        err("viewerinfo", r#"{"screenshareView":"x","glance_viewer":{"stats":{"viewerfps":"fast"}}}"#).field,
        "glance_viewer.stats.viewerfps"
    );
    // NaN can only come from JS; build the Value by hand.
    let nan = Value::Object(vec![
        ("screenshareView".into(), Value::String("x".into())),
        (
            "screen".into(),
            Value::Object(vec![("width".into(), Value::Number(f64::NAN)), ("height".into(), Value::Number(1.0))]),
        ),
    ]);
    assert_eq!(VisitorEvent::decode_value("viewerinfo", &nan).unwrap_err().field, "screen.width");
}

#[test]
fn unknown_names_are_kept() {
    let ev = ok("visitorvideorequested", r#"{"a":[1,"b"]}"#);
    let VisitorEvent::Unknown { name, raw } = &ev else { panic!() };
    assert_eq!(name, "visitorvideorequested");
    assert_eq!(raw.to_string(), r#"{"a":[1,"b"]}"#);
    assert_eq!(ev.name(), "visitorvideorequested");
    // a non-object payload of an unknown event is fine too
    assert!(matches!(ok("leavesession", "42"), VisitorEvent::Unknown { .. }));
}

#[test]
fn every_subscribed_name_decodes_to_a_known_variant() {
    for name in EVENT_NAMES {
        // Minimal valid payloads.
        let payload = match *name {
            "sessionend" | "error" | "rcrequested" | "reverseconfirm" | "urlstartwarning" => "{}",
            "agents" => r#"{"count":0}"#,
            "rc" | "accessibility" => r#"{"enabled":true}"#,
            "sessionpaused" => r#"{"paused":true}"#,
            "screenshare" => r#"{"screenshareView":"v","state":"new"}"#,
            "connection" => r#"{"status":"ok"}"#,
            "screensharepause" | "screensharepaused" | "screenshareresume" | "screenshareresumed" | "viewerinfo" => {
                r#"{"screenshareView":"v"}"#
            }
            _ => "null",
        };
        let ev = ok(name, payload);
        assert!(!matches!(ev, VisitorEvent::Unknown { .. }), "{name}");
        let canonical = match *name {
            "screensharepaused" => "screensharepause",
            "screenshareresumed" => "screenshareresume",
            other => other,
        };
        assert_eq!(ev.name(), canonical);
    }
}

// ---- the reducer ----

#[test]
fn session_lifecycle() {
    let mut s = VisitorState::new();
    assert_eq!(s.phase, SessionPhase::Idle);
    s.apply(ok("sessionstarting", "null"));
    assert_eq!(s.phase, SessionPhase::Starting);
    s.apply(ok("sessionstart", "null"));
    s.apply(ok("sessioncontinue", "null"));
    assert_eq!(s.phase, SessionPhase::Active { continued: false });
    s.apply(ok("statereceived", "null"));
    assert!(s.state_received);
    s.apply(ok("sessionend", r#"{"reason":"agent"}"#));
    assert_eq!(s.phase, SessionPhase::Ended { reason: Some(EndReason::Agent) });

    // After a navigation the first event is sessioncontinue.
    let s = applied(&[("sessioncontinue", "null")]);
    assert_eq!(s.phase, SessionPhase::Active { continued: true });
}

#[test]
fn connection_and_errors() {
    let s = applied(&[("connection", r#"{"status":"reconnecting"}"#)]);
    assert_eq!(s.connection, Connection::Reconnecting);
    let s = applied(&[("connection", r#"{"status":"reconnecting"}"#), ("connection", r#"{"status":"ok"}"#)]);
    assert_eq!(s.connection, Connection::Ok);
    let s = applied(&[
        ("connection", r#"{"status":"reconnecting"}"#),
        ("error", r#"{"code":"conndrop","msg":"Connect failed","params":{"server":"127.0.0.1"}}"#),
    ]);
    assert_eq!(s.connection, Connection::Dropped);
    assert_eq!(s.errors[0].error.code, ErrorCode::ConnDrop);

    let mut s = VisitorState::new();
    for i in 0..20 {
        s.apply(ok("error", &format!(r#"{{"code":"service","msg":"e{i}"}}"#)));
    }
    assert_eq!(s.errors.len(), MAX_ERRORS);
    assert_eq!(s.errors[0].error.msg, "e19", "newest first");
    let id = s.errors[0].id;
    assert_eq!(s.dismiss_error(id), Changes::ERRORS);
    assert_eq!(s.errors[0].error.msg, "e18");
    assert_eq!(s.dismiss_error(id), Changes::NONE);
}

#[test]
fn agents_and_flags() {
    let s = applied(&[("agents", r#"{"count":3,"agentlist":[{"name":"A"},{"name":"B"},{"username":"c"}]}"#)]);
    assert_eq!(s.agents, 3);
    assert_eq!(s.agent_list.as_ref().map(Vec::len), Some(3));
    let s = applied(&[("agents", r#"{"count":3,"agentlist":[{"name":"A"}]}"#), ("agents", r#"{"count":1}"#)]);
    assert_eq!((s.agents, s.agent_list.is_none()), (1, true));
    let s = applied(&[("blur", "null"), ("accessibility", r#"{"enabled":true}"#)]);
    assert!(!s.focused && s.accessibility);
    let s = applied(&[("blur", "null"), ("focus", "null")]);
    assert!(s.focused);
    let s = applied(&[("sessionpaused", r#"{"paused":true}"#), ("ready", "null")]);
    assert!(s.paused && s.ready);
}

#[test]
fn remote_control_prompt_supersede_and_answer() {
    let log: Log = Default::default();
    let mut s = VisitorState::new();
    s.apply(VisitorEvent::RcRequested { selective: false, responder: log_responder(&log, 1) });
    assert_eq!(s.remote_control(), RemoteControl::Requested { selective: false });
    s.apply(VisitorEvent::RcRequested { selective: true, responder: log_responder(&log, 2) });
    assert_eq!(*log.borrow(), vec![(1, Answer::Decline)], "superseded prompt declined once");
    assert_eq!(s.remote_control(), RemoteControl::Requested { selective: true });
    let id = s.rc_prompt.as_ref().unwrap().id;
    assert_eq!(s.answer(PromptKind::RemoteControl, id, Answer::Accept), Ok(Changes::REMOTE_CONTROL));
    assert_eq!(s.answer(PromptKind::RemoteControl, id, Answer::Accept), Err(AnswerError::NotPending));
    assert_eq!(*log.borrow(), vec![(1, Answer::Decline), (2, Answer::Accept)]);
    assert_eq!(s.remote_control(), RemoteControl::Off);
    s.apply(ok("rc", r#"{"enabled":true}"#));
    assert_eq!(s.remote_control(), RemoteControl::On);
    s.apply(ok("rc", r#"{"enabled":false}"#));
    assert_eq!(s.remote_control(), RemoteControl::Off);
}

#[test]
fn stale_answer_never_reaches_a_newer_prompt() {
    let log: Log = Default::default();
    let mut s = VisitorState::new();
    s.apply(VisitorEvent::UrlStartWarning { responder: log_responder(&log, 1) });
    let old = s.urlstart_prompt.as_ref().unwrap().id;
    s.apply(VisitorEvent::UrlStartWarning { responder: log_responder(&log, 2) });
    assert_eq!(s.answer(PromptKind::UrlStart, old, Answer::Accept), Err(AnswerError::NotPending));
    assert_eq!(*log.borrow(), vec![(1, Answer::Decline)]);
    assert!(s.urlstart_prompt.is_some());
}

#[test]
fn reverse_session_flow() {
    let log: Log = Default::default();
    let mut s = VisitorState::new();
    s.apply(VisitorEvent::ReverseConfirm { responder: log_responder(&log, 1) });
    assert_eq!(s.reverse_session(), ReverseSession::Confirming);
    s.apply(ok("reverseended", "null"));
    assert_eq!(s.reverse_session(), ReverseSession::Ended);
    assert!(s.reverse_prompt.is_none(), "reverseended hides a pending confirm");
    assert_eq!(*log.borrow(), vec![(1, Answer::Decline)]);

    s.apply(VisitorEvent::ReverseConfirm { responder: log_responder(&log, 2) });
    let id = s.reverse_prompt.as_ref().unwrap().id;
    s.answer(PromptKind::ReverseSession, id, Answer::Accept).unwrap();
    assert_eq!(s.reverse_session(), ReverseSession::Active);
    s.apply(ok("sessionend", r#"{"reason":"agent"}"#));
    assert_eq!(s.reverse_session(), ReverseSession::Idle);
    assert_eq!(*log.borrow(), vec![(1, Answer::Decline), (2, Answer::Accept)], "answered prompt not declined again");
}

#[test]
fn sessionend_closes_everything() {
    let log: Log = Default::default();
    let mut s = applied(&[
        ("sessionstarting", "null"),
        ("sessionstart", "null"),
        ("agents", r#"{"count":2}"#),
        ("rc", r#"{"enabled":true}"#),
        ("connection", r#"{"status":"reconnecting"}"#),
        ("screenshare", r#"{"screenshareView":"glance_screenshare","state":"new","paused":false}"#),
        ("screenshare", r#"{"screenshareView":"glance_agentvideo","state":"continued","paused":true}"#),
    ]);
    s.apply(VisitorEvent::RcRequested { selective: false, responder: log_responder(&log, 1) });
    s.apply(VisitorEvent::ReverseConfirm { responder: log_responder(&log, 2) });
    s.apply(VisitorEvent::UrlStartWarning { responder: log_responder(&log, 3) });
    s.apply(ok("sessionend", r#"{"reason":"visitor"}"#));
    assert_eq!(s.remote_control(), RemoteControl::Off, "no 'agent is controlling' into the next session");
    assert_eq!(s.reverse_session(), ReverseSession::Idle);
    assert!(s.views.values().all(|v| v.panel() == PanelState::Hidden));
    assert_eq!(s.agents, 0);
    assert_eq!(s.connection, Connection::Ok);
    let mut answers = log.borrow().clone();
    answers.sort_by_key(|a| a.0);
    assert_eq!(answers, vec![(1, Answer::Decline), (2, Answer::Decline), (3, Answer::Decline)]);
    // The next session starts clean.
    s.apply(ok("sessionstarting", "null"));
    assert_eq!(s.remote_control(), RemoteControl::Off);
}

#[test]
fn views_show_pause_resize() {
    let v = |s: &VisitorState, name: &str| s.views.get(name).cloned().unwrap_or_default();
    // viewerinfo before screenshare
    let mut s = applied(&[(
        "viewerinfo",
        r#"{"screenshareView":"glance_screenshare","scaledview":{"width":1600,"height":900}}"#,
    )]);
    assert_eq!(v(&s, SCREENSHARE_VIEW).panel(), PanelState::Hidden);
    s.apply(ok("screenshare", r#"{"screenshareView":"glance_screenshare","state":"new","paused":false}"#));
    assert_eq!(v(&s, SCREENSHARE_VIEW).panel(), PanelState::Visible);
    assert_eq!(v(&s, SCREENSHARE_VIEW).size(), Some(Size { width: 1600.0, height: 900.0 }));
    s.apply(ok("screensharepaused", r#"{"screenshareView":"glance_screenshare"}"#));
    assert_eq!(v(&s, SCREENSHARE_VIEW).panel(), PanelState::Paused);
    s.apply(ok("screenshareresume", r#"{"screenshareView":"glance_screenshare"}"#));
    assert!(v(&s, SCREENSHARE_VIEW).visible());
    // viewerinfo after: only present fields change
    s.apply(ok("viewerinfo", r#"{"screenshareView":"glance_screenshare","screen":{"width":800,"height":600}}"#));
    assert_eq!(v(&s, SCREENSHARE_VIEW).scaled, Some(Size { width: 1600.0, height: 900.0 }));
    assert_eq!(v(&s, SCREENSHARE_VIEW).screen, Some(Size { width: 800.0, height: 600.0 }));
    s.apply(ok("viewerinfo", r#"{"screenshareView":"glance_screenshare","glance_viewer":{"stats":{"viewerfps":5}}}"#));
    s.apply(ok("viewerinfo", r#"{"screenshareView":"glance_screenshare","glance_viewer":{"stats":{"fpslimit":10}}}"#));
    assert_eq!(
        v(&s, SCREENSHARE_VIEW).stats,
        Some(ViewerStats { fpslimit: Some(10.0), viewerfps: Some(5.0), displayfps: None })
    );
    s.apply(ok("screenshare", r#"{"screenshareView":"glance_screenshare","state":"ended","paused":false}"#));
    assert_eq!(v(&s, SCREENSHARE_VIEW).panel(), PanelState::Hidden);
    // error states hide and report
    let before = s.errors.len();
    s.apply(ok("screenshare", r#"{"screenshareView":"glance_agentvideo","state":"error"}"#));
    assert_eq!(v(&s, AGENT_VIDEO_VIEW).panel(), PanelState::Hidden);
    assert_eq!(s.errors.len(), before + 1);
    assert_eq!(s.errors[0].error.code, ErrorCode::ScreenshareFailed);
    // a custom view name works like the standard ones
    s.apply(ok("screenshare", r#"{"screenshareView":"my_view","state":"continued","paused":true}"#));
    assert_eq!(v(&s, "my_view").panel(), PanelState::Paused);
}

#[test]
fn start_timeout_only_while_starting() {
    let mut s = applied(&[("sessionstarting", "null")]);
    assert!(!s.start_timed_out("took too long").is_empty());
    assert_eq!(s.phase, SessionPhase::Ended { reason: Some(EndReason::Error) });
    assert_eq!(s.errors[0].error.code, ErrorCode::StartTimeout);
    let mut s = applied(&[("sessionstarting", "null"), ("sessionstart", "null")]);
    assert_eq!(s.start_timed_out("x"), Changes::NONE);
    assert!(s.errors.is_empty());
}

#[test]
fn unknown_and_ready_change_what_they_should() {
    let mut s = VisitorState::new();
    assert_eq!(s.apply(ok("leavesession", "{}")), Changes::NONE);
    assert_eq!(s, VisitorState::new());
}

// ---- property tests ----

/// A random event: a name (known, alias or unknown) and a payload from a pool of valid and malformed ones.
fn arb_event() -> impl Strategy<Value = (String, Value)> {
    let names: Vec<&'static str> =
        EVENT_NAMES.iter().copied().chain(["leavesession", "visitorvideorequested", ""]).collect();
    let num = prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(-1.0),
        Just(0.0),
        Just(1e12),
        (0.0f64..5000.0),
        (0u32..10).prop_map(f64::from)
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        num.prop_map(Value::Number),
        prop_oneof![
            Just("ok"),
            Just("reconnecting"),
            Just("maybe"),
            Just("new"),
            Just("continued"),
            Just("ended"),
            Just("still-ended"),
            Just("error"),
            Just("still-error"),
            Just("glance_screenshare"),
            Just("glance_agentvideo"),
            Just("conndrop"),
            Just("agent"),
            Just("")
        ]
        .prop_map(|s| Value::String(s.into())),
        Just(Value::Function),
    ];
    let keys = prop_oneof![
        Just("count"),
        Just("enabled"),
        Just("status"),
        Just("state"),
        Just("paused"),
        Just("screenshareView"),
        Just("screen"),
        Just("scaledview"),
        Just("width"),
        Just("height"),
        Just("glance_viewer"),
        Just("stats"),
        Just("viewerfps"),
        Just("code"),
        Just("msg"),
        Just("params"),
        Just("selective"),
        Just("reason"),
        Just("agentlist"),
        Just("name")
    ];
    let value = leaf.prop_recursive(4, 32, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((keys.clone().prop_map(String::from), inner), 0..6).prop_map(Value::Object),
        ]
    });
    (prop::sample::select(names).prop_map(String::from), value)
}

/// Like [`arb_event`], but mostly well-formed, so that sequences reach deep states.
fn arb_valid_event() -> impl Strategy<Value = (String, Value)> {
    let fixtures: Vec<(&'static str, &'static str)> = vec![
        ("sessionstarting", "null"),
        ("sessionstart", "null"),
        ("sessioncontinue", "null"),
        ("statereceived", "null"),
        ("sessionend", r#"{"reason":"agent"}"#),
        ("sessionend", "null"),
        ("error", r#"{"code":"conndrop","msg":"x"}"#),
        ("error", r#"{"code":"service","msg":"y"}"#),
        ("agents", r#"{"count":2}"#),
        ("blur", "null"),
        ("focus", "null"),
        ("rcrequested", "{}"),
        ("rcrequested", r#"{"selective":true}"#),
        ("rc", r#"{"enabled":true}"#),
        ("rc", r#"{"enabled":false}"#),
        ("reverseconfirm", "{}"),
        ("reverseended", "null"),
        ("urlstartwarning", "{}"),
        ("screenshare", r#"{"screenshareView":"glance_screenshare","state":"new","paused":false}"#),
        ("screenshare", r#"{"screenshareView":"glance_agentvideo","state":"continued","paused":true}"#),
        ("screenshare", r#"{"screenshareView":"glance_screenshare","state":"ended"}"#),
        ("screensharepaused", r#"{"screenshareView":"glance_screenshare"}"#),
        ("screenshareresume", r#"{"screenshareView":"glance_screenshare"}"#),
        ("viewerinfo", r#"{"screenshareView":"glance_screenshare","scaledview":{"width":1600,"height":900}}"#),
        ("connection", r#"{"status":"reconnecting"}"#),
        ("connection", r#"{"status":"ok"}"#),
    ];
    prop::sample::select(fixtures).prop_map(|(n, p)| (n.to_owned(), json(p)))
}

#[derive(Clone, Debug)]
enum Step {
    Event(String, Value),
    /// The visitor answers whatever prompt of this kind is pending.
    Answer(u8, bool),
}

fn arb_steps() -> impl Strategy<Value = Vec<Step>> {
    let step = prop_oneof![
        4 => arb_valid_event().prop_map(|(n, v)| Step::Event(n, v)),
        2 => arb_event().prop_map(|(n, v)| Step::Event(n, v)),
        1 => (0u8..3, any::<bool>()).prop_map(|(k, a)| Step::Answer(k, a)),
    ];
    prop::collection::vec(step, 0..60)
}

fn finite_size(s: Option<Size>) -> bool {
    s.is_none_or(|s| s.width.is_finite() && s.height.is_finite() && s.width > 0.0 && s.height > 0.0)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, .. ProptestConfig::default() })]

    #[test]
    fn decode_never_panics((name, value) in arb_event()) {
        let _ = VisitorEvent::decode_value(&name, &value);
    }

    #[test]
    fn reducer_invariants(steps in arb_steps()) {
        // Every prompt gets a counting responder; count how often each was answered.
        let answers: Rc<RefCell<Vec<u32>>> = Default::default();
        let mut made = 0usize;
        let mut s = VisitorState::new();
        for step in steps {
            match step {
                Step::Event(name, value) => {
                    let idx = made;
                    let counts = answers.clone();
                    let make = move || {
                        let (a, d) = (counts.clone(), counts.clone());
                        Responder::from_fns(move || a.borrow_mut()[idx] += 1, move || d.borrow_mut()[idx] += 1)
                    };
                    let Ok(ev) = VisitorEvent::decode(&name, &value, &make) else { continue };
                    if matches!(ev, VisitorEvent::RcRequested { .. } | VisitorEvent::ReverseConfirm { .. } | VisitorEvent::UrlStartWarning { .. }) {
                        answers.borrow_mut().push(0);
                        made += 1;
                    }
                    let ended = matches!(ev, VisitorEvent::SessionEnd { .. });
                    s.apply(ev);
                    if ended {
                        prop_assert!(s.rc_prompt.is_none() && s.reverse_prompt.is_none() && s.urlstart_prompt.is_none());
                        prop_assert!(s.views.values().all(|v| !v.visible() && v.panel() == PanelState::Hidden));
                        prop_assert_eq!(s.remote_control(), RemoteControl::Off);
                        prop_assert_eq!(s.reverse_session(), ReverseSession::Idle);
                        prop_assert_eq!(s.agents, 0);
                    }
                }
                Step::Answer(k, accept) => {
                    let kind = [PromptKind::RemoteControl, PromptKind::ReverseSession, PromptKind::UrlStart][k as usize];
                    if let Some(id) = s.prompt(kind).map(|p| p.id) {
                        let a = if accept { Answer::Accept } else { Answer::Decline };
                        prop_assert!(s.answer(kind, id, a).is_ok());
                        prop_assert!(s.answer(kind, id, a).is_err());
                    }
                }
            }
            // Invariants after every step.
            prop_assert!(s.errors.len() <= MAX_ERRORS);
            for v in s.views.values() {
                prop_assert!(finite_size(v.screen) && finite_size(v.scaled) && finite_size(v.params));
                if let Some(st) = v.stats {
                    for n in [st.fpslimit, st.viewerfps, st.displayfps].into_iter().flatten() {
                        prop_assert!(n.is_finite() && n >= 0.0);
                    }
                }
            }
            prop_assert_eq!(s.reverse_prompt.is_some(), s.reverse_session() == ReverseSession::Confirming);
            // No prompt is ever answered twice.
            for c in answers.borrow().iter() {
                prop_assert!(*c <= 1);
            }
        }
        // Close everything: each prompt ever made was answered exactly once.
        s.apply(VisitorEvent::SessionEnd { reason: None });
        for (i, c) in answers.borrow().iter().enumerate() {
            prop_assert_eq!(*c, 1, "prompt {} answered {} times", i, c);
        }
    }
}
