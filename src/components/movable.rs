//! Moving a fixed kit element (a panel, the session widget) by pointer drag and by Shift + arrow
//! keys, always kept inside the viewport. Until it is moved, the stylesheet places it.

use leptos::ev;
use leptos::html;
use leptos::prelude::*;

use crate::dom;
use crate::layout::clamp_position;

/// Pixels a Shift+Arrow key press moves an element.
pub(crate) const KEY_STEP: f64 = 10.0;

/// The position of a movable `<section>` (top-left, CSS px; `None` until moved) and the handlers
/// of its handle. `Copy`: hand it to as many closures as needed.
#[derive(Clone, Copy)]
pub(crate) struct Movable {
    /// Where the element is, once moved.
    pub pos: RwSignal<Option<(f64, f64)>>,
    root: NodeRef<html::Section>,
    /// The drag under way. Thread-safe storage: on a server the owner (and the cleanup that ends a
    /// drag) may go on another thread.
    drag: StoredValue<Option<Drag>>,
}

/// A drag under way: where the pointer and the element started, and the window's `pointermove`,
/// `pointerup` and `pointercancel` listeners that follow it.
struct Drag {
    pointer: (f64, f64),
    element: (f64, f64),
    listeners: Vec<WindowListenerHandle>,
}

impl Movable {
    pub(crate) fn new(root: NodeRef<html::Section>) -> Self {
        let mover = Movable { pos: RwSignal::new(None), root, drag: StoredValue::new(None) };
        on_cleanup(move || mover.on_up());
        mover
    }

    fn element(&self) -> Option<web_sys::HtmlElement> {
        self.root.try_get_untracked().flatten()
    }

    /// Moves the top-left corner to `(x, y)`, kept inside the viewport.
    pub(crate) fn move_to(&self, x: f64, y: f64) {
        let (w, h) = self.element().map(|r| dom::rendered_size(&r)).unwrap_or((0.0, 0.0));
        let viewport = dom::viewport().unwrap_or((f64::INFINITY, f64::INFINITY));
        let _ = self.pos.try_set(Some(clamp_position(x, y, w, h, viewport)));
    }

    /// Moves by a delta from where it is now.
    pub(crate) fn move_by(&self, dx: f64, dy: f64) {
        let (x, y) = self.current();
        self.move_to(x + dx, y + dy);
    }

    fn current(&self) -> (f64, f64) {
        self.pos.get_untracked().or_else(|| self.element().map(|r| dom::position(&r))).unwrap_or((0.0, 0.0))
    }

    /// Shift + arrow keys move it by [`KEY_STEP`].
    pub(crate) fn on_key(&self, e: ev::KeyboardEvent) {
        if !e.shift_key() {
            return;
        }
        let (dx, dy) = match e.key().as_str() {
            "ArrowLeft" => (-KEY_STEP, 0.0),
            "ArrowRight" => (KEY_STEP, 0.0),
            "ArrowUp" => (0.0, -KEY_STEP),
            "ArrowDown" => (0.0, KEY_STEP),
            _ => return,
        };
        e.prevent_default();
        self.move_by(dx, dy);
    }

    /// A drag starts: the pointer is captured, and the moves are followed on the window, so the
    /// drag goes on where capture is not given or is lost (the pointer over another element).
    pub(crate) fn on_down(&self, e: ev::PointerEvent) {
        if e.button() != 0 {
            return;
        }
        self.on_up();
        dom::capture_pointer(&e);
        let element = self.current();
        let pointer = (f64::from(e.client_x()), f64::from(e.client_y()));
        let this = *self;
        let id = e.pointer_id();
        let listeners = vec![
            window_event_listener(ev::pointermove, move |e| {
                if e.pointer_id() == id {
                    this.on_move(e);
                }
            }),
            window_event_listener(ev::pointerup, move |e| {
                if e.pointer_id() == id {
                    this.on_up();
                }
            }),
            window_event_listener(ev::pointercancel, move |e| {
                if e.pointer_id() == id {
                    this.on_up();
                }
            }),
        ];
        let _ = self.drag.try_set_value(Some(Drag { pointer, element, listeners }));
    }

    fn on_move(&self, e: ev::PointerEvent) {
        let start = self.drag.try_with_value(|d| d.as_ref().map(|d| (d.pointer, d.element))).flatten();
        if let Some(((sx, sy), (x, y))) = start {
            self.move_to(x + f64::from(e.client_x()) - sx, y + f64::from(e.client_y()) - sy);
        }
    }

    /// The drag ends (also on unmount): the window's listeners are removed.
    fn on_up(&self) {
        if let Some(drag) = self.drag.try_update_value(Option::take).flatten() {
            for listener in drag.listeners {
                listener.remove();
            }
        }
    }
}

/// The handle that moves a [`Movable`] element: drag it with a pointer, or press Shift + arrow keys
/// while it has focus.
#[component]
pub(crate) fn MoveHandle(
    mover: Movable,
    class: &'static str,
    #[prop(into)] id: String,
    /// The accessible name, when the handle shows no text of its own.
    #[prop(optional, into)]
    label: MaybeProp<String>,
    /// The id of the text that tells how to move it.
    #[prop(optional, into)]
    described_by: Option<String>,
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class=class
            id=id
            aria-label=move || label.get()
            aria-describedby=described_by
            on:keydown=move |e| mover.on_key(e)
            on:pointerdown=move |e| mover.on_down(e)
        >
            {children()}
        </button>
    }
}
