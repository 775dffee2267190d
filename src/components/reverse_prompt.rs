//! [`ReverseSessionPrompt`].

use leptos::prelude::*;

use super::prompt::consent_prompt;
use crate::state::PromptKind;

/// The reverse-session prompt (`reverseconfirm`). It closes by itself on `reverseended` while pending (the request is then declined).
///
/// Root: `<dialog data-gvk="reverse-prompt" data-state="open|closed" role="alertdialog">`; see
/// [`AlertPrompt`](super::AlertPrompt) for the keyboard and focus rules.
#[component]
pub fn ReverseSessionPrompt(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    consent_prompt(PromptKind::ReverseSession, "reverse-prompt", class)
}
