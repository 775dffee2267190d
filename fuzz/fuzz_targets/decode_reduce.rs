//! Fuzzes JSON decoding and the reducer: the input is a JSON array of [name, payload] pairs (or
//! anything else, which must simply be rejected). Every event that decodes is applied, prompts are
//! answered at random, and the state's invariants are checked after each step.
#![no_main]

use glance_visitor_kit::event::{Answer, Responder, Value, VisitorEvent, EVENT_NAMES};
use glance_visitor_kit::state::{PanelState, PromptKind, VisitorState, MAX_ERRORS};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(Value::Array(items)) = serde_json::from_slice::<Value>(data) else { return };
    let mut state = VisitorState::new();
    for (i, item) in items.iter().enumerate() {
        let (name, payload) = match item {
            Value::Array(pair) if pair.len() == 2 => match &pair[0] {
                Value::String(n) => (n.clone(), pair[1].clone()),
                Value::Number(n) => (EVENT_NAMES[(*n as usize) % EVENT_NAMES.len()].to_owned(), pair[1].clone()),
                _ => continue,
            },
            _ => continue,
        };
        let make = || Responder::from_fns(|| {}, || {});
        if let Ok(event) = VisitorEvent::decode(&name, &payload, &make) {
            let ended = matches!(event, VisitorEvent::SessionEnd { .. });
            state.apply(event);
            if ended {
                assert!(state.rc_prompt.is_none() && state.reverse_prompt.is_none() && state.urlstart_prompt.is_none());
                assert!(state.views.values().all(|v| v.panel() == PanelState::Hidden));
            }
        }
        if i % 3 == 0 {
            for kind in [PromptKind::RemoteControl, PromptKind::ReverseSession, PromptKind::UrlStart] {
                if let Some(id) = state.prompt(kind).map(|p| p.id) {
                    assert!(state.answer(kind, id, Answer::Accept).is_ok());
                    assert!(state.answer(kind, id, Answer::Decline).is_err());
                }
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
