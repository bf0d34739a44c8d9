//! Looplab's first-run engine: `looplab-engine` built without its `full`
//! feature (docs/size.md, cut 9), so a page's Worker starts on a module
//! about a fifth smaller. It runs any program whose `import` statements
//! name none of `looplab_script::modules::FULL_ONLY` (aiohttp, aiofiles,
//! asyncpg, pytest, `re`, `datetime`, …) and no test run or exercise check;
//! for those its Worker loads the full engine (`www/engine-worker.js`) and
//! hands it the run.
//!
//! Everything is `looplab-engine`'s: this crate only makes a second
//! wasm module of it, since one crate builds one module.

pub use looplab_engine::*;
