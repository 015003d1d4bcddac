//! The source map: every file tfharden read, addressable by a compact site for diagnostics.

mod map;
pub(crate) mod redact;

pub use map::SourceMap;
pub(crate) use map::{FileId, Site};
pub(crate) use redact::{is_secret_shaped, masked, secret_shapes, without_controls};
