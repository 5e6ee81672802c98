// Loads the page's WebAssembly (www/pkg, built by `make dist`) into node, as the page's start
// does in a browser, so unit tests call the same Rust exports the page calls.

import { readFileSync } from 'node:fs';

import { initSync } from '../../www/pkg/weightscope.js';

initSync({ module: readFileSync(new URL('../../www/pkg/weightscope_scalar_bg.wasm', import.meta.url)) });

export * from '../../www/pkg/weightscope.js';
