//! The server: leptos_axum on tokio's multi-threaded runtime (the standard Leptos deployment).
//! `GVK_ADDR` (default 127.0.0.1:3000) and `GVK_SITE_ROOT` (default `target/ssr-site`, holding
//! `pkg/` from wasm-bindgen) configure it. It prints `listening on http://ADDR` once it accepts
//! connections.

use axum::Router;
use gvk_ssr_example::{shell, App, OUTPUT_NAME};
use leptos::prelude::*;
use leptos_axum::{generate_route_list, LeptosRoutes};

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    let addr: std::net::SocketAddr =
        std::env::var("GVK_ADDR").ok().and_then(|a| a.parse().ok()).unwrap_or_else(|| ([127, 0, 0, 1], 3000).into());
    let site_root = std::env::var("GVK_SITE_ROOT").unwrap_or_else(|_| "target/ssr-site".into());
    let options = LeptosOptions::builder()
        .output_name(OUTPUT_NAME)
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let routes = generate_route_list(App);
    let app = Router::new()
        .leptos_routes(&options, routes, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(options);
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on {addr}: {e}");
            std::process::exit(1);
        }
    };
    println!("listening on http://{addr}");
    if let Err(e) = axum::serve(listener, app.into_make_service()).await {
        eprintln!("server error: {e}");
        std::process::exit(1);
    }
}
