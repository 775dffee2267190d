//! [`Messages`]: every visible string of the kit, with English defaults an integrator can replace.
//!
//! ```
//! use glance_visitor_kit::Messages;
//! let messages = Messages { rc_allow: "Yes, go ahead".into(), ..Messages::default() };
//! assert_eq!(messages.agents_label(2), "2 agents viewing");
//! ```

use std::borrow::Cow;

use crate::event::{EndReason, ErrorCode, GlanceError, PromptKind, RequestFacts};

type Text = Cow<'static, str>;

/// The kit's strings. `{n}` in `agents_many` is replaced with the count.
#[derive(Clone, Debug, PartialEq)]
pub struct Messages {
    /// The accessible name of [`VisitorUi`](crate::VisitorUi)'s landmark.
    pub region_label: Text,
    /// Remote-control prompt title.
    pub rc_title: Text,
    /// Remote-control prompt question.
    pub rc_message: Text,
    /// Remote-control prompt question when the agent asks for some areas only.
    pub rc_selective_message: Text,
    /// Accept remote control.
    pub rc_allow: Text,
    /// Decline (every prompt's safe action).
    pub decline: Text,
    /// Reverse-session prompt title.
    pub reverse_title: Text,
    /// Reverse-session prompt message.
    pub reverse_message: Text,
    /// Accept a reverse session.
    pub reverse_join: Text,
    /// URL start prompt title.
    pub urlstart_title: Text,
    /// URL start prompt message.
    pub urlstart_message: Text,
    /// Accept the URL start.
    pub urlstart_continue: Text,
    /// Visitor-video request title.
    pub video_title: Text,
    /// Visitor-video request message.
    pub video_message: Text,
    /// Accept the visitor-video request.
    pub video_accept: Text,
    /// Visitor screen-share request title.
    pub share_title: Text,
    /// Visitor screen-share request message.
    pub share_message: Text,
    /// Accept the visitor screen-share request.
    pub share_accept: Text,
    /// The visitor picked a screen the agent may not see: title.
    pub surface_title: Text,
    /// The visitor picked a screen the agent may not see: message.
    pub surface_message: Text,
    /// Try sharing again.
    pub surface_retry: Text,
    /// Stop sharing.
    pub surface_stop: Text,
    /// Add-guest request title.
    pub guest_title: Text,
    /// Add-guest request message.
    pub guest_message: Text,
    /// Accept the add-guest request.
    pub guest_accept: Text,
    /// Document-share request title.
    pub document_title: Text,
    /// Document-share request message.
    pub document_message: Text,
    /// Go on to choosing a document.
    pub document_continue: Text,
    /// Document file picker: title.
    pub document_pick_title: Text,
    /// Document file picker: message.
    pub document_pick_message: Text,
    /// Document file picker: share the chosen file.
    pub document_share: Text,
    /// Cancel (the document file picker's safe action).
    pub cancel: Text,
    /// Navigation-assist request title.
    pub navigate_title: Text,
    /// Navigation-assist request message (the destination's name or address follows).
    pub navigate_message: Text,
    /// Go to the agent's page.
    pub navigate_go: Text,
    /// Stay on this page (navigation prompts' safe action).
    pub navigate_stay: Text,
    /// Navigation while the agent controls the page: title.
    pub confirm_title: Text,
    /// Navigation while the agent controls the page: message (the address follows).
    pub confirm_message: Text,
    /// The whole page is hidden from the agent.
    pub page_masked: Text,
    /// A prompt declines on its own in `{n}` seconds.
    pub declines_in: Text,
    /// An agent's document is arriving.
    pub file_downloading: Text,
    /// Shown while the agent controls the page.
    pub rc_indicator: Text,
    /// Button that takes control back.
    pub rc_stop: Text,
    /// Connection lost, retrying.
    pub reconnecting: Text,
    /// Connection lost for good.
    pub connection_lost: Text,
    /// One agent.
    pub agents_one: Text,
    /// Several agents; `{n}` is the count.
    pub agents_many: Text,
    /// Session starting.
    pub session_starting: Text,
    /// Session running.
    pub session_active: Text,
    /// Label before the session key.
    pub session_key_label: Text,
    /// Session paused.
    pub session_paused: Text,
    /// The session goes on in another tab or window (after `blur`).
    pub session_elsewhere: Text,
    /// Session ended, no reason known.
    pub session_ended: Text,
    /// The agent ended it.
    pub ended_by_agent: Text,
    /// The visitor ended it.
    pub ended_by_visitor: Text,
    /// An error ended it.
    pub ended_by_error: Text,
    /// The End button.
    pub end: Text,
    /// End confirm title.
    pub end_confirm_title: Text,
    /// End confirm message.
    pub end_confirm_message: Text,
    /// End confirm: yes.
    pub end_confirm_yes: Text,
    /// End confirm: no.
    pub end_confirm_no: Text,
    /// The start button.
    pub start_button: Text,
    /// Terms prompt title.
    pub terms_title: Text,
    /// Terms prompt message.
    pub terms_message: Text,
    /// Terms link text.
    pub terms_link: Text,
    /// Accept the terms.
    pub terms_accept: Text,
    /// Decline the terms.
    pub terms_decline: Text,
    /// Error list heading (visually hidden).
    pub errors_label: Text,
    /// Dismiss an error.
    pub dismiss: Text,
    /// The kit's start timeout.
    pub error_start_timeout: Text,
    /// `service`.
    pub error_service: Text,
    /// `conndrop`.
    pub error_conndrop: Text,
    /// `dupkey`.
    pub error_dupkey: Text,
    /// `maskingerror`.
    pub error_masking: Text,
    /// `scriptloadfailed`.
    pub error_script: Text,
    /// A screen share failed.
    pub error_screenshare: Text,
    /// Answering an agent's request failed (Glance's reason follows).
    pub error_answer: Text,
    /// The agent's viewer is too slow (`viewerclosing` with `PlayerTooSlow`).
    pub error_slow_viewer: Text,
    /// The agent's viewer closed for another reason.
    pub error_viewer_closed: Text,
    /// The visitor's video was turned off: background blur too slow.
    pub error_bgfilter: Text,
    /// The visitor's video failed.
    pub error_visitor_video: Text,
    /// Any other error without a message.
    pub error_other: Text,
    /// Screen-share panel title.
    pub screenshare_title: Text,
    /// Agent-video panel title.
    pub agentvideo_title: Text,
    /// Shown instead of a paused view.
    pub paused_by_agent: Text,
    /// Minimise a panel.
    pub minimise: Text,
    /// Restore a panel.
    pub restore: Text,
    /// How to move a panel with the keyboard.
    pub move_hint: Text,
}

impl Default for Messages {
    fn default() -> Self {
        Messages {
            region_label: "Cobrowse".into(),
            rc_title: "Remote control".into(),
            rc_message: "Allow the agent to take control?".into(),
            rc_selective_message: "Allow the agent to control some areas of the page?".into(),
            rc_allow: "Allow".into(),
            decline: "Decline".into(),
            reverse_title: "Join the agent's session?".into(),
            reverse_message: "The agent invites you to see their screen.".into(),
            reverse_join: "Join".into(),
            urlstart_title: "Continue the session?".into(),
            urlstart_message: "Your cobrowse session is about to continue on another website.".into(),
            urlstart_continue: "Continue".into(),
            video_title: "Join a video session with an agent".into(),
            video_message: "Sharing your video allows you and the agent to view live video of each other.".into(),
            video_accept: "Share my video".into(),
            share_title: "Share your screen?".into(),
            share_message: "The agent is requesting to view your screen. After accepting, choose which content to share."
                .into(),
            share_accept: "Share screen".into(),
            surface_title: "This screen cannot be shared".into(),
            surface_message: "You do not have permission to show this media type. Do you want to try again?".into(),
            surface_retry: "Try again".into(),
            surface_stop: "Stop sharing".into(),
            guest_title: "Add a guest?".into(),
            guest_message: "Allow the agent to add a guest to this session?".into(),
            guest_accept: "Allow".into(),
            document_title: "Share a document?".into(),
            document_message: "The agent requested for you to share a document.".into(),
            document_continue: "Choose a document".into(),
            document_pick_title: "Share a document?".into(),
            document_pick_message: "Choose a PDF, Excel or CSV file under 5 MB.".into(),
            document_share: "Share".into(),
            cancel: "Cancel".into(),
            navigate_title: "Go to another page?".into(),
            navigate_message: "Your agent would like to take you to a new page:".into(),
            navigate_go: "Go".into(),
            navigate_stay: "Stay here".into(),
            confirm_title: "Leave this page?".into(),
            confirm_message: "The agent is opening another page:".into(),
            page_masked: "This page is hidden from the agent.".into(),
            declines_in: "Declines on its own in {n} s".into(),
            file_downloading: "The agent is sharing a document. Loading file, please stay on this page.".into(),
            rc_indicator: "The agent is controlling this page".into(),
            rc_stop: "Take back control".into(),
            reconnecting: "Reconnecting to the agent…".into(),
            connection_lost: "The connection to the agent was lost.".into(),
            agents_one: "1 agent viewing".into(),
            agents_many: "{n} agents viewing".into(),
            session_starting: "Session starting…".into(),
            session_active: "The agent is viewing your browser.".into(),
            session_key_label: "Please give the agent this key:".into(),
            session_paused: "The session is paused.".into(),
            session_elsewhere: "The session continues in another tab or window.".into(),
            session_ended: "The session has ended.".into(),
            ended_by_agent: "The agent ended the session.".into(),
            ended_by_visitor: "You ended the session.".into(),
            ended_by_error: "The session ended because of an error.".into(),
            end: "End session".into(),
            end_confirm_title: "End session?".into(),
            end_confirm_message: "The agent will no longer see your browser.".into(),
            end_confirm_yes: "End session".into(),
            end_confirm_no: "Keep sharing".into(),
            start_button: "Start cobrowse".into(),
            terms_title: "Mind if I browse with you?".into(),
            terms_message: "An agent will see this page to help you. You can end the session at any time.".into(),
            terms_link: "Terms and conditions".into(),
            terms_accept: "Accept".into(),
            terms_decline: "No thanks".into(),
            errors_label: "Cobrowse problems".into(),
            dismiss: "Dismiss".into(),
            error_start_timeout: "The session could not start. Please try again.".into(),
            error_service: "The cobrowse service could not be reached.".into(),
            error_conndrop: "The connection to the agent was lost.".into(),
            error_dupkey: "That session key is already in use.".into(),
            error_masking: "Part of the page could not be hidden from the agent.".into(),
            error_script: "The cobrowse script could not be loaded.".into(),
            error_screenshare: "The agent's screen share failed.".into(),
            error_answer: "Your answer could not be sent to the agent.".into(),
            error_slow_viewer: "Slow browser or network - video may not display.".into(),
            error_viewer_closed: "The agent's view closed.".into(),
            error_bgfilter: "Your video is turned off due to poor background blur performance.".into(),
            error_visitor_video: "Your video could not be shown to the agent.".into(),
            error_other: "Something went wrong with the cobrowse session.".into(),
            screenshare_title: "Agent's screen".into(),
            agentvideo_title: "Agent video".into(),
            paused_by_agent: "Paused by the agent".into(),
            minimise: "Minimise".into(),
            restore: "Restore".into(),
            move_hint: "Shift + arrow keys move this panel".into(),
        }
    }
}

impl Messages {
    /// "1 agent viewing" / "3 agents viewing".
    pub fn agents_label(&self, n: u32) -> String {
        if n == 1 {
            self.agents_one.to_string()
        } else {
            self.agents_many.replace("{n}", &n.to_string())
        }
    }

    /// "Declines on its own in 12 s".
    pub fn declines_in(&self, n: u32) -> String {
        self.declines_in.replace("{n}", &n.to_string())
    }

    /// How a session end is described.
    pub fn ended(&self, reason: Option<&EndReason>) -> &str {
        match reason {
            Some(EndReason::Agent) => &self.ended_by_agent,
            Some(EndReason::Visitor) => &self.ended_by_visitor,
            Some(EndReason::Error) => &self.ended_by_error,
            _ => &self.session_ended,
        }
    }

    /// The summary shown for an error: the catalog's text for a known code, else Glance's own `msg`,
    /// else a generic text. Always plain text; see also [`Messages::error_detail`].
    pub fn error_text(&self, e: &GlanceError) -> String {
        let known: Option<&Text> = match &e.code {
            ErrorCode::StartTimeout => Some(&self.error_start_timeout),
            ErrorCode::Service => Some(&self.error_service),
            ErrorCode::ConnDrop => Some(&self.error_conndrop),
            ErrorCode::DupKey => Some(&self.error_dupkey),
            ErrorCode::MaskingError => Some(&self.error_masking),
            ErrorCode::ScriptLoadFailed => Some(&self.error_script),
            ErrorCode::ScreenshareFailed => Some(&self.error_screenshare),
            ErrorCode::AnswerFailed => Some(&self.error_answer),
            ErrorCode::ViewerClosing if e.msg == "PlayerTooSlow" => Some(&self.error_slow_viewer),
            ErrorCode::ViewerClosing => Some(&self.error_viewer_closed),
            ErrorCode::VideoBgFilterFailed => Some(&self.error_bgfilter),
            ErrorCode::VisitorVideoError => Some(&self.error_visitor_video),
            ErrorCode::ActionFailed | ErrorCode::Other(_) => None,
        };
        match (known, e.msg.trim()) {
            (Some(text), _) => text.to_string(),
            (None, "") => self.error_other.to_string(),
            (None, msg) => msg.to_owned(),
        }
    }

    /// Glance's own `msg`, shown under the summary when the summary came from the catalog.
    pub fn error_detail<'a>(&self, e: &'a GlanceError) -> Option<&'a str> {
        let msg = e.msg.trim();
        let summary_is_msg = matches!(&e.code, ErrorCode::ActionFailed | ErrorCode::Other(_))
            || (e.code == ErrorCode::ViewerClosing && msg == "PlayerTooSlow");
        (!msg.is_empty() && !summary_is_msg).then_some(msg)
    }

    /// The texts of a request's prompt. The message ends with the destination for navigation
    /// requests (its name, else its address).
    pub fn prompt_text(&self, kind: PromptKind, facts: &RequestFacts) -> PromptText {
        let text = |title: &Text, message: &Text, accept: &Text, decline: &Text| PromptText {
            title: title.to_string(),
            message: message.to_string(),
            accept: accept.to_string(),
            decline: decline.to_string(),
        };
        let destination = |message: &Text| {
            match facts.name.as_deref().or(facts.url.as_deref()) {
                Some(place) => format!("{message} {place}"),
                None => message.to_string(),
            }
        };
        match kind {
            PromptKind::RemoteControl => {
                let message = if facts.selective { &self.rc_selective_message } else { &self.rc_message };
                text(&self.rc_title, message, &self.rc_allow, &self.decline)
            }
            PromptKind::ReverseSession => text(&self.reverse_title, &self.reverse_message, &self.reverse_join, &self.decline),
            PromptKind::UrlStart => {
                text(&self.urlstart_title, &self.urlstart_message, &self.urlstart_continue, &self.decline)
            }
            PromptKind::VisitorVideo => text(&self.video_title, &self.video_message, &self.video_accept, &self.decline),
            PromptKind::VisitorScreenshare => {
                text(&self.share_title, &self.share_message, &self.share_accept, &self.decline)
            }
            PromptKind::SurfaceNotAllowed => {
                text(&self.surface_title, &self.surface_message, &self.surface_retry, &self.surface_stop)
            }
            PromptKind::AddGuest => text(&self.guest_title, &self.guest_message, &self.guest_accept, &self.decline),
            PromptKind::DocumentShare if facts.followup => {
                text(&self.document_pick_title, &self.document_pick_message, &self.document_share, &self.cancel)
            }
            PromptKind::DocumentShare => {
                text(&self.document_title, &self.document_message, &self.document_continue, &self.decline)
            }
            PromptKind::NavAssist => PromptText {
                message: destination(&self.navigate_message),
                ..text(&self.navigate_title, &self.navigate_message, &self.navigate_go, &self.navigate_stay)
            },
            PromptKind::NavConfirm => PromptText {
                message: destination(&self.confirm_message),
                ..text(&self.confirm_title, &self.confirm_message, &self.navigate_go, &self.navigate_stay)
            },
        }
    }
}

/// The four texts of a request's prompt.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct PromptText {
    /// The title (the dialog's accessible name).
    pub title: String,
    /// The message (the dialog's description).
    pub message: String,
    /// The accept button.
    pub accept: String,
    /// The decline button (the safe action, focused first).
    pub decline: String,
}
