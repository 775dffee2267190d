//! What the UI shows that spans parts: remote control, the reverse session, the session widget's
//! line, and the prompt on screen.

use super::*;

/// Remote control, derived from the `rc` state and the pending request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RemoteControl {
    /// Off.
    Off,
    /// The agent asked; the visitor has not answered.
    Requested {
        /// Only some areas of the page.
        selective: bool,
    },
    /// The agent controls the page.
    On,
}

/// Reverse session, derived from the stored stage and the pending request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum ReverseSession {
    /// None.
    #[default]
    Idle,
    /// The agent asked; the visitor has not answered.
    Confirming,
    /// The visitor accepted.
    Active,
    /// The agent ended it.
    Ended,
}

/// What the session widget says, in one line: derived from the phase, the connection, the pause,
/// remote control and the agents (see [`VisitorState::session_view`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionView {
    /// No session: the widget is not shown.
    Hidden,
    /// The session is starting.
    Starting,
    /// In a session, no agent known yet (before any `agents` event, or none): the key is prominent.
    Waiting,
    /// Agents view the page.
    Viewing,
    /// An agent controls the page.
    Controlling,
    /// The session is paused.
    Paused,
    /// The connection dropped; Glance is retrying.
    Reconnecting,
    /// The session continues in another tab or window of the site (`blur`): the agent does not
    /// see this page, so no border is drawn around it.
    Elsewhere,
    /// The session ended.
    Ended,
}

impl SessionView {
    /// `hidden`, `starting`, `waiting`, `viewing`, `controlling`, `paused`, `reconnecting`,
    /// `elsewhere`, `ended`
    /// (the widget's `data-state`).
    pub fn as_str(self) -> &'static str {
        match self {
            SessionView::Hidden => "hidden",
            SessionView::Starting => "starting",
            SessionView::Waiting => "waiting",
            SessionView::Viewing => "viewing",
            SessionView::Controlling => "controlling",
            SessionView::Paused => "paused",
            SessionView::Reconnecting => "reconnecting",
            SessionView::Elsewhere => "elsewhere",
            SessionView::Ended => "ended",
        }
    }
}

impl VisitorState {
    /// Remote control as the UI shows it.
    pub fn remote_control(&self) -> RemoteControl {
        match (self.prompt(PromptKind::RemoteControl), self.rc_enabled) {
            (_, true) => RemoteControl::On,
            (Some(p), false) => RemoteControl::Requested { selective: p.facts().selective },
            (None, false) => RemoteControl::Off,
        }
    }

    /// What the session widget says (first match wins): no session → `Hidden`; starting;
    /// ended; reconnecting; paused; the session in another tab (`blur`); an agent in control;
    /// agents viewing; else waiting for an agent.
    pub fn session_view(&self) -> SessionView {
        match self.session.phase {
            SessionPhase::Idle => SessionView::Hidden,
            SessionPhase::Starting => SessionView::Starting,
            SessionPhase::Ended { .. } => SessionView::Ended,
            SessionPhase::Active { .. } if self.connection == Connection::Reconnecting => SessionView::Reconnecting,
            SessionPhase::Active { .. } if self.session.paused => SessionView::Paused,
            SessionPhase::Active { .. } if !self.flags.focused => SessionView::Elsewhere,
            SessionPhase::Active { .. } if self.rc_enabled => SessionView::Controlling,
            SessionPhase::Active { .. } if self.agents.known && self.agents.count > 0 => SessionView::Viewing,
            SessionPhase::Active { .. } => SessionView::Waiting,
        }
    }

    /// Reverse session as the UI shows it.
    pub fn reverse_session(&self) -> ReverseSession {
        if self.requests.contains_key(&PromptKind::ReverseSession) {
            ReverseSession::Confirming
        } else {
            self.reverse_stage
        }
    }

    /// The pending request of a kind.
    pub fn prompt(&self, kind: PromptKind) -> Option<&Prompt> {
        self.requests.get(&kind)
    }

    /// The request the visitor sees now: the oldest pending one.
    pub fn current_prompt(&self) -> Option<&Prompt> {
        self.requests.values().min_by_key(|p| p.order)
    }
}
