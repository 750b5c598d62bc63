//! The layout snapshot again, compiled to wasm and run by wasm-bindgen-test-runner: the same
//! seed must give the same positions, bit for bit, in the browser build as natively.
#![cfg(target_arch = "wasm32")]

mod support;

use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn the_wasm_build_reproduces_the_native_layout_snapshot_bit_for_bit() {
    assert_eq!(support::run_snapshot_layout(), support::SNAPSHOT);
}
