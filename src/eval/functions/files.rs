//! Filesystem functions: paths, file contents and hashes, fileset and templatefile, confined to
//! the repository.

use std::path::{Component, Path, PathBuf};

use super::encoding::encode_base64;
use super::hashing::{digest, Algo};
use super::{arg_err, failed, str_val, string_arg, FunctionContext, FunctionError};
use crate::eval::value::{Map, Value};

type R = Result<Value, FunctionError>;

/// Files larger than this are refused.
const MAX_FILE: u64 = 256 << 20;

/// Removes `.` and resolves `..` lexically (Go's `filepath.Clean` on an absolute path).
fn clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

fn base_dir(ctx: &FunctionContext) -> PathBuf {
    std::fs::canonicalize(ctx.base_dir).unwrap_or_else(|_| clean(ctx.base_dir))
}

fn confine_root(ctx: &FunctionContext) -> PathBuf {
    std::fs::canonicalize(ctx.confine_to).unwrap_or_else(|_| clean(ctx.confine_to))
}

fn outside(name: &str, path: &str) -> FunctionError {
    failed(name, format!("the file {path:?} lies outside the repository; only files inside it can be read"))
}

/// Resolves `path` against the base directory and checks it stays inside the repository, both
/// lexically and after following symlinks. Returns `None` if the file does not exist.
fn resolve(name: &str, path: &str, ctx: &FunctionContext) -> Result<Option<PathBuf>, FunctionError> {
    if path.starts_with('~') {
        return Err(outside(name, path));
    }
    let root = confine_root(ctx);
    let joined = clean(&base_dir(ctx).join(path));
    if !joined.starts_with(&root) {
        return Err(outside(name, path));
    }
    match std::fs::canonicalize(&joined) {
        Ok(real) if real.starts_with(&root) => Ok(Some(real)),
        Ok(_) => Err(outside(name, path)),
        Err(_) => Ok(None),
    }
}

fn no_file(name: &str, path: &str) -> FunctionError {
    failed(
        name,
        format!(
            "no file exists at {path:?}; this function works only with files that are distributed as part of the configuration source code, so if this file will be created by a resource in this configuration you must instead obtain this result from an attribute of that resource"
        ),
    )
}

fn read_bytes(name: &str, args: &[Value], ctx: &FunctionContext) -> Result<Vec<u8>, FunctionError> {
    let path = string_arg(name, args, 0)?;
    let real = resolve(name, &path, ctx)?.ok_or_else(|| no_file(name, &path))?;
    let meta = std::fs::metadata(&real).map_err(|e| failed(name, format!("failed to read file {path:?}: {e}")))?;
    if meta.is_dir() {
        return Err(failed(name, format!("failed to read file {path:?}: is a directory")));
    }
    if !meta.is_file() {
        // A FIFO or device would block the run or never end.
        return Err(failed(name, format!("failed to read file {path:?}: not a regular file")));
    }
    if meta.len() > MAX_FILE {
        return Err(failed(name, format!("file {path:?} is too large to read")));
    }
    std::fs::read(&real).map_err(|e| failed(name, format!("failed to read file {path:?}: {e}")))
}

fn read_text(name: &str, args: &[Value], ctx: &FunctionContext) -> Result<String, FunctionError> {
    let bytes = read_bytes(name, args, ctx)?;
    String::from_utf8(bytes).map_err(|_| {
        let path = string_arg(name, args, 0).unwrap_or_default();
        failed(name, format!("contents of {path:?} are not valid UTF-8; use the filebase64 function to obtain the Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to obtain file hashing results instead"))
    })
}

pub(super) fn file(name: &str, args: &[Value], ctx: &FunctionContext) -> R {
    read_text(name, args, ctx).map(str_val)
}

pub(super) fn filebase64(name: &str, args: &[Value], ctx: &FunctionContext) -> R {
    Ok(Value::string(encode_base64(&read_bytes(name, args, ctx)?)))
}

pub(super) fn fileexists(name: &str, args: &[Value], ctx: &FunctionContext) -> R {
    let path = string_arg(name, args, 0)?;
    let Some(real) = resolve(name, &path, ctx)? else {
        return Ok(Value::Bool(false));
    };
    let meta = std::fs::metadata(&real).map_err(|e| failed(name, format!("failed to stat {path:?}: {e}")))?;
    if meta.is_file() {
        return Ok(Value::Bool(true));
    }
    Err(failed(
        name,
        format!("{path:?} is not a regular file, but {:?}", if meta.is_dir() { "directory" } else { "other" }),
    ))
}

fn hash_file(name: &str, args: &[Value], ctx: &FunctionContext, algo: Algo, b64: bool) -> R {
    let d = digest(algo, &read_bytes(name, args, ctx)?);
    Ok(Value::string(if b64 { encode_base64(&d) } else { hex::encode(d) }))
}

pub(super) fn filemd5(name: &str, args: &[Value], ctx: &FunctionContext) -> R {
    hash_file(name, args, ctx, Algo::Md5, false)
}

pub(super) fn filesha1(name: &str, args: &[Value], ctx: &FunctionContext) -> R {
    hash_file(name, args, ctx, Algo::Sha1, false)
}

pub(super) fn filesha256(name: &str, args: &[Value], ctx: &FunctionContext) -> R {
    hash_file(name, args, ctx, Algo::Sha256, false)
}

pub(super) fn filesha512(name: &str, args: &[Value], ctx: &FunctionContext) -> R {
    hash_file(name, args, ctx, Algo::Sha512, false)
}

pub(super) fn filebase64sha256(name: &str, args: &[Value], ctx: &FunctionContext) -> R {
    hash_file(name, args, ctx, Algo::Sha256, true)
}

pub(super) fn filebase64sha512(name: &str, args: &[Value], ctx: &FunctionContext) -> R {
    hash_file(name, args, ctx, Algo::Sha512, true)
}

/// `templatefile(path, vars)`: reads the file and has the evaluator render it.
pub(super) fn templatefile(name: &str, args: &[Value], ctx: &FunctionContext) -> R {
    let text = read_text(name, args, ctx)?;
    let path = string_arg(name, args, 0)?;
    let full = clean(&base_dir(ctx).join(&path));
    render_with(name, &text, &full, args, ctx)
}

/// `templatestring(ref, vars)` (Terraform 1.9): renders a string value as a template. That the
/// first argument is a reference, not a template expression, is checked where the call is.
pub(super) fn templatestring(name: &str, args: &[Value], ctx: &FunctionContext) -> R {
    let text = string_arg(name, args, 0)?;
    render_with(name, &text, &base_dir(ctx).join("(templatestring)"), args, ctx)
}

/// Renders `text` with the variables of `args[1]`, checked as Terraform checks them.
fn render_with(name: &str, text: &str, full: &Path, args: &[Value], ctx: &FunctionContext) -> R {
    let vars: Map = match &args[1] {
        Value::Null => return Err(arg_err(name, 1, "argument must not be null")),
        v => v.as_entries().cloned().ok_or_else(|| arg_err(name, 1, "invalid vars value: must be a map"))?,
    };
    for k in vars.keys() {
        let mut chars = k.chars();
        let ok =
            chars.next().is_some_and(char::is_alphabetic) && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-');
        if !ok {
            return Err(arg_err(
                name,
                1,
                format!("invalid template variable name {k:?}: must start with a letter, followed by zero or more letters, digits, and underscores"),
            ));
        }
    }
    (ctx.render_template)(text, full, &vars).map_err(|e| failed(name, e))
}

/// Go's `filepath.Abs`: joined to the base directory and cleaned.
pub(super) fn abspath(name: &str, args: &[Value], ctx: &FunctionContext) -> R {
    let p = string_arg(name, args, 0)?;
    let joined = clean(&ctx.base_dir.join(&p));
    Ok(str_val(joined.to_string_lossy()))
}

/// Go's `filepath.Dir`.
pub(super) fn dirname(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let p = string_arg(name, args, 0)?;
    let dir = match p.rfind('/') {
        None => ".".to_string(),
        Some(i) => {
            let d = &p[..=i];
            let cleaned = go_clean(d);
            if cleaned.is_empty() {
                ".".into()
            } else {
                cleaned
            }
        }
    };
    Ok(str_val(dir))
}

/// Go's `path.Clean` on a slash-separated path.
fn go_clean(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let rooted = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !rooted {
                    parts.push("..");
                }
            }
            s => parts.push(s),
        }
    }
    let body = parts.join("/");
    match (rooted, body.is_empty()) {
        (true, _) => format!("/{body}"),
        (false, true) => ".".into(),
        (false, false) => body,
    }
}

/// Go's `filepath.Base`.
pub(super) fn basename(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let p = string_arg(name, args, 0)?;
    if p.is_empty() {
        return Ok(Value::string("."));
    }
    let trimmed = p.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(Value::string("/"));
    }
    Ok(str_val(trimmed.rsplit('/').next().unwrap_or(trimmed)))
}

/// `pathexpand`: a leading `~` names the home directory of whoever runs Terraform, which is not
/// known here, so such paths are unknown; other paths are returned unchanged.
pub(super) fn pathexpand(name: &str, args: &[Value], _: &FunctionContext) -> R {
    let p = string_arg(name, args, 0)?;
    if p == "~" || p.starts_with("~/") {
        return Ok(Value::unknown(
            format!("result of pathexpand({p:?}): the home directory of the machine running Terraform"),
            None,
        ));
    }
    Ok(str_val(p))
}

/// `fileset(path, pattern)`: regular files under `path` matching the glob (`*`, `**`, `?`,
/// `[...]`, `{a,b}`), relative to `path` with forward slashes.
pub(super) fn fileset(name: &str, args: &[Value], ctx: &FunctionContext) -> R {
    let path = string_arg(name, args, 0)?;
    let pattern = string_arg(name, args, 1)?;
    let root = confine_root(ctx);
    let dir = clean(&base_dir(ctx).join(&path));
    let full_pattern = clean(&dir.join(&pattern));
    // Components shared with the base directory are literal (escaped); the rest is the glob.
    let dir_comps: Vec<_> = dir.components().collect();
    let pat_comps: Vec<_> = full_pattern.components().collect();
    let shared = dir_comps.iter().zip(&pat_comps).take_while(|(a, b)| a == b).count();
    let mut walk_root = PathBuf::new();
    let mut glob_str = String::new();
    let mut literal = true;
    for (i, comp) in pat_comps.iter().enumerate() {
        let text = comp.as_os_str().to_string_lossy();
        let is_glob = i >= shared && text.contains(['*', '?', '[', '{', '\\']);
        literal &= !is_glob;
        if literal {
            walk_root.push(comp.as_os_str());
        }
        if !glob_str.is_empty() && !glob_str.ends_with('/') {
            glob_str.push('/');
        }
        if i < shared {
            glob_str.push_str(&globset::escape(&text));
        } else {
            glob_str.push_str(&text);
        }
    }
    let full_str = full_pattern.to_string_lossy().to_string();
    let glob = globset::GlobBuilder::new(&glob_str)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| failed(name, format!("failed to glob pattern ({full_str}): {e}")))?
        .compile_matcher();
    if !walk_root.starts_with(&root) {
        return Err(outside(name, &path));
    }
    if !walk_root.is_dir() {
        if walk_root.is_file() && glob.is_match(&walk_root) {
            return Ok(Value::set(vec![str_val(relative(&dir, &walk_root))]));
        }
        return Ok(Value::set(Vec::new()));
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&walk_root).follow_links(false).sort_by_file_name() {
        let entry = entry.map_err(|e| failed(name, format!("failed to glob pattern ({full_str}): {e}")))?;
        let p = entry.path();
        if !glob.is_match(p) {
            continue;
        }
        let Ok(real) = std::fs::canonicalize(p) else { continue };
        if !real.starts_with(&root) || !real.is_file() {
            continue;
        }
        out.push(str_val(relative(&dir, p)));
        if out.len() > 100_000 {
            return Err(failed(name, "too many matching files"));
        }
    }
    Ok(Value::set(out))
}

/// `p` relative to `base` (Go's `filepath.Rel` for cleaned absolute paths), with `/`.
fn relative(base: &Path, p: &Path) -> String {
    let b: Vec<_> = base.components().collect();
    let q: Vec<_> = p.components().collect();
    let common = b.iter().zip(&q).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".to_string(); b.len() - common];
    parts.extend(q[common..].iter().map(|c| c.as_os_str().to_string_lossy().to_string()));
    if parts.is_empty() {
        return ".".into();
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::super::tests::{call_in, call_ok, s};
    use crate::eval::value::{Map, Value};

    fn repo() -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("mod/sub/deep")).expect("mkdir");
        std::fs::write(root.join("mod/hello.txt"), "Hello World").expect("write");
        std::fs::write(root.join("mod/tmpl.tftpl"), "Hi ${name}!").expect("write");
        std::fs::write(root.join("mod/sub/a.tf"), "a").expect("write");
        std::fs::write(root.join("mod/sub/deep/b.tf"), "b").expect("write");
        std::fs::write(root.join("mod/sub/c.json"), "{}").expect("write");
        std::fs::write(root.join("mod/bin.dat"), [0xff, 0xfe, 0x00]).expect("write");
        dir
    }

    fn call(dir: &Path, name: &str, args: &[Value]) -> Result<Value, String> {
        call_in(dir, name, args).map_err(|e| e.to_string())
    }

    #[test]
    fn reading_files() {
        let d = repo();
        let m = d.path().join("mod");
        assert_eq!(call(&m, "file", &[s("hello.txt")]), Ok(s("Hello World")));
        assert_eq!(call(&m, "filebase64", &[s("hello.txt")]), Ok(s("SGVsbG8gV29ybGQ=")));
        assert_eq!(call(&m, "filemd5", &[s("hello.txt")]), Ok(s("b10a8db164e0754105b7a99be72e3fe5")));
        assert_eq!(call(&m, "filesha1", &[s("hello.txt")]), Ok(s("0a4d55a8d778e5022fab701977c5d840bbc486d0")));
        assert_eq!(
            call(&m, "filesha256", &[s("hello.txt")]),
            Ok(s("a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e"))
        );
        assert_eq!(
            call(&m, "filebase64sha256", &[s("hello.txt")]),
            Ok(s("pZGm1Av0IEBKARczz7exkNYsZb8LzaMrV7J32a2fFG4="))
        );
        assert!(call(&m, "filesha512", &[s("hello.txt")]).is_ok_and(|v| v.as_str().is_some_and(|x| x.len() == 128)));
        assert!(call(&m, "filebase64sha512", &[s("hello.txt")])
            .is_ok_and(|v| v.as_str().is_some_and(|x| x.ends_with("=="))));
        let e = call(&m, "file", &[s("bin.dat")]).expect_err("should fail");
        assert!(e.contains("not valid UTF-8; use the filebase64"), "{e}");
        let e = call(&m, "file", &[s("missing.txt")]).expect_err("should fail");
        assert!(e.contains("no file exists at"), "{e}");
        assert_eq!(call(&m, "file", &[s("sub/../hello.txt")]), Ok(s("Hello World")));
    }

    #[test]
    fn confinement() {
        let d = repo();
        let m = d.path().join("mod");
        let ctx_dir = m.clone();
        // confine_to == base_dir in call_in: the parent directory is outside.
        let e = call(&ctx_dir, "file", &[s("../mod/hello.txt")]);
        assert!(e.is_ok(), "{e:?}");
        let e = call(&ctx_dir.join("sub"), "file", &[s("../hello.txt")]).expect_err("should fail");
        assert!(e.contains("outside the repository"), "{e}");
        let e = call(&m, "file", &[s("/etc/passwd")]).expect_err("should fail");
        assert!(e.contains("outside the repository"), "{e}");
        let e = call(&m, "file", &[s("~/.ssh/id_rsa")]).expect_err("should fail");
        assert!(e.contains("outside the repository"), "{e}");
        #[cfg(unix)]
        {
            let outside_file = d.path().join("secret.txt");
            std::fs::write(&outside_file, "s").expect("write");
            std::os::unix::fs::symlink(&outside_file, m.join("link.txt")).expect("symlink");
            let e = call(&m, "file", &[s("link.txt")]).expect_err("should fail");
            assert!(e.contains("outside the repository"), "{e}");
        }
    }

    #[test]
    fn fileexists_cases() {
        let d = repo();
        let m = d.path().join("mod");
        assert_eq!(call(&m, "fileexists", &[s("hello.txt")]), Ok(Value::Bool(true)));
        assert_eq!(call(&m, "fileexists", &[s("nope.txt")]), Ok(Value::Bool(false)));
        assert!(call(&m, "fileexists", &[s("sub")]).is_err_and(|e| e.contains("not a regular file")));
    }

    #[test]
    fn fileset_cases() {
        let d = repo();
        let m = d.path().join("mod");
        let set = |v: &[&str]| Value::set(v.iter().map(|x| s(x)).collect());
        assert_eq!(call(&m, "fileset", &[s("sub"), s("*.tf")]), Ok(set(&["a.tf"])));
        assert_eq!(call(&m, "fileset", &[s("sub"), s("**/*.tf")]), Ok(set(&["a.tf", "deep/b.tf"])));
        assert_eq!(call(&m, "fileset", &[s("sub"), s("*.{tf,json}")]), Ok(set(&["a.tf", "c.json"])));
        assert_eq!(call(&m, "fileset", &[s("."), s("sub/?.tf")]), Ok(set(&["sub/a.tf"])));
        assert_eq!(call(&m, "fileset", &[s("."), s("sub/[ab].*")]), Ok(set(&["sub/a.tf"])));
        assert_eq!(call(&m, "fileset", &[s("sub"), s("*")]), Ok(set(&["a.tf", "c.json"])));
        assert_eq!(call(&m, "fileset", &[s("sub"), s("nothing")]), Ok(set(&[])));
        assert_eq!(call(&m, "fileset", &[s("sub"), s("a.tf")]), Ok(set(&["a.tf"])));
        assert_eq!(call(&m.join("sub"), "fileset", &[s("deep"), s("../*.tf")]), Ok(set(&["../a.tf"])));
        std::fs::create_dir_all(m.join("we[ird]{x}")).expect("mkdir");
        std::fs::write(m.join("we[ird]{x}/x.tf"), "x").expect("write");
        assert_eq!(call(&m, "fileset", &[s("we[ird]{x}"), s("*.tf")]), Ok(set(&["x.tf"])));
        assert!(call(&m, "fileset", &[s("."), s("../../*")]).is_err_and(|e| e.contains("outside the repository")));
    }

    #[test]
    fn templatefile_renders() {
        let d = repo();
        let m = d.path().join("mod");
        let mut vars = Map::new();
        vars.insert("name".into(), s("Ada"));
        assert_eq!(call(&m, "templatefile", &[s("tmpl.tftpl"), Value::object(vars)]), Ok(s("Hi Ada!")));
        let mut bad = Map::new();
        bad.insert("1x".into(), s("Ada"));
        assert!(call(&m, "templatefile", &[s("tmpl.tftpl"), Value::object(bad)])
            .is_err_and(|e| e.contains("invalid template variable name")));
    }

    #[test]
    fn path_functions() {
        assert_eq!(call_ok("basename", &[s("foo/bar/baz.txt")]), s("baz.txt"));
        assert_eq!(call_ok("basename", &[s("foo/bar/")]), s("bar"));
        assert_eq!(call_ok("basename", &[s("")]), s("."));
        assert_eq!(call_ok("basename", &[s("/")]), s("/"));
        assert_eq!(call_ok("dirname", &[s("foo/bar/baz.txt")]), s("foo/bar"));
        assert_eq!(call_ok("dirname", &[s("baz.txt")]), s("."));
        assert_eq!(call_ok("dirname", &[s("/baz.txt")]), s("/"));
        assert_eq!(call_ok("dirname", &[s("foo//bar/")]), s("foo/bar"));
        assert_eq!(call_ok("abspath", &[s("a/../b")]), s("/nonexistent-tfharden-test/b"));
        assert_eq!(call_ok("abspath", &[s("/x/./y")]), s("/x/y"));
        assert!(call_ok("pathexpand", &[s("~/.ssh")]).is_unknown());
        assert_eq!(call_ok("pathexpand", &[s("/etc")]), s("/etc"));
    }
}
