//! Fuzzes JSON decoding and the reducer: the input is a JSON array of [name, payload] pairs (or
//! anything else, which must simply be rejected). Every event that decodes is applied, its replies
//! sent, the shown request answered at random, and the state's invariants are checked after each step.
#![no_main]

use glance_visitor_kit::event::{subscribed_names, Answer, Responder, Value, VisitorEvent};
use glance_visitor_kit::state::{PanelState, VisitorState, MAX_ERRORS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(Value::Array(items)) = serde_json::from_slice::<Value>(data) else { return };
    let names: Vec<&str> = subscribed_names().collect();
    let mut state = VisitorState::new();
    for (i, item) in items.iter().enumerate() {
        let (name, payload) = match item {
            Value::Array(pair) if pair.len() == 2 => match &pair[0] {
                Value::String(n) => (n.clone(), pair[1].clone()),
                Value::Number(n) => (names[(*n as usize) % names.len()].to_owned(), pair[1].clone()),
                _ => continue,
            },
            _ => continue,
        };
        let make = |_| Responder::from_fns(|| {}, || {});
        if let Ok(event) = VisitorEvent::decode(&name, &payload, &make) {
            let ended = matches!(event, VisitorEvent::SessionEnd { .. });
            for reply in state.apply(event).replies {
                assert!(reply.send().is_ok());
            }
            if ended {
                assert!(state.requests.is_empty());
                assert!(state.views.values().all(|v| v.panel() == PanelState::Hidden));
            }
        }
        if i % 3 == 0 {
            if let Some((kind, id)) = state.current_prompt().map(|p| (p.kind(), p.id)) {
                let answer = if i % 2 == 0 { Answer::Accept } else { Answer::Decline };
                assert!(state.answer(kind, id, answer).is_ok_and(|u| u.replies.iter().all(|r| r.send().is_ok())));
                assert!(state.answer(kind, id, Answer::Decline).is_err());
            }
        }
        assert!(state.errors.len() <= MAX_ERRORS);
        for v in state.views.values() {
            for s in [v.screen, v.scaled, v.params].into_iter().flatten() {
                assert!(s.width.is_finite() && s.width > 0.0 && s.height.is_finite() && s.height > 0.0);
            }
        }
    }
});
