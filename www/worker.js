// The training worker: its first message is the protocol's `boot` (crate/src/protocol.rs), the
// page's compiled WebAssembly module (see wasm.js and trainer.js); it starts the Rust worker loop
// with it, which speaks the rest of the protocol.
import init, { runWorker } from './pkg/weightscope.js';

self.addEventListener('message', async ({ data: boot }) => {
  await init({ module_or_path: boot.module });
  runWorker();
}, { once: true });
