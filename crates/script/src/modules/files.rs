//! Files: the built-in `open()`, the `os` / `os.path` subset programs use
//! with it, and `aiofiles` (`aiofiles.open`, `aiofiles.os`), all over the
//! interpreter's [`FileSystem`](crate::fs::FileSystem) workspace.
//!
//! A file object holds the file's bytes while it is open (as CPython's
//! buffered files hold a buffer) and writes them back on `flush()`,
//! `close()`, or when the last reference goes, as CPython's reference
//! counting closes a dropped file.
//!
//! What it costs, on the run's clock ([`FileSettings`]):
//! - `aiofiles`: every call is a wait of its own, shown as a `file` wait on
//!   the file with a note (`read app.log`), of `op_ms` plus `per_kb_ms`
//!   per KB moved. Like aiofiles' thread hop, the operation takes effect
//!   even if the waiting task is cancelled meanwhile.
//! - `open()` and `os`: the same latency, but blocking: the loop stalls and
//!   every other task waits, as a synchronous call in a coroutine does.
//!
//! An open file is a `File` resource in the trace, held by the task that
//! opened it until it is closed: a file left open shows.

use super::{func, module};
use crate::exc::Exc;
use crate::fs::{self, FileSettings, FileSystem, FsError, Kind};
use crate::gen::awaitable;
use crate::interp::Interp;
use crate::value::bound;
use crate::value::*;
use looplab_core::trace::{EventKind, ResourceId, ResourceKind, TaskId, WaitKind};
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

// ----------------------------------------------------------- errors

/// A workspace error in Python's words.
trait ToExc {
    /// The Python exception for this error on `path` (the path as the
    /// program wrote it): `FileNotFoundError: [Errno 2] No such file or
    /// directory: 'x.txt'`.
    fn to_exc(&self, path: &str) -> Exc {
        self.to_exc2(path, None)
    }

    /// Like [`to_exc`](ToExc::to_exc) for a two-path operation (`rename`):
    /// `[Errno 2] No such file or directory: 'a' -> 'b'`.
    fn to_exc2(&self, path: &str, other: Option<&str>) -> Exc;
}

impl ToExc for FsError {
    fn to_exc2(&self, path: &str, other: Option<&str>) -> Exc {
        let (class, errno, text) = match self {
            FsError::NotFound => ("FileNotFoundError", 2, "No such file or directory"),
            FsError::Exists => ("FileExistsError", 17, "File exists"),
            FsError::IsDir => ("IsADirectoryError", 21, "Is a directory"),
            FsError::NotDir => ("NotADirectoryError", 20, "Not a directory"),
            FsError::NotEmpty => ("OSError", 39, "Directory not empty"),
            FsError::Permission => ("PermissionError", 13, "Permission denied"),
            FsError::NulInPath => return Exc::value_error("embedded null byte"),
            FsError::Other(msg) => return os_error(5, msg, path),
        };
        let shown = match other {
            Some(o) => format!(
                "[Errno {errno}] {text}: {} -> {}",
                fs::py_quote(path),
                fs::py_quote(o)
            ),
            None => format!("[Errno {errno}] {text}: {}", fs::py_quote(path)),
        };
        let e = Exc::of(class, shown);
        set_os_attrs(&e, errno, text, path, other);
        e
    }
}

/// `OSError: [Errno N] text: 'path'` with `errno`, `strerror` and
/// `filename` set.
fn os_error(errno: i64, text: &str, path: &str) -> Exc {
    let e = Exc::of(
        "OSError",
        format!("[Errno {errno}] {text}: {}", fs::py_quote(path)),
    );
    set_os_attrs(&e, errno, text, path, None);
    e
}

fn set_os_attrs(e: &Exc, errno: i64, text: &str, path: &str, other: Option<&str>) {
    let mut d = e.0.dict.borrow_mut();
    d.insert("errno".into(), Value::Int(errno));
    d.insert("strerror".into(), Value::str(text));
    d.insert("filename".into(), Value::str(path));
    d.insert(
        "filename2".into(),
        other.map(Value::str).unwrap_or(Value::None),
    );
}

/// [`fs::resolve`] with its error in Python's words: `PermissionError`
/// for a path outside the workspace, `ValueError` for an embedded NUL.
fn resolve(fsys: &dyn FileSystem, path: &str) -> Result<String, Exc> {
    fs::resolve(fsys, path).map_err(|e| e.to_exc(path))
}

// ------------------------------------------------------------------ costs

/// The latency of an operation moving `bytes`.
fn latency(s: &FileSettings, bytes: usize) -> Duration {
    let ms = s.op_ms.max(0.0) + s.per_kb_ms.max(0.0) * bytes as f64 / 1024.0;
    looplab_core::duration_from_secs(ms / 1000.0)
}

/// Whether this operation fails, by the failure rate.
fn fails(interp: &Interp) -> bool {
    let rate = interp.file_settings().failure_rate;
    rate > 0.0 && interp.io_random() < rate
}

fn io_failure(path: &str) -> Exc {
    os_error(5, "Input/output error", path)
}

/// What an `aiofiles` call costs: a `file` wait with a note, then the
/// failure draw.
async fn io_wait(
    interp: Rc<Interp>,
    resource: Option<ResourceId>,
    note: String,
    bytes: usize,
    path: String,
) -> Result<(), Exc> {
    if let (Some(rt), Some(task)) = (interp.runtime(), looplab_core::current_task()) {
        rt.record(EventKind::TaskNote {
            task,
            text: note.into(),
        });
    }
    let d = latency(&interp.file_settings(), bytes);
    looplab_core::busy_for(d, WaitKind::File, resource)
        .await
        .map_err(Exc::from)?;
    if fails(&interp) {
        return Err(io_failure(&path));
    }
    Ok(())
}

/// What a blocking file call costs: the loop stalls.
fn block(interp: &Interp, bytes: usize, path: &str) -> Result<(), Exc> {
    interp.block_for(latency(&interp.file_settings(), bytes));
    if fails(interp) {
        return Err(io_failure(path));
    }
    Ok(())
}

// ------------------------------------------------------------------ modes

#[derive(Clone, Copy, Debug, Default)]
struct Mode {
    read: bool,
    write: bool,
    append: bool,
    create_new: bool,
    truncate: bool,
    binary: bool,
}

fn parse_mode(mode: &str) -> Result<Mode, Exc> {
    let mut m = Mode::default();
    let (mut r, mut w, mut a, mut x, mut plus, mut b, mut t) = (0, 0, 0, 0, 0, 0, 0);
    for c in mode.chars() {
        match c {
            'r' => r += 1,
            'w' => w += 1,
            'a' => a += 1,
            'x' => x += 1,
            '+' => plus += 1,
            'b' => b += 1,
            't' => t += 1,
            _ => return Err(Exc::value_error(format!("invalid mode: '{mode}'"))),
        }
    }
    if [r, w, a, x, plus, b, t].iter().any(|&n| n > 1) {
        return Err(Exc::value_error(format!("invalid mode: '{mode}'")));
    }
    if b == 1 && t == 1 {
        return Err(Exc::value_error("can't have text and binary mode at once"));
    }
    if r + w + a + x != 1 {
        return Err(Exc::value_error(
            "must have exactly one of create/read/write/append mode",
        ));
    }
    m.read = r == 1 || plus == 1;
    m.write = w == 1 || a == 1 || x == 1 || plus == 1;
    m.append = a == 1;
    m.create_new = x == 1;
    m.truncate = w == 1;
    m.binary = b == 1;
    Ok(m)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Latin1,
    Ascii,
}

fn parse_encoding(v: Option<&Value>) -> Result<Encoding, Exc> {
    let name = match v {
        None | Some(Value::None) => return Ok(Encoding::Utf8),
        Some(Value::Str(s)) => s.to_ascii_lowercase().replace('_', "-"),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "open() argument 'encoding' must be str or None, not {}",
                other.type_name()
            )))
        }
    };
    match name.as_str() {
        "utf-8" | "utf8" | "u8" => Ok(Encoding::Utf8),
        "latin-1" | "latin1" | "iso-8859-1" | "iso8859-1" => Ok(Encoding::Latin1),
        "ascii" | "us-ascii" => Ok(Encoding::Ascii),
        _ => Err(Exc::of(
            "LookupError",
            format!("unknown encoding: {}", name),
        )),
    }
}

fn decode(enc: Encoding, bytes: &[u8], start: usize) -> Result<String, Exc> {
    match enc {
        Encoding::Utf8 => match std::str::from_utf8(bytes) {
            Ok(s) => Ok(s.to_string()),
            Err(e) => {
                let at = e.valid_up_to();
                let byte = bytes.get(at).copied().unwrap_or(0);
                let why = if e.error_len().is_none() {
                    "unexpected end of data"
                } else if (0x80..0xc0).contains(&byte) {
                    "invalid start byte"
                } else {
                    "invalid continuation byte"
                };
                Err(Exc::of(
                    "UnicodeDecodeError",
                    format!(
                        "'utf-8' codec can't decode byte 0x{byte:02x} in position {}: {why}",
                        start + at
                    ),
                ))
            }
        },
        Encoding::Latin1 => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
        Encoding::Ascii => match bytes.iter().position(|&b| b >= 0x80) {
            None => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
            Some(i) => Err(Exc::of(
                "UnicodeDecodeError",
                format!(
                    "'ascii' codec can't decode byte 0x{:02x} in position {}: ordinal not in range(128)",
                    bytes[i],
                    start + i
                ),
            )),
        },
    }
}

fn encode(enc: Encoding, s: &str) -> Result<Vec<u8>, Exc> {
    let (name, limit) = match enc {
        Encoding::Utf8 => return Ok(s.as_bytes().to_vec()),
        Encoding::Latin1 => ("latin-1", 256),
        Encoding::Ascii => ("ascii", 128),
    };
    s.chars()
        .enumerate()
        .map(|(i, c)| {
            let n = u32::from(c);
            if n < limit {
                Ok(n as u8)
            } else {
                Err(Exc::of(
                    "UnicodeEncodeError",
                    format!(
                        "'{name}' codec can't encode character '\\u{n:04x}' in position {i}: ordinal not in range({limit})"
                    ),
                ))
            }
        })
        .collect()
}

// ------------------------------------------------------------ file object

/// An open file: `open()`'s (`is_async == false`) or `aiofiles.open()`'s.
pub struct FileObj {
    st: RefCell<FileState>,
    is_async: bool,
    fs: Rc<dyn FileSystem>,
}

struct FileState {
    /// The resolved path.
    path: String,
    /// The path as the program wrote it (`name`, messages).
    name: String,
    mode_text: String,
    mode: Mode,
    encoding: Encoding,
    buf: Vec<u8>,
    pos: usize,
    dirty: bool,
    closed: bool,
    resource: Option<ResourceId>,
    holder: Option<TaskId>,
}

impl std::fmt::Debug for FileObj {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.repr())
    }
}

/// Opens `name` in `mode` (the work of both `open()` and
/// `aiofiles.open()`, without its cost).
fn open_file(
    interp: &Interp,
    name: &str,
    mode_text: &str,
    encoding: Option<&Value>,
    is_async: bool,
) -> Result<FileObj, Exc> {
    let mode = parse_mode(mode_text)?;
    if mode.binary && !matches!(encoding, None | Some(Value::None)) {
        return Err(Exc::value_error(
            "binary mode doesn't take an encoding argument",
        ));
    }
    let encoding = parse_encoding(encoding)?;
    let fsys = interp.file_system();
    let path = resolve(fsys.as_ref(), name)?;
    let err = |e: FsError| e.to_exc(name);
    let existing = fsys.kind(&path);
    let buf = match existing {
        Some(Kind::Dir) => return Err(err(FsError::IsDir)),
        Some(Kind::File(_)) if mode.create_new => return Err(err(FsError::Exists)),
        Some(Kind::File(_)) if mode.truncate => {
            fsys.write(&path, b"").map_err(err)?;
            Vec::new()
        }
        Some(Kind::File(_)) => fsys.read(&path).map_err(err)?,
        // Only `w`, `a` and `x` make a missing file; `r` and `r+` need it.
        None if !(mode.truncate || mode.append || mode.create_new) => {
            return Err(err(FsError::NotFound))
        }
        None => {
            fsys.write(&path, b"").map_err(err)?;
            Vec::new()
        }
    };
    let pos = if mode.append { buf.len() } else { 0 };
    let (resource, holder) = match interp.runtime() {
        Some(rt) => {
            let r = rt.new_resource(ResourceKind::File, Some(name.into()), None);
            let task = looplab_core::current_task();
            rt.record(EventKind::Acquired { resource: r, task });
            (Some(r), task)
        }
        None => (None, None),
    };
    Ok(FileObj {
        st: RefCell::new(FileState {
            path,
            name: name.to_string(),
            mode_text: mode_text.to_string(),
            mode,
            encoding,
            buf,
            pos,
            dirty: false,
            closed: false,
            resource,
            holder,
        }),
        is_async,
        fs: fsys,
    })
}

fn closed_error() -> Exc {
    Exc::value_error("I/O operation on closed file.")
}

fn unsupported(what: &str) -> Exc {
    Exc::of("UnsupportedOperation", what.to_string())
}

impl FileObj {
    fn check(&self, reading: bool) -> Result<(), Exc> {
        let st = self.st.borrow();
        if st.closed {
            return Err(closed_error());
        }
        if reading && !st.mode.read {
            return Err(unsupported("not readable"));
        }
        if !reading && !st.mode.write {
            return Err(unsupported("not writable"));
        }
        Ok(())
    }

    fn text_or_bytes(&self, bytes: &[u8], start: usize) -> Result<Value, Exc> {
        let st = self.st.borrow();
        if st.mode.binary {
            Ok(Value::Bytes(bytes.into()))
        } else {
            Ok(Value::str(decode(st.encoding, bytes, start)?))
        }
    }

    /// `read(size=-1)`.
    fn read(&self, size: Option<i64>) -> Result<(Value, usize), Exc> {
        self.check(true)?;
        let (start, bytes) = {
            let st = self.st.borrow();
            let start = st.pos.min(st.buf.len());
            let rest = &st.buf[start..];
            let take = match size {
                Some(n) if n >= 0 => {
                    let n = n as usize;
                    if st.mode.binary || st.encoding != Encoding::Utf8 {
                        n.min(rest.len())
                    } else {
                        // `n` characters, not bytes: the valid prefix
                        // decides; a bad byte inside the first `n` fails.
                        let valid = match std::str::from_utf8(rest) {
                            Ok(s) => s,
                            Err(e) => std::str::from_utf8(&rest[..e.valid_up_to()]).unwrap_or(""),
                        };
                        match valid.char_indices().nth(n) {
                            Some((i, _)) => i,
                            None if valid.len() == rest.len() => rest.len(),
                            None => {
                                decode(st.encoding, rest, start)?;
                                rest.len()
                            }
                        }
                    }
                }
                _ => rest.len(),
            };
            (start, rest[..take].to_vec())
        };
        let v = self.text_or_bytes(&bytes, start)?;
        self.st.borrow_mut().pos = start + bytes.len();
        Ok((v, bytes.len()))
    }

    /// `readline(size=-1)`; an empty result at the end.
    fn readline(&self, size: Option<i64>) -> Result<(Value, usize), Exc> {
        self.check(true)?;
        let (start, mut bytes) = {
            let st = self.st.borrow();
            let start = st.pos.min(st.buf.len());
            let rest = &st.buf[start..];
            let end = rest
                .iter()
                .position(|&b| b == b'\n')
                .map_or(rest.len(), |i| i + 1);
            (start, rest[..end].to_vec())
        };
        if let Some(n) = size.filter(|n| *n >= 0) {
            let binary = self.st.borrow().mode.binary;
            let n = n as usize;
            if binary {
                bytes.truncate(n);
            } else if let Ok(s) = std::str::from_utf8(&bytes) {
                if let Some((i, _)) = s.char_indices().nth(n) {
                    bytes.truncate(i);
                }
            }
        }
        let v = self.text_or_bytes(&bytes, start)?;
        self.st.borrow_mut().pos = start + bytes.len();
        Ok((v, bytes.len()))
    }

    /// `readlines()`.
    fn readlines(&self) -> Result<(Value, usize), Exc> {
        let mut lines = Vec::new();
        let mut total = 0;
        loop {
            let (line, n) = self.readline(None)?;
            if n == 0 {
                break;
            }
            total += n;
            lines.push(line);
        }
        Ok((Value::list(lines), total))
    }

    /// `write(data)`: the number of characters (or bytes) written.
    fn write(&self, data: &Value) -> Result<(Value, usize), Exc> {
        self.check(false)?;
        let (bytes, count) = {
            let st = self.st.borrow();
            match (st.mode.binary, data) {
                (true, other) if crate::bytearray::bytes_like(other).is_some() => {
                    let b = crate::bytearray::bytes_like(other).unwrap_or_default();
                    let n = b.len();
                    (b, n)
                }
                (true, other) => {
                    return Err(Exc::type_error(format!(
                        "a bytes-like object is required, not '{}'",
                        other.type_name()
                    )))
                }
                (false, Value::Str(s)) => (encode(st.encoding, s)?, s.chars().count()),
                (false, other) => {
                    return Err(Exc::type_error(format!(
                        "write() argument must be str, not {}",
                        other.type_name()
                    )))
                }
            }
        };
        let mut st = self.st.borrow_mut();
        let at = if st.mode.append {
            st.buf.len()
        } else {
            st.pos.min(st.buf.len())
        };
        let end = at + bytes.len();
        if st.buf.len() < end {
            st.buf.resize(end, 0);
        }
        st.buf[at..end].copy_from_slice(&bytes);
        st.pos = end;
        st.dirty = true;
        Ok((Value::Int(count as i64), bytes.len()))
    }

    /// `seek(offset, whence=0)`.
    fn seek(&self, offset: i64, whence: i64) -> Result<Value, Exc> {
        let mut st = self.st.borrow_mut();
        if st.closed {
            return Err(closed_error());
        }
        if !st.mode.binary && whence != 0 && offset != 0 {
            return Err(unsupported(if whence == 1 {
                "can't do nonzero cur-relative seeks"
            } else {
                "can't do nonzero end-relative seeks"
            }));
        }
        let base = match whence {
            0 => 0,
            1 => st.pos as i64,
            2 => st.buf.len() as i64,
            w => {
                return Err(Exc::value_error(format!(
                    "invalid whence ({w}, should be 0, 1 or 2)"
                )))
            }
        };
        let to = base + offset;
        if to < 0 {
            return Err(if whence == 0 {
                Exc::value_error(format!("negative seek position {offset}"))
            } else {
                Exc::of("OSError", "[Errno 22] Invalid argument")
            });
        }
        st.pos = to as usize;
        Ok(Value::Int(to))
    }

    fn flush(&self) -> Result<(), Exc> {
        let mut st = self.st.borrow_mut();
        if st.closed {
            return Err(closed_error());
        }
        if st.dirty {
            self.fs
                .write(&st.path, &st.buf)
                .map_err(|e| e.to_exc(&st.name))?;
            st.dirty = false;
        }
        Ok(())
    }

    /// Closes the file (again is fine): writes what is pending and lets the
    /// trace see the file released.
    fn close(&self) -> Result<(), Exc> {
        if self.st.borrow().closed {
            return Ok(());
        }
        let flushed = self.flush();
        let mut st = self.st.borrow_mut();
        st.closed = true;
        st.buf = Vec::new();
        if let (Some(r), Some(rt)) = (st.resource.take(), looplab_core::Handle::try_current()) {
            rt.record(EventKind::Released {
                resource: r,
                task: st.holder,
            });
        }
        flushed
    }

    fn pending_bytes(&self) -> usize {
        let st = self.st.borrow();
        if st.dirty {
            st.buf.len()
        } else {
            0
        }
    }

    fn name_and_path(&self) -> (String, Option<ResourceId>) {
        let st = self.st.borrow();
        (st.name.clone(), st.resource)
    }
}

impl Drop for FileObj {
    fn drop(&mut self) {
        let _ = self.close();
    }
}

fn file_of(a: &Args) -> Result<(&FileObj, Value), Exc> {
    let this = a.pos.first().cloned().unwrap_or(Value::None);
    let f = a
        .pos
        .first()
        .and_then(native_ref::<FileObj>)
        .ok_or_else(|| Exc::type_error("expected a file object"))?;
    Ok((f, this))
}

fn opt_int(a: &Args, i: usize, what: &str) -> Result<Option<i64>, Exc> {
    match a.pos.get(i) {
        None | Some(Value::None) => Ok(None),
        Some(v) => v.as_int().map(Some).ok_or_else(|| {
            Exc::type_error(format!(
                "argument should be integer or None, not '{}' ({what})",
                v.type_name()
            ))
        }),
    }
}

/// A file method's work: its result and the bytes it moved.
type FileMethod = fn(&FileObj, &Interp, &Args) -> Result<(Value, usize), Exc>;

/// Runs a file operation the way the file's kind does it: at once for
/// `open()`'s files, as a costed awaitable for `aiofiles`'.
fn file_op(interp: &Interp, a: &Args, verb: &'static str, op: FileMethod) -> Result<Value, Exc> {
    let (f, this) = file_of(a)?;
    if !f.is_async {
        return op(f, interp, a).map(|(v, _)| v);
    }
    // aiofiles: the work happens in its "thread", the task waits for it.
    let result = op(f, interp, a);
    let (name, resource) = f.name_and_path();
    let bytes = match &result {
        Ok((_, n)) => *n,
        Err(_) => 0,
    };
    let me = interp.rc();
    Ok(awaitable(verb, async move {
        let _keep = this;
        io_wait(me, resource, format!("{verb} {name}"), bytes, name).await?;
        result.map(|(v, _)| v)
    }))
}

impl Native for FileObj {
    fn type_name(&self) -> &'static str {
        let st = self.st.borrow();
        match (self.is_async, st.mode.binary, st.mode.read && st.mode.write) {
            (false, false, _) => "TextIOWrapper",
            (false, true, true) => "BufferedRandom",
            (false, true, false) if st.mode.read => "BufferedReader",
            (false, true, false) => "BufferedWriter",
            (true, false, _) => "AsyncTextIOWrapper",
            (true, true, _) if st.mode.read && !st.mode.write => "AsyncBufferedReader",
            (true, true, _) => "AsyncBufferedIOBase",
        }
    }

    fn repr(&self) -> String {
        let st = self.st.borrow();
        let inner = if st.mode.binary {
            format!(
                "<_io.{} name={}>",
                self.type_name_sync(),
                fs::py_quote(&st.name)
            )
        } else {
            format!(
                "<_io.TextIOWrapper name={} mode={} encoding='{}'>",
                fs::py_quote(&st.name),
                fs::py_quote(&st.mode_text),
                match st.encoding {
                    Encoding::Utf8 => "UTF-8",
                    Encoding::Latin1 => "latin-1",
                    Encoding::Ascii => "ascii",
                }
            )
        };
        if self.is_async {
            format!("<aiofiles.threadpool.{} {inner}>", self.type_name())
        } else {
            inner
        }
    }

    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "name" => return Some(Value::str(self.st.borrow().name.as_str())),
            "mode" => return Some(Value::str(self.st.borrow().mode_text.as_str())),
            "closed" => return Some(Value::Bool(self.st.borrow().closed)),
            "encoding" if !self.st.borrow().mode.binary => {
                return Some(Value::str(match self.st.borrow().encoding {
                    Encoding::Utf8 => "UTF-8",
                    Encoding::Latin1 => "latin-1",
                    Encoding::Ascii => "ascii",
                }))
            }
            _ => {}
        }
        let f: BuiltinFn = match name {
            "read" => |i, a| file_op(i, &a, "read", |f, _, a| f.read(opt_int(a, 1, "size")?)),
            "readline" => |i, a| {
                file_op(i, &a, "readline", |f, _, a| {
                    f.readline(opt_int(a, 1, "size")?)
                })
            },
            "readlines" => |i, a| file_op(i, &a, "readlines", |f, _, _| f.readlines()),
            "write" => |i, a| {
                file_op(i, &a, "write", |f, _, a| {
                    f.write(a.pos.get(1).unwrap_or(&Value::None))
                })
            },
            "writelines" => |i, a| {
                file_op(i, &a, "writelines", |f, i, a| {
                    let items = i.collect(a.pos.get(1).unwrap_or(&Value::None))?;
                    let mut n = 0;
                    for item in &items {
                        n += f.write(item)?.1;
                    }
                    Ok((Value::None, n))
                })
            },
            "seek" => |i, a| {
                file_op(i, &a, "seek", |f, _, a| {
                    let offset = opt_int(a, 1, "offset")?.ok_or_else(|| {
                        Exc::type_error("seek() takes at least 1 argument (0 given)")
                    })?;
                    Ok((f.seek(offset, opt_int(a, 2, "whence")?.unwrap_or(0))?, 0))
                })
            },
            "tell" => |i, a| {
                file_op(i, &a, "tell", |f, _, _| {
                    let st = f.st.borrow();
                    if st.closed {
                        return Err(closed_error());
                    }
                    Ok((Value::Int(st.pos as i64), 0))
                })
            },
            "truncate" => |i, a| {
                file_op(i, &a, "truncate", |f, _, a| {
                    f.check(false)?;
                    let size = opt_int(a, 1, "size")?;
                    let mut st = f.st.borrow_mut();
                    let n = size.map_or(st.pos, |n| n.max(0) as usize);
                    st.buf.resize(n, 0);
                    st.dirty = true;
                    Ok((Value::Int(n as i64), 0))
                })
            },
            "flush" => |i, a| {
                file_op(i, &a, "flush", |f, _, _| {
                    let n = f.pending_bytes();
                    f.flush()?;
                    Ok((Value::None, n))
                })
            },
            "close" => |i, a| {
                let (f, _) = file_of(&a)?;
                if !f.is_async {
                    let n = f.pending_bytes();
                    if n > 0 {
                        let name = f.name_and_path().0;
                        block(i, n, &name)?;
                    }
                }
                file_op(i, &a, "close", |f, _, _| {
                    let n = f.pending_bytes();
                    f.close()?;
                    Ok((Value::None, n))
                })
            },
            "readable" => |_, a| {
                let (f, _) = file_of(&a)?;
                f.check_open()?;
                Ok(Value::Bool(f.st.borrow().mode.read))
            },
            "writable" => |_, a| {
                let (f, _) = file_of(&a)?;
                f.check_open()?;
                Ok(Value::Bool(f.st.borrow().mode.write))
            },
            "seekable" => |_, a| {
                let (f, _) = file_of(&a)?;
                f.check_open()?;
                Ok(Value::Bool(true))
            },
            "__enter__" if !self.is_async => |_, a| {
                let (f, this) = file_of(&a)?;
                f.check_open()?;
                Ok(this)
            },
            "__exit__" if !self.is_async => |i, a| {
                let (f, _) = file_of(&a)?;
                let n = f.pending_bytes();
                if n > 0 {
                    let name = f.name_and_path().0;
                    block(i, n, &name)?;
                }
                f.close()?;
                Ok(Value::Bool(false))
            },
            "__iter__" if !self.is_async => |_, a| {
                let (f, this) = file_of(&a)?;
                f.check_open()?;
                Ok(this)
            },
            "__next__" if !self.is_async => |_, a| {
                let (f, _) = file_of(&a)?;
                let (line, n) = f.readline(None)?;
                if n == 0 {
                    return Err(Exc::new(crate::exc::class("StopIteration"), vec![]));
                }
                Ok(line)
            },
            "__aenter__" if self.is_async => |_, a| {
                let (_, this) = file_of(&a)?;
                Ok(awaitable("__aenter__", async move { Ok(this) }))
            },
            "__aexit__" if self.is_async => |i, a| {
                let (f, this) = file_of(&a)?;
                let n = f.pending_bytes();
                let result = f.close();
                let (name, resource) = f.name_and_path();
                let me = i.rc();
                Ok(awaitable("__aexit__", async move {
                    let _keep = this;
                    io_wait(me, resource, format!("close {name}"), n, name).await?;
                    result.map(|()| Value::Bool(false))
                }))
            },
            "__aiter__" if self.is_async => |_, a| {
                let (f, this) = file_of(&a)?;
                f.check_open()?;
                Ok(this)
            },
            "__anext__" if self.is_async => |i, a| {
                let (f, this) = file_of(&a)?;
                let result = f.readline(None);
                let (name, resource) = f.name_and_path();
                let me = i.rc();
                Ok(awaitable("__anext__", async move {
                    let _keep = this;
                    let bytes = result.as_ref().map_or(0, |(_, n)| *n);
                    io_wait(me, resource, format!("readline {name}"), bytes, name).await?;
                    match result? {
                        (_, 0) => Err(Exc::new(crate::exc::class("StopAsyncIteration"), vec![])),
                        (line, _) => Ok(line),
                    }
                }))
            },
            _ => return None,
        };
        Some(bound(this, name, f))
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl FileObj {
    fn check_open(&self) -> Result<(), Exc> {
        if self.st.borrow().closed {
            Err(closed_error())
        } else {
            Ok(())
        }
    }

    fn type_name_sync(&self) -> &'static str {
        let st = self.st.borrow();
        match (st.mode.read, st.mode.write) {
            (true, true) => "BufferedRandom",
            (true, false) => "BufferedReader",
            _ => "BufferedWriter",
        }
    }
}

// -------------------------------------------------------------- open()

fn open_args(a: &mut Args, skip: usize) -> Result<(String, String, Option<Value>), Exc> {
    let file = a
        .take_kw("file")
        .or_else(|| a.pos.get(skip).cloned())
        .ok_or_else(|| Exc::type_error("open() missing required argument 'file' (pos 1)"))?;
    let file = match fspath(&file) {
        Some(s) => s,
        None => {
            return Err(Exc::type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                file.type_name()
            )))
        }
    };
    let mode = match a.take_kw("mode").or_else(|| a.pos.get(skip + 1).cloned()) {
        None => "r".to_string(),
        Some(Value::Str(ref s)) => s.to_string(),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "open() argument 'mode' must be str, not {}",
                other.type_name()
            )))
        }
    };
    let encoding = a
        .take_kw("encoding")
        .or_else(|| a.pos.get(skip + 3).cloned());
    for ignored in [
        "buffering",
        "errors",
        "newline",
        "closefd",
        "opener",
        "loop",
        "executor",
    ] {
        a.take_kw(ignored);
    }
    if let Some((k, _)) = a.kw.first() {
        return Err(Exc::type_error(format!(
            "open() got an unexpected keyword argument '{k}'"
        )));
    }
    Ok((file, mode, encoding))
}

impl Interp {
    /// The builtin `open()` ([`builtin_open`]).
    pub(crate) fn open_builtin(&self, args: Args) -> Result<Value, Exc> {
        builtin_open(self, args)
    }
}

/// The built-in `open()`: a blocking call.
pub fn builtin_open(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let (file, mode, encoding) = open_args(&mut a, 0)?;
    let f = open_file(interp, &file, &mode, encoding.as_ref(), false)?;
    let size = f.st.borrow().buf.len();
    block(interp, size, &file)?;
    Ok(Value::Native(Rc::new(f)))
}

// ------------------------------------------------------------ aiofiles

/// `aiofiles.open(...)`: awaitable, and an async context manager that
/// closes the file on exit.
struct OpenCm {
    args: RefCell<Option<(String, String, Option<Value>)>>,
    file: RefCell<Option<Value>>,
}

impl std::fmt::Debug for OpenCm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<aiofiles open>")
    }
}

/// The future of an awaited `aiofiles.open(...)`.
pub fn open_awaitable(
    v: &Value,
) -> Option<crate::interp::LocalFuture<'static, Result<Value, Exc>>> {
    let cm = native_ref::<OpenCm>(v)?;
    let interp = crate::interp::current()?;
    Some(open_future(&interp, cm.args.borrow_mut().take()))
}

/// Whether `v` is an `aiofiles.open(...)` not yet awaited (a coroutine to
/// `create_task`).
pub fn is_open_call(v: &Value) -> bool {
    native_ref::<OpenCm>(v).is_some_and(|c| c.args.borrow().is_some())
}

fn open_future(
    interp: &Rc<Interp>,
    args: Option<(String, String, Option<Value>)>,
) -> crate::interp::LocalFuture<'static, Result<Value, Exc>> {
    let me = interp.clone();
    Box::pin(async move {
        let Some((file, mode, encoding)) = args else {
            return Err(Exc::runtime_error("cannot reuse already awaited coroutine"));
        };
        let f = open_file(&me, &file, &mode, encoding.as_ref(), true);
        let resource = f.as_ref().ok().and_then(|f| f.st.borrow().resource);
        let size = f.as_ref().map_or(0, |f| f.st.borrow().buf.len());
        io_wait(me, resource, format!("open {file} ({mode})"), size, file).await?;
        Ok(Value::Native(Rc::new(f?)))
    })
}

impl Native for OpenCm {
    fn type_name(&self) -> &'static str {
        "AiofilesContextManager"
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "__aenter__" => |i, a| {
                let this = a.pos.first().cloned().unwrap_or(Value::None);
                let cm = native_ref::<OpenCm>(&this)
                    .ok_or_else(|| Exc::type_error("expected aiofiles.open(...)"))?;
                let fut = open_future(&i.rc(), cm.args.borrow_mut().take());
                Ok(awaitable("__aenter__", async move {
                    let file = fut.await?;
                    if let Some(cm) = native_ref::<OpenCm>(&this) {
                        *cm.file.borrow_mut() = Some(file.clone());
                    }
                    Ok(file)
                }))
            },
            "__aexit__" => |i, a| {
                let file = a
                    .pos
                    .first()
                    .and_then(native_ref::<OpenCm>)
                    .and_then(|cm| cm.file.borrow_mut().take());
                match file {
                    Some(file) => {
                        let close = i.getattr(&file, "__aexit__")?;
                        i.call(&close, Args::new(Vec::new()))
                    }
                    None => Ok(awaitable("__aexit__", async { Ok(Value::Bool(false)) })),
                }
            },
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn aiofiles_open(_: &Interp, mut a: Args) -> Result<Value, Exc> {
    let args = open_args(&mut a, 0)?;
    // Bad modes fail when the call is made, as aiofiles' do when awaited;
    // checking now keeps the message at the right line.
    parse_mode(&args.1)?;
    Ok(Value::Native(Rc::new(OpenCm {
        args: RefCell::new(Some(args)),
        file: RefCell::new(None),
    })))
}

// ------------------------------------------------------------- os, os.path

/// `os.stat_result`, the fields programs read.
#[derive(Debug)]
struct StatResult {
    size: u64,
    is_dir: bool,
}

impl Native for StatResult {
    fn type_name(&self) -> &'static str {
        "stat_result"
    }
    fn repr(&self) -> String {
        format!(
            "os.stat_result(st_mode={}, st_size={})",
            self.mode(),
            self.size
        )
    }
    fn get_attr(&self, _this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        Some(match name {
            "st_size" => Value::Int(self.size as i64),
            "st_mode" => Value::Int(self.mode()),
            "st_mtime" | "st_atime" | "st_ctime" => Value::Float(1_700_000_000.0),
            "st_nlink" => Value::Int(1),
            _ => return None,
        })
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

impl StatResult {
    fn mode(&self) -> i64 {
        if self.is_dir {
            0o40755
        } else {
            0o100644
        }
    }
}

/// One `os` operation, done synchronously; `bytes` is what it moved.
type OsOp = fn(&Interp, &dyn FileSystem, &Args) -> Result<Value, Exc>;

/// A path argument: a str, or an object with `__fspath__` (a `pathlib`
/// path) as its string.
pub(crate) fn fspath(v: &Value) -> Option<String> {
    match v {
        Value::Str(s) => Some(s.to_string()),
        Value::Object(o) => {
            let m = o.class.lookup("__fspath__")?;
            let i = crate::interp::current()?;
            match i.call(&m, Args::new(vec![v.clone()])).ok()? {
                Value::Str(ref s) => Some(s.to_string()),
                _ => None,
            }
        }
        _ => None,
    }
}

fn str_arg(a: &Args, i: usize, func: &str, param: &str) -> Result<String, Exc> {
    match a.pos.get(i) {
        Some(v) if fspath(v).is_some() => Ok(fspath(v).unwrap_or_default()),
        Some(other) => Err(Exc::type_error(format!(
            "{func}: {param} should be string, bytes or os.PathLike, not {}",
            other.type_name()
        ))),
        None => Err(Exc::type_error(format!(
            "{func}() missing required argument '{param}' (pos {})",
            i + 1
        ))),
    }
}

fn resolved(
    fsys: &dyn FileSystem,
    a: &Args,
    i: usize,
    func: &str,
) -> Result<(String, String), Exc> {
    let p = str_arg(a, i, func, "path")?;
    Ok((resolve(fsys, &p)?, p))
}

fn os_exists(_: &Interp, fsys: &dyn FileSystem, a: &Args) -> Result<Value, Exc> {
    let p = str_arg(a, 0, "exists", "path")?;
    Ok(Value::Bool(
        resolve(fsys, &p).ok().and_then(|r| fsys.kind(&r)).is_some(),
    ))
}

fn os_isfile(_: &Interp, fsys: &dyn FileSystem, a: &Args) -> Result<Value, Exc> {
    let p = str_arg(a, 0, "isfile", "path")?;
    Ok(Value::Bool(matches!(
        resolve(fsys, &p).ok().and_then(|r| fsys.kind(&r)),
        Some(Kind::File(_))
    )))
}

fn os_isdir(_: &Interp, fsys: &dyn FileSystem, a: &Args) -> Result<Value, Exc> {
    let p = str_arg(a, 0, "isdir", "path")?;
    Ok(Value::Bool(matches!(
        resolve(fsys, &p).ok().and_then(|r| fsys.kind(&r)),
        Some(Kind::Dir)
    )))
}

fn os_stat(_: &Interp, fsys: &dyn FileSystem, a: &Args) -> Result<Value, Exc> {
    let (r, p) = resolved(fsys, a, 0, "stat")?;
    match fsys.kind(&r) {
        Some(Kind::File(size)) => Ok(Value::Native(Rc::new(StatResult {
            size,
            is_dir: false,
        }))),
        Some(Kind::Dir) => Ok(Value::Native(Rc::new(StatResult {
            size: 4096,
            is_dir: true,
        }))),
        None => Err(FsError::NotFound.to_exc(&p)),
    }
}

fn os_getsize(i: &Interp, fsys: &dyn FileSystem, a: &Args) -> Result<Value, Exc> {
    let st = os_stat(i, fsys, a)?;
    Ok(native_ref::<StatResult>(&st).map_or(Value::Int(0), |s| Value::Int(s.size as i64)))
}

fn os_listdir(_: &Interp, fsys: &dyn FileSystem, a: &Args) -> Result<Value, Exc> {
    let p = match a.pos.first() {
        None | Some(Value::None) => ".".to_string(),
        Some(_) => str_arg(a, 0, "listdir", "path")?,
    };
    let r = resolve(fsys, &p)?;
    let names = fsys.list(&r).map_err(|e| e.to_exc(&p))?;
    Ok(Value::list(names.into_iter().map(Value::str).collect()))
}

fn os_remove(_: &Interp, fsys: &dyn FileSystem, a: &Args) -> Result<Value, Exc> {
    let (r, p) = resolved(fsys, a, 0, "remove")?;
    fsys.remove_file(&r).map_err(|e| e.to_exc(&p))?;
    Ok(Value::None)
}

fn os_rmdir(_: &Interp, fsys: &dyn FileSystem, a: &Args) -> Result<Value, Exc> {
    let (r, p) = resolved(fsys, a, 0, "rmdir")?;
    fsys.remove_dir(&r).map_err(|e| e.to_exc(&p))?;
    Ok(Value::None)
}

fn os_rename(_: &Interp, fsys: &dyn FileSystem, a: &Args) -> Result<Value, Exc> {
    let (from, src) = resolved(fsys, a, 0, "rename")?;
    let dst = str_arg(a, 1, "rename", "dst")?;
    let to = resolve(fsys, &dst)?;
    fsys.rename(&from, &to)
        .map_err(|e| e.to_exc2(&src, Some(&dst)))?;
    Ok(Value::None)
}

fn os_mkdir(_: &Interp, fsys: &dyn FileSystem, a: &Args) -> Result<Value, Exc> {
    let (r, p) = resolved(fsys, a, 0, "mkdir")?;
    if r.is_empty() {
        return Err(FsError::Exists.to_exc(&p));
    }
    fsys.mkdir(&r).map_err(|e| e.to_exc(&p))?;
    Ok(Value::None)
}

fn os_makedirs(_: &Interp, fsys: &dyn FileSystem, a: &Args) -> Result<Value, Exc> {
    let (r, p) = resolved(fsys, a, 0, "makedirs")?;
    let exist_ok =
        a.kw.iter()
            .find(|(k, _)| &**k == "exist_ok")
            .map(|(_, v)| v.truthy_builtin().unwrap_or(true))
            .or_else(|| a.pos.get(2).and_then(Value::truthy_builtin))
            .unwrap_or(false);
    let mut so_far = String::new();
    let parts: Vec<&str> = r.split('/').filter(|s| !s.is_empty()).collect();
    for (i, part) in parts.iter().enumerate() {
        if !so_far.is_empty() {
            so_far.push('/');
        }
        so_far.push_str(part);
        let last = i + 1 == parts.len();
        match fsys.kind(&so_far) {
            Some(Kind::Dir) if last && !exist_ok => return Err(FsError::Exists.to_exc(&p)),
            Some(Kind::Dir) => {}
            Some(Kind::File(_)) if last => return Err(FsError::Exists.to_exc(&p)),
            Some(Kind::File(_)) => return Err(FsError::NotDir.to_exc(&p)),
            None => fsys.mkdir(&so_far).map_err(|e| e.to_exc(&p))?,
        }
    }
    if parts.is_empty() && !exist_ok {
        return Err(FsError::Exists.to_exc(&p));
    }
    Ok(Value::None)
}

/// An `os` function: blocking, and costed as one file operation.
fn sync_os(name: &'static str, op: OsOp) -> Value {
    os_builtin(name, op, |i, a| {
        let (op, _, a, path) = take_op(a);
        let fsys = i.file_system();
        block(i, 0, &path)?;
        op(i, fsys.as_ref(), &a)
    })
}

/// An `aiofiles.os` function: an awaitable costing one file operation.
fn async_os(name: &'static str, op: OsOp) -> Value {
    os_builtin(name, op, |i, a| {
        let (op, verb, a, path) = take_op(a);
        let fsys = i.file_system();
        let result = op(i, fsys.as_ref(), &a);
        let me = i.rc();
        Ok(awaitable("aiofiles.os", async move {
            io_wait(me, None, format!("{verb} {path}"), 0, path).await?;
            result
        }))
    })
}

/// A built-in that receives `op` and its name as its bound data.
fn os_builtin(name: &'static str, op: OsOp, func: BuiltinFn) -> Value {
    Value::Builtin(Rc::new(Builtin {
        name: name.into(),
        func,
        data: Some(Value::Native(Rc::new(OsOpBox(op, name)))),
    }))
}

/// An `os` operation and its name (the verb of its trace note).
#[derive(Debug)]
struct OsOpBox(OsOp, &'static str);

impl Native for OsOpBox {
    fn type_name(&self) -> &'static str {
        "os operation"
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// Takes the operation (the builtin's data, passed first) off the args:
/// the operation, its name, the program's arguments, and the path they
/// name (`.` if none).
fn take_op(mut a: Args) -> (OsOp, &'static str, Args, String) {
    let (op, verb) = match a.pos.first().and_then(native_ref::<OsOpBox>) {
        Some(b) => (b.0, b.1),
        None => (os_exists as OsOp, "os"),
    };
    if a.pos.first().and_then(native_ref::<OsOpBox>).is_some() {
        a.pos.remove(0);
    }
    let path = a.pos.first().and_then(fspath).unwrap_or_else(|| ".".into());
    (op, verb, a, path)
}

fn join(a: &Args) -> Result<Value, Exc> {
    let mut out = String::new();
    for (i, v) in a.pos.iter().enumerate() {
        let Some(p) = fspath(v) else {
            return Err(Exc::type_error(format!(
                "join() argument must be str, bytes, or os.PathLike object, not '{}'",
                v.type_name()
            )));
        };
        if p.starts_with('/') || i == 0 {
            out = p;
        } else if out.is_empty() || out.ends_with('/') {
            out.push_str(&p);
        } else {
            out.push('/');
            out.push_str(&p);
        }
    }
    Ok(Value::str(out))
}

fn path_str(a: &Args, func: &str) -> Result<String, Exc> {
    str_arg(a, 0, func, "p")
}

/// `os.path.split`: the directory (trailing slashes dropped unless it is
/// all slashes) and the last component.
fn split_path(p: &str) -> (String, String) {
    let i = p.rfind('/').map_or(0, |i| i + 1);
    let (head, tail) = p.split_at(i);
    let head = if !head.is_empty() && head.chars().any(|c| c != '/') {
        head.trim_end_matches('/')
    } else {
        head
    };
    (head.to_string(), tail.to_string())
}

/// `os.path.normpath`, as `posixpath` does it.
fn normpath(p: &str) -> String {
    if p.is_empty() {
        return ".".into();
    }
    let slashes = if p.starts_with("//") && !p.starts_with("///") {
        2
    } else {
        usize::from(p.starts_with('/'))
    };
    let mut comps: Vec<&str> = Vec::new();
    for c in p.split('/') {
        if c.is_empty() || c == "." {
            continue;
        }
        if c != ".." || (slashes == 0 && comps.is_empty()) || comps.last() == Some(&"..") {
            comps.push(c);
        } else if !comps.is_empty() {
            comps.pop();
        }
    }
    let out = format!("{}{}", "/".repeat(slashes), comps.join("/"));
    if out.is_empty() {
        ".".into()
    } else {
        out
    }
}

pub(crate) fn path_module(is_async: bool) -> Value {
    let make = if is_async { async_os } else { sync_os };
    let mut items = vec![
        ("exists", make("exists", os_exists)),
        ("isfile", make("isfile", os_isfile)),
        ("isdir", make("isdir", os_isdir)),
        ("getsize", make("getsize", os_getsize)),
    ];
    if !is_async {
        items.extend([
            ("join", func("join", |_, a| join(&a))),
            (
                "basename",
                func("basename", |_, a| {
                    let p = path_str(&a, "basename")?;
                    Ok(Value::str(p.rsplit('/').next().unwrap_or("")))
                }),
            ),
            (
                "dirname",
                func("dirname", |_, a| {
                    let p = path_str(&a, "dirname")?;
                    Ok(Value::str(p.rsplit_once('/').map_or("", |(d, _)| {
                        if d.is_empty() {
                            "/"
                        } else {
                            d
                        }
                    })))
                }),
            ),
            (
                "splitext",
                func("splitext", |_, a| {
                    let p = path_str(&a, "splitext")?;
                    let base_at = p.rfind('/').map_or(0, |i| i + 1);
                    let base = &p[base_at..];
                    let dot = base
                        .rfind('.')
                        .filter(|&i| base[..i].chars().any(|c| c != '.'));
                    Ok(match dot {
                        Some(i) => Value::tuple(vec![
                            Value::str(&p[..base_at + i]),
                            Value::str(&base[i..]),
                        ]),
                        None => Value::tuple(vec![Value::str(p.as_str()), Value::str("")]),
                    })
                }),
            ),
            (
                "abspath",
                func("abspath", |i, a| {
                    let p = path_str(&a, "abspath")?;
                    let fsys = i.file_system();
                    let r = resolve(fsys.as_ref(), &p)?;
                    let root = fsys.root();
                    Ok(Value::str(if r.is_empty() {
                        root
                    } else {
                        format!("{}/{r}", root.trim_end_matches('/'))
                    }))
                }),
            ),
            (
                "split",
                func("split", |_, a| {
                    let p = path_str(&a, "split")?;
                    let (head, tail) = split_path(&p);
                    Ok(Value::tuple(vec![Value::str(head), Value::str(tail)]))
                }),
            ),
            (
                "normpath",
                func("normpath", |_, a| {
                    Ok(Value::str(normpath(&path_str(&a, "normpath")?)))
                }),
            ),
            (
                "isabs",
                func("isabs", |_, a| {
                    Ok(Value::Bool(path_str(&a, "isabs")?.starts_with('/')))
                }),
            ),
            ("sep", Value::str("/")),
        ]);
    }
    module(
        if is_async {
            "aiofiles.ospath"
        } else {
            "posixpath"
        },
        items,
    )
}

fn os_items(is_async: bool) -> Vec<(&'static str, Value)> {
    let make = if is_async { async_os } else { sync_os };
    vec![
        ("path", path_module(is_async)),
        ("stat", make("stat", os_stat)),
        ("listdir", make("listdir", os_listdir)),
        ("remove", make("remove", os_remove)),
        ("unlink", make("unlink", os_remove)),
        ("rmdir", make("rmdir", os_rmdir)),
        ("rename", make("rename", os_rename)),
        ("replace", make("replace", os_rename)),
        ("mkdir", make("mkdir", os_mkdir)),
        ("makedirs", make("makedirs", os_makedirs)),
    ]
}

/// The `os` module (the file subset, blocking).
pub fn os_module() -> Value {
    let mut items = os_items(false);
    items.extend([
        (
            "getcwd",
            func("getcwd", |i, _| Ok(Value::str(i.file_system().root()))),
        ),
        (
            "fspath",
            func("fspath", |_, a| {
                let v = a.pos.first().cloned().unwrap_or(Value::None);
                match v {
                    Value::Bytes(_) => Ok(v),
                    _ => fspath(&v).map(Value::str).ok_or_else(|| {
                        Exc::type_error(format!(
                            "expected str, bytes or os.PathLike object, not {}",
                            v.type_name()
                        ))
                    }),
                }
            }),
        ),
        ("sep", Value::str("/")),
        ("SEEK_SET", Value::Int(0)),
        ("SEEK_CUR", Value::Int(1)),
        ("SEEK_END", Value::Int(2)),
        ("linesep", Value::str("\n")),
        ("name", Value::str("posix")),
        (
            "getenv",
            func("getenv", |_, a| {
                Ok(a.pos.get(1).cloned().unwrap_or(Value::None))
            }),
        ),
        ("environ", Value::dict(Dict::default())),
    ]);
    module("os", items)
}

fn rmtree_at(fsys: &dyn FileSystem, path: &str) -> Result<(), FsError> {
    match fsys.kind(path) {
        None => Err(FsError::NotFound),
        Some(Kind::File(_)) => Err(FsError::NotDir),
        Some(Kind::Dir) => {
            for name in fsys.list(path)? {
                let child = if path.is_empty() {
                    name
                } else {
                    format!("{path}/{name}")
                };
                match fsys.kind(&child) {
                    Some(Kind::Dir) => rmtree_at(fsys, &child)?,
                    _ => fsys.remove_file(&child)?,
                }
            }
            fsys.remove_dir(path)
        }
    }
}

fn copy_file(fsys: &dyn FileSystem, a: &Args) -> Result<Value, Exc> {
    let (from, src) = resolved(fsys, a, 0, "copyfile")?;
    let dst = str_arg(a, 1, "copyfile", "dst")?;
    let mut to = resolve(fsys, &dst)?;
    if let Some(Kind::Dir) = fsys.kind(&to) {
        let base = from.rsplit('/').next().unwrap_or("");
        to = if to.is_empty() {
            base.to_string()
        } else {
            format!("{to}/{base}")
        };
    }
    let data = fsys.read(&from).map_err(|e| e.to_exc(&src))?;
    fsys.write(&to, &data).map_err(|e| e.to_exc(&dst))?;
    Ok(Value::str(dst))
}

/// `shutil`: `rmtree`, `copyfile`, `copy`, `move` (blocking, like `os`).
pub fn shutil_module() -> Value {
    module(
        "shutil",
        vec![
            (
                "rmtree",
                func("rmtree", |i, mut a| {
                    let ignore = a
                        .take_kw("ignore_errors")
                        .or_else(|| a.pos.get(1).cloned())
                        .and_then(|v| v.truthy_builtin())
                        .unwrap_or(false);
                    let fsys = i.file_system();
                    let (r, p) = resolved(fsys.as_ref(), &a, 0, "rmtree")?;
                    block(i, 0, &p)?;
                    match rmtree_at(fsys.as_ref(), &r) {
                        Err(_) if ignore => Ok(Value::None),
                        Err(e) => Err(e.to_exc(&p)),
                        Ok(()) => Ok(Value::None),
                    }
                }),
            ),
            (
                "copyfile",
                func("copyfile", |i, a| {
                    block(i, 0, "")?;
                    copy_file(i.file_system().as_ref(), &a)
                }),
            ),
            (
                "copy",
                func("copy", |i, a| {
                    block(i, 0, "")?;
                    copy_file(i.file_system().as_ref(), &a)
                }),
            ),
            (
                "move",
                func("move", |i, a| {
                    block(i, 0, "")?;
                    let fsys = i.file_system();
                    os_rename(i, fsys.as_ref(), &a)?;
                    Ok(a.pos.get(1).cloned().unwrap_or(Value::None))
                }),
            ),
        ],
    )
}

/// The `aiofiles.os` module.
pub(crate) fn aiofiles_os_module() -> Value {
    module("aiofiles.os", os_items(true))
}

/// The `aiofiles` module.
pub fn aiofiles_module() -> Value {
    let os = aiofiles_os_module();
    let ospath = path_module(true);
    module(
        "aiofiles",
        vec![
            ("open", func("open", aiofiles_open)),
            ("os", os),
            ("ospath", ospath),
        ],
    )
}

#[cfg(test)]
mod path_tests {
    use super::{normpath, split_path};

    #[test]
    fn normpath_and_split_as_posixpath() {
        // Expected values: CPython 3.11's posixpath.
        for (p, want) in [
            ("a/./b/../c//d", "a/c/d"),
            ("/../x", "/x"),
            ("//a//b/", "//a/b"),
            ("///a", "/a"),
            ("", "."),
            ("../..", "../.."),
            ("a/..", "."),
            ("/", "/"),
        ] {
            assert_eq!(normpath(p), want, "{p}");
        }
        for (p, head, tail) in [
            ("/var/log/", "/var/log", ""),
            ("a", "", "a"),
            ("/", "/", ""),
            ("//x", "//", "x"),
            ("a//b", "a", "b"),
        ] {
            assert_eq!(split_path(p), (head.to_string(), tail.to_string()), "{p}");
        }
    }
}
