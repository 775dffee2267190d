//! [`RemoteControlPrompt`].

use leptos::prelude::*;

use super::prompt::consent_prompt;
use crate::state::PromptKind;

/// The remote-control consent prompt (`rcrequested`): "Allow the agent to take control?", or the selective wording when the agent asks for some areas only. Allow calls `accept()`, Decline (or Escape) `decline()`, once.
///
/// Root: `<dialog data-gvk="rc-prompt" data-state="open|closed" role="alertdialog">`; see
/// [`AlertPrompt`](super::AlertPrompt) for the keyboard and focus rules.
#[component]
pub fn RemoteControlPrompt(
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    consent_prompt(PromptKind::RemoteControl, "rc-prompt", class)
}
