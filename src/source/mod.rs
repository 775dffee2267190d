//! Event sources: where visitor events come from and where the visitor's actions go.
//!
//! A [`VisitorSource`] delivers [`SourceMessage`]s to a [`Sink`] and carries out actions
//! (start, stop, remote control, pause). Two sources ship with the kit:
//! [`GlanceSource`], the binding to `window.GLANCE` (the same code in production
//! and in tests), and [`Simulator`], a scripted agent for the demo and for
//! integrators' tests. [`crate::context::provide_visitor`] joins a source to the components.

pub mod glance;
pub mod simulator;

use std::fmt;
use std::rc::Rc;

use crate::event::{DecodeError, GlanceError, Request, VisitorEvent};

pub use glance::{GlanceOptions, GlanceSource, ScriptOptions, Site};
pub use simulator::{Scenario, Simulator};

pub use crate::event::{StartParams, RANDOM_KEY};

/// A request for the visitor UI that came through Glance's own entry points (`showTerms`,
/// `showButton`, `toggleButton`: `data-glancebutton` elements, keyboard shortcuts, InvokeVisitor).
#[derive(Clone, Debug, PartialEq)]
pub enum UiRequest {
    /// Open the terms prompt (with the params Glance passed, if any).
    ShowTerms(StartParams),
    /// Show or hide the start button.
    ShowButton(bool),
    /// Toggle the start button.
    ToggleButton,
}

/// What a source sends to the kit.
#[derive(Clone, Debug)]
pub enum SourceMessage {
    /// A decoded visitor event.
    Event(VisitorEvent),
    /// An event whose payload did not fit; the state stays as it was.
    Malformed(DecodeError),
    /// A request for the UI.
    Ui(UiRequest),
    /// Something an integrator may want to know that changes nothing for the visitor (e.g. Glance
    /// dropped a call the page made while its script was loading). Seen as
    /// [`Activity::Warning`](crate::Activity::Warning).
    Warning(String),
    /// A request the source cannot bring to the visitor (Glance's video scripts, which a visitor
    /// screen share needs, did not load): the kit declines it once, on the visitor's behalf, and
    /// shows `error`.
    Refused(Request, GlanceError),
}

/// Where a source delivers its messages. Cheap to clone; may be called re-entrantly.
pub type Sink = Rc<dyn Fn(SourceMessage)>;

/// Why an action failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SourceError {
    /// `window.GLANCE.Cobrowse.Visitor` is not there (yet).
    NotLoaded,
    /// The Visitor object has no such method (an older script): the method's name.
    MissingMethod(&'static str),
    /// The method threw: its name and what it threw.
    Threw(&'static str, String),
    /// The source does not support this action.
    Unsupported(&'static str),
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceError::NotLoaded => f.write_str("Glance's visitor script is not loaded"),
            SourceError::MissingMethod(m) => write!(f, "GLANCE.Cobrowse.Visitor.{m} is missing"),
            SourceError::Threw(m, why) => write!(f, "GLANCE.Cobrowse.Visitor.{m} threw: {why}"),
            SourceError::Unsupported(m) => write!(f, "this source does not support {m}"),
        }
    }
}

impl std::error::Error for SourceError {}

/// Ends a source's delivery when dropped (listeners removed, timers cancelled, closures freed).
#[must_use = "dropping a Subscription unsubscribes at once"]
pub struct Subscription(Option<Box<dyn FnOnce()>>);

impl Subscription {
    /// A subscription that runs `cancel` when dropped.
    pub fn new(cancel: impl FnOnce() + 'static) -> Self {
        Subscription(Some(Box::new(cancel)))
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        if let Some(cancel) = self.0.take() {
            cancel();
        }
    }
}

impl fmt::Debug for Subscription {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Subscription")
    }
}

/// A source of visitor events and the target of the visitor's actions.
pub trait VisitorSource {
    /// Starts delivering messages to `sink` until the returned subscription is dropped.
    fn subscribe(&self, sink: Sink) -> Subscription;
    /// Starts a session (Glance's `startSession`).
    fn start_session(&self, params: &StartParams) -> Result<(), SourceError>;
    /// Ends the session (`stopSession`).
    fn stop_session(&self) -> Result<(), SourceError>;
    /// Turns remote control on or off (`enableRC`); the UI calls it with `false` to take control back.
    fn enable_rc(&self, enabled: bool) -> Result<(), SourceError>;
    /// Pauses or resumes the session (`pauseSession({pause, message})`).
    fn pause_session(&self, pause: bool, message: Option<&str>) -> Result<(), SourceError>;
    /// The session key to read to the agent (`getKey()`), when there is a session.
    fn session_key(&self) -> Option<String>;
    /// Pauses or resumes the visitor's video (`toggleVideo()`). Default: unsupported.
    fn toggle_video(&self) -> Result<(), SourceError> {
        Err(SourceError::Unsupported("toggleVideo"))
    }
    /// Switches the visitor's video between small and large (`toggleVideoSize()`). Default: unsupported.
    fn toggle_video_size(&self) -> Result<(), SourceError> {
        Err(SourceError::Unsupported("toggleVideoSize"))
    }
    /// Stops the visitor's video (`stopVideo()`). Default: unsupported.
    fn stop_video(&self) -> Result<(), SourceError> {
        Err(SourceError::Unsupported("stopVideo"))
    }
    /// Withdraws a `startSession` call that has not reached Glance yet (one queued while its script
    /// loads); returns whether there was one. The kit calls it when the start timed out, and when
    /// the visitor ends a session that only it knows is starting. Default: nothing queued.
    fn cancel_start(&self) -> bool {
        false
    }
    /// Sends the document the visitor chose to the agent (`sendDocument(file)`, left out when it
    /// is [view only](SharedDocument::view_only), then `viewPDF` or `viewXLS` with `{data, name,
    /// visitorselected: true}`). Default: unsupported.
    fn send_document(&self, document: &SharedDocument) -> Result<(), SourceError> {
        let _ = document;
        Err(SourceError::Unsupported("sendDocument"))
    }
}

/// The kinds of document a visitor may share with the agent (Glance shows PDFs and spreadsheets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocumentKind {
    /// `.pdf`.
    Pdf,
    /// `.xls` or `.xlsx`.
    Spreadsheet,
    /// `.csv`.
    Csv,
}

impl DocumentKind {
    /// Glance sends the agent a document only when it is smaller than this, in bytes (5 MiB:
    /// `sendDocument` refuses `size / 1048576 >= 5` with `documentnotsent`).
    pub const MAX_BYTES: f64 = 5.0 * 1024.0 * 1024.0;

    /// Whether Glance sends a document of `size` bytes to the agent (`sendDocument`).
    pub fn can_send(size: f64) -> bool {
        size < Self::MAX_BYTES
    }

    /// Whether a document of this kind and `size` bytes may be shared, as Glance's own UI rules:
    /// any PDF (one of 5 MiB or more is shown to the agent without being sent, so the agent cannot
    /// download it), spreadsheets only under 5 MiB.
    pub fn can_share(self, size: f64) -> bool {
        self == DocumentKind::Pdf || Self::can_send(size)
    }

    /// The kind of a file by its name (case-insensitive extension), if it may be shared.
    pub fn of_name(name: &str) -> Option<DocumentKind> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "pdf" => Some(DocumentKind::Pdf),
            "xls" | "xlsx" => Some(DocumentKind::Spreadsheet),
            "csv" => Some(DocumentKind::Csv),
            _ => None,
        }
    }

    /// The Visitor method that shows it to the agent: `viewPDF` or `viewXLS`.
    pub fn viewer(self) -> &'static str {
        match self {
            DocumentKind::Pdf => "viewPDF",
            DocumentKind::Spreadsheet | DocumentKind::Csv => "viewXLS",
        }
    }
}

/// A document the visitor chose to share: its name, kind, the browser's `File` and its bytes (a
/// binary string).
#[derive(Clone, Debug)]
pub struct SharedDocument {
    /// The file name.
    pub name: String,
    /// Its kind.
    pub kind: DocumentKind,
    /// Its size in bytes.
    pub size: f64,
    /// The `File` object the browser gave.
    pub file: wasm_bindgen::JsValue,
    /// Its content as a binary string (one character per byte, as `FileReader.readAsBinaryString`
    /// gives it): what Glance's `viewPDF` / `viewXLS` take.
    pub data: wasm_bindgen::JsValue,
}

impl SharedDocument {
    /// Shown to the agent without being sent (a PDF of 5 MiB or more): the agent cannot download it.
    pub fn view_only(&self) -> bool {
        !DocumentKind::can_send(self.size)
    }
}

pub(crate) use crate::log::warn;
