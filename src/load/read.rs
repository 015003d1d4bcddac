//! Reads one configuration file safely: size, binary content, UTF-8 and nesting depth are
//! checked before the parser sees it, so no input can crash or exhaust the parser.

use std::path::Path;
use std::sync::Arc;

use hcl_edit::structure::Body;

use crate::diagnostic::codes;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Site, SourceMap};

/// Largest file tfharden reads. Real Terraform files are far smaller; a larger one is almost
/// certainly not configuration.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Deepest bracket nesting accepted. The parser recurses once per level, so an unbounded depth
/// could exhaust the stack; real configurations stay below 20.
pub(crate) const MAX_NESTING: usize = 128;

/// Checks that `path` may be read: a regular file (not a FIFO, device or directory, which could
/// hang or flood the run) whose real location, symlinks followed, lies inside the repository
/// of the directory that names it. A symlink pointing outside is refused before anything of the
/// target is read, so none of its content can reach any output.
pub(crate) fn confine(path: &Path) -> Result<std::path::PathBuf, Diagnostic> {
    let shown = path.display();
    // A regular file (not a symlink) is where the folder that names it is: nothing to resolve.
    // That folder itself was reached through the repository (module sources are checked there).
    if let Ok(meta) = std::fs::symlink_metadata(path) {
        if meta.file_type().is_file() {
            return Ok(path.to_path_buf());
        }
    }
    let real = path.canonicalize().map_err(|e| {
        Diagnostic::error(codes::Load::Read, format!("cannot read {shown}: {e}"))
            .help("check that the file exists and is readable")
    })?;
    let named_in = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let boundary = named_in.canonicalize().map(|dir| super::find_repo_root(&dir)).unwrap_or_default();
    if !real.starts_with(&boundary) {
        return Err(Diagnostic::error(
            codes::Load::Outside,
            format!("{shown} leads outside the repository {}; tfharden reads only files inside it", boundary.display()),
        )
        .help("replace the symlink by the file itself, or check the repository that holds the target"));
    }
    let meta = std::fs::metadata(&real)
        .map_err(|e| Diagnostic::error(codes::Load::Read, format!("cannot read {shown}: {e}")))?;
    if !meta.is_file() {
        return Err(Diagnostic::error(codes::Load::NotFile, format!("{shown} is not a regular file"))
            .help("configuration, variable and policy files must be regular files (not FIFOs, devices or folders)"));
    }
    Ok(real)
}

/// Reads a file into the source map. Errors are diagnostics that say what to do.
pub(crate) fn read_file(path: &Path, sources: &mut SourceMap) -> Result<FileId, Diagnostic> {
    let shown = path.display();
    let real = confine(path)?;
    let meta = std::fs::metadata(&real).map_err(|e| {
        Diagnostic::error(codes::Load::Read, format!("cannot read {shown}: {e}"))
            .help("check that the file exists and is readable")
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            codes::Load::TooLarge,
            format!("{shown} is {} bytes, more than the {MAX_FILE_BYTES} bytes tfharden reads", meta.len()),
        )
        .help("split the file, or move generated data out of the module"));
    }
    let bytes =
        std::fs::read(&real).map_err(|e| Diagnostic::error(codes::Load::Read, format!("cannot read {shown}: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(text) => {
            if let Some(nul) = text.find('\0') {
                let id = sources.add(path, Arc::from(text.replace('\0', " ")));
                return Err(Diagnostic::error(codes::Load::Binary, format!("{shown} is a binary file"))
                    .label(Some(Site::new(id, nul..nul + 1)), "NUL byte here")
                    .help("remove it from the module directory, or rename it so it does not end in .tf/.tfvars"));
            }
            let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
            Ok(sources.add(path, Arc::from(text)))
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let id = sources.add(path, Arc::from(lossy));
            let end = (at + 1).min(sources.file(id).text.len());
            let start = at.min(end);
            Err(Diagnostic::error(codes::Load::Encoding, format!("{shown} is not valid UTF-8"))
                .label(Some(Site::new(id, start..end)), "invalid byte here")
                .help("Terraform reads configuration as UTF-8: re-save the file in UTF-8"))
        }
    }
}

/// Parses a native-syntax HCL file already in the source map.
pub(crate) fn parse_body(file: FileId, sources: &SourceMap) -> Result<Body, Diagnostic> {
    let text = &sources.file(file).text;
    check_nesting(file, text)?;
    let parsed = super::parse_cache::parsed(text, || {
        let mut body = hcl_edit::parser::parse_body(text).or_else(|e| accept_as_terraform(text).ok_or(e))?;
        super::template_whitespace::apply_to_heredocs(&mut body, text);
        Ok(body)
    });
    parsed.map_err(|e: hcl_edit::parser::Error| {
        let loc = e.location();
        let offset = loc.offset().min(text.len());
        let end = next_char_boundary(text, offset);
        Diagnostic::error(codes::Load::Syntax, format!("syntax error: {}", first_line(e.message())))
            .label(Some(Site::new(file, offset..end)), "the parser stopped here")
            .help("fix the HCL syntax at this point; `terraform fmt` reports the same error")
    })
}

fn first_line(message: &str) -> String {
    let trimmed = message.trim();
    if trimmed.is_empty() {
        return "unexpected input".into();
    }
    trimmed.lines().collect::<Vec<_>>().join("; ")
}

fn next_char_boundary(text: &str, offset: usize) -> usize {
    let mut end = (offset + 1).min(text.len());
    while end < text.len() && !text.is_char_boundary(end) {
        end += 1;
    }
    end
}

/// Parses text that is not reported on (a quick look during discovery); `None` if it does not
/// parse or nests too deep.
pub(super) fn parse_quietly(text: &str) -> Option<Body> {
    if too_deep_at(text).is_some() {
        return None;
    }
    // The same tree as `parse_body` makes, so discovery's parse serves the roots it finds.
    super::parse_cache::parsed(text, || {
        let mut body = hcl_edit::parser::parse_body(text).ok().or_else(|| accept_as_terraform(text)).ok_or(())?;
        super::template_whitespace::apply_to_heredocs(&mut body, text);
        Ok::<Body, ()>(body)
    })
    .ok()
}

/// What Terraform accepts and hcl-edit refuses, for a file that did not parse: newlines inside
/// `for` expressions (see `for_newlines`) and repeated object keys, of which the last wins (see
/// `duplicate_keys`). The text keeps its byte length, so spans still point into the file.
fn accept_as_terraform(text: &str) -> Option<Body> {
    let mut candidate = super::for_newlines::join_for_lines(text).unwrap_or_else(|| text.to_string());
    for _ in 0..64 {
        match hcl_edit::parser::parse_body(&candidate) {
            Ok(body) => return Some(body),
            Err(e) if e.message().contains("redefined object key") => {
                candidate = super::duplicate_keys::blank_earlier_item(&candidate, e.location().offset())?;
            }
            Err(_) => return None,
        }
    }
    None
}

/// Rejects input nested deeper than [`MAX_NESTING`] brackets.
fn check_nesting(file: FileId, text: &str) -> Result<(), Diagnostic> {
    match too_deep_at(text) {
        None => Ok(()),
        Some(i) => Err(Diagnostic::error(
            codes::Load::TooDeep,
            format!("expressions nest more than {MAX_NESTING} levels deep"),
        )
        .label(Some(Site::new(file, i..i + 1)), "this bracket is too deep")
        .help("flatten the expression, for example with locals")),
    }
}

/// Offset of the first bracket nested deeper than [`MAX_NESTING`], outside strings and comments.
fn too_deep_at(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => i = skip_to_eol(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'/') => i = skip_to_eol(bytes, i),
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |j| j + 2);
                continue;
            }
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

fn skip_to_eol(bytes: &[u8], from: usize) -> usize {
    find(bytes, from, b"\n").unwrap_or(bytes.len())
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}
