//! The settings bar: colour scheme, contrast and language, on the kit and on the host page.

use super::*;

pub(crate) fn scheme_of(name: &str) -> ColorScheme {
    match name {
        "light" => ColorScheme::Light,
        "dark" => ColorScheme::Dark,
        _ => ColorScheme::Auto,
    }
}

/// The host page follows the chosen colour scheme and contrast too (classes on `<html>`).
pub(crate) fn style_host(scheme: &str, contrast: bool) {
    let Some(root) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()) else {
        return;
    };
    let list = root.class_list();
    let _ = list.toggle_with_force("demo-light", scheme == "light");
    let _ = list.toggle_with_force("demo-dark", scheme == "dark");
    let _ = list.toggle_with_force("demo-contrast", contrast);
}

/// The switchers' state.
#[derive(Clone, Copy)]
pub(crate) struct Settings {
    pub(crate) scheme: RwSignal<String>,
    pub(crate) contrast: RwSignal<bool>,
    pub(crate) lang: RwSignal<String>,
}

/// Colour scheme, high contrast and language, for the kit and the page.
#[component]
pub(crate) fn SettingsBar(ctx: VisitorContext, settings: Settings) -> impl IntoView {
    let apply = move || {
        let scheme = settings.scheme.get_untracked();
        let contrast = settings.contrast.get_untracked();
        style_host(&scheme, contrast);
        ctx.set_theme(Theme { color_scheme: scheme_of(&scheme), high_contrast: contrast, ..ctx.theme() });
    };
    let names = |tag: &str| match tag {
        "de" => "Deutsch",
        "fr" => "Français",
        "es" => "Español",
        "ar" => "العربية",
        _ => "English",
    };
    view! {
        <form class="demo-settings" aria-label="Look and language" on:submit=|e| e.prevent_default()>
            <label>
                "Colour scheme "
                <select data-switch="scheme" prop:value=move || settings.scheme.get() on:change=move |e| {
                    settings.scheme.set(event_target_value(&e));
                    apply();
                }>
                    {[("auto", "System"), ("light", "Light"), ("dark", "Dark")].map(|(v, l)| view! {
                        <option value=v selected=move || settings.scheme.get_untracked() == v>{l}</option>
                    })}
                </select>
            </label>
            <label>
                <input type="checkbox" data-switch="contrast" prop:checked=move || settings.contrast.get() on:change=move |e| {
                    settings.contrast.set(event_target_checked(&e));
                    apply();
                } />
                " High contrast"
            </label>
            <label>
                "Language of the visitor UI "
                <select data-switch="lang" prop:value=move || settings.lang.get() on:change=move |e| {
                    let tag = event_target_value(&e);
                    ctx.set_messages(Messages::for_language(&tag));
                    settings.lang.set(tag);
                }>
                    {LANGUAGES.map(|tag| view! {
                        <option value=tag lang=tag selected=move || settings.lang.get_untracked() == tag>{names(tag)}</option>
                    })}
                </select>
            </label>
        </form>
    }
}
