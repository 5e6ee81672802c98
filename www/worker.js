// The training worker: waits for the page's compiled WebAssembly module (see wasm.js), starts
// the Rust worker loop with it, and from then on speaks the protocol of crate/src/protocol.rs.
import init, { runWorker } from './pkg/weightscope.js';

self.addEventListener('message', async (event) => {
  await init({ module_or_path: event.data.module });
  runWorker();
}, { once: true });
