//! A guard in front of Glance's own `glance_invoke` listener.
//!
//! Glance's visitor script checks invocations weakly (see the [module documentation](super)): any
//! subdomain and any port of the page's base domain is trusted, and any Visitor method runs,
//! `enableRC` included. The guard applies the kit's [rules](super::InvokeRules) first and stops
//! what they refuse (`stopImmediatePropagation`), so Glance never sees it.
//!
//! **It must be in place before Glance's loader runs**: `message` listeners on `window` run in
//! registration order whatever their capture flag (measured in Chromium 156), and the loader
//! registers its listener as soon as it runs. So:
//! * when the kit inserts Glance's script tag itself ([`ScriptOptions`](crate::source::ScriptOptions)),
//!   it installs this guard (unless one is there already) right before the tag, with the tag's
//!   group (and `additionalgroupids`), the page's own origin trusted and the default allowlist;
//!   call [`InvokeGuard::install`] before that to trust chat origins;
//! * a page with a static Glance tag puts the standalone `gvk-invoke-guard.js` before it,
//!   configured by data attributes:
//!
//! ```html
//! <script src="/gvk-invoke-guard.js"
//!         data-trusted="https://chat.example.com https://help.example.net"
//!         data-allow="startSession stopSession showTerms setStartParams"></script>
//! <script id="glance-cobrowse" src="https://www.glancecdn.net/cobrowse/CobrowseJS.ashx?group=72937&site=production"
//!         data-groupid="72937" data-site="production" data-ui="custom"></script>
//! ```
//!
//! `data-trusted` lists exact origins besides the page's own; `data-group` the groups (default:
//! the Glance tag's `data-groupid` and `data-additionalgroupids`, read when a message arrives);
//! `data-allow` the functions (default the four of [`DEFAULT_ALLOW`];
//! `enableRC` and the other [`NEVER_ALLOWED`](super::NEVER_ALLOWED) names are dropped). The script
//! defines `window.gvkInvokeGuard`; [`InvokeGuard::install`] recognises it and configures it
//! (trusted origins, groups, allowlist) instead of adding a second listener, and passes its
//! refusals to the [`Observer`].
//!
//! As a second line, when a message passes, the guard makes the current
//! `GLANCE.Cobrowse.Visitor.enableRC` refuse any argument that is not a boolean (Glance's invoke
//! passes the `args` object, which would switch remote control on).

use std::fmt;
use std::rc::Rc;

use super::{GroupId, Origin, Rejection, DEFAULT_ALLOW};
use crate::context::{Activity, Observer};
use crate::source::glance::guard::{self as mechanism, GuardConfig, Installed, NotInstalled};

/// The name of the global the standalone guard script defines.
pub const SCRIPT_GLOBAL: &str = mechanism::SCRIPT_GLOBAL;

/// How the guard decides (see [`InvokeRules`](super::InvokeRules); the page's own origin is always
/// trusted).
#[derive(Clone, Debug, PartialEq)]
pub struct GuardOptions {
    /// Trusted origins besides the page's own.
    pub trusted: Vec<Origin>,
    /// The groups a message may name. Empty: the Glance tag's `data-groupid` and
    /// `data-additionalgroupids`, read when a message arrives.
    pub groups: Vec<GroupId>,
    /// The functions that may run (default [`DEFAULT_ALLOW`]; never-allowed names are dropped).
    pub allow: Vec<String>,
    /// Sees every refusal as [`Activity::InvokeRejected`].
    pub observer: Option<Observer>,
}

impl Default for GuardOptions {
    fn default() -> Self {
        GuardOptions {
            trusted: Vec::new(),
            groups: Vec::new(),
            allow: DEFAULT_ALLOW.iter().map(|s| (*s).to_owned()).collect(),
            observer: None,
        }
    }
}

impl GuardOptions {
    /// The mechanism's configuration: the observer hears each refusal as an [`Activity`].
    fn config(self) -> GuardConfig {
        let on_reject = self.observer.map(|observer| {
            Rc::new(move |r: Rejection| observer.call(&Activity::InvokeRejected(r))) as Rc<dyn Fn(Rejection)>
        });
        GuardConfig { trusted: self.trusted, groups: self.groups, allow: self.allow, on_reject }
    }
}

/// Why the guard was not installed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GuardError {
    /// No browser window (a server).
    NoWindow,
    /// Glance's loader has run already (`window.GLANCE.Cobrowse` exists) and no guard script is in
    /// front of it: a guard added now would run after Glance's listener and stop nothing. Put
    /// `gvk-invoke-guard.js` before Glance's tag, or let the kit insert the tag.
    AfterGlance,
}

impl fmt::Display for GuardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GuardError::NoWindow => f.write_str("no browser window"),
            GuardError::AfterGlance => f.write_str(mechanism::AFTER_GLANCE),
        }
    }
}

impl std::error::Error for GuardError {}

/// The guard in front of Glance's listener (a handle; the guard stays until [`remove`](Self::remove)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InvokeGuard {
    /// The kit's own listener.
    Kit,
    /// The standalone `gvk-invoke-guard.js`, configured by the kit.
    Script,
}

impl InvokeGuard {
    fn of(installed: Installed) -> Self {
        match installed {
            Installed::Kit => InvokeGuard::Kit,
            Installed::Script => InvokeGuard::Script,
        }
    }
    fn installed(self) -> Installed {
        match self {
            InvokeGuard::Kit => Installed::Kit,
            InvokeGuard::Script => Installed::Script,
        }
    }

    /// Installs the guard (see the module documentation): configures the standalone guard script
    /// when the page has it, else adds the kit's listener (or gives the one in place these
    /// options). Call it before Glance's loader runs. On a server: [`GuardError::NoWindow`].
    pub fn install(options: GuardOptions) -> Result<InvokeGuard, GuardError> {
        mechanism::install(options.config()).map(InvokeGuard::of).map_err(|e| match e {
            NotInstalled::NoWindow => GuardError::NoWindow,
            NotInstalled::AfterGlance => GuardError::AfterGlance,
        })
    }

    /// The guard in place, if any (the standalone script counts).
    pub fn current() -> Option<InvokeGuard> {
        mechanism::current().map(InvokeGuard::of)
    }

    /// The refusals so far, newest last (at most 50).
    pub fn rejections(&self) -> Vec<Rejection> {
        mechanism::rejections(self.installed())
    }

    /// Removes the guard (the kit's listener, or the standalone script's).
    pub fn remove(self) {
        mechanism::remove(self.installed())
    }
}
