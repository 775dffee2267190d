//! [`ScreensharePanel`] and [`AgentVideoPanel`].

use crate::components::class_list;
use leptos::html;
use leptos::prelude::*;

use super::consent::fresh_id;
use super::frame::glance_frame;
use super::movable::{Movable, MoveHandle};
use crate::context::try_use_visitor;
use crate::dom::{self, FrameWriter};
use crate::event::{AGENT_VIDEO_VIEW, SCREENSHARE_VIEW};
use crate::layout::fit;
use crate::state::PanelState;
use crate::theme::Token;

/// Room kept free around a panel inside the viewport, in pixels.
const MARGIN: f64 = 16.0;
/// Height of the panel's title bar, left out of the room for the frame.
const BAR: f64 = 48.0;

/// A panel for one screen-share view (default `glance_screenshare`; any view name works).
///
/// Its `<iframe id="<view>" data-independent-content="1" title="...">` is in the page from mount
/// (in client-side rendering from the task after it, or at once in a session: see
/// [`VisitorContext::frames_ready`](crate::VisitorContext::frames_ready)), hidden, and stays the
/// same node for the panel's life: the kit never sets its `src` (Glance does)
/// and never re-creates it. `screenshare` `new`/`continued` shows it; `ended`/`still-ended` hides it;
/// `error`/`still-error` hides it (the error shows in [`ErrorNotice`](super::ErrorNotice)); a pause
/// (`paused: true`, `screensharepause(d)`) hides the iframe and shows the paused view (the
/// `paused_view` children, else "Paused by the agent" and the optional `paused_image`), resume shows
/// it again. `viewerinfo` sizes the frame from `scaledview`, else `screen`: aspect ratio kept, within
/// `max_width` × `max_height` and the viewport; bad sizes are ignored; at most one style write per
/// animation frame, however many events arrive. The title bar drags the panel, and Shift+Arrow keys
/// move it when its handle has focus; minimise keeps the position.
///
/// Root: `<section data-gvk="screenshare-panel" data-view="<view>" data-state="hidden|visible|paused">`.
#[component]
pub fn ScreensharePanel(
    /// The view name, which is also the iframe's id.
    #[prop(optional, into)]
    view: Option<String>,
    /// Title (panel heading and the iframe's title); default from the messages.
    #[prop(optional, into)]
    title: MaybeProp<String>,
    /// Largest frame width in CSS pixels (default 800).
    #[prop(default = 800.0)]
    max_width: f64,
    /// Largest frame height in CSS pixels (default 600).
    #[prop(default = 600.0)]
    max_height: f64,
    /// Show the viewer statistics overlay (fps).
    #[prop(optional)]
    show_stats: bool,
    /// An image shown while paused (a static image slot).
    #[prop(optional, into)]
    paused_image: MaybeProp<String>,
    /// What to show while paused instead of the default message.
    #[prop(optional)]
    paused_view: Option<ChildrenFn>,
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let Some(ctx) = try_use_visitor() else { return ().into_any() };
    let m = ctx.texts();
    let view_name = view.unwrap_or_else(|| SCREENSHARE_VIEW.to_owned());
    let agent_video = view_name == AGENT_VIDEO_VIEW;
    let title = Signal::derive(move || {
        title.get().unwrap_or_else(|| {
            m.with_value(|m| if agent_video { m.agentvideo_title.to_string() } else { m.screenshare_title.to_string() })
        })
    });
    let name = view_name.clone();
    let frame_id = view_name.clone();
    let state = Memo::new(move |_| ctx.view(&name));
    let panel = Memo::new(move |_| state.with(|v| v.panel()));
    let size = Memo::new(move |_| state.with(|v| v.size()));
    let stats = move || state.with(|v| v.stats);

    let frame_ref = NodeRef::<html::Iframe>::new();
    let root_ref = NodeRef::<html::Section>::new();
    // Size: one style write per animation frame, with the newest size. The writer lives in the
    // effect's value (made in the browser only).
    Effect::new(move |writer: Option<Option<FrameWriter<(f64, f64)>>>| {
        let mut writer = writer.flatten();
        let (Some(size), Some(frame)) = (size.get(), frame_ref.get()) else { return writer };
        let (vw, vh) = dom::viewport().unwrap_or((max_width, max_height));
        let room = (max_width.min(vw - 2.0 * MARGIN), max_height.min(vh - 2.0 * MARGIN - BAR));
        let Some(fitted) = fit(size, room.0.max(1.0), room.1.max(1.0)) else { return writer };
        let el: web_sys::HtmlElement = frame.into();
        writer.get_or_insert_with(|| FrameWriter::new(move |s| dom::set_size(&el, s))).set(fitted);
        writer
    });

    // Position (top-left, px) once the visitor moved the panel; before that the stylesheet places
    // it. Minimising keeps it.
    let mover = Movable::new(root_ref);
    let pos = mover.pos;
    let minimised = RwSignal::new(false);
    let hint_id = fresh_id("panel-hint");
    let title_id = fresh_id("panel-title");

    view! {
        <section
            node_ref=root_ref
            class=class_list(
                move || {
                    let min = if minimised.get() { " gvk-panel--minimised" } else { "" };
                    format!("gvk-panel{min}{}", ctx.root_classes())
                },
                class,
            )
            dir=move || ctx.dir()
            lang=move || ctx.lang()
            style:--gvk-color-primary=move || ctx.root_property(Token::Primary)
            style:--gvk-color-on-primary=move || ctx.root_property(Token::OnPrimary)
            style:--gvk-color-session-border=move || ctx.root_property(Token::SessionBorder)
            style:--gvk-focus-ring=move || ctx.root_property(Token::FocusRing)
            style:--gvk-radius=move || ctx.root_property(Token::Radius)
            style:--gvk-font=move || ctx.root_property(Token::Font)
            data-gvk="screenshare-panel"
            data-view=view_name.clone()
            data-state=move || panel.get().as_str()
            hidden=move || panel.get() == PanelState::Hidden
            aria-labelledby=title_id.clone()
            style:left=move || pos.get().map(|p| format!("{}px", p.0.round() as i64))
            style:top=move || pos.get().map(|p| format!("{}px", p.1.round() as i64))
            style:right=move || pos.get().map(|_| "auto")
            style:bottom=move || pos.get().map(|_| "auto")
        >
            <div class="gvk-panel-bar">
                <MoveHandle mover=mover class="gvk-panel-handle" id=title_id.clone() described_by=hint_id.clone()>
                    {move || title.get()}
                </MoveHandle>
                <button
                    type="button"
                    class="gvk-button"
                    data-action="minimise"
                    aria-expanded=move || (!minimised.get()).to_string()
                    on:click=move |_| minimised.update(|v| *v = !*v)
                >
                    {move || m.with_value(|m| if minimised.get() { m.restore.to_string() } else { m.minimise.to_string() })}
                </button>
                <span class="gvk-sr-only" id=hint_id.clone()>{move || m.with_value(|m| m.move_hint.to_string())}</span>
            </div>
            <div class="gvk-panel-body">
                {glance_frame(
                    ctx,
                    frame_id.clone(),
                    "gvk-frame",
                    title,
                    Signal::derive(move || panel.get() != PanelState::Visible),
                    frame_ref,
                )}
                <div class="gvk-panel-paused" hidden=move || panel.get() != PanelState::Paused>
                    {match paused_view {
                        Some(children) => children().into_any(),
                        None => view! {
                            <p>{move || m.with_value(|m| m.paused_by_agent.to_string())}</p>
                            {move || paused_image.get().map(|src| view! { <img src=src alt="" /> })}
                        }.into_any(),
                    }}
                </div>
                {show_stats.then(|| view! {
                    <div class="gvk-panel-stats" data-gvk-stats="" hidden=move || stats().is_none()>
                        {move || stats().map(|s| {
                            let f = |v: Option<f64>| v.map(|v| (v.round() as i64).to_string()).unwrap_or_else(|| "–".into());
                            format!("{} / {} fps (limit {})", f(s.displayfps), f(s.viewerfps), f(s.fpslimit))
                        })}
                    </div>
                })}
            </div>
        </section>
    }
    .into_any()
}

/// The agent-video panel: a [`ScreensharePanel`] for the `glance_agentvideo` view.
///
/// Root: `<section data-gvk="screenshare-panel" data-view="glance_agentvideo" data-state="...">`.
#[component]
pub fn AgentVideoPanel(
    /// Largest frame width in CSS pixels (default 320).
    #[prop(default = 320.0)]
    max_width: f64,
    /// Largest frame height in CSS pixels (default 240).
    #[prop(default = 240.0)]
    max_height: f64,
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    view! {
        <ScreensharePanel view=AGENT_VIDEO_VIEW.to_owned() max_width=max_width max_height=max_height class=class />
    }
}
