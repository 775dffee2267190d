//! The rules a `glance_invoke` message must pass ([`InvokeRules::check`]; the list is in the
//! [module documentation](super)), and the types they speak in: origins, group ids, rejections. Pure
//! and below the binding: the guard in front of Glance's listener, the kit's own listener and the
//! context's [`Activity`](crate::context::Activity) use them.

use std::fmt;

use super::message::{Invocation, RawArgs, RawInvoke};
use super::origin::Origin;
use crate::event::{format_number, StartParams, Value};

/// The functions a chat window may invoke by default.
pub const DEFAULT_ALLOW: [&str; 4] = ["startSession", "stopSession", "showTerms", "setStartParams"];

/// Names that are never run, whatever the allowlist says: remote control without asking the
/// visitor, and members every JavaScript object has.
pub const NEVER_ALLOWED: [&str; 14] = [
    "enableRC",
    "constructor",
    "__proto__",
    "prototype",
    "addEventListener",
    "removeEventListener",
    "toString",
    "valueOf",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "__defineGetter__",
    "__defineSetter__",
];

/// Whether `func` may appear in an allowlist at all (a plain identifier not in [`NEVER_ALLOWED`]).
pub(crate) fn allowable(func: &str) -> bool {
    let mut chars = func.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$');
    first_ok
        && func.len() <= 64
        && func.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        && !NEVER_ALLOWED.contains(&func)
}

// ----------------------------------------------------------------------------------------- group

/// A Glance group id, kept as text (`72937` and `"72937"` are the same group). Never empty.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct GroupId(String);

impl GroupId {
    /// A group id from text (trimmed); `None` when empty.
    pub fn new(text: &str) -> Option<GroupId> {
        let t = text.trim();
        (!t.is_empty() && t.len() <= 64).then(|| GroupId(t.to_owned()))
    }
    /// The group id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
    /// Whether a message's `groupid` value (a string or a number) names this group.
    pub fn matches(&self, v: &Value) -> bool {
        group_text(v).is_some_and(|t| t == self.0)
    }
}

impl From<u32> for GroupId {
    fn from(n: u32) -> Self {
        GroupId(format_number(f64::from(n)))
    }
}

impl fmt::Display for GroupId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The text of a `groupid` value: a string (trimmed) or a finite number.
fn group_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_owned()),
        Value::Number(n) if n.is_finite() => Some(format_number(*n)),
        _ => None,
    }
}

// ------------------------------------------------------------------------------------ rejections

/// Why an invocation was refused. The first three are Glance's own codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RejectCode {
    /// `UNTRUSTED_INVOKE`: the sender's origin is neither the page's nor a trusted one.
    Untrusted,
    /// `INVOKE_WRONG_GRP`: `groupid` is missing or not the configured group.
    WrongGroup,
    /// `INVOKE_GRP_ARG_CONFLICT`: `args.groupid` differs from `groupid`.
    GroupArgConflict,
    /// `INVOKE_FUNC_NOT_ALLOWED` (ours): `func` is outside the allowlist.
    FuncNotAllowed,
    /// `INVOKE_MALFORMED` (ours): `glance_invoke` is not an object, `func` not a string, or `args`
    /// neither an object nor absent.
    Malformed,
}

impl RejectCode {
    /// The code's text (`UNTRUSTED_INVOKE`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            RejectCode::Untrusted => "UNTRUSTED_INVOKE",
            RejectCode::WrongGroup => "INVOKE_WRONG_GRP",
            RejectCode::GroupArgConflict => "INVOKE_GRP_ARG_CONFLICT",
            RejectCode::FuncNotAllowed => "INVOKE_FUNC_NOT_ALLOWED",
            RejectCode::Malformed => "INVOKE_MALFORMED",
        }
    }

    /// The code of a text, as the standalone guard script reports it.
    pub fn from_code(s: &str) -> Option<RejectCode> {
        [
            RejectCode::Untrusted,
            RejectCode::WrongGroup,
            RejectCode::GroupArgConflict,
            RejectCode::FuncNotAllowed,
            RejectCode::Malformed,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

impl fmt::Display for RejectCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refused invocation: what was refused, from where, and why. Nothing of it ran.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// Why.
    pub code: RejectCode,
    /// The sender's origin, as the browser reported it (cut to 200 characters).
    pub origin: String,
    /// `func`, when it was a string (cut to 64 characters).
    pub func: Option<String>,
    /// A short explanation.
    pub detail: String,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} from {}", self.code, self.origin)?;
        if let Some(func) = &self.func {
            write!(f, " ({func})")?;
        }
        write!(f, ": {}", self.detail)
    }
}

impl std::error::Error for Rejection {}

// ----------------------------------------------------------------------------------------- rules

/// Who may invoke what (see the module documentation for the order of the checks).
#[derive(Clone, Debug, PartialEq)]
pub struct InvokeRules {
    /// The groups a message may name (usually one: the page's group). Empty: every message is
    /// [`RejectCode::WrongGroup`].
    pub groups: Vec<GroupId>,
    /// Trusted origins besides the page's own.
    pub trusted: Vec<Origin>,
    /// Trust the page's own origin (default true).
    pub trust_own_origin: bool,
    /// The functions that may run (default [`DEFAULT_ALLOW`]). Names that are not
    /// allowable (plain identifiers, none of [`NEVER_ALLOWED`]) are never run, even when listed.
    pub allow: Vec<String>,
}

impl InvokeRules {
    /// Rules for one group: own origin trusted, default allowlist.
    pub fn new(group: GroupId) -> Self {
        InvokeRules {
            groups: vec![group],
            trusted: Vec::new(),
            trust_own_origin: true,
            allow: DEFAULT_ALLOW.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Also trusts `origin`.
    pub fn trust(mut self, origin: Origin) -> Self {
        if !self.trusted.contains(&origin) {
            self.trusted.push(origin);
        }
        self
    }

    /// Whether `func` may run under these rules.
    pub fn allows(&self, func: &str) -> bool {
        allowable(func) && self.allow.iter().any(|a| a == func)
    }

    /// Whether a sender's origin is trusted (`page`: the page's own origin, when known).
    pub fn trusts(&self, page: Option<&Origin>, sender: &str) -> bool {
        let Ok(sender) = Origin::parse(sender) else { return false };
        (self.trust_own_origin && page == Some(&sender)) || self.trusted.contains(&sender)
    }

    /// Checks one message from `sender` (the `origin` of its `MessageEvent`).
    #[doc(hidden)]
    pub fn check(&self, page: Option<&Origin>, sender: &str, msg: &RawInvoke) -> Result<Invocation, Rejection> {
        let origin: String = sender.chars().take(200).collect();
        let func = msg.func.as_str().map(|f| f.chars().take(64).collect::<String>());
        let reject = |code, detail: String| Rejection { code, origin: origin.clone(), func: func.clone(), detail };
        if !self.trusts(page, sender) {
            return Err(reject(RejectCode::Untrusted, "the sender's origin is not trusted".into()));
        }
        if !msg.is_object {
            return Err(reject(RejectCode::Malformed, "glance_invoke is not an object".into()));
        }
        let Some(func_name) = msg.func.as_str() else {
            return Err(reject(RejectCode::Malformed, format!("func is {}, not a string", msg.func.kind())));
        };
        if !self.groups.iter().any(|g| g.matches(&msg.groupid)) {
            let given = group_text(&msg.groupid).unwrap_or_else(|| msg.groupid.kind().to_owned());
            return Err(reject(RejectCode::WrongGroup, format!("groupid \"{given}\" is not this page's group")));
        }
        if !self.allows(func_name) {
            return Err(reject(
                RejectCode::FuncNotAllowed,
                "this function may not be invoked from another window".into(),
            ));
        }
        let fields = match &msg.args {
            RawArgs::Absent => None,
            RawArgs::Object(fields) => Some(fields),
            RawArgs::Other(kind) => {
                return Err(reject(RejectCode::Malformed, format!("args is {kind}, not an object")))
            }
        };
        let arg = |k: &str| fields.and_then(|f| f.iter().find(|(n, _)| n == k)).map(|(_, v)| v);
        if let Some(g) = arg("groupid").filter(|v| !matches!(v, Value::Null)) {
            if group_text(g) != group_text(&msg.groupid) {
                return Err(reject(RejectCode::GroupArgConflict, "args.groupid differs from groupid".into()));
            }
        }
        let text = |k: &str| match arg(k) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            Some(Value::Number(n)) if n.is_finite() => Some(format_number(*n)),
            _ => None,
        };
        let params = StartParams {
            // Glance's random-key marker asks for a random key: the same as no key.
            session_key: text("sessionKey").filter(|k| k.chars().count() <= 50 && k != crate::event::RANDOM_KEY),
            group_id: None,
            name: text("name"),
            email: text("email"),
            phone: text("phone"),
            video: None,
        };
        Ok(Invocation { func: func_name.to_owned(), origin, params, has_args: fields.is_some() })
    }
}

/// Origins a trusted `https://chat.example.com` must not let in: look-alike hosts, another scheme
/// or port, `null`. The rules' unit tests and the browser tests both refuse each (one list).
#[doc(hidden)]
pub const LOOKALIKE_ORIGINS: &[&str] = &[
    "https://evil.example.com",
    "https://chat.example.com.evil.test",
    "https://evilchat.example.com",
    "https://sub.chat.example.com",
    "http://chat.example.com",
    "https://chat.example.com:8443",
    "null",
];

#[cfg(test)]
mod tests {
    use super::super::message::InvokeCall;
    use super::*;

    fn s(v: &str) -> Value {
        Value::String(v.into())
    }
    fn obj(entries: &[(&str, Value)]) -> Value {
        Value::Object(entries.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect())
    }
    fn rules() -> InvokeRules {
        InvokeRules::new(GroupId::new("72937").unwrap()).trust(Origin::parse("https://chat.example.com").unwrap())
    }
    fn page() -> Origin {
        Origin::parse("https://www.example.com").unwrap()
    }
    fn msg(func: Value, group: Value, args: Option<Value>) -> RawInvoke {
        let mut e = vec![("func", func), ("groupid", group)];
        if let Some(a) = args {
            e.push(("args", a));
        }
        RawInvoke::from_value(&obj(&e))
    }
    fn code(sender: &str, m: &RawInvoke) -> Option<RejectCode> {
        rules().check(Some(&page()), sender, m).err().map(|r| r.code)
    }

    #[test]
    fn origins_parse_strictly_and_normalise() {
        assert_eq!(Origin::parse("http://127.0.0.1:8080").unwrap().to_string(), "http://127.0.0.1:8080");
        assert_eq!(Origin::parse("https://A.b:443").unwrap(), Origin::parse("https://a.b").unwrap());
        assert_eq!(Origin::parse("http://[::1]:3000").unwrap().to_string(), "http://[::1]:3000");
        for bad in [
            "*",
            "null",
            "",
            "example.com",
            "//example.com",
            "ftp://example.com",
            "https://",
            "https://a.com/x",
            "https://a.com?x",
            "https://a.com#x",
            "https://u@a.com",
            "https://a.com:0",
            "https://a.com:65536",
            "https://a.com:",
            "https://a.com:8o",
            "https://*.a.com",
            "https://a..com",
            "https://.a.com",
            " https://a.com",
            "https://a.com ",
            "https://ä.com",
            "https://[zz]",
        ] {
            assert!(Origin::parse(bad).is_err(), "{bad:?} parsed");
        }
    }

    #[test]
    fn groups_compare_as_text() {
        let g = GroupId::new(" 72937 ").unwrap();
        assert!(g.matches(&s("72937")));
        assert!(g.matches(&Value::Number(72937.0)));
        assert!(!g.matches(&s("729370")));
        assert!(!g.matches(&Value::Number(72937.5)));
        assert!(!g.matches(&Value::Null));
        assert_eq!(GroupId::from(12345u32).as_str(), "12345");
        assert!(GroupId::new("  ").is_none());
    }

    #[test]
    fn trusted_invocation_passes_with_params() {
        let m = msg(s("startSession"), Value::Number(72937.0), Some(obj(&[("sessionKey", s("9999"))])));
        let inv = rules().check(Some(&page()), "https://chat.example.com", &m).unwrap();
        assert_eq!(
            inv.call(),
            Some(InvokeCall::StartSession(StartParams { session_key: Some("9999".into()), ..Default::default() }))
        );
        let own = rules().check(Some(&page()), "https://www.example.com", &msg(s("stopSession"), s("72937"), None));
        assert_eq!(own.unwrap().call(), Some(InvokeCall::StopSession));
    }

    #[test]
    fn each_rule_rejects_on_its_own() {
        let ok = msg(s("showTerms"), s("72937"), Some(obj(&[("sessionKey", s("1"))])));
        for &sender in LOOKALIKE_ORIGINS.iter().chain(&["https://www.example.com:444", ""]) {
            assert_eq!(code(sender, &ok), Some(RejectCode::Untrusted), "{sender}");
        }
        let trusted = "https://chat.example.com";
        assert_eq!(code(trusted, &ok), None);
        assert_eq!(code(trusted, &msg(s("showTerms"), s("1111"), None)), Some(RejectCode::WrongGroup));
        assert_eq!(code(trusted, &msg(s("showTerms"), Value::Null, None)), Some(RejectCode::WrongGroup));
        for f in ["enableRC", "constructor", "__proto__", "addEventListener", "pauseSession", "toString", ""] {
            assert_eq!(code(trusted, &msg(s(f), s("72937"), None)), Some(RejectCode::FuncNotAllowed), "{f}");
        }
        let conflict = msg(s("startSession"), s("72937"), Some(obj(&[("groupid", s("1111"))])));
        assert_eq!(code(trusted, &conflict), Some(RejectCode::GroupArgConflict));
        let same = msg(s("startSession"), s("72937"), Some(obj(&[("groupid", Value::Number(72937.0))])));
        assert_eq!(code(trusted, &same), None);
        for args in [s("1234"), Value::Number(1.0), Value::Array(vec![]), Value::Bool(true)] {
            assert_eq!(code(trusted, &msg(s("showTerms"), s("72937"), Some(args))), Some(RejectCode::Malformed));
        }
        assert_eq!(code(trusted, &msg(Value::Number(1.0), s("72937"), None)), Some(RejectCode::Malformed));
        assert_eq!(code(trusted, &RawInvoke::from_value(&s("startSession"))), Some(RejectCode::Malformed));
    }

    #[test]
    fn never_allowed_names_stay_out_of_any_allowlist() {
        let mut r = rules();
        r.allow.push("enableRC".into());
        r.allow.push("__proto__".into());
        r.allow.push("pauseSession".into());
        assert!(!r.allows("enableRC"));
        assert!(!r.allows("__proto__"));
        assert!(r.allows("pauseSession"));
        assert!(!allowable("a.b"));
    }
}
