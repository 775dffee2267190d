//! What the kit saw or did ([`Activity`]), and the [`Observer`] that integrators give to hear of it.

use std::fmt;
use std::sync::Arc;

use crate::event::{Answer, DecodeError, PromptKind, RespondError, Value, VisitorEvent};
use crate::source::{SourceError, UiRequest};

/// What the kit saw or did, for integrators' logs and monitoring ([`VisitorOptions::observer`](super::VisitorOptions::observer)).
#[derive(Clone, Debug, PartialEq)]
pub enum Activity {
    /// An event, decoded.
    Event(VisitorEvent),
    /// An event whose payload did not fit; the state stayed as it was.
    Malformed(DecodeError),
    /// An event name the kit does not know; ignored.
    Unknown {
        /// The name.
        name: String,
        /// The payload as received.
        payload: Value,
    },
    /// A request from Glance's own entry points (`showTerms`, `showButton`, `toggleButton`).
    Ui(UiRequest),
    /// A request was answered: by the visitor, or declined by the kit when it closed it.
    Answered {
        /// Which request.
        kind: PromptKind,
        /// The answer.
        answer: Answer,
        /// The visitor gave it (false: the kit declined a request it closed).
        by_visitor: bool,
        /// What calling back reported.
        result: Result<(), RespondError>,
    },
    /// The visitor (or the integrator) called an action: its name and result.
    Action {
        /// `startSession`, `stopSession`, `enableRC`, `pauseSession`, ….
        name: &'static str,
        /// What the source reported.
        result: Result<(), SourceError>,
    },
    /// A chat window's `glance_invoke` message ran ([`crate::invoke`]).
    Invoked {
        /// The function.
        func: String,
        /// The sender's origin.
        origin: String,
    },
    /// A chat window's `glance_invoke` message was refused ([`crate::invoke`]); nothing ran.
    InvokeRejected(crate::invoke::rules::Rejection),
    /// A source's warning ([`SourceMessage::Warning`](crate::source::SourceMessage::Warning)): nothing failed for the visitor.
    Warning(String),
}

impl Activity {
    /// Whether this is something an integrator should look at: a malformed or unknown event, a
    /// failed answer or action. Problems are also logged as console warnings.
    pub fn is_problem(&self) -> bool {
        match self {
            Activity::Malformed(_) | Activity::Unknown { .. } => true,
            Activity::Answered { result, .. } => match result {
                Ok(()) => false,
                // Declining a request that carried no decline function is not worth a warning.
                Err(RespondError::Missing(Answer::Decline)) => false,
                Err(_) => true,
            },
            Activity::Action { result, .. } => result.is_err(),
            Activity::InvokeRejected(_) | Activity::Warning(_) => true,
            Activity::Invoked { .. } => false,
            Activity::Event(_) | Activity::Ui(_) => false,
        }
    }
}

impl fmt::Display for Activity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Activity::Event(ev) => write!(f, "event `{}`", ev.name()),
            Activity::Malformed(e) => write!(f, "ignored malformed event: {e}"),
            Activity::Unknown { name, payload } => {
                write!(f, "ignored unknown visitor event `{name}` with payload {payload}")
            }
            Activity::Ui(request) => match request {
                UiRequest::ShowTerms(p) => {
                    write!(f, "UI request showTerms")?;
                    match &p.session_key {
                        Some(key) => write!(f, " (session key \"{key}\")"),
                        None => Ok(()),
                    }
                }
                UiRequest::ShowButton(show) => write!(f, "UI request showButton({show})"),
                UiRequest::ToggleButton => write!(f, "UI request toggleButton"),
            },
            Activity::Answered { kind, answer, by_visitor, result } => {
                let who = if *by_visitor { "visitor" } else { "kit" };
                write!(f, "`{}` answered {} by the {who}", kind.event_name(), answer.as_str())?;
                match result {
                    Ok(()) => Ok(()),
                    Err(e) => write!(f, ": {e}"),
                }
            }
            Activity::Action { name, result } => match result {
                Ok(()) => write!(f, "action `{name}`"),
                Err(e) => write!(f, "action `{name}` failed: {e}"),
            },
            Activity::Invoked { func, origin } => write!(f, "`{func}` invoked from {origin}"),
            Activity::InvokeRejected(r) => f.write_str(&crate::source::glance::guard::describe(r)),
            Activity::Warning(text) => f.write_str(text),
        }
    }
}

/// A function that sees every [`Activity`] (called after the kit is done with its state, so it
/// may read the context). Cheap to clone; compares by identity.
#[derive(Clone)]
pub struct Observer(Arc<dyn Fn(&Activity) + Send + Sync>);

impl Observer {
    /// An observer calling `f`.
    pub fn new(f: impl Fn(&Activity) + Send + Sync + 'static) -> Self {
        Observer(Arc::new(f))
    }
    pub(crate) fn call(&self, activity: &Activity) {
        (self.0)(activity)
    }
}

impl fmt::Debug for Observer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Observer")
    }
}

impl PartialEq for Observer {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
