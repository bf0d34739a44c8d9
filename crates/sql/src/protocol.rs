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
//! ```
//!
//! An error's optional fields (`detail`, `hint`, `schema_name`,
//! `table_name`, `column_name`, `constraint_name`) are left out when
//! absent, and absent when left out, so bytes from before they existed
//! still decode.
//!
//! Decoding never panics: garbage gives an [`ErrorKind::Interface`] error.

use serde::{Deserialize, Serialize};

use crate::error::{ErrorKind, SqlError};
use crate::value::{QueryResult, SqlValue, TableInfo};

/// The protocol's version, carried by every message.
pub const PROTOCOL_VERSION: u32 = 1;

/// What the engine asks of the SQL module. Each request names the database
/// it is for; databases live in memory until closed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// Opens (creates) database `db`, filled with the demo data if `demo`.
    /// Opening a database that is already open leaves it as it is.
    Open {
        /// The database's name.
        db: String,
        /// Whether to load the demo tables into a new database.
        #[serde(default)]
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
        #[serde(default)]
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
    /// Empties `db` (and reloads the demo data if it was opened with it).
    Reset {
        /// The database's name.
        db: String,
    },
}

/// The SQL module's answer to a [`Request`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Response {
    /// The result of `Execute` or `ExecuteMany`.
    Ok(QueryResult),
    /// The request failed.
    Err(SqlError),
    /// The answer to `Tables`.
    Tables(Vec<TableInfo>),
    /// `Open`, `Close` or `Reset` went well.
    Done,
}

#[derive(Serialize)]
struct OutEnvelope<'a> {
    v: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    request: Option<&'a Request>,
    #[serde(skip_serializing_if = "Option::is_none")]
    response: Option<&'a Response>,
}

#[derive(Deserialize)]
struct InEnvelope {
    #[serde(default)]
    request: Option<Request>,
    #[serde(default)]
    response: Option<Response>,
}

/// An envelope's JSON; these types always serialise, but should that ever
/// fail the receiver gets an error response rather than nothing.
fn to_bytes(envelope: &OutEnvelope<'_>) -> Vec<u8> {
    serde_json::to_vec(envelope).unwrap_or_else(|e| {
        let error = Response::Err(SqlError::new(
            ErrorKind::Interface,
            format!("could not encode a message: {e}"),
        ));
        let fallback = OutEnvelope {
            v: PROTOCOL_VERSION,
            request: None,
            response: Some(&error),
        };
        serde_json::to_vec(&fallback).unwrap_or_default()
    })
}

/// Just the version, read before the rest (whose shape may be another
/// version's).
#[derive(Deserialize)]
struct Version {
    v: u32,
}

fn open(bytes: &[u8], what: &str) -> Result<InEnvelope, SqlError> {
    let malformed = |e: serde_json::Error| {
        SqlError::new(
            ErrorKind::Interface,
            format!("malformed SQL {what} ({} bytes): {e}", bytes.len()),
        )
    };
    let version: Version = serde_json::from_slice(bytes).map_err(malformed)?;
    if version.v != PROTOCOL_VERSION {
        return Err(SqlError::new(
            ErrorKind::Interface,
            format!(
                "SQL {what} of protocol version {}, but this build speaks version {PROTOCOL_VERSION} (the engine and the SQL module come from different builds)",
                version.v
            ),
        ));
    }
    serde_json::from_slice(bytes).map_err(malformed)
}

impl Request {
    /// The request as bytes.
    pub fn encode(&self) -> Vec<u8> {
        to_bytes(&OutEnvelope {
            v: PROTOCOL_VERSION,
            request: Some(self),
            response: None,
        })
    }

    /// A request from bytes.
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Interface`] error if the bytes are not a request of
    /// this protocol version.
    pub fn decode(bytes: &[u8]) -> Result<Request, SqlError> {
        open(bytes, "request")?.request.ok_or_else(|| {
            SqlError::new(
                ErrorKind::Interface,
                "malformed SQL request: no request in it",
            )
        })
    }
}

impl Response {
    /// The response as bytes.
    pub fn encode(&self) -> Vec<u8> {
        to_bytes(&OutEnvelope {
            v: PROTOCOL_VERSION,
            request: None,
            response: Some(self),
        })
    }

    /// A response from bytes.
    ///
    /// # Errors
    ///
    /// An [`ErrorKind::Interface`] error if the bytes are not a response of
    /// this protocol version.
    pub fn decode(bytes: &[u8]) -> Result<Response, SqlError> {
        open(bytes, "response")?.response.ok_or_else(|| {
            SqlError::new(
                ErrorKind::Interface,
                "malformed SQL response: no response in it",
            )
        })
    }

    /// The response as a `Result`: the query result, or the error. Tables
    /// and `Done` count as an empty result.
    ///
    /// # Errors
    ///
    /// The error of a [`Response::Err`].
    pub fn into_result(self) -> Result<QueryResult, SqlError> {
        match self {
            Response::Ok(result) => Ok(result),
            Response::Err(error) => Err(error),
            Response::Tables(_) | Response::Done => Ok(QueryResult::default()),
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
