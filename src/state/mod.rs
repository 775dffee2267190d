//! [`VisitorState`]: everything the visitor UI shows, and its pure reducer.
//!
//! [`VisitorState::apply`] takes one [`VisitorEvent`] and returns an [`Update`]: the parts of the
//! state it changed and the [`Reply`]s that must now be sent (requests it closed are declined, so
//! that Glance is never left waiting). It is deterministic, never panics, and never calls out: the
//! caller sends the replies after it is done with the state, so no callback ever runs while the
//! state is borrowed.
//!
//! # Requests
//!
//! Pending agent requests are one keyed collection, [`VisitorState::requests`] (one per
//! [`PromptKind`]). They queue: the visitor sees one prompt at a time, the oldest first
//! ([`VisitorState::current_prompt`]). A second request of a kind that is pending replaces it (the
//! first is declined), `reverseended` declines a pending reverse session. Each request is answered
//! exactly once while its session exists: by the visitor, or declined by the kit. At `sessionend`
//! the session is gone (Glance's own callbacks then throw), so a request still open is closed
//! without calling it.
//!
//! # Transition rules
//!
//! | event | what changes |
//! |---|---|
//! | `sessionstarting` | phase → `Starting`; connection → `Ok`; agents → 0, no list; `state_received`, `paused`, `rc_enabled`, `page_masked` → false |
//! | `sessionstart` | phase → `Active { continued: false }` |
//! | `sessioncontinue` | phase → `Active { continued: true }` unless already `Active` |
//! | `statereceived` | `state_received` → true; an `Idle` phase → `Active { continued: true }` |
//! | `sessionend {reason}` | phase → `Ended { reason }`; every pending request closed without an answer (the session is gone); `rc_enabled` → false; reverse → `Idle`; every view hidden; visitor video and screen share off; agents → 0; `paused`, `page_masked`, `file_download` → false; widget offset and corner reset; connection `Reconnecting` → `Ok` (`Dropped` stays, it says why) |
//! | `error {code}` | error pushed (newest first, at most [`MAX_ERRORS`], not twice in a row); `conndrop` → connection `Dropped` |
//! | `agents {count, agentlist?}` | agent count and list (list kept only when sent); `agents_known` → true |
//! | `blur` / `focus` | `focused` → false / true |
//! | a request (see [`PromptKind`]) | a pending request of that kind is declined; the new one queues |
//! | `rc {enabled}` | `rc_enabled` → enabled (remote control `On` / `Off`) |
//! | `accessibility {enabled}` / `true` / `false` | `accessibility` → enabled |
//! | `reverseended` | a pending reverse request is declined; reverse → `Ended` |
//! | `screenshare {view, state, paused}` | that view's state and paused flag (`error`/`still-error` also push an error) |
//! | `screensharepause(d)` / `screenshareresume(d)` | that view's paused flag → true / false |
//! | `viewerinfo {view, ...}` | that view's screen, scaled size and stats, each only when present |
//! | `connection {status}` | connection → `Ok` / `Reconnecting` |
//! | `sessionpaused {paused}` | `paused` → paused |
//! | `ready` | `ready` → true |
//! | `pagemasked {masked?}` | `page_masked` → masked |
//! | `leavesession` | `leaving` → true (until the next `sessionstarting`) |
//! | `recoversession`, `navigationassist` | nothing (the binding re-reads the session state on `recoversession`) |
//! | `widgetmoved {left?, bottom?}` | `widget_corner` → that corner (each side only when sent; from the bottom right); `widget_offset` → 0 |
//! | `maskingerror {reason}` | a `maskingerror` error pushed |
//! | `documentnotsent {name, reason, size}` | a `documentnotsent` error pushed |
//! | `viewerclosing {closereason}` | a `viewerclosing` notice pushed |
//! | `videobgfilterfailed` | a notice pushed; visitor video → paused |
//! | `filedownloading` / `filedownloaded` | `file_download` → true / false |
//! | `widgetmoving {left, bottom}` | `widget_offset` += the deltas |
//! | `visitorvideo {...}` | the visitor video's size, camera and filter, each only when present |
//! | `visitorvideostarted` / `…paused` / `…resumed` / `…stopped`, `…ended` | visitor video `Running` / `Paused` / `Running` / `Off` |
//! | `visitorvideoresize` | visitor video size |
//! | `visitorvideoerror {error}` | error pushed |
//! | `visitorscreensharestarted` / `…paused` / `…ended` | visitor screen share `Running` / `Paused` / `Off` |
//! | unknown | nothing |
//!
//! Kit inputs that are not Glance events: [`VisitorState::answer`] (the visitor answers a request:
//! accepting a reverse session makes it `Active`; accepting a document share opens its file-picker
//! step), [`VisitorState::dismiss_error`], [`VisitorState::start_timed_out`] (a session stuck in
//! `Starting` → `Ended { Error }` plus a `starttimeout` error), [`VisitorState::report_error`].

mod apply;
mod derived;
mod inputs;
mod parts;
mod requests;
mod sorted_map;

pub use derived::{RemoteControl, ReverseSession, SessionView};
pub use parts::*;
pub use requests::{AnswerError, Prompt, Reply, Update};
pub use sorted_map::SortedMap;

use crate::event::{
    Answer, ConnectionStatus, EndReason, ErrorCode, GlanceError, PromptKind, Request, RequestFacts, ShareState, Value,
    ViewerStats, VisitorEvent,
};

/// Everything the visitor UI shows, one field per part of [`Changes`] (a part's bit changes when
/// its field does). Fields are public to read; change it only through
/// [`apply`](VisitorState::apply) and the other methods, which keep it consistent.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct VisitorState {
    /// [`Changes::SESSION`].
    pub session: Session,
    /// [`Changes::CONNECTION`].
    pub connection: Connection,
    /// [`Changes::ERRORS`]: newest first, at most [`MAX_ERRORS`].
    pub errors: Vec<ErrorEntry>,
    /// [`Changes::AGENTS`].
    pub agents: Agents,
    /// Remote control is on ([`Changes::REMOTE_CONTROL`], with the remote-control request).
    pub rc_enabled: bool,
    /// [`Changes::PROMPTS`]: pending requests, one per kind; see
    /// [`VisitorState::current_prompt`] for the one shown.
    pub requests: Requests,
    /// Reverse session stage, apart from a pending request ([`Changes::REVERSE`]).
    reverse_stage: ReverseSession,
    /// [`Changes::VIEWS`]: screen-share views by name.
    pub views: Views,
    /// [`Changes::FLAGS`].
    pub flags: Flags,
    /// [`Changes::MEDIA`].
    pub media: Media,
    /// [`Changes::PAGE`].
    pub page: Page,
    /// [`Changes::WIDGET`].
    pub widget: Widget,
    next_id: u64,
}

impl VisitorState {
    /// The state before any event: idle, connected, focused.
    pub fn new() -> Self {
        VisitorState::default()
    }

    pub(super) fn fresh_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub(super) fn push_error(&mut self, error: GlanceError) -> Changes {
        // One message per fact: the same error twice in a row is shown once.
        if self.errors.first().is_some_and(|e| e.error.code == error.code && e.error.msg == error.msg) {
            return Changes::NONE;
        }
        let id = self.fresh_id();
        self.errors.insert(0, ErrorEntry { id, error });
        self.errors.truncate(MAX_ERRORS);
        Changes::ERRORS
    }

    pub(super) fn view(&mut self, name: &str) -> &mut ViewState {
        self.views.get_or_insert_default(name)
    }
}
