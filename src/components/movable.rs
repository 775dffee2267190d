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
    drag: StoredValue<Option<(f64, f64, f64, f64)>>,
}

impl Movable {
    pub(crate) fn new(root: NodeRef<html::Section>) -> Self {
        Movable { pos: RwSignal::new(None), root, drag: StoredValue::new(None) }
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

    pub(crate) fn on_down(&self, e: ev::PointerEvent) {
        dom::capture_pointer(&e);
        let (x, y) = self.current();
        self.drag.set_value(Some((f64::from(e.client_x()), f64::from(e.client_y()), x, y)));
    }

    pub(crate) fn on_move(&self, e: ev::PointerEvent) {
        if let Some((sx, sy, x, y)) = self.drag.get_value() {
            self.move_to(x + f64::from(e.client_x()) - sx, y + f64::from(e.client_y()) - sy);
        }
    }

    pub(crate) fn on_up(&self) {
        self.drag.set_value(None);
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
            on:pointermove=move |e| mover.on_move(e)
            on:pointerup=move |_| mover.on_up()
            on:pointercancel=move |_| mover.on_up()
        >
            {children()}
        </button>
    }
}
