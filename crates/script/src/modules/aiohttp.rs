//! `aiohttp`: the client side people use with asyncio (`ClientSession`,
//! `get`/`post`, `async with`, `status`, `json()`, `text()`,
//! `raise_for_status()`, timeouts, `ClientError` and friends), over the
//! interpreter's [`HttpBackend`](crate::http::HttpBackend).
//!
//! A request is one [`looplab_core::external`] future: while it is in
//! flight its task shows as waiting on external work; cancelling the task
//! (or a timeout) drops the request, which the browser backend turns into
//! an `AbortController.abort()`.

use super::{func, module};
use crate::exc::Exc;
use crate::gen::awaitable;
use crate::http::{HttpRequest, HttpResponse};
use crate::interp::{Interp, LocalFuture};
use crate::value::bound;
use crate::value::*;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

/// `aiohttp.ClientTimeout(total=...)`.
#[derive(Debug)]
struct TimeoutObj {
    total: Option<f64>,
}

impl Native for TimeoutObj {
    fn type_name(&self) -> &'static str {
        "ClientTimeout"
    }
    fn repr(&self) -> String {
        match self.total {
            Some(t) => format!("ClientTimeout(total={t})"),
            None => "ClientTimeout(total=None)".into(),
        }
    }
    fn get_attr(&self, _this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        (name == "total").then(|| self.total.map(Value::Float).unwrap_or(Value::None))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn seconds(v: &Value, what: &str) -> Result<Option<f64>, Exc> {
    match v {
        Value::None => Ok(None),
        v => match native_ref::<TimeoutObj>(v) {
            Some(t) => Ok(t.total),
            None => match v.as_number() {
                Some(n) if n.as_f64() >= 0.0 && n.as_f64().is_finite() => Ok(Some(n.as_f64())),
                _ => Err(Exc::type_error(format!(
                    "{what} must be an aiohttp.ClientTimeout or a number of seconds"
                ))),
            },
        },
    }
}

/// `aiohttp.ClientSession`.
#[derive(Debug)]
struct SessionObj {
    base_url: Option<String>,
    timeout: Option<f64>,
    raise_for_status: bool,
    headers: Vec<(String, String)>,
    closed: Cell<bool>,
}

fn session_of(a: &Args) -> Result<&SessionObj, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<SessionObj>)
        .ok_or_else(|| Exc::type_error("expected an aiohttp.ClientSession"))
}

fn headers_arg(interp: &Interp, v: Option<Value>) -> Result<Vec<(String, String)>, Exc> {
    match v {
        None | Some(Value::None) => Ok(Vec::new()),
        Some(Value::Dict(ref d)) => d
            .borrow()
            .iter()
            .map(|(k, v)| Ok((interp.str(&k.0)?, interp.str(v)?)))
            .collect(),
        Some(other) => Err(Exc::type_error(format!(
            "headers must be a dict, not {}",
            other.type_name()
        ))),
    }
}

fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn params_query(interp: &Interp, v: Option<Value>) -> Result<String, Exc> {
    let pairs: Vec<(Value, Value)> = match v {
        None | Some(Value::None) => return Ok(String::new()),
        Some(Value::Dict(ref d)) => d
            .borrow()
            .iter()
            .map(|(k, v)| (k.0.clone(), v.clone()))
            .collect(),
        Some(other) => {
            let mut out = Vec::new();
            for item in interp.collect(&other)? {
                match interp.collect(&item)?.as_slice() {
                    [k, v] => out.push((k.clone(), v.clone())),
                    _ => return Err(Exc::type_error("params items must be (key, value) pairs")),
                }
            }
            out
        }
    };
    let mut parts = Vec::new();
    for (k, v) in pairs {
        let v = match v {
            Value::Bool(b) => {
                return Err(Exc::type_error(format!(
                    "Invalid variable type: value should be str, int or float, got {} of type <class 'bool'>",
                    if b { "True" } else { "False" }
                )))
            }
            v => interp.str(&v)?,
        };
        parts.push(format!(
            "{}={}",
            encode_component(&interp.str(&k)?),
            encode_component(&v)
        ));
    }
    Ok(parts.join("&"))
}

/// Joins `base_url` and a request path as aiohttp does for relative paths.
fn join_url(base: Option<&str>, url: &str) -> String {
    match base {
        Some(b) if !url.contains("://") => {
            format!(
                "{}/{}",
                b.trim_end_matches('/'),
                url.trim_start_matches('/')
            )
        }
        _ => url.to_string(),
    }
}

/// Exception `name` of aiohttp with attributes set.
fn client_error(name: &str, msg: String, attrs: Vec<(&str, Value)>) -> Exc {
    let e = Exc::of(name, msg);
    {
        let mut d = e.0.dict.borrow_mut();
        for (k, v) in attrs {
            d.insert(k.into(), v);
        }
    }
    e
}

fn response_error(r: &HttpResponse, method: &str) -> Exc {
    client_error(
        "ClientResponseError",
        format!("{}, message='{}', url='{}'", r.status, r.reason, r.url),
        vec![
            ("status", Value::Int(i64::from(r.status))),
            ("message", Value::str(r.reason.as_str())),
            ("url", Value::str(r.url.as_str())),
            ("method", Value::str(method)),
        ],
    )
}

/// What awaiting `session.get(...)` does.
fn request_future(
    interp: &Interp,
    req: HttpRequest,
    timeout: Option<f64>,
    raise_for_status: bool,
) -> LocalFuture<'static, Result<Value, Exc>> {
    let backend = interp.http_backend();
    let method = req.method.clone();
    let url = req.url.clone();
    Box::pin(async move {
        let fetch = looplab_core::external(backend.fetch(req));
        let limit = timeout.map(Duration::from_secs_f64);
        let run = async move {
            match fetch.await {
                Ok(r) => Ok::<_, Exc>(r),
                Err(c) => Err(Exc::from(c)),
            }
        };
        let outcome = match looplab_core::wait_for(limit, run).await {
            Ok(r) => r?,
            Err(_) => {
                return Err(Exc::of(
                    "TimeoutError",
                    format!(
                        "{method} {url} took longer than the {:.3}s timeout",
                        timeout.unwrap_or(0.0)
                    ),
                ))
            }
        };
        let resp = outcome.map_err(|msg| {
            client_error(
                "ClientConnectorError",
                msg,
                vec![("url", Value::str(url.as_str()))],
            )
        })?;
        if raise_for_status && resp.status >= 400 {
            return Err(response_error(&resp, &method));
        }
        Ok(Value::Native(Rc::new(ResponseObj {
            resp,
            method,
            released: Cell::new(false),
        })))
    })
}

/// `session.get(...)`: awaitable, and an async context manager.
struct RequestObj {
    fut: RefCell<Option<LocalFuture<'static, Result<Value, Exc>>>>,
    response: RefCell<Option<Value>>,
}

impl std::fmt::Debug for RequestObj {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RequestObj")
    }
}

impl RequestObj {
    fn take(&self) -> LocalFuture<'static, Result<Value, Exc>> {
        match self.fut.borrow_mut().take() {
            Some(f) => f,
            None => Box::pin(async {
                Err(Exc::runtime_error("cannot reuse already awaited coroutine"))
            }),
        }
    }
}

/// Whether `v` is a `session.get(...)` not yet awaited (aiohttp's request
/// context manager is a coroutine, so `create_task` accepts it).
pub fn is_request(v: &Value) -> bool {
    native_ref::<RequestObj>(v).is_some_and(|r| r.fut.borrow().is_some())
}

/// The future of an awaited `session.get(...)`, for `await_value`.
pub fn request_awaitable(v: &Value) -> Option<LocalFuture<'static, Result<Value, Exc>>> {
    native_ref::<RequestObj>(v).map(RequestObj::take)
}

impl Native for RequestObj {
    fn type_name(&self) -> &'static str {
        "_RequestContextManager"
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        let f: BuiltinFn = match name {
            "__aenter__" => |_, a| {
                let this = a.pos.first().cloned().unwrap_or(Value::None);
                let r = native_ref::<RequestObj>(&this)
                    .ok_or_else(|| Exc::type_error("expected a request"))?;
                let fut = r.take();
                Ok(awaitable("__aenter__", async move {
                    let resp = fut.await?;
                    if let Some(r) = native_ref::<RequestObj>(&this) {
                        *r.response.borrow_mut() = Some(resp.clone());
                    }
                    Ok(resp)
                }))
            },
            "__aexit__" => |_, a| {
                if let Some(r) = a.pos.first().and_then(native_ref::<RequestObj>) {
                    if let Some(resp) = r.response.borrow_mut().take() {
                        if let Some(resp) = native_ref::<ResponseObj>(&resp) {
                            resp.released.set(true);
                        }
                    }
                }
                Ok(awaitable("__aexit__", async { Ok(Value::Bool(false)) }))
            },
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `aiohttp.ClientResponse`.
#[derive(Debug)]
struct ResponseObj {
    resp: HttpResponse,
    method: String,
    released: Cell<bool>,
}

fn response_of(a: &Args) -> Result<&ResponseObj, Exc> {
    a.pos
        .first()
        .and_then(native_ref::<ResponseObj>)
        .ok_or_else(|| Exc::type_error("expected an aiohttp.ClientResponse"))
}

impl Native for ResponseObj {
    fn type_name(&self) -> &'static str {
        "ClientResponse"
    }
    fn repr(&self) -> String {
        format!(
            "<ClientResponse({}) [{} {}]>",
            self.resp.url, self.resp.status, self.resp.reason
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        match name {
            "status" => return Some(Value::Int(i64::from(self.resp.status))),
            "reason" => return Some(Value::str(self.resp.reason.as_str())),
            "ok" => return Some(Value::Bool(self.resp.status < 400)),
            "url" | "real_url" => return Some(Value::str(self.resp.url.as_str())),
            "method" => return Some(Value::str(self.method.as_str())),
            "content_type" => {
                let ct = self
                    .resp
                    .headers
                    .iter()
                    .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
                    .map(|(_, v)| v.split(';').next().unwrap_or("").trim().to_string())
                    .unwrap_or_else(|| "application/octet-stream".into());
                return Some(Value::str(ct));
            }
            "headers" => {
                let mut d = Dict::default();
                for (k, v) in &self.resp.headers {
                    d.insert(Key(Value::str(k.as_str())), Value::str(v.as_str()));
                }
                return Some(Value::dict(d));
            }
            _ => {}
        }
        let f: BuiltinFn = match name {
            "text" => |_, a| {
                let body = response_of(&a)?.resp.body.clone();
                Ok(awaitable("text", async move { Ok(Value::str(body)) }))
            },
            "json" => |interp, a| {
                let r = response_of(&a)?;
                let parsed = crate::modules::stdlib::json::loads_str(interp, &r.resp.body);
                let parsed = parsed.map_err(|e| {
                    client_error(
                        "ContentTypeError",
                        format!(
                            "{}, message='Attempt to decode JSON with unexpected body: {}', url='{}'",
                            r.resp.status,
                            e.message(),
                            r.resp.url
                        ),
                        vec![("status", Value::Int(i64::from(r.resp.status)))],
                    )
                });
                Ok(awaitable("json", async move { parsed }))
            },
            "raise_for_status" => |_, a| {
                let r = response_of(&a)?;
                if r.resp.status >= 400 {
                    return Err(response_error(&r.resp, &r.method));
                }
                Ok(Value::None)
            },
            "release" | "close" => |_, a| {
                response_of(&a)?.released.set(true);
                Ok(Value::None)
            },
            "__aenter__" => |_, a| {
                let me = a.pos.first().cloned().unwrap_or(Value::None);
                Ok(awaitable("__aenter__", async move { Ok(me) }))
            },
            "__aexit__" => |_, a| {
                response_of(&a)?.released.set(true);
                Ok(awaitable("__aexit__", async { Ok(Value::Bool(false)) }))
            },
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn request(interp: &Interp, method: &str, mut a: Args) -> Result<Value, Exc> {
    let this = a.pos.first().cloned().unwrap_or(Value::None);
    let s = native_ref::<SessionObj>(&this)
        .ok_or_else(|| Exc::type_error("expected an aiohttp.ClientSession"))?;
    if s.closed.get() {
        return Err(Exc::runtime_error("Session is closed"));
    }
    let url = match a.pos.get(1).cloned() {
        Some(u) => Some(u),
        None => a.take_kw("url"),
    };
    let url = match url {
        Some(Value::Str(ref u)) => u.to_string(),
        Some(other) => interp.str(&other)?,
        None => {
            return Err(Exc::type_error(format!(
                "{}() missing 1 required positional argument: 'url'",
                method.to_ascii_lowercase()
            )))
        }
    };
    let mut url = join_url(s.base_url.as_deref(), &url);
    let query = params_query(interp, a.take_kw("params"))?;
    if !query.is_empty() {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&query);
    }
    let mut headers = s.headers.clone();
    headers.extend(headers_arg(interp, a.take_kw("headers"))?);
    let mut body = None;
    if let Some(j) = a.take_kw("json") {
        if !matches!(j, Value::None) {
            body = Some(crate::modules::stdlib::json::dumps_with(
                interp,
                &j,
                Vec::new(),
            )?);
            headers.push(("content-type".into(), "application/json".into()));
        }
    }
    if let Some(d) = a.take_kw("data") {
        if body.is_some() && !matches!(d, Value::None) {
            return Err(Exc::value_error(
                "data and json parameters can not be used at the same time",
            ));
        }
        if !matches!(d, Value::None) {
            body = Some(interp.str(&d)?);
        }
    }
    let timeout = match a.take_kw("timeout") {
        Some(v) => seconds(&v, "timeout")?,
        None => s.timeout,
    };
    let raise = match a.take_kw("raise_for_status") {
        Some(v) => interp.truthy(&v)?,
        None => s.raise_for_status,
    };
    if let Some((k, _)) = a.kw.first() {
        return Err(Exc::type_error(format!(
            "{}() got an unexpected keyword argument '{k}'",
            method.to_ascii_lowercase()
        )));
    }
    let req = HttpRequest {
        method: method.into(),
        url,
        headers,
        body,
    };
    let fut = request_future(interp, req, timeout, raise);
    Ok(Value::Native(Rc::new(RequestObj {
        fut: RefCell::new(Some(fut)),
        response: RefCell::new(None),
    })))
}

impl Native for SessionObj {
    fn type_name(&self) -> &'static str {
        "ClientSession"
    }
    fn repr(&self) -> String {
        format!(
            "<aiohttp.client.ClientSession object at {}>",
            crate::format::address(self as *const Self)
        )
    }
    fn get_attr(&self, this: &Rc<dyn Native>, name: &str) -> Option<Value> {
        if name == "closed" {
            return Some(Value::Bool(self.closed.get()));
        }
        let f: BuiltinFn = match name {
            "get" => |i, a| request(i, "GET", a),
            "post" => |i, a| request(i, "POST", a),
            "put" => |i, a| request(i, "PUT", a),
            "patch" => |i, a| request(i, "PATCH", a),
            "delete" => |i, a| request(i, "DELETE", a),
            "head" => |i, a| request(i, "HEAD", a),
            "request" => |i, mut a| {
                if a.pos.len() < 2 {
                    return Err(Exc::type_error(
                        "request() missing 2 required positional arguments: 'method' and 'url'",
                    ));
                }
                let m = i.str(&a.pos.remove(1))?.to_ascii_uppercase();
                request(i, &m, a)
            },
            "close" => |_, a| {
                session_of(&a)?.closed.set(true);
                Ok(awaitable("close", async { Ok(Value::None) }))
            },
            "__aenter__" => |_, a| {
                let me = a.pos.first().cloned().unwrap_or(Value::None);
                Ok(awaitable("__aenter__", async move { Ok(me) }))
            },
            "__aexit__" => |_, a| {
                session_of(&a)?.closed.set(true);
                Ok(awaitable("__aexit__", async { Ok(Value::Bool(false)) }))
            },
            _ => return None,
        };
        Some(bound(this, name, f))
    }
    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn client_session(interp: &Interp, mut a: Args) -> Result<Value, Exc> {
    let base_url = match a.take_kw("base_url").or_else(|| a.pos.first().cloned()) {
        None | Some(Value::None) => None,
        Some(v) => Some(interp.str(&v)?),
    };
    let timeout = match a.take_kw("timeout") {
        Some(v) => seconds(&v, "timeout")?,
        None => Some(300.0),
    };
    let raise_for_status = match a.take_kw("raise_for_status") {
        Some(v) => interp.truthy(&v)?,
        None => false,
    };
    let headers = headers_arg(interp, a.take_kw("headers"))?;
    if let Some((k, _)) = a.kw.first() {
        return Err(Exc::type_error(format!(
            "ClientSession() got an unexpected keyword argument '{k}'"
        )));
    }
    Ok(Value::Native(Rc::new(SessionObj {
        base_url,
        timeout,
        raise_for_status,
        headers,
        closed: Cell::new(false),
    })))
}

fn client_timeout(_: &Interp, mut a: Args) -> Result<Value, Exc> {
    let total = match a.take_kw("total").or_else(|| a.pos.first().cloned()) {
        None => None,
        Some(v) => seconds(&v, "total")?,
    };
    Ok(Value::Native(Rc::new(TimeoutObj { total })))
}

/// The `aiohttp` module.
pub fn load_module() -> Value {
    let class = |name: &str| Value::Class(crate::exc::class(name));
    module(
        "aiohttp",
        vec![
            ("ClientSession", func("ClientSession", client_session)),
            ("ClientTimeout", func("ClientTimeout", client_timeout)),
            ("ClientError", class("ClientError")),
            ("ClientResponseError", class("ClientResponseError")),
            ("ClientConnectionError", class("ClientConnectionError")),
            ("ClientConnectorError", class("ClientConnectorError")),
            ("ContentTypeError", class("ContentTypeError")),
            ("ServerTimeoutError", class("ServerTimeoutError")),
        ],
    )
}
