//! An empty Leptos 0.8 app built with the same profile as the minimal host app: the baseline the
//! benchmark subtracts to get the kit's own cost.

use leptos::prelude::*;

fn main() {
    leptos::mount::mount_to_body(|| view! { <p>"Hello"</p> });
}
