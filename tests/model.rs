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
        s.apply(ok(name, payload)).send();
    }
    s
}

/// A request event of `kind` whose callbacks log to `log` under `id`.
fn request(kind: PromptKind, log: &Log, id: u32) -> VisitorEvent {
    VisitorEvent::Request(Request::new(kind, RequestFacts::default(), log_responder(log, id)))
}

fn rc_request(selective: bool, log: &Log, id: u32) -> VisitorEvent {
    let facts = RequestFacts { selective, ..Default::default() };
    VisitorEvent::Request(Request::new(PromptKind::RemoteControl, facts, log_responder(log, id)))
}

fn req(ev: &VisitorEvent) -> &Request {
    ev.request().unwrap_or_else(|| panic!("not a request: {ev:?}"))
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
    let ev = ok("rcrequested", "{}");
    assert_eq!(req(&ev).kind, PromptKind::RemoteControl);
    assert!(!req(&ev).facts.selective);
    assert_eq!(req(&ev).responder.accept(), Err(RespondError::Missing(Answer::Accept)));
    assert!(req(&ok("rcrequested", r#"{"selective":true}"#)).facts.selective);
    assert_eq!(req(&ok("reverseconfirm", "null")).kind, PromptKind::ReverseSession);
    assert_eq!(req(&ok("urlstartwarning", "{}")).kind, PromptKind::UrlStart);
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
    // `params` that are not a size (empty, zero, text, half a size) leave the size out; the share
    // itself still counts, so its iframe shows.
    // Glance's script sends the size as strings (parsed from its "WxH" size): read as numbers.
    let VisitorEvent::Screenshare(info) = ok(
        "screenshare",
        r#"{"screenshareView":"glance_screenshare","state":"new","params":{"width":"1280","height":" 720 "}}"#,
    ) else {
        panic!()
    };
    assert_eq!(info.size, Some(Size { width: 1280.0, height: 720.0 }));
    for params in [
        r#"{}"#,
        r#"{"width":0,"height":0}"#,
        r#""big""#,
        r#"{"width":640}"#,
        r#"{"width":1e99,"height":2}"#,
        r#"{"width":"1280px","height":"720"}"#,
        r#"{"width":"Infinity","height":"720"}"#,
        r#"{"width":"-5","height":"720"}"#,
        r#"{"width":"","height":"720"}"#,
        r#"{"width":"0","height":"720"}"#,
    ] {
        let payload = format!(r#"{{"screenshareView":"glance_screenshare","state":"new","params":{params}}}"#);
        let VisitorEvent::Screenshare(info) = ok("screenshare", &payload) else { panic!("{params}") };
        assert_eq!((info.state, info.size), (ShareState::New, None), "{params}");
    }
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
    let ev = ok("visitorhologramrequested", r#"{"a":[1,"b"]}"#);
    let VisitorEvent::Unknown { name, raw } = &ev else { panic!() };
    assert_eq!(name, "visitorhologramrequested");
    assert_eq!(raw.to_string(), r#"{"a":[1,"b"]}"#);
    assert_eq!(ev.name(), "visitorhologramrequested");
    // a non-object payload of an unknown event is fine too
    assert!(matches!(ok("somethingnew", "42"), VisitorEvent::Unknown { .. }));
}

#[test]
fn every_subscribed_name_decodes_to_a_known_variant() {
    for name in subscribed_names() {
        // Minimal valid payloads.
        let payload = match name {
            "sessionend" | "error" => "{}",
            "visitorvideoresize" => r#""large""#,
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
        let canonical = match name {
            "screensharepaused" => "screensharepause",
            "screenshareresumed" => "screenshareresume",
            "visitorvideostopped" => "visitorvideoended",
            other => other,
        };
        assert_eq!(ev.name(), canonical);
    }
}

// ---- the reducer ----

#[test]
fn session_lifecycle() {
    let mut s = VisitorState::new();
    assert_eq!(s.session.phase, SessionPhase::Idle);
    s.apply(ok("sessionstarting", "null")).send();
    assert_eq!(s.session.phase, SessionPhase::Starting);
    s.apply(ok("sessionstart", "null")).send();
    s.apply(ok("sessioncontinue", "null")).send();
    assert_eq!(s.session.phase, SessionPhase::Active { continued: false });
    s.apply(ok("statereceived", "null")).send();
    assert!(s.session.state_received);
    s.apply(ok("sessionend", r#"{"reason":"agent"}"#)).send();
    assert_eq!(s.session.phase, SessionPhase::Ended { reason: Some(EndReason::Agent) });

    // After a navigation the first event is sessioncontinue.
    let s = applied(&[("sessioncontinue", "null")]);
    assert_eq!(s.session.phase, SessionPhase::Active { continued: true });
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
        s.apply(ok("error", &format!(r#"{{"code":"service","msg":"e{i}"}}"#))).send();
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
    assert_eq!(s.agents.count, 3);
    assert_eq!(s.agents.list.as_ref().map(Vec::len), Some(3));
    let s = applied(&[("agents", r#"{"count":3,"agentlist":[{"name":"A"}]}"#), ("agents", r#"{"count":1}"#)]);
    assert_eq!((s.agents.count, s.agents.list.is_none()), (1, true));
    let s = applied(&[("blur", "null"), ("accessibility", r#"{"enabled":true}"#)]);
    assert!(!s.flags.focused && s.flags.accessibility);
    let s = applied(&[("blur", "null"), ("focus", "null")]);
    assert!(s.flags.focused);
    let s = applied(&[("sessionpaused", r#"{"paused":true}"#), ("ready", "null")]);
    assert!(s.session.paused && s.session.ready);
}

#[test]
fn remote_control_prompt_supersede_and_answer() {
    let log: Log = Default::default();
    let mut s = VisitorState::new();
    s.apply(rc_request(false, &log, 1)).send();
    assert_eq!(s.remote_control(), RemoteControl::Requested { selective: false });
    let update = s.apply(rc_request(true, &log, 2));
    assert!(log.borrow().is_empty(), "the reducer calls nothing itself");
    assert_eq!(update.replies.len(), 1);
    assert_eq!((update.replies[0].answer, update.replies[0].by_visitor), (Answer::Decline, false));
    update.send();
    assert_eq!(*log.borrow(), vec![(1, Answer::Decline)], "superseded prompt declined once");
    assert_eq!(s.remote_control(), RemoteControl::Requested { selective: true });
    let id = s.prompt(PromptKind::RemoteControl).unwrap().id;
    assert_eq!(
        s.answer(PromptKind::RemoteControl, id, Answer::Accept).map(Update::send),
        Ok(Changes::REMOTE_CONTROL | Changes::PROMPTS)
    );
    assert_eq!(s.answer(PromptKind::RemoteControl, id, Answer::Accept), Err(AnswerError::NotPending));
    assert_eq!(*log.borrow(), vec![(1, Answer::Decline), (2, Answer::Accept)]);
    assert_eq!(s.remote_control(), RemoteControl::Off);
    s.apply(ok("rc", r#"{"enabled":true}"#)).send();
    assert_eq!(s.remote_control(), RemoteControl::On);
    s.apply(ok("rc", r#"{"enabled":false}"#)).send();
    assert_eq!(s.remote_control(), RemoteControl::Off);
}

#[test]
fn stale_answer_never_reaches_a_newer_prompt() {
    let log: Log = Default::default();
    let mut s = VisitorState::new();
    s.apply(request(PromptKind::UrlStart, &log, 1)).send();
    let old = s.prompt(PromptKind::UrlStart).unwrap().id;
    s.apply(request(PromptKind::UrlStart, &log, 2)).send();
    assert_eq!(s.answer(PromptKind::UrlStart, old, Answer::Accept), Err(AnswerError::NotPending));
    assert_eq!(*log.borrow(), vec![(1, Answer::Decline)]);
    assert!(s.prompt(PromptKind::UrlStart).is_some());
}

#[test]
fn reverse_session_flow() {
    let log: Log = Default::default();
    let mut s = VisitorState::new();
    s.apply(request(PromptKind::ReverseSession, &log, 1)).send();
    assert_eq!(s.reverse_session(), ReverseSession::Confirming);
    s.apply(ok("reverseended", "null")).send();
    assert_eq!(s.reverse_session(), ReverseSession::Ended);
    assert!(s.prompt(PromptKind::ReverseSession).is_none(), "reverseended hides a pending confirm");
    assert_eq!(*log.borrow(), vec![(1, Answer::Decline)]);

    s.apply(request(PromptKind::ReverseSession, &log, 2)).send();
    let id = s.prompt(PromptKind::ReverseSession).unwrap().id;
    s.answer(PromptKind::ReverseSession, id, Answer::Accept).unwrap().send();
    assert_eq!(s.reverse_session(), ReverseSession::Active);
    s.apply(ok("sessionend", r#"{"reason":"agent"}"#)).send();
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
    s.apply(rc_request(false, &log, 1)).send();
    s.apply(request(PromptKind::ReverseSession, &log, 2)).send();
    s.apply(request(PromptKind::UrlStart, &log, 3)).send();
    s.apply(ok("sessionend", r#"{"reason":"visitor"}"#)).send();
    assert_eq!(s.remote_control(), RemoteControl::Off, "no 'agent is controlling' into the next session");
    assert_eq!(s.reverse_session(), ReverseSession::Idle);
    assert!(s.views.values().all(|v| v.panel() == PanelState::Hidden));
    assert_eq!(s.agents.count, 0);
    assert_eq!(s.connection, Connection::Ok);
    assert!(log.borrow().is_empty(), "requests open at sessionend are over, never answered (Glance's would throw)");
    assert!(s.requests.is_empty());
    // The next session starts clean.
    s.apply(ok("sessionstarting", "null")).send();
    assert_eq!(s.remote_control(), RemoteControl::Off);
}

#[test]
fn closing_the_kit_declines_every_pending_request_once() {
    let log: Log = Default::default();
    let mut s = applied(&[("sessionstarting", "null"), ("sessionstart", "null")]);
    s.apply(rc_request(false, &log, 1)).send();
    s.apply(request(PromptKind::AddGuest, &log, 2)).send();
    let update = s.close();
    assert!(update.changes.contains(Changes::PROMPTS | Changes::REMOTE_CONTROL));
    assert!(update.replies.iter().all(|r| r.answer == Answer::Decline && !r.by_visitor));
    update.send();
    let mut answers = log.borrow().clone();
    answers.sort_by_key(|(id, _)| *id);
    assert_eq!(answers, vec![(1, Answer::Decline), (2, Answer::Decline)]);
    assert!(s.requests.is_empty());
    assert!(s.close().replies.is_empty(), "nothing is declined twice");
}

#[test]
fn a_refused_request_is_declined_by_the_kit_and_its_error_shown() {
    let log: Log = Default::default();
    let mut s = applied(&[("sessionstarting", "null"), ("sessionstart", "null")]);
    let ev = request(PromptKind::VisitorScreenshare, &log, 7);
    let error = GlanceError::kit(ErrorCode::ScriptLoadFailed, "no video scripts");
    let update = s.refuse(req(&ev).clone(), error.clone());
    assert_eq!(update.changes, Changes::ERRORS);
    assert_eq!(update.replies.len(), 1);
    assert_eq!((update.replies[0].kind, update.replies[0].by_visitor), (PromptKind::VisitorScreenshare, false));
    update.send();
    assert_eq!(*log.borrow(), vec![(7, Answer::Decline)]);
    assert!(s.requests.is_empty(), "never shown");
    assert_eq!(s.errors.first().map(|e| &e.error), Some(&error));
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
    s.apply(ok("screenshare", r#"{"screenshareView":"glance_screenshare","state":"new","paused":false}"#)).send();
    assert_eq!(v(&s, SCREENSHARE_VIEW).panel(), PanelState::Visible);
    assert_eq!(v(&s, SCREENSHARE_VIEW).size(), Some(Size { width: 1600.0, height: 900.0 }));
    s.apply(ok("screensharepaused", r#"{"screenshareView":"glance_screenshare"}"#)).send();
    assert_eq!(v(&s, SCREENSHARE_VIEW).panel(), PanelState::Paused);
    s.apply(ok("screenshareresume", r#"{"screenshareView":"glance_screenshare"}"#)).send();
    assert!(v(&s, SCREENSHARE_VIEW).visible());
    // viewerinfo after: only present fields change
    s.apply(ok("viewerinfo", r#"{"screenshareView":"glance_screenshare","screen":{"width":800,"height":600}}"#)).send();
    assert_eq!(v(&s, SCREENSHARE_VIEW).scaled, Some(Size { width: 1600.0, height: 900.0 }));
    assert_eq!(v(&s, SCREENSHARE_VIEW).screen, Some(Size { width: 800.0, height: 600.0 }));
    s.apply(ok("viewerinfo", r#"{"screenshareView":"glance_screenshare","glance_viewer":{"stats":{"viewerfps":5}}}"#))
        .send();
    s.apply(ok("viewerinfo", r#"{"screenshareView":"glance_screenshare","glance_viewer":{"stats":{"fpslimit":10}}}"#))
        .send();
    assert_eq!(
        v(&s, SCREENSHARE_VIEW).stats,
        Some(ViewerStats { fpslimit: Some(10.0), viewerfps: Some(5.0), displayfps: None })
    );
    s.apply(ok("screenshare", r#"{"screenshareView":"glance_screenshare","state":"ended","paused":false}"#)).send();
    assert_eq!(v(&s, SCREENSHARE_VIEW).panel(), PanelState::Hidden);
    // error states hide and report
    let before = s.errors.len();
    s.apply(ok("screenshare", r#"{"screenshareView":"glance_agentvideo","state":"error"}"#)).send();
    assert_eq!(v(&s, AGENT_VIDEO_VIEW).panel(), PanelState::Hidden);
    assert_eq!(s.errors.len(), before + 1);
    assert_eq!(s.errors[0].error.code, ErrorCode::ScreenshareFailed);
    // a custom view name works like the standard ones
    s.apply(ok("screenshare", r#"{"screenshareView":"my_view","state":"continued","paused":true}"#)).send();
    assert_eq!(v(&s, "my_view").panel(), PanelState::Paused);
}

#[test]
fn start_timeout_only_while_starting() {
    let mut s = applied(&[("sessionstarting", "null")]);
    assert!(!s.start_timed_out("took too long").is_empty());
    assert_eq!(s.session.phase, SessionPhase::Ended { reason: Some(EndReason::Error) });
    assert_eq!(s.errors[0].error.code, ErrorCode::StartTimeout);
    let mut s = applied(&[("sessionstarting", "null"), ("sessionstart", "null")]);
    assert_eq!(s.start_timed_out("x"), Changes::NONE);
    assert!(s.errors.is_empty());
}

#[test]
fn start_requested_starts_only_without_a_session() {
    // Idle: starting at once, as on `sessionstarting`; the start timeout then applies.
    let mut s = VisitorState::new();
    assert!(s.start_requested().contains(Changes::SESSION));
    assert_eq!(s.session.phase, SessionPhase::Starting);
    assert_eq!(s, applied(&[("sessionstarting", "null")]));
    assert!(!s.start_timed_out("never loaded").is_empty());
    assert_eq!(s.session.phase, SessionPhase::Ended { reason: Some(EndReason::Error) });
    // After an ended session: a fresh start, nothing of the old one kept.
    let mut s = applied(&[
        ("sessionstarting", "null"),
        ("agents", r#"{"count":1,"agentlist":[{"name":"Ann"}]}"#),
        ("rc", r#"{"enabled":true}"#),
        ("sessionend", r#"{"reason":"agent"}"#),
    ]);
    assert!(s.start_requested().contains(Changes::SESSION));
    assert_eq!((s.session.phase.clone(), s.agents.count, s.rc_enabled), (SessionPhase::Starting, 0, false));
    // Withdrawn before Glance heard of it: no session again; nothing to withdraw otherwise.
    let mut s = VisitorState::new();
    s.start_requested();
    assert_eq!(s.start_withdrawn(), Changes::SESSION);
    assert_eq!(s.session.phase, SessionPhase::Idle);
    assert_eq!(s.start_withdrawn(), Changes::NONE);
    let mut s = applied(&[("sessionstarting", "null"), ("sessionstart", "null")]);
    assert_eq!(s.start_withdrawn(), Changes::NONE);
    assert_eq!(s.session.phase, SessionPhase::Active { continued: false });
    // During a session (starting or running) it changes nothing.
    for events in [&[("sessionstarting", "null")][..], &[("sessionstarting", "null"), ("sessionstart", "null")]] {
        let mut s = applied(events);
        let before = s.clone();
        assert_eq!(s.start_requested(), Changes::NONE);
        assert_eq!(s, before);
    }
}

#[test]
fn unknown_and_ready_change_what_they_should() {
    let mut s = VisitorState::new();
    assert_eq!(s.apply(ok("somethingnew", "{}")).changes, Changes::NONE);
    assert_eq!(s, VisitorState::new());
}

// ---- agent requests: prompts as data ----

/// The split build's page-view gate declines a request it holds when the kit cannot load. Its table
/// (in `gate.js`, where it costs a page view nothing) must say what the kit's own request table
/// says, and decline a video request with the settings the kit declines it with.
#[test]
fn the_gates_decline_table_is_the_request_tables() {
    let gate = include_str!("../src/source/glance/gate.js");
    let table = &gate[gate.find("const DECLINE = {").expect("gate.js has its DECLINE table")..];
    let table = &table[..table.find("};").expect("the table ends")];
    let rows = table.lines().skip(1).map(str::trim).filter(|l| !l.is_empty()).count();
    let mut declined = 0;
    for &kind in PromptKind::ALL {
        let calls = kind.calls();
        let row = format!("  {}: [", kind.event_name());
        match calls.decline {
            Some(method) => {
                declined += 1;
                let want = if calls.settings {
                    format!("  {}: [\"{method}\", VIDEO],", kind.event_name())
                } else {
                    format!("  {}: [\"{method}\"],", kind.event_name())
                };
                assert!(table.contains(&want), "gate.js should have `{want}`");
            }
            None => assert!(!table.contains(&row), "gate.js declines {kind:?}, which has no decline"),
        }
    }
    assert_eq!(rows, declined, "one row per request kind with a decline");
    let video = format!("const VIDEO = {};", VideoSettings::default().to_value());
    assert!(gate.contains(&video), "gate.js should have `{video}`");
}

/// The quoted names in `text` between `start` and the next `end`.
fn quoted_after(text: &str, start: &str, end: &str) -> Vec<String> {
    let from = &text[text.find(start).unwrap_or_else(|| panic!("`{start}` is there"))..];
    let list = &from[..from.find(end).expect("the list ends")];
    list.split('"').skip(1).step_by(2).map(str::to_owned).collect()
}

/// The JavaScript and the docs that list request kinds follow `PromptKind::ALL`: a new kind fails
/// here until the storm, the demo's end-to-end table and the event docs name it.
#[test]
fn every_list_of_request_kinds_is_prompt_kind_all() {
    let names: Vec<String> = PromptKind::ALL.iter().map(|k| k.event_name().to_owned()).collect();
    let storm = include_str!("storm.js");
    assert_eq!(quoted_after(storm, "const REQUESTS = [", "];"), names, "tests/storm.js REQUESTS");
    let mut no_decline = quoted_after(storm, "const NO_DECLINE = new Set([", "]);");
    no_decline.sort();
    let mut want: Vec<String> =
        PromptKind::ALL.iter().filter(|k| k.calls().decline.is_none()).map(|k| k.event_name().to_owned()).collect();
    want.sort();
    assert_eq!(no_decline, want, "tests/storm.js NO_DECLINE: the kinds whose decline calls nothing");
    let e2e = include_str!("../e2e/demo.test.mjs");
    let pairs = quoted_after(e2e, "const PROMPTS = [", "];");
    let want: Vec<String> =
        PromptKind::ALL.iter().flat_map(|k| [k.event_name().to_owned(), k.part().to_owned()]).collect();
    assert_eq!(pairs, want, "e2e/demo.test.mjs PROMPTS: [event name, data-gvk part] per kind");
    let docs = include_str!("../src/event/mod.rs");
    let table = &docs[docs.find("//! | name | [`PromptKind`]").expect("the request table")..];
    let rows: Vec<(String, String)> = table
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with("//! | `"))
        .map(|l| {
            let cells: Vec<&str> = l.split('|').map(str::trim).collect();
            (cells[1].trim_matches('`').to_owned(), cells[2].trim_matches('`').to_owned())
        })
        .collect();
    let want: Vec<(String, String)> =
        PromptKind::ALL.iter().map(|k| (k.event_name().to_owned(), format!("{k:?}"))).collect();
    assert_eq!(rows, want, "src/event/mod.rs: one row per kind, in PromptKind::ALL's order");
}

#[test]
fn every_request_kind_decodes_with_its_facts() {
    for &kind in PromptKind::ALL {
        let ev = ok(kind.event_name(), "{}");
        assert_eq!(req(&ev).kind, kind);
        assert_eq!(ev.name(), kind.event_name());
        assert_eq!(PromptKind::from_event(kind.event_name()), Some(kind));
        assert!(kind.part().ends_with("-prompt"));
        // A second step exactly for the kinds that have one.
        assert_eq!(req(&ev).followup.is_some(), kind.followup_calls().is_some(), "{kind:?}");
        assert_eq!(err(kind.event_name(), "7").problem, Problem::WrongType { expected: "object", found: "number" });
    }
    let parts: std::collections::BTreeSet<_> = PromptKind::ALL.iter().map(|k| k.part()).collect();
    assert_eq!(parts.len(), PromptKind::ALL.len(), "every part is distinct");
    let nav = ok("navassistrequested", r#"{"url":"https://example.test/next","name":"Next step","extra":1}"#);
    assert_eq!(req(&nav).facts.url.as_deref(), Some("https://example.test/next"));
    assert_eq!(req(&nav).facts.name.as_deref(), Some("Next step"));
    let confirm = ok("confirm", r#"{"url":"https://example.test/c","confirm":"Leave?"}"#);
    assert_eq!(req(&confirm).facts.url.as_deref(), Some("https://example.test/c"));
    // Glance's add-guest request carries only its callbacks: no agent number.
    assert_eq!(req(&ok("addguestrequested", r#"{"agentnum":2}"#)).facts, RequestFacts::default());
    assert_eq!(err("navassistrequested", r#"{"url":5}"#).field, "url");
}

#[test]
fn answer_calls_follow_glance_notes() {
    let c = PromptKind::VisitorVideo.calls();
    assert!(c.settings && (c.accept, c.decline) == ("accept", Some("decline")));
    let c = PromptKind::DocumentShare.calls();
    assert_eq!((c.accept, c.decline), ("onpreviewconfirm", Some("onpreviewcancel")));
    let f = PromptKind::DocumentShare.followup_calls().unwrap();
    assert_eq!((f.accept, f.decline), ("onconfirm", Some("onpreviewcancel")));
    let c = PromptKind::NavAssist.calls();
    assert!(c.navigate && c.decline.is_none(), "navigation assist: nothing is sent back on decline");
    assert_eq!(PromptKind::NavConfirm.calls().decline, None);
    for kind in [PromptKind::VisitorScreenshare, PromptKind::SurfaceNotAllowed, PromptKind::AddGuest] {
        assert_eq!((kind.calls().accept, kind.calls().decline), ("accept", Some("decline")));
    }
    // The default settings describe no camera picked.
    let settings = VideoSettings::default().to_value();
    assert_eq!(settings.get("camerastatus"), Some(&Value::String("nocamera".into())));
    assert!(settings.get("videosource").is_none());
}

#[test]
fn requests_queue_oldest_first_and_none_is_orphaned() {
    let log: Log = Default::default();
    let mut s = VisitorState::new();
    s.apply(rc_request(false, &log, 1)).send();
    s.apply(request(PromptKind::VisitorVideo, &log, 2)).send();
    s.apply(request(PromptKind::AddGuest, &log, 3)).send();
    assert_eq!(s.requests.len(), 3);
    assert_eq!(s.current_prompt().unwrap().kind(), PromptKind::RemoteControl, "oldest first");
    // A replacement of the shown kind declines it and queues behind the others.
    s.apply(rc_request(true, &log, 4)).send();
    assert_eq!(*log.borrow(), vec![(1, Answer::Decline)]);
    assert_eq!(s.current_prompt().unwrap().kind(), PromptKind::VisitorVideo);
    let id = s.current_prompt().unwrap().id;
    s.answer(PromptKind::VisitorVideo, id, Answer::Accept).unwrap().send();
    assert_eq!(s.current_prompt().unwrap().kind(), PromptKind::AddGuest);
    let id = s.current_prompt().unwrap().id;
    s.answer(PromptKind::AddGuest, id, Answer::Decline).unwrap().send();
    assert_eq!(s.current_prompt().unwrap().kind(), PromptKind::RemoteControl);
    s.apply(ok("sessionend", "null")).send();
    assert!(s.current_prompt().is_none());
    let mut answers = log.borrow().clone();
    answers.sort_by_key(|a| a.0);
    assert_eq!(
        answers,
        vec![(1, Answer::Decline), (2, Answer::Accept), (3, Answer::Decline)],
        "every request answered exactly once while the session exists; the one open at its end never"
    );
}

#[test]
fn document_share_goes_on_to_the_file_picker_in_place() {
    let log: Log = Default::default();
    let mut s = VisitorState::new();
    let doc = VisitorEvent::Request(Request {
        kind: PromptKind::DocumentShare,
        facts: RequestFacts::default(),
        responder: log_responder(&log, 1),
        followup: Some(log_responder(&log, 2)),
    });
    s.apply(doc).send();
    s.apply(request(PromptKind::AddGuest, &log, 3)).send();
    let first = s.current_prompt().unwrap().clone();
    assert_eq!((first.kind(), first.facts().followup), (PromptKind::DocumentShare, false));
    s.answer(PromptKind::DocumentShare, first.id, Answer::Accept).unwrap().send();
    let second = s.current_prompt().unwrap().clone();
    assert_eq!((second.kind(), second.facts().followup), (PromptKind::DocumentShare, true), "still first in line");
    assert_ne!(second.id, first.id, "a late click on step one never answers step two");
    assert_eq!(s.answer(PromptKind::DocumentShare, first.id, Answer::Accept), Err(AnswerError::NotPending));
    s.answer(PromptKind::DocumentShare, second.id, Answer::Decline).unwrap().send();
    assert_eq!(*log.borrow(), vec![(1, Answer::Accept), (2, Answer::Decline)]);
    assert_eq!(s.current_prompt().unwrap().kind(), PromptKind::AddGuest);
}

#[test]
fn glance_only_events_and_shapes() {
    // accessibility: {enabled} or a bare boolean (Glance fires both per toggle)
    assert_eq!(ok("accessibility", "true"), VisitorEvent::Accessibility { enabled: true });
    assert_eq!(ok("accessibility", "false"), VisitorEvent::Accessibility { enabled: false });
    assert_eq!(err("accessibility", "7").problem, Problem::WrongType { expected: "object", found: "number" });
    // viewerinfo.stats at the top level (what the script sends) or under glance_viewer (the page)
    let VisitorEvent::ViewerInfo(v) =
        ok("viewerinfo", r#"{"screenshareView":"x","stats":{"viewerfps":4,"fpslimit":8}}"#)
    else {
        panic!()
    };
    assert_eq!(v.stats, Some(ViewerStats { fpslimit: Some(8.0), viewerfps: Some(4.0), displayfps: None }));
    assert_eq!(err("viewerinfo", r#"{"screenshareView":"x","stats":{"viewerfps":-1}}"#).field, "stats.viewerfps");
    // visitorvideoresize: a bare string
    assert_eq!(ok("visitorvideoresize", r#""large""#), VisitorEvent::VisitorVideoResize { size: VideoSize::Large });
    assert_eq!(
        ok("visitorvideoresize", r#"{"video":"small"}"#),
        VisitorEvent::VisitorVideoResize { size: VideoSize::Small }
    );
    assert_eq!(err("visitorvideoresize", r#""huge""#).problem, Problem::UnknownValue("huge".into()));
    assert_eq!(ok("pagemasked", "{}"), VisitorEvent::PageMasked { masked: true });
    assert_eq!(
        ok("viewerclosing", r#"{"screenshareView":"glance_screenshare","closereason":"PlayerTooSlow"}"#),
        VisitorEvent::ViewerClosing { view: Some("glance_screenshare".into()), reason: Some("PlayerTooSlow".into()) }
    );
    assert_eq!(
        ok("widgetmoving", r#"{"left":-12.5,"bottom":30}"#),
        VisitorEvent::WidgetMoving { left: -12.5, bottom: 30.0 }
    );
    assert_eq!(err("widgetmoving", r#"{"left":1e9}"#).field, "left");
    let VisitorEvent::VisitorVideo(info) =
        ok("visitorvideo", r#"{"video":"large","camerastatus":"blocked","videobgfilter":true,"videobgtype":"blur"}"#)
    else {
        panic!()
    };
    assert_eq!((info.size, info.camera), (Some(VideoSize::Large), Some(CameraStatus::Blocked)));
    assert_eq!(
        ok("visitorvideostarted", r#"{"width":640,"height":480}"#),
        VisitorEvent::VisitorVideoStarted { size: Some(Size { width: 640.0, height: 480.0 }) }
    );
    // Started is started, whatever the size says (before the camera reports one, say).
    for payload in [r#"{"width":0,"height":0}"#, r#"{"width":"640","height":480}"#, r#"{"width":640}"#] {
        assert_eq!(ok("visitorvideostarted", payload), VisitorEvent::VisitorVideoStarted { size: None }, "{payload}");
    }
    assert_eq!(
        ok("visitorvideoerror", r#"{"error":"NotReadableError"}"#),
        VisitorEvent::VisitorVideoError { error: "NotReadableError".into() }
    );
    assert!(matches!(ok("navigationassist", r#"{"url":"x"}"#), VisitorEvent::NavigationAssist { .. }));
}

#[test]
fn widgetmoved_snaps_to_a_corner_for_the_session() {
    let mut s = applied(&[("sessionstarting", "null"), ("sessionstart", "null")]);
    assert_eq!(s.widget.corner, None);
    s.apply(ok("widgetmoving", r#"{"left":-10,"bottom":20}"#)).send();
    // Glance's booleans name the corner; a side not sent stays (from the bottom right).
    let update = s.apply(ok("widgetmoved", r#"{"left":true}"#));
    assert!(update.changes.contains(Changes::WIDGET));
    assert_eq!(s.widget.corner, Some(WidgetCorner { left: true, bottom: true }));
    assert_eq!(s.widget.offset, (0.0, 0.0), "the drag is over: the corner places the widget");
    s.apply(ok("widgetmoved", r#"{"bottom":false}"#)).send();
    assert_eq!(s.widget.corner, Some(WidgetCorner { left: true, bottom: false }));
    s.apply(ok("widgetmoved", r#"{"left":false,"bottom":true}"#)).send();
    assert_eq!(s.widget.corner, Some(WidgetCorner { left: false, bottom: true }));
    // Nothing sent (Glance tolerates an empty payload): the corner stays as it is.
    s.apply(ok("widgetmoved", "null")).send();
    assert_eq!(s.widget.corner, Some(WidgetCorner { left: false, bottom: true }));
    assert_eq!(err("widgetmoved", r#"{"left":"yes"}"#).field, "left");
    s.apply(ok("sessionend", "null")).send();
    assert_eq!(s.widget.corner, None, "the next session starts where the kit puts it");
}

#[test]
fn masking_error_and_document_not_sent_are_shown() {
    let mut s = applied(&[("sessionstarting", "null"), ("sessionstart", "null")]);
    s.apply(ok("maskingerror", r#"{"reason":"TypeError: boom"}"#)).send();
    assert_eq!(
        (s.errors[0].error.code.clone(), s.errors[0].error.msg.as_str()),
        (ErrorCode::MaskingError, "TypeError: boom")
    );
    s.apply(ok("documentnotsent", r#"{"name":"big.pdf","reason":"File size limit exceeded","size":5242880}"#)).send();
    let e = &s.errors[0].error;
    assert_eq!((e.code.clone(), e.msg.as_str()), (ErrorCode::DocumentNotSent, "File size limit exceeded"));
    assert_eq!(e.params.get("name"), Some(&Value::String("big.pdf".into())));
    assert_eq!(e.params.get("size"), Some(&Value::Number(5242880.0)));
    let m = glance_visitor_kit::Messages::default();
    assert_eq!(m.error_text(e), "Your document was not sent to the agent.");
    assert_eq!(m.error_detail(e), Some("File size limit exceeded"));
    assert_eq!(ok("maskingerror", "null"), VisitorEvent::MaskingError { reason: None });
    assert_eq!(err("documentnotsent", r#"{"size":"big"}"#).field, "size");
}

#[test]
fn camera_status_is_spelled_as_glance_spells_it() {
    let camera = |status: &str| match ok("visitorvideo", &format!(r#"{{"camerastatus":"{status}"}}"#)) {
        VisitorEvent::VisitorVideo(info) => info.camera,
        other => panic!("{other:?}"),
    };
    assert_eq!(camera("notsupported"), Some(CameraStatus::NotSupported));
    assert_eq!(CameraStatus::NotSupported.as_str(), "notsupported");
    // "unsupported" is not Glance's word: kept as given, never sent by the kit.
    assert_eq!(camera("unsupported"), Some(CameraStatus::Other("unsupported".into())));
    let settings = VideoSettings { camera: CameraStatus::NotSupported, ..VideoSettings::default() }.to_value();
    assert_eq!(settings.get("camerastatus"), Some(&Value::String("notsupported".into())));
}

#[test]
fn documents_are_sent_only_under_five_mib_and_pdfs_may_be_viewed_above() {
    use glance_visitor_kit::source::DocumentKind;
    let mib = 1024.0 * 1024.0;
    assert!(DocumentKind::can_send(5.0 * mib - 1.0));
    assert!(!DocumentKind::can_send(5.0 * mib), "exactly 5 MiB is refused by Glance's sendDocument");
    assert!(DocumentKind::Pdf.can_share(50.0 * mib), "a large PDF is shown, not sent");
    assert!(!DocumentKind::Spreadsheet.can_share(5.0 * mib));
    assert!(!DocumentKind::Csv.can_share(5.0 * mib));
    assert!(DocumentKind::Csv.can_share(5.0 * mib - 1.0));
}

#[test]
fn glance_only_events_reach_the_state() {
    let mut s = applied(&[
        ("sessionstarting", "null"),
        ("sessionstart", "null"),
        ("pagemasked", "{}"),
        ("filedownloading", "null"),
        ("widgetmoving", r#"{"left":-10,"bottom":20}"#),
        ("widgetmoving", r#"{"left":-5,"bottom":5}"#),
        ("visitorvideostarted", r#"{"width":320,"height":240}"#),
        ("visitorvideoresize", r#""large""#),
        ("visitorscreensharestarted", "null"),
        ("visitorscreensharepaused", "null"),
        ("viewerclosing", r#"{"closereason":"PlayerTooSlow"}"#),
        ("viewerclosing", r#"{"closereason":"PlayerTooSlow"}"#),
        ("leavesession", "{}"),
    ]);
    assert!(s.page.masked && s.page.file_download && s.session.leaving);
    assert_eq!(s.widget.offset, (-15.0, 25.0));
    assert_eq!((s.media.video.phase, s.media.video.size), (MediaPhase::Running, VideoSize::Large));
    assert_eq!(s.media.screenshare, MediaPhase::Paused);
    assert_eq!(s.errors.len(), 1, "the same notice twice in a row is shown once");
    assert_eq!(
        (s.errors[0].error.code.clone(), s.errors[0].error.msg.as_str()),
        (ErrorCode::ViewerClosing, "PlayerTooSlow")
    );
    s.apply(ok("videobgfilterfailed", r#"{"failuremode":"slow","performancefail":true}"#)).send();
    assert_eq!(s.media.video.phase, MediaPhase::Paused);
    assert_eq!(s.errors[0].error.code, ErrorCode::VideoBgFilterFailed);
    s.apply(ok("filedownloaded", "null")).send();
    assert!(!s.page.file_download);
    s.apply(ok("sessionend", "null")).send();
    assert!(!s.page.masked && s.widget.offset == (0.0, 0.0));
    assert_eq!((s.media.video.phase, s.media.screenshare), (MediaPhase::Off, MediaPhase::Off));
    s.apply(ok("pagemasked", r#"{"masked":false}"#)).send();
    assert!(!s.page.masked);
}

#[test]
fn agents_known_only_after_an_agents_event() {
    let s = applied(&[("sessionstarting", "null"), ("sessionstart", "null")]);
    assert!(!s.agents.known);
    let s = applied(&[("sessionstarting", "null"), ("agents", r#"{"count":0}"#)]);
    assert!(s.agents.known);
    let s = applied(&[("agents", r#"{"count":1}"#), ("sessionstarting", "null")]);
    assert!(!s.agents.known, "a new session does not know its agents yet");
}

#[test]
fn event_names_list_has_no_stray_entries() {
    // Every listed name decodes to its own variant (checked above); and no name is listed twice.
    let names: Vec<&str> = subscribed_names().collect();
    let unique: std::collections::BTreeSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len());
    // The names Glance's page documents are all subscribed to.
    for name in DOCUMENTED_NAMES {
        assert!(unique.contains(name), "{name}");
    }
}

#[test]
fn texts_for_every_kind() {
    let m = glance_visitor_kit::Messages::default();
    for &kind in PromptKind::ALL {
        let t = m.prompt_text(kind, &RequestFacts::default());
        assert!(!t.title.is_empty() && !t.message.is_empty() && !t.accept.is_empty() && !t.decline.is_empty());
    }
    let facts =
        RequestFacts { name: Some("Checkout".into()), url: Some("https://x.test/c".into()), ..Default::default() };
    assert!(m.prompt_text(PromptKind::NavAssist, &facts).message.ends_with("Checkout"));
    let facts = RequestFacts { url: Some("https://x.test/c".into()), ..Default::default() };
    assert!(m.prompt_text(PromptKind::NavConfirm, &facts).message.ends_with("https://x.test/c"));
    let pick = m.prompt_text(PromptKind::DocumentShare, &RequestFacts { followup: true, ..Default::default() });
    assert_eq!(pick.accept, "Share");
    assert_eq!(
        m.prompt_text(PromptKind::RemoteControl, &RequestFacts { selective: true, ..Default::default() }).message,
        "Allow the agent to control some areas of the page?"
    );
}

// ---- property tests ----

/// A random event: a name (known, alias or unknown) and a payload from a pool of valid and malformed ones.
fn arb_event() -> impl Strategy<Value = (String, Value)> {
    let names: Vec<&'static str> = subscribed_names().chain(["somethingnew", ""]).collect();
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
        Just("name"),
        Just("url"),
        Just("left"),
        Just("bottom"),
        Just("video"),
        Just("masked"),
        Just("closereason")
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
        ("visitorvideorequested", "{}"),
        ("visitorscreensharerequested", "{}"),
        ("visitorscreensharesurfacenotallowed", "{}"),
        ("addguestrequested", r#"{"agentnum":1}"#),
        ("docsharerequested", "{}"),
        ("navassistrequested", r#"{"url":"https://example.test/a","name":"A"}"#),
        ("confirm", r#"{"url":"https://example.test/b"}"#),
        ("pagemasked", "{}"),
        ("filedownloading", "null"),
        ("filedownloaded", "null"),
        ("widgetmoving", r#"{"left":-10,"bottom":5}"#),
        ("visitorvideostarted", r#"{"width":320,"height":240}"#),
        ("visitorvideopaused", "null"),
        ("visitorvideoended", "null"),
        ("visitorscreensharestarted", "null"),
        ("visitorscreenshareended", "null"),
        ("accessibility", "true"),
        ("viewerinfo", r#"{"screenshareView":"glance_screenshare","stats":{"viewerfps":3}}"#),
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
        2 => (any::<u8>(), any::<bool>()).prop_map(|(k, a)| Step::Answer(k, a)),
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
        // Every responder counts its answers. A follow-up step's responder (the document share's
        // file picker) remembers its request's main responder.
        let counters: Rc<RefCell<Vec<Counter>>> = Default::default();
        // Requests still open at a `sessionend` (their main responder's index): their session is
        // gone, so they are never answered. Each prompt's id leads to its main responder.
        let mut ended_open = std::collections::BTreeSet::new();
        let mut main_of: std::collections::HashMap<u64, usize> = Default::default();
        let mut s = VisitorState::new();
        for step in steps {
            let update = match step {
                Step::Event(name, value) => {
                    let made = counters.clone();
                    let kind = PromptKind::from_event(&name);
                    let parent = counters.borrow().len();
                    let make = move |calls: AnswerCalls| {
                        let followup = kind.and_then(PromptKind::followup_calls) == Some(calls);
                        let idx = made.borrow().len();
                        made.borrow_mut().push(Counter { answers: 0, followup_of: followup.then_some(parent + 1) });
                        let (a, d) = (made.clone(), made.clone());
                        Responder::from_fns(move || a.borrow_mut()[idx].answers += 1, move || d.borrow_mut()[idx].answers += 1)
                    };
                    let Ok(ev) = VisitorEvent::decode(&name, &value, &make) else { continue };
                    let ended = matches!(ev, VisitorEvent::SessionEnd { .. });
                    if ended {
                        ended_open.extend(s.requests.values().filter_map(|p| main_of.get(&p.id).copied()));
                    }
                    let request_kind = match &ev {
                        VisitorEvent::Request(r) => Some(r.kind),
                        _ => None,
                    };
                    let update = s.apply(ev);
                    // A request that opened: its main responder is the last one made.
                    if let Some(p) = request_kind.and_then(|k| s.prompt(k)) {
                        main_of.entry(p.id).or_insert(counters.borrow().len() - 1);
                    }
                    if ended {
                        prop_assert!(update.replies.is_empty(), "nothing is answered at sessionend");
                        prop_assert!(s.requests.is_empty());
                        prop_assert!(s.views.values().all(|v| !v.visible() && v.panel() == PanelState::Hidden));
                        prop_assert_eq!(s.remote_control(), RemoteControl::Off);
                        prop_assert_eq!(s.reverse_session(), ReverseSession::Idle);
                        prop_assert_eq!(s.agents.count, 0);
                        prop_assert_eq!(s.media.screenshare, MediaPhase::Off);
                    }
                    update
                }
                Step::Answer(k, accept) => {
                    // Mostly the prompt shown; sometimes any pending kind.
                    let kind = match s.current_prompt() {
                        Some(p) if k % 4 != 0 => p.kind(),
                        _ => PromptKind::ALL[k as usize % PromptKind::ALL.len()],
                    };
                    let Some(id) = s.prompt(kind).map(|p| p.id) else { continue };
                    let a = if accept { Answer::Accept } else { Answer::Decline };
                    let update = s.answer(kind, id, a);
                    prop_assert!(update.is_ok());
                    prop_assert!(s.answer(kind, id, a).is_err(), "a second answer to one id");
                    update.unwrap()
                }
            };
            // The reducer never calls out: nothing is answered until the replies are sent.
            let before: Vec<u32> = counters.borrow().iter().map(|c| c.answers).collect();
            for reply in &update.replies {
                prop_assert!(reply.send().is_ok(), "a reply is sent once");
                prop_assert!(reply.send().is_err(), "a reply is never sent twice");
            }
            let sent = counters.borrow().iter().zip(before.iter().chain(std::iter::repeat(&0))).filter(|(c, b)| c.answers > **b).count();
            prop_assert_eq!(sent, update.replies.len());
            // Invariants after every step.
            prop_assert!(s.errors.len() <= MAX_ERRORS);
            prop_assert!(s.requests.iter().all(|(k, p)| *k == p.kind()), "one request per kind, under its kind");
            if let Some(current) = s.current_prompt() {
                prop_assert!(s.requests.values().all(|p| p.order >= current.order), "the oldest is shown");
            }
            for v in s.views.values() {
                prop_assert!(finite_size(v.screen) && finite_size(v.scaled) && finite_size(v.params));
                if let Some(st) = v.stats {
                    for n in [st.fpslimit, st.viewerfps, st.displayfps].into_iter().flatten() {
                        prop_assert!(n.is_finite() && n >= 0.0);
                    }
                }
            }
            prop_assert!(s.widget.offset.0.is_finite() && s.widget.offset.1.is_finite());
            prop_assert_eq!(s.prompt(PromptKind::ReverseSession).is_some(), s.reverse_session() == ReverseSession::Confirming);
            // No responder is ever answered twice.
            for c in counters.borrow().iter() {
                prop_assert!(c.answers <= 1);
            }
        }
        // End the session: each request ever made was answered exactly once while its session
        // existed, or was still open when it ended and never answered; a follow-up step at most once.
        ended_open.extend(s.requests.values().filter_map(|p| main_of.get(&p.id).copied()));
        let last = s.apply(VisitorEvent::SessionEnd { reason: None });
        prop_assert!(last.replies.is_empty(), "nothing is answered at sessionend");
        let counters = counters.borrow();
        for (i, c) in counters.iter().enumerate() {
            match c.followup_of {
                None if ended_open.contains(&i) => prop_assert_eq!(c.answers, 0, "request {} answered after its session", i),
                None => prop_assert_eq!(c.answers, 1, "request {} answered {} times", i, c.answers),
                Some(_) => prop_assert!(c.answers <= 1),
            }
        }
    }
}

/// How often one responder was answered.
#[derive(Debug)]
struct Counter {
    answers: u32,
    /// For a follow-up step's responder: the index of its request's main responder.
    followup_of: Option<usize>,
}

#[test]
fn shareable_documents_by_name() {
    use glance_visitor_kit::source::DocumentKind;
    assert_eq!(DocumentKind::of_name("Invoice.PDF"), Some(DocumentKind::Pdf));
    assert_eq!(DocumentKind::of_name("sheet.xlsx"), Some(DocumentKind::Spreadsheet));
    assert_eq!(DocumentKind::of_name("old.xls").map(DocumentKind::viewer), Some("viewXLS"));
    assert_eq!(DocumentKind::of_name("data.csv").map(DocumentKind::viewer), Some("viewXLS"));
    assert_eq!(DocumentKind::of_name("a.pdf").map(DocumentKind::viewer), Some("viewPDF"));
    for bad in ["photo.png", "pdf", "archive.pdf.exe", "", "noext"] {
        assert_eq!(DocumentKind::of_name(bad), None, "{bad}");
    }
}

#[test]
fn session_view_says_one_thing_at_a_time() {
    let view = |events: &[(&str, &str)]| applied(events).session_view();
    assert_eq!(view(&[]), SessionView::Hidden);
    assert_eq!(view(&[("sessionstarting", "null")]), SessionView::Starting);
    let active = [("sessionstarting", "null"), ("sessionstart", "null")];
    assert_eq!(view(&active), SessionView::Waiting, "before any agents event: waiting, never 0 agents");
    let with = |extra: &[(&'static str, &'static str)]| {
        let mut all = active.to_vec();
        all.extend_from_slice(extra);
        view(&all)
    };
    assert_eq!(with(&[("agents", r#"{"count":0}"#)]), SessionView::Waiting);
    assert_eq!(with(&[("agents", r#"{"count":2}"#)]), SessionView::Viewing);
    assert_eq!(with(&[("agents", r#"{"count":1}"#), ("rc", r#"{"enabled":true}"#)]), SessionView::Controlling);
    assert_eq!(with(&[("rc", r#"{"enabled":true}"#), ("sessionpaused", r#"{"paused":true}"#)]), SessionView::Paused);
    assert_eq!(
        with(&[("sessionpaused", r#"{"paused":true}"#), ("connection", r#"{"status":"reconnecting"}"#)]),
        SessionView::Reconnecting
    );
    // The session moved to another tab or window: this page is not the one the agent sees.
    assert_eq!(
        with(&[("agents", r#"{"count":1}"#), ("rc", r#"{"enabled":true}"#), ("blur", "null")]),
        SessionView::Elsewhere
    );
    assert_eq!(with(&[("agents", r#"{"count":1}"#), ("blur", "null"), ("focus", "null")]), SessionView::Viewing);
    assert_eq!(with(&[("blur", "null"), ("sessionpaused", r#"{"paused":true}"#)]), SessionView::Paused);
    // A blur does not outlive its session: the next one starts focused.
    assert_eq!(
        with(&[
            ("blur", "null"),
            ("sessionend", "null"),
            ("sessionstarting", "null"),
            ("sessionstart", "null"),
            ("agents", r#"{"count":1}"#)
        ]),
        SessionView::Viewing
    );
    assert_eq!(with(&[("sessionend", "null")]), SessionView::Ended);
}

#[test]
fn every_flow_is_built_in_by_default_and_named_by_its_feature() {
    for kind in PromptKind::ALL {
        let feature = kind.feature();
        let default_on =
            cfg!(all(feature = "visitor-video", feature = "document-share", feature = "visitor-screenshare"));
        if default_on {
            assert!(kind.compiled_in(), "{kind:?}");
        }
        assert_eq!(
            feature,
            match kind {
                PromptKind::VisitorVideo => Some("visitor-video"),
                PromptKind::DocumentShare => Some("document-share"),
                PromptKind::VisitorScreenshare | PromptKind::SurfaceNotAllowed => Some("visitor-screenshare"),
                _ => None,
            }
        );
    }
}

/// Run with the flows left out: `cargo test --no-default-features --features ssr --test model`.
#[test]
fn a_flow_left_out_is_declined_at_once_exactly_once_and_never_shown() {
    let left_out: Vec<PromptKind> = PromptKind::ALL.iter().copied().filter(|k| !k.compiled_in()).collect();
    for kind in left_out {
        let log: Log = Default::default();
        let mut s = applied(&[("sessionstarting", "null"), ("sessionstart", "null")]);
        let update = s.apply(request(kind, &log, 1));
        assert!(s.requests.is_empty(), "{kind:?} never shown");
        assert!(!update.changes.contains(Changes::PROMPTS));
        assert_eq!(update.replies.len(), 1);
        assert!(!update.replies[0].by_visitor);
        update.send();
        assert_eq!(*log.borrow(), vec![(1, Answer::Decline)], "{kind:?} declined once");
    }
}

proptest! {
    /// The state's `SortedMap` reads as a `BTreeMap` would after any inserts and removals.
    #[test]
    fn sorted_map_matches_a_btree_map(ops in proptest::collection::vec((any::<bool>(), 0u8..12, any::<u16>()), 0..60)) {
        let mut ours: SortedMap<String, u16> = SortedMap::default();
        let mut reference = std::collections::BTreeMap::new();
        for (insert, key, value) in ops {
            let key = format!("view{key}");
            if insert {
                prop_assert_eq!(ours.insert(key.clone(), value), reference.insert(key, value));
            } else {
                prop_assert_eq!(ours.remove(key.as_str()), reference.remove(&key));
            }
            prop_assert_eq!(ours.len(), reference.len());
            prop_assert!(ours.iter().eq(reference.iter()));
            for k in 0u8..12 {
                let k = format!("view{k}");
                prop_assert_eq!(ours.get(k.as_str()), reference.get(&k));
                prop_assert_eq!(ours.contains_key(k.as_str()), reference.contains_key(&k));
            }
        }
        *ours.get_or_insert_default("view99") += 1;
        *reference.entry("view99".to_owned()).or_default() += 1;
        prop_assert!(ours.keys().eq(reference.keys()));
        prop_assert!(ours.values().eq(reference.values()));
    }
}
