//! `asyncpg`, as the seeds and tutorials use it, over a real SQL engine
//! (SQLite behind [`SqlBackend`], PostgreSQL's spellings, messages and
//! command tags from `looplab-sql`).
//!
//! What a program sees:
//! - `connect(...)` and `create_pool(...)` (awaitable; a pool is also an
//!   async context manager); the database is `database=` or the DSN's
//!   path, `demo` (preloaded with the mock API's users, posts and
//!   comments) when neither names one.
//! - `Connection`: `execute` (the command tag), `executemany`, `fetch`,
//!   `fetchrow`, `fetchval`, `transaction()` (nested ones are savepoints),
//!   `close`, `is_closed`.
//! - `Pool`: `acquire()` (awaitable and async context manager), `release`,
//!   `close`, `terminate`, the query methods, and its sizes.
//! - `Record`, and asyncpg's exception classes.
//!
//! What the trace shows: every query is a `database` wait on its
//! connection (a `Connection` resource held by the task using it) with the
//! statement as its note; a pool is a core [`looplab_core::Pool`] (size,
//! idle, waiters); a transaction holds its database's lock from `BEGIN` to
//! `COMMIT`, so it shows as a span, and other connections' statements wait
//! for it — transactions are serializable here.

use super::{func, module};
use crate::exc::Exc;
use crate::gen::awaitable;
use crate::interp::{Interp, LocalFuture};
use crate::value::bound;
use crate::value::*;
use looplab_core::trace::{EventKind, ResourceId, ResourceKind, WaitKind};
use looplab_sql::{QueryResult, Request, Response, SqlError, SqlValue};
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::rc::Rc;

/// Where queries go: the SQL engine, given requests as plain data.
pub trait SqlBackend: fmt::Debug {
    /// Serves one request.
    fn handle(&self, request: Request) -> Response;
}

/// Makes a run's SQL engine (a plain function, so options stay `Send`).
pub type SqlBackendFactory = fn() -> Rc<dyn SqlBackend>;

/// The simulated cost of database work on the run's clock.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DbSettings {
    /// Milliseconds per query.
    pub latency_ms: f64,
    /// Milliseconds of uniform jitter, plus or minus.
    pub jitter_ms: f64,
    /// Milliseconds to open a connection.
    pub connect_ms: f64,
    /// The chance (0–1) that a query loses its connection
    /// (`ConnectionDoesNotExistError`).
    pub failure_rate: f64,
}

impl Default for DbSettings {
    fn default() -> DbSettings {
        DbSettings {
            latency_ms: 5.0,
            jitter_ms: 0.0,
            connect_ms: 20.0,
            failure_rate: 0.0,
        }
    }
}

/// A run's databases: the engine, what it costs, and per-database state.
#[derive(Debug, Default)]
pub struct DbWorld {
    backend: Option<Rc<dyn SqlBackend>>,
    settings: DbSettings,
    next_conn: Cell<u64>,
    opened: RefCell<HashSet<String>>,
    locks: RefCell<HashMap<String, looplab_core::Lock>>,
}

impl DbWorld {
    /// A world over `backend` (none: `connect` explains there is no
    /// database in this host).
    pub fn new(backend: Option<Rc<dyn SqlBackend>>, settings: DbSettings) -> DbWorld {
        DbWorld {
            backend,
            settings,
            ..DbWorld::default()
        }
    }

    /// What queries cost.
    pub fn settings(&self) -> DbSettings {
        self.settings
    }

    fn handle(&self, request: Request) -> Result<QueryResult, Exc> {
        let Some(b) = &self.backend else {
            return Err(Exc::of(
                "InterfaceError",
                "this host has no database engine (Looplab's SQL module did not load)",
            ));
        };
        b.handle(request).into_result().map_err(|e| sql_exc(&e))
    }

    fn lock(&self, db: &str) -> looplab_core::Lock {
        self.locks
            .borrow_mut()
            .entry(db.to_string())
            .or_insert_with(|| looplab_core::Lock::named(format!("db {db}")))
            .clone()
    }
}

/// The asyncpg exception for `e`: `str(e)` is the message with its
/// `DETAIL:` and `HINT:` lines, as asyncpg's; the fields are attributes.
fn sql_exc(e: &SqlError) -> Exc {
    let x = Exc::of(e.exception_name(), e.message.clone());
    *x.state().shown.borrow_mut() = Some(e.display_text().into());
    {
        let mut d = x.0.dict.borrow_mut();
        let opt = |v: &Option<String>| v.as_deref().map(Value::str).unwrap_or(Value::None);
        d.insert("message".into(), Value::str(e.message.as_str()));
        d.insert(
            "sqlstate".into(),
            e.sqlstate().map(Value::str).unwrap_or(Value::None),
        );
        d.insert("detail".into(), opt(&e.detail));
        d.insert("hint".into(), opt(&e.hint));
        d.insert("schema_name".into(), opt(&e.schema_name));
        d.insert("table_name".into(), opt(&e.table_name));
        d.insert("column_name".into(), opt(&e.column_name));
        d.insert("constraint_name".into(), opt(&e.constraint_name));
    }
    x
}

fn interface(msg: impl Into<Rc<str>>) -> Exc {
    Exc::of("InterfaceError", msg)
}

// ------------------------------------------------------------- connection

/// One server connection.
#[derive(Debug)]
struct Conn {
    id: u64,
    db: String,
    world: Rc<DbWorld>,
    resource: Option<ResourceId>,
    closed: Cell<bool>,
    busy: Cell<bool>,
    /// Open transactions, outermost first; the outermost holds the lock.
    tx_depth: Cell<u32>,
    guard: RefCell<Option<looplab_core::LockGuard>>,
}

impl Conn {
    fn label(&self) -> String {
        format!("conn {}", self.id)
    }

    /// Rolls back a transaction left open (a connection closed or given
    /// back to its pool inside one) and lets go of the database.
    fn abandon_transaction(&self) {
        if self.tx_depth.get() > 0 {
            let _ = self.world.handle(Request::Execute {
                db: self.db.clone(),
                sql: "ROLLBACK".into(),
                params: Vec::new(),
            });
            self.tx_depth.set(0);
        }
        self.guard.borrow_mut().take();
    }
}

fn millis(ms: f64) -> std::time::Duration {
    looplab_core::duration_from_secs(ms.max(0.0) / 1000.0)
}

async fn open_conn(interp: Rc<Interp>, world: Rc<DbWorld>, db: String) -> Result<Rc<Conn>, Exc> {
    let id = world.next_conn.get() + 1;
    world.next_conn.set(id);
    note(&interp, format!("connect {db} · conn {id}"));
    looplab_core::busy_for(millis(world.settings.connect_ms), WaitKind::Database, None)
        .await
        .map_err(Exc::from)?;
    if !world.opened.borrow().contains(&db) {
        world.handle(Request::Open {
            db: db.clone(),
            demo: db == "demo",
        })?;
        world.opened.borrow_mut().insert(db.clone());
    }
    let resource = interp.runtime().map(|rt| {
        rt.new_resource(
            ResourceKind::Connection,
            Some(format!("conn {id}").into()),
            None,
        )
    });
    Ok(Rc::new(Conn {
        id,
        db,
        world,
        resource,
        closed: Cell::new(false),
        busy: Cell::new(false),
        tx_depth: Cell::new(0),
        guard: RefCell::new(None),
    }))
}

fn note(interp: &Interp, text: String) {
    if let (Some(rt), Some(task)) = (interp.runtime(), looplab_core::current_task()) {
        rt.record(EventKind::TaskNote {
            task,
            text: text.into(),
        });
    }
}

fn hold(conn: &Conn, acquired: bool) {
    if let (Some(r), Some(rt)) = (conn.resource, looplab_core::Handle::try_current()) {
        let task = looplab_core::current_task();
        rt.record(if acquired {
            EventKind::Acquired { resource: r, task }
        } else {
            EventKind::Released { resource: r, task }
        });
    }
}

/// A statement's text for a note: one line, at most 60 characters.
fn short_sql(sql: &str) -> String {
    let one: String = sql.split_whitespace().collect::<Vec<_>>().join(" ");
    if one.chars().count() > 60 {
        format!("{}…", one.chars().take(59).collect::<String>())
    } else {
        one
    }
}

/// What a query asks of the engine.
enum Work {
    One(String, Vec<SqlValue>),
    Many(String, Vec<Vec<SqlValue>>),
}

/// Runs `work` on `conn`: waits for the database if another connection's
/// transaction holds it, then the query's latency, then the engine.
async fn query(interp: Rc<Interp>, conn: Rc<Conn>, work: Work) -> Result<QueryResult, Exc> {
    if conn.closed.get() {
        return Err(interface("connection is closed"));
    }
    if conn.busy.get() {
        return Err(interface(
            "cannot perform operation: another operation is in progress",
        ));
    }
    conn.busy.set(true);
    let result = query_inner(&interp, &conn, work).await;
    conn.busy.set(false);
    result
}

async fn query_inner(interp: &Rc<Interp>, conn: &Rc<Conn>, work: Work) -> Result<QueryResult, Exc> {
    let world = conn.world.clone();
    // Outside a transaction a statement takes the database for its own
    // duration; inside one the transaction already holds it.
    let _guard = if conn.tx_depth.get() == 0 {
        Some(world.lock(&conn.db).acquire().await.map_err(Exc::from)?)
    } else {
        None
    };
    let sql = match &work {
        Work::One(s, _) | Work::Many(s, _) => s.clone(),
    };
    note(interp, format!("{} · {}", short_sql(&sql), conn.label()));
    let s = world.settings;
    let u = interp.io_random() * 2.0 - 1.0;
    looplab_core::busy_for(
        millis(s.latency_ms + s.jitter_ms * u),
        WaitKind::Database,
        conn.resource,
    )
    .await
    .map_err(Exc::from)?;
    if s.failure_rate > 0.0 && interp.io_random() < s.failure_rate {
        conn.closed.set(true);
        conn.guard.borrow_mut().take();
        return Err(Exc::of(
            "ConnectionDoesNotExistError",
            "connection was closed in the middle of operation",
        ));
    }
    let db = conn.db.clone();
    world.handle(match work {
        Work::One(sql, params) => Request::Execute { db, sql, params },
        Work::Many(sql, rows) => Request::ExecuteMany { db, sql, rows },
    })
}

fn to_sql(interp: &Interp, v: &Value, n: usize) -> Result<SqlValue, Exc> {
    Ok(match v {
        Value::None => SqlValue::Null,
        Value::Bool(b) => SqlValue::Bool(*b),
        Value::Int(i) => SqlValue::Int(*i),
        Value::Float(f) => SqlValue::Float(*f),
        Value::Str(s) => SqlValue::Text(s.to_string()),
        Value::Bytes(b) => SqlValue::Bytes(b.to_vec()),
        other => {
            return Err(Exc::of(
                "DataError",
                format!(
                    "invalid input for query argument ${n}: {} (Looplab's asyncpg takes None, bool, int, float, str and bytes)",
                    interp.repr(other)?
                ),
            ))
        }
    })
}

fn from_sql(v: &SqlValue) -> Value {
    match v {
        SqlValue::Null => Value::None,
        SqlValue::Bool(b) => Value::Bool(*b),
        SqlValue::Int(i) => Value::Int(*i),
        SqlValue::Float(f) => Value::Float(*f),
        SqlValue::Text(s) => Value::str(s.as_str()),
        SqlValue::Bytes(b) => Value::Bytes(b.as_slice().into()),
    }
}

fn records(r: &QueryResult) -> Vec<Value> {
    let names: Rc<[Rc<str>]> = r
        .columns
        .iter()
        .map(|c| Rc::from(c.name.as_str()))
        .collect();
    r.rows
        .iter()
        .map(|row| {
            Value::Native(Rc::new(Record {
                names: names.clone(),
                values: row.iter().map(from_sql).collect(),
            }))
        })
        .collect()
}

/// A Python `Connection`: a connection, or a pool's proxy for one (which
/// stops working once released).
#[derive(Debug)]
struct ConnObj {
    conn: Rc<Conn>,
    /// For a pool's connection: whether it went back to the pool.
    released: Option<Cell<bool>>,
}

impl ConnObj {
    fn usable(&self, method: &str) -> Result<Rc<Conn>, Exc> {
        if self.released.as_ref().is_some_and(Cell::get) {
            return Err(interface(format!(
                "cannot call Connection.{method}(): connection has been released back to the pool"
            )));
        }
        Ok(self.conn.clone())
    }
}

fn conn_arg<'a>(a: &'a Args, method: &str) -> Result<(&'a ConnObj, Rc<Conn>), Exc> {
    let c = a
        .pos
        .first()
        .and_then(native_ref::<ConnObj>)
        .ok_or_else(|| Exc::type_error("expected an asyncpg Connection"))?;
    let conn = c.usable(method)?;
    Ok((c, conn))
}

fn sql_args(
    interp: &Interp,
    a: &Args,
    from: usize,
    method: &str,
) -> Result<(String, Vec<SqlValue>), Exc> {
    let sql = match a.pos.get(from) {
        Some(Value::Str(s)) => s.to_string(),
        Some(other) => {
            return Err(Exc::type_error(format!(
                "{method}() argument 'query' must be str, not {}",
                other.type_name()
            )))
        }
        None => {
            return Err(Exc::type_error(format!(
                "{method}() missing 1 required positional argument: 'query'"
            )))
        }
    };
    let params = a.pos[from + 1..]
        .iter()
        .enumerate()
        .map(|(i, v)| to_sql(interp, v, i + 1))
        .collect::<Result<Vec<_>, Exc>>()?;
    Ok((sql, params))
}

/// What the query methods return, from a result.
#[derive(Clone, Copy)]
enum Shape {
    Status,
    Rows,
    Row,
    Val(usize),
    Nothing,
}

fn shaped(r: &QueryResult, shape: Shape) -> Result<Value, Exc> {
    Ok(match shape {
        Shape::Status => Value::str(r.status.as_str()),
        Shape::Rows => Value::list(records(r)),
        Shape::Row => records(r).into_iter().next().unwrap_or(Value::None),
        Shape::Val(col) => match r.rows.first() {
            None => Value::None,
            Some(row) => match row.get(col) {
                Some(v) => from_sql(v),
                None => return Err(Exc::of("IndexError", "the index is out of range")),
            },
        },
        Shape::Nothing => Value::None,
    })
}

fn column_kw(a: &mut Args) -> Result<usize, Exc> {
    match a.take_kw("column") {
        None => Ok(0),
        Some(v) => v
            .as_int()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| Exc::type_error("column must be a non-negative int")),
    }
}

fn timeout_kw(a: &mut Args) {
    a.take_kw("timeout");
    a.take_kw("record_class");
}

/// Takes a query method's keywords: `timeout` (ignored: queries take the
/// simulated time they take) and, for `fetchval`, `column`.
fn query_kw(a: &mut Args, shape: Shape) -> Result<Shape, Exc> {
    timeout_kw(a);
    Ok(match shape {
        Shape::Val(_) => Shape::Val(column_kw(a)?),
        s => s,
    })
}

/// One of the query methods on a connection.
fn conn_query(
    interp: &Interp,
    mut a: Args,
    method: &'static str,
    shape: Shape,
) -> Result<Value, Exc> {
    let shape = query_kw(&mut a, shape)?;
    let (_, conn) = conn_arg(&a, method)?;
    let (sql, params) = sql_args(interp, &a, 1, method)?;
    let me = interp.rc();
    Ok(awaitable("query", async move {
        let r = query(me, conn, Work::One(sql, params)).await?;
        shaped(&r, shape)
    }))
}

fn many_rows(interp: &Interp, v: Option<&Value>) -> Result<Vec<Vec<SqlValue>>, Exc> {
    let v = v.ok_or_else(|| {
        Exc::type_error("executemany() missing 1 required positional argument: 'args'")
    })?;
    let mut rows = Vec::new();
    for row in interp.collect(v)? {
        let items = interp.collect(&row)?;
        rows.push(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| to_sql(interp, v, i + 1))
                .collect::<Result<Vec<_>, Exc>>()?,
        );
    }
    Ok(rows)
}

impl Native for ConnObj {
    fn type_name(&self) -> &'static str {
        if self.released.is_some() {
            "PoolConnectionProxy"
        } else {
            "Connection"
        }
    }
    fn repr(&self) -> String {
        match self.released {
            Some(_) => format!(
                "<PoolConnectionProxy <asyncpg.connection.Connection object at conn {}>>",
                self.conn.id
            ),
            None => format!(
                "<asyncpg.connection.Connection object at conn {}>",
                self.conn.id
            ),
        }
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "execute" => |i, a| conn_query(i, a, "execute", Shape::Status),
            "fetch" => |i, a| conn_query(i, a, "fetch", Shape::Rows),
            "fetchrow" => |i, a| conn_query(i, a, "fetchrow", Shape::Row),
            "fetchval" => |i, a| conn_query(i, a, "fetchval", Shape::Val(0)),
            "executemany" => |i, mut a| {
                timeout_kw(&mut a);
                let (_, conn) = conn_arg(&a, "executemany")?;
                let sql = match a.pos.get(1) {
                    Some(Value::Str(s)) => s.to_string(),
                    _ => return Err(Exc::type_error("executemany() takes a query string")),
                };
                let rows = many_rows(i, a.pos.get(2))?;
                let me = i.rc();
                Ok(awaitable("executemany", async move {
                    query(me, conn, Work::Many(sql, rows)).await?;
                    Ok(Value::None)
                }))
            },
            "transaction" => |_, a| {
                let (_, conn) = conn_arg(&a, "transaction")?;
                Ok(Value::Native(Rc::new(TxObj {
                    conn,
                    state: Cell::new(TxState::New),
                    depth: Cell::new(0),
                })))
            },
            "is_closed" => |_, a| {
                let c = a
                    .pos
                    .first()
                    .and_then(native_ref::<ConnObj>)
                    .ok_or_else(|| Exc::type_error("expected a Connection"))?;
                Ok(Value::Bool(c.conn.closed.get()))
            },
            "is_in_transaction" => |_, a| {
                let (_, conn) = conn_arg(&a, "is_in_transaction")?;
                Ok(Value::Bool(conn.tx_depth.get() > 0))
            },
            "close" | "terminate" => |i, a| {
                let c = a
                    .pos
                    .first()
                    .and_then(native_ref::<ConnObj>)
                    .ok_or_else(|| Exc::type_error("expected a Connection"))?;
                if c.released.is_some() {
                    // asyncpg: a pool's connection is released, not closed.
                    let conn = c.usable("close")?;
                    let _ = conn;
                    return Err(interface(
                        "cannot call Connection.close(): a connection from a pool is released with pool.release(), not closed",
                    ));
                }
                let conn = c.conn.clone();
                let me = i.rc();
                Ok(awaitable("close", async move {
                    if !conn.closed.get() {
                        conn.abandon_transaction();
                        conn.closed.set(true);
                        note(&me, format!("close · {}", conn.label()));
                        hold(&conn, false);
                    }
                    Ok(Value::None)
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

// ------------------------------------------------------------ transactions

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TxState {
    New,
    Started,
    Committed,
    RolledBack,
    Failed,
}

impl TxState {
    /// asyncpg's complaint about doing `op` in this state, if any.
    fn refuses(self, op: &str) -> Option<Exc> {
        let why = match self {
            TxState::Started if op == "start" => "is already started",
            TxState::Started => return None,
            TxState::New if op == "start" => return None,
            TxState::New => "is not yet started",
            TxState::Committed => "is already committed",
            TxState::RolledBack => "is already rolled back",
            TxState::Failed => "is in error state",
        };
        Some(interface(format!("cannot {op}; the transaction {why}")))
    }
}

/// `conn.transaction()`.
#[derive(Debug)]
struct TxObj {
    conn: Rc<Conn>,
    state: Cell<TxState>,
    depth: Cell<u32>,
}

/// A method's receiver (the first argument) as a `T`, and as the shared
/// native value (for futures that outlive the call).
fn receiver<'a, T: 'static>(a: &'a Args, what: &str) -> Result<(Rc<dyn Native>, &'a T), Exc> {
    if let Some(Value::Native(n)) = a.pos.first() {
        if let Some(t) = n.as_any().downcast_ref::<T>() {
            return Ok((n.clone(), t));
        }
    }
    Err(Exc::type_error(format!("expected {what}")))
}

fn tx_of(a: &Args) -> Result<(Rc<dyn Native>, &TxObj), Exc> {
    receiver(a, "a Transaction")
}

async fn tx_start(interp: Rc<Interp>, this: Rc<dyn Native>) -> Result<Value, Exc> {
    let Some(t) = this.as_any().downcast_ref::<TxObj>() else {
        return Err(Exc::type_error("expected a Transaction"));
    };
    if let Some(e) = t.state.get().refuses("start") {
        return Err(e);
    }
    let conn = t.conn.clone();
    let depth = conn.tx_depth.get();
    let sql = if depth == 0 {
        // The transaction holds its database until it ends.
        let guard = conn
            .world
            .lock(&conn.db)
            .acquire()
            .await
            .map_err(Exc::from)?;
        *conn.guard.borrow_mut() = Some(guard);
        "BEGIN".to_string()
    } else {
        format!("SAVEPOINT looplab_savepoint_{depth}")
    };
    conn.tx_depth.set(depth + 1);
    t.depth.set(depth + 1);
    t.state.set(TxState::Started);
    if let Err(e) = query(interp, conn.clone(), Work::One(sql, Vec::new())).await {
        conn.tx_depth.set(depth);
        if depth == 0 {
            conn.guard.borrow_mut().take();
        }
        t.state.set(TxState::Failed);
        return Err(e);
    }
    Ok(Value::None)
}

async fn tx_end(interp: Rc<Interp>, this: Rc<dyn Native>, commit: bool) -> Result<Value, Exc> {
    let Some(t) = this.as_any().downcast_ref::<TxObj>() else {
        return Err(Exc::type_error("expected a Transaction"));
    };
    if let Some(e) = t
        .state
        .get()
        .refuses(if commit { "commit" } else { "rollback" })
    {
        return Err(e);
    }
    let conn = t.conn.clone();
    let depth = t.depth.get();
    let sql = match (depth, commit) {
        (1, true) => "COMMIT".to_string(),
        (1, false) => "ROLLBACK".to_string(),
        (d, true) => format!("RELEASE SAVEPOINT looplab_savepoint_{}", d - 1),
        (d, false) => format!(
            "ROLLBACK TO SAVEPOINT looplab_savepoint_{0}; RELEASE SAVEPOINT looplab_savepoint_{0}",
            d - 1
        ),
    };
    let r = query(interp, conn.clone(), Work::One(sql, Vec::new())).await;
    t.state.set(match (&r, commit) {
        (Err(_), _) => TxState::Failed,
        (Ok(_), true) => TxState::Committed,
        (Ok(_), false) => TxState::RolledBack,
    });
    conn.tx_depth.set(depth.saturating_sub(1));
    if depth <= 1 {
        conn.guard.borrow_mut().take();
    }
    r.map(|_| Value::None)
}

impl Native for TxObj {
    fn type_name(&self) -> &'static str {
        "Transaction"
    }
    fn repr(&self) -> String {
        let state = match self.state.get() {
            TxState::New => "new",
            TxState::Started => "started",
            TxState::Committed => "committed",
            TxState::RolledBack => "rolledback",
            TxState::Failed => "failed",
        };
        format!("<asyncpg.Transaction state:{state}>")
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "start" => |i, a| {
                let (this, _) = tx_of(&a)?;
                Ok(awaitable("start", tx_start(i.rc(), this)))
            },
            "__aenter__" => |i, a| {
                let (this, _) = tx_of(&a)?;
                Ok(awaitable("__aenter__", tx_start(i.rc(), this)))
            },
            "commit" => |i, a| {
                let (this, _) = tx_of(&a)?;
                Ok(awaitable("commit", tx_end(i.rc(), this, true)))
            },
            "rollback" => |i, a| {
                let (this, _) = tx_of(&a)?;
                Ok(awaitable("rollback", tx_end(i.rc(), this, false)))
            },
            "__aexit__" => |i, a| {
                let (this, _) = tx_of(&a)?;
                let failed = !matches!(a.pos.get(1), None | Some(Value::None));
                let me = i.rc();
                Ok(awaitable("__aexit__", async move {
                    tx_end(me, this, !failed).await?;
                    Ok(Value::Bool(false))
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

// ------------------------------------------------------------------ Record

/// `asyncpg.Record`.
#[derive(Debug)]
struct Record {
    names: Rc<[Rc<str>]>,
    values: Vec<Value>,
}

fn record_of(a: &Args) -> Result<&Record, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<Record>)
        .ok_or_else(|| Exc::type_error("expected a Record"))
}

impl Record {
    fn get(&self, interp: &Interp, key: &Value) -> Result<Option<Value>, Exc> {
        match key {
            Value::Str(k) => Ok(self
                .names
                .iter()
                .position(|n| **n == **k)
                .and_then(|i| self.values.get(i).cloned())),
            Value::Int(i) => {
                let n = self.values.len() as i64;
                let at = if *i < 0 { i + n } else { *i };
                Ok(usize::try_from(at)
                    .ok()
                    .and_then(|at| self.values.get(at).cloned()))
            }
            other => Err(Exc::type_error(format!(
                "Record indices must be integers, slices or strings, not {}",
                interp
                    .repr(other)
                    .map(|_| other.type_name())
                    .unwrap_or_else(|_| other.type_name())
            ))),
        }
    }
}

impl Native for Record {
    fn type_name(&self) -> &'static str {
        "Record"
    }
    fn full_type_name(&self) -> &'static str {
        "asyncpg.protocol.record.Record"
    }
    fn repr(&self) -> String {
        let mut s = String::from("<Record");
        for (n, v) in self.names.iter().zip(&self.values) {
            s.push(' ');
            s.push_str(n);
            s.push('=');
            s.push_str(&crate::format::repr_plain(v));
        }
        s.push('>');
        s
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "__getitem__" => |i, a| {
                let r = record_of(&a)?;
                let key = a.pos.get(1).cloned().unwrap_or(Value::None);
                if crate::builtins::as_slice(&key).is_some() {
                    return i.getitem(&Value::tuple(r.values.clone()), key);
                }
                match r.get(i, &key)? {
                    Some(v) => Ok(v),
                    None => Err(match key {
                        Value::Str(ref k) => Exc::of("KeyError", k.to_string()),
                        _ => Exc::of("IndexError", "record index out of range"),
                    }),
                }
            },
            "get" => |i, a| {
                let r = record_of(&a)?;
                let key = a.pos.get(1).cloned().unwrap_or(Value::None);
                let default = a.pos.get(2).cloned().unwrap_or(Value::None);
                Ok(match &key {
                    Value::Str(_) => r.get(i, &key)?.unwrap_or(default),
                    _ => default,
                })
            },
            "keys" => |_, a| {
                let r = record_of(&a)?;
                Ok(Value::list(
                    r.names.iter().map(|n| Value::Str(n.clone())).collect(),
                ))
            },
            "values" => |_, a| Ok(Value::list(record_of(&a)?.values.clone())),
            "items" => |_, a| {
                let r = record_of(&a)?;
                Ok(Value::list(
                    r.names
                        .iter()
                        .zip(&r.values)
                        .map(|(n, v)| Value::tuple(vec![Value::Str(n.clone()), v.clone()]))
                        .collect(),
                ))
            },
            "__len__" => |_, a| Ok(Value::Int(record_of(&a)?.values.len() as i64)),
            "__eq__" => |i, a| {
                let r = record_of(&a)?;
                let other = match a.pos.get(1) {
                    Some(v @ Value::Native(_)) => match native_ref::<Record>(v) {
                        Some(o) => o.values.clone(),
                        None => return Ok(Value::Bool(false)),
                    },
                    Some(Value::Tuple(t)) => t.to_vec(),
                    _ => return Ok(Value::Bool(false)),
                };
                let mine = Value::tuple(r.values.clone());
                Ok(Value::Bool(i.eq(&mine, &Value::tuple(other))?))
            },
            "__iter__" => |i, a| {
                let values = Value::list(record_of(&a)?.values.clone());
                crate::builtins::iter_value(i, values)
            },
            "__contains__" => |_, a| {
                let r = record_of(&a)?;
                Ok(Value::Bool(match a.pos.get(1) {
                    Some(Value::Str(k)) => r.names.iter().any(|n| **n == **k),
                    _ => false,
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

// -------------------------------------------------------------------- pool

type CorePool = looplab_core::Pool<Rc<Conn>, Exc>;
/// A checked-out connection: the proxy handed out, and the pool's guard.
type CheckedOut = (Rc<dyn Native>, looplab_core::Pooled<Rc<Conn>, Exc>);
/// What ends an [`AwaitCm`]'s `async with`.
type ExitFn = fn(&Interp, Option<&Rc<dyn Native>>, Value) -> Result<(), Exc>;

/// `asyncpg.Pool`.
struct PoolObj {
    pool: CorePool,
    min: usize,
    max: usize,
    /// Checked-out connections: the proxy handed out and the pool's guard.
    out: RefCell<Vec<CheckedOut>>,
    closed: Cell<bool>,
    initialized: Cell<bool>,
}

impl fmt::Debug for PoolObj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<asyncpg.pool.Pool max={}>", self.max)
    }
}

fn pool_of(a: &Args) -> Result<(Rc<dyn Native>, &PoolObj), Exc> {
    receiver(a, "an asyncpg Pool")
}

fn pool_exc(e: looplab_core::PoolError<Exc>) -> Exc {
    match e {
        looplab_core::PoolError::Closed => interface("pool is closed"),
        looplab_core::PoolError::Cancelled(c) => Exc::from(c),
        looplab_core::PoolError::Factory(e) => e,
    }
}

async fn pool_init(this: Rc<dyn Native>) -> Result<Value, Exc> {
    let Some(p) = this.as_any().downcast_ref::<PoolObj>() else {
        return Err(Exc::type_error("expected an asyncpg Pool"));
    };
    if !p.initialized.get() {
        p.initialized.set(true);
        p.pool.fill().await.map_err(pool_exc)?;
    }
    Ok(Value::Native(this.clone()))
}

async fn pool_acquire(this: Rc<dyn Native>) -> Result<Value, Exc> {
    let Some(p) = this.as_any().downcast_ref::<PoolObj>() else {
        return Err(Exc::type_error("expected an asyncpg Pool"));
    };
    if p.closed.get() {
        return Err(interface("pool is closed"));
    }
    let guard = p.pool.checkout().await.map_err(pool_exc)?;
    let conn: Rc<Conn> = (*guard).clone();
    hold(&conn, true);
    let proxy: Rc<dyn Native> = Rc::new(ConnObj {
        conn,
        released: Some(Cell::new(false)),
    });
    p.out.borrow_mut().push((proxy.clone(), guard));
    Ok(Value::Native(proxy))
}

/// Gives `proxy` back to `pool`: an open transaction is rolled back, the
/// proxy stops working.
fn pool_release(interp: &Interp, p: &PoolObj, proxy: &Value) -> Result<(), Exc> {
    let Value::Native(n) = proxy else {
        return Err(interface(format!(
            "Pool.release() received invalid connection: {} is not a member of this pool",
            interp.repr(proxy)?
        )));
    };
    let Some(c) = n.as_any().downcast_ref::<ConnObj>() else {
        return Err(interface(format!(
            "Pool.release() received invalid connection: {} is not a member of this pool",
            interp.repr(proxy)?
        )));
    };
    let at = p.out.borrow().iter().position(|(q, _)| Rc::ptr_eq(q, n));
    if at.is_none() && c.released.as_ref().is_some_and(Cell::get) {
        // Already released: asyncpg does nothing.
        return Ok(());
    }
    let Some(at) = at else {
        return Err(interface(format!(
            "Pool.release() received invalid connection: {} is not a member of this pool",
            n.repr()
        )));
    };
    if let Some(flag) = &c.released {
        flag.set(true);
    }
    let conn = c.conn.clone();
    conn.abandon_transaction();
    hold(&conn, false);
    let (_, guard) = p.out.borrow_mut().remove(at);
    if conn.closed.get() {
        // A broken connection leaves the pool for good.
        let _ = guard.detach();
    } else {
        drop(guard);
    }
    Ok(())
}

/// A pool query method: acquire, run, release.
fn pool_query(
    interp: &Interp,
    mut a: Args,
    method: &'static str,
    shape: Shape,
) -> Result<Value, Exc> {
    let shape = query_kw(&mut a, shape)?;
    let (this, _) = pool_of(&a)?;
    let work = if method == "executemany" {
        let sql = match a.pos.get(1) {
            Some(Value::Str(s)) => s.to_string(),
            _ => return Err(Exc::type_error("executemany() takes a query string")),
        };
        Work::Many(sql, many_rows(interp, a.pos.get(2))?)
    } else {
        let (sql, params) = sql_args(interp, &a, 1, method)?;
        Work::One(sql, params)
    };
    let me = interp.rc();
    Ok(awaitable("query", async move {
        let proxy = pool_acquire(this.clone()).await?;
        let conn = native_ref::<ConnObj>(&proxy)
            .map(|c| c.conn.clone())
            .ok_or_else(|| Exc::type_error("expected a Connection"))?;
        let r = query(me.clone(), conn, work).await;
        if let Some(p) = this.as_any().downcast_ref::<PoolObj>() {
            pool_release(&me, p, &proxy)?;
        }
        shaped(&r?, shape)
    }))
}

impl Native for PoolObj {
    fn type_name(&self) -> &'static str {
        "Pool"
    }
    fn repr(&self) -> String {
        format!(
            "<asyncpg.pool.Pool object (size {}, max {})>",
            self.pool.size(),
            self.max
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "acquire" => |_, a| {
                let (this, _) = pool_of(&a)?;
                Ok(Value::Native(Rc::new(AwaitCm {
                    what: "acquire",
                    fut: RefCell::new(Some(Box::pin(pool_acquire(this.clone())))),
                    entered: RefCell::new(None),
                    owner: Some(this),
                    exit: acquire_exit,
                })))
            },
            "release" => |i, a| {
                let (_, p) = pool_of(&a)?;
                let proxy = a.pos.get(1).cloned().unwrap_or(Value::None);
                let r = pool_release(i, p, &proxy);
                Ok(awaitable("release", async move { r.map(|()| Value::None) }))
            },
            "execute" => |i, a| pool_query(i, a, "execute", Shape::Status),
            "executemany" => |i, a| pool_query(i, a, "executemany", Shape::Nothing),
            "fetch" => |i, a| pool_query(i, a, "fetch", Shape::Rows),
            "fetchrow" => |i, a| pool_query(i, a, "fetchrow", Shape::Row),
            "fetchval" => |i, a| pool_query(i, a, "fetchval", Shape::Val(0)),
            "close" | "terminate" => |_, a| {
                let (this, p) = pool_of(&a)?;
                p.closed.set(true);
                p.pool.close();
                Ok(awaitable("close", async move {
                    let _keep = this;
                    Ok(Value::None)
                }))
            },
            "is_closing" => |_, a| Ok(Value::Bool(pool_of(&a)?.1.closed.get())),
            "get_size" => |_, a| Ok(Value::Int(pool_of(&a)?.1.pool.size() as i64)),
            "get_idle_size" => |_, a| Ok(Value::Int(pool_of(&a)?.1.pool.idle() as i64)),
            "get_min_size" => |_, a| Ok(Value::Int(pool_of(&a)?.1.min as i64)),
            "get_max_size" => |_, a| Ok(Value::Int(pool_of(&a)?.1.max as i64)),
            "__aenter__" => |_, a| {
                let (this, _) = pool_of(&a)?;
                Ok(awaitable("__aenter__", pool_init(this)))
            },
            "__aexit__" => |_, a| {
                let (this, p) = pool_of(&a)?;
                p.closed.set(true);
                p.pool.close();
                Ok(awaitable("__aexit__", async move {
                    let _keep = this;
                    Ok(Value::Bool(false))
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

fn acquire_exit(
    interp: &Interp,
    owner: Option<&Rc<dyn Native>>,
    entered: Value,
) -> Result<(), Exc> {
    match owner.and_then(|o| o.as_any().downcast_ref::<PoolObj>()) {
        Some(p) => {
            let still_out = p
                .out
                .borrow()
                .iter()
                .any(|(q, _)| matches!(&entered, Value::Native(n) if Rc::ptr_eq(q, n)));
            if still_out {
                pool_release(interp, p, &entered)?;
            }
            Ok(())
        }
        None => Ok(()),
    }
}

/// An awaitable that is also an async context manager (`pool.acquire()`,
/// `create_pool(...)`): awaiting it gives the value; `async with` gives
/// the value and runs `exit` with it at the end.
struct AwaitCm {
    what: &'static str,
    fut: RefCell<Option<LocalFuture<'static, Result<Value, Exc>>>>,
    entered: RefCell<Option<Value>>,
    owner: Option<Rc<dyn Native>>,
    exit: ExitFn,
}

impl fmt::Debug for AwaitCm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}>", self.what)
    }
}

impl AwaitCm {
    fn take(&self) -> LocalFuture<'static, Result<Value, Exc>> {
        match self.fut.borrow_mut().take() {
            Some(f) => f,
            None => Box::pin(async {
                Err(Exc::runtime_error("cannot reuse already awaited coroutine"))
            }),
        }
    }
}

/// The future of an awaited `pool.acquire()` or `create_pool(...)`.
pub fn awaitable_of(v: &Value) -> Option<LocalFuture<'static, Result<Value, Exc>>> {
    native_ref::<AwaitCm>(v).map(AwaitCm::take)
}

/// Whether `v` is such an awaitable, not yet awaited.
pub fn is_awaitable(v: &Value) -> bool {
    native_ref::<AwaitCm>(v).is_some_and(|c| c.fut.borrow().is_some())
}

impl Native for AwaitCm {
    fn type_name(&self) -> &'static str {
        match self.what {
            "acquire" => "PoolAcquireContext",
            _ => "Pool",
        }
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "__aenter__" => |_, a| {
                let this = a.pos.first().cloned().unwrap_or(Value::None);
                let cm = native_ref::<AwaitCm>(&this)
                    .ok_or_else(|| Exc::type_error("expected an async context manager"))?;
                let fut = cm.take();
                Ok(awaitable("__aenter__", async move {
                    let v = fut.await?;
                    if let Some(cm) = native_ref::<AwaitCm>(&this) {
                        *cm.entered.borrow_mut() = Some(v.clone());
                    }
                    Ok(v)
                }))
            },
            "__aexit__" => |i, a| {
                let cm = a
                    .pos
                    .first()
                    .and_then(native_ref::<AwaitCm>)
                    .ok_or_else(|| Exc::type_error("expected an async context manager"))?;
                let entered = cm.entered.borrow_mut().take();
                let r = match entered {
                    Some(v) => (cm.exit)(i, cm.owner.as_ref(), v),
                    None => Ok(()),
                };
                Ok(awaitable("__aexit__", async move {
                    r.map(|()| Value::Bool(false))
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

fn pool_cm_exit(interp: &Interp, _owner: Option<&Rc<dyn Native>>, pool: Value) -> Result<(), Exc> {
    let _ = interp;
    if let Some(p) = native_ref::<PoolObj>(&pool) {
        p.closed.set(true);
        p.pool.close();
    }
    Ok(())
}

// ------------------------------------------------------------ connecting

/// The database a `connect`/`create_pool` call names: `database=`, else
/// the DSN's path (`postgresql://u:p@host:5432/shop` → `shop`), else
/// `demo`.
fn database_name(interp: &Interp, a: &mut Args) -> Result<String, Exc> {
    let dsn = match a.take_kw("dsn").or_else(|| a.pos.first().cloned()) {
        None | Some(Value::None) => None,
        Some(v) => Some(interp.str(&v)?),
    };
    for ignored in [
        "user",
        "password",
        "host",
        "port",
        "passfile",
        "ssl",
        "timeout",
        "command_timeout",
        "statement_cache_size",
        "server_settings",
        "loop",
        "max_queries",
        "max_inactive_connection_lifetime",
        "setup",
        "init",
        "connection_class",
        "record_class",
        "max_cached_statement_lifetime",
        "max_cacheable_statement_size",
        "direct_tls",
        "connect_timeout",
    ] {
        a.take_kw(ignored);
    }
    if let Some(v) = a.take_kw("database") {
        if !matches!(v, Value::None) {
            return interp.str(&v);
        }
    }
    if let Some(dsn) = dsn {
        let Some((scheme, rest)) = dsn.split_once("://") else {
            return Err(interface(format!(
                "invalid DSN: scheme is expected to be either \"postgresql\" or \"postgres\", got {dsn:?}"
            )));
        };
        if scheme != "postgresql" && scheme != "postgres" {
            return Err(interface(format!(
                "invalid DSN: scheme is expected to be either \"postgresql\" or \"postgres\", got '{scheme}'"
            )));
        }
        let path = rest.split(['?', '#']).next().unwrap_or("");
        if let Some((_, db)) = path.split_once('/') {
            if !db.is_empty() {
                return Ok(db.to_string());
            }
        }
    }
    Ok("demo".into())
}

fn world(interp: &Interp) -> Rc<DbWorld> {
    interp.db_world()
}

fn connect(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let db = database_name(interp, &mut a)?;
    let me = interp.rc();
    let w = world(interp);
    Ok(awaitable("connect", async move {
        let conn = open_conn(me, w, db).await?;
        hold(&conn, true);
        Ok(Value::Native(Rc::new(ConnObj {
            conn,
            released: None,
        })))
    }))
}

fn create_pool(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let size = |v: Option<Value>, default: i64, what: &str| -> Result<usize, Exc> {
        match v {
            None => Ok(default as usize),
            Some(v) => v
                .as_int()
                .and_then(|n| usize::try_from(n).ok())
                .ok_or_else(|| {
                    Exc::value_error(format!("{what} is expected to be greater or equal to zero"))
                }),
        }
    };
    let min = size(a.take_kw("min_size"), 10, "min_size")?;
    let max = size(a.take_kw("max_size"), 10, "max_size")?;
    if max == 0 {
        return Err(Exc::value_error(
            "max_size is expected to be greater than zero",
        ));
    }
    if min > max {
        return Err(Exc::value_error("min_size is greater than max_size"));
    }
    let db = database_name(interp, &mut a)?;
    let me = interp.rc();
    let w = world(interp);
    let factory_interp = Rc::downgrade(&me);
    let factory_db = db.clone();
    let pool: CorePool = looplab_core::Pool::named(format!("pool {db}"), min, max, move || {
        let interp = factory_interp.upgrade();
        let world = w.clone();
        let db = factory_db.clone();
        async move {
            let Some(interp) = interp else {
                return Err(interface("the program has ended"));
            };
            open_conn(interp, world, db).await
        }
    });
    let this: Rc<dyn Native> = Rc::new(PoolObj {
        pool,
        min,
        max,
        out: RefCell::new(Vec::new()),
        closed: Cell::new(false),
        initialized: Cell::new(false),
    });
    let _ = me;
    Ok(Value::Native(Rc::new(AwaitCm {
        what: "create_pool",
        fut: RefCell::new(Some(Box::pin(pool_init(this.clone())))),
        entered: RefCell::new(None),
        owner: Some(this),
        exit: pool_cm_exit,
    })))
}

/// The `asyncpg` module.
pub fn module_value() -> Value {
    let mut items = vec![
        ("connect", func("connect", connect)),
        ("create_pool", func("create_pool", create_pool)),
    ];
    // The classes, for isinstance (matched by type name).
    for name in ["Record", "Pool", "Connection", "Transaction"] {
        items.push((
            name,
            func(name, |_, _| {
                Err(Exc::type_error(
                    "asyncpg's Record, Pool, Connection and Transaction are made by asyncpg, not called",
                ))
            }),
        ));
    }
    let classes: Vec<(&str, Value)> = crate::exc::ASYNCPG_CLASSES
        .iter()
        .map(|n| (*n, Value::Class(crate::exc::class(n))))
        .collect();
    items.push(("exceptions", module("asyncpg.exceptions", classes.clone())));
    items.extend(classes);
    module("asyncpg", items)
}

/// The run's databases live in the interpreter's per-run module state.
impl Interp {
    /// Gives `asyncpg` its SQL engine and what queries cost.
    pub fn set_sql(&self, backend: Option<Rc<dyn SqlBackend>>, settings: DbSettings) {
        self.set_module_state(Rc::new(DbWorld::new(backend, settings)));
    }

    /// What database work costs in this run.
    pub fn db_world_settings(&self) -> DbSettings {
        self.db_world().settings()
    }

    /// The run's databases (none set: the default world).
    pub fn db_world(&self) -> Rc<DbWorld> {
        self.module_state::<DbWorld>()
    }
}
