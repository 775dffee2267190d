//! glance-visitor-kit (crate docs are written in the final step)
#![warn(missing_docs)]

pub mod event;
pub mod state;
