// Which build of Weightscope's WebAssembly to load: with SIMD (wasm simd128) where this browser
// validates a tiny SIMD module, otherwise the scalar build. Both train bit-identical weights.
// The page fetches and compiles it once and hands the compiled module to every training worker
// (trainer.js). Several embeds of one post (same-origin frames side by side) share one download:
// the first frame's compiled module is taken by the others. A page of its own starts the
// download before its other modules have arrived (www/early.js).

// (module (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt))
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

/** True when this browser runs wasm SIMD. */
export const simd = WebAssembly.validate(SIMD_PROBE);

/** The URL of the .wasm file for this browser, for `init({ module_or_path })`. */
export const wasmUrl = new URL(simd ? '../pkg/weightscope_bg.wasm' : '../pkg/weightscope_scalar_bg.wasm', import.meta.url);

/** Where a frame keeps its compiled module for its sibling frames of this site. */
const SHARED = 'weightscopeWasm';

/** The module a sibling frame of this site (another embed in the same post) is compiling, or null. */
function fromSibling() {
  if (window.parent === window) return null;
  try {
    const { frames } = window.parent; // readable across origins: the post's frames
    for (let i = 0; i < frames.length; i += 1) {
      try {
        if (frames[i] !== window && frames[i][SHARED] && frames[i].location.href.startsWith(wasmUrl.origin)) return frames[i][SHARED];
      } catch {
        // a frame of another site: not ours to read
      }
    }
  } catch {
    // no parent to ask
  }
  return null;
}

let compiled = null;

/** The compiled module, fetched and compiled once per page or post (streaming, as it downloads). */
export function wasmModule() {
  compiled ??= fromSibling() ?? WebAssembly.compileStreaming(fetch(wasmUrl));
  globalThis[SHARED] = compiled;
  return compiled;
}
