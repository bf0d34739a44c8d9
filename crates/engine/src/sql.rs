//! `asyncpg`'s SQL engine in the browser: the separately built SQL module
//! (`crates/sql-wasm`, SQLite), fetched by the Worker the first time a
//! program imports asyncpg, so a page that never does pays nothing for it.
//!
//! The Worker's script (`www/engine-worker.js`) knows where the module is:
//! `self.__looplabLoadSql()` imports and starts it once and resolves to its
//! `handle(bytes) -> bytes` function. Requests and answers cross as the
//! bytes of `looplab_sql::protocol`: the two wasm modules share no Rust
//! types.

use js_sys::{Function, Promise, Reflect, Uint8Array};
use looplab_script::modules::asyncpg::SqlBackend;
use looplab_sql::{ErrorKind, Request, Response, SqlError};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The SQL module's `handle`, as a backend.
#[derive(Debug)]
struct JsSql(Function);

impl SqlBackend for JsSql {
    fn handle(&self, request: Request) -> Response {
        let bytes = request.encode();
        let arg = Uint8Array::from(bytes.as_slice());
        match self.0.call1(&JsValue::NULL, &arg) {
            Ok(v) => match v.dyn_into::<Uint8Array>() {
                Ok(out) => Response::decode(&out.to_vec()).unwrap_or_else(Response::Err),
                Err(_) => Response::Err(SqlError::new(
                    ErrorKind::Interface,
                    "the SQL module answered with something other than bytes",
                )),
            },
            Err(e) => Response::Err(SqlError::new(
                ErrorKind::Interface,
                format!("the SQL module failed: {}", message(&e)),
            )),
        }
    }
}

/// Every request fails with why the module is missing.
#[derive(Debug)]
struct Missing(String);

impl SqlBackend for Missing {
    fn handle(&self, _: Request) -> Response {
        Response::Err(SqlError::new(ErrorKind::Interface, self.0.clone()))
    }
}

fn message(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

thread_local! {
    /// The loaded module, shared by every run of this Worker.
    static LOADED: RefCell<Option<Rc<JsSql>>> = const { RefCell::new(None) };
}

/// Whether a program may use asyncpg (and so needs the module first).
pub fn needed_by(source: &str) -> bool {
    source.contains("asyncpg")
}

/// The SQL engine: the module, loaded now if it is not yet. A module that
/// cannot load gives a backend whose every request says why, so the
/// program gets `InterfaceError` with the reason instead of a frozen run.
pub async fn backend() -> Rc<dyn SqlBackend> {
    if let Some(js) = LOADED.with(|l| l.borrow().clone()) {
        return js;
    }
    match load().await {
        Ok(f) => {
            let js = Rc::new(JsSql(f));
            LOADED.with(|l| *l.borrow_mut() = Some(js.clone()));
            js
        }
        Err(e) => Rc::new(Missing(format!("Looplab's SQL module did not load: {e}"))),
    }
}

async fn load() -> Result<Function, String> {
    let global = js_sys::global();
    let loader = Reflect::get(&global, &JsValue::from_str("__looplabLoadSql"))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| "this host does not provide it (no __looplabLoadSql)".to_string())?;
    let promise: Promise = loader
        .call0(&JsValue::NULL)
        .map_err(|e| message(&e))?
        .dyn_into()
        .map_err(|_| "__looplabLoadSql did not return a promise".to_string())?;
    JsFuture::from(promise)
        .await
        .map_err(|e| message(&e))?
        .dyn_into::<Function>()
        .map_err(|_| "the SQL module has no handle function".to_string())
}
