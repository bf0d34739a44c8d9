//! The interpreter's network in the browser: `aiohttp` requests become real
//! `fetch` calls (they show in DevTools), cancellable through an
//! `AbortController` that aborts when the request's future is dropped (its
//! task was cancelled or timed out, or the run was stopped).
//!
//! `/api/...` URLs go to the mock API next to the page (answered by the
//! Service Worker in `www/mock-api-sw.js`), wherever the site is served
//! from; other relative URLs resolve against the page; absolute URLs go to
//! the network as usual, CORS permitting — except the reserved example
//! domains (`example.com`, `*.test`, `*.invalid`, …), which are answered
//! in the engine as in instant runs (`docs/mock-api.md`), on the real clock.

use looplab_script::http::{HttpBackend, HttpRequest, HttpResponse};
use looplab_script::interp::LocalFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// `fetch`, as an [`HttpBackend`]: the global `fetch` of the Worker (or
/// page) it runs in.
#[derive(Debug)]
pub struct BrowserHttp {
    /// The page's URL, which relative URLs resolve against (a Worker's own
    /// location is its script's).
    pub base_url: String,
    /// What answers the reserved example domains.
    pub reserved: looplab_script::http::SimulatedNetwork,
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The global `fetch` of a page or a Worker.
    #[wasm_bindgen(js_name = fetch)]
    fn fetch_js(input: &str, init: &web_sys::RequestInit) -> js_sys::Promise;
}

/// The URL to fetch for what the program wrote, resolved against the
/// page's URL `base`.
pub fn resolve(url: &str, base: &str) -> String {
    if url.contains("://") {
        return url.to_string();
    }
    let base = base.split(['#', '?']).next().unwrap_or("").to_string();
    let dir = match base.rfind('/') {
        Some(i) => &base[..=i],
        None => base.as_str(),
    };
    let rel = if let Some(api) = url.strip_prefix("/api/") {
        format!("api/{api}")
    } else {
        url.to_string()
    };
    match web_sys::Url::new_with_base(&rel, dir) {
        Ok(u) => u.href(),
        Err(_) => rel,
    }
}

/// Aborts the request when dropped, unless it finished.
struct AbortOnDrop(Option<web_sys::AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(c) = self.0.take() {
            c.abort();
        }
    }
}

fn js_message(e: &wasm_bindgen::JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}

impl HttpBackend for BrowserHttp {
    fn fetch(&self, req: HttpRequest) -> LocalFuture<'static, Result<HttpResponse, String>> {
        if looplab_script::http::reserved_route(&req.url).is_some() {
            return self.reserved.fetch(req);
        }
        let base = self.base_url.clone();
        Box::pin(async move {
            let url = resolve(&req.url, &base);
            let controller = web_sys::AbortController::new().map_err(|e| js_message(&e))?;
            let init = web_sys::RequestInit::new();
            init.set_method(&req.method);
            init.set_signal(Some(&controller.signal()));
            let headers = web_sys::Headers::new().map_err(|e| js_message(&e))?;
            for (k, v) in &req.headers {
                headers
                    .append(k, v)
                    .map_err(|e| format!("bad header {k}: {}", js_message(&e)))?;
            }
            init.set_headers(&headers);
            if let Some(body) = &req.body {
                init.set_body(&wasm_bindgen::JsValue::from_str(body));
            }
            let mut guard = AbortOnDrop(Some(controller));
            let promise = fetch_js(&url, &init);
            let resp = JsFuture::from(promise)
                .await
                .map_err(|e| format!("Cannot connect to {url}: {}", js_message(&e)))?;
            let resp: web_sys::Response = resp
                .dyn_into()
                .map_err(|_| "fetch did not give a Response".to_string())?;
            let text_promise = resp.text().map_err(|e| js_message(&e))?;
            let body = JsFuture::from(text_promise)
                .await
                .map_err(|e| format!("reading the body of {url} failed: {}", js_message(&e)))?
                .as_string()
                .unwrap_or_default();
            guard.0 = None;
            let mut out_headers = Vec::new();
            for name in [
                "content-type",
                "content-length",
                "x-looplab-mock",
                "x-looplab-delay-ms",
            ] {
                if let Ok(Some(v)) = resp.headers().get(name) {
                    out_headers.push((name.to_string(), v));
                }
            }
            let status = resp.status();
            let reason = match resp.status_text() {
                t if t.is_empty() => looplab_script::http::reason_phrase(status).to_string(),
                t => t,
            };
            Ok(HttpResponse {
                status,
                reason,
                url,
                headers: out_headers,
                body,
            })
        })
    }
}
