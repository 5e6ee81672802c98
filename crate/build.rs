//! Build script: the test-only wasm (cargo feature `test-hooks`, `make test-build`) caps its
//! memory at 256 MiB, so that the end-to-end tests run it out of memory quickly. A link argument
//! here rather than in RUSTFLAGS, so that the test build shares dist's compiled dependencies.

/// The test build's memory limit: 256 MiB, in bytes.
const TEST_MAX_MEMORY: u64 = 256 << 20;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let test_hooks = std::env::var_os("CARGO_FEATURE_TEST_HOOKS").is_some();
    let wasm32 = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    if test_hooks && wasm32 {
        println!("cargo:rustc-cdylib-link-arg=--max-memory={TEST_MAX_MEMORY}");
    }
}
