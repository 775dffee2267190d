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
//! Where the scripts are: Glance's own code takes the folder of its script with a `/js` folder
//! removed as its script server (`…/cobrowse/js/GlanceCobrowse_6.33.0M.js` → `…/cobrowse`). The
//! kit tries `<server>/video/source/js/` first, then `video/source/js/` beside the script, then (for
//! a script in a `js` folder) that folder itself, where older versions kept them; a folder whose
//! scripts load without giving `GLANCE.Video` counts as failed. It reports every address it tried.

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

/// The folder and version of Glance's scripts on this page, read from a script whose file name is
/// `GlanceCobrowse…_<version>M.js` (the self-hosted loader, or the full script the loader added).
pub(crate) fn glance_folder_and_version(srcs: &[String]) -> Option<(String, String)> {
    srcs.iter().find_map(|src| {
        let path = src.split(['?', '#']).next()?;
        let (folder, file) = path.rsplit_once('/')?;
        let rest = file.strip_prefix("GlanceCobrowse")?;
        let version = rest.rsplit_once('_')?.1.strip_suffix("M.js")?;
        let ok = !version.is_empty() && version.chars().all(|c| c.is_ascii_digit() || c == '.');
        ok.then(|| (format!("{folder}/"), version.to_owned()))
    })
}

/// The folders to try for the video scripts, in order, for Glance's script `folder` (ending in `/`).
pub(crate) fn video_folders(folder: &str) -> Vec<String> {
    let mut folders = Vec::new();
    if let Some(server) = folder.strip_suffix("js/").filter(|s| s.ends_with('/')) {
        folders.push(format!("{server}video/source/js/"));
    }
    folders.push(format!("{folder}video/source/js/"));
    if folder.ends_with("/js/") {
        folders.push(folder.to_owned());
    }
    folders
}

/// The two scripts to load from `folder` for `version`, in the order Glance loads them.
pub(crate) fn video_scripts(folder: &str, version: &str) -> [String; 2] {
    [format!("{folder}browserCap_{version}M.js"), format!("{folder}GlanceVideoSource_{version}M.js")]
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
pub(super) fn load(done: impl FnOnce(Result<(), String>) + 'static) {
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
    let Some((folder, version)) = glance_folder_and_version(&script_srcs(&doc)) else {
        return finish(
            Err("the address of Glance's video scripts is not known (no GlanceCobrowse…M.js script)".into()),
        );
    };
    let candidates = video_folders(&folder).iter().map(|f| video_scripts(f, &version)).collect();
    load_from(doc, candidates, Vec::new());
}

/// Loads the first pair of `candidates` (one script after the other); on a failure, goes on with
/// the next pair. `tried` collects the addresses that failed.
fn load_from(doc: web_sys::Document, mut candidates: std::collections::VecDeque<[String; 2]>, mut tried: Vec<String>) {
    let Some([cap, source]) = candidates.pop_front() else {
        return finish(Err(format!("Glance's video scripts could not be loaded (tried {})", tried.join(", "))));
    };
    let next = doc.clone();
    add_script(&doc, &cap.clone(), Box::new(move |ok| {
        if !ok {
            tried.push(cap);
            return load_from(next, candidates, tried);
        }
        let after = next.clone();
        add_script(&next, &source.clone(), Box::new(move |ok| {
            if ok && loaded() {
                return finish(Ok(()));
            }
            tried.push(if ok { format!("{source} (loaded, but no GLANCE.Video)") } else { source });
            load_from(after, candidates, tried)
        }));
    }));
}

/// Adds `<script src=src data-gvk-video>` to the head and calls `done` with whether it loaded (a
/// script that failed is removed again).
fn add_script(doc: &web_sys::Document, src: &str, done: Box<dyn FnOnce(bool)>) {
    let script = doc.create_element("script").ok().and_then(|el| el.dyn_into::<web_sys::HtmlScriptElement>().ok());
    let (Some(script), Some(head)) = (script, doc.head()) else { return done(false) };
    script.set_src(src);
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
    fn finds_the_folder_and_version_of_glance_scripts() {
        let srcs = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            glance_folder_and_version(&srcs(&[
                "https://x.test/app.js",
                "https://cdn.test/cb/GlanceCobrowseLoader_6.33.0M.js"
            ])),
            Some(("https://cdn.test/cb/".into(), "6.33.0".into()))
        );
        assert_eq!(
            glance_folder_and_version(&srcs(&["https://cdn.test/js/GlanceCobrowse_6.33.0M.js?v=2"])),
            Some(("https://cdn.test/js/".into(), "6.33.0".into()))
        );
        assert_eq!(glance_folder_and_version(&srcs(&["https://cdn.test/CobrowseJS.ashx?group=1"])), None);
        assert_eq!(glance_folder_and_version(&srcs(&["https://cdn.test/GlanceCobrowse_evilM.js"])), None);
        assert_eq!(
            video_scripts("https://cdn.test/cb/video/source/js/", "6.33.0"),
            [
                "https://cdn.test/cb/video/source/js/browserCap_6.33.0M.js".to_string(),
                "https://cdn.test/cb/video/source/js/GlanceVideoSource_6.33.0M.js".to_string()
            ]
        );
    }

    #[test]
    fn video_folders_start_at_glances_script_server() {
        // Glance's script server is its script's folder without the `js` folder.
        assert_eq!(
            video_folders("https://cdn.test/cobrowse/js/"),
            [
                "https://cdn.test/cobrowse/video/source/js/",
                "https://cdn.test/cobrowse/js/video/source/js/",
                "https://cdn.test/cobrowse/js/"
            ]
        );
        assert_eq!(video_folders("https://cdn.test/cb/"), ["https://cdn.test/cb/video/source/js/"]);
        // Only a whole `js` folder counts.
        assert_eq!(video_folders("https://cdn.test/cbjs/"), ["https://cdn.test/cbjs/video/source/js/"]);
        assert_eq!(
            video_folders("/js/"),
            ["/video/source/js/", "/js/video/source/js/", "/js/"]
        );
    }
}
