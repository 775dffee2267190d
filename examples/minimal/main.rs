//! The smallest host app of the kit: Glance's binding and the whole visitor UI, nothing else.
//! Built by `scripts/size.sh` to measure what the kit costs a page (wasm + js + css, gzip -9).

use glance_visitor_kit::source::GlanceSource;
use glance_visitor_kit::{provide_visitor, VisitorOptions, VisitorUi};
use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        provide_visitor(GlanceSource::new(), VisitorOptions::default());
        view! { <VisitorUi /> }
    });
}
