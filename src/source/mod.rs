//! The source map: every file tfharden read, addressable by a compact site for diagnostics.

mod map;
pub mod redact;

pub use map::{FileId, Site, SourceFile, SourceMap};
pub use redact::{is_secret_shaped, mask_secret_shapes, masked, secret_shapes, without_controls};
