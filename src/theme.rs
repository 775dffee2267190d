//! [`Theme`]: the kit's look set from Rust, for integrators who would rather not write CSS.
//!
//! The provider turns a theme into classes (`gvk-light` / `gvk-dark`, `gvk-contrast`) and custom
//! properties (`--gvk-color-primary`, …) on the kit's roots (the [`VisitorUi`](crate::VisitorUi)
//! landmark and the screen-share panels); change it at run time with
//! [`VisitorContext::set_theme`](crate::VisitorContext::set_theme).
//!
//! ```
//! use glance_visitor_kit::theme::{ColorScheme, Theme, Token};
//! let theme = Theme {
//!     accent: Some("#8a1538".into()),
//!     radius: Some("4px".into()),
//!     color_scheme: ColorScheme::Dark,
//!     ..Theme::default()
//! };
//! assert_eq!(theme.classes(), " gvk-dark");
//! assert_eq!(theme.property(Token::Radius).as_deref(), Some("4px"));
//! ```
//!
//! Values go into the kit roots' inline style through the CSS object model (allowed by a strict
//! Content-Security-Policy in the browser; a server-rendered `style` attribute needs
//! `style-src-attr 'unsafe-inline'`, else put the same tokens in your linked stylesheet). A value
//! that could end the declaration (`;`, braces, `<`, `>`, `\`, `!`) or load something (`url(`) is
//! ignored.

use std::borrow::Cow;

/// Light or dark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ColorScheme {
    /// Follow the visitor's system (`prefers-color-scheme`); the default.
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// The kit's look from Rust: colour scheme, high contrast, and brand values. Every value is
/// optional; unset values keep the stylesheet's tokens.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Theme {
    /// Light, dark, or the visitor's system setting.
    pub color_scheme: ColorScheme,
    /// High contrast (AAA colour pairs, larger text, heavier borders) whatever Glance says.
    /// Glance's `accessibility {enabled: true}` event and `forced-colors: active` turn it on too.
    pub high_contrast: bool,
    /// The brand colour (`--gvk-color-primary`, the session border and the focus ring): any CSS
    /// colour, also `light-dark(#light, #dark)`. Not applied in high contrast.
    pub accent: Option<Cow<'static, str>>,
    /// Text on the brand colour (`--gvk-color-on-primary`). Not applied in high contrast.
    pub on_accent: Option<Cow<'static, str>>,
    /// Corner radius (`--gvk-radius`), e.g. `"4px"`.
    pub radius: Option<Cow<'static, str>>,
    /// Font family (`--gvk-font`).
    pub font: Option<Cow<'static, str>>,
}

/// The custom properties a [`Theme`] sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Token {
    /// `--gvk-color-primary` (from `accent`).
    Primary,
    /// `--gvk-color-on-primary` (from `on_accent`).
    OnPrimary,
    /// `--gvk-color-session-border` (from `accent`).
    SessionBorder,
    /// `--gvk-focus-ring` (`3px solid` and `accent`).
    FocusRing,
    /// `--gvk-radius`.
    Radius,
    /// `--gvk-font`.
    Font,
}

impl Token {
    /// Every token a theme can set.
    pub const ALL: [Token; 6] =
        [Token::Primary, Token::OnPrimary, Token::SessionBorder, Token::FocusRing, Token::Radius, Token::Font];

    /// The custom property's name.
    pub fn name(self) -> &'static str {
        match self {
            Token::Primary => "--gvk-color-primary",
            Token::OnPrimary => "--gvk-color-on-primary",
            Token::SessionBorder => "--gvk-color-session-border",
            Token::FocusRing => "--gvk-focus-ring",
            Token::Radius => "--gvk-radius",
            Token::Font => "--gvk-font",
        }
    }
}

/// Whether `value` is safe as one declaration's value.
fn safe(value: &str) -> bool {
    let v = value.trim();
    !v.is_empty()
        && v.len() <= 256
        && !v.contains([';', '{', '}', '<', '>', '\\', '!', '\n', '\r'])
        && !crate::text::contains(&v.to_ascii_lowercase(), "url(")
}

impl Theme {
    /// The classes this theme puts on the kit roots, each with a leading space (empty for the
    /// default theme).
    pub fn classes(&self) -> &'static str {
        match (self.color_scheme, self.high_contrast) {
            (ColorScheme::Auto, false) => "",
            (ColorScheme::Light, false) => " gvk-light",
            (ColorScheme::Dark, false) => " gvk-dark",
            (ColorScheme::Auto, true) => " gvk-contrast",
            (ColorScheme::Light, true) => " gvk-light gvk-contrast",
            (ColorScheme::Dark, true) => " gvk-dark gvk-contrast",
        }
    }

    /// The value this theme gives `token` (`None`: unset, or not a safe value).
    pub fn property(&self, token: Token) -> Option<String> {
        let value = match token {
            Token::Primary | Token::SessionBorder | Token::FocusRing => &self.accent,
            Token::OnPrimary => &self.on_accent,
            Token::Radius => &self.radius,
            Token::Font => &self.font,
        };
        let value = value.as_deref().filter(|v| safe(v))?.trim();
        Some(if token == Token::FocusRing { format!("3px solid {value}") } else { value.to_owned() })
    }

    /// Every property this theme sets, as `name: value;` declarations (for a server-rendered
    /// `style` attribute or your own stylesheet).
    pub fn declarations(&self) -> String {
        let mut out = String::new();
        for token in Token::ALL {
            if let Some(value) = self.property(token) {
                out.push_str(token.name());
                out.push(':');
                out.push_str(&value);
                out.push(';');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_follow_the_options() {
        assert_eq!(Theme::default().classes(), "");
        let t = Theme { color_scheme: ColorScheme::Dark, high_contrast: true, ..Theme::default() };
        assert_eq!(t.classes(), " gvk-dark gvk-contrast");
    }

    #[test]
    fn unsafe_values_are_ignored() {
        let t = Theme {
            accent: Some("red; background: url(x)".into()),
            radius: Some(" 4px ".into()),
            font: Some("x} body {color:red".into()),
            on_accent: Some("#fff !important".into()),
            ..Theme::default()
        };
        assert_eq!(t.declarations(), "--gvk-radius:4px;");
        let t = Theme { accent: Some("light-dark(#8a1538, #ffb3c6)".into()), ..Theme::default() };
        assert_eq!(t.property(Token::FocusRing).as_deref(), Some("3px solid light-dark(#8a1538, #ffb3c6)"));
    }
}
