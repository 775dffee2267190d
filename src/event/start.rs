//! What a session is started with: the arguments of Glance's `startSession`, which the binding
//! passes, a `showTerms` or `setStartParams` call carries, and a chat window's `glance_invoke` may
//! name. Re-exported as [`crate::source::StartParams`], where sources take them.

/// What a session is started with: Glance's `startSession(key | {sessionKey, ...})`.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct StartParams {
    /// The session key (up to 50 characters). `None` lets Glance pick one, as it does for a
    /// `startSession()` without a key: the key of the page's `setStartParams(...)` (when no other
    /// field here is set either), else the script tag's `data-visitorid`, else a random key.
    pub session_key: Option<String>,
    /// Other group id, when not the script tag's.
    pub group_id: Option<String>,
    /// Visitor name, email, phone: passed to Glance when set.
    pub name: Option<String>,
    /// Visitor email.
    pub email: Option<String>,
    /// Visitor phone.
    pub phone: Option<String>,
    /// Glance's `video` start parameter, passed as given (`"off"`, or the visitor-video mode the
    /// page asks for); `None` leaves it to the group's settings.
    pub video: Option<String>,
}

/// Glance's key value that asks for a random session key.
pub const RANDOM_KEY: &str = "GLANCE_KEYTYPE_RANDOM";
