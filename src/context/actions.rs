//! The visitor's actions: answers, start and stop, remote control, video, documents, pause, the
//! terms prompt and the start button; each goes through the core, which calls the source after the
//! state is released.

use super::*;

impl VisitorContext {
    fn push(&self, input: Input) {
        if let Some(core) = self.core() {
            core.push(input);
        }
    }

    /// Runs an action on the source (outside any borrow); a failure also shows as an error and
    /// reaches the observer.
    fn act(
        &self,
        name: &'static str,
        f: impl FnOnce(&dyn VisitorSource) -> Result<(), SourceError>,
    ) -> Result<(), SourceError> {
        let core = self.core().ok_or(SourceError::NotLoaded)?;
        let result = f(core.source.as_ref());
        core.acted(name, &result);
        result
    }

    /// The visitor answers request `id` of `kind`. A stale id (the request was replaced or closed)
    /// does nothing; no request is ever answered twice.
    pub fn answer(&self, kind: PromptKind, id: u64, answer: Answer) {
        self.answer_with(kind, id, answer, AnswerDetail::None);
    }

    /// [`answer`](Self::answer) with what the prompt's extra part produced
    /// ([`PromptKind::extra`](crate::event::PromptKind::extra)): the camera check's settings go to
    /// the request's callback; a document is shared once the request is accepted.
    pub fn answer_with(&self, kind: PromptKind, id: u64, answer: Answer, detail: AnswerDetail) {
        match detail {
            AnswerDetail::None => self.push(Input::Answer(kind, id, answer, Value::Null)),
            AnswerDetail::Video(settings) => self.push(Input::Answer(kind, id, answer, settings.to_value())),
            AnswerDetail::Document(document) => {
                self.push(Input::Answer(kind, id, answer, Value::Null));
                if answer == Answer::Accept {
                    let _ = self.send_document(&document);
                }
            }
        }
    }

    /// The prompt's extra part keeps what the answer to request `id` will carry (`None`: nothing
    /// yet). Browser only: the kit's core holds it, and drops it with the kit.
    #[cfg_attr(not(feature = "document-share"), allow(dead_code))]
    pub(crate) fn keep_detail(&self, id: u64, detail: Option<AnswerDetail>) {
        if let Some(core) = self.core() {
            *core.detail.borrow_mut() = detail.map(|d| (id, d));
        }
    }

    /// What the prompt's extra part kept for request `id`, taken out ([`AnswerDetail::None`] when
    /// it kept nothing for that request).
    pub(crate) fn take_detail(&self, id: u64) -> AnswerDetail {
        let Some(core) = self.core() else { return AnswerDetail::None };
        let mut kept = core.detail.borrow_mut();
        match kept.take() {
            Some((kept_id, detail)) if kept_id == id => detail,
            other => {
                *kept = other;
                AnswerDetail::None
            }
        }
    }

    /// Removes an error from the list.
    pub fn dismiss_error(&self, id: u64) {
        self.push(Input::Dismiss(id));
    }

    /// Starts a session. A failure also shows as an error. When the source takes the call and no
    /// session is under way, the session shows as starting at once (Glance queues the call while
    /// its script loads), and [`VisitorOptions::start_timeout`] runs from then.
    pub fn start_session(&self, params: &StartParams) -> Result<(), SourceError> {
        let epoch = self.core().map(|c| c.session_epoch.get());
        let result = self.act("startSession", |s| s.start_session(params));
        if let (Ok(()), Some(epoch)) = (&result, epoch) {
            self.push(Input::StartRequested(epoch));
        }
        result
    }

    /// Ends the session (Glance's `stopSession`). A failure also shows as an error. A start still
    /// waiting for Glance's script is withdrawn instead (nothing reached Glance), and there is no
    /// session again.
    pub fn stop_session(&self) -> Result<(), SourceError> {
        if let Some(core) = self.core() {
            let starting = core.state.try_borrow().is_ok_and(|s| s.session.phase == SessionPhase::Starting);
            if starting && core.source.cancel_start() {
                core.push(Input::StartWithdrawn);
                core.acted("stopSession", &Ok(()));
                return Ok(());
            }
        }
        self.act("stopSession", |s| s.stop_session())
    }

    /// Turns remote control on or off (`enableRC`). A failure also shows as an error.
    pub fn enable_rc(&self, enabled: bool) -> Result<(), SourceError> {
        self.act("enableRC", |s| s.enable_rc(enabled))
    }

    /// Pauses or resumes the visitor's video (`toggleVideo`). A failure also shows as an error.
    pub fn toggle_video(&self) -> Result<(), SourceError> {
        self.act("toggleVideo", |s| s.toggle_video())
    }

    /// Switches the visitor's video between small and large (`toggleVideoSize`).
    pub fn toggle_video_size(&self) -> Result<(), SourceError> {
        self.act("toggleVideoSize", |s| s.toggle_video_size())
    }

    /// Stops the visitor's video (`stopVideo`). A failure also shows as an error.
    pub fn stop_video(&self) -> Result<(), SourceError> {
        self.act("stopVideo", |s| s.stop_video())
    }

    /// Sends the document the visitor chose (`sendDocument` + `viewPDF` / `viewXLS`).
    pub fn send_document(&self, document: &crate::source::SharedDocument) -> Result<(), SourceError> {
        self.act("sendDocument", |s| s.send_document(document))
    }

    /// Pauses or resumes the session (`pauseSession`). A failure also shows as an error.
    pub fn pause_session(&self, pause: bool, message: Option<&str>) -> Result<(), SourceError> {
        self.act("pauseSession", |s| s.pause_session(pause, message))
    }

    fn set_ui(&self, f: impl FnOnce(&mut UiState)) {
        if let Some(core) = self.core() {
            if let Ok(mut ui) = core.ui.try_borrow_mut() {
                f(&mut ui);
            }
            self.triggers.ui.notify();
        }
    }

    /// Reports something the kit did outside the source (an invocation from a chat window, see
    /// [`crate::invoke`]) to the [`Observer`]; a problem is also logged as a console warning. Call
    /// it outside any borrow of the kit's state (the observer may read the context).
    pub fn report(&self, activity: &Activity) {
        if activity.is_problem() {
            crate::source::warn(&activity.to_string());
        }
        if let Some(observer) = self.observer.try_with_value(Clone::clone).flatten() {
            observer.call(activity);
        }
    }

    /// Opens the terms prompt (what Glance's `showTerms(params)` does); nothing during a session,
    /// as in Glance's own UI (a start would only be refused).
    pub fn show_terms(&self, params: StartParams) {
        if self.core().is_some_and(|core| core.state.try_borrow().is_ok_and(|s| s.session.phase.in_session())) {
            return;
        }
        self.set_ui(|u| u.terms = Some(params));
    }

    /// Closes the terms prompt without starting.
    pub fn close_terms(&self) {
        self.set_ui(|u| u.terms = None);
    }

    /// Shows or hides the start button.
    pub fn show_button(&self, show: bool) {
        self.set_ui(|u| u.button_hidden = !show);
    }
}

/// What an answer carries besides Accept or Decline: what the prompt's extra part produced
/// ([`PromptExtra`](crate::event::PromptExtra)), given to [`VisitorContext::answer_with`].
#[derive(Clone, Debug, Default)]
pub enum AnswerDetail {
    /// Nothing.
    #[default]
    None,
    /// The camera check's settings (Glance's `accept(settings)` / `decline(settings)`).
    Video(crate::event::VideoSettings),
    /// The document the file step read: shared (`viewPDF` / `viewXLS`) once the request is
    /// accepted.
    Document(crate::source::SharedDocument),
}
