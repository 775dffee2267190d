//! [`Responder`]: the visitor's answer to a prompt, delivered at most once.

use std::cell::{Cell, RefCell};
use std::fmt;
use std::rc::Rc;

use super::Value;

/// The visitor's answer to an agent request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Answer {
    /// The visitor agreed: Glance's `accept()` is called.
    Accept,
    /// The visitor refused (or the kit refused on the visitor's behalf): `decline()` is called.
    Decline,
}

impl Answer {
    /// `"accept"` or `"decline"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Answer::Accept => "accept",
            Answer::Decline => "decline",
        }
    }
}

/// Why a [`Responder`] did not deliver an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RespondError {
    /// The prompt was answered before (with the answer given); nothing was called this time.
    AlreadyAnswered(Answer),
    /// The payload carried no callable for this answer (`accept` or `decline` was missing or not a function).
    Missing(Answer),
    /// The callable was called and threw; the text is what it threw.
    Failed(Answer, String),
}

impl fmt::Display for RespondError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RespondError::AlreadyAnswered(a) => write!(f, "the prompt was already answered ({})", a.as_str()),
            RespondError::Missing(a) => write!(f, "the event payload has no `{}` function", a.as_str()),
            RespondError::Failed(a, why) => write!(f, "`{}()` threw: {why}", a.as_str()),
        }
    }
}

impl std::error::Error for RespondError {}

/// One way of answering: calls into Glance (or a simulator, or a test) with the answer's detail
/// (e.g. the visitor-video settings; [`Value::Null`] when there is none) and reports a failure as text.
pub type AnswerFn = Box<dyn FnOnce(&Value) -> Result<(), String>>;

struct Inner {
    answered: Cell<Option<Answer>>,
    accept: RefCell<Option<AnswerFn>>,
    decline: RefCell<Option<AnswerFn>>,
}

/// Wraps a prompt's `accept` / `decline` callbacks so that **at most one** of them is ever called,
/// at most once.
///
/// The first call of [`Responder::accept`], [`Responder::decline`] or [`Responder::respond`] uses up
/// the responder, whatever its outcome; every later call returns
/// [`RespondError::AlreadyAnswered`] and calls nothing. Clones share that guard, so a prompt shown in
/// two places still answers once. Equality is identity: two clones of one responder are equal.
#[derive(Clone)]
pub struct Responder(Rc<Inner>);

impl Responder {
    /// A responder from two optional callbacks. `None` stands for a payload that lacked the function:
    /// answering that way then reports [`RespondError::Missing`].
    pub fn new(accept: Option<AnswerFn>, decline: Option<AnswerFn>) -> Self {
        Responder(Rc::new(Inner {
            answered: Cell::new(None),
            accept: RefCell::new(accept),
            decline: RefCell::new(decline),
        }))
    }

    /// A responder from two plain closures (handy for simulators and tests).
    pub fn from_fns(accept: impl FnOnce() + 'static, decline: impl FnOnce() + 'static) -> Self {
        Responder::new(
            Some(Box::new(move |_: &Value| {
                accept();
                Ok(())
            })),
            Some(Box::new(move |_: &Value| {
                decline();
                Ok(())
            })),
        )
    }

    /// A responder with no callbacks at all: every answer reports [`RespondError::Missing`].
    pub fn missing() -> Self {
        Responder::new(None, None)
    }

    /// Answers with `answer`, if nothing was answered before.
    pub fn respond(&self, answer: Answer) -> Result<(), RespondError> {
        self.respond_with(answer, &Value::Null)
    }

    /// Answers with `answer` and a detail the callback passes on (see [`AnswerFn`]), if nothing was
    /// answered before.
    pub fn respond_with(&self, answer: Answer, detail: &Value) -> Result<(), RespondError> {
        if let Some(before) = self.0.answered.get() {
            return Err(RespondError::AlreadyAnswered(before));
        }
        self.0.answered.set(Some(answer));
        // Both callbacks are dropped now: neither may ever run again.
        let accept = self.0.accept.borrow_mut().take();
        let decline = self.0.decline.borrow_mut().take();
        let chosen = match answer {
            Answer::Accept => accept,
            Answer::Decline => decline,
        };
        match chosen {
            None => Err(RespondError::Missing(answer)),
            Some(f) => f(detail).map_err(|why| RespondError::Failed(answer, why)),
        }
    }

    /// `respond(Answer::Accept)`.
    pub fn accept(&self) -> Result<(), RespondError> {
        self.respond(Answer::Accept)
    }

    /// `respond(Answer::Decline)`.
    pub fn decline(&self) -> Result<(), RespondError> {
        self.respond(Answer::Decline)
    }

    /// The answer given so far, if any.
    pub fn answered(&self) -> Option<Answer> {
        self.0.answered.get()
    }
}

impl PartialEq for Responder {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Debug for Responder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Responder").field("answered", &self.answered()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counting() -> (Responder, Rc<Cell<u32>>, Rc<Cell<u32>>) {
        let (a, d) = (Rc::new(Cell::new(0)), Rc::new(Cell::new(0)));
        let (a2, d2) = (a.clone(), d.clone());
        (Responder::from_fns(move || a2.set(a2.get() + 1), move || d2.set(d2.get() + 1)), a, d)
    }

    #[test]
    fn answers_once_then_refuses() {
        let (r, a, d) = counting();
        assert_eq!(r.accept(), Ok(()));
        assert_eq!(r.accept(), Err(RespondError::AlreadyAnswered(Answer::Accept)));
        assert_eq!(r.decline(), Err(RespondError::AlreadyAnswered(Answer::Accept)));
        assert_eq!((a.get(), d.get()), (1, 0));
        assert_eq!(r.answered(), Some(Answer::Accept));
    }

    #[test]
    fn clones_share_the_guard() {
        let (r, a, d) = counting();
        let r2 = r.clone();
        assert_eq!(r2.decline(), Ok(()));
        assert!(r.accept().is_err());
        assert_eq!((a.get(), d.get()), (0, 1));
        assert_eq!(r, r2);
    }

    #[test]
    fn missing_function_reports_and_uses_up() {
        let r = Responder::missing();
        assert_eq!(r.accept(), Err(RespondError::Missing(Answer::Accept)));
        assert_eq!(r.decline(), Err(RespondError::AlreadyAnswered(Answer::Accept)));
    }

    #[test]
    fn failure_is_reported() {
        let r = Responder::new(Some(Box::new(|_: &Value| Err("boom".into()))), None);
        assert_eq!(r.accept(), Err(RespondError::Failed(Answer::Accept, "boom".into())));
        assert!(r.accept().is_err());
    }
}
