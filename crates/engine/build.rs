//! Links the engine's WebAssembly with an 8 MiB stack instead of the
//! linker's 1 MiB. The interpreter keeps Python frames on the heap, but a
//! Python call made from Rust (a class's `__init__`, a `key=` function, an
//! awaited coroutine's poll) still nests in Rust, up to
//! `looplab_script::interp::NATIVE_DEPTH` deep: 1 MiB ran out at about 330
//! nested `__init__` calls ("memory access out of bounds").

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32") {
        println!("cargo:rustc-link-arg-cdylib=-zstack-size=8388608");
    }
}
