//! Pay per session: [`LazyVisitorUi`], the whole kit as a chunk that loads when a session needs it
//! (feature `split`).
//!
//! Almost no page view has a session, yet a kit linked into the host's wasm is downloaded and
//! compiled on every one. With the `split` feature and a host built by a splitting build
//! (`scripts/split-build.sh` for client-side apps, cargo-leptos `--split` for server-rendered ones:
//! see the README, "Pay per session"), a page view gets only a small gate: the Start button, Glance's
//! two iframes (hidden, so that they are in the page before any share) and the JavaScript gate of
//! [`crate::source`] that holds Glance's events. The binding, the decoder, the reducer, the CSS and
//! every component are one lazily loaded chunk, fetched when:
//!
//! * the page is in a session already (`inSession()` at page load),
//! * the visitor presses Start (the terms prompt opens as soon as it is there),
//! * Glance calls `showTerms` (a `data-glancebutton`, a keyboard shortcut, InvokeVisitor),
//! * a `glance_invoke` message arrives (a chat window's InvokeVisitor), or
//! * any visitor event arrives (`sessionstarting` prefetches it; Glance needs its iframes once the
//!   session runs).
//!
//! Nothing is lost while it loads: events are held in order and replayed into the binding, and so
//! are Glance's `showTerms` / `showButton` calls. If it cannot load (offline, a missing file, a
//! Content-Security-Policy), every request held meanwhile, and every later one, is declined once,
//! the visitor reads an alert ("The cobrowse script could not be loaded."), and Start tries again.
//!
//! **Only for a splitting build.** With `split` on, the host's wasm imports the chunk loader; a host
//! built by plain trunk or wasm-bindgen then fails to start at all. Leave the feature off there: the
//! kit is then linked whole, as [`VisitorUi`](crate::VisitorUi) with
//! [`provide_visitor`](crate::provide_visitor).
//!
//! ```no_run
//! use glance_visitor_kit::split::LazyVisitorUi;
//! use leptos::prelude::*;
//!
//! #[component]
//! fn App() -> impl IntoView {
//!     // Instead of provide_visitor + VisitorUi: the same props (and `options`, when not the default).
//!     view! {
//!         <main>"Your site"</main>
//!         <LazyVisitorUi terms_url="/cobrowse-terms" />
//!     }
//! }
//! ```
//!
//! A component that reads [`use_visitor`](crate::use_visitor) works inside the kit only; elsewhere
//! [`try_use_visitor`](crate::try_use_visitor) is `None`. Glance's `showButton` / `toggleButton` work
//! on the page-view Start button too. The page-view markup is English unless `start_label` and
//! `failed_label` say otherwise, and takes the theme's CSS tokens but not [`Theme`](crate::Theme)
//! values set from Rust (those apply once the kit is there).

#[cfg(target_arch = "wasm32")]
use std::cell::Cell;
#[cfg(target_arch = "wasm32")]
use std::rc::Rc;

use leptos::prelude::*;

use crate::context::VisitorOptions;

/// What the kit's chunk is built from (shared: a failed load is tried again with the same).
#[cfg(target_arch = "wasm32")]
struct KitArgs {
    owner: Owner,
    options: Option<fn() -> VisitorOptions>,
    class: MaybeProp<String>,
    start_button: bool,
    terms_url: MaybeProp<String>,
    panels: bool,
    /// The visitor pressed the gate's Start (before or while the chunk loads).
    start: Cell<bool>,
}

/// The chunk's load failed.
#[cfg(target_arch = "wasm32")]
#[derive(Debug)]
struct NotLoaded;

#[cfg(all(target_arch = "wasm32", any(feature = "csr", feature = "hydrate")))]
impl From<leptos::wasm_split::SplitLoaderError> for NotLoaded {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// The kit itself, in its own chunk: Glance's binding, the context and [`VisitorUi`](crate::VisitorUi),
/// mounted into the gate's root under the gate's owner (the gate's own Start button and iframes go).
#[cfg_attr(
    all(target_arch = "wasm32", any(feature = "csr", feature = "hydrate")),
    leptos::wasm_split::wasm_split(gvk_kit, wasm_split_path = ::leptos::wasm_split, fallible)
)]
#[allow(improper_ctypes_definitions)]
#[cfg(target_arch = "wasm32")]
fn kit(args: Rc<KitArgs>) -> Result<(), NotLoaded> {
    use leptos::tachys::view::{Mountable, Render};
    let Some(root) = crate::source::glance::gate::adopt() else { return Ok(()) };
    let owner = args.owner.child();
    let (class, terms_url, start_button, panels) = (args.class, args.terms_url, args.start_button, args.panels);
    let options = args.options.map_or_else(VisitorOptions::default, |f| args.owner.with(f));
    let start = args.start.get();
    let state = owner.with(move || {
        let ctx = crate::context::provide_visitor_with_options(crate::source::GlanceSource::new(), options);
        if start {
            ctx.show_terms(Default::default());
        }
        let mut state =
            view! { <crate::VisitorUi class=class start_button=start_button terms_url=terms_url panels=panels /> }
                .build();
        state.mount(&root, None);
        state
    });
    // Unmounted with the gate.
    args.owner.with(|| {
        let kept = StoredValue::new_local(Some((owner, state)));
        on_cleanup(move || {
            if let Some(Some((owner, mut state))) = kept.try_update_value(Option::take) {
                state.unmount();
                owner.cleanup();
            }
        });
    });
    Ok(())
}

/// The visitor UI for a splitting build: a Start button, Glance's iframes and the gate on every page
/// view; everything else ([`provide_visitor`](crate::provide_visitor) with
/// [`GlanceSource`](crate::source::GlanceSource), and [`VisitorUi`](crate::VisitorUi) with these
/// props) loads when a session needs it (see the [module documentation](self)).
///
/// Root: `<div data-gvk="visitor-gate" data-state="idle|loading|failed|loaded">`; until the kit is
/// there it holds a Start button like [`StartSession`](crate::StartSession)'s, an alert for a failed
/// load and Glance's two iframes (hidden), then [`VisitorUi`](crate::VisitorUi).
#[component]
pub fn LazyVisitorUi(
    /// Makes the kit's options (as for [`provide_visitor`](crate::provide_visitor)) when the kit
    /// loads, inside this component's owner (so `use_context` works there); default
    /// `VisitorOptions::default()`. A function rather than a value, so that a page view pays
    /// for neither (e.g. `options=|| VisitorOptions { auto_decline: Some(Duration::from_secs(60)),
    /// ..Default::default() }`).
    #[prop(optional)]
    options: Option<fn() -> VisitorOptions>,
    /// Extra classes on the kit's root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// Show the start button (default true).
    #[prop(default = true)]
    start_button: bool,
    /// The terms link of the start prompt.
    #[prop(optional, into)]
    terms_url: MaybeProp<String>,
    /// Include the screen-share and agent-video panels (default true).
    #[prop(default = true)]
    panels: bool,
    /// The Start button's text until the kit is there (default: English, as
    /// `Messages::start_button`).
    #[prop(optional, into)]
    start_label: Option<String>,
    /// The page-view landmark's name (default: English, as `Messages::region_label`).
    #[prop(optional, into)]
    region_label: Option<String>,
    /// The alert when the kit could not load (default: English, as `Messages::error_script`).
    #[prop(optional, into)]
    failed_label: Option<String>,
    /// Inject the page-view CSS (default true; as [`VisitorOptions::inject_css`], which the kit
    /// follows once it is there). A page that links `gvk.css` with `data-gvk-style` gets none anyway.
    #[prop(default = true)]
    inject_css: bool,
    /// The page's Content-Security-Policy nonce for the page-view `<style>` (as
    /// [`VisitorOptions::nonce`]).
    #[prop(optional, into)]
    nonce: Option<String>,
) -> impl IntoView {
    #[cfg(target_arch = "wasm32")]
    {
        use crate::source::glance::gate;
        let args = Rc::new(KitArgs {
            owner: Owner::current().unwrap_or_default(),
            options,
            class,
            start_button,
            terms_url,
            panels,
            start: Cell::new(false),
        });
        if inject_css {
            crate::dom::inject_style("gvk-style-gate", crate::context::GATE_CSS, nonce.as_deref());
        }
        let loading = Rc::new(Cell::new(false));
        let notify = wasm_bindgen::closure::Closure::<dyn Fn(u32)>::new(move |code: u32| {
            if code == gate::notice::START {
                args.start.set(true);
            }
            if loading.replace(true) {
                return;
            }
            let (args, loading) = (args.clone(), loading.clone());
            leptos::task::spawn_local(async move {
                match load_kit(args).await {
                    Ok(()) => {}
                    Err(NotLoaded) => {
                        loading.set(false);
                        gate::fail();
                    }
                }
            });
        });
        let opening = gate::open(notify.as_ref());
        // Freed with the component; the gate (unless the binding or a newer mount has taken over)
        // goes first.
        let kept = StoredValue::new_local(notify);
        on_cleanup(move || {
            gate::close(opening);
            kept.dispose();
        });
    }
    #[cfg(not(target_arch = "wasm32"))]
    let _ = (options, class, terms_url, inject_css, nonce);
    view! {
        <div data-gvk="visitor-gate" data-state="idle">
            <aside class="gvk-root" aria-label=region_label.unwrap_or_else(|| "Cobrowse".into())>
                <p class="gvk-error" role="alert" hidden>{failed_label.unwrap_or_else(|| "The cobrowse script could not be loaded.".into())}</p>
                {start_button.then(|| view! {
                    <div class="gvk-start">
                        <button type="button" class="gvk-button gvk-button--primary" data-action="start">
                            {start_label.unwrap_or_else(|| "Start cobrowse".into())}
                        </button>
                    </div>
                })}
            </aside>
            {panels.then(|| view! {
                <iframe id="glance_screenshare" data-independent-content="1" hidden></iframe>
                <iframe id="glance_agentvideo" data-independent-content="1" hidden></iframe>
            })}
        </div>
    }
}

/// Fetches the kit's chunk (where there is one) and mounts it.
#[cfg(target_arch = "wasm32")]
async fn load_kit(args: Rc<KitArgs>) -> Result<(), NotLoaded> {
    #[cfg(any(feature = "csr", feature = "hydrate"))]
    return kit(args).await;
    #[cfg(not(any(feature = "csr", feature = "hydrate")))]
    kit(args)
}
