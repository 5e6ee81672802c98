// The page's edge of the chart wasm (charts/, www/charts-pkg/): it loads it, hands it the charts
// and figures to draw, and recovers from a trap. What a chart or a figure shows is Rust's: the
// named charts (`{accuracy: data}`, charts/src/specs.rs), the specs (`{spec}`,
// charts/src/chart.rs), the PNG export's sheets (`{layer: data}`, charts/src/figure.rs, in a wasm
// of their own: www/export-pkg/) and the palette's roles (charts/src/palette.rs). Nothing here
// reads the page's DOM but `onScreen` (a panel's own canvas size, for its own charts).
//
// The chart wasm loads after the page's first figure (`loadCharts`, which the views call once they
// have painted weights, or 2 s after the first chart is asked for): until then a chart asked for is
// kept, the newest per canvas, and drawn when it arrives.

/** The chart wasm's exports once loaded (drawChart), else null. */
let charts = null;
let loading = null;
let fallback = 0; // the timer that loads the chart wasm anyway
/** Charts asked for before the chart wasm arrived: canvas -> [spec, placement], the newest. */
const waiting = new Map();
/** How long a chart waits for the first figure before its code loads anyway. */
const LOAD_AFTER_MS = 2000;
/** Chart wasm instances this page may make: a trapped one is replaced by a fresh one, twice at most. */
const MAX_INSTANCES = 3;
let instances = 0;

/**
 * Loads the chart wasm (once) and draws the charts that waited for it; resolves when loaded. A
 * failure is reported in the console and tried again at the next call.
 */
export function loadCharts() {
  clearTimeout(fallback);
  if (loading) return loading;
  instances += 1;
  // A fresh instance needs fresh glue: the glue module keeps the instance it made.
  const glue = `../charts-pkg/weightscope_charts.js${instances > 1 ? `?instance=${instances}` : ''}`;
  loading = import(glue).then(async (module) => {
    await module.default({ module_or_path: new URL('../charts-pkg/weightscope_charts_bg.wasm', import.meta.url) });
    charts = module;
    const asked = [...waiting];
    waiting.clear();
    for (const [canvas, [spec, placement]] of asked) {
      try {
        drawChart(canvas, spec, placement);
      } catch (error) {
        console.error(`A chart could not be drawn: ${error.message}`);
      }
    }
  });
  loading.catch((error) => {
    loading = null;
    fallback = 0;
    console.error(`The charts could not be loaded: ${error.message}`);
  });
  return loading;
}

/**
 * Draws `spec` (a named chart with its data, `{accuracy: data}`: see charts/src/specs.rs; or a
 * spec as it is, `{spec}`: see charts/src/chart.rs, lines, points, histogram steps or bars) on
 * `canvas` at `placement` ({width, height, ratio, at?}; default its CSS size at the screen's ratio). Throws
 * on a bad spec once the chart wasm is loaded; before, the chart waits for it. A trap in the
 * chart wasm (a WebAssembly.RuntimeError: seen once in WebKit, on a loaded machine, with no
 * panic message, as when memory cannot grow) leaves that instance unusable, its stack never
 * unwound: the chart waits for a fresh instance instead.
 */
export function drawChart(canvas, spec, placement) {
  if (charts) {
    try {
      charts.drawChart(canvas, spec, placement);
      return;
    } catch (error) {
      if (!(error instanceof WebAssembly.RuntimeError) || instances >= MAX_INSTANCES) throw error;
      console.warn(`The chart code stopped (${error.message}); drawing with a fresh copy.`);
      charts = null;
      loading = null;
      waiting.set(canvas, [spec, placement]);
      loadCharts();
      return;
    }
  }
  waiting.set(canvas, [spec, placement]);
  fallback ||= setTimeout(loadCharts, LOAD_AFTER_MS);
}


/** Where a panel's chart goes: its canvas's CSS size (or `fallback` when it has none) at the screen's ratio. */
export function onScreen(canvas, fallback = [300, 120]) {
  return { width: canvas.clientWidth || fallback[0], height: canvas.clientHeight || fallback[1], ratio: window.devicePixelRatio || 1 };
}

/**
 * Bars for `values` on `canvas` at `placement` (default: its CSS size, crisp on any screen).
 * Options: `labels` (one per bar, shown when there is room), `signed` (blue up for positive, red
 * down for negative; otherwise grey bars from `min` (default 0) up), `highlight` (an index drawn in
 * amber), `max` (the value at full height; default the largest |value|), `yFormat` ('percent' or
 * 'number').
 */
export function drawBars(canvas, values, { labels = [], signed = false, highlight = -1, max, min, yFormat = 'number' } = {}, placement = onScreen(canvas)) {
  const bars = { values: Array.from(values), labels: Array.from(labels, String), signed, highlight: highlight >= 0 ? highlight : undefined, max, min };
  drawChart(canvas, { spec: { yFormat, bars } }, placement);
}

/** The export wasm's exports (www/export-pkg/: the chart wasm with the PNG sheets), once asked for. */
let exporter = null;

/**
 * Draws figure `figure` of the PNG export (`{chartRow | layer | pad | explorer: data}`: see
 * charts/src/figure.rs) on `canvas`, resized to it at `ratio`, with the `credit` line at its
 * foot; resolves to its CSS size, `{width, height}`. The sheets' code is a wasm of its own,
 * loaded at the first call (it is not on a chart reader's path); rejects on data that does not
 * fit, or when that wasm cannot be loaded (the next call tries again).
 */
export async function drawFigure(canvas, figure, { ratio = 1, credit = '' } = {}) {
  exporter ??= import('../export-pkg/weightscope_charts.js').then(async (module) => {
    await module.default({ module_or_path: new URL('../export-pkg/weightscope_charts_bg.wasm', import.meta.url) });
    return module;
  });
  exporter.catch(() => {
    exporter = null;
  });
  return (await exporter).drawFigure(canvas, figure, ratio, credit);
}
