//! The network seam of the interpreter: `aiohttp` requests go to an
//! [`HttpBackend`]. The browser host supplies one backed by `fetch`; without
//! one, requests go to [`SimulatedNetwork`], the mock API simulated on the
//! run's clock (the only network an instant run or the CLI has).

use crate::interp::LocalFuture;
use crate::mockapi::{self, MockSettings};
use crate::random::Mt19937;
use std::cell::RefCell;
use std::fmt;
use std::rc::Rc;

/// A request, as the program made it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The URL as the program wrote it (absolute, or relative such as
    /// `/api/users`; the backend resolves it).
    pub url: String,
    /// Request headers.
    pub headers: Vec<(String, String)>,
    /// The body, if any.
    pub body: Option<String>,
}

/// A response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// The reason phrase (`OK`, `Not Found`).
    pub reason: String,
    /// The URL that answered.
    pub url: String,
    /// Response headers, lower-case names.
    pub headers: Vec<(String, String)>,
    /// The body as text.
    pub body: String,
}

/// Where a program's HTTP requests go.
///
/// # Cancel safety
///
/// The interpreter drops the future when the requesting task is cancelled
/// or times out; a backend should abort the request then.
pub trait HttpBackend: fmt::Debug {
    /// Performs `req`. `Err` is a connection-level failure (no response),
    /// with a message for the user.
    fn fetch(&self, req: HttpRequest) -> LocalFuture<'static, Result<HttpResponse, String>>;
}

/// The reason phrase of common statuses.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        418 => "I'm a Teapot",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

/// Splits a URL into the mock API path under `/api/` and the query, if the
/// URL is one of the mock API's (`/api/users`, `api/users?x=1`,
/// `http://host/some/base/api/users`).
pub fn mock_api_path(url: &str) -> Option<(String, String)> {
    let no_fragment = url.split('#').next().unwrap_or(url);
    let (path_part, query) = match no_fragment.split_once('?') {
        Some((p, q)) => (p, q.to_string()),
        None => (no_fragment, String::new()),
    };
    let path = match path_part.split_once("://") {
        Some((_, rest)) => rest.find('/').map(|i| &rest[i..]).unwrap_or("/"),
        None => path_part,
    };
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    let at = path.find("/api/")?;
    Some((path[at + 5..].to_string(), query))
}

/// The mock API, simulated on the run's clock: each response comes after
/// the latency the Service Worker would wait, drawn from a generator seeded
/// by the run's seed.
#[derive(Debug)]
pub struct SimulatedNetwork {
    settings: MockSettings,
    /// Its own generator (the program's `random` is not disturbed).
    rng: Rc<RefCell<Mt19937>>,
}

impl SimulatedNetwork {
    /// A simulated network with these settings and seed.
    pub fn new(settings: MockSettings, seed: u64) -> SimulatedNetwork {
        SimulatedNetwork {
            settings,
            rng: Rc::new(RefCell::new(Mt19937::new(seed))),
        }
    }
}

impl HttpBackend for SimulatedNetwork {
    fn fetch(&self, req: HttpRequest) -> LocalFuture<'static, Result<HttpResponse, String>> {
        let Some((path, query)) = mock_api_path(&req.url) else {
            let url = req.url.clone();
            return Box::pin(async move {
                Err(format!(
                    "Cannot connect to {url}: instant runs have no network, only the mock API (/api/...) answers. Switch the clock to real time to reach other hosts."
                ))
            });
        };
        let rng = self.rng.clone();
        let resp = mockapi::respond(
            &req.method,
            &path,
            &mockapi::parse_query(&query),
            req.body.as_deref(),
            self.settings,
            &mut || rng.borrow_mut().random(),
        );
        let url = req.url;
        Box::pin(async move {
            let delay = std::time::Duration::from_secs_f64(resp.delay_ms / 1000.0);
            if looplab_core::sleep(delay).await.is_err() {
                return Err("request cancelled".into());
            }
            Ok(HttpResponse {
                status: resp.status,
                reason: reason_phrase(resp.status).into(),
                url,
                headers: vec![
                    ("content-type".into(), "application/json".into()),
                    ("x-looplab-mock".into(), "1".into()),
                    (
                        "x-looplab-delay-ms".into(),
                        format!("{}", resp.delay_ms.round() as i64),
                    ),
                ],
                body: resp.body,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::mock_api_path;

    #[test]
    fn mock_api_urls_are_found_relative_absolute_and_under_a_base_path() {
        let p = |u: &str| mock_api_path(u);
        assert_eq!(p("/api/users"), Some(("users".into(), String::new())));
        assert_eq!(
            p("api/items?page=2"),
            Some(("items".into(), "page=2".into()))
        );
        assert_eq!(
            p("https://me.github.io/looplab/api/users/3#x"),
            Some(("users/3".into(), String::new()))
        );
        assert_eq!(p("https://example.com/users"), None);
    }
}
