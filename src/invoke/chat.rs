//! The chat window's side: [`InvokeVisitor`] and the [`ShareScreenButton`] component.

use std::fmt;

use leptos::prelude::*;

use super::{allowable, GroupId, Origin, OriginError};
use crate::event::Value;
use crate::source::RANDOM_KEY;

/// Why an invocation could not be sent. Nothing was posted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InvokeError {
    /// The group id is empty.
    EmptyGroup,
    /// The target origin is not a concrete origin (scheme, host, port).
    BadOrigin(OriginError),
    /// `"*"` was given as the target origin: use [`InvokeVisitor::to_any_page`] to mean it.
    AnyOriginNeedsOptIn,
    /// The visitor's window is closed.
    WindowClosed,
    /// The visitor's window was not found ([`VisitorWindow`]): what was looked for.
    NoWindow(&'static str),
    /// `func` is not a plain function name.
    BadFunc(String),
    /// `args` is not an object.
    BadArgs(&'static str),
    /// A session key must have 1 to 50 characters.
    BadKey,
    /// `postMessage` threw: what it threw.
    PostFailed(String),
}

impl fmt::Display for InvokeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InvokeError::EmptyGroup => f.write_str("the group id is empty"),
            InvokeError::BadOrigin(e) => write!(f, "{e}"),
            InvokeError::AnyOriginNeedsOptIn => {
                f.write_str("posting to \"*\" hands the message to any page; use InvokeVisitor::to_any_page")
            }
            InvokeError::WindowClosed => f.write_str("the visitor's window is closed"),
            InvokeError::NoWindow(what) => write!(f, "the visitor's window ({what}) was not found"),
            InvokeError::BadFunc(func) => write!(f, "`{func}` is not a function name"),
            InvokeError::BadArgs(kind) => write!(f, "args must be an object, not {kind}"),
            InvokeError::BadKey => f.write_str("a session key has 1 to 50 characters"),
            InvokeError::PostFailed(why) => write!(f, "postMessage failed: {why}"),
        }
    }
}

impl std::error::Error for InvokeError {}

/// Drives `GLANCE.Cobrowse.Visitor` in the visitor's window from a chat window, like Glance's
/// `GLANCE.Cobrowse.InvokeVisitor.init(wnd, groupid, origin)` + `invoke(func, args)`: each call
/// posts `{glance_invoke: {func, args, groupid}}` to `wnd` (`args` left out when there are none;
/// `groupid` as text).
///
/// The target origin must be concrete (`https://shop.example.com`): the browser then delivers the
/// message only while `wnd` shows a page of that origin. Posting to `"*"` (whatever page `wnd`
/// shows now) needs [`InvokeVisitor::to_any_page`].
///
/// ```no_run
/// use glance_visitor_kit::invoke::InvokeVisitor;
/// # fn f(visitor_window: web_sys::Window) -> Result<(), glance_visitor_kit::invoke::InvokeError> {
/// let invoke = InvokeVisitor::new(visitor_window, 72937, "https://shop.example.com")?;
/// invoke.show_terms(Some("9999"))?; // the visitor sees the terms prompt, then starts with key 9999
/// invoke.stop_session()?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct InvokeVisitor {
    wnd: web_sys::Window,
    group: GroupId,
    /// `None`: any page (`"*"`).
    target: Option<Origin>,
}

impl InvokeVisitor {
    /// An invoker for `wnd` (the visitor's window), its group (a number or a string) and the
    /// origin of the visitor's page.
    pub fn new(wnd: web_sys::Window, group: impl fmt::Display, origin: &str) -> Result<Self, InvokeError> {
        let group = GroupId::new(&group.to_string()).ok_or(InvokeError::EmptyGroup)?;
        if origin.trim() == "*" {
            return Err(InvokeError::AnyOriginNeedsOptIn);
        }
        let target = Origin::parse(origin).map_err(InvokeError::BadOrigin)?;
        Ok(InvokeVisitor { wnd, group, target: Some(target) })
    }

    /// An invoker that posts to `"*"`: the message goes to whatever page `wnd` shows when it
    /// arrives, trusted or not. Prefer [`new`](Self::new) with the visitor page's origin.
    pub fn to_any_page(wnd: web_sys::Window, group: impl fmt::Display) -> Result<Self, InvokeError> {
        let group = GroupId::new(&group.to_string()).ok_or(InvokeError::EmptyGroup)?;
        Ok(InvokeVisitor { wnd, group, target: None })
    }

    /// The visitor's window.
    pub fn window(&self) -> &web_sys::Window {
        &self.wnd
    }

    /// The group id sent.
    pub fn group(&self) -> &GroupId {
        &self.group
    }

    /// The target origin (`None`: any page).
    pub fn target(&self) -> Option<&Origin> {
        self.target.as_ref()
    }

    /// Posts `{glance_invoke: {func, args, groupid}}`. `args` must be an object when given.
    pub fn invoke(&self, func: &str, args: Option<&Value>) -> Result<(), InvokeError> {
        let plain = func.len() <= 64
            && func.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
            && func.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$');
        if !plain {
            return Err(InvokeError::BadFunc(func.chars().take(64).collect()));
        }
        if let Some(a) = args {
            if !matches!(a, Value::Object(_)) {
                return Err(InvokeError::BadArgs(a.kind()));
            }
        }
        let mut inner = vec![("func".to_owned(), Value::String(func.to_owned()))];
        if let Some(a) = args {
            inner.push(("args".to_owned(), a.clone()));
        }
        inner.push(("groupid".to_owned(), Value::String(self.group.as_str().to_owned())));
        let message = Value::Object(vec![("glance_invoke".to_owned(), Value::Object(inner))]);
        self.post(&message)
    }

    #[cfg(target_arch = "wasm32")]
    fn post(&self, message: &Value) -> Result<(), InvokeError> {
        // `closed` is readable across origins; a closed or detached window is refused.
        if self.wnd.closed().unwrap_or(true) {
            return Err(InvokeError::WindowClosed);
        }
        let target = self.target.as_ref().map_or_else(|| "*".to_owned(), Origin::to_string);
        self.wnd
            .post_message(&crate::event::js::to_js(message), &target)
            .map_err(|e| InvokeError::PostFailed(crate::event::js::describe_js(&e)))
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn post(&self, _message: &Value) -> Result<(), InvokeError> {
        Err(InvokeError::NoWindow("a browser window"))
    }

    /// Offers cobrowse: the visitor's terms prompt opens (`showTerms`), with `session_key` (1 to 50
    /// characters) for the session it starts, or Glance's choice of key when `None`.
    pub fn show_terms(&self, session_key: Option<&str>) -> Result<(), InvokeError> {
        match session_key {
            Some(key) => self.invoke("showTerms", Some(&key_args(key)?)),
            None => self.invoke("showTerms", None),
        }
    }

    /// Starts the visitor's session with this key (1 to 50 characters), without a prompt.
    pub fn start_session(&self, session_key: &str) -> Result<(), InvokeError> {
        self.invoke("startSession", Some(&key_args(session_key)?))
    }

    /// Starts the visitor's session with a random key (`GLANCE_KEYTYPE_RANDOM`).
    pub fn start_random(&self) -> Result<(), InvokeError> {
        self.invoke("startSession", Some(&key_args(RANDOM_KEY)?))
    }

    /// Ends the visitor's session.
    pub fn stop_session(&self) -> Result<(), InvokeError> {
        self.invoke("stopSession", None)
    }

    /// Whether a visitor window following the kit's rules would run `func` by default.
    pub fn allowed_by_default(func: &str) -> bool {
        allowable(func) && super::DEFAULT_ALLOW.contains(&func)
    }
}

fn key_args(key: &str) -> Result<Value, InvokeError> {
    let n = key.chars().count();
    if n == 0 || n > 50 || key.trim().is_empty() {
        return Err(InvokeError::BadKey);
    }
    Ok(Value::Object(vec![("sessionKey".into(), Value::String(key.to_owned()))]))
}

/// Where the visitor's window is, seen from the chat window; looked up when used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VisitorWindow {
    /// `window.opener`: the chat is a pop-up the visitor's page opened.
    Opener,
    /// `window.parent`: the chat is an iframe in the visitor's page.
    Parent,
    /// The `contentWindow` of the iframe with this element id: the chat page embeds the visitor's.
    Frame(String),
}

impl VisitorWindow {
    /// The window, if it is there now.
    #[cfg(target_arch = "wasm32")]
    pub fn resolve(&self) -> Result<web_sys::Window, InvokeError> {
        use wasm_bindgen::JsCast;
        let me = web_sys::window().ok_or(InvokeError::NoWindow("this window"))?;
        match self {
            VisitorWindow::Opener => {
                let opener =
                    me.opener().ok().filter(|o| o.is_object()).ok_or(InvokeError::NoWindow("window.opener"))?;
                Ok(opener.unchecked_into())
            }
            VisitorWindow::Parent => {
                let parent = me.parent().ok().flatten().ok_or(InvokeError::NoWindow("window.parent"))?;
                // A top-level window is its own parent: there is no visitor page around the chat.
                if js_sys::Object::is(&parent, &me) {
                    return Err(InvokeError::NoWindow("window.parent"));
                }
                Ok(parent)
            }
            VisitorWindow::Frame(id) => me
                .document()
                .and_then(|d| d.get_element_by_id(id))
                .and_then(|el| el.dyn_into::<web_sys::HtmlIFrameElement>().ok())
                .and_then(|f| f.content_window())
                .ok_or(InvokeError::NoWindow("the iframe")),
        }
    }

    /// The window (never on a server).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn resolve(&self) -> Result<web_sys::Window, InvokeError> {
        Err(InvokeError::NoWindow("a browser window"))
    }
}

/// A "Share my screen with the agent" button for chat widgets: a click offers cobrowse to the
/// visitor's window (`showTerms`, with `session_key` when given), which opens the visitor's terms
/// prompt there. A line next to it tells what happened (`role="status"`).
///
/// Root: `<div data-gvk="share-screen" data-state="idle|sent|error">`, the button
/// `data-action="share"`. Needs no [`provide_visitor`](crate::provide_visitor): it runs in the chat
/// window.
///
/// ```no_run
/// use glance_visitor_kit::invoke::{ShareScreenButton, VisitorWindow};
/// use leptos::prelude::*;
///
/// #[component]
/// fn ChatWidget() -> impl IntoView {
///     // The chat is an iframe inside the visitor's page on https://shop.example.com.
///     view! {
///         <ShareScreenButton
///             visitor=VisitorWindow::Parent
///             group="72937"
///             origin="https://shop.example.com"
///             session_key="4321"
///         />
///     }
/// }
/// ```
#[component]
pub fn ShareScreenButton(
    /// Where the visitor's window is.
    visitor: VisitorWindow,
    /// The visitor page's Glance group id.
    #[prop(into)]
    group: String,
    /// The visitor page's origin (`https://shop.example.com`).
    #[prop(into)]
    origin: String,
    /// The session key to start with (default: Glance picks one).
    #[prop(optional, into)]
    session_key: MaybeProp<String>,
    /// The button's text (default "Share my screen with the agent").
    #[prop(optional, into)]
    label: MaybeProp<String>,
    /// The status text after a request was sent (default "Please accept the request in your
    /// browsing window.").
    #[prop(optional, into)]
    sent_text: MaybeProp<String>,
    /// Extra classes on the root.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// Called with the outcome of each click.
    #[prop(optional)]
    on_result: Option<Callback<Result<(), InvokeError>>>,
) -> impl IntoView {
    // `None`: nothing sent yet.
    let outcome: RwSignal<Option<Result<(), InvokeError>>> = RwSignal::new(None);
    let visitor = StoredValue::new(visitor);
    let group = StoredValue::new(group);
    let origin = StoredValue::new(origin);
    let click = move |_| {
        let key = session_key.get_untracked();
        let result = visitor.with_value(VisitorWindow::resolve).and_then(|wnd| {
            InvokeVisitor::new(wnd, group.get_value(), &origin.get_value())?.show_terms(key.as_deref())
        });
        outcome.set(Some(result.clone()));
        if let Some(cb) = on_result {
            cb.run(result);
        }
    };
    let state = move || match outcome.get() {
        None => "idle",
        Some(Ok(())) => "sent",
        Some(Err(_)) => "error",
    };
    let status = move || match outcome.get() {
        None => String::new(),
        Some(Ok(())) => sent_text.get().unwrap_or_else(|| "Please accept the request in your browsing window.".into()),
        Some(Err(e)) => format!("Could not reach your browsing window: {e}"),
    };
    view! {
        <div class=move || format!("gvk-share {}", class.get().unwrap_or_default()) data-gvk="share-screen" data-state=state>
            <button type="button" class="gvk-button gvk-button--primary" data-action="share" on:click=click>
                {move || label.get().unwrap_or_else(|| "Share my screen with the agent".into())}
            </button>
            <span class="gvk-share-status" role="status">{status}</span>
        </div>
    }
}

#[cfg(all(test, feature = "ssr", not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn share_button_and_listener_render_on_a_server_thread() {
        // Rendered on another thread, as a multi-threaded server would: nothing thread-bound is
        // created, and no browser API is touched.
        let html = std::thread::spawn(|| {
            let owner = Owner::new();
            owner.with(|| {
                crate::provide_visitor(crate::source::Simulator::new());
                let listener = super::super::provide_invoke_listener(super::super::InvokeRules::new(
                    GroupId::new("72937").unwrap(),
                ));
                assert!(listener.rejections().is_empty());
                view! {
                    <ShareScreenButton visitor=VisitorWindow::Parent group="72937" origin="https://shop.example.com" />
                }
                .to_html()
            })
        })
        .join()
        .expect("rendered without a panic");
        assert!(html.contains(r#"data-gvk="share-screen""#), "{html}");
        assert!(html.contains(r#"data-state="idle""#), "{html}");
        assert!(html.contains("Share my screen with the agent"), "{html}");
        assert!(html.contains(r#"role="status""#), "{html}");
    }

    #[test]
    fn invoking_off_the_browser_is_an_error_not_a_panic() {
        assert_eq!(VisitorWindow::Opener.resolve().unwrap_err(), InvokeError::NoWindow("a browser window"));
    }
}
