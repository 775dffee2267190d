//! [`Messages`]: every visible string of the kit, in five catalogs (English by default, German,
//! French, Spanish, Arabic), each a plain value an integrator can change string by string.
//!
//! ```
//! use glance_visitor_kit::{messages::Dir, Messages};
//! let messages = Messages { rc_allow: "Yes, go ahead".into(), ..Messages::default() };
//! assert_eq!(messages.agents_label(2), "2 agents viewing");
//! // A catalog by language tag (BCP 47), with a fallback to English.
//! let arabic = Messages::for_language("ar-EG");
//! assert_eq!((arabic.lang.as_ref(), arabic.dir), ("ar", Dir::Rtl));
//! assert_eq!(Messages::for_language("tlh").lang, "en");
//! // Strings with values are functions of them: each language pluralises its own way.
//! assert_eq!(Messages::german().agents_label(0), "Kein Agent sieht zu");
//! assert_eq!(Messages::french().agents_label(0), "0 agent connecté");
//! ```
//!
//! ## Adding a catalog
//! Write a function returning a [`Messages`] with every field (the compiler lists any you miss),
//! `lang` set to its BCP 47 tag and `dir` to its direction, and an `agents` function that picks
//! the language's plural form; pass it to [`VisitorOptions::messages`](crate::VisitorOptions::messages)
//! or [`VisitorContext::set_messages`](crate::VisitorContext::set_messages).

use std::borrow::Cow;

use crate::event::{EndReason, ErrorCode, GlanceError, PromptKind, RequestFacts};

mod ar;
mod de;
mod en;
mod es;
mod fr;
mod plural;
mod prompt;

pub(crate) use plural::agents_one_other;
pub use plural::{with_count, Plural};
pub use prompt::PromptText;

type Text = Cow<'static, str>;

/// Text direction of a catalog's language (the kit roots' `dir` attribute).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Dir {
    /// Left to right.
    #[default]
    Ltr,
    /// Right to left (Arabic, Hebrew, …): the kit's layout mirrors.
    Rtl,
}

impl Dir {
    /// `ltr` or `rtl`.
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }
}

/// The language tags of the built-in catalogs, in the order of [`Messages::for_language`]'s match.
pub const LANGUAGES: [&str; 5] = ["en", "de", "fr", "es", "ar"];

/// The kit's strings, in one language. `{n}` in `declines_in`, `agents_one` and `agents_many` is
/// replaced with the number. Two catalogs are equal when their strings are and their `agents`
/// functions are the same function.
#[derive(Clone, Debug, PartialEq)]
#[allow(unpredictable_function_pointer_comparisons)]
pub struct Messages {
    /// The language's BCP 47 tag (the kit roots' `lang` attribute).
    pub lang: Text,
    /// The language's direction (the kit roots' `dir` attribute).
    pub dir: Dir,
    /// The agent count label ("2 agents viewing"), a function of the count so that each language
    /// picks its plural form. The catalogs of English, German, French and Spanish build it from
    /// `agents_one` / `agents_many` (so overriding those is enough there); Arabic's has six forms.
    pub agents: fn(&Messages, u32) -> String,
    /// Between the agents' names but the last two (", ").
    pub list_separator: Text,
    /// Between the last two names (" and ").
    pub list_and: Text,
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
    /// The camera picker's label.
    pub camera_label: Text,
    /// The camera preview's accessible name.
    pub camera_preview: Text,
    /// While the camera preview starts.
    pub camera_starting: Text,
    /// No camera was found.
    pub camera_none: Text,
    /// Camera access was refused.
    pub camera_blocked: Text,
    /// The browser cannot share video.
    pub camera_unsupported: Text,
    /// The document picker's button.
    pub document_choose: Text,
    /// Beside the button: the drop zone.
    pub document_drop: Text,
    /// A file of a kind that cannot be shared.
    pub document_wrong_type: Text,
    /// A spreadsheet of 5 MiB or more (Glance cannot show it to the agent).
    pub document_too_big: Text,
    /// A PDF of 5 MiB or more: the agent can view it, but not download it.
    pub document_view_only: Text,
    /// A file that cannot be read.
    pub document_unreadable: Text,
    /// The visitor-video tile's title.
    pub video_tile_title: Text,
    /// Pause the visitor's video.
    pub video_pause: Text,
    /// Resume the visitor's video.
    pub video_resume: Text,
    /// Make the video large.
    pub video_larger: Text,
    /// Make the video small.
    pub video_smaller: Text,
    /// Stop the visitor's video.
    pub video_stop: Text,
    /// The visitor's video is paused.
    pub video_paused: Text,
    /// The visitor shares their screen.
    pub visitor_share_on: Text,
    /// The visitor's screen share is paused.
    pub visitor_share_paused: Text,
    /// Shown while the agent controls the page.
    pub rc_indicator: Text,
    /// Button that takes control back.
    pub rc_stop: Text,
    /// Connection lost, retrying.
    pub reconnecting: Text,
    /// Connection lost for good.
    pub connection_lost: Text,
    /// The singular agent count label (`{n}` is the count).
    pub agents_one: Text,
    /// The plural agent count label (`{n}` is the count).
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
    /// `documentnotsent`: the document did not reach the agent.
    pub error_document_not_sent: Text,
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
    /// The session widget's accessible name.
    pub widget_label: Text,
    /// In a session, before an agent has joined.
    pub widget_waiting: Text,
    /// Show the session's details.
    pub widget_details: Text,
    /// Hide the session's details.
    pub widget_hide_details: Text,
    /// The session widget's move handle (drag, or Shift + arrow keys).
    pub widget_move: Text,
    /// Said when the agent drops the bar in the top left corner (`widgetmoved`; the viewport's
    /// physical corners, also in right-to-left languages).
    pub widget_moved_top_left: Text,
    /// … in the top right corner.
    pub widget_moved_top_right: Text,
    /// … in the bottom left corner.
    pub widget_moved_bottom_left: Text,
    /// … in the bottom right corner.
    pub widget_moved_bottom_right: Text,
    /// The hint on masked parts during a session ([`Masked`](crate::Masked), `data-gvk-private`).
    pub private_hint: Text,
}

impl Default for Messages {
    /// English.
    fn default() -> Self {
        en::messages()
    }
}

impl Messages {
    /// English (the default).
    pub fn english() -> Self {
        en::messages()
    }

    /// German.
    pub fn german() -> Self {
        de::messages()
    }

    /// French.
    pub fn french() -> Self {
        fr::messages()
    }

    /// Spanish.
    pub fn spanish() -> Self {
        es::messages()
    }

    /// Arabic (right to left).
    pub fn arabic() -> Self {
        ar::messages()
    }

    /// The catalog of a BCP 47 language tag (`de`, `fr-CA`, `es-419`, `ar-EG`, …, matched on the
    /// primary language, any case), if the kit has one.
    pub fn try_for_language(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        Some(match primary.as_str() {
            "en" => en::messages(),
            "de" => de::messages(),
            "fr" => fr::messages(),
            "es" => es::messages(),
            "ar" => ar::messages(),
            _ => return None,
        })
    }

    /// The catalog of a language tag, English when the kit has none for it.
    pub fn for_language(tag: &str) -> Self {
        Self::try_for_language(tag).unwrap_or_default()
    }

    /// The catalog of the first tag in `tags` (the visitor's preferred languages, best first) that
    /// the kit has, English when none.
    pub fn for_languages<I: IntoIterator<Item = S>, S: AsRef<str>>(tags: I) -> Self {
        tags.into_iter().find_map(|t| Self::try_for_language(t.as_ref())).unwrap_or_default()
    }

    /// The catalog of the browser's languages (`navigator.languages`, best first), English when
    /// none fits. On the server (no browser) English: the server cannot know them; read the
    /// request's `Accept-Language` there and use [`for_languages`](Self::for_languages).
    pub fn from_browser() -> Self {
        Self::for_languages(crate::dom::languages())
    }

    /// "1 agent viewing" / "3 agents viewing", in the catalog's plural form for `n`.
    pub fn agents_label(&self, n: u32) -> String {
        (self.agents)(self, n)
    }

    /// The agents' names as one phrase: "Ann, Ben and Cy".
    pub fn agent_names(&self, names: &[String]) -> String {
        let mut out = String::new();
        for (i, name) in names.iter().enumerate() {
            if i > 0 {
                out.push_str(if i + 1 == names.len() { &self.list_and } else { &self.list_separator });
            }
            out.push_str(name);
        }
        out
    }

    /// "Declines on its own in 12 s".
    pub fn declines_in(&self, n: u32) -> String {
        with_count(&self.declines_in, n)
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
            ErrorCode::DocumentNotSent => Some(&self.error_document_not_sent),
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
}
