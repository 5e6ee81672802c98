// Fetches a model file hosted on another site (the blog that embeds a figure, named by the
// link's `model=` URL) and says in a sentence why it could not: no such file (HTTP 404), this
// Weightscope's Content-Security-Policy (its connect-src does not list that site), the other
// site's CORS (it does not share the file), or no answer at all. When it may not fetch the file,
// a frame asks its post, whose optional line (HANDOVER) fetches it on the post's own site and
// hands the bytes over. It does not read the bytes: Rust checks them against the link's digest
// (checkHostedModel) before anything is drawn, so a post can hand over nothing but that network.

/** How long a refused fetch waits for its `securitypolicyviolation` event (a task of its own). */
const VIOLATION_MS = 100;
/** How long a frame waits for its post to hand over the model file. */
const HANDOVER_MS = 2000;
/** A frame's request to its post for the model file at `url`, and the post's answer. */
const WANTED = 'weightscope:model-wanted';
const MODEL = 'weightscope:model';

/**
 * The optional line for the post: when a frame of Weightscope at origin `app` asks for a model
 * file (.wscp) on the post's own site, the post fetches it without credentials (its own file: no
 * CORS, and Weightscope's policy does not apply) and hands the bytes to that frame. Other frames,
 * other sites' files and other kinds of file are not fetched: the post lends no one its origin.
 */
export const handover = (app) => '<script>addEventListener("message",function(e){var d=e.data,u;'
  + `if(e.origin!==${JSON.stringify(app)}||!d||d.type!=="${WANTED}")return;try{u=new URL(d.url)}catch(x){return}`
  + 'if(u.origin!==location.origin||!/\\.wscp$/.test(u.pathname))return;'
  + `fetch(u,{credentials:"omit"}).then(function(r){return r.ok?r.arrayBuffer():null}).then(function(b){if(b)e.source.postMessage({type:"${MODEL}",url:d.url,bytes:b},e.origin,[b])})})</script>`;

/** The bytes of `url` handed over by the post this page is a frame of, or null (none within HANDOVER_MS). */
function fromPost(url) {
  if (window.parent === window) return Promise.resolve(null);
  return new Promise((resolve) => {
    const done = (bytes) => {
      removeEventListener('message', heard);
      clearTimeout(timer);
      resolve(bytes);
    };
    const heard = (event) => {
      const { data } = event;
      if (event.source === window.parent && data?.type === MODEL && data.url === url && data.bytes instanceof ArrayBuffer) done(new Uint8Array(data.bytes));
    };
    addEventListener('message', heard);
    const timer = setTimeout(() => done(null), HANDOVER_MS);
    window.parent.postMessage({ type: WANTED, url }, '*');
  });
}

/** The origin of `url`, or null when it is not a URL (a violation's `blockedURI` may be a word). */
function originOf(url) {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/**
 * The bytes of the model file at `url` (an https: URL Rust's isModelUrl accepts).
 * @throws Error whose message is a clause saying why not, for "… was not opened: <clause>".
 */
export async function fetchHosted(url) {
  const { origin } = new URL(url);
  let blocked = false;
  const seen = (event) => {
    if (event.effectiveDirective === 'connect-src' || originOf(event.blockedURI) === origin) blocked = true;
  };
  document.addEventListener('securitypolicyviolation', seen);
  try {
    let response;
    try {
      response = await fetch(url, { credentials: 'omit' });
    } catch {
      const why = await refusal(url, origin, () => blocked);
      const handed = await fromPost(url);
      if (handed) return handed;
      throw new Error(why);
    }
    if (response.status === 404) throw new Error(`there is no file at ${url} (HTTP 404): is it uploaded there?`);
    if (!response.ok) throw new Error(`${origin} answered HTTP ${response.status} for it`);
    return new Uint8Array(await response.arrayBuffer());
  } finally {
    document.removeEventListener('securitypolicyviolation', seen);
  }
}

/**
 * Why a fetch of `url` failed with no answer: this page's policy (a violation event, `blocked()`),
 * the other site's CORS (it answers a request that asks for no CORS, whose answer the page cannot
 * read), or the network.
 */
async function refusal(url, origin, blocked) {
  const wait = () => new Promise((resolve) => { setTimeout(resolve, VIOLATION_MS); });
  await wait();
  let answers = false;
  if (!blocked()) {
    try {
      await fetch(url, { mode: 'no-cors', credentials: 'omit' });
      answers = true;
    } catch {
      await wait();
    }
  }
  if (blocked()) return `this Weightscope's policy does not allow model files from ${origin}: see README (“A model file hosted beside the post”)`;
  if (answers) return `${origin} does not share it with this page: its server must send the header “Access-Control-Allow-Origin: ${location.origin}” (or “*”) with the file`;
  return `${origin} could not be reached (offline, or no such site)`;
}
