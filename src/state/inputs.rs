//! Kit inputs that are not Glance events: errors shown or dismissed, and the start the visitor asked
//! for.

use super::*;

impl VisitorState {
    /// Removes the error with this id; returns whether there was one.
    pub fn dismiss_error(&mut self, id: u64) -> Changes {
        let before = self.errors.len();
        self.errors.retain(|e| e.id != id);
        if self.errors.len() == before {
            Changes::NONE
        } else {
            Changes::ERRORS
        }
    }

    /// Shows an error of the kit's own (an action or an answer failed).
    pub fn report_error(&mut self, error: GlanceError) -> Changes {
        self.push_error(error)
    }

    /// The visitor asked for a session and the source took the call (Glance queues it while its
    /// script loads): with no session under way, the session is starting from now, as on
    /// `sessionstarting`. So the UI says so at once, the start button cannot start a second one,
    /// and the start timeout covers a script that never loads. Does nothing during a session.
    pub fn start_requested(&mut self) -> Changes {
        if self.session.phase.in_session() {
            return Changes::NONE;
        }
        self.apply(VisitorEvent::SessionStarting).changes
    }

    /// A start that never reached Glance was withdrawn (the visitor ended a session that only the
    /// kit knew was starting, while Glance's script was still loading): no session, as before.
    /// Does nothing unless the session is starting.
    pub fn start_withdrawn(&mut self) -> Changes {
        if self.session.phase != SessionPhase::Starting {
            return Changes::NONE;
        }
        self.session.phase = SessionPhase::Idle;
        Changes::SESSION
    }

    /// The kit's start timeout fired: a session still `Starting` ends with an error that says so.
    /// Does nothing in any other phase.
    pub fn start_timed_out(&mut self, msg: &str) -> Changes {
        if self.session.phase != SessionPhase::Starting {
            return Changes::NONE;
        }
        self.session.phase = SessionPhase::Ended { reason: Some(EndReason::Error) };
        Changes::SESSION | self.push_error(GlanceError::kit(ErrorCode::StartTimeout, msg))
    }
}
