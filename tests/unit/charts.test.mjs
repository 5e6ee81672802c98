// The charts' specs (www/lib/charts.js) without a browser: what each chart is drawn from. How a spec
// is drawn is tested in Rust (charts/src/chart.rs, charts/tests/web.rs).

import assert from 'node:assert/strict';
import { test } from 'node:test';

import './wasm.mjs'; // the sweep's title names the dataset's shape, from the schema
import { accuracySpec, compareAccuracySpec, compareHistogramSpec, costSpec, histogram, sweepSpec, weightRange } from '../../www/lib/charts.js';

const curves = { epochs: 3, test: [[1, 0.9], [2, 0.92], [3, 0.93]], train: [[1, 0.91], [2, 0.93], [3, 0.95]], cost: [[0.5, 1.2], [1, 0.8], [2.5, 0.4]] };

test('the learning curves name palette roles and stop at the timeline\'s moment', () => {
  const all = accuracySpec(curves);
  assert.deepEqual(all.series.map((s) => [s.name, s.color, s.points.length]), [['test images', 'test', 3], ['training images', 'train', 3]]);
  assert.deepEqual([all.xMin, all.xMax, all.xWhole, all.yFormat], [0, 3, true, 'percent'], 'whole epochs on the x axis');
  assert.deepEqual(accuracySpec(curves, 2).series[0].points, [[1, 0.9], [2, 0.92]]);
  assert.deepEqual(costSpec(curves, 1).series[0].points, [[0.5, 1.2], [1, 0.8]]);
  assert.equal(costSpec(curves).series[0].color, 'cost');
});

test('a histogram counts every weight once, clamping the ends into the outer bins', () => {
  const weights = Float32Array.from([-2, -1, -0.01, 0.01, 0.5, 1, 3]);
  const bins = histogram(weights, 1, 4);
  assert.deepEqual(bins.map(([centre]) => centre), [-0.75, -0.25, 0.25, 0.75]);
  assert.deepEqual(bins.map(([, fraction]) => Math.round(fraction * 7)), [2, 1, 1, 3]);
  assert.equal(histogram([], 1, 3).reduce((sum, [, f]) => sum + f, 0), 0);
  assert.equal(weightRange([]), 1, 'before any weights: −1 to 1');
  assert.equal(weightRange([Float32Array.from([0.5, -2]), Float32Array.from([1])]), 2);
});

test('side by side draws what it has: no histogram for a side without weights', () => {
  const spec = compareHistogramSpec({ a: Float32Array.from([0.1, -0.3]) });
  assert.deepEqual(spec.series.map((s) => [s.name, s.color, s.mark]), [['(a)', 'a', 'steps']]);
  assert.ok(Math.abs(spec.xMax - 0.3) < 1e-6 && Math.abs(spec.xMin + 0.3) < 1e-6, `${spec.xMin}..${spec.xMax}`);
  assert.deepEqual(compareHistogramSpec({}).series, []);
  const accuracy = compareAccuracySpec({ epochs: 2, curves: { a: [[1, 0.9]], b: [] } });
  assert.deepEqual(accuracy.series.map((s) => [s.name, s.color, s.points.length]), [['(a)', 'a', 1], ['(b)', 'b', 0]]);
});

test('the sweep shows the seeds\' spread as points only when there are several seeds', () => {
  const spreads = [[2, { min: 0.2, median: 0.25, max: 0.3 }], [3, { min: 0.5, median: 0.55, max: 0.6 }]];
  const article = [[2, 0.228], [100, 0.96]];
  const one = sweepSpec({ spreads, seeds: 1, article, hidden: [2, 3], subset: '' });
  assert.deepEqual(one.series.map((s) => s.name), ['this page', 'the article (one run each)']);
  assert.deepEqual([one.xMin, one.xMax, one.yMin, one.yMax], [0, 100, 0, 1]);
  const three = sweepSpec({ spreads, seeds: 3, article, hidden: [2, 3], subset: '2,000 training and 500 test images' });
  assert.deepEqual(three.series.map((s) => [s.color, s.mark ?? 'line']), [['median', 'line'], ['seedLow', 'points'], ['seedHigh', 'points'], ['article', 'line']]);
  assert.deepEqual(three.series[1].points, [[2, 0.2], [3, 0.5]]);
  assert.equal(three.series[0].name, 'this page: median of 3 seeds');
  assert.equal(three.series[3].name, 'the article (one run each, all of MNIST)');
});
