//! Agent requests: the pending ones (one per kind, queued), the replies the reducer decides on, and
//! the visitor's answers.

use super::*;
use crate::event::{RespondError, Responder};

/// A pending request. `id` is unique for the lifetime of the state, so an answer meant for a
/// request that has since been replaced never reaches its successor.
#[derive(Clone, Debug, PartialEq)]
pub struct Prompt {
    /// Unique id: answer with it.
    pub id: u64,
    /// Queue position: lower is older (a follow-up step keeps its request's place).
    pub order: u64,
    /// The request: kind, facts, responder.
    pub request: Request,
}

impl Prompt {
    /// Which request.
    pub fn kind(&self) -> PromptKind {
        self.request.kind
    }
    /// What its payload says.
    pub fn facts(&self) -> &RequestFacts {
        &self.request.facts
    }
}

/// An answer the reducer decided on, to be sent by the caller once it is done with the state.
#[must_use = "a reply that is not sent leaves the agent waiting"]
#[derive(Clone, Debug, PartialEq)]
pub struct Reply {
    /// The request's kind.
    pub kind: PromptKind,
    /// The prompt's id.
    pub id: u64,
    /// The answer.
    pub answer: Answer,
    /// Detail passed to the callback (e.g. video settings), [`Value::Null`] when none.
    pub detail: Value,
    /// Whether the visitor gave it (false: the kit declined a request it closed).
    pub by_visitor: bool,
    responder: Responder,
}

impl Reply {
    /// The kit declines request `id` on the visitor's behalf (replaced, closed, left out, refused).
    fn kit_decline(kind: PromptKind, id: u64, responder: Responder) -> Self {
        Reply { kind, id, answer: Answer::Decline, detail: Value::Null, by_visitor: false, responder }
    }

    /// Calls the request's callback (at most once, whatever the number of clones).
    pub fn send(&self) -> Result<(), RespondError> {
        self.responder.respond_with(self.answer, &self.detail)
    }
}

/// What one input did: the parts of the state it changed and the replies to send.
#[must_use = "the replies must be sent"]
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Update {
    /// The parts that changed.
    pub changes: Changes,
    /// Answers to send, in order, after the state is released.
    pub replies: Vec<Reply>,
}

impl Update {
    pub(super) fn of(changes: Changes) -> Self {
        Update { changes, replies: Vec::new() }
    }

    /// Sends every reply (ignoring failures) and returns the changes: for callers that do not report.
    pub fn send(self) -> Changes {
        for reply in &self.replies {
            let _ = reply.send();
        }
        self.changes
    }
}

impl std::ops::BitOrAssign for Update {
    fn bitor_assign(&mut self, rhs: Update) {
        self.changes |= rhs.changes;
        self.replies.extend(rhs.replies);
    }
}

/// Why [`VisitorState::answer`] did nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AnswerError {
    /// No request of that kind with that id is pending (already answered, replaced or closed).
    NotPending,
}

impl std::fmt::Display for AnswerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("no such request is pending")
    }
}

impl std::error::Error for AnswerError {}

impl VisitorState {
    /// The parts a request of `kind` opening or closing changes.
    pub(super) fn change_of(kind: PromptKind) -> Changes {
        Changes::PROMPTS
            | match kind {
                PromptKind::RemoteControl => Changes::REMOTE_CONTROL,
                PromptKind::ReverseSession => Changes::REVERSE,
                // Exhaustive: a new kind says here whether a part of its own tracks it.
                PromptKind::UrlStart
                | PromptKind::VisitorVideo
                | PromptKind::VisitorScreenshare
                | PromptKind::SurfaceNotAllowed
                | PromptKind::AddGuest
                | PromptKind::DocumentShare
                | PromptKind::NavAssist
                | PromptKind::NavConfirm => Changes::NONE,
            }
    }

    /// What an accepted request of `kind` changes beyond closing it (exhaustive: a new kind says
    /// here whether its acceptance is state of its own). Its part is already in the answer's
    /// changes ([`change_of`](Self::change_of)).
    fn accepted(&mut self, kind: PromptKind) {
        match kind {
            PromptKind::ReverseSession => self.reverse_stage = ReverseSession::Active,
            // Remote control and the visitor's media change when Glance says so (`rc`,
            // `visitorvideostarted`, …), not on the answer; a document share goes on to its file
            // step (`followup`).
            PromptKind::RemoteControl
            | PromptKind::UrlStart
            | PromptKind::VisitorVideo
            | PromptKind::VisitorScreenshare
            | PromptKind::SurfaceNotAllowed
            | PromptKind::AddGuest
            | PromptKind::DocumentShare
            | PromptKind::NavAssist
            | PromptKind::NavConfirm => {}
        }
    }

    /// Closes a pending request of `kind`, declining it on the visitor's behalf.
    pub(super) fn close_prompt(&mut self, kind: PromptKind) -> Update {
        match self.requests.remove(&kind) {
            Some(old) => Update {
                changes: Self::change_of(kind),
                replies: vec![Reply::kit_decline(kind, old.id, old.request.responder)],
            },
            None => Update::default(),
        }
    }

    pub(super) fn open_prompt(&mut self, request: Request, order: Option<u64>) -> Update {
        let kind = request.kind;
        // A flow this build leaves out (a cargo feature): declined at once, never shown.
        if !kind.compiled_in() {
            return self.decline_at_once(request);
        }
        let mut update = self.close_prompt(kind);
        let id = self.fresh_id();
        self.requests.insert(kind, Prompt { id, order: order.unwrap_or(id), request });
        update.changes |= Self::change_of(kind);
        update
    }

    /// The visitor answers the pending request `id` of `kind`. The request closes; the returned
    /// update carries the reply to send. An answer for a request that is no longer pending does
    /// nothing.
    pub fn answer(&mut self, kind: PromptKind, id: u64, answer: Answer) -> Result<Update, AnswerError> {
        self.answer_with(kind, id, answer, Value::Null)
    }

    /// [`answer`](Self::answer) with a detail the request's callback receives (the visitor-video
    /// settings, see [`VideoSettings`](crate::event::VideoSettings)).
    pub fn answer_with(
        &mut self,
        kind: PromptKind,
        id: u64,
        answer: Answer,
        detail: Value,
    ) -> Result<Update, AnswerError> {
        if self.prompt(kind).map(|p| p.id) != Some(id) {
            return Err(AnswerError::NotPending);
        }
        let Some(prompt) = self.requests.remove(&kind) else { return Err(AnswerError::NotPending) };
        let mut update = Update {
            changes: Self::change_of(kind),
            replies: vec![Reply { kind, id, answer, detail, by_visitor: true, responder: prompt.request.responder }],
        };
        if answer == Answer::Accept {
            self.accepted(kind);
        }
        // A request with a second step goes on to it, in the same place in the queue.
        if let (Answer::Accept, Some(next)) = (answer, prompt.request.followup) {
            let facts = RequestFacts { followup: true, ..prompt.request.facts };
            update |= self.open_prompt(Request::new(kind, facts, next), Some(prompt.order));
        }
        Ok(update)
    }

    /// A request the source could not bring to the visitor (see
    /// [`SourceMessage::Refused`](crate::source::SourceMessage::Refused)): declined at once by the
    /// kit, never shown, and `error` shown instead.
    pub fn refuse(&mut self, request: Request, error: GlanceError) -> Update {
        let mut update = self.decline_at_once(request);
        update.changes |= self.push_error(error);
        update
    }

    /// A request declined by the kit as it arrives, never shown.
    fn decline_at_once(&mut self, request: Request) -> Update {
        let id = self.fresh_id();
        Update { changes: Changes::NONE, replies: vec![Reply::kit_decline(request.kind, id, request.responder)] }
    }

    /// The kit goes away (unmounted, or its source closed): every pending request is closed and
    /// declined on the visitor's behalf, so that no agent is left waiting.
    pub fn close(&mut self) -> Update {
        let mut update = Update::default();
        let kinds: Vec<PromptKind> = self.requests.keys().copied().collect();
        for kind in kinds {
            update |= self.close_prompt(kind);
        }
        update
    }
}
