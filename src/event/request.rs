//! Agent requests: the events that carry callbacks and wait for the visitor's answer.
//!
//! Every request kind is one line of the `prompt_kinds!` table below: its variant, the event
//! name Glance fires, and the `data-gvk` part of its prompt. Everything else a kind needs is an
//! exhaustive `match` the compiler checks: the facts read from its payload
//! ([`RequestFacts`], in the decoder), the callbacks that answer it ([`PromptKind::calls`]) and its
//! texts ([`Messages::prompt_text`](crate::Messages::prompt_text)). The state, the context and the
//! prompt component are generic over the kind. Adding a kind touches this file, the decoder (only
//! when it carries facts) and the messages.

use super::Responder;

macro_rules! prompt_kinds {
    ($( $(#[$doc:meta])* $variant:ident = $event:literal, $part:literal; )*) => {
        /// The kinds of agent request, each answered through one consent prompt.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum PromptKind {
            $( $(#[$doc])* $variant, )*
        }

        impl PromptKind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [PromptKind] = &[$(PromptKind::$variant),*];

            /// The event Glance fires for this request.
            pub fn event_name(self) -> &'static str {
                match self { $(PromptKind::$variant => $event,)* }
            }

            /// The `data-gvk` value of this request's prompt.
            pub fn part(self) -> &'static str {
                match self { $(PromptKind::$variant => $part,)* }
            }

            /// The kind Glance's event `name` requests, if it is a request.
            pub fn from_event(name: &str) -> Option<PromptKind> {
                match name { $($event => Some(PromptKind::$variant),)* _ => None }
            }
        }
    };
}

prompt_kinds! {
    /// `rcrequested`: the agent asks for remote control (of some areas only when `selective`).
    RemoteControl = "rcrequested", "rc-prompt";
    /// `reverseconfirm`: the agent asks the visitor to join a reverse session.
    ReverseSession = "reverseconfirm", "reverse-prompt";
    /// `urlstartwarning`: the session is about to continue on another domain.
    UrlStart = "urlstartwarning", "urlstart-prompt";
    /// `visitorvideorequested`: the agent asks to see the visitor's camera.
    VisitorVideo = "visitorvideorequested", "video-prompt";
    /// `visitorscreensharerequested`: the agent asks to see the visitor's screen.
    VisitorScreenshare = "visitorscreensharerequested", "screenshare-prompt";
    /// `visitorscreensharesurfacenotallowed`: the visitor picked a surface the agent may not see
    /// (accept: try again, decline: stop).
    SurfaceNotAllowed = "visitorscreensharesurfacenotallowed", "surface-prompt";
    /// `addguestrequested`: the agent asks to add a guest to the session.
    AddGuest = "addguestrequested", "guest-prompt";
    /// `docsharerequested`: the agent asks the visitor to share a document (terms, then a file).
    DocumentShare = "docsharerequested", "document-prompt";
    /// `navassistrequested`: the agent would like to take the visitor to another page.
    NavAssist = "navassistrequested", "navigate-prompt";
    /// `confirm`: the agent navigates while remote control is on.
    NavConfirm = "confirm", "confirm-prompt";
}

/// What a request's prompt shows between its message and its buttons ([`PromptKind::extra`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptExtra {
    /// Nothing.
    None,
    /// A camera check: Accept waits for a camera, and the answer carries the video settings.
    Camera,
    /// The terms link (a document share's first step).
    Terms,
    /// A file step (a document share's second step): Accept waits for a readable file, which is
    /// sent after the answer.
    File,
}

/// Which of a payload's functions answer a request, and how.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AnswerCalls {
    /// The payload function Accept calls.
    pub accept: &'static str,
    /// The payload function Decline calls; `None`: Glance expects nothing back (declining only
    /// closes the prompt).
    pub decline: Option<&'static str>,
    /// Both calls take a settings object (Glance throws without one): the answer's detail, else
    /// [`VideoSettings::default`](super::VideoSettings::default).
    pub settings: bool,
    /// Accept's result is a promise of a URL the visitor's page then goes to.
    pub navigate: bool,
}

impl AnswerCalls {
    const fn plain(accept: &'static str, decline: &'static str) -> Self {
        AnswerCalls { accept, decline: Some(decline), settings: false, navigate: false }
    }
}

impl PromptKind {
    /// The cargo feature that builds this request's flow in, for the kinds a host may leave out
    /// (`visitor-video`, `document-share`, `visitor-screenshare`; all on by default).
    pub fn feature(self) -> Option<&'static str> {
        match self {
            PromptKind::VisitorVideo => Some("visitor-video"),
            PromptKind::DocumentShare => Some("document-share"),
            PromptKind::VisitorScreenshare | PromptKind::SurfaceNotAllowed => Some("visitor-screenshare"),
            PromptKind::RemoteControl
            | PromptKind::ReverseSession
            | PromptKind::UrlStart
            | PromptKind::AddGuest
            | PromptKind::NavAssist
            | PromptKind::NavConfirm => None,
        }
    }

    /// Whether this build has the flow of this request: a request whose flow is left out is
    /// declined at once by the kit, exactly once, and never shown.
    // The arms are `cfg!`s: all `true` in the default build, which clippy reads as a `matches!`.
    #[allow(clippy::match_like_matches_macro)]
    pub fn compiled_in(self) -> bool {
        match self.feature() {
            Some("visitor-video") => cfg!(feature = "visitor-video"),
            Some("document-share") => cfg!(feature = "document-share"),
            Some("visitor-screenshare") => cfg!(feature = "visitor-screenshare"),
            _ => true,
        }
    }

    /// What the prompt of this request shows between its message and its buttons, and what its
    /// answer carries (`facts`: a document share's second step is a file picker).
    pub fn extra(self, facts: &RequestFacts) -> PromptExtra {
        match self {
            PromptKind::VisitorVideo => PromptExtra::Camera,
            PromptKind::DocumentShare if facts.followup => PromptExtra::File,
            PromptKind::DocumentShare => PromptExtra::Terms,
            PromptKind::RemoteControl
            | PromptKind::ReverseSession
            | PromptKind::UrlStart
            | PromptKind::VisitorScreenshare
            | PromptKind::SurfaceNotAllowed
            | PromptKind::AddGuest
            | PromptKind::NavAssist
            | PromptKind::NavConfirm => PromptExtra::None,
        }
    }

    /// Whether the binding holds this request until Glance's video scripts have loaded (Glance's
    /// visitor screen share needs them before it can be accepted; see `glance-notes.md`).
    pub fn waits_for_video_scripts(self) -> bool {
        match self {
            PromptKind::VisitorScreenshare => true,
            PromptKind::RemoteControl
            | PromptKind::ReverseSession
            | PromptKind::UrlStart
            | PromptKind::VisitorVideo
            | PromptKind::SurfaceNotAllowed
            | PromptKind::AddGuest
            | PromptKind::DocumentShare
            | PromptKind::NavAssist
            | PromptKind::NavConfirm => false,
        }
    }

    /// How this request is answered (see `glance-notes.md`, "Agent requests").
    pub fn calls(self) -> AnswerCalls {
        match self {
            PromptKind::RemoteControl
            | PromptKind::ReverseSession
            | PromptKind::UrlStart
            | PromptKind::VisitorScreenshare
            | PromptKind::SurfaceNotAllowed
            | PromptKind::AddGuest => AnswerCalls::plain("accept", "decline"),
            PromptKind::VisitorVideo => AnswerCalls { settings: true, ..AnswerCalls::plain("accept", "decline") },
            PromptKind::DocumentShare => AnswerCalls::plain("onpreviewconfirm", "onpreviewcancel"),
            PromptKind::NavAssist => AnswerCalls { accept: "accept", decline: None, settings: false, navigate: true },
            PromptKind::NavConfirm => AnswerCalls { accept: "accept", decline: None, settings: false, navigate: false },
        }
    }

    /// The second step that follows an Accept, if this kind has one: a document share goes on to
    /// the file picker (Share: `onconfirm()`, Cancel: `onpreviewcancel()`).
    pub fn followup_calls(self) -> Option<AnswerCalls> {
        match self {
            PromptKind::DocumentShare => Some(AnswerCalls::plain("onconfirm", "onpreviewcancel")),
            _ => None,
        }
    }
}

/// What a request's payload says, beyond its callbacks (each field only for the kinds that carry it).
#[derive(Clone, Debug, PartialEq, Default)]
pub struct RequestFacts {
    /// Remote control of some areas of the page only (`rcrequested.selective`).
    pub selective: bool,
    /// Where the agent would take the visitor (`navassistrequested.url`, `confirm.url`).
    pub url: Option<String>,
    /// A name for that destination (`navassistrequested.name`).
    pub name: Option<String>,
    /// The second step of a request with a follow-up (the document share's file picker).
    pub followup: bool,
}

/// An agent request as decoded: its kind, its facts, and the responder that answers it. A kind
/// with a second step ([`PromptKind::followup_calls`]) carries that step's responder too.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// Which request.
    pub kind: PromptKind,
    /// What its payload says.
    pub facts: RequestFacts,
    /// Answers it.
    pub responder: Responder,
    /// Answers the second step, for kinds that have one.
    pub followup: Option<Responder>,
}

impl Request {
    /// A request without a second step (handy for tests and custom sources).
    pub fn new(kind: PromptKind, facts: RequestFacts, responder: Responder) -> Self {
        Request { kind, facts, responder, followup: None }
    }
}
