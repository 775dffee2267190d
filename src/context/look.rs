//! How the kit looks and speaks: the strings, the theme, the root's classes and tokens, the
//! language and direction, and the element ids of one render.

use super::*;

impl VisitorContext {
    /// A fresh element id for this render (`<prefix>-<part>-<n>`, counted per context).
    pub(crate) fn fresh_id(&self, part: &str) -> String {
        self.ids
            .try_update_value(|(prefix, n)| {
                *n += 1;
                format!("{prefix}-{part}-{n}")
            })
            .unwrap_or_else(|| format!("gvk-{part}"))
    }

    /// Reads the strings, subscribing the caller to their changes ([`set_messages`](Self::set_messages)).
    pub fn with_messages<R>(&self, f: impl FnOnce(&Messages) -> R) -> R {
        self.texts.track();
        self.messages.with_value(f)
    }

    /// The strings as the components read them: tracked.
    pub(crate) fn texts(&self) -> Texts {
        Texts { messages: self.messages, changed: self.texts }
    }

    /// Replaces the strings (e.g. another language: `ctx.set_messages(Messages::arabic())`); every
    /// component re-renders its texts, and the kit roots' `lang` and `dir` follow.
    pub fn set_messages(&self, messages: Messages) {
        self.messages.set_value(messages);
        self.texts.notify();
    }

    /// The theme (tracked).
    pub fn theme(&self) -> Theme {
        self.theme.get()
    }

    /// Replaces the theme; the kit roots' classes and custom properties follow.
    pub fn set_theme(&self, theme: Theme) {
        self.theme.set(theme);
    }

    /// The classes of a kit root: the theme's, plus `gvk-accessible` while Glance's accessibility
    /// mode is on (tracked).
    pub(crate) fn root_classes(&self) -> String {
        let a11y = if self.accessibility() { " gvk-accessible" } else { "" };
        self.theme.with(|t| format!("{}{a11y}", t.classes()))
    }

    /// A theme custom property for a kit root's style (tracked). Colours are left to the
    /// stylesheet in high contrast.
    pub(crate) fn root_property(&self, token: Token) -> Option<String> {
        let contrast = matches!(token, Token::Primary | Token::OnPrimary | Token::SessionBorder | Token::FocusRing)
            && (self.theme.with(|t| t.high_contrast) || self.accessibility());
        if contrast {
            return None;
        }
        self.theme.with(|t| t.property(token))
    }

    /// The kit roots' `dir` (tracked).
    pub(crate) fn dir(&self) -> &'static str {
        self.with_messages(|m| m.dir.as_str())
    }

    /// The kit roots' `lang` (tracked).
    pub(crate) fn lang(&self) -> String {
        self.with_messages(|m| m.lang.to_string())
    }
}

/// The strings, read with the context's change trigger tracked (what components hold).
#[derive(Clone, Copy)]
pub(crate) struct Texts {
    messages: StoredValue<Messages>,
    changed: Trigger,
}

impl Texts {
    /// Reads the strings and subscribes the caller to their changes.
    pub(crate) fn with_value<R>(&self, f: impl FnOnce(&Messages) -> R) -> R {
        self.changed.track();
        self.messages.with_value(f)
    }
}
