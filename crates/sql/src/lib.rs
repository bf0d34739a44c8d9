//! The SQL engine behind Looplab's `asyncpg`: PostgreSQL-flavoured SQL,
//! run on SQLite.
//!
//! Learners' programs talk to "PostgreSQL" through the playground's asyncpg
//! emulation. Underneath, each database is an SQLite database in memory
//! (through `rusqlite`; SQLite 3.54 both natively and in the browser, where
//! it is `sqlite-wasm-rs`). This crate makes the difference small:
//!
//! - [`translate`] rewrites the PostgreSQL spellings people paste (`$1`
//!   parameters, `SERIAL`, `now()`, `::int`, `ILIKE`, …) into SQLite's;
//! - [`Database::execute`] answers with PostgreSQL's command tags
//!   (`INSERT 0 1`, `SELECT 3`, `CREATE TABLE`, …), returns `BOOLEAN`
//!   columns as booleans, and follows PostgreSQL's transaction rules;
//! - errors are asyncpg's exception classes ([`ErrorKind`]) with
//!   PostgreSQL's messages (`relation "nope" does not exist`,
//!   `duplicate key value violates unique constraint "users_email_key"`),
//!   details (`Key (email)=(ada@example.com) already exists.`,
//!   `Failing row contains (1, null, 5).`), hints and fields
//!   (`constraint_name`, `table_name`, …); [`SqlError::display_text`] is
//!   asyncpg's `str(e)`;
//! - [`Request`] and [`Response`] carry all of it across a wasm module
//!   boundary as bytes ([`Databases::handle_bytes`]);
//! - a database leaves as the bytes of an ordinary SQLite database file
//!   and comes back from them ([`Database::to_image`],
//!   [`Database::from_image`]; [`Request::Export`], [`Request::Import`]),
//!   so a host can keep it between runs (the page keeps
//!   `databases/NAME.sqlite`) and any SQLite tool can open it.
//!
//! Without the default `sqlite` feature only the plain data, the protocol
//! and the pure functions ([`translate`], [`demo_script`]) compile, so the
//! interpreter can share these types without linking SQLite.
//!
//! # The demo database
//!
//! A database opened with `demo` holds the mock HTTP API's data (see
//! [`demo`]), so a query and an HTTP call agree:
//!
//! ```sql
//! CREATE TABLE users (
//!     id SERIAL PRIMARY KEY,             -- 1..10
//!     name TEXT NOT NULL,                -- Ada, Grace, Alan, Edsger, Barbara,
//!                                        -- Donald, Ken, Dennis, Guido, Margaret
//!     email TEXT NOT NULL UNIQUE,        -- ada@example.com …
//!     created_at TIMESTAMP NOT NULL DEFAULT now()
//! );
//! CREATE TABLE posts (
//!     id SERIAL PRIMARY KEY,             -- 1..30
//!     user_id INTEGER NOT NULL REFERENCES users (id),  -- (id - 1) / 3 + 1
//!     title TEXT NOT NULL,               -- 'Post 4 by Grace'
//!     body TEXT NOT NULL,                -- 'This is post 4, written by Grace.'
//!     created_at TIMESTAMP NOT NULL DEFAULT now()
//! );
//! CREATE TABLE comments (
//!     id SERIAL PRIMARY KEY,             -- 1..60, two per post
//!     post_id INTEGER NOT NULL REFERENCES posts (id),
//!     user_id INTEGER NOT NULL REFERENCES users (id),
//!     body TEXT NOT NULL,                -- 'Comment 7 by Alan on post 4.'
//!     created_at TIMESTAMP NOT NULL DEFAULT now()
//! );
//! ```
//!
//! # Differences that remain
//!
//! SQLite is not PostgreSQL. Types are loose (a `TEXT` column takes an
//! integer), `LIKE` ignores ASCII case as `ILIKE` does, timestamps are text
//! (`2024-03-01 12:00:00`; their columns' declared type says what they
//! are), expressions such as `1 = 1` give integers rather than booleans,
//! and arrays, `INTERVAL`, schemas other than `public`, and PostgreSQL's
//! own functions are missing. Error messages for an unknown function guess
//! argument types from literals only (`unknown` for anything else).

// `SqlError` carries PostgreSQL's optional fields (detail, hint, table,
// column, constraint) in the open, as asyncpg's exceptions do, which makes
// it larger than clippy likes an `Err` to be. Errors are the cold path and
// are moved a handful of times; boxing them would cost every caller a
// `Box` for no measurable gain.
#![allow(clippy::result_large_err)]

mod base64;
#[cfg(feature = "sqlite")]
mod database;
pub mod demo;
#[cfg(feature = "sqlite")]
mod diagnose;
mod error;
mod lexer;
pub mod protocol;
#[cfg(feature = "sqlite")]
mod registry;
mod translate;
mod value;

#[cfg(feature = "sqlite")]
pub use database::Database;
pub use demo::demo_script;
pub use error::{ErrorKind, SqlError};
pub use protocol::{Request, Response, PROTOCOL_VERSION};
#[cfg(feature = "sqlite")]
pub use registry::Databases;
pub use translate::translate;
pub use value::{Column, QueryResult, SqlValue, TableColumn, TableInfo};
