//! The kept workspace across visits, in the origin private file system
//! (OPFS): one file, `looplab-workspace.json`, written whole after each
//! run. Where OPFS is missing (an old browser, a page not served over a
//! secure origin), callers fall back to local storage.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

const FILE: &str = "looplab-workspace.json";

fn message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}

async fn root() -> Result<web_sys::FileSystemDirectoryHandle, String> {
    let window = web_sys::window().ok_or("no window")?;
    let storage = window.navigator().storage();
    let dir = JsFuture::from(storage.get_directory())
        .await
        .map_err(|e| message(&e))?;
    dir.dyn_into()
        .map_err(|_| "OPFS gave no directory".to_string())
}

/// Writes the kept workspace.
///
/// # Errors
///
/// What OPFS said (unavailable, over quota).
pub async fn save(text: &str) -> Result<(), String> {
    let dir = root().await?;
    let opts = web_sys::FileSystemGetFileOptions::new();
    opts.set_create(true);
    let handle: web_sys::FileSystemFileHandle =
        JsFuture::from(dir.get_file_handle_with_options(FILE, &opts))
            .await
            .map_err(|e| message(&e))?
            .dyn_into()
            .map_err(|_| "OPFS gave no file".to_string())?;
    let stream: web_sys::FileSystemWritableFileStream = JsFuture::from(handle.create_writable())
        .await
        .map_err(|e| message(&e))?
        .dyn_into()
        .map_err(|_| "OPFS gave no writable stream".to_string())?;
    JsFuture::from(stream.write_with_str(text).map_err(|e| message(&e))?)
        .await
        .map_err(|e| message(&e))?;
    JsFuture::from(stream.close())
        .await
        .map_err(|e| message(&e))?;
    Ok(())
}

/// The kept workspace, if there is one.
pub async fn load() -> Option<String> {
    let dir = root().await.ok()?;
    let handle: web_sys::FileSystemFileHandle = JsFuture::from(dir.get_file_handle(FILE))
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    let file: web_sys::File = JsFuture::from(handle.get_file())
        .await
        .ok()?
        .dyn_into()
        .ok()?;
    JsFuture::from(file.text()).await.ok()?.as_string()
}

/// Forgets the kept workspace.
pub async fn remove() {
    if let Ok(dir) = root().await {
        let _ = JsFuture::from(dir.remove_entry(FILE)).await;
    }
}
