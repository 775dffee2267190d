//! The kit's warnings: the browser console on wasm, stderr elsewhere. A leaf, so that every layer can
//! warn without reaching up (the decoder's navigation guard, the binding, the context).

/// Logs a warning, prefixed `[glance-visitor-kit]`.
pub(crate) fn warn(msg: &str) {
    #[cfg(target_arch = "wasm32")]
    web_sys::console::warn_1(&wasm_bindgen::JsValue::from_str(&format!("[glance-visitor-kit] {msg}")));
    #[cfg(not(target_arch = "wasm32"))]
    eprintln!("[glance-visitor-kit] {msg}");
}
