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
        #[serde(with = "image_bytes")]
        image: Vec<u8>,
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
    /// The answer to `Export`: the database as the bytes of an SQLite
    /// database file (base64 text on the wire).
    Image(#[serde(with = "image_bytes")] Vec<u8>),
    /// `Open`, `Close`, `Reset` or `Import` went well.
    Done,
}

/// Bytes as base64 text, and back from base64 text or (as serde writes
/// a `Vec<u8>` by default) an array of numbers.
mod image_bytes {
    use std::fmt;

    use serde::de::{Error, SeqAccess, Visitor};
    use serde::{Deserializer, Serializer};

    use crate::base64;

    pub fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&base64::encode(bytes))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        deserializer.deserialize_any(Bytes)
    }

    struct Bytes;

    impl<'de> Visitor<'de> for Bytes {
        type Value = Vec<u8>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("base64 text or an array of bytes")
        }

        fn visit_str<E: Error>(self, text: &str) -> Result<Vec<u8>, E> {
            base64::decode(text).map_err(E::custom)
        }

        fn visit_bytes<E: Error>(self, bytes: &[u8]) -> Result<Vec<u8>, E> {
            Ok(bytes.to_vec())
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<u8>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
            while let Some(byte) = seq.next_element::<u8>()? {
                out.push(byte);
            }
            Ok(out)
        }
    }
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
