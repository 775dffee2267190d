//! [`ConsentPrompt`]: the one prompt every agent request is answered through, and the per-kind
//! shorthands [`RemoteControlPrompt`], [`ReverseSessionPrompt`], [`UrlStartPrompt`]; the consent family
//! lives here: [`AlertPrompt`] (alert.rs, the dialog every prompt is), the document share's file
//! step (document.rs).

use leptos::prelude::*;

mod alert;
#[cfg(feature = "document-share")]
mod document;

use crate::context::{try_use_visitor, AnswerDetail, PromptInfo};
use crate::event::{Answer, CameraStatus, PromptExtra, PromptKind, VideoSettings};
use crate::messages::PromptText;
pub use alert::AlertPrompt;
pub(crate) use alert::{catalog, fresh_id};

/// The consent prompt for agent requests (every [`PromptKind`], or only `kinds`).
///
/// Requests queue: it shows the oldest pending one, with that kind's texts from
/// [`Messages::prompt_text`](crate::Messages::prompt_text), and answers it through the context
/// (Accept or Decline, once; Escape declines). When the visitor has answered, the next queued
/// request takes its place in the same dialog (focus goes back to its safe action). A request
/// with a second step (a document share's file picker) goes on to it after Accept.
/// [`VisitorUi`](super::VisitorUi) renders one for every kind. See [`AlertPrompt`] for the
/// keyboard and focus rules; with [`VisitorOptions::auto_decline`](crate::VisitorOptions::auto_decline)
/// it shows the seconds left.
///
/// Root: `<dialog role="alertdialog" data-gvk="<part>" data-state="open|closed"
/// data-kind="<event name>">`, where the part is the shown request's [`PromptKind::part`]
/// (`rc-prompt`, `video-prompt`, …), kept after it closes; `consent-prompt` before any request
/// when it serves several kinds.
///
/// ```no_run
/// use glance_visitor_kit::{event::PromptKind, provide_visitor, source::GlanceSource, ConsentPrompt, VisitorOptions};
/// use leptos::prelude::*;
///
/// #[component]
/// fn Prompts() -> impl IntoView {
///     provide_visitor(GlanceSource::new());
///     // One dialog for every request; or a second one for some kinds only.
///     view! { <ConsentPrompt /> }
/// }
/// ```
#[component]
pub fn ConsentPrompt(
    /// The kinds this prompt answers; empty (the default): every kind.
    #[prop(optional)]
    kinds: Vec<PromptKind>,
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// The terms link shown with a document-share request (default: none).
    #[prop(optional, into)]
    terms_url: MaybeProp<String>,
) -> impl IntoView {
    let Some(ctx) = try_use_visitor() else { return ().into_any() };
    let initial_part = match kinds.as_slice() {
        [one] => one.part(),
        _ => "consent-prompt",
    };
    let shown = Memo::new(move |_| ctx.current_prompt().filter(|p| kinds.is_empty() || kinds.contains(&p.kind)));
    // The part of the request shown last stays on the closed dialog.
    let part = Memo::new(move |prev: Option<&&'static str>| {
        shown.with(|p| p.as_ref().map(|p| p.kind.part())).or(prev.copied()).unwrap_or(initial_part)
    });
    let kind = Memo::new(move |prev: Option<&&'static str>| {
        shown.with(|p| p.as_ref().map(|p| p.kind.event_name())).or(prev.copied()).unwrap_or("")
    });
    let text = Memo::new(move |_| {
        shown.with(|p| p.as_ref().map(|p: &PromptInfo| ctx.with_messages(|m| m.prompt_text(p.kind, &p.facts))))
    });
    let pick = move |f: fn(&PromptText) -> &String| {
        Signal::derive(move || text.with(|t| t.as_ref().map(|t| f(t).clone()).unwrap_or_default()))
    };
    // What some kinds show between the message and the buttons, and what their answer carries:
    // the camera check of a visitor-video request (its settings), the file step of a document share.
    let video_settings = RwSignal::new(None::<VideoSettings>);
    // The request whose document is read and ready to share.
    let document_ready = RwSignal::new(None::<u64>);
    let extra = Memo::new(move |_| {
        shown.with(|p| match p.as_ref().map(|p| (p.kind.extra(&p.facts), p.id)) {
            Some((PromptExtra::Camera, id)) => Extra::Camera(id),
            Some((PromptExtra::File, id)) => Extra::File(id),
            Some((PromptExtra::Terms, _)) => Extra::Terms,
            Some((PromptExtra::None, _)) | None => Extra::None,
        })
    });
    let accept_disabled = Signal::derive(move || match extra.get() {
        Extra::Camera(_) => video_settings.with(|s| s.as_ref().is_none_or(|s| s.camera != CameraStatus::Available)),
        Extra::File(id) => document_ready.get() != Some(id),
        _ => false,
    });
    let on_answer = Callback::new(move |answer: Answer| {
        let Some(p) = shown.get_untracked() else { return };
        // What the extra part produced: the camera check's settings (kept in a signal), the file
        // step's document (kept by the kit's core).
        let detail = match extra.get_untracked() {
            Extra::Camera(_) => AnswerDetail::Video(video_settings.get_untracked().unwrap_or_default()),
            Extra::File(_) => ctx.take_detail(p.id),
            Extra::Terms | Extra::None => AnswerDetail::None,
        };
        ctx.answer_with(p.kind, p.id, answer, detail);
    });
    let deadline = move || ctx.decline_deadline(shown.with(|p| p.as_ref().map(|p| p.id))?);
    view! {
        <AlertPrompt
            part=part
            open=Signal::derive(move || shown.with(Option::is_some))
            asking=Signal::derive(move || shown.with(|p| p.as_ref().map_or(0, |p| p.id)))
            title=pick(|t| &t.title)
            message=pick(|t| &t.message)
            accept_label=pick(|t| &t.accept)
            decline_label=pick(|t| &t.decline)
            on_answer=on_answer
            accept_disabled=accept_disabled
            class=class
            attr:data-kind=move || kind.get()
        >
            {move || match extra.get() {
                Extra::Camera(_) => camera_check(video_settings),
                Extra::File(id) => document_picker(id, document_ready),
                Extra::Terms => view! {
                    <p class="gvk-prompt-links" hidden=move || terms_url.with(Option::is_none)>
                        <a href=move || terms_url.get() target="_blank" rel="noopener">
                            {move || ctx.with_messages(|m| m.terms_link.to_string())}
                        </a>
                    </p>
                }.into_any(),
                Extra::None => ().into_any(),
            }}
            {move || deadline().map(|at| view! { <Countdown deadline=at /> })}
        </AlertPrompt>
    }
    .into_any()
}

/// The camera check of a visitor-video request (nothing in a build without `visitor-video`,
/// where such requests are declined before they show).
fn camera_check(settings: RwSignal<Option<VideoSettings>>) -> AnyView {
    #[cfg(feature = "visitor-video")]
    return view! { <crate::components::visitor_video::CameraCheck settings=settings /> }.into_any();
    #[cfg(not(feature = "visitor-video"))]
    {
        let _ = settings;
        ().into_any()
    }
}

/// The file step of a document share (nothing in a build without `document-share`).
fn document_picker(id: u64, ready: RwSignal<Option<u64>>) -> AnyView {
    #[cfg(feature = "document-share")]
    return view! { <document::DocumentPicker prompt_id=id ready=ready /> }.into_any();
    #[cfg(not(feature = "document-share"))]
    {
        let _ = (id, ready);
        ().into_any()
    }
}

/// What a shown request adds to the prompt ([`PromptKind::extra`], with the request's id).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Extra {
    None,
    /// The camera check of a visitor-video request (its id).
    Camera(u64),
    /// The terms link of a document share's first step.
    Terms,
    /// The file step of a document share (its id).
    File(u64),
}

/// "Declines in N s", counted down once a second until `deadline` (`performance.now()` ms).
#[component]
fn Countdown(deadline: f64) -> impl IntoView {
    let Some(ctx) = try_use_visitor() else { return ().into_any() };
    let left = move || ((deadline - crate::dom::now_ms()) / 1000.0).ceil().max(0.0) as u32;
    let seconds = RwSignal::new(left());
    // The ticking timer lives in the effect's value: made in the browser only, dropped with it.
    Effect::new(move |timer: Option<gloo_timers::callback::Interval>| {
        timer.unwrap_or_else(|| gloo_timers::callback::Interval::new(1000, move || seconds.set(left())))
    });
    view! {
        <p class="gvk-countdown" data-gvk-countdown="">
            {move || ctx.with_messages(|m| m.declines_in(seconds.get()))}
        </p>
    }
    .into_any()
}

/// The remote-control prompt (`rcrequested`): "Allow the agent to take control?", or the
/// selective wording when the agent asks for some areas only. Allow calls `accept()`, Decline (or
/// Escape) `decline()`, once. A [`ConsentPrompt`] for that kind only.
///
/// Root: `<dialog data-gvk="rc-prompt" data-state="open|closed" role="alertdialog">`.
#[component]
pub fn RemoteControlPrompt(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    view! { <ConsentPrompt kinds=vec![PromptKind::RemoteControl] class=class /> }
}

/// The reverse-session prompt (`reverseconfirm`); `reverseended` closes it (declined). A
/// [`ConsentPrompt`] for that kind only.
///
/// Root: `<dialog data-gvk="reverse-prompt" data-state="open|closed" role="alertdialog">`.
#[component]
pub fn ReverseSessionPrompt(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    view! { <ConsentPrompt kinds=vec![PromptKind::ReverseSession] class=class /> }
}

/// The URL start warning prompt (`urlstartwarning`): the session is about to continue on another
/// domain. A [`ConsentPrompt`] for that kind only.
///
/// Root: `<dialog data-gvk="urlstart-prompt" data-state="open|closed" role="alertdialog">`.
#[component]
pub fn UrlStartPrompt(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    view! { <ConsentPrompt kinds=vec![PromptKind::UrlStart] class=class /> }
}
