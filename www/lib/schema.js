// The one schema, owned by Rust (crate/src/schema.rs): every run parameter with its default,
// limits and help, the presets with their published figures, the article's sweep and the dataset.
// Read once, after the page has started its WebAssembly; page code keeps no copy of its own.

import { schema as readSchema } from '../pkg/weightscope.js';

let cached = null;

/** The schema, as Rust's `schema()` returns it (the same object every call). */
export function schema() {
  cached ??= readSchema();
  return cached;
}

/** The run parameter called `name` (`sizes`, `eta`, …). */
export const param = (name) => schema().params.find((p) => p.name === name);
