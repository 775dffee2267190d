//! [`UrlStartPrompt`].

use leptos::prelude::*;

use super::prompt::consent_prompt;
use crate::state::PromptKind;

/// The URL start warning prompt (`urlstartwarning`): the session is about to continue on another domain.
///
/// Root: `<dialog data-gvk="urlstart-prompt" data-state="open|closed" role="alertdialog">`; see
/// [`AlertPrompt`](super::AlertPrompt) for the keyboard and focus rules.
#[component]
pub fn UrlStartPrompt(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    consent_prompt(PromptKind::UrlStart, "urlstart-prompt", class)
}
