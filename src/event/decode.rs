//! Total decoding of a name and a [`Value`] payload into a [`VisitorEvent`].

use std::fmt;

use super::request::{AnswerCalls, PromptKind, Request, RequestFacts};
use super::types::*;
use super::value::format_number;
use super::{Responder, Value, VisitorEvent, EVENT_NAMES};

/// What was wrong with a field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The field is required and absent (or the payload was missing).
    Missing,
    /// The field has the wrong type: what was expected and what came.
    WrongType {
        /// What the decoder expected.
        expected: &'static str,
        /// The JSON type that came.
        found: &'static str,
    },
    /// A number out of range: negative, fractional where whole is needed, NaN, infinite, zero or absurd size.
    OutOfRange(String),
    /// A string that is not one of the allowed values.
    UnknownValue(String),
}

/// A payload that does not fit its event. Names the event and the field (dotted path for nested ones).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    /// The event name.
    pub event: String,
    /// The field, e.g. `count` or `scaledview.width`; empty when the payload itself is wrong.
    pub field: String,
    /// What was wrong.
    pub problem: Problem,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let field = if self.field.is_empty() { "payload" } else { &self.field };
        write!(f, "`{}` event: field `{}`: ", self.event, field)?;
        match &self.problem {
            Problem::Missing => f.write_str("missing"),
            Problem::WrongType { expected, found } => write!(f, "expected {expected}, found {found}"),
            Problem::OutOfRange(v) => write!(f, "out of range ({v})"),
            Problem::UnknownValue(v) => write!(f, "unknown value \"{v}\""),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Field readers that produce errors naming the event and the field.
struct Reader<'a> {
    event: &'a str,
    payload: &'a Value,
}

impl<'a> Reader<'a> {
    fn err(&self, field: &str, problem: Problem) -> DecodeError {
        DecodeError { event: self.event.to_owned(), field: field.to_owned(), problem }
    }

    fn wrong(&self, field: &str, expected: &'static str, v: &Value) -> DecodeError {
        self.err(field, Problem::WrongType { expected, found: v.kind() })
    }

    /// The payload must be an object, or missing (treated as `{}`).
    fn object(&self) -> Result<(), DecodeError> {
        match self.payload {
            Value::Null | Value::Object(_) => Ok(()),
            other => Err(self.wrong("", "object", other)),
        }
    }

    fn at(&self, path: &str) -> Option<&'a Value> {
        let mut v = self.payload;
        for key in path.split('.') {
            v = v.field(key)?;
        }
        Some(v)
    }

    fn opt_bool(&self, path: &str) -> Result<Option<bool>, DecodeError> {
        match self.at(path) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(v) => Err(self.wrong(path, "boolean", v)),
        }
    }

    fn bool(&self, path: &str) -> Result<bool, DecodeError> {
        self.opt_bool(path)?.ok_or_else(|| self.err(path, Problem::Missing))
    }

    fn opt_str(&self, path: &str) -> Result<Option<String>, DecodeError> {
        match self.at(path) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err(self.wrong(path, "string", v)),
        }
    }

    /// A string or a number, as text (ids are sometimes numbers).
    fn opt_text(&self, path: &str) -> Result<Option<String>, DecodeError> {
        match self.at(path) {
            Some(Value::Number(n)) if n.is_finite() => Ok(Some(format_number(*n))),
            _ => self.opt_str(path),
        }
    }

    fn opt_number(&self, path: &str) -> Result<Option<f64>, DecodeError> {
        match self.at(path) {
            None => Ok(None),
            Some(Value::Number(n)) if n.is_finite() && *n >= 0.0 => Ok(Some(*n)),
            Some(Value::Number(n)) => Err(self.err(path, Problem::OutOfRange(format_number(*n)))),
            Some(v) => Err(self.wrong(path, "number", v)),
        }
    }

    fn count(&self, path: &str) -> Result<u32, DecodeError> {
        let n = self.opt_number(path)?.ok_or_else(|| self.err(path, Problem::Missing))?;
        if n.fract() != 0.0 || n > u32::MAX as f64 {
            return Err(self.err(path, Problem::OutOfRange(format_number(n))));
        }
        Ok(n as u32)
    }

    fn dimension(&self, path: &str) -> Result<Option<f64>, DecodeError> {
        match self.at(path) {
            None => Ok(None),
            Some(Value::Number(n)) if n.is_finite() && *n > 0.0 && *n <= MAX_DIMENSION => Ok(Some(*n)),
            Some(Value::Number(n)) => Err(self.err(path, Problem::OutOfRange(format_number(*n)))),
            Some(v) => Err(self.wrong(path, "number", v)),
        }
    }

    /// A `{width, height}` object; absent is `None`, half a size or a bad number is an error.
    fn size(&self, path: &str) -> Result<Option<Size>, DecodeError> {
        let object = match self.at(path) {
            None => return Ok(None),
            Some(v @ Value::Object(_)) => v,
            Some(v) => return Err(self.wrong(path, "object", v)),
        };
        // The members are read from the object itself; the dotted path is only spelled out for
        // an error (no formatting per event).
        let sub = Reader { event: self.event, payload: object };
        let fix = |e: DecodeError| DecodeError { field: format!("{path}.{}", e.field), ..e };
        let w = sub.dimension("width").map_err(fix)?;
        let h = sub.dimension("height").map_err(fix)?;
        match (w, h) {
            (Some(width), Some(height)) => Ok(Some(Size { width, height })),
            (None, _) => Err(fix(sub.err("width", Problem::Missing))),
            (_, None) => Err(fix(sub.err("height", Problem::Missing))),
        }
    }

    /// A `screenshare.params` size: `{width, height}` of numbers in range or of strings that are
    /// such numbers (`"1280"`, as Glance's script sends them); anything else is `None`.
    fn share_size(&self, path: &str) -> Option<Size> {
        let Some(Value::Object(_)) = self.at(path) else { return None };
        let dim = |key: &str| -> Option<f64> {
            let n = match self.at(path)?.get(key)? {
                Value::Number(n) => *n,
                Value::String(s) => decimal(s.trim())?,
                _ => return None,
            };
            (n.is_finite() && n > 0.0 && n <= MAX_DIMENSION).then_some(n)
        };
        Some(Size { width: dim("width")?, height: dim("height")? })
    }

    /// A finite pixel delta (may be negative), 0 when absent.
    fn delta(&self, path: &str) -> Result<f64, DecodeError> {
        match self.at(path) {
            None => Ok(0.0),
            Some(Value::Number(n)) if n.is_finite() && n.abs() <= MAX_DIMENSION => Ok(*n),
            Some(Value::Number(n)) => Err(self.err(path, Problem::OutOfRange(format_number(*n)))),
            Some(v) => Err(self.wrong(path, "number", v)),
        }
    }

    fn video_size_of(&self, path: &str, s: &str) -> Result<VideoSize, DecodeError> {
        match s {
            "small" => Ok(VideoSize::Small),
            "large" => Ok(VideoSize::Large),
            other => Err(self.err(path, Problem::UnknownValue(other.to_owned()))),
        }
    }

    fn view(&self) -> Result<String, DecodeError> {
        match self.opt_str("screenshareView")? {
            Some(v) if !v.is_empty() => Ok(v),
            Some(_) => Err(self.err("screenshareView", Problem::UnknownValue(String::new()))),
            None => Err(self.err("screenshareView", Problem::Missing)),
        }
    }
}

impl VisitorEvent {
    /// Decodes an event from its name and payload. For a request, `responder` builds the
    /// [`Responder`] from the payload functions its kind is answered with ([`PromptKind::calls`],
    /// and [`PromptKind::followup_calls`] for a second step); pass `&|_| Responder::missing()` where
    /// there are none.
    ///
    /// Never panics. A payload that does not fit yields a [`DecodeError`] naming the event and the field.
    pub fn decode(
        name: &str,
        payload: &Value,
        responder: &dyn Fn(AnswerCalls) -> Responder,
    ) -> Result<Self, DecodeError> {
        use VisitorEvent as E;
        let r = Reader { event: name, payload };
        if let Some(kind) = PromptKind::from_event(name) {
            r.object()?;
            let facts = request_facts(&r, kind)?;
            let followup = kind.followup_calls().map(responder);
            return Ok(E::Request(Request { kind, facts, responder: responder(kind.calls()), followup }));
        }
        // Payloads Glance also sends bare (glance-notes.md, "Payload shapes").
        match (name, payload) {
            ("accessibility", Value::Bool(enabled)) => return Ok(E::Accessibility { enabled: *enabled }),
            ("visitorvideoresize", Value::String(s)) => {
                return Ok(E::VisitorVideoResize { size: r.video_size_of("", s)? });
            }
            _ => {}
        }
        if !EVENT_NAMES.contains(&name) {
            return Ok(E::Unknown { name: name.to_owned(), raw: payload.clone() });
        }
        r.object()?;
        Ok(match name {
            "sessionstarting" => E::SessionStarting,
            "sessionstart" => E::SessionStart,
            "sessioncontinue" => E::SessionContinue,
            "statereceived" => E::StateReceived,
            "ready" => E::Ready,
            "blur" => E::Blur,
            "focus" => E::Focus,
            "reverseended" => E::ReverseEnded,
            "leavesession" => E::LeaveSession,
            "recoversession" => E::RecoverSession,
            "filedownloading" => E::FileDownloading,
            "filedownloaded" => E::FileDownloaded,
            "visitorvideopaused" => E::VisitorVideoPaused,
            "visitorvideoresumed" => E::VisitorVideoResumed,
            "visitorvideostopped" | "visitorvideoended" => E::VisitorVideoEnded,
            "visitorscreensharestarted" => E::VisitorScreenshareStarted,
            "visitorscreensharepaused" => E::VisitorScreensharePaused,
            "visitorscreenshareended" => E::VisitorScreenshareEnded,
            "navigationassist" => E::NavigationAssist { raw: payload.clone() },
            "sessionend" => E::SessionEnd {
                reason: r.opt_str("reason")?.map(|s| match s.as_str() {
                    "agent" => EndReason::Agent,
                    "visitor" => EndReason::Visitor,
                    "error" => EndReason::Error,
                    _ => EndReason::Other(s),
                }),
            },
            "error" => E::Error(GlanceError {
                code: ErrorCode::parse(&r.opt_text("code")?.unwrap_or_default()),
                msg: r.opt_str("msg")?.unwrap_or_default(),
                server: r.opt_text("params.server")?,
                script: r.opt_text("params.script")?,
                params: payload.get("params").cloned().unwrap_or_default(),
            }),
            "agents" => E::Agents { count: r.count("count")?, agentlist: agent_list(&r)? },
            "rc" => E::Rc { enabled: r.bool("enabled")? },
            "accessibility" => E::Accessibility { enabled: r.bool("enabled")? },
            "sessionpaused" => E::SessionPaused { paused: r.bool("paused")? },
            "pagemasked" => E::PageMasked { masked: r.opt_bool("masked")?.unwrap_or(true) },
            "screenshare" => {
                let state = match r.opt_str("state")? {
                    None => return Err(r.err("state", Problem::Missing)),
                    Some(s) => match s.as_str() {
                        "new" => ShareState::New,
                        "continued" => ShareState::Continued,
                        "ended" => ShareState::Ended,
                        "still-ended" => ShareState::StillEnded,
                        "error" => ShareState::Error,
                        "still-error" => ShareState::StillError,
                        _ => return Err(r.err("state", Problem::UnknownValue(s))),
                    },
                };
                E::Screenshare(ScreenshareInfo {
                    view: r.view()?,
                    state,
                    paused: r.opt_bool("paused")?.unwrap_or(false),
                    agentnum: r.opt_number("agentnum")?,
                    // Extra information: `params` that are not a size in range are ignored, and
                    // the share itself still counts (its iframe must show).
                    // Glance sends them as strings (parsed from its "WxH" size).
                    size: r.share_size("params"),
                })
            }
            "screensharepause" | "screensharepaused" => E::ScreensharePause { view: r.view()? },
            "screenshareresume" | "screenshareresumed" => E::ScreenshareResume { view: r.view()? },
            "viewerinfo" => {
                // Glance's script sends `stats` at the top level; the documentation nests it under
                // `glance_viewer`. Either is read (the top level wins when both are there).
                let path = if r.at("stats").is_some() { "stats" } else { "glance_viewer.stats" };
                let stats = match r.at(path) {
                    None => None,
                    Some(v @ Value::Object(_)) => {
                        let sub = Reader { event: name, payload: v };
                        let fix = |e: DecodeError| DecodeError { field: format!("{path}.{}", e.field), ..e };
                        Some(ViewerStats {
                            fpslimit: sub.opt_number("fpslimit").map_err(fix)?,
                            viewerfps: sub.opt_number("viewerfps").map_err(fix)?,
                            displayfps: sub.opt_number("displayfps").map_err(fix)?,
                        })
                    }
                    Some(v) => return Err(r.wrong(path, "object", v)),
                };
                E::ViewerInfo(ViewerInfo {
                    view: r.view()?,
                    screen: r.size("screen")?,
                    scaledview: r.size("scaledview")?,
                    stats,
                })
            }
            "connection" => E::Connection {
                status: match r.opt_str("status")? {
                    Some(s) if s == "ok" => ConnectionStatus::Ok,
                    Some(s) if s == "reconnecting" => ConnectionStatus::Reconnecting,
                    Some(s) => return Err(r.err("status", Problem::UnknownValue(s))),
                    None => return Err(r.err("status", Problem::Missing)),
                },
            },
            "viewerclosing" => E::ViewerClosing {
                view: r.opt_str("screenshareView")?.filter(|v| !v.is_empty()),
                reason: r.opt_text("closereason")?.filter(|v| !v.is_empty()),
            },
            "videobgfilterfailed" => E::VideoBgFilterFailed {
                failuremode: r.opt_text("failuremode")?,
                performancefail: r.opt_bool("performancefail")?.unwrap_or(false),
            },
            "widgetmoved" => E::WidgetMoved { left: r.opt_bool("left")?, bottom: r.opt_bool("bottom")? },
            "maskingerror" => E::MaskingError { reason: r.opt_text("reason")?.filter(|s| !s.is_empty()) },
            "documentnotsent" => E::DocumentNotSent {
                name: r.opt_text("name")?.filter(|s| !s.is_empty()),
                reason: r.opt_text("reason")?.filter(|s| !s.is_empty()),
                size: r.opt_number("size")?,
            },
            "widgetmoving" => E::WidgetMoving { left: r.delta("left")?, bottom: r.delta("bottom")? },
            "visitorvideo" => E::VisitorVideo(VisitorVideoInfo {
                size: match r.opt_str("video")? {
                    Some(s) => Some(r.video_size_of("video", &s)?),
                    None => None,
                },
                camera: r.opt_str("camerastatus")?.map(|s| CameraStatus::parse(&s)),
                bgfilter: r.opt_bool("videobgfilter")?,
                bgtype: r.opt_text("videobgtype")?,
            }),
            "visitorvideostarted" => {
                // The video started, whatever its size says (a size not in range is left out).
                let (w, h) = (r.dimension("width").ok().flatten(), r.dimension("height").ok().flatten());
                E::VisitorVideoStarted { size: w.zip(h).map(|(width, height)| Size { width, height }) }
            }
            "visitorvideoresize" => match r.opt_str("video")? {
                Some(s) => E::VisitorVideoResize { size: r.video_size_of("video", &s)? },
                None => return Err(r.err("video", Problem::Missing)),
            },
            "visitorvideoerror" => E::VisitorVideoError {
                error: match r.at("error") {
                    None => String::new(),
                    Some(Value::String(s)) => s.clone(),
                    Some(v) => v.to_string(),
                },
            },
            // Every name of EVENT_NAMES has an arm above; a name added to the list without one is
            // kept whole, like an unknown event (a native test checks that none is).
            _ => E::Unknown { name: name.to_owned(), raw: payload.clone() },
        })
    }

    /// Decodes a payload that has no callables (fixtures, JSON, simulators): requests get
    /// [`Responder::missing`].
    pub fn decode_value(name: &str, payload: &Value) -> Result<Self, DecodeError> {
        Self::decode(name, payload, &|_| Responder::missing())
    }
}

/// The facts a request's payload carries (see [`RequestFacts`]).
fn request_facts(r: &Reader<'_>, kind: PromptKind) -> Result<RequestFacts, DecodeError> {
    let mut facts = RequestFacts::default();
    match kind {
        PromptKind::RemoteControl => facts.selective = r.opt_bool("selective")?.unwrap_or(false),
        PromptKind::NavAssist => {
            facts.url = r.opt_str("url")?.filter(|u| !u.is_empty());
            facts.name = r.opt_text("name")?.filter(|n| !n.is_empty());
        }
        PromptKind::NavConfirm => facts.url = r.opt_str("url")?.filter(|u| !u.is_empty()),
        PromptKind::AddGuest
        | PromptKind::ReverseSession
        | PromptKind::UrlStart
        | PromptKind::VisitorVideo
        | PromptKind::VisitorScreenshare
        | PromptKind::SurfaceNotAllowed
        | PromptKind::DocumentShare => {}
    }
    Ok(facts)
}

/// A plain decimal number of up to 12 characters (`1280`, `720.5`), as Glance writes sizes in
/// strings; `None` for anything else. (Written out: the standard library's float parser costs
/// several kilobytes of wasm.)
fn decimal(s: &str) -> Option<f64> {
    if s.is_empty() || s.len() > 12 {
        return None;
    }
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty() || !whole.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits = |t: &str| t.bytes().fold(0.0, |n, b| n * 10.0 + f64::from(b - b'0'));
    Some(digits(whole) + digits(frac) / 10f64.powi(frac.len() as i32))
}

fn agent_list(r: &Reader<'_>) -> Result<Option<Vec<AgentInfo>>, DecodeError> {
    let items = match r.at("agentlist") {
        None => return Ok(None),
        Some(Value::Array(items)) => items,
        Some(v) => return Err(r.wrong("agentlist", "array", v)),
    };
    let mut list = Vec::with_capacity(items.len().min(64));
    for (i, item) in items.iter().enumerate() {
        let sub = Reader { event: r.event, payload: item };
        let path = |f: &str| format!("agentlist.{i}.{f}");
        let fix = |e: DecodeError| DecodeError { field: path(&e.field), ..e };
        if !matches!(item, Value::Object(_)) {
            return Err(r.wrong(&format!("agentlist.{i}"), "object", item));
        }
        list.push(AgentInfo {
            name: sub.opt_str("name").map_err(fix)?,
            username: sub.opt_str("username").map_err(fix)?,
            title: sub.opt_str("title").map_err(fix)?,
            role: sub.opt_str("role").map_err(fix)?,
            agentrole: sub.opt_text("agentrole").map_err(fix)?,
            partnerid: sub.opt_text("partnerid").map_err(fix)?,
            partneruserid: sub.opt_text("partneruserid").map_err(fix)?,
            num: sub.opt_number("num").map_err(fix)?,
        });
    }
    Ok(Some(list))
}
