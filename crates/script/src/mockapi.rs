//! The mock API, simulated in-process (see `docs/mock-api.md`, the contract
//! this module and the page's Service Worker both follow).
//!
//! On the virtual clock there is no network: `aiohttp` requests to `/api/...`
//! are answered here, after the same latency the Service Worker would wait,
//! drawn from the run's seeded generator so a run is reproducible.

/// The three numbers the page's knobs set (and a run's options carry).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MockSettings {
    /// Milliseconds before a response.
    pub latency_ms: f64,
    /// Milliseconds of uniform jitter, plus or minus.
    pub jitter_ms: f64,
    /// Probability (0–1) of an injected 503.
    pub fail: f64,
}

impl Default for MockSettings {
    fn default() -> MockSettings {
        MockSettings {
            latency_ms: 100.0,
            jitter_ms: 0.0,
            fail: 0.0,
        }
    }
}

/// A response of the mock API.
#[derive(Clone, Debug, PartialEq)]
pub struct MockResponse {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body.
    pub body: String,
    /// How long the response takes, in milliseconds.
    pub delay_ms: f64,
}

const NAMES: [&str; 10] = [
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Ken", "Dennis", "Guido", "Margaret",
];

fn user(id: usize) -> Option<String> {
    let name = NAMES.get(id.checked_sub(1)?)?;
    Some(format!(
        "{{\"id\":{id},\"name\":\"{name}\",\"email\":\"{}@example.com\"}}",
        name.to_lowercase()
    ))
}

fn post(id: usize) -> Option<String> {
    if !(1..=30).contains(&id) {
        return None;
    }
    let owner = (id - 1) / 3 + 1;
    let name = NAMES.get(owner - 1)?;
    Some(format!(
        "{{\"id\":{id},\"userId\":{owner},\"title\":\"Post {id} by {name}\"}}"
    ))
}

/// A JSON string literal as `JSON.stringify` writes it (serde_json escapes
/// the same characters: `"`, `\\`, and controls below U+0020).
pub(crate) fn json_string(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

fn error_body(error: &str, path: &str) -> String {
    format!("{{\"error\":\"{error}\",\"path\":{}}}", json_string(path))
}

/// The request body as `JSON.stringify(JSON.parse(body))` would give it for
/// everyday JSON (whitespace outside strings removed), or `null` if it is
/// empty or not JSON.
fn compact_json(body: Option<&str>) -> String {
    let Some(text) = body else {
        return "null".into();
    };
    if serde_json::from_str::<serde_json::Value>(text).is_err() {
        return "null".into();
    }
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

fn param<'a>(query: &'a [(String, String)], name: &str) -> Option<&'a str> {
    query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn number(query: &[(String, String)], name: &str) -> Option<f64> {
    param(query, name)
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|v| v.is_finite())
}

/// Parses the integer part of a query value as JavaScript's `parseInt`
/// would for plain decimal input.
fn int_param(query: &[(String, String)], name: &str) -> Option<i64> {
    let v = param(query, name)?.trim();
    let digits: String = v
        .char_indices()
        .take_while(|(i, c)| c.is_ascii_digit() || (*i == 0 && (*c == '-' || *c == '+')))
        .map(|(_, c)| c)
        .collect();
    digits.parse().ok()
}

/// Answers one request. `path` is the path under the API root without the
/// query (`users/3`), `query` the decoded query parameters in order,
/// `random` draws uniform numbers in [0, 1).
pub fn respond(
    method: &str,
    path: &str,
    query: &[(String, String)],
    body: Option<&str>,
    settings: MockSettings,
    random: &mut dyn FnMut() -> f64,
) -> MockResponse {
    const CONTROL: [&str; 4] = ["latency", "jitter", "fail", "status"];
    let latency = number(query, "latency").unwrap_or(settings.latency_ms);
    let jitter = number(query, "jitter").unwrap_or(settings.jitter_ms);
    let fail = number(query, "fail").unwrap_or(settings.fail);
    let u = random() * 2.0 - 1.0;
    let delay_ms = (latency + jitter * u).max(0.0).round();
    let full_path = format!("/api/{path}");
    let draw = random();
    let answer = |status: u16, body: String| MockResponse {
        status,
        body,
        delay_ms,
    };
    if draw < fail {
        return answer(503, error_body("injected failure", &full_path));
    }
    if let Some(code) = int_param(query, "status") {
        return match u16::try_from(code) {
            Ok(c) if (100..=599).contains(&c) => answer(c, format!("{{\"status\":{c}}}")),
            _ => answer(400, error_body("bad status", &full_path)),
        };
    }
    let rest: Vec<(String, String)> = query
        .iter()
        .filter(|(k, _)| !CONTROL.contains(&k.as_str()))
        .cloned()
        .collect();
    let not_found = || answer(404, error_body("not found", &full_path));
    let parts: Vec<&str> = path.split('/').collect();
    let is_get = method.eq_ignore_ascii_case("GET");
    match (parts.as_slice(), is_get) {
        (["users"], true) => {
            let all: Vec<String> = (1..=10).filter_map(user).collect();
            answer(200, format!("[{}]", all.join(",")))
        }
        (["users", id], true) => match id.parse::<usize>().ok().and_then(user) {
            Some(u) => answer(200, u),
            None => not_found(),
        },
        (["posts"], true) => {
            let owner = int_param(&rest, "user");
            let all: Vec<String> = (1..=30usize)
                .filter(|p| owner.is_none_or(|o| ((p - 1) / 3 + 1) as i64 == o))
                .filter_map(post)
                .collect();
            answer(200, format!("[{}]", all.join(",")))
        }
        (["posts", id], true) => match id.parse::<usize>().ok().and_then(post) {
            Some(p) => answer(200, p),
            None => not_found(),
        },
        (["items"], true) => {
            let page = int_param(&rest, "page").unwrap_or(1).max(1);
            let size = int_param(&rest, "size").unwrap_or(10).clamp(1, 50);
            let first = (page - 1).saturating_mul(size) + 1;
            let last = (first + size - 1).min(100);
            let items: Vec<String> = (first..=last)
                .map(|i| format!("{{\"id\":{i},\"name\":\"item-{i:03}\"}}"))
                .collect();
            let next = if last < 100 && first <= 100 {
                (page + 1).to_string()
            } else {
                "null".into()
            };
            answer(
                200,
                format!(
                    "{{\"page\":{page},\"size\":{size},\"total\":100,\"items\":[{}],\"next\":{next}}}",
                    items.join(",")
                ),
            )
        }
        (["echo"], _) => {
            let q: Vec<String> = rest
                .iter()
                .map(|(k, v)| format!("{}:{}", json_string(k), json_string(v)))
                .collect();
            let method = method.to_ascii_uppercase();
            let mut out = format!(
                "{{\"method\":{},\"query\":{{{}}}",
                json_string(&method),
                q.join(",")
            );
            if method != "GET" && method != "HEAD" {
                out.push_str(",\"json\":");
                out.push_str(&compact_json(body));
            }
            out.push('}');
            answer(200, out)
        }
        (["status", code], true) => match code.parse::<u16>() {
            Ok(c) if (100..=599).contains(&c) => answer(c, format!("{{\"status\":{c}}}")),
            _ => answer(400, error_body("bad status", &full_path)),
        },
        _ => not_found(),
    }
}

/// Splits a URL's query string into decoded `(key, value)` pairs, as
/// `URLSearchParams` does (`+` is a space, `%XX` escapes).
pub fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(path: &str, query: &str) -> MockResponse {
        let mut draws = [0.5, 0.99].into_iter().cycle();
        respond(
            "GET",
            path,
            &parse_query(query),
            None,
            MockSettings::default(),
            &mut || draws.next().unwrap_or(0.5),
        )
    }

    #[test]
    fn users_and_posts_are_the_fixed_data_of_the_contract() {
        let r = get("users/2", "");
        assert_eq!(r.status, 200);
        assert_eq!(
            r.body,
            r#"{"id":2,"name":"Grace","email":"grace@example.com"}"#
        );
        assert_eq!(get("users", "").body.matches("\"id\"").count(), 10);
        assert_eq!(
            get("posts/4", "").body,
            r#"{"id":4,"userId":2,"title":"Post 4 by Grace"}"#
        );
        assert_eq!(
            get("posts", "user=10").body,
            r#"[{"id":28,"userId":10,"title":"Post 28 by Margaret"},{"id":29,"userId":10,"title":"Post 29 by Margaret"},{"id":30,"userId":10,"title":"Post 30 by Margaret"}]"#
        );
        assert_eq!(get("users/11", "").status, 404);
        assert_eq!(
            get("nope", "").body,
            r#"{"error":"not found","path":"/api/nope"}"#
        );
    }

    #[test]
    fn items_come_in_pages_and_the_last_page_has_no_next() {
        let first = get("items", "");
        assert!(first.body.starts_with(
            r#"{"page":1,"size":10,"total":100,"items":[{"id":1,"name":"item-001"},"#
        ));
        assert!(first
            .body
            .ends_with(r#"{"id":10,"name":"item-010"}],"next":2}"#));
        let last = get("items", "page=4&size=30");
        assert!(last.body.contains(r#"{"id":91,"name":"item-091"}"#));
        assert!(last
            .body
            .ends_with(r#"{"id":100,"name":"item-100"}],"next":null}"#));
        assert_eq!(
            get("items", "page=9&size=50").body,
            r#"{"page":9,"size":50,"total":100,"items":[],"next":null}"#
        );
        assert!(get("items", "size=500")
            .body
            .starts_with(r#"{"page":1,"size":50,"#));
    }

    #[test]
    fn control_parameters_set_delay_status_and_failure_and_are_not_echoed() {
        let r = get("echo", "a=1&latency=250&b=x%20y");
        assert_eq!(r.body, r#"{"method":"GET","query":{"a":"1","b":"x y"}}"#);
        assert_eq!(r.delay_ms, 250.0);
        let mut draws = [1.0, 0.0].into_iter();
        let r = respond(
            "GET",
            "users",
            &parse_query("latency=100&jitter=40&fail=0.5"),
            None,
            MockSettings::default(),
            &mut || draws.next().unwrap_or(0.0),
        );
        assert_eq!(r.delay_ms, 140.0);
        assert_eq!(r.status, 503);
        assert_eq!(
            r.body,
            r#"{"error":"injected failure","path":"/api/users"}"#
        );
        assert_eq!(get("users", "status=418").status, 418);
        assert_eq!(get("status/500", "").body, r#"{"status":500}"#);
        assert_eq!(get("status/42", "").status, 400);
        assert_eq!(get("users", "latency=-50").delay_ms, 0.0);
    }

    #[test]
    fn a_posted_body_is_echoed_compactly() {
        let r = respond(
            "POST",
            "echo",
            &[],
            Some(r#"{"name": "Ada", "tags": ["x", "a b"]}"#),
            MockSettings::default(),
            &mut || 0.5,
        );
        assert_eq!(
            r.body,
            r#"{"method":"POST","query":{},"json":{"name":"Ada","tags":["x","a b"]}}"#
        );
        let bad = respond(
            "POST",
            "echo",
            &[],
            Some("not json"),
            MockSettings::default(),
            &mut || 0.5,
        );
        assert_eq!(bad.body, r#"{"method":"POST","query":{},"json":null}"#);
    }

    #[test]
    fn json_string_escapes_as_the_json_module_does() {
        let mut all: String = (0u32..0x80).filter_map(char::from_u32).collect();
        all.push_str("é€😀\u{7f}\u{2028}");
        // `json.dumps(all, ensure_ascii=False)` in CPython 3.11.
        let cpython = "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f !\\\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\u{7f}é€😀\u{7f}\u{2028}\"";
        assert_eq!(json_string(&all), cpython);
        for s in [all.as_str(), "", "plain", "a\"b\\c"] {
            assert_eq!(
                json_string(s),
                crate::modules::stdlib::json::quote(s, false)
            );
        }
    }
}
