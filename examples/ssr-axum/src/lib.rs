//! A small server-rendered host site with the kit on every page: one route per Leptos SSR mode
//! (out of order, in order, async, partially blocked), each with a slow resource so that the
//! streaming modes really stream, hydrated in the browser by the `hydrate` function below.
//!
//! Built without cargo-leptos by `scripts/ssr-example.sh`: the server binary (`--features ssr`),
//! this library as wasm (`--features hydrate`) through wasm-bindgen into `<site>/pkg/`.

#[cfg_attr(any(feature = "without-kit", feature = "split"), allow(unused_imports))]
use glance_visitor_kit::{context::CSS, provide_visitor, source::GlanceSource, VisitorUi};
use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::{SsrMode, StaticSegment};

/// The file name (without extension) of the wasm-bindgen output in `<site>/pkg/`.
pub const OUTPUT_NAME: &str = "gvk_ssr";

/// The HTML shell: the kit's CSS goes into the server's `<head>`, so nothing flashes unstyled
/// before the wasm runs (the provider finds `#gvk-style` and does not inject it again).
///
/// The hydration script is the example's own: Leptos's `<HydrationScripts>` preloads the wasm with
/// `<link rel="preload" as="fetch">`, which WebKit never hands to the `fetch()` of wasm-bindgen's
/// init, so Safari downloaded the bundle twice. This one starts the single fetch itself.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let pkg = format!("/{}/{OUTPUT_NAME}", options.site_pkg_dir);
    let hydrate = format!(
        "const wasm = fetch({wasm:?}); const m = await import({js:?}); \
         await m.default({{ module_or_path: wasm }}); m.hydrate();",
        wasm = format!("{pkg}_bg.wasm"),
        js = format!("{pkg}.js"),
    );
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>"glance-visitor-kit SSR example"</title>
                <link rel="icon" href="data:," />
                {kit_css()}
                <script type="module">{hydrate}</script>
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The kit's CSS for the `<head>`: the whole sheet, or (paying per session) the part a page view
/// draws, under the id the kit looks for, so that it is not injected again.
fn kit_css() -> impl IntoView {
    #[cfg(feature = "split")]
    return view! { <style id="gvk-style-gate">{glance_visitor_kit::context::GATE_CSS}</style> };
    #[cfg(not(feature = "split"))]
    view! { <style id="gvk-style">{CSS}</style> }
}

/// The app: the kit around a router with one page per SSR mode.
#[component]
pub fn App() -> impl IntoView {
    // The kit binds to the page's `window.GLANCE` in the browser; on the server it renders its
    // idle markup and keeps nothing thread-bound.
    #[cfg(not(any(feature = "without-kit", feature = "split")))]
    provide_visitor(GlanceSource::new());
    view! {
        <Router>
            <main>
                <nav>
                    <a href="/">"Out of order"</a>" | "
                    <a href="/in-order">"In order"</a>" | "
                    <a href="/async">"Async"</a>" | "
                    <a href="/blocked">"Partially blocked"</a>
                </nav>
                <FlatRoutes fallback=|| "Page not found.">
                    <Route path=StaticSegment("") view=|| view! { <Page mode="out-of-order" /> } />
                    <Route path=StaticSegment("in-order") view=|| view! { <Page mode="in-order" /> } ssr=SsrMode::InOrder />
                    <Route path=StaticSegment("async") view=|| view! { <Page mode="async" /> } ssr=SsrMode::Async />
                    <Route
                        path=StaticSegment("blocked")
                        view=|| view! { <Page mode="partially-blocked" blocking=true /> }
                        ssr=SsrMode::PartiallyBlocked
                    />
                </FlatRoutes>
            </main>
            {kit_ui()}
        </Router>
    }
}

/// The kit's UI (nothing in the `without-kit` build, which measures what the kit adds).
fn kit_ui() -> impl IntoView {
    #[cfg(feature = "split")]
    return view! { <glance_visitor_kit::split::LazyVisitorUi terms_url="/terms" /> };
    #[cfg(not(any(feature = "without-kit", feature = "split")))]
    return view! { <VisitorUi terms_url="/terms" /> };
    #[cfg(feature = "without-kit")]
    ()
}

/// A slow value (a stand-in for the host's own data), computed on the server.
async fn slow_order_count() -> u32 {
    #[cfg(feature = "ssr")]
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    3
}

#[component]
fn Page(mode: &'static str, #[prop(optional)] blocking: bool) -> impl IntoView {
    let orders = if blocking {
        Resource::new_blocking(|| (), |_| slow_order_count())
    } else {
        Resource::new(|| (), |_| slow_order_count())
    };
    view! {
        <h1 data-mode=mode>"Your orders"</h1>
        <Suspense fallback=|| view! { <p>"Loading orders…"</p> }>
            <p data-orders="">{move || orders.get().map(|n| format!("{n} open orders"))}</p>
        </Suspense>
        <label for="note">"A note for the agent"</label>
        <input id="note" type="text" />
    }
}

/// Hydrates the server-rendered page (called by Leptos' hydration script).
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    leptos::mount::hydrate_body(App);
}
