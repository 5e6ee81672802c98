// The page's link: what the URL hash says (Rust parses and writes it: crate/src/hash.rs), kept
// current as runs start and end, and the address of any other state for the embeds. The only module
// that touches `location` and `history`.

import { parseHash, serializeHash } from '../pkg/weightscope.js';

/**
 * Reads the link the page was opened with. `notices` are sentences for each value that fell back
 * to its default, `given` the parameters the link set, `query` an older ?query link's parameters.
 * `onChange` is called whenever the page writes the link.
 */
export function createLink() {
  const { state: opened, notices, given } = parseHash(location.hash);
  let state = opened;
  const link = {
    notices,
    given,
    query: new URLSearchParams(location.search),
    onChange: () => {},
    get state() {
      return state;
    },
    get href() {
      return location.href;
    },
    /** Sets what the link says (`patch` over what it says now) and writes it in the address bar. */
    update(patch) {
      state = { ...state, ...patch };
      history.replaceState(null, '', `#${serializeHash(state)}`);
      link.onChange();
    },
    /** The address of this page showing `other` instead (for the embed snippet). */
    url: (other) => `${location.href.split('#')[0]}#${serializeHash(other)}`,
    /** The hash of `other`, relative to this page. */
    hash: (other) => `#${serializeHash(other)}`,
  };
  return link;
}
