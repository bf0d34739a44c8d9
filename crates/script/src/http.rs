//! The network seam of the interpreter: `aiohttp` requests go to an
//! [`HttpBackend`]. The browser host supplies one backed by `fetch`; without
//! one, requests go to [`SimulatedNetwork`], the mock API simulated on the
//! run's clock (the only network an instant run or the CLI has).

use crate::mockapi::{self, MockSettings};
use crate::random::Mt19937;
use std::cell::RefCell;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// A boxed, non-`Send` future: what a backend's `request` returns, and what
/// the interpreter's suspended work is made of.
pub type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

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

/// The backend a run starts with: the simulated mock API, in the full
/// engine. The first-run engine has no `aiohttp` to call one, so it holds
/// a backend that refuses every request instead of the mock API's code.
pub fn default_backend(mock: crate::mockapi::MockSettings, seed: u64) -> Rc<dyn HttpBackend> {
    #[cfg(feature = "full")]
    return Rc::new(SimulatedNetwork::new(mock, seed));
    #[cfg(not(feature = "full"))]
    {
        let _ = (mock, seed);
        Rc::new(NoNetwork)
    }
}

/// What the first-run engine holds in place of a network.
#[cfg(not(feature = "full"))]
#[derive(Debug)]
struct NoNetwork;

#[cfg(not(feature = "full"))]
impl HttpBackend for NoNetwork {
    fn fetch(&self, _: HttpRequest) -> LocalFuture<'static, Result<HttpResponse, String>> {
        Box::pin(async { Err("this engine has no network (aiohttp is in the full engine)".into()) })
    }
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

/// The host of an absolute URL, lower-case, without port or credentials.
pub fn host_of(url: &str) -> Option<String> {
    let (_, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let authority = authority.rsplit('@').next().unwrap_or(authority);
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    (!host.is_empty()).then(|| host.trim_end_matches('.').to_ascii_lowercase())
}

/// Whether `host` is one of the names reserved for documentation and
/// tests (RFC 2606, RFC 6761): `example.com`/`.org`/`.net` and their
/// subdomains, and anything under `.example`, `.test` or `.invalid`.
pub fn is_reserved_host(host: &str) -> bool {
    let under = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    [
        "example.com",
        "example.org",
        "example.net",
        "example",
        "test",
        "invalid",
    ]
    .iter()
    .any(|d| under(d))
}

/// Where a request to a reserved host goes (see `docs/mock-api.md`).
#[derive(Clone, Debug, PartialEq)]
pub enum Reserved {
    /// To the mock API: path under `/api/`, query, and a latency that
    /// replaces the configured one (`slow.` hosts).
    Api {
        /// `users/3`
        path: String,
        /// `page=2`
        query: String,
        /// Milliseconds, if the host sets it.
        latency_ms: Option<f64>,
    },
    /// An `api.` host's path the mock API has no route for: a small JSON
    /// document describing the request.
    Json {
        /// The path, `/data`.
        path: String,
    },
    /// A web page: the HTML of `example.com`.
    Page,
    /// A name that never resolves (`.invalid`).
    Unresolvable(String),
}

/// The latency of a `slow.` host, in milliseconds.
pub const SLOW_HOST_MS: f64 = 3000.0;

/// Where a request to `url` goes if its host is reserved; `None` for every
/// other URL (relative ones included).
pub fn reserved_route(url: &str) -> Option<Reserved> {
    let host = host_of(url)?;
    if !is_reserved_host(&host) {
        return None;
    }
    if host == "invalid" || host.ends_with(".invalid") {
        return Some(Reserved::Unresolvable(host));
    }
    let slow = host.starts_with("slow.") || host.contains(".slow.");
    let latency_ms = slow.then_some(SLOW_HOST_MS);
    if let Some((path, query)) = mock_api_path(url) {
        return Some(Reserved::Api {
            path,
            query,
            latency_ms,
        });
    }
    let is_api = host.starts_with("api.") || host.contains(".api.");
    if is_api || slow {
        let (_, rest) = url.split_once("://")?;
        let after_host = rest.find('/').map_or("/", |i| &rest[i..]);
        let no_fragment = after_host.split('#').next().unwrap_or("/");
        let (path, query) = match no_fragment.split_once('?') {
            Some((p, q)) => (p.to_string(), q.to_string()),
            None => (no_fragment.to_string(), String::new()),
        };
        let first = path.trim_start_matches('/').split('/').next().unwrap_or("");
        let known = ["users", "posts", "items", "echo", "status"].contains(&first);
        return Some(if known {
            Reserved::Api {
                path: path.trim_start_matches('/').to_string(),
                query,
                latency_ms,
            }
        } else if is_api {
            Reserved::Json { path }
        } else {
            Reserved::Page
        });
    }
    Some(Reserved::Page)
}

/// The page a reserved web host answers with.
pub const EXAMPLE_PAGE: &str = "<!doctype html>\n<html>\n<head>\n    <title>Example Domain</title>\n    <meta charset=\"utf-8\" />\n</head>\n<body>\n<div>\n    <h1>Example Domain</h1>\n    <p>This domain is for use in illustrative examples in documents. You may use this\n    domain in literature without prior coordination or asking for permission.</p>\n    <p><a href=\"https://www.iana.org/domains/example\">More information...</a></p>\n</div>\n</body>\n</html>\n";

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
        let reserved = reserved_route(&req.url);
        let (path, query, settings) = match (&reserved, mock_api_path(&req.url)) {
            (
                Some(Reserved::Api {
                    path,
                    query,
                    latency_ms,
                }),
                _,
            ) => {
                let mut settings = self.settings;
                if let Some(ms) = latency_ms {
                    settings.latency_ms = *ms;
                }
                (path.clone(), query.clone(), settings)
            }
            (Some(other), _) => return self.other_reserved(&req, other.clone()),
            (None, Some((path, query))) => (path, query, self.settings),
            (None, _) => {
                let url = req.url.clone();
                return Box::pin(async move {
                    Err(format!(
                        "Cannot connect to {url}: instant runs have no network; the mock API (/api/...) and the reserved example domains (example.com, *.test, …) answer. Switch the clock to real time to reach other hosts."
                    ))
                });
            }
        };
        let rng = self.rng.clone();
        let resp = mockapi::respond(
            &req.method,
            &path,
            &mockapi::parse_query(&query),
            req.body.as_deref(),
            settings,
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

impl SimulatedNetwork {
    /// A reserved host's answer that is not the mock API's: a page, a JSON
    /// description of the request, or a name that does not resolve.
    fn other_reserved(
        &self,
        req: &HttpRequest,
        route: Reserved,
    ) -> LocalFuture<'static, Result<HttpResponse, String>> {
        let mut rng = self.rng.borrow_mut();
        let u = rng.random() * 2.0 - 1.0;
        let s = self.settings;
        let delay_ms = (s.latency_ms + s.jitter_ms * u).max(0.0).round();
        let url = req.url.clone();
        let method = req.method.to_ascii_uppercase();
        Box::pin(async move {
            let (status, content_type, body) = match route {
                Reserved::Unresolvable(host) => {
                    // A failed name lookup is quick.
                    let _ = looplab_core::sleep(std::time::Duration::from_millis(5)).await;
                    let port = if url.starts_with("https:") { 443 } else { 80 };
                    return Err(format!(
                        "Cannot connect to host {host}:{port} ssl:{} [Name or service not known]",
                        if port == 443 { "default" } else { "False" }
                    ));
                }
                Reserved::Page => (200, "text/html; charset=UTF-8", EXAMPLE_PAGE.to_string()),
                Reserved::Json { path } => (
                    200,
                    "application/json",
                    format!(
                        "{{\"ok\":true,\"method\":{},\"path\":{},\"data\":[{{\"id\":1,\"value\":\"alpha\"}},{{\"id\":2,\"value\":\"beta\"}},{{\"id\":3,\"value\":\"gamma\"}}]}}",
                        crate::mockapi::json_string(&method),
                        crate::mockapi::json_string(&path)
                    ),
                ),
                Reserved::Api { .. } => (404, "application/json", "{}".to_string()),
            };
            let delay = std::time::Duration::from_secs_f64(delay_ms / 1000.0);
            if looplab_core::sleep(delay).await.is_err() {
                return Err("request cancelled".into());
            }
            Ok(HttpResponse {
                status,
                reason: reason_phrase(status).into(),
                url,
                headers: vec![
                    ("content-type".into(), content_type.into()),
                    ("x-looplab-mock".into(), "1".into()),
                ],
                body,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{mock_api_path, reserved_route, Reserved};

    #[test]
    fn reserved_hosts_are_answered_and_others_are_not() {
        let api = |path: &str, latency_ms| {
            Some(Reserved::Api {
                path: path.into(),
                query: String::new(),
                latency_ms,
            })
        };
        assert_eq!(reserved_route("http://example.com"), Some(Reserved::Page));
        assert_eq!(
            reserved_route("https://www.example.org/x"),
            Some(Reserved::Page)
        );
        assert_eq!(
            reserved_route("https://api.example.com/data"),
            Some(Reserved::Json {
                path: "/data".into()
            })
        );
        assert_eq!(
            reserved_route("https://api.example.com/users/3"),
            api("users/3", None)
        );
        assert_eq!(
            reserved_route("http://shop.test/api/items"),
            api("items", None)
        );
        assert_eq!(
            reserved_route("https://slow.example.com/api/users"),
            api("users", Some(super::SLOW_HOST_MS))
        );
        assert_eq!(
            reserved_route("http://nope.invalid/"),
            Some(Reserved::Unresolvable("nope.invalid".into()))
        );
        assert_eq!(reserved_route("https://example.community/"), None);
        assert_eq!(reserved_route("https://python.org/"), None);
        assert_eq!(reserved_route("/api/users"), None);
    }

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
