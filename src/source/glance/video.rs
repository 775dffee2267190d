//! Glance's video scripts, which a visitor screen share needs before its `accept()`.
//!
//! Glance's core asks for the visitor's screen with `visitorscreensharerequested`; its `accept()`
//! starts the browser's screen picker through `GLANCE.Video`, which only Glance's default UI loads
//! up front (`browserCap_<ver>M.js`, then `GlanceVideoSource_<ver>M.js`, from the `video/source/js/`
//! folder of Glance's script server). Browsers allow the picker only inside the click, so the
//! scripts are loaded when the request arrives, and the prompt is shown once they are there; the
//! page also gets the `<video id="glance_visitor_screensharepreview" muted>` Glance draws the
//! preview into. A load that fails is a visible error and a decline, never a hang.
//!
//! Where the scripts are, computed as Glance's own code computes them (core and default UI, 6.33.0):
//! the `src` of Glance's tag (`#glance-cobrowse`, or `#cobrowsescript`) from after its `//` to its
//! last `/` is the script server, with its first `/js` removed; its first `cobrowse` replaced by
//! `video`, plus `/source/js/`, is the video folder. So the CDN's `…/cobrowse/CobrowseJS.ashx`
//! gives `//www.glancecdn.net/video/source/js/`, and a self-hosted
//! `…/version_6.33.0/cobrowse/js/GlanceCobrowseLoader_6.33.0M.js` gives
//! `…/version_6.33.0/video/source/js/`. Versions up to 6.1.1 kept them in the script server's
//! `js/` folder, which is tried next. The version is Glance's own (`GLANCE.VERSION`, which the
//! loader sets), else read from a `GlanceCobrowse…_<version>M.js` script on the page. A folder
//! whose scripts load without giving `GLANCE.Video` counts as failed. The kit reports every
//! address it tried.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;

use super::path;

/// The id of the preview element Glance draws the visitor's shared screen into.
pub(crate) const PREVIEW_ID: &str = "glance_visitor_screensharepreview";

/// Whether `GLANCE.Video` is there already.
pub(super) fn loaded() -> bool {
    path(&["GLANCE", "Video"]).is_some()
}

/// The version of Glance's scripts in a `GlanceCobrowse…_<version>M.js` file name among `srcs`.
pub(crate) fn version_in(srcs: &[String]) -> Option<String> {
    srcs.iter().find_map(|src| {
        let path = src.split(['?', '#']).next()?;
        let file = path.rsplit_once('/').map_or(path, |(_, f)| f);
        let rest = file.strip_prefix("GlanceCobrowse")?;
        let version = rest.rsplit_once('_')?.1.strip_suffix("M.js")?;
        is_version(version).then(|| version.to_owned())
    })
}

fn is_version(v: &str) -> bool {
    !v.is_empty() && v.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// The version in `GLANCE.VERSION` (`"6.33.0.1480702263"` → `"6.33.0"`).
pub(crate) fn version_of(full: &str) -> Option<String> {
    let v = full.split('.').take(3).collect::<Vec<_>>().join(".");
    (is_version(&v) && v.split('.').count() == 3).then_some(v)
}

/// The folders to try for the video scripts, for the `src` of Glance's tag: where Glance's own code
/// looks, then where versions up to 6.1.1 kept them. Protocol-relative (`//host/…/`), as Glance
/// writes them; `None` for a `src` with no `//`.
pub(crate) fn video_folders(tag_src: &str) -> Option<Vec<String>> {
    use crate::text::{replace, split_once};
    let (_, after) = split_once(tag_src, "//")?;
    let (server, _) = after.rsplit_once('/')?;
    let server = replace(server, "/js", "", 1);
    Some(vec![format!("//{}/source/js/", replace(&server, "cobrowse", "video", 1)), format!("//{server}/js/")])
}

/// The two scripts to load from `folder` for `version`, in the order Glance loads them.
pub(crate) fn video_scripts(folder: &str, version: &str) -> [String; 2] {
    [format!("{folder}browserCap_{version}M.js"), format!("{folder}GlanceVideoSource_{version}M.js")]
}

/// The `src` of Glance's tag (`#glance-cobrowse`, else `#cobrowsescript`), as a full address.
fn tag_src(doc: &web_sys::Document) -> Option<String> {
    ["glance-cobrowse", "cobrowsescript"].iter().find_map(|id| {
        let tag = doc.get_element_by_id(id)?.dyn_into::<web_sys::HtmlScriptElement>().ok()?;
        Some(tag.src()).filter(|s| !s.is_empty())
    })
}

fn script_srcs(doc: &web_sys::Document) -> Vec<String> {
    let Ok(list) = doc.query_selector_all("script[src]") else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlScriptElement>().ok())
        .map(|s| s.src())
        .collect()
}

/// Puts the hidden, muted preview `<video>` into the page if it is not there.
pub(super) fn ensure_preview(doc: &web_sys::Document) {
    if doc.get_element_by_id(PREVIEW_ID).is_some() {
        return;
    }
    let (Ok(video), Some(body)) = (doc.create_element("video"), doc.body()) else { return };
    video.set_id(PREVIEW_ID);
    let _ = video.set_attribute("muted", "");
    let _ = video.set_attribute("playsinline", "");
    let _ = video.set_attribute("hidden", "");
    let _ = video.set_attribute("data-gvk-preview", "");
    let _ = body.append_child(&video);
}

type Done = Box<dyn FnOnce(Result<(), String>)>;

thread_local! {
    /// The nonce of the page's Content-Security-Policy for the scripts added (the binding's).
    static NONCE: RefCell<Option<String>> = const { RefCell::new(None) };
    /// Callers waiting for the load in progress (`None`: no load in progress).
    static WAITING: RefCell<Option<Vec<Done>>> = const { RefCell::new(None) };
}

/// Ends the load in progress: every waiting caller gets the outcome.
fn finish(result: Result<(), String>) {
    let waiting = WAITING.with(|w| w.borrow_mut().take()).unwrap_or_default();
    for f in waiting {
        f(result.clone());
    }
}

/// Loads the video scripts (once per page; later requests wait for the same load) and calls
/// `done` with the outcome.
pub(super) fn load(nonce: Option<String>, done: impl FnOnce(Result<(), String>) + 'static) {
    NONCE.with(|n| *n.borrow_mut() = nonce);
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return done(Err("no document".into()));
    };
    ensure_preview(&doc);
    if loaded() {
        return done(Ok(()));
    }
    let started = WAITING.with(|w| {
        let mut w = w.borrow_mut();
        let first = w.is_none();
        w.get_or_insert_with(Vec::new).push(Box::new(done));
        !first
    });
    if started {
        return;
    }
    let version = path(&["GLANCE", "VERSION"])
        .and_then(|v| v.as_string())
        .and_then(|v| version_of(&v))
        .or_else(|| version_in(&script_srcs(&doc)));
    let folders = tag_src(&doc).and_then(|src| video_folders(&src));
    let (Some(version), Some(folders)) = (version, folders) else {
        return finish(Err(
            "the address of Glance's video scripts is not known (no #glance-cobrowse script, or no version)".into(),
        ));
    };
    let candidates = folders.iter().map(|f| video_scripts(f, &version)).collect();
    load_from(doc, candidates, Vec::new());
}

/// Loads the first pair of `candidates` (one script after the other); on a failure, goes on with
/// the next pair. `tried` collects the addresses that failed.
fn load_from(doc: web_sys::Document, mut candidates: std::collections::VecDeque<[String; 2]>, mut tried: Vec<String>) {
    let Some([cap, source]) = candidates.pop_front() else {
        return finish(Err(format!("Glance's video scripts could not be loaded (tried {})", tried.join(", "))));
    };
    let next = doc.clone();
    add_script(
        &doc,
        &cap.clone(),
        Box::new(move |ok| {
            if !ok {
                tried.push(cap);
                return load_from(next, candidates, tried);
            }
            let after = next.clone();
            add_script(
                &next,
                &source.clone(),
                Box::new(move |ok| {
                    if ok && loaded() {
                        return finish(Ok(()));
                    }
                    tried.push(if ok { format!("{source} (loaded, but no GLANCE.Video)") } else { source });
                    load_from(after, candidates, tried)
                }),
            );
        }),
    );
}

/// Adds `<script src=src data-gvk-video>` to the head and calls `done` with whether it loaded (a
/// script that failed is removed again).
fn add_script(doc: &web_sys::Document, src: &str, done: Box<dyn FnOnce(bool)>) {
    let script = doc.create_element("script").ok().and_then(|el| el.dyn_into::<web_sys::HtmlScriptElement>().ok());
    let (Some(script), Some(head)) = (script, doc.head()) else { return done(false) };
    script.set_src(src);
    if let Some(nonce) = NONCE.with(|n| n.borrow().clone()) {
        let _ = script.set_attribute("nonce", &nonce);
    }
    let _ = script.set_attribute("data-gvk-video", "");
    let done = Rc::new(RefCell::new(Some(done)));
    let on_error_done = done.clone();
    let failed = script.clone();
    // The callback is taken out before it runs (it adds the next script, or finishes).
    let on_load = Closure::once_into_js(move |_e: web_sys::Event| {
        let f = done.borrow_mut().take();
        if let Some(f) = f {
            f(true)
        }
    });
    let on_error = Closure::once_into_js(move |_e: web_sys::Event| {
        failed.remove();
        let f = on_error_done.borrow_mut().take();
        if let Some(f) = f {
            f(false)
        }
    });
    let _ = script.add_event_listener_with_callback("load", on_load.unchecked_ref());
    let _ = script.add_event_listener_with_callback("error", on_error.unchecked_ref());
    let _ = head.append_child(&script);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_version_of_glance_scripts() {
        let srcs = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            version_in(&srcs(&["https://x.test/app.js", "https://cdn.test/cb/GlanceCobrowseLoader_6.33.0M.js"])),
            Some("6.33.0".into())
        );
        assert_eq!(version_in(&srcs(&["https://cdn.test/js/GlanceCobrowse_6.1.1M.js?v=2"])), Some("6.1.1".into()));
        assert_eq!(version_in(&srcs(&["https://cdn.test/CobrowseJS.ashx?group=1"])), None);
        assert_eq!(version_in(&srcs(&["https://cdn.test/GlanceCobrowse_evilM.js"])), None);
        assert_eq!(version_of("6.33.0.1480702263").as_deref(), Some("6.33.0"));
        assert_eq!(version_of("6.33"), None);
        assert_eq!(version_of("x.y.z"), None);
        assert_eq!(
            video_scripts("//cdn.test/video/source/js/", "6.33.0"),
            [
                "//cdn.test/video/source/js/browserCap_6.33.0M.js".to_string(),
                "//cdn.test/video/source/js/GlanceVideoSource_6.33.0M.js".to_string()
            ]
        );
    }

    #[test]
    fn video_folders_as_glance_computes_them() {
        // Self-hosted 6.33.0: `…/cobrowse/js/` → `…/video/source/js/`; 6.1.1 kept them in `cobrowse/js/`.
        assert_eq!(
            video_folders(
                "https://h.test/self-hosted-scripts/version_6.33.0/cobrowse/js/GlanceCobrowseLoader_6.33.0M.js"
            ),
            Some(vec![
                "//h.test/self-hosted-scripts/version_6.33.0/video/source/js/".to_string(),
                "//h.test/self-hosted-scripts/version_6.33.0/cobrowse/js/".to_string()
            ])
        );
        // Glance's CDN.
        assert_eq!(
            video_folders("https://www.glancecdn.net/cobrowse/CobrowseJS.ashx?group=1&site=staging"),
            Some(vec![
                "//www.glancecdn.net/video/source/js/".to_string(),
                "//www.glancecdn.net/cobrowse/js/".to_string()
            ])
        );
        // Only the first `/js` and the first `cobrowse` are replaced, as in Glance's code.
        assert_eq!(
            video_folders("http://127.0.0.1:8000/cobrowse/js/x/js/GlanceCobrowseLoader_6.33.0M.js").unwrap()[0],
            "//127.0.0.1:8000/video/x/js/source/js/"
        );
        assert_eq!(video_folders("GlanceCobrowseLoader_6.33.0M.js"), None);
    }
}
