// Which build of Weightscope's WebAssembly to load: with SIMD (wasm simd128) where this browser
// validates a tiny SIMD module, otherwise the scalar build. Both train bit-identical weights.
// The page fetches and compiles it once and hands the compiled module to every training worker
// (trainer.js).

// (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt))
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/** True when this browser runs wasm SIMD. */
export const simd = WebAssembly.validate(SIMD_PROBE);

/** The URL of the .wasm file for this browser, for `init({ module_or_path })`. */
export const wasmUrl = new URL(simd ? '../pkg/weightscope_bg.wasm' : '../pkg/weightscope_scalar_bg.wasm', import.meta.url);

let compiled = null;

/** The compiled module, fetched and compiled once per page (streaming, as it downloads). */
export function wasmModule() {
  compiled ??= WebAssembly.compileStreaming(fetch(wasmUrl));
  return compiled;
}
