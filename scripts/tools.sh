# shellcheck shell=bash
# Looplab tool installer: a bash library, sourced by scripts/serve and
# scripts/test (not run on its own).
#
# Every function is idempotent: it checks first, says "X already present,
# skipping" when there is nothing to do, and otherwise says what it installs.
# Versions are pinned here and must stay in step with Cargo.toml
# (wasm-bindgen), Trunk.toml ([tools]) and package.json.
# Background: /work/shared/TOOLCHAIN.md, or the notes beside each function.

if [ -z "${BASH_VERSION:-}" ]; then
    echo "scripts/tools.sh: must be sourced from bash" >&2
    # shellcheck disable=SC2317 # exit only when run rather than sourced
    return 1 2>/dev/null || exit 1
fi

LOOPLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LOOPLAB_WASM_TARGET="wasm32-unknown-unknown"
LOOPLAB_WASM_BINDGEN_VERSION="0.2.130" # = Cargo.toml's "=0.2.130" and Trunk.toml
LOOPLAB_TRUNK_VERSION="0.21.14"        # newest trunk that builds on rustc 1.95
LOOPLAB_WASM_OPT_VERSION="132"         # npm binaryen@132.0.0; Trunk.toml says version_132

# trunk asks crates.io for a newer trunk unless told not to (we pin ours).
export TRUNK_SKIP_VERSION_CHECK="${TRUNK_SKIP_VERSION_CHECK:-true}"

tools_say() { printf '[tools] %s\n' "$*" >&2; }
tools_die() {
    printf '[tools] ERROR: %s\n' "$*" >&2
    exit 1
}

# Run a command as root: directly when we are root, else through sudo.
tools_as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        tools_die "need root for: $* (not root, and no sudo)"
    fi
}

# cargo installs into ~/.cargo/bin; make sure a fresh shell finds it.
tools_cargo_path() {
    local bin="${CARGO_HOME:-$HOME/.cargo}/bin"
    case ":$PATH:" in
    *":$bin:"*) ;;
    *) [ -d "$bin" ] && PATH="$bin:$PATH" ;;
    esac
    command -v cargo >/dev/null 2>&1 || tools_die "cargo not found (install Rust with rustup first)"
    export PATH
}

# rustfmt and clippy: part of the usual rustup profile; added if missing.
install_rust_components() {
    tools_cargo_path
    if cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1; then
        tools_say "rustfmt + clippy already present, skipping"
        return 0
    fi
    tools_say "installing rustup components rustfmt + clippy…"
    rustup component add rustfmt clippy || tools_die "rustup component add rustfmt clippy failed"
}

install_wasm_target() {
    tools_cargo_path
    if rustup target list --installed 2>/dev/null | grep -qx "$LOOPLAB_WASM_TARGET"; then
        tools_say "rust target $LOOPLAB_WASM_TARGET already present, skipping"
        return 0
    fi
    tools_say "installing rust target $LOOPLAB_WASM_TARGET (rustup target add)…"
    rustup target add "$LOOPLAB_WASM_TARGET" || tools_die "rustup target add $LOOPLAB_WASM_TARGET failed"
}

_LOOPLAB_APT_UPDATED=""
tools_apt_update_once() {
    if [ -z "$_LOOPLAB_APT_UPDATED" ]; then
        tools_say "apt-get update…"
        tools_as_root apt-get update -qq || tools_die "apt-get update failed"
        _LOOPLAB_APT_UPDATED=1
    fi
}

# Debian's Chromium and ChromeDriver: the browser for wasm-bindgen-test and for
# the end-to-end tests (playwright cannot download its own browser here).
install_chromium() {
    if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
        tools_say "chromium + chromium-driver already present, skipping"
        return 0
    fi
    tools_apt_update_once
    tools_say "installing chromium + chromium-driver (apt-get, ~1 min)…"
    tools_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq chromium chromium-driver || tools_die "apt-get install chromium chromium-driver failed"
    [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] ||
        tools_die "apt installed chromium, but /usr/bin/chromium or /usr/bin/chromedriver is missing"
}

# clang and LLVM's archiver from Debian: the C compiler for SQLite in the
# wasm32 build of crates/sql-wasm. sqlite-wasm-rs compiles SQLite's C source
# with the cc crate, which needs a compiler that targets wasm32 (gcc cannot).
# Native builds and tests compile SQLite with gcc and do not need it.
# No Recommends: they would add llvm-*-dev, some 265 MB more.
install_clang() {
    if command -v clang >/dev/null 2>&1; then
        tools_say "clang already present, skipping"
        return 0
    fi
    tools_apt_update_once
    tools_say "installing clang + llvm (apt-get, for SQLite in wasm32; ~250 MB)…"
    tools_as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -qq --no-install-recommends clang llvm || tools_die "apt-get install clang llvm failed"
    command -v clang >/dev/null 2>&1 || tools_die "apt installed clang, but there is no clang on PATH"
}

# wasm-bindgen CLI (wasm-bindgen, wasm-bindgen-test-runner). Must be exactly the
# version in Cargo.lock, or trunk tries to download one and fails offline.
# No --locked: its lockfile names a crate version the registry mirror lacks.
install_wasm_bindgen() {
    tools_cargo_path
    local want="wasm-bindgen $LOOPLAB_WASM_BINDGEN_VERSION" have=""
    have="$(wasm-bindgen --version 2>/dev/null || true)"
    if [ "$have" = "$want" ] && command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
        tools_say "wasm-bindgen-cli $LOOPLAB_WASM_BINDGEN_VERSION already present, skipping"
        return 0
    fi
    tools_say "installing wasm-bindgen-cli $LOOPLAB_WASM_BINDGEN_VERSION (cargo install, ~4–7 min on 2 cores; found: '${have:-none}')…"
    cargo install wasm-bindgen-cli --version "$LOOPLAB_WASM_BINDGEN_VERSION" --force ||
        tools_die "cargo install wasm-bindgen-cli $LOOPLAB_WASM_BINDGEN_VERSION failed"
    have="$(wasm-bindgen --version 2>/dev/null || true)"
    [ "$have" = "$want" ] || tools_die "after install, 'wasm-bindgen --version' says '$have', want '$want' (check PATH: $(command -v wasm-bindgen || echo none))"
}

# cargo_install_locked TOOL VERSION MINUTES: `cargo install --locked` of a
# binary crate whose `TOOL --version` says "TOOL VERSION".
cargo_install_locked() {
    tools_cargo_path
    local tool="$1" version="$2" minutes="$3" have=""
    have="$("$tool" --version 2>/dev/null || true)"
    if [ "$have" = "$tool $version" ]; then
        tools_say "$tool $version already present, skipping"
        return 0
    fi
    tools_say "installing $tool $version (cargo install --locked, ~$minutes min on 2 cores; found: '${have:-none}')…"
    cargo install --locked "$tool" --version "$version" --force ||
        tools_die "cargo install $tool $version failed"
    have="$("$tool" --version 2>/dev/null || true)"
    [ "$have" = "$tool $version" ] || tools_die "after install, '$tool --version' says '$have', want '$tool $version'"
}

install_trunk() {
    cargo_install_locked trunk "$LOOPLAB_TRUNK_VERSION" "10–15"
}

# wasm-pack builds the npm package (scripts/build-npm). It uses the pinned
# wasm-bindgen on PATH (--mode no-install) and never runs its own wasm-opt
# (--no-opt; the packages' metadata say wasm-opt = false): npm's wasm-opt
# 132 runs afterwards.
LOOPLAB_WASM_PACK_VERSION="0.15.1"
install_wasm_pack() {
    cargo_install_locked wasm-pack "$LOOPLAB_WASM_PACK_VERSION" 5
}

# npm devDependencies of the repo (binaryen's wasm-opt, playwright-core).
# Skipped when every pinned devDependency is already installed at its version.
install_npm_deps() {
    command -v node >/dev/null 2>&1 || tools_die "node not found (Node.js 20 is needed)"
    command -v npm >/dev/null 2>&1 || tools_die "npm not found"
    # shellcheck disable=SC2016 # the single-quoted text is JavaScript
    if (cd "$LOOPLAB_ROOT" && node -e '
        const fs = require("fs");
        const want = JSON.parse(fs.readFileSync("package.json", "utf8")).devDependencies || {};
        for (const [name, version] of Object.entries(want)) {
            let have;
            try { have = JSON.parse(fs.readFileSync(`node_modules/${name}/package.json`, "utf8")).version; }
            catch { process.exit(1); }
            if (have !== version) process.exit(1);
        }' 2>/dev/null); then
        tools_say "npm devDependencies already present, skipping"
        return 0
    fi
    if [ -f "$LOOPLAB_ROOT/package-lock.json" ]; then
        tools_say "installing npm devDependencies (npm ci: binaryen, playwright-core)…"
        (cd "$LOOPLAB_ROOT" && npm ci --no-audit --no-fund) || tools_die "npm ci failed"
    else
        tools_say "installing npm devDependencies (npm install: binaryen, playwright-core)…"
        (cd "$LOOPLAB_ROOT" && npm install --no-audit --no-fund) || tools_die "npm install failed"
    fi
}

# Put the repo's node_modules/.bin first on PATH, so npm's wasm-opt 132 wins
# over Debian's /usr/bin/wasm-opt (binaryen 108 breaks wasm-bindgen output).
use_repo_bin_path() {
    local bin="$LOOPLAB_ROOT/node_modules/.bin"
    [ -d "$bin" ] || tools_die "$bin is missing: run install_npm_deps first"
    PATH="$bin:$PATH"
    export PATH
    local found version
    found="$(command -v wasm-opt || true)"
    version="$(wasm-opt --version 2>/dev/null || true)"
    case "$version" in
    *"version $LOOPLAB_WASM_OPT_VERSION "* | *"version $LOOPLAB_WASM_OPT_VERSION") ;;
    *) tools_die "wasm-opt on PATH is '${found:-none}' saying '${version:-nothing}'; need version $LOOPLAB_WASM_OPT_VERSION from npm binaryen (never Debian's binaryen)" ;;
    esac
    tools_say "using $found ($version)"
}

# Plain `trunk build` / `trunk serve` look for wasm-opt on PATH (offline, they
# cannot download one). Put a small launcher of the repo's npm wasm-opt 132
# next to cargo's binaries (~/.cargo/bin, on PATH wherever rustup is), unless
# another wasm-opt is already first on PATH: then say what to do instead.
LOOPLAB_SHIM_MARK="# looplab: launches npm binaryen's wasm-opt"
install_wasm_opt_shim() {
    tools_cargo_path
    local shim="${CARGO_HOME:-$HOME/.cargo}/bin/wasm-opt"
    local npm_opt="$LOOPLAB_ROOT/node_modules/binaryen/bin/wasm-opt"
    [ -e "$npm_opt" ] || tools_die "$npm_opt is missing: run install_npm_deps first"
    if [ -e "$shim" ] && ! grep -qF "$LOOPLAB_SHIM_MARK" "$shim" 2>/dev/null; then
        tools_say "note: $shim is not ours; plain 'trunk build' uses it. If it is not wasm-opt $LOOPLAB_WASM_OPT_VERSION, run trunk as PATH=\"$LOOPLAB_ROOT/node_modules/.bin:\$PATH\" trunk build"
        return 0
    fi
    # It runs the wasm-opt of the checkout trunk works in (found upward from
    # the current directory), else this checkout's.
    local body
    body="$(cat <<SHIM
#!/bin/sh
$LOOPLAB_SHIM_MARK (fallback: $LOOPLAB_ROOT)
d="\$PWD"
while [ -n "\$d" ] && [ "\$d" != / ]; do
    if [ -f "\$d/node_modules/binaryen/bin/wasm-opt" ]; then
        exec node "\$d/node_modules/binaryen/bin/wasm-opt" "\$@"
    fi
    d="\$(dirname "\$d")"
done
exec node "$npm_opt" "\$@"
SHIM
)"
    if [ -e "$shim" ] && [ "$(cat "$shim")" = "$body" ]; then
        tools_say "wasm-opt launcher for plain trunk already present, skipping"
    else
        printf '%s\n' "$body" >"$shim"
        chmod +x "$shim"
        tools_say "installed $shim (runs npm's wasm-opt $LOOPLAB_WASM_OPT_VERSION, so plain 'trunk build' works)"
    fi
    case "$(command -v wasm-opt 2>/dev/null || true)" in
    "$shim" | "$LOOPLAB_ROOT/node_modules/.bin/wasm-opt" | "") ;;
    *) tools_say "note: $(command -v wasm-opt) comes before $shim on PATH; plain 'trunk build' would use it" ;;
    esac
}

# Everything scripts/serve needs.
install_site_tools() {
    install_wasm_target
    install_clang
    install_wasm_bindgen
    install_trunk
    install_npm_deps
    install_wasm_opt_shim
    use_repo_bin_path
}

# Everything scripts/test needs.
install_all_tools() {
    install_rust_components
    install_wasm_target
    install_chromium
    install_clang
    install_wasm_bindgen
    install_trunk
    install_wasm_pack
    install_npm_deps
    install_wasm_opt_shim
    use_repo_bin_path
}
