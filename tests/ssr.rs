//! Server-side rendering: with the `ssr` feature the components render inert markup, touch no
//! browser API, and keep the integrator contract (data-gvk parts, the iframes, closed dialogs).
#![cfg(all(feature = "ssr", not(target_arch = "wasm32")))]

use glance_visitor_kit::source::Simulator;
use glance_visitor_kit::{provide_visitor, VisitorUi};
use leptos::prelude::*;

fn render() -> String {
    let owner = Owner::new();
    owner.with(|| {
        provide_visitor(Simulator::new());
        view! { <VisitorUi terms_url="/terms" /> }.to_html()
    })
}

#[test]
fn visitor_ui_renders_to_html_on_the_server() {
    let html = render();
    for part in [
        "visitor-ui",
        "consent-prompt",
        "connection-banner",
        "session-widget",
        "start-session",
        "error-notice",
        "screenshare-panel",
        "terms-prompt",
    ] {
        assert!(html.contains(&format!("data-gvk=\"{part}\"")), "missing {part} in {html}");
    }
    // The iframes are in the server markup, hidden, without src.
    for id in ["glance_screenshare", "glance_agentvideo"] {
        let at = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no iframe {id}"));
        let tag_start = html[..at].rfind('<').unwrap();
        let tag = &html[tag_start..tag_start + html[tag_start..].find('>').unwrap()];
        assert!(tag.starts_with("<iframe"), "{tag}");
        assert!(tag.contains("data-independent-content=\"1\"") && tag.contains("hidden"), "{tag}");
        assert!(!tag.contains("src="), "{tag}");
    }
    // Dialogs are closed (no `open` attribute) and carry the alertdialog contract.
    assert!(html.contains("role=\"alertdialog\"") && html.contains("aria-modal=\"true\""));
    assert!(!html.contains(" open"), "no dialog is open on the server");
    // The live regions exist from the start.
    assert!(html.contains("role=\"status\"") && html.contains("role=\"alert\""));
}

#[test]
fn masked_parts_carry_the_attribute_in_server_html() {
    use glance_visitor_kit::Masked;
    let owner = Owner::new();
    let html = owner.with(|| {
        view! {
            <form>
                <Masked><input id="card" /></Masked>
                <Masked inline=true class="note">"1234"</Masked>
                <p data-gvk-private="">"Balance"</p>
            </form>
        }
        .to_html()
    });
    // The wrapper is in the server markup, masked from the first byte (no moment before hydration
    // when the field is not).
    assert!(html.contains(r#"<div data-gvk-private="" class="gvk-private"><input id="card""#), "{html}");
    assert!(html.contains(r#"<span data-gvk-private="" class="gvk-private note">1234</span>"#), "{html}");
    assert_eq!(html.matches(glance_visitor_kit::masking::PRIVATE_ATTRIBUTE).count(), 3);
}

/// leptos_axum renders on one tokio worker and cleans the owner up wherever the response stream
/// ends: the kit's cleanups must not touch thread-bound storage of the rendering thread.
#[test]
fn a_server_render_is_cleaned_up_on_another_thread() {
    let owner = Owner::new();
    let html = owner.with(|| {
        provide_visitor(Simulator::new());
        view! { <VisitorUi terms_url="/terms" /> }.to_html()
    });
    assert!(html.contains("data-gvk=\"session-widget\""), "{html}");
    let cleanup = std::thread::spawn(move || owner.unset_with_forced_cleanup());
    assert!(cleanup.join().is_ok(), "the kit's cleanup panicked on another thread");
}

/// The split build's page view, server-rendered: the gate's markup only (a landmark with the Start
/// button and a hidden alert, Glance's two iframes hidden), no kit part, and no text but the labels.
#[cfg(feature = "split")]
#[test]
fn the_split_page_view_renders_the_gate_only() {
    use glance_visitor_kit::split::LazyVisitorUi;
    let html = Owner::new().with(|| view! { <LazyVisitorUi start_label="Cobrowse starten" /> }.to_html());
    assert!(html.contains("data-gvk=\"visitor-gate\""), "{html}");
    assert!(html.contains("<aside aria-label=\"Cobrowse\" class=\"gvk-root\">"), "{html}");
    assert!(html.contains(">Cobrowse starten</button>") && html.contains("data-action=\"start\""), "{html}");
    assert!(html.contains("role=\"alert\" hidden"), "{html}");
    for id in ["glance_screenshare", "glance_agentvideo"] {
        assert!(html.contains(&format!("<iframe id=\"{id}\" data-independent-content=\"1\" hidden")), "{html}");
    }
    for part in ["visitor-ui", "session-widget", "terms-prompt", "consent-prompt"] {
        assert!(!html.contains(&format!("data-gvk=\"{part}\"")), "{part} in {html}");
    }
    let without = Owner::new().with(|| view! { <LazyVisitorUi start_button=false panels=false /> }.to_html());
    // Options are made when the kit loads, from a function (a closure that captures nothing);
    // labels and the nonce are the page's own strings.
    let nonce = String::from("n0nce");
    let with_options = Owner::new().with(|| {
        view! {
            <LazyVisitorUi
                options=|| glance_visitor_kit::VisitorOptions { auto_decline: Some(std::time::Duration::from_secs(60)), ..Default::default() }
                failed_label=String::from("Co-Browsing konnte nicht geladen werden.")
                nonce=nonce
            />
        }
        .to_html()
    });
    assert!(with_options.contains(">Co-Browsing konnte nicht geladen werden.</p>"), "{with_options}");
    assert!(!without.contains("data-action=\"start\"") && !without.contains("<iframe"), "{without}");
}
