//! The file seam of the interpreter: where `open()`, `aiofiles` and `os`
//! read and write. A program sees one workspace folder; its paths are
//! resolved inside it and can never leave it.
//!
//! Two workspaces come with the crate: [`MemoryFs`], an in-memory folder
//! (the browser's engine, tests, `looplab run --fs memory`), and [`DirFs`],
//! a real folder on disk (the CLI's default: the current directory, as
//! CPython uses).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// Why a file operation failed, before it is put in Python's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FsError {
    /// No such file or directory (`ENOENT`).
    NotFound,
    /// It already exists (`EEXIST`).
    Exists,
    /// It is a directory (`EISDIR`).
    IsDir,
    /// A part of the path is not a directory (`ENOTDIR`).
    NotDir,
    /// The directory is not empty (`ENOTEMPTY`).
    NotEmpty,
    /// Outside the workspace, or refused by the host (`EACCES`).
    Permission,
    /// Anything else, in the host's words.
    Other(String),
    /// The path has a NUL character in it (a `ValueError` in Python).
    NulInPath,
}

/// A path as Python's `repr` shows it.
pub fn py_quote(s: &str) -> String {
    if s.contains('\'') && !s.contains('"') {
        format!("\"{s}\"")
    } else {
        format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

/// What is at a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A file of this many bytes.
    File(u64),
    /// A directory.
    Dir,
}

/// A program's workspace folder. Paths given to it are already resolved
/// by [`resolve`]: relative to the workspace, `/`-separated, without `.`
/// or `..`; `""` is the workspace itself.
pub trait FileSystem: fmt::Debug {
    /// The absolute path the program sees as the workspace (what
    /// `os.getcwd()` returns); absolute paths under it are accepted.
    fn root(&self) -> String;
    /// What is at `path`, if anything.
    fn kind(&self, path: &str) -> Option<Kind>;
    /// The whole content of the file at `path`.
    ///
    /// # Errors
    ///
    /// [`FsError::NotFound`], [`FsError::IsDir`], …
    fn read(&self, path: &str) -> Result<Vec<u8>, FsError>;
    /// Creates or replaces the file at `path` with `data`; its directory
    /// must exist.
    ///
    /// # Errors
    ///
    /// [`FsError::NotFound`] for a missing directory, [`FsError::IsDir`].
    fn write(&self, path: &str, data: &[u8]) -> Result<(), FsError>;
    /// The names in the directory at `path`, sorted.
    ///
    /// # Errors
    ///
    /// [`FsError::NotFound`], [`FsError::NotDir`].
    fn list(&self, path: &str) -> Result<Vec<String>, FsError>;
    /// Removes the file at `path`.
    ///
    /// # Errors
    ///
    /// [`FsError::NotFound`], [`FsError::IsDir`].
    fn remove_file(&self, path: &str) -> Result<(), FsError>;
    /// Removes the empty directory at `path`.
    ///
    /// # Errors
    ///
    /// [`FsError::NotFound`], [`FsError::NotDir`], [`FsError::NotEmpty`].
    fn remove_dir(&self, path: &str) -> Result<(), FsError>;
    /// Moves `from` to `to`, replacing a file there.
    ///
    /// # Errors
    ///
    /// [`FsError::NotFound`], [`FsError::IsDir`], …
    fn rename(&self, from: &str, to: &str) -> Result<(), FsError>;
    /// Makes the directory `path`; its parent must exist.
    ///
    /// # Errors
    ///
    /// [`FsError::Exists`], [`FsError::NotFound`].
    fn mkdir(&self, path: &str) -> Result<(), FsError>;
}

/// Resolves the path a program wrote against the workspace `fs`: `a/./b`,
/// `a/../b`, `/workspace/b` (under the root) are fine; anything that
/// leaves the workspace is a `PermissionError` naming the path (CPython's
/// words; the workspace is all a program can reach).
///
/// # Errors
///
/// [`FsError::Permission`] for a path outside the workspace;
/// [`FsError::NulInPath`] for an embedded NUL.
pub fn resolve(fs: &dyn FileSystem, path: &str) -> Result<String, FsError> {
    if path.contains('\0') {
        return Err(FsError::NulInPath);
    }
    let root = fs.root();
    let rel = if let Some(abs) = path.strip_prefix('/') {
        let root_rel = root.trim_matches('/');
        let abs = abs.trim_end_matches('/');
        if abs == root_rel {
            ""
        } else {
            match abs.strip_prefix(root_rel).and_then(|r| r.strip_prefix('/')) {
                Some(r) if !root_rel.is_empty() => r,
                _ => return Err(FsError::Permission),
            }
        }
    } else {
        path
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in rel.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(FsError::Permission);
                }
            }
            p => parts.push(p),
        }
    }
    Ok(parts.join("/"))
}

/// The directory part of a resolved path (`""` for the workspace).
pub fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(p, _)| p)
}

/// An in-memory workspace.
#[derive(Debug, Default)]
pub struct MemoryFs {
    root: String,
    nodes: RefCell<BTreeMap<String, Node>>,
}

#[derive(Clone, Debug)]
enum Node {
    File(Vec<u8>),
    Dir,
}

impl MemoryFs {
    /// An empty workspace shown to programs as `/workspace`.
    pub fn new() -> MemoryFs {
        MemoryFs {
            root: "/workspace".into(),
            nodes: RefCell::new(BTreeMap::new()),
        }
    }

    /// A workspace holding `files` (`path`, content); their directories
    /// are made as needed. Paths are resolved as a program's would be;
    /// ones that leave the workspace are skipped.
    pub fn with_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a [u8])>) -> MemoryFs {
        let fs = MemoryFs::new();
        for (path, data) in files {
            let Ok(p) = resolve(&fs, path) else { continue };
            if p.is_empty() {
                continue;
            }
            let mut dir = String::new();
            for part in parent(&p).split('/').filter(|s| !s.is_empty()) {
                if !dir.is_empty() {
                    dir.push('/');
                }
                dir.push_str(part);
                fs.nodes
                    .borrow_mut()
                    .entry(dir.clone())
                    .or_insert(Node::Dir);
            }
            fs.nodes.borrow_mut().insert(p, Node::File(data.to_vec()));
        }
        fs
    }

    /// Every file, with its content, sorted by path (directories are
    /// implied by the paths; empty ones are listed with a trailing `/`
    /// and no content).
    pub fn files(&self) -> Vec<(String, Vec<u8>)> {
        let nodes = self.nodes.borrow();
        let mut out = Vec::new();
        for (path, node) in nodes.iter() {
            match node {
                Node::File(data) => out.push((path.clone(), data.clone())),
                Node::Dir => {
                    let prefix = format!("{path}/");
                    let empty = nodes
                        .range(prefix.clone()..)
                        .next()
                        .is_none_or(|(k, _)| !k.starts_with(&prefix));
                    if empty {
                        out.push((prefix, Vec::new()));
                    }
                }
            }
        }
        out
    }

    fn dir_exists(&self, path: &str) -> Result<(), FsError> {
        if path.is_empty() {
            return Ok(());
        }
        match self.nodes.borrow().get(path) {
            Some(Node::Dir) => Ok(()),
            Some(Node::File(_)) => Err(FsError::NotDir),
            None => Err(FsError::NotFound),
        }
    }
}

impl FileSystem for MemoryFs {
    fn root(&self) -> String {
        self.root.clone()
    }

    fn kind(&self, path: &str) -> Option<Kind> {
        if path.is_empty() {
            return Some(Kind::Dir);
        }
        match self.nodes.borrow().get(path)? {
            Node::File(d) => Some(Kind::File(d.len() as u64)),
            Node::Dir => Some(Kind::Dir),
        }
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, FsError> {
        if path.is_empty() {
            return Err(FsError::IsDir);
        }
        self.dir_exists(parent(path))?;
        match self.nodes.borrow().get(path) {
            Some(Node::File(d)) => Ok(d.clone()),
            Some(Node::Dir) => Err(FsError::IsDir),
            None => Err(FsError::NotFound),
        }
    }

    fn write(&self, path: &str, data: &[u8]) -> Result<(), FsError> {
        if path.is_empty() {
            return Err(FsError::IsDir);
        }
        self.dir_exists(parent(path))?;
        let mut nodes = self.nodes.borrow_mut();
        if let Some(Node::Dir) = nodes.get(path) {
            return Err(FsError::IsDir);
        }
        nodes.insert(path.to_string(), Node::File(data.to_vec()));
        Ok(())
    }

    fn list(&self, path: &str) -> Result<Vec<String>, FsError> {
        self.dir_exists(path)?;
        let prefix = if path.is_empty() {
            String::new()
        } else {
            format!("{path}/")
        };
        let nodes = self.nodes.borrow();
        Ok(nodes
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter_map(|(k, _)| {
                let rest = &k[prefix.len()..];
                (!rest.is_empty() && !rest.contains('/')).then(|| rest.to_string())
            })
            .collect())
    }

    fn remove_file(&self, path: &str) -> Result<(), FsError> {
        self.dir_exists(parent(path))?;
        let mut nodes = self.nodes.borrow_mut();
        match nodes.get(path) {
            Some(Node::File(_)) => {
                nodes.remove(path);
                Ok(())
            }
            Some(Node::Dir) => Err(FsError::IsDir),
            None if path.is_empty() => Err(FsError::IsDir),
            None => Err(FsError::NotFound),
        }
    }

    fn remove_dir(&self, path: &str) -> Result<(), FsError> {
        if path.is_empty() {
            return Err(FsError::Permission);
        }
        if !self.list(path)?.is_empty() {
            return Err(FsError::NotEmpty);
        }
        self.nodes.borrow_mut().remove(path);
        Ok(())
    }

    fn rename(&self, from: &str, to: &str) -> Result<(), FsError> {
        if from.is_empty() || to.is_empty() {
            return Err(FsError::Permission);
        }
        self.dir_exists(parent(from))?;
        let kind = self.kind(from).ok_or(FsError::NotFound)?;
        self.dir_exists(parent(to))?;
        match (kind, self.kind(to)) {
            (Kind::File(_), Some(Kind::Dir)) => return Err(FsError::IsDir),
            (Kind::Dir, Some(Kind::File(_))) => return Err(FsError::NotDir),
            (Kind::Dir, Some(Kind::Dir)) if !self.list(to)?.is_empty() => {
                return Err(FsError::NotEmpty)
            }
            (Kind::Dir, _) if to.starts_with(&format!("{from}/")) => {
                return Err(FsError::Other("Invalid argument".into()))
            }
            _ => {}
        }
        let mut nodes = self.nodes.borrow_mut();
        let prefix = format!("{from}/");
        let moved: Vec<String> = nodes
            .keys()
            .filter(|k| *k == from || k.starts_with(&prefix))
            .cloned()
            .collect();
        for k in moved {
            if let Some(node) = nodes.remove(&k) {
                let new = format!("{to}{}", &k[from.len()..]);
                nodes.insert(new, node);
            }
        }
        Ok(())
    }

    fn mkdir(&self, path: &str) -> Result<(), FsError> {
        if self.kind(path).is_some() {
            return Err(FsError::Exists);
        }
        self.dir_exists(parent(path))?;
        self.nodes.borrow_mut().insert(path.to_string(), Node::Dir);
        Ok(())
    }
}

/// A workspace that is a real directory.
#[derive(Debug)]
pub struct DirFs {
    root: PathBuf,
}

impl DirFs {
    /// The workspace `root` (which should exist).
    pub fn new(root: impl Into<PathBuf>) -> DirFs {
        DirFs { root: root.into() }
    }

    fn at(&self, path: &str) -> PathBuf {
        if path.is_empty() {
            self.root.clone()
        } else {
            self.root.join(path)
        }
    }
}

fn io_error(e: &std::io::Error) -> FsError {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::NotFound => FsError::NotFound,
        K::AlreadyExists => FsError::Exists,
        K::PermissionDenied => FsError::Permission,
        K::IsADirectory => FsError::IsDir,
        K::NotADirectory => FsError::NotDir,
        K::DirectoryNotEmpty => FsError::NotEmpty,
        _ => FsError::Other(e.to_string()),
    }
}

impl FileSystem for DirFs {
    fn root(&self) -> String {
        self.root.to_string_lossy().into_owned()
    }

    fn kind(&self, path: &str) -> Option<Kind> {
        let m = std::fs::metadata(self.at(path)).ok()?;
        Some(if m.is_dir() {
            Kind::Dir
        } else {
            Kind::File(m.len())
        })
    }

    fn read(&self, path: &str) -> Result<Vec<u8>, FsError> {
        if let Some(Kind::Dir) = self.kind(path) {
            return Err(FsError::IsDir);
        }
        std::fs::read(self.at(path)).map_err(|e| io_error(&e))
    }

    fn write(&self, path: &str, data: &[u8]) -> Result<(), FsError> {
        if let Some(Kind::Dir) = self.kind(path) {
            return Err(FsError::IsDir);
        }
        std::fs::write(self.at(path), data).map_err(|e| io_error(&e))
    }

    fn list(&self, path: &str) -> Result<Vec<String>, FsError> {
        if let Some(Kind::File(_)) = self.kind(path) {
            return Err(FsError::NotDir);
        }
        let mut names: Vec<String> = std::fs::read_dir(self.at(path))
            .map_err(|e| io_error(&e))?
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        Ok(names)
    }

    fn remove_file(&self, path: &str) -> Result<(), FsError> {
        if let Some(Kind::Dir) = self.kind(path) {
            return Err(FsError::IsDir);
        }
        std::fs::remove_file(self.at(path)).map_err(|e| io_error(&e))
    }

    fn remove_dir(&self, path: &str) -> Result<(), FsError> {
        if path.is_empty() {
            return Err(FsError::Permission);
        }
        std::fs::remove_dir(self.at(path)).map_err(|e| io_error(&e))
    }

    fn rename(&self, from: &str, to: &str) -> Result<(), FsError> {
        if from.is_empty() || to.is_empty() {
            return Err(FsError::Permission);
        }
        std::fs::rename(self.at(from), self.at(to)).map_err(|e| io_error(&e))
    }

    fn mkdir(&self, path: &str) -> Result<(), FsError> {
        std::fs::create_dir(self.at(path)).map_err(|e| io_error(&e))
    }
}

/// Which workspace a run gets, as plain data (options stay `Send`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Workspace {
    /// A fresh in-memory workspace holding these files (`path`, content).
    Memory(Vec<(String, Vec<u8>)>),
    /// A real directory.
    Dir(PathBuf),
}

impl Default for Workspace {
    fn default() -> Workspace {
        Workspace::Memory(Vec::new())
    }
}

impl Workspace {
    /// The workspace itself.
    pub fn open(&self) -> std::rc::Rc<dyn FileSystem> {
        match self {
            Workspace::Memory(files) => std::rc::Rc::new(MemoryFs::with_files(
                files.iter().map(|(p, d)| (p.as_str(), d.as_slice())),
            )),
            Workspace::Dir(d) => std::rc::Rc::new(DirFs::new(d.clone())),
        }
    }
}

/// The playground's demo workspace (`examples/workspace`): a log file, CSV
/// orders under `data/` and a note; every browser run starts from it.
pub fn demo_workspace() -> Workspace {
    let files: [(&str, &[u8]); 5] = [
        (
            "app.log",
            include_bytes!("../../../examples/workspace/app.log"),
        ),
        (
            "notes.txt",
            include_bytes!("../../../examples/workspace/notes.txt"),
        ),
        (
            "data/orders-1.csv",
            include_bytes!("../../../examples/workspace/data/orders-1.csv"),
        ),
        (
            "data/orders-2.csv",
            include_bytes!("../../../examples/workspace/data/orders-2.csv"),
        ),
        (
            "data/orders-3.csv",
            include_bytes!("../../../examples/workspace/data/orders-3.csv"),
        ),
    ];
    Workspace::Memory(
        files
            .iter()
            .map(|(p, d)| ((*p).to_string(), d.to_vec()))
            .collect(),
    )
}

/// The simulated cost of file operations on the virtual clock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FileSettings {
    /// Latency of every operation, in milliseconds.
    pub op_ms: f64,
    /// Extra latency per KB read or written, in milliseconds (0 unless set:
    /// a run then costs whole milliseconds per operation, as the CPython
    /// reference for the examples simulates).
    pub per_kb_ms: f64,
    /// The chance (0–1) that an operation fails with `OSError: [Errno 5]
    /// Input/output error`.
    pub failure_rate: f64,
}

impl Default for FileSettings {
    fn default() -> FileSettings {
        FileSettings {
            op_ms: 1.0,
            per_kb_ms: 0.0,
            failure_rate: 0.0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_inside_the_workspace_and_never_leave_it() {
        let fs = MemoryFs::new();
        let r = |p: &str| resolve(&fs, p);
        assert_eq!(r("a/./b/../c.txt"), Ok("a/c.txt".into()));
        assert_eq!(r("/workspace/x"), Ok("x".into()));
        assert_eq!(r("/workspace"), Ok(String::new()));
        assert!(r("../x").is_err());
        assert!(r("/etc/passwd").is_err());
        assert!(r("/workspacex/y").is_err());
        assert!(r("a/../../x").is_err());
    }

    #[test]
    fn memory_fs_keeps_files_and_directories() {
        let fs = MemoryFs::with_files([("data/a.txt", b"hi".as_slice())]);
        assert_eq!(fs.kind("data"), Some(Kind::Dir));
        assert_eq!(fs.read("data/a.txt"), Ok(b"hi".to_vec()));
        assert_eq!(fs.write("nope/x", b""), Err(FsError::NotFound));
        assert_eq!(fs.write("data", b""), Err(FsError::IsDir));
        assert_eq!(fs.mkdir("data"), Err(FsError::Exists));
        assert_eq!(fs.remove_dir("data"), Err(FsError::NotEmpty));
        assert_eq!(fs.rename("data", "d2"), Ok(()));
        assert_eq!(fs.list(""), Ok(vec!["d2".to_string()]));
        assert_eq!(fs.list("d2"), Ok(vec!["a.txt".to_string()]));
        assert_eq!(fs.remove_file("d2/a.txt"), Ok(()));
        assert_eq!(fs.files(), vec![("d2/".to_string(), Vec::new())]);
    }
}
