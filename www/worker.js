import init, { runWorker } from './pkg/weightscope.js';
import { wasmUrl } from './wasm.js';
await init({ module_or_path: wasmUrl });
runWorker();
