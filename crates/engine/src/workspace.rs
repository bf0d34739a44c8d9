//! A run's files and databases as the page sees them: the workspace it
//! starts from (the demo files, or what the page kept), and what it left
//! behind (files, and each database's tables with their first rows).

use looplab_protocol::{WorkspaceFile, MAX_WORKSPACE};
use looplab_script::fs::{demo_workspace, FileSystem, MemoryFs, Workspace};
use looplab_script::modules::asyncpg::SqlBackend;
use looplab_sql::{Request, Response, SqlValue};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

/// Rows of each table the page is shown.
pub const SAMPLE_ROWS: usize = 50;

/// The workspace a run starts from: `files` as the page sent them, or
/// the demo workspace.
pub fn start(files: Option<Vec<WorkspaceFile>>) -> Rc<MemoryFs> {
    let files = match files {
        Some(files) => files.into_iter().map(|f| (f.path, f.data)).collect(),
        None => match demo_workspace() {
            Workspace::Memory(files) => files,
            Workspace::Dir(_) => Vec::new(),
        },
    };
    Rc::new(MemoryFs::with_files(
        files.iter().map(|(p, d)| (p.as_str(), d.as_slice())),
    ))
}

/// Where a database is kept in the workspace between runs.
pub fn database_file(db: &str) -> String {
    format!("databases/{db}.sqlite")
}

/// A SQL engine that remembers which databases the program opened, and
/// opens one from the workspace's `databases/NAME.sqlite` when it is there
/// (what the page kept from an earlier run, or a file the user uploaded).
#[derive(Debug)]
pub struct Recorder {
    inner: Rc<dyn SqlBackend>,
    fs: Rc<MemoryFs>,
    opened: RefCell<BTreeSet<String>>,
}

impl Recorder {
    /// Records what goes to `inner`; databases are kept in `fs`.
    pub fn new(inner: Rc<dyn SqlBackend>, fs: Rc<MemoryFs>) -> Rc<Recorder> {
        Rc::new(Recorder {
            inner,
            fs,
            opened: RefCell::default(),
        })
    }
}

impl SqlBackend for Recorder {
    fn handle(&self, request: Request) -> Response {
        if let Request::Open { db, .. } = &request {
            let first = self.opened.borrow_mut().insert(db.clone());
            if first {
                if let Ok(image) = self.fs.read(&database_file(db)) {
                    let imported = self.inner.handle(Request::Import {
                        db: db.clone(),
                        image,
                    });
                    if let Response::Err(e) = imported {
                        return Response::Err(e);
                    }
                }
            }
        }
        self.inner.handle(request)
    }
}

/// What a run left behind, for the page.
#[derive(Debug, Default)]
pub struct After {
    /// The workspace's files (up to [`MAX_WORKSPACE`] bytes in all).
    pub files: Vec<WorkspaceFile>,
    /// The databases, as JSON (see `looplab_protocol::RunEnd`).
    pub databases: String,
}

/// The files of `fs` and the databases `sql` opened; each of those is
/// saved into the workspace first, as `databases/NAME.sqlite` (a database
/// left inside a transaction is rolled back, as closing its connection
/// would).
pub fn after(fs: &MemoryFs, sql: Option<&Recorder>) -> After {
    if let Some(sql) = sql {
        save_databases(fs, sql);
    }
    let mut budget = MAX_WORKSPACE;
    let mut files = Vec::new();
    for (path, data) in fs.files() {
        if data.len() > budget {
            continue;
        }
        budget -= data.len();
        files.push(WorkspaceFile { path, data });
    }
    let databases = sql.map(databases_json).unwrap_or_default();
    After { files, databases }
}

fn save_databases(fs: &MemoryFs, sql: &Recorder) {
    let names: Vec<String> = sql.opened.borrow().iter().cloned().collect();
    for db in names {
        let mut image = sql.inner.handle(Request::Export { db: db.clone() });
        if matches!(image, Response::Err(_)) {
            let _ = sql.inner.handle(Request::Execute {
                db: db.clone(),
                sql: "ROLLBACK".into(),
                params: Vec::new(),
            });
            image = sql.inner.handle(Request::Export { db: db.clone() });
        }
        if let Response::Image(bytes) = image {
            if fs.kind("databases").is_none() {
                let _ = fs.mkdir("databases");
            }
            let _ = fs.write(&database_file(&db), &bytes);
        }
    }
}

fn json_value(v: &SqlValue) -> serde_json::Value {
    match v {
        SqlValue::Null => serde_json::Value::Null,
        SqlValue::Bool(b) => (*b).into(),
        SqlValue::Int(i) => (*i).into(),
        SqlValue::Float(f) => serde_json::Number::from_f64(*f)
            .map(serde_json::Value::Number)
            .unwrap_or_else(|| f.to_string().into()),
        SqlValue::Text(s) => s.clone().into(),
        SqlValue::Bytes(b) => format!("<{} bytes>", b.len()).into(),
    }
}

fn databases_json(sql: &Recorder) -> String {
    let names: Vec<String> = sql.opened.borrow().iter().cloned().collect();
    if names.is_empty() {
        return String::new();
    }
    let mut out = Vec::new();
    for db in names {
        let tables = match sql.inner.handle(Request::Tables { db: db.clone() }) {
            Response::Tables(t) => t,
            _ => Vec::new(),
        };
        let mut listed = Vec::new();
        for t in tables {
            let quoted = format!("\"{}\"", t.name.replace('"', "\"\""));
            let sample = match sql.inner.handle(Request::Execute {
                db: db.clone(),
                sql: format!("SELECT * FROM {quoted} LIMIT {SAMPLE_ROWS}"),
                params: Vec::new(),
            }) {
                Response::Ok(r) => serde_json::json!({
                    "columns": r.columns.iter().map(|c| c.name.clone()).collect::<Vec<_>>(),
                    "rows": r.rows.iter().map(|row| row.iter().map(json_value).collect::<Vec<_>>()).collect::<Vec<_>>(),
                }),
                _ => serde_json::json!({"columns": [], "rows": []}),
            };
            listed.push(serde_json::json!({
                "name": t.name,
                "columns": t.columns.iter().map(|c| serde_json::json!({
                    "name": c.name, "type": c.decl_type, "not_null": c.not_null, "primary_key": c.primary_key,
                })).collect::<Vec<_>>(),
                "rows": t.rows,
                "sample": sample,
            }));
        }
        out.push(serde_json::json!({"name": db, "tables": listed}));
    }
    serde_json::Value::Array(out).to_string()
}
