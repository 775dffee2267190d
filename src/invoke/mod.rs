//! Invoking the visitor's session from another window (a chat window), across origins.
//!
//! Glance documents two ways for a chat window (usually another origin: an iframe in the visitor's
//! page, or a pop-up) to drive `GLANCE.Cobrowse.Visitor` in the visitor's window:
//! `GLANCE.Cobrowse.InvokeVisitor.init(wnd, groupid, origin)` + `invoke(func, args)`, or a raw
//! `wnd.postMessage({glance_invoke: {func, args, groupid}}, origin)`. This module builds both sides:
//!
//! * [`chat`]: the chat window's side. [`InvokeVisitor`] posts exactly that shape to a concrete
//!   origin (posting to `"*"` needs [`InvokeVisitor::to_any_page`]); typed helpers offer, start and
//!   stop a session; [`ShareScreenButton`] is a ready button for chat widgets.
//! * [`visitor`]: the visitor window's side for sources other than Glance (the
//!   [`Simulator`](crate::source::Simulator), tests): [`provide_invoke_listener`] runs a trusted
//!   message through the [`VisitorContext`](crate::VisitorContext).
//! * [`guard`]: in production Glance's own script listens, with weaker checks (any subdomain and
//!   any port of the page's base domain is trusted, and any Visitor method runs, `enableRC`
//!   included). [`InvokeGuard`] stands in front of Glance's listener with the rules below; the kit
//!   installs it before the script tag it inserts ([`ScriptOptions`](crate::source::ScriptOptions)),
//!   and pages with a static Glance tag put `gvk-invoke-guard.js` before it.
//!
//! ## The rules ([`InvokeRules::check`])
//! A message that has no own `glance_invoke` member is not an invocation: it is ignored quietly
//! (nothing reported, nothing read beyond that one member). An invocation runs only when all hold,
//! checked in this order; the first that fails is the [`Rejection`]:
//! 1. the sender's origin is the page's own origin or one of the trusted origins, compared exactly
//!    (scheme, host and port; no suffix, substring or wildcard match): else
//!    [`RejectCode::Untrusted`] (`UNTRUSTED_INVOKE`, Glance's code);
//! 2. `glance_invoke` is an object and `func` a string: else [`RejectCode::Malformed`]
//!    (`INVOKE_MALFORMED`, ours);
//! 3. `groupid` (number or string, compared as text) is one of the configured groups: else
//!    [`RejectCode::WrongGroup`] (`INVOKE_WRONG_GRP`);
//! 4. `func` is in the allowlist (default [`DEFAULT_ALLOW`]; [`NEVER_ALLOWED`] names such as
//!    `enableRC`, `constructor`, `__proto__`, `addEventListener` can never be allowed): else
//!    [`RejectCode::FuncNotAllowed`] (`INVOKE_FUNC_NOT_ALLOWED`, ours);
//! 5. `args` is an object or absent: else [`RejectCode::Malformed`];
//! 6. an `args.groupid` that differs from the message's `groupid` is a conflict:
//!    [`RejectCode::GroupArgConflict`] (`INVOKE_GRP_ARG_CONFLICT`).
//!
//! Only the members named here are read (`args`: `sessionKey`, `groupid`, `name`, `email`,
//! `phone`), one level deep, with strings cut at 8 KB: a huge or deeply nested message costs no
//! more than a small one.

#[cfg(feature = "invoke")]
pub mod chat;
pub mod guard;
pub(crate) mod message;
pub(crate) mod origin;
pub(crate) mod rules;
#[cfg(feature = "invoke")]
pub mod visitor;

#[cfg(feature = "invoke")]
pub use chat::{InvokeError, InvokeVisitor, ShareScreenButton, VisitorWindow};
pub use guard::{GuardError, GuardOptions, InvokeGuard};
// The plumbing between a `message` event and the rules (the browser tests drive it directly).
#[doc(hidden)]
pub use message::{Invocation, InvokeCall, RawArgs, RawInvoke, ARG_KEYS};
pub use origin::{Origin, OriginError};
#[cfg_attr(not(feature = "invoke"), allow(unused_imports))]
pub(crate) use rules::allowable;
pub use rules::{GroupId, InvokeRules, RejectCode, Rejection, DEFAULT_ALLOW, LOOKALIKE_ORIGINS, NEVER_ALLOWED};
#[cfg(feature = "invoke")]
pub use visitor::{provide_invoke_listener, InvokeListener};
