//! The texts of a request's prompt, per kind and with what its payload says.

use super::*;

impl Messages {
    /// The texts of a request's prompt. The message ends with the destination for navigation
    /// requests (its name, else its address).
    pub fn prompt_text(&self, kind: PromptKind, facts: &RequestFacts) -> PromptText {
        let text = |title: &Text, message: &Text, accept: &Text, decline: &Text| PromptText {
            title: title.to_string(),
            message: message.to_string(),
            accept: accept.to_string(),
            decline: decline.to_string(),
        };
        let destination = |message: &Text| match facts.name.as_deref().or(facts.url.as_deref()) {
            Some(place) => format!("{message} {place}"),
            None => message.to_string(),
        };
        match kind {
            PromptKind::RemoteControl => {
                let message = if facts.selective { &self.rc_selective_message } else { &self.rc_message };
                text(&self.rc_title, message, &self.rc_allow, &self.decline)
            }
            PromptKind::ReverseSession => {
                text(&self.reverse_title, &self.reverse_message, &self.reverse_join, &self.decline)
            }
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
