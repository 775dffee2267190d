//! [`Masked`].

use leptos::prelude::*;

use crate::components::class_list;

/// Hides its children from the agents: Glance masks them (a field's text goes out as asterisks)
/// on every page of a session, for every agent. It renders a wrapper carrying
/// [`PRIVATE_ATTRIBUTE`](crate::masking::PRIVATE_ATTRIBUTE) (`data-gvk-private`), the same on the
/// server and in the browser, so a server-rendered field is never unmasked while the page hydrates;
/// any element can carry the attribute instead. While a session runs, the visitor sees a quiet hint
/// on it, "Hidden from the agent" (the outline and text use `--gvk-color-muted` and
/// `--gvk-font-size-small`; the text comes from [`Messages::private_hint`](crate::Messages::private_hint)).
/// Glance gets the selector from the kit's masking script (see [`crate::masking`]). Needs no
/// [`provide_visitor`](crate::provide_visitor).
///
/// ```
/// use glance_visitor_kit::Masked;
/// use leptos::prelude::*;
///
/// #[component]
/// fn Payment() -> impl IntoView {
///     view! {
///         <label for="card">"Card number"</label>
///         <Masked><input id="card" autocomplete="cc-number" /></Masked>
///         // Or on any element:
///         <p data-gvk-private="">"Balance: 1,234.56"</p>
///     }
/// }
/// ```
///
/// Root: `<div data-gvk-private="" class="gvk-private">` (`<span>` with `inline`).
#[component]
pub fn Masked(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// Render an inline `<span>` instead of a `<div>` (inside a sentence, say).
    #[prop(optional)]
    inline: bool,
    children: Children,
) -> impl IntoView {
    let class = class_list(|| "gvk-private".into(), class);
    if inline {
        view! { <span data-gvk-private="" class=class>{children()}</span> }.into_any()
    } else {
        view! { <div data-gvk-private="" class=class>{children()}</div> }.into_any()
    }
}
