//! glance-visitor-kit (crate docs are written in the final step)
#![warn(missing_docs)]

pub mod components;
pub mod context;
pub(crate) mod dom;
pub mod event;
pub mod layout;
pub mod messages;
pub mod source;
pub mod state;

pub use components::*;
pub use context::{provide_visitor, try_use_visitor, use_visitor, PromptInfo, VisitorContext, VisitorOptions};
pub use messages::Messages;
