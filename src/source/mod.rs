//! The source map: every file tfharden read, addressable by a compact site for diagnostics.

mod map;

pub use map::{FileId, Site, SourceFile, SourceMap};
