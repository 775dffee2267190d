//! The visitor's media: the camera preview and the camera list (feature `visitor-video`), and the
//! document the visitor picks (feature `document-share`). Every browser promise is settled into a
//! callback; nothing throws.

use super::*;

/// Why a camera preview could not start, as Glance's `camerastatus` words it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg(feature = "visitor-video")]
pub enum CameraProblem {
    /// The browser cannot capture video (`unsupported`).
    Unsupported,
    /// No camera (`nocamera`).
    NoCamera,
    /// Access refused by the visitor or the browser (`blocked`).
    Blocked,
}

/// A running camera preview: its stream and the camera's label. Stop it on every way out.
#[derive(Clone)]
#[cfg(feature = "visitor-video")]
pub struct CameraPreview {
    stream: web_sys::MediaStream,
    /// The camera's label (`videosource` for Glance).
    pub label: String,
    /// The camera's device id, when the browser tells it (`getSettings().deviceId`), else empty.
    pub device_id: String,
}

#[cfg(feature = "visitor-video")]
impl CameraPreview {
    /// Ends every track (the camera light goes off).
    pub fn stop(&self) {
        for track in self.stream.get_tracks().iter() {
            if let Ok(track) = track.dyn_into::<web_sys::MediaStreamTrack>() {
                track.stop();
            }
        }
    }
    /// Shows the preview in `video`.
    pub fn show_in(&self, video: &web_sys::HtmlVideoElement) {
        video.set_src_object(Some(&self.stream));
        // `play()` rejects when the prompt closes before playback starts: expected, not an error.
        if let Ok(promise) = video.play() {
            settle_promise(promise, |_| {}, |_| {});
        }
    }
}

#[cfg(feature = "visitor-video")]
fn media_devices() -> Option<web_sys::MediaDevices> {
    let navigator = web_sys::window()?.navigator();
    // `navigator.mediaDevices` is missing on insecure pages and old browsers: read it without throwing.
    let devices = js_sys::Reflect::get(&navigator, &"mediaDevices".into()).ok()?;
    if devices.is_undefined() || devices.is_null() {
        return None;
    }
    devices.dyn_into().ok()
}

/// Runs `ok` or `err` with a promise's outcome (callbacks, so the library needs no futures crate).
#[cfg(any(feature = "visitor-video", feature = "document-share"))]
fn settle_promise(
    promise: js_sys::Promise,
    ok: impl FnOnce(wasm_bindgen::JsValue) + 'static,
    err: impl FnOnce(wasm_bindgen::JsValue) + 'static,
) {
    let ok = Closure::once_into_js(ok);
    let err = Closure::once_into_js(err);
    // `then` through Reflect: the typed binding's signature differs between js-sys versions.
    if let Ok(then) = js_sys::Reflect::get(&promise, &"then".into()) {
        if let Some(then) = then.dyn_ref::<js_sys::Function>() {
            let _ = then.call2(&promise, &ok, &err);
        }
    }
}

/// Starts a camera preview (`getUserMedia({video})`, the camera `device_id` when given) and calls
/// `done` with it, or with why it could not start.
#[cfg(feature = "visitor-video")]
pub fn start_camera(device_id: Option<String>, done: impl FnOnce(Result<CameraPreview, CameraProblem>) + 'static) {
    let Some(devices) = media_devices() else { return done(Err(CameraProblem::Unsupported)) };
    let constraints = web_sys::MediaStreamConstraints::new();
    let video: wasm_bindgen::JsValue = match &device_id {
        Some(id) => {
            let exact = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&exact, &"exact".into(), &id.into());
            let v = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&v, &"deviceId".into(), &exact);
            v.into()
        }
        None => wasm_bindgen::JsValue::TRUE,
    };
    constraints.set_video(&video);
    let Ok(promise) = devices.get_user_media_with_constraints(&constraints) else {
        return done(Err(CameraProblem::Unsupported));
    };
    let done = std::rc::Rc::new(RefCell::new(Some(done)));
    let fail = done.clone();
    settle_promise(
        promise,
        move |stream| {
            let Some(done) = done.borrow_mut().take() else { return };
            let Ok(stream) = stream.dyn_into::<web_sys::MediaStream>() else {
                return done(Err(CameraProblem::NoCamera));
            };
            let track = stream.get_video_tracks().iter().find_map(|t| t.dyn_into::<web_sys::MediaStreamTrack>().ok());
            let label = track.as_ref().map(|t| t.label()).unwrap_or_default();
            let device_id = track.as_ref().map(track_device_id).unwrap_or_default();
            done(Ok(CameraPreview { stream, label, device_id }))
        },
        move |e| {
            let Some(done) = fail.borrow_mut().take() else { return };
            let name = js_sys::Reflect::get(&e, &"name".into()).ok().and_then(|n| n.as_string()).unwrap_or_default();
            done(Err(match name.as_str() {
                "NotAllowedError" | "SecurityError" | "PermissionDeniedError" => CameraProblem::Blocked,
                _ => CameraProblem::NoCamera,
            }))
        },
    );
}

/// A track's `getSettings().deviceId`, read without throwing (empty when the browser does not say).
#[cfg(feature = "visitor-video")]
fn track_device_id(track: &web_sys::MediaStreamTrack) -> String {
    js_sys::Reflect::get(track, &"getSettings".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(track).ok())
        .filter(|s| s.is_object())
        .and_then(|s| js_sys::Reflect::get(&s, &"deviceId".into()).ok())
        .and_then(|d| d.as_string())
        .unwrap_or_default()
}

/// Calls `done` with the cameras the page may use: (device id, label).
#[cfg(feature = "visitor-video")]
pub fn cameras(done: impl FnOnce(Vec<(String, String)>) + 'static) {
    let Some(promise) = media_devices().and_then(|d| d.enumerate_devices().ok()) else { return done(Vec::new()) };
    let done = std::rc::Rc::new(RefCell::new(Some(done)));
    let fail = done.clone();
    settle_promise(
        promise,
        move |list| {
            let Some(done) = done.borrow_mut().take() else { return };
            done(
                js_sys::Array::from(&list)
                    .iter()
                    .filter_map(|d| d.dyn_into::<web_sys::MediaDeviceInfo>().ok())
                    .filter(|d| d.kind() == web_sys::MediaDeviceKind::Videoinput)
                    .map(|d| (d.device_id(), d.label()))
                    .collect(),
            )
        },
        move |_| {
            if let Some(done) = fail.borrow_mut().take() {
                done(Vec::new())
            }
        },
    );
}

/// The first file of a file input or a drop, if any.
#[cfg(feature = "document-share")]
pub fn first_file(list: Option<web_sys::FileList>) -> Option<web_sys::File> {
    list?.get(0)
}

/// Reads a file and calls `done` with its bytes as a *binary string* (one character per byte,
/// U+0000 to U+00FF: what `FileReader.readAsBinaryString` gives, and what Glance's own default UI
/// hands to `viewPDF` / `viewXLS`: its `processFile` reads the file that way, seen in a public copy
/// of version 6.1.1), or `None` when it cannot be read.
#[cfg(feature = "document-share")]
pub fn read_file(file: &web_sys::File, done: impl FnOnce(Option<wasm_bindgen::JsValue>) + 'static) {
    let done = std::rc::Rc::new(RefCell::new(Some(done)));
    let fail = done.clone();
    settle_promise(
        file.array_buffer(),
        move |data| {
            if let Some(done) = done.borrow_mut().take() {
                done(Some(binary_string(&js_sys::Uint8Array::new(&data))))
            }
        },
        move |_| {
            if let Some(done) = fail.borrow_mut().take() {
                done(None)
            }
        },
    );
}

/// `bytes` as a binary string, built in slices (`String.fromCharCode` takes its codes as arguments,
/// and engines limit how many).
#[cfg(feature = "document-share")]
fn binary_string(bytes: &js_sys::Uint8Array) -> wasm_bindgen::JsValue {
    const SLICE: u32 = 8192;
    let mut out = js_sys::JsString::from("");
    let mut units = Vec::with_capacity(SLICE as usize);
    let mut start = 0;
    while start < bytes.length() {
        let end = (start + SLICE).min(bytes.length());
        units.clear();
        units.extend(bytes.subarray(start, end).to_vec().into_iter().map(u16::from));
        out = out.concat(&js_sys::JsString::from_char_code(&units));
        start = end;
    }
    out.into()
}

/// The `<input>` an event came from, if it came from one.
#[cfg(feature = "document-share")]
pub fn event_input(e: &web_sys::Event) -> Option<web_sys::HtmlInputElement> {
    e.target()?.dyn_into().ok()
}
