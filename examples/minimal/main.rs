//! The smallest host app of the kit: Glance's binding and the whole visitor UI, nothing else.
//! Built by `scripts/size.sh` to measure what the kit costs a page (wasm + js + css, gzip -9).
//!
//! With the feature `split` (built by `scripts/split-build.sh examples/minimal OUT_DIR`) the same app
//! pays per session: `LazyVisitorUi` loads the kit when a session needs it.

use leptos::prelude::*;

#[cfg(not(feature = "split"))]
fn main() {
    use glance_visitor_kit::source::GlanceSource;
    use glance_visitor_kit::{provide_visitor, VisitorUi};
    leptos::mount::mount_to_body(|| {
        provide_visitor(GlanceSource::new());
        view! { <VisitorUi /> }
    });
}

#[cfg(feature = "split")]
fn main() {
    use glance_visitor_kit::split::LazyVisitorUi;
    leptos::mount::mount_to_body(|| view! { <LazyVisitorUi /> });
}
