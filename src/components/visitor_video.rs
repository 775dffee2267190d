//! The visitor's own video (cargo feature `visitor-video`): the camera check inside the
//! visitor-video prompt, and the visitor-video tile.

use crate::components::class_list;
use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use super::frame::glance_frame;
use super::movable::{Movable, MoveHandle};
use crate::context::try_use_visitor;
use crate::dom::{self, CameraPreview, CameraProblem};
use crate::event::{CameraStatus, VideoSettings};
use crate::state::MediaPhase;

/// The camera check of the visitor-video prompt: a live preview (`getUserMedia`), a camera picker
/// when there is more than one, and what went wrong in words. It writes the settings the answer
/// carries into `settings` (camera label and status); the preview's tracks end when it goes (any
/// answer, a replaced or closed request, an unmount).
#[component]
pub(crate) fn CameraCheck(settings: RwSignal<Option<VideoSettings>>) -> impl IntoView {
    let Some(ctx) = try_use_visitor() else { return ().into_any() };
    let m = ctx.texts();
    let video_ref = NodeRef::<html::Video>::new();
    let problem = RwSignal::new(None::<CameraProblem>);
    let running = RwSignal::new(false);
    let cameras = RwSignal::new(Vec::<(String, String)>::new());
    // The camera the picker shows: the one the visitor chose, or the one running (its device id, when
    // the browser tells it), so that the list shows the camera of the preview.
    let chosen = RwSignal::new(None::<String>);
    // This component exists only while a visitor-video request is shown, in the browser.
    let preview = StoredValue::new_local(None::<CameraPreview>);
    let stop = move || {
        if let Some(p) = preview.try_update_value(Option::take).flatten() {
            p.stop();
        }
    };
    let start = move |device: Option<String>| {
        stop();
        running.set(false);
        settings.set(None);
        // The outcome may come after this component is gone (the request was answered or
        // replaced): every write below is a `try_` one, and a late preview is stopped at once.
        dom::start_camera(device, move |result| match result {
            Ok(p) => {
                if preview.try_set_value(Some(p.clone())).is_some() {
                    p.stop();
                    return;
                }
                if let Some(video) = video_ref.try_get_untracked().flatten() {
                    p.show_in(&video);
                }
                let label = p.label.clone();
                if !p.device_id.is_empty() {
                    let _ = chosen.try_set(Some(p.device_id.clone()));
                }
                let _ = problem.try_set(None);
                let _ = running.try_set(true);
                let _ = settings.try_set(Some(VideoSettings {
                    source: Some(label),
                    camera: CameraStatus::Available,
                    paused: false,
                    bgfilter: false,
                }));
                dom::cameras(move |list| {
                    let _ = cameras.try_set(list);
                });
            }
            Err(why) => {
                let _ = problem.try_set(Some(why));
                let camera = match why {
                    CameraProblem::NoCamera => CameraStatus::NoCamera,
                    CameraProblem::Blocked => CameraStatus::Blocked,
                    CameraProblem::Unsupported => CameraStatus::NotSupported,
                };
                let _ = settings.try_set(Some(VideoSettings { camera, ..VideoSettings::default() }));
            }
        });
    };
    Effect::new(move |started: Option<()>| {
        if started.is_none() {
            start(None);
        }
    });
    on_cleanup(move || {
        if let Some(p) = preview.try_update_value(Option::take).flatten() {
            p.stop();
        }
    });
    let status = move || {
        m.with_value(|m| match problem.get() {
            Some(CameraProblem::NoCamera) => m.camera_none.to_string(),
            Some(CameraProblem::Blocked) => m.camera_blocked.to_string(),
            Some(CameraProblem::Unsupported) => m.camera_unsupported.to_string(),
            None if running.get() => String::new(),
            None => m.camera_starting.to_string(),
        })
    };
    let picker_id = ctx.fresh_id("camera");
    view! {
        <div class="gvk-camera" data-gvk-camera="" data-state=move || match (running.get(), problem.get()) {
            (true, _) => "running",
            (false, Some(CameraProblem::NoCamera)) => "nocamera",
            (false, Some(CameraProblem::Blocked)) => "blocked",
            (false, Some(CameraProblem::Unsupported)) => "unsupported",
            (false, None) => "starting",
        }>
            <video
                node_ref=video_ref
                class="gvk-camera-preview"
                autoplay=true
                muted=true
                playsinline=true
                aria-label=move || m.with_value(|m| m.camera_preview.to_string())
                hidden=move || !running.get()
            ></video>
            <p class="gvk-camera-status" role="status">{status}</p>
            <p class="gvk-row" hidden=move || cameras.with(|c| c.len() < 2)>
                <label for=picker_id.clone()>{move || m.with_value(|m| m.camera_label.to_string())}</label>
                <select
                    id=picker_id.clone()
                    on:change=move |e: ev::Event| {
                        let id = Some(event_target_value(&e)).filter(|v| !v.is_empty());
                        chosen.set(id.clone());
                        start(id);
                    }
                >
                    {move || cameras.get().into_iter().enumerate().map(|(i, (id, label))| {
                        let name = if label.is_empty() { format!("{} {}", m.with_value(|m| m.camera_label.to_string()), i + 1) } else { label };
                        let selected = id.clone();
                        view! { <option value=id selected=move || chosen.with(|c| c.as_deref() == Some(selected.as_str()))>{name}</option> }
                    }).collect_view()}
                </select>
            </p>
        </div>
    }
    .into_any()
}

/// The visitor's own video while it runs (after a visitor-video request was accepted): a tile with
/// pause / resume (`toggleVideo`), small / large (`toggleVideoSize`) and stop (`stopVideo`), its
/// state from the `visitorvideo*` events. Glance's iframe `#glance_video_0` (independent content;
/// from the task after mount, or at once in a session: see
/// [`VisitorContext::frames_ready`](crate::VisitorContext::frames_ready)) and `#glance_videopreview`
/// are in the page from mount, hidden while the video is off.
///
/// Root: `<section data-gvk="visitor-video" data-state="off|running|paused" data-size="small|large">`.
#[component]
pub fn VisitorVideoTile(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let Some(ctx) = try_use_visitor() else { return ().into_any() };
    let m = ctx.texts();
    let video = Memo::new(move |_| ctx.visitor_video());
    let phase = move || video.with(|v| v.phase);
    let large = move || video.with(|v| v.size == crate::event::VideoSize::Large);
    let title_id = ctx.fresh_id("visitor-video");
    let hint_id = ctx.fresh_id("visitor-video-hint");
    let text = move |f: fn(&crate::Messages) -> &str| m.with_value(|m| f(m).to_owned());
    // Movable like the panels (drag the title, Shift + arrow keys), so it never has to cover the page.
    let root_ref = NodeRef::<html::Section>::new();
    let mover = Movable::new(root_ref);
    view! {
        <section
            node_ref=root_ref
            style:left=move || mover.pos.get().map(|p| format!("{}px", p.0.round() as i64))
            style:top=move || mover.pos.get().map(|p| format!("{}px", p.1.round() as i64))
            style:right=move || mover.pos.get().map(|_| "auto")
            style:bottom=move || mover.pos.get().map(|_| "auto")
            class=class_list(|| "gvk-panel gvk-video-tile".into(), class)
            data-gvk="visitor-video"
            data-state=move || phase().as_str()
            data-size=move || if large() { "large" } else { "small" }
            aria-labelledby=title_id.clone()
            hidden=move || phase() == MediaPhase::Off
        >
            <div class="gvk-panel-bar">
                <MoveHandle mover=mover class="gvk-panel-handle" id=title_id.clone() described_by=hint_id.clone()>
                    {move || text(|m| &m.video_tile_title)}
                </MoveHandle>
                <span class="gvk-sr-only" id=hint_id.clone()>{move || text(|m| &m.move_hint)}</span>
            </div>
            <div class="gvk-panel-body">
                {glance_frame(
                    ctx,
                    "glance_video_0".to_owned(),
                    "gvk-frame gvk-frame--video",
                    Signal::derive(move || text(|m| &m.video_tile_title)),
                    Signal::stored(false),
                    NodeRef::new(),
                )}
                // Glance draws the visitor's self-view only into a VIDEO element with this id.
                <video
                    id="glance_videopreview"
                    class="gvk-videopreview"
                    autoplay=true
                    muted=true
                    prop:muted=true
                    playsinline=true
                    aria-label=move || text(|m| &m.camera_preview)
                ></video>
                <p class="gvk-muted" role="status">
                    {move || if phase() == MediaPhase::Paused { text(|m| &m.video_paused) } else { String::new() }}
                </p>
                <div class="gvk-row">
                    <button type="button" class="gvk-button" data-action="toggle-video"
                        aria-pressed=move || (phase() == MediaPhase::Paused).to_string()
                        on:click=move |_| { let _ = ctx.toggle_video(); }>
                        {move || if phase() == MediaPhase::Paused { text(|m| &m.video_resume) } else { text(|m| &m.video_pause) }}
                    </button>
                    <button type="button" class="gvk-button" data-action="toggle-video-size"
                        on:click=move |_| { let _ = ctx.toggle_video_size(); }>
                        {move || if large() { text(|m| &m.video_smaller) } else { text(|m| &m.video_larger) }}
                    </button>
                    <button type="button" class="gvk-button" data-action="stop-video"
                        on:click=move |_| { let _ = ctx.stop_video(); }>
                        {move || text(|m| &m.video_stop)}
                    </button>
                </div>
            </div>
        </section>
    }
    .into_any()
}
