//! Looplab's SQL module for the browser (and Node): [`looplab_sql`]
//! behind one function.
//!
//! The engine's Web Worker fetches this module only when a program imports
//! `asyncpg`, so the page pays nothing for SQLite until then. Requests and
//! responses cross as bytes ([`looplab_sql::protocol`]): the engine and
//! this module are separate wasm-bindgen modules and share no Rust types.
//!
//! The databases live in memory, in this module's instance, for as long as
//! the instance lives.

use std::cell::RefCell;

use looplab_sql::{Databases, ErrorKind, Response, SqlError};
use wasm_bindgen::prelude::wasm_bindgen;

thread_local! {
    static DATABASES: RefCell<Databases> = RefCell::new(Databases::new());
}

/// Answers one encoded [`looplab_sql::Request`] with an encoded
/// [`looplab_sql::Response`]. Never throws: malformed bytes get an error
/// response.
#[wasm_bindgen]
pub fn handle(request: &[u8]) -> Vec<u8> {
    DATABASES.with(|databases| match databases.try_borrow_mut() {
        Ok(mut databases) => databases.handle_bytes(request),
        // Only a request made while another is being answered gets here,
        // and nothing in this module calls back out to JavaScript.
        Err(_) => Response::Err(SqlError::new(
            ErrorKind::Interface,
            "the SQL module is busy with another request",
        ))
        .encode(),
    })
}
