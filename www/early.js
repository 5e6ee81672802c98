// The page's first module (index.html loads it ahead of main.js): starts the core's wasm
// download and compilation while the page's other modules arrive. A frame waits instead, for
// main.js: a sibling embed of the same post may be compiling the module already (lib/wasm.js).
// A failure is reported by main.js, which awaits the same module.
import { wasmModule } from './lib/wasm.js';

if (window.parent === window) wasmModule().catch(() => {});
