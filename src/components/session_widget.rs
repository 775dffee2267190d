//! [`SessionWidget`]: the one calm bar a visitor sees while an agent is with them.

use crate::components::class_list;
use leptos::html;
use leptos::prelude::*;

use super::changes_of;
use super::end_session::EndSession;
use super::movable::{Movable, MoveHandle};
use crate::context::try_use_visitor;
use crate::dom;
use crate::state::{SessionPhase, SessionView, WidgetCorner};

/// Where the corner the agent chose is kept for the session's next pages (this tab's session
/// storage; removed when the session ends).
const CORNER_KEY: &str = "gvk-widget-corner";

/// Each corner, the name it is kept under, and what is said when the agent drops the bar there.
type CornerRow = (WidgetCorner, &'static str, fn(&crate::Messages) -> &str);
const CORNERS: [CornerRow; 4] = [
    (WidgetCorner { left: true, bottom: false }, "top-left", |m| &m.widget_moved_top_left),
    (WidgetCorner { left: false, bottom: false }, "top-right", |m| &m.widget_moved_top_right),
    (WidgetCorner { left: true, bottom: true }, "bottom-left", |m| &m.widget_moved_bottom_left),
    (WidgetCorner { left: false, bottom: true }, "bottom-right", |m| &m.widget_moved_bottom_right),
];

fn corner_row(c: WidgetCorner) -> &'static CornerRow {
    CORNERS.iter().find(|(k, _, _)| *k == c).unwrap_or(&CORNERS[3])
}

fn corner_of(name: &str) -> Option<WidgetCorner> {
    CORNERS.iter().find(|(_, n, _)| *n == name).map(|(c, _, _)| *c)
}

/// The session in one compact, movable bar: what is going on in one line, the one action it needs,
/// and End (with an "End session?" confirm → `stopSession()`), expandable for the details.
///
/// | state | the line says | actions |
/// |---|---|---|
/// | `starting` | "Session starting…" (spinner) | End |
/// | `waiting` | "Waiting for the agent to join…" and the session key, large | End |
/// | `viewing` | "N agents viewing" (the names in the details) | Details, End |
/// | `controlling` | "The agent is controlling this page" | Take back control (`enableRC(false)`), End |
/// | `paused` | "The session is paused." | End |
/// | `reconnecting` | "Reconnecting to the agent…" | End |
/// | `elsewhere` | "The session continues in another tab or window." (no border: the agent does not see this page) | Details, End |
/// | `ended` | why it ended | Dismiss |
///
/// Before any `agents` event it says it is waiting, never "0 agents". The key is prominent only
/// while the visitor waits for an agent; afterwards it is in the details (with the agent list,
/// a masked page, an arriving document). The line is a polite live region: it is written only
/// when the state or its words change, so each change is announced once; nothing here is
/// assertive (prompts that need an answer are dialogs).
///
/// The bar moves: drag its handle, or Shift + arrow keys on it; it keeps its place for the rest of
/// the session, follows the agent's `widgetmoving` deltas, and stays inside the viewport. When the
/// agent drops it in a corner (`widgetmoved`) it goes there, says so (a polite status), and goes
/// back there on the session's next pages, as Glance's own UI does. While the
/// agent views the page, a border is drawn around it (another colour while the agent controls it);
/// the border never shifts the host's layout and never catches a click. On a phone the bar is a
/// single line at the bottom of the screen.
///
/// Root: `<section data-gvk="session-widget" data-state="hidden|starting|waiting|viewing|controlling|paused|reconnecting|elsewhere|ended"
/// data-expanded="true|false">`.
#[component]
pub fn SessionWidget(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// Draw a border around the page while the agent views it (default true).
    #[prop(default = true)]
    border: bool,
) -> impl IntoView {
    let Some(ctx) = try_use_visitor() else { return ().into_any() };
    let m = ctx.texts();
    let view = Memo::new(move |_| ctx.session_view());
    let root_ref = NodeRef::<html::Section>::new();
    let mover = Movable::new(root_ref);
    // Each stretch with a live session, and each without, is counted: the details opened and the
    // ended line dismissed hold for the stretch they were set in, so the next session shows the
    // bar again, collapsed (derived values, no effect resets them).
    let live = |v: SessionView| !matches!(v, SessionView::Hidden | SessionView::Ended);
    let stretch = changes_of(move || live(view.get()));
    let now = move || stretch.with(|s| s.0);
    let opened = RwSignal::new(None::<u32>);
    let expanded = Signal::derive(move || opened.get() == Some(now()));
    let dismissed_at = RwSignal::new(None::<u32>);
    let dismissed = move || dismissed_at.get() == Some(now());
    // What was said about the agent's last move of the bar (a polite status): the corner the
    // agent dropped it in this session.
    let moved = move || ctx.widget_corner();
    // The corner the bar sits in (the stylesheet places it there, whatever its size), until the
    // visitor drags it.
    let corner = RwSignal::new(None::<WidgetCorner>);
    let snap = move |c: WidgetCorner| {
        mover.pos.set(None);
        corner.set(Some(c));
    };
    Effect::new(move |prev: Option<(SessionView, Option<WidgetCorner>)>| {
        let now = view.get();
        let agent_corner = ctx.widget_corner();
        // A new session (starting, or continued after a navigation) after none or an ended one:
        // the bar goes back to its default place.
        let fresh = live(now) && prev.is_none_or(|(p, _)| !live(p));
        if fresh && prev.is_some() {
            mover.pos.set(None);
            corner.set(None);
        }
        if now == SessionView::Ended {
            dom::set_session_value(CORNER_KEY, None);
        }
        match agent_corner {
            // The agent dropped the bar in a corner: go there, say so, keep it for the next pages.
            Some(c) if prev.and_then(|(_, p)| p) != Some(c) => {
                dom::set_session_value(CORNER_KEY, Some(corner_row(c).1));
                snap(c);
            }
            // A page of a session whose bar the agent moved before: back to that corner.
            None if fresh => {
                if let Some(c) = dom::session_value(CORNER_KEY).and_then(|t| corner_of(&t)) {
                    snap(c);
                }
            }
            _ => {}
        }
        (now, agent_corner)
    });
    // The agent drags the bar: follow its deltas (left: right-positive, bottom: up-positive).
    Effect::new(move |prev: Option<(f64, f64)>| {
        let (left, bottom) = ctx.widget_offset();
        if let Some((pl, pb)) = prev {
            if (left, bottom) != (0.0, 0.0) {
                mover.move_by(left - pl, -(bottom - pb));
            }
        }
        (left, bottom)
    });
    let line = Memo::new(move |_| {
        m.with_value(|m| match view.get() {
            SessionView::Hidden => String::new(),
            SessionView::Starting => m.session_starting.to_string(),
            SessionView::Waiting => m.widget_waiting.to_string(),
            SessionView::Viewing => m.agents_label(ctx.agents()),
            SessionView::Controlling => m.rc_indicator.to_string(),
            SessionView::Paused => m.session_paused.to_string(),
            SessionView::Reconnecting => m.reconnecting.to_string(),
            SessionView::Elsewhere => m.session_elsewhere.to_string(),
            SessionView::Ended => match ctx.phase() {
                SessionPhase::Ended { reason } => m.ended(reason.as_ref()).to_owned(),
                _ => m.session_ended.to_string(),
            },
        })
    });
    let names = move || ctx.agent_names();
    let key = move || ctx.session_key();
    let in_session = move || ctx.in_session();
    let is = move |v: SessionView| view.get() == v;
    let handle_id = ctx.fresh_id("widget-move");
    let details_id = ctx.fresh_id("widget-details");
    let text = move |f: fn(&crate::Messages) -> &str| m.with_value(|m| f(m).to_owned());
    view! {
        <section
            node_ref=root_ref
            class=class_list(|| "gvk-widget gvk-session-widget".into(), class)
            data-gvk="session-widget"
            data-state=move || view.get().as_str()
            data-expanded=move || expanded.get().to_string()
            data-corner=move || corner.get().map(|c| corner_row(c).1)
            aria-label=move || text(|m| &m.widget_label)
            hidden=move || is(SessionView::Hidden) || dismissed()
            style:left=move || mover.pos.get().map(|p| format!("{}px", p.0.round() as i64))
            style:top=move || mover.pos.get().map(|p| format!("{}px", p.1.round() as i64))
            style:right=move || mover.pos.get().map(|_| "auto")
            style:bottom=move || mover.pos.get().map(|_| "auto")
            style:position=move || mover.pos.get().map(|_| "fixed")
        >
            <div class="gvk-widget-bar">
                <MoveHandle mover=mover class="gvk-widget-handle" id=handle_id label=Signal::derive(move || text(|m| &m.widget_move))>
                    <span aria-hidden="true">"⠿"</span>
                </MoveHandle>
                <span class="gvk-spinner" aria-hidden="true" hidden=move || !is(SessionView::Starting)></span>
                <span class="gvk-widget-line" role="status" aria-live="polite" data-gvk-line="">{move || line.get()}</span>
                <button type="button" class="gvk-button" data-action="take-back"
                    hidden=move || !is(SessionView::Controlling)
                    on:click=move |_| { let _ = ctx.enable_rc(false); }>
                    {move || text(|m| &m.rc_stop)}
                </button>
                <button type="button" class="gvk-button" data-action="details"
                    aria-expanded=move || expanded.get().to_string()
                    aria-controls=details_id.clone()
                    hidden=move || !in_session() || is(SessionView::Waiting) || is(SessionView::Starting)
                    on:click=move |_| opened.set((!expanded.get_untracked()).then(now))>
                    {move || if expanded.get() { text(|m| &m.widget_hide_details) } else { text(|m| &m.widget_details) }}
                </button>
                <EndSession ctx=ctx />
                <button type="button" class="gvk-button" data-action="dismiss" hidden=move || !is(SessionView::Ended)
                    on:click=move |_| dismissed_at.set(Some(now()))>
                    {move || text(|m| &m.dismiss)}
                </button>
            </div>
            // The key: prominent while the visitor waits for an agent, in the details afterwards.
            <p class="gvk-widget-key" data-gvk-key-prominent="" hidden=move || !is(SessionView::Waiting) || key().is_none()>
                <span class="gvk-muted">{move || text(|m| &m.session_key_label)}</span>
                " "
                <strong class="gvk-key" data-gvk-key="">{move || key().unwrap_or_default()}</strong>
            </p>
            <div class="gvk-widget-details" id=details_id.clone() data-gvk-details="" hidden=move || !expanded.get()>
                <p class="gvk-row" hidden=move || key().is_none()>
                    <span class="gvk-muted">{move || text(|m| &m.session_key_label)}</span>
                    <span class="gvk-key gvk-key--small">{move || key().unwrap_or_default()}</span>
                </p>
                <ul class="gvk-badge-names" hidden=move || names().is_empty()>
                    {move || names().into_iter().map(|n| view! { <li>{n}</li> }).collect_view()}
                </ul>
            </div>
            <span class="gvk-sr-only" role="status" data-gvk-moved="">
                {move || moved().map(|c| m.with_value(|m| (corner_row(c).2)(m).to_owned()))}
            </span>
            <p class="gvk-widget-note" data-gvk-masked="" hidden=move || !ctx.page_masked()>{move || text(|m| &m.page_masked)}</p>
            <p class="gvk-widget-note" data-gvk-download="" hidden=move || !ctx.file_download()>{move || text(|m| &m.file_downloading)}</p>
            {border.then(|| view! {
                <div
                    class=move || if is(SessionView::Controlling) { "gvk-page-border gvk-page-border--control" } else { "gvk-page-border" }
                    aria-hidden="true"
                    data-gvk-border=""
                    hidden=move || !matches!(view.get(), SessionView::Waiting | SessionView::Viewing | SessionView::Controlling | SessionView::Paused | SessionView::Reconnecting)
                ></div>
            })}
        </section>
    }
    .into_any()
}
