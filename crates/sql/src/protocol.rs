//! Requests and responses as bytes, for crossing a wasm module boundary.
//!
//! The SQL module is a separate wasm module that shares no Rust types with
//! the engine that calls it, so the two exchange bytes: JSON text of an
//! envelope `{"v": VERSION, "request": ...}` or `{"v": VERSION,
//! "response": ...}`. The version guards against a cached module from an
//! older build: a mismatch is answered with an error, not misread.
//! Variants are externally tagged, request and response variants in
//! snake case:
//!
//! ```text
//! {"v":1,"request":{"execute":{"db":"demo","sql":"SELECT $1","params":[{"Int":7},"Null"]}}}
//! {"v":1,"response":{"ok":{"columns":[...],"rows":[[{"Int":7}]],"status":"SELECT 1"}}}
//! {"v":1,"response":{"err":{"kind":"Syntax","message":"syntax error at or near \"SELEC\""}}}
//! {"v":1,"response":{"err":{"kind":"UniqueViolation","message":"duplicate key value violates unique constraint \"users_email_key\"","detail":"Key (email)=(ada@example.com) already exists.","schema_name":"public","table_name":"users","constraint_name":"users_email_key"}}}
//! {"v":1,"response":"done"}
//! {"v":1,"request":{"export":{"db":"shop"}}}
//! {"v":1,"response":{"image":"U1FMaXRlIGZvcm1hdCAzACAAAQEAQCAg..."}}
//! {"v":1,"request":{"import":{"db":"shop","image":"U1FMaXRlIGZvcm1hdCAzACAAAQEAQCAg..."}}}
//! ```
//!
//! A database image (the bytes of an SQLite database file) travels as
//! base64 text (RFC 4648, standard alphabet, padded: what JavaScript's
//! `btoa` writes): a third larger than the bytes, where a JSON array of
//! numbers (serde's default for bytes) is up to four times larger. An
//! array of numbers is still accepted in its place.
//!
//! An error's optional fields (`detail`, `hint`, `schema_name`,
//! `table_name`, `column_name`, `constraint_name`) are left out when
//! absent, and absent when left out, so bytes from before they existed
//! still decode.
//!
//! Decoding never panics: garbage gives an [`ErrorKind::Interface`] error.
//!
//! Both directions are written by hand over [`serde_json::Value`] rather
//! than with serde's derives, which cost the engine ~20 KB of gzipped wasm
//! (docs/size.md, cut 3); the bytes are the same as the derives wrote
//! (struct fields in declaration order, `None` fields of a [`SqlError`]
//! left out, other `None`s written as `null`), and the decoder takes what
//! they took (unit variants as `"name"` or `{"name": null}`, unknown
//! fields ignored, missing `Option` fields and `params`/`demo` defaulted).

use serde_json::Value;

use crate::base64;
use crate::error::{ErrorKind, SqlError};
use crate::value::{Column, QueryResult, SqlValue, TableColumn, TableInfo};

/// The protocol's version, carried by every message.
pub const PROTOCOL_VERSION: u32 = 1;

/// What the engine asks of the SQL module. Each request names the database
/// it is for; databases live in memory until closed.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Opens (creates) database `db`, filled with the demo data if `demo`.
    /// Opening a database that is already open leaves it as it is.
    Open {
        /// The database's name.
        db: String,
        /// Whether to load the demo tables into a new database.
        demo: bool,
    },
    /// Runs `sql` with `params` (`$1` is `params[0]`). Without parameters
    /// `sql` may hold several statements; the result is the last one's.
    Execute {
        /// The database's name.
        db: String,
        /// PostgreSQL-flavoured SQL.
        sql: String,
        /// The values of `$1`, `$2`, …
        params: Vec<SqlValue>,
    },
    /// Runs the one statement `sql` once per row of parameters, all or
    /// nothing (asyncpg's `executemany`).
    ExecuteMany {
        /// The database's name.
        db: String,
        /// PostgreSQL-flavoured SQL: one statement.
        sql: String,
        /// One list of parameter values per run.
        rows: Vec<Vec<SqlValue>>,
    },
    /// Closes database `db`, dropping its data.
    Close {
        /// The database's name.
        db: String,
    },
    /// Lists the tables of `db` with their columns and row counts.
    Tables {
        /// The database's name.
        db: String,
    },
    /// Empties `db` (and reloads the demo data if it was opened with it;
    /// an imported database is emptied).
    Reset {
        /// The database's name.
        db: String,
    },
    /// The bytes of `db` as an SQLite database file (answered with
    /// [`Response::Image`]), for the host to keep and [`Request::Import`]
    /// later. Refused inside an open transaction, whose work would be
    /// kept half-done or lost.
    Export {
        /// The database's name.
        db: String,
    },
    /// Opens database `db` from `image`, the bytes of an SQLite database
    /// file (one from [`Request::Export`], or one written by any SQLite),
    /// replacing `db` if it is open. If the bytes are not a readable
    /// database the request fails and an open `db` is left as it was.
    /// An [`Request::Open`] of `db` afterwards leaves it as imported.
    Import {
        /// The database's name.
        db: String,
        /// The database file's bytes (base64 text on the wire).
        image: Vec<u8>,
    },
}

/// The SQL module's answer to a [`Request`].
#[derive(Clone, Debug, PartialEq)]
pub enum Response {
    /// The result of `Execute` or `ExecuteMany`.
    Ok(QueryResult),
    /// The request failed.
    Err(SqlError),
    /// The answer to `Tables`.
    Tables(Vec<TableInfo>),
    /// The answer to `Export`: the database as the bytes of an SQLite
    /// database file (base64 text on the wire).
    Image(Vec<u8>),
    /// `Open`, `Close`, `Reset` or `Import` went well.
    Done,
}

/// Appends `text` as a JSON string, escaped by serde_json (which the
/// reading side links anyway).
fn put_str(out: &mut String, text: &str) {
    out.push_str(&Value::from(text).to_string());
}

/// Appends `"key":` (after a comma unless it is the object's first).
fn put_key(out: &mut String, key: &str) {
    if !out.ends_with('{') {
        out.push(',');
    }
    put_str(out, key);
    out.push(':');
}

/// Appends `items` as a JSON array, each written by `put`.
fn put_list<T>(out: &mut String, items: &[T], put: impl Fn(&mut String, &T)) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        put(out, item);
    }
    out.push(']');
}

fn put_opt_str(out: &mut String, text: Option<&str>) {
    match text {
        Some(t) => put_str(out, t),
        None => out.push_str("null"),
    }
}

/// A value: `"Null"`, `{"Int":7}`, `{"Float":"NaN"}`, `{"Bytes":[0,255]}`…
fn put_value(out: &mut String, value: &SqlValue) {
    use std::fmt::Write as _;
    let tag = match value {
        SqlValue::Null => {
            out.push_str("\"Null\"");
            return;
        }
        SqlValue::Bool(_) => "Bool",
        SqlValue::Int(_) => "Int",
        SqlValue::Float(_) => "Float",
        SqlValue::Text(_) => "Text",
        SqlValue::Bytes(_) => "Bytes",
    };
    out.push('{');
    put_key(out, tag);
    match value {
        SqlValue::Null => {}
        SqlValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        SqlValue::Int(i) => {
            let _ = write!(out, "{i}");
        }
        // Finite floats as serde_json writes them (shortest round trip,
        // `1.0` not `1`); the rest as names.
        SqlValue::Float(f) => match serde_json::Number::from_f64(*f) {
            Some(n) => {
                let _ = write!(out, "{n}");
            }
            None if f.is_nan() => out.push_str("\"NaN\""),
            None if *f > 0.0 => out.push_str("\"Infinity\""),
            None => out.push_str("\"-Infinity\""),
        },
        SqlValue::Text(t) => put_str(out, t),
        SqlValue::Bytes(b) => put_list(out, b, |out, byte| {
            let _ = write!(out, "{byte}");
        }),
    }
    out.push('}');
}

fn put_result(out: &mut String, r: &QueryResult) {
    out.push('{');
    put_key(out, "columns");
    put_list(out, &r.columns, |out, c| {
        out.push('{');
        put_key(out, "name");
        put_str(out, &c.name);
        put_key(out, "decl_type");
        put_opt_str(out, c.decl_type.as_deref());
        out.push('}');
    });
    put_key(out, "rows");
    put_list(out, &r.rows, |out, row| put_list(out, row, put_value));
    put_key(out, "status");
    put_str(out, &r.status);
    out.push('}');
}

fn put_error(out: &mut String, e: &SqlError) {
    out.push('{');
    put_key(out, "kind");
    put_str(out, kind_name(e.kind));
    put_key(out, "message");
    put_str(out, &e.message);
    for (key, field) in [
        ("detail", &e.detail),
        ("hint", &e.hint),
        ("schema_name", &e.schema_name),
        ("table_name", &e.table_name),
        ("column_name", &e.column_name),
        ("constraint_name", &e.constraint_name),
    ] {
        if let Some(text) = field {
            put_key(out, key);
            put_str(out, text);
        }
    }
    out.push('}');
}

fn put_tables(out: &mut String, tables: &[TableInfo]) {
    use std::fmt::Write as _;
    put_list(out, tables, |out, t| {
        out.push('{');
        put_key(out, "name");
        put_str(out, &t.name);
        put_key(out, "columns");
        put_list(out, &t.columns, |out, c| {
            out.push('{');
            put_key(out, "name");
            put_str(out, &c.name);
            put_key(out, "decl_type");
            put_str(out, &c.decl_type);
            put_key(out, "not_null");
            out.push_str(if c.not_null { "true" } else { "false" });
            put_key(out, "primary_key");
            out.push_str(if c.primary_key { "true" } else { "false" });
            out.push('}');
        });
        put_key(out, "rows");
        let _ = write!(out, "{}", t.rows);
        out.push('}');
    });
}

/// The wire names of the error kinds (their Rust names).
const KINDS: [(ErrorKind, &str); 20] = [
    (ErrorKind::UndefinedTable, "UndefinedTable"),
    (ErrorKind::UndefinedColumn, "UndefinedColumn"),
    (ErrorKind::UndefinedFunction, "UndefinedFunction"),
    (ErrorKind::UndefinedObject, "UndefinedObject"),
    (ErrorKind::DuplicateTable, "DuplicateTable"),
    (ErrorKind::DuplicateColumn, "DuplicateColumn"),
    (ErrorKind::AmbiguousColumn, "AmbiguousColumn"),
    (ErrorKind::UniqueViolation, "UniqueViolation"),
    (ErrorKind::NotNullViolation, "NotNullViolation"),
    (ErrorKind::ForeignKeyViolation, "ForeignKeyViolation"),
    (ErrorKind::CheckViolation, "CheckViolation"),
    (ErrorKind::Syntax, "Syntax"),
    (ErrorKind::Data, "Data"),
    (ErrorKind::NumericValueOutOfRange, "NumericValueOutOfRange"),
    (ErrorKind::NoActiveSqlTransaction, "NoActiveSqlTransaction"),
    (ErrorKind::InFailedSqlTransaction, "InFailedSqlTransaction"),
    (
        ErrorKind::InvalidSavepointSpecification,
        "InvalidSavepointSpecification",
    ),
    (ErrorKind::InvalidCatalogName, "InvalidCatalogName"),
    (ErrorKind::Interface, "Interface"),
    (ErrorKind::Other, "Other"),
];

fn kind_name(kind: ErrorKind) -> &'static str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("Other", |(_, name)| name)
}

fn put_request(out: &mut String, request: &Request) {
    let (tag, db) = match request {
        Request::Open { db, .. } => ("open", db),
        Request::Execute { db, .. } => ("execute", db),
        Request::ExecuteMany { db, .. } => ("execute_many", db),
        Request::Close { db } => ("close", db),
        Request::Tables { db } => ("tables", db),
        Request::Reset { db } => ("reset", db),
        Request::Export { db } => ("export", db),
        Request::Import { db, .. } => ("import", db),
    };
    out.push('{');
    put_key(out, tag);
    out.push('{');
    put_key(out, "db");
    put_str(out, db);
    match request {
        Request::Open { demo, .. } => {
            put_key(out, "demo");
            out.push_str(if *demo { "true" } else { "false" });
        }
        Request::Execute { sql, params, .. } => {
            put_key(out, "sql");
            put_str(out, sql);
            put_key(out, "params");
            put_list(out, params, put_value);
        }
        Request::ExecuteMany { sql, rows, .. } => {
            put_key(out, "sql");
            put_str(out, sql);
            put_key(out, "rows");
            put_list(out, rows, |out, row| put_list(out, row, put_value));
        }
        Request::Import { image, .. } => {
            put_key(out, "image");
            put_str(out, &base64::encode(image));
        }
        Request::Close { .. }
        | Request::Tables { .. }
        | Request::Reset { .. }
        | Request::Export { .. } => {}
    }
    out.push_str("}}");
}

fn put_response(out: &mut String, response: &Response) {
    let tag = match response {
        Response::Done => {
            out.push_str("\"done\"");
            return;
        }
        Response::Ok(_) => "ok",
        Response::Err(_) => "err",
        Response::Tables(_) => "tables",
        Response::Image(_) => "image",
    };
    out.push('{');
    put_key(out, tag);
    match response {
        Response::Ok(r) => put_result(out, r),
        Response::Err(e) => put_error(out, e),
        Response::Tables(t) => put_tables(out, t),
        Response::Image(bytes) => put_str(out, &base64::encode(bytes)),
        Response::Done => {}
    }
    out.push('}');
}

/// The envelope `{"v":VERSION,"request":…}` (or `"response"`).
fn envelope(key: &str, put: impl FnOnce(&mut String)) -> Vec<u8> {
    let mut out = format!("{{\"v\":{PROTOCOL_VERSION}");
    put_key(&mut out, key);
    put(&mut out);
    out.push('}');
    out.into_bytes()
}

/// What went wrong reading a message (the caller says which message).
type Malformed = String;

type Obj = serde_json::Map<String, Value>;

fn object<'v>(v: &'v Value, what: &str) -> Result<&'v Obj, Malformed> {
    v.as_object()
        .ok_or_else(|| format!("{what} is not an object"))
}

fn field<'v>(o: &'v Obj, key: &str) -> Result<&'v Value, Malformed> {
    o.get(key).ok_or_else(|| format!("missing field `{key}`"))
}

fn text(v: &Value, what: &str) -> Result<String, Malformed> {
    v.as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("`{what}` is not a string"))
}

fn text_field(o: &Obj, key: &str) -> Result<String, Malformed> {
    text(field(o, key)?, key)
}

/// An optional text field: missing and `null` are `None`.
fn opt_text_field(o: &Obj, key: &str) -> Result<Option<String>, Malformed> {
    match o.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => text(v, key).map(Some),
    }
}

fn bool_field(o: &Obj, key: &str) -> Result<bool, Malformed> {
    field(o, key)?
        .as_bool()
        .ok_or_else(|| format!("`{key}` is not a boolean"))
}

fn list<T>(
    v: &Value,
    what: &str,
    item: impl Fn(&Value) -> Result<T, Malformed>,
) -> Result<Vec<T>, Malformed> {
    v.as_array()
        .ok_or_else(|| format!("`{what}` is not an array"))?
        .iter()
        .map(item)
        .collect()
}

/// An externally tagged variant: `"name"` (a unit variant) or
/// `{"name": body}`.
fn variant(v: &Value) -> Result<(&str, &Value), Malformed> {
    static NULL: Value = Value::Null;
    match v {
        Value::String(name) => Ok((name, &NULL)),
        Value::Object(o) if o.len() == 1 => o
            .iter()
            .next()
            .map(|(name, body)| (name.as_str(), body))
            .ok_or_else(|| "an empty object is not a variant".to_string()),
        _ => Err("expected a variant: \"name\" or {\"name\": …}".to_string()),
    }
}

fn unit(name: &str, body: &Value) -> Result<(), Malformed> {
    if body.is_null() {
        Ok(())
    } else {
        Err(format!("`{name}` takes no value"))
    }
}

fn get_value(v: &Value) -> Result<SqlValue, Malformed> {
    let (name, body) = variant(v)?;
    let bad = || format!("not a value for `{name}`: {body}");
    Ok(match name {
        "Null" => {
            unit(name, body)?;
            SqlValue::Null
        }
        "Bool" => SqlValue::Bool(body.as_bool().ok_or_else(bad)?),
        "Int" => SqlValue::Int(body.as_i64().ok_or_else(bad)?),
        "Float" => SqlValue::Float(match body {
            Value::Number(n) => n.as_f64().ok_or_else(bad)?,
            Value::String(s) if s == "NaN" => f64::NAN,
            Value::String(s) if s == "Infinity" => f64::INFINITY,
            Value::String(s) if s == "-Infinity" => f64::NEG_INFINITY,
            _ => {
                return Err(format!(
                    "expected a number, \"NaN\", \"Infinity\" or \"-Infinity\", not {body}"
                ))
            }
        }),
        "Text" => SqlValue::Text(text(body, name)?),
        "Bytes" => SqlValue::Bytes(byte_list(body).ok_or_else(bad)?),
        other => return Err(format!("unknown value variant `{other}`")),
    })
}

/// An array of numbers 0–255.
fn byte_list(v: &Value) -> Option<Vec<u8>> {
    v.as_array()?
        .iter()
        .map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
        .collect()
}

/// Image bytes: base64 text, or an array of numbers.
fn get_image(v: &Value) -> Result<Vec<u8>, Malformed> {
    match v {
        Value::String(s) => base64::decode(s),
        _ => byte_list(v).ok_or_else(|| "`image` is not base64 text or an array of bytes".into()),
    }
}

fn get_rows(v: &Value, what: &str) -> Result<Vec<Vec<SqlValue>>, Malformed> {
    list(v, what, |row| list(row, what, get_value))
}

fn get_request(v: &Value) -> Result<Request, Malformed> {
    let (name, body) = variant(v)?;
    let o = object(body, name)?;
    let db = text_field(o, "db")?;
    Ok(match name {
        "open" => Request::Open {
            db,
            demo: match o.get("demo") {
                None => false,
                Some(_) => bool_field(o, "demo")?,
            },
        },
        "execute" => Request::Execute {
            db,
            sql: text_field(o, "sql")?,
            params: match o.get("params") {
                None => Vec::new(),
                Some(p) => list(p, "params", get_value)?,
            },
        },
        "execute_many" => Request::ExecuteMany {
            db,
            sql: text_field(o, "sql")?,
            rows: get_rows(field(o, "rows")?, "rows")?,
        },
        "close" => Request::Close { db },
        "tables" => Request::Tables { db },
        "reset" => Request::Reset { db },
        "export" => Request::Export { db },
        "import" => Request::Import {
            db,
            image: get_image(field(o, "image")?)?,
        },
        other => return Err(format!("unknown request `{other}`")),
    })
}

fn get_result(v: &Value) -> Result<QueryResult, Malformed> {
    let o = object(v, "a result")?;
    Ok(QueryResult {
        columns: list(field(o, "columns")?, "columns", |c| {
            let c = object(c, "a column")?;
            Ok(Column {
                name: text_field(c, "name")?,
                decl_type: opt_text_field(c, "decl_type")?,
            })
        })?,
        rows: get_rows(field(o, "rows")?, "rows")?,
        status: text_field(o, "status")?,
    })
}

fn get_error(v: &Value) -> Result<SqlError, Malformed> {
    let o = object(v, "an error")?;
    let kind = text_field(o, "kind")?;
    let kind = KINDS
        .iter()
        .find(|(_, name)| *name == kind)
        .map(|(k, _)| *k)
        .ok_or_else(|| format!("unknown error kind `{kind}`"))?;
    Ok(SqlError {
        kind,
        message: text_field(o, "message")?,
        detail: opt_text_field(o, "detail")?,
        hint: opt_text_field(o, "hint")?,
        schema_name: opt_text_field(o, "schema_name")?,
        table_name: opt_text_field(o, "table_name")?,
        column_name: opt_text_field(o, "column_name")?,
        constraint_name: opt_text_field(o, "constraint_name")?,
    })
}

fn get_tables(v: &Value) -> Result<Vec<TableInfo>, Malformed> {
    list(v, "tables", |t| {
        let t = object(t, "a table")?;
        Ok(TableInfo {
            name: text_field(t, "name")?,
            columns: list(field(t, "columns")?, "columns", |c| {
                let c = object(c, "a column")?;
                Ok(TableColumn {
                    name: text_field(c, "name")?,
                    decl_type: text_field(c, "decl_type")?,
                    not_null: bool_field(c, "not_null")?,
                    primary_key: bool_field(c, "primary_key")?,
                })
            })?,
            rows: field(t, "rows")?
                .as_u64()
                .ok_or_else(|| "`rows` is not a count".to_string())?,
        })
    })
}

fn get_response(v: &Value) -> Result<Response, Malformed> {
    let (name, body) = variant(v)?;
    Ok(match name {
        "ok" => Response::Ok(get_result(body)?),
        "err" => Response::Err(get_error(body)?),
        "tables" => Response::Tables(get_tables(body)?),
        "image" => Response::Image(get_image(body)?),
        "done" => {
            unit(name, body)?;
            Response::Done
        }
        other => return Err(format!("unknown response `{other}`")),
    })
}

/// Reads the envelope's `key` ("request" or "response") with `get`, after
/// checking its version (read before the rest, whose shape may be another
/// version's).
fn open<T>(
    bytes: &[u8],
    key: &str,
    get: impl FnOnce(&Value) -> Result<T, Malformed>,
) -> Result<T, SqlError> {
    let malformed = |e: Malformed| {
        SqlError::new(
            ErrorKind::Interface,
            format!("malformed SQL {key} ({} bytes): {e}", bytes.len()),
        )
    };
    let doc: Value = serde_json::from_slice(bytes).map_err(|e| malformed(e.to_string()))?;
    let o = object(&doc, "the message").map_err(malformed)?;
    let version = field(o, "v")
        .and_then(|v| {
            v.as_u64()
                .ok_or_else(|| "`v` is not a version number".into())
        })
        .map_err(malformed)?;
    if version != u64::from(PROTOCOL_VERSION) {
        return Err(SqlError::new(
            ErrorKind::Interface,
            format!(
                "SQL {key} of protocol version {version}, but this build speaks version {PROTOCOL_VERSION} (the engine and the SQL module come from different builds)"
            ),
        ));
    }
    match o.get(key) {
        None | Some(Value::Null) => Err(SqlError::new(
            ErrorKind::Interface,
            format!("malformed SQL {key}: no {key} in it"),
        )),
        Some(v) => get(v).map_err(malformed),
    }
}

impl Request {
    /// The request as bytes.
    pub fn encode(&self) -> Vec<u8> {
        envelope("request", |out| put_request(out, self))
    }

    /// A request from bytes.
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Interface`] error if the bytes are not a request of
    /// this protocol version.
    pub fn decode(bytes: &[u8]) -> Result<Request, SqlError> {
        open(bytes, "request", get_request)
    }
}

impl Response {
    /// The response as bytes.
    pub fn encode(&self) -> Vec<u8> {
        envelope("response", |out| put_response(out, self))
    }

    /// A response from bytes.
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Interface`] error if the bytes are not a response of
    /// this protocol version.
    pub fn decode(bytes: &[u8]) -> Result<Response, SqlError> {
        open(bytes, "response", get_response)
    }

    /// The response as a `Result`: the query result, or the error. Tables,
    /// an image and `Done` count as an empty result.
    ///
    /// # Errors
    ///
    /// The error of a [`Response::Err`].
    pub fn into_result(self) -> Result<QueryResult, SqlError> {
        match self {
            Response::Ok(result) => Ok(result),
            Response::Err(error) => Err(error),
            Response::Tables(_) | Response::Image(_) | Response::Done => Ok(QueryResult::default()),
        }
    }
}

impl From<Result<QueryResult, SqlError>> for Response {
    fn from(result: Result<QueryResult, SqlError>) -> Response {
        match result {
            Ok(r) => Response::Ok(r),
            Err(e) => Response::Err(e),
        }
    }
}
