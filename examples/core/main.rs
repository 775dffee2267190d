//! The kit without any component: Glance's binding, the decoder, the reducer and the reactive
//! context (`provide_visitor`), plus the empty app's `<p>`. The benchmark builds it beside the minimal
//! host app to split the kit's cost into its core and its components.

use glance_visitor_kit::provide_visitor;
use glance_visitor_kit::source::GlanceSource;
use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| {
        provide_visitor(GlanceSource::new());
        view! { <p>"Hello"</p> }
    });
}
