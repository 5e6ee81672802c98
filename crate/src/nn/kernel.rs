//! THE hot loop: one mini-batch of stochastic gradient descent, fast, with no allocation.
//!
//! Mathematically it is network2.py's `update_mini_batch`:
//!
//! ```text
//! w ← (1 − ηλ/n) w − (η/m) Σ_x ∇w_x        b ← b − (η/m) Σ_x ∇b_x
//! ```
//!
//! where ∇w_x = δ aᵀ and ∇b_x = δ for each layer of each example x. It is organised for speed:
//!
//! 1. Feedforward and backprop every example of the batch with the *old* weights, keeping each
//!    example's activations a and errors δ in a [`Workspace`] built once per run.
//! 2. Then update: shrink every weight by (1 − ηλ/n), and add −(η/m) δ_j a_k for each example
//!    straight into w[j, k].
//!
//! The first layer only touches the inputs k of the example's non-zero pixels, about a fifth
//! of them. The kernel keeps its matrix column-major (it lays a row-major one out so at the
//! first batch; [`Training`](super::Training) swaps it back between steps), so pixel k's weights to every
//! hidden neuron are one contiguous column: the feedforward adds x_k × column k to the weighted
//! inputs z, [`BLOCK`] neurons at a time with their sums in registers, and the update adds
//! x_k × (−(η/m) δ) to column k; for larger mini-batches (≥ 4 non-zero pixels per column) it
//! goes column by column instead, decaying each column and adding every example's share while
//! the column sits in registers (`update_first_layer`), with the same operations in the same
//! order, so the same bits. A mini-batch's examples are first read once with independent loads
//! ([`warm`]): in a shuffled epoch they are scattered over the training set, and waiting for
//! them one pixel at a time was a third of the feedforward. The other layers are row-major: z_j is a dot product of row j,
//! and δ and the update run along rows. Every inner loop runs over contiguous memory with
//! independent lanes, so it compiles to SIMD (wasm `simd128`, SSE/AVX natively).
//!
//! Mini-batches larger than [`MAX_SLOTS`] are done in chunks, summing Σ δ aᵀ into ∇w first.
//! Sums use a fixed order and only `+`, `×`, `/` and bit operations (no FMA, no BLAS, no libm in
//! the hot loop; see [`activation`](super::activation)), so the weights are bit-identical
//! natively and in wasm32, with or without SIMD. [`Network::update_mini_batch_reference`] is
//! the readable version the tests compare this with.

use std::ops::AddAssign;

use super::activation::sigmoid_in_place;
use super::input::{Examples, PIXEL_VALUES};
use super::network::{first_layer_layout, Network};

/// Most examples whose activations and errors a [`Workspace`] holds at once. Larger mini-batches
/// go through ∇w in chunks of this size, so memory stays small even for a mini-batch of 50,000.
pub const MAX_SLOTS: usize = 128;
const _: () = assert!(MAX_SLOTS <= 256, "a slot is stored in 8 bits");

/// First-layer neurons whose weighted inputs are summed at once, in registers (4 SIMD vectors
/// of f32x4). A layer of n ≥ `BLOCK` neurons is done in blocks, the last one overlapping the one
/// before it; smaller layers go through a plain loop with the same order of sums.
pub const BLOCK: usize = 16;

/// Buffers for one network and mini-batch size, built once and reused for every batch.
#[derive(Clone, Debug)]
pub struct Workspace {
    /// The network's sizes, checked against the network at every batch.
    sizes: Vec<usize>,
    /// Examples held at once: min(mini_batch, MAX_SLOTS).
    slots: usize,
    /// `activations[l]`: (slots, sizes[l+1]); row s is the output of layer l+1 for slot s.
    activations: Vec<Vec<f32>>,
    /// `deltas[l]`: (slots, sizes[l+1]); row s is δ of layer l+1 for slot s.
    deltas: Vec<Vec<f32>>,
    /// `nabla_b[l]`: (sizes[l+1],), Σ δ over the mini-batch.
    nabla_b: Vec<Vec<f32>>,
    /// `nabla_w[l]`: Σ δ aᵀ laid out like `weights[l]`; allocated only for mini-batches > slots.
    nabla_w: Vec<Vec<f32>>,
    /// (sizes[1],): coefficient × δ of one example's first hidden layer, during the update.
    gains: Vec<f32>,
    /// (slots, blocks × BLOCK): each slot's gains −(η/m) δ of the first hidden layer, block by
    /// block as [`blocks`] lays them out, 0 where a block overlaps the one before.
    block_gains: Vec<f32>,
    /// (blocks × BLOCK,): the decay 1 − ηλ/n for each neuron of each block, 1 where a block
    /// overlaps the one before.
    block_decay: Vec<f32>,
    /// (sizes[0],): how many of the mini-batch's examples have ink at each pixel, for
    /// [`update_first_layer`].
    pixel_count: Vec<u32>,
    /// (sizes[0], slots): the mini-batch's non-zero pixels bucketed by position, for
    /// [`update_first_layer`]: row k holds `pixel_count[k]` entries `slot << 8 | byte`, slots in
    /// increasing order.
    pixel_entries: Vec<u16>,
    /// (sizes[L],): the desired output, one-hot.
    y: Vec<f32>,
    /// Layers below this one are frozen: their weights and biases never change, so neither
    /// their errors δ nor their gradients are computed (0: every layer learns).
    frozen: usize,
}

impl Workspace {
    /// After [`predict`]: the activations of layer `l + 1` for that example, `(sizes[l + 1],)`.
    pub fn predicted_activations(&self, l: usize) -> &[f32] {
        &self.activations[l][..self.sizes[l + 1]]
    }

    /// Buffers for a network of `sizes` trained with mini-batches of up to `mini_batch` examples.
    pub fn new(sizes: &[usize], mini_batch: usize) -> Workspace {
        let slots = mini_batch.clamp(1, MAX_SLOTS);
        let per_slot = |n: &usize| vec![0.0; slots * n];
        let mut ws = Workspace {
            sizes: sizes.to_vec(),
            slots,
            activations: sizes.iter().skip(1).map(per_slot).collect(),
            deltas: sizes.iter().skip(1).map(per_slot).collect(),
            nabla_b: sizes.iter().skip(1).map(|&n| vec![0.0; n]).collect(),
            nabla_w: Vec::new(),
            gains: vec![0.0; sizes.get(1).copied().unwrap_or(0)],
            block_gains: vec![0.0; slots * blocks(sizes.get(1).copied().unwrap_or(0)).1],
            block_decay: vec![0.0; blocks(sizes.get(1).copied().unwrap_or(0)).1],
            pixel_count: vec![0; sizes.first().copied().unwrap_or(0)],
            pixel_entries: vec![0; slots * sizes.first().copied().unwrap_or(0)],
            y: vec![0.0; sizes.last().copied().unwrap_or(0)],
            frozen: 0,
        };
        if mini_batch > slots {
            ws.allocate_nabla_w();
        }
        ws
    }

    /// Freezes the `layers` lowest layers of weights (1: the first hidden layer's input weights
    /// and biases): [`update_mini_batch`] leaves them as they are and skips their backprop, the
    /// work of training them. The layers above take exactly the steps they would take if the
    /// frozen ones were trained and put back after every mini-batch.
    pub fn freeze(&mut self, layers: usize) {
        self.frozen = layers;
    }

    fn allocate_nabla_w(&mut self) {
        self.nabla_w = self
            .sizes
            .windows(2)
            .map(|p| vec![0.0; p[0] * p[1]])
            .collect();
    }

    fn check(&self, net: &Network, data: &Examples) {
        assert_eq!(self.sizes, net.sizes, "workspace built for another network");
        assert_eq!(
            self.sizes.first().copied(),
            Some(data.n_in()),
            "inputs per example"
        );
    }
}

/// Data cost and argmax hits of the examples seen, measured in their feedforward pass.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct BatchStats {
    /// Σ of the cost of each example ([`Cost::value`](super::Cost::value)), without the L2 term.
    pub cost_sum: f32,
    /// Examples whose most active output neuron was the right digit.
    pub correct: usize,
    /// Examples seen.
    pub count: usize,
}

impl AddAssign for BatchStats {
    fn add_assign(&mut self, other: BatchStats) {
        self.cost_sum += other.cost_sum;
        self.correct += other.correct;
        self.count += other.count;
    }
}

/// True when the weights are laid out as the kernel reads them: `weights[0]` column-major
/// ([`first_layer_layout`]), the others row-major.
fn has_kernel_layout(net: &Network) -> bool {
    net.weights.iter().enumerate().all(|(l, w)| {
        if l == 0 {
            w.t().is_standard_layout()
        } else {
            w.is_standard_layout()
        }
    })
}

/// Lays out a network as the kernel reads it (allocates once; a no-op after that).
fn ensure_kernel_layout(net: &mut Network) {
    if has_kernel_layout(net) {
        return;
    }
    for (l, w) in net.weights.iter_mut().enumerate() {
        *w = if l == 0 {
            first_layer_layout(w)
        } else {
            w.as_standard_layout().into_owned()
        };
    }
}

/// One step of gradient descent on the examples `batch` (indices into `data`), with learning
/// rate `eta`, L2 parameter `lambda` and training-set size `n` (network2.py `update_mini_batch`).
/// Returns the cost and hits measured with the weights before the step.
///
/// # Panics
/// If `ws` was built for other sizes, `data` has a different number of inputs, or an index is
/// out of range.
pub fn update_mini_batch(
    net: &mut Network,
    data: &Examples,
    batch: &[u32],
    eta: f32,
    lambda: f32,
    n: usize,
    ws: &mut Workspace,
) -> BatchStats {
    ws.check(net, data);
    if batch.is_empty() {
        return BatchStats::default();
    }
    ensure_kernel_layout(net);
    let rate = eta / batch.len() as f32; // η/m
    let decay = 1.0 - eta * (lambda / n as f32); // 1 − ηλ/n
    for nb in &mut ws.nabla_b {
        nb.fill(0.0);
    }
    let mut stats = BatchStats::default();
    if batch.len() <= ws.slots {
        // The whole batch fits: errors with the old weights, then add −(η/m) δ aᵀ into w itself.
        stats += backprop_chunk(net, data, batch, ws);
        for (l, w) in net.weights.iter_mut().enumerate().skip(ws.frozen) {
            let w = w
                .as_slice_memory_order_mut()
                .expect("weights are contiguous");
            if l == 0 && pixel_major_pays(data, batch, ws.sizes[0]) {
                update_first_layer(w, decay, -rate, data, batch, ws);
                continue;
            }
            if decay != 1.0 {
                w.iter_mut().for_each(|w| *w *= decay);
            }
            add_nabla_w(w, l, -rate, data, batch, ws);
        }
    } else {
        // Too many examples to hold at once: Σ δ aᵀ into ∇w chunk by chunk, then update.
        if ws.nabla_w.is_empty() {
            ws.allocate_nabla_w();
        }
        for nw in &mut ws.nabla_w {
            nw.fill(0.0);
        }
        for chunk in batch.chunks(ws.slots) {
            stats += backprop_chunk(net, data, chunk, ws);
            // Taken out for the loop, so add_nabla_w can read the activations and deltas in ws.
            let mut nabla_w = std::mem::take(&mut ws.nabla_w);
            for (l, nw) in nabla_w.iter_mut().enumerate().skip(ws.frozen) {
                add_nabla_w(nw, l, 1.0, data, chunk, ws);
            }
            ws.nabla_w = nabla_w;
        }
        for (w, nw) in net.weights.iter_mut().zip(&ws.nabla_w).skip(ws.frozen) {
            let w = w
                .as_slice_memory_order_mut()
                .expect("weights are contiguous");
            for (w, &nw) in w.iter_mut().zip(nw) {
                *w = decay * *w - rate * nw;
            }
        }
    }
    for (b, nb) in net.biases.iter_mut().zip(&ws.nabla_b).skip(ws.frozen) {
        let b = b.as_slice_mut().expect("biases are contiguous");
        for (b, &nb) in b.iter_mut().zip(nb) {
            *b -= rate * nb;
        }
    }
    stats
}

/// The digit the network picks for example `i` of `data`: the argmax of its feedforward.
///
/// # Panics
/// As [`update_mini_batch`].
pub fn predict(net: &Network, data: &Examples, i: usize, ws: &mut Workspace) -> usize {
    ws.check(net, data);
    if !has_kernel_layout(net) {
        return argmax(&net.feedforward(&data.dense(i)));
    }
    let index = u32::try_from(i).expect("example index fits u32");
    feedforward_chunk(net, data, &[index], ws);
    let n_out = ws.sizes.last().copied().unwrap_or(0);
    ws.activations.last().map_or(0, |a| argmax(&a[..n_out]))
}

/// Feedforward of every example of `chunk` (at most `ws.slots`), layer by layer, into
/// `ws.activations`.
fn feedforward_chunk(net: &Network, data: &Examples, chunk: &[u32], ws: &mut Workspace) {
    warm(data, chunk);
    for (l, (w, b)) in net.weights.iter().zip(&net.biases).enumerate() {
        let b = b.as_slice().expect("biases are contiguous"); // (n_out,)
        let n_out = ws.sizes[l + 1];
        let (before, after) = ws.activations.split_at_mut(l);
        let outputs = after[0].chunks_exact_mut(n_out);
        if l == 0 {
            // (n_in, n_out) in memory: column k holds pixel k's weights to every neuron.
            let columns = w.as_slice_memory_order().expect("weights are contiguous");
            for (&i, a) in chunk.iter().zip(outputs) {
                let (index, bytes) = data.nonzero(i as usize);
                sparse_affine(columns, b, index, bytes, a);
                sigmoid_in_place(a);
            }
        } else {
            // (n_out, n_prev): row j feeds neuron j. z_j = b_j + Σ_k w[j, k] a_k
            let rows = w.as_slice().expect("weights are row-major");
            let n_prev = ws.sizes[l];
            let inputs = before[l - 1].chunks_exact(n_prev);
            for (a_prev, a) in inputs.zip(outputs).take(chunk.len()) {
                for ((a, row), &b) in a.iter_mut().zip(rows.chunks_exact(n_prev)).zip(b) {
                    *a = b + dot(row, a_prev);
                }
                sigmoid_in_place(a);
            }
        }
    }
}

/// Reads one value from every cache line of the examples of `chunk` before the arithmetic
/// needs them. In a shuffled epoch they lie anywhere in the 20 MB of training pixels, so each is
/// a trip to memory; these loads depend on nothing, so the processor has many under way at
/// once, where the feedforward would wait for them one pixel at a time.
fn warm(data: &Examples, chunk: &[u32]) {
    let mut sum = 0u32;
    for &i in chunk {
        let (index, bytes) = data.nonzero(i as usize);
        let index = index.iter().step_by(32).chain(index.last()); // 32 u16 per 64-byte line
        let bytes = bytes.iter().step_by(64).chain(bytes.last());
        sum = index.fold(sum, |sum, &k| sum ^ u32::from(k));
        sum = bytes.fold(sum, |sum, &b| sum ^ u32::from(b));
    }
    std::hint::black_box(sum);
}

/// z = b + Σ_i value[i] · column index[i] of `columns` (n_in columns of z.len() weights each):
/// the first layer's weighted inputs for one sparse example. Each z_j is summed in the same
/// order whichever path runs: b_j, then the non-zero pixels in increasing position.
fn sparse_affine(columns: &[f32], b: &[f32], index: &[u16], bytes: &[u8], z: &mut [f32]) {
    let n = z.len();
    if n < BLOCK {
        z.copy_from_slice(b);
        for (&k, &byte) in index.iter().zip(bytes) {
            let x = PIXEL_VALUES[usize::from(byte)];
            let column = &columns[usize::from(k) * n..][..n];
            for (z, &w) in z.iter_mut().zip(column) {
                *z += w * x;
            }
        }
        return;
    }
    // Blocks start every BLOCK neurons; the last one may overlap the one before, and its sums
    // come out bit for bit the same. Two blocks go together through the pixels.
    let last = n - BLOCK;
    let mut start = 0;
    loop {
        let other = (start + BLOCK).min(last);
        let mut sums: [f32; BLOCK] = b[start..start + BLOCK].try_into().expect("BLOCK");
        if other == start {
            // One block left.
            for (&k, &byte) in index.iter().zip(bytes) {
                let x = PIXEL_VALUES[usize::from(byte)];
                let column = &columns[usize::from(k) * n..][..n];
                for (s, &w) in sums.iter_mut().zip(&column[start..start + BLOCK]) {
                    *s += w * x;
                }
            }
            z[start..start + BLOCK].copy_from_slice(&sums);
            break;
        }
        let mut more: [f32; BLOCK] = b[other..other + BLOCK].try_into().expect("BLOCK");
        for (&k, &byte) in index.iter().zip(bytes) {
            let x = PIXEL_VALUES[usize::from(byte)];
            let column = &columns[usize::from(k) * n..][..n];
            for (s, &w) in sums.iter_mut().zip(&column[start..start + BLOCK]) {
                *s += w * x;
            }
            for (s, &w) in more.iter_mut().zip(&column[other..other + BLOCK]) {
                *s += w * x;
            }
        }
        z[start..start + BLOCK].copy_from_slice(&sums);
        z[other..other + BLOCK].copy_from_slice(&more);
        if other == last {
            break;
        }
        start = (other + BLOCK).min(last);
    }
}

/// How the first layer's n neurons are cut into register blocks: (number of blocks, width of
/// one slot's block gains). Block b starts at min(b·BLOCK, n − BLOCK); below BLOCK neurons there
/// is one block of n.
fn blocks(n: usize) -> (usize, usize) {
    if n < BLOCK {
        (1, n)
    } else {
        let count = n.div_ceil(BLOCK);
        (count, count * BLOCK)
    }
}

/// Whether [`update_first_layer`] (one pass over every column) beats decaying every weight and
/// then adding each example's columns: when the batch has, on average, at least 4 non-zero
/// pixels per column (MNIST: mini-batches of about 20 or more). Both give the same bits.
fn pixel_major_pays(data: &Examples, batch: &[u32], n_in: usize) -> bool {
    let entries: usize = batch
        .iter()
        .map(|&i| data.nonzero(i as usize).0.len())
        .sum();
    entries >= 4 * n_in
}

/// The first layer's whole update for a mini-batch that fits the workspace, one column (pixel)
/// at a time: w[:, k] ← decay · w[:, k] + Σ_x coefficient δ_x x_k, the examples x with pixel k
/// in batch order. Each weight gets exactly the operations, in the order, of decaying every
/// weight and then adding each example's δ x_kᵀ: (w · decay) + g₁x + g₂x + … But each column
/// is loaded and stored once per mini-batch, not once per example that has ink there, and
/// the decay costs no pass of its own.
fn update_first_layer(
    columns: &mut [f32],
    decay: f32,
    coefficient: f32,
    data: &Examples,
    chunk: &[u32],
    ws: &mut Workspace,
) {
    let n = ws.sizes[1];
    let (count, width) = blocks(n);
    let start = |b: usize| {
        if n < BLOCK {
            0
        } else {
            (b * BLOCK).min(n - BLOCK)
        }
    };

    // Each slot's gains, block by block, 0 where a block overlaps the one before.
    let deltas = ws.deltas[0].chunks_exact(n).take(chunk.len());
    for (gains, delta) in ws.block_gains.chunks_exact_mut(width).zip(deltas) {
        for (b, block) in gains.chunks_exact_mut(width / count).enumerate() {
            let done = if b == 0 { 0 } else { start(b - 1) + BLOCK };
            for (l, g) in block.iter_mut().enumerate() {
                let j = start(b) + l;
                *g = if j < done {
                    0.0
                } else {
                    coefficient * delta[j]
                };
            }
        }
    }

    // The batch's pixels bucketed by position, slots in order within a pixel: one pass, as a
    // pixel has at most one entry per slot.
    let slots = ws.slots;
    ws.pixel_count.fill(0);
    for (slot, &i) in (0u16..).zip(chunk) {
        let (index, bytes) = data.nonzero(i as usize);
        for (&k, &byte) in index.iter().zip(bytes) {
            let k = usize::from(k);
            let inked = &mut ws.pixel_count[k];
            ws.pixel_entries[k * slots + *inked as usize] = slot << 8 | u16::from(byte);
            *inked += 1;
        }
    }

    // Each block's decay, 1 where it overlaps the block before (w · 1 = w).
    let decays = &mut ws.block_decay[..width];
    for (b, block) in decays.chunks_exact_mut(width / count).enumerate() {
        let done = if b == 0 { 0 } else { start(b - 1) + BLOCK };
        for (l, d) in block.iter_mut().enumerate() {
            *d = if start(b) + l < done { 1.0 } else { decay };
        }
    }

    let gains = &ws.block_gains;
    let buckets = ws.pixel_entries.chunks_exact(slots).zip(&ws.pixel_count);
    for (column, (bucket, &inked)) in columns.chunks_exact_mut(n).zip(buckets) {
        // (slot, x) of each example with ink at this pixel.
        let entries = bucket[..inked as usize]
            .iter()
            .map(|&e| (usize::from(e >> 8), PIXEL_VALUES[usize::from(e & 0xff)]));
        if n < BLOCK {
            for (j, w) in column.iter_mut().enumerate() {
                let mut sum = *w * decay;
                for (slot, x) in entries.clone() {
                    sum += gains[slot * width + j] * x;
                }
                *w = sum;
            }
            continue;
        }
        // Two blocks per pass over the column's entries, like `sparse_affine`. Where the second
        // overlaps the first, its lanes there (decay 1, gains 0) are the weights before this
        // update; it is stored first, so the first block's store wins.
        let mut b = 0;
        while b < count {
            let at = start(b);
            let mut sums = decayed(&column[at..at + BLOCK], &decays[b * BLOCK..][..BLOCK]);
            if b + 1 == count {
                for (slot, x) in entries {
                    let g = &gains[slot * width + b * BLOCK..][..BLOCK];
                    add_scaled(&mut sums, g, x);
                }
                column[at..at + BLOCK].copy_from_slice(&sums);
                break;
            }
            let other = start(b + 1);
            let mut more = decayed(
                &column[other..other + BLOCK],
                &decays[(b + 1) * BLOCK..][..BLOCK],
            );
            for (slot, x) in entries.clone() {
                let g = &gains[slot * width + b * BLOCK..][..2 * BLOCK];
                add_scaled(&mut sums, &g[..BLOCK], x);
                add_scaled(&mut more, &g[BLOCK..], x);
            }
            column[other..other + BLOCK].copy_from_slice(&more);
            column[at..at + BLOCK].copy_from_slice(&sums);
            b += 2;
        }
    }
}

/// A block of weights times their decays, lane by lane.
fn decayed(w: &[f32], decay: &[f32]) -> [f32; BLOCK] {
    let mut sums = [0.0; BLOCK];
    for ((s, &w), &d) in sums.iter_mut().zip(w).zip(decay) {
        *s = w * d;
    }
    sums
}

/// sums += g · x, lane by lane (g has BLOCK values): the registers' share of one entry.
#[inline(always)]
fn add_scaled(sums: &mut [f32; BLOCK], g: &[f32], x: f32) {
    for (s, &g) in sums.iter_mut().zip(g) {
        *s += g * x;
    }
}

/// column k += x_k · `gains` for each non-zero pixel (k, x_k): the first layer's update for one
/// example, `gains` being coefficient × δ. Like [`sparse_affine`], BLOCK neurons at a time with
/// their gains in registers, two blocks per pass over the pixels. Where the last block overlaps
/// the one before, its gains are 0 for the neurons already done, and w + 0 = w.
fn add_to_columns(columns: &mut [f32], gains: &[f32], index: &[u16], bytes: &[u8]) {
    let n = gains.len();
    if n < BLOCK {
        for (&k, &byte) in index.iter().zip(bytes) {
            let x = PIXEL_VALUES[usize::from(byte)];
            let column = &mut columns[usize::from(k) * n..][..n];
            for (w, &g) in column.iter_mut().zip(gains) {
                *w += g * x;
            }
        }
        return;
    }
    // The gains of the block at `start`, 0 below `done` (neurons an earlier block updated).
    let block = |start: usize, done: usize| -> [f32; BLOCK] {
        let mut block: [f32; BLOCK] = gains[start..start + BLOCK].try_into().expect("BLOCK");
        block[..done.saturating_sub(start).min(BLOCK)].fill(0.0);
        block
    };
    let last = n - BLOCK;
    let mut start = 0;
    let mut done = 0;
    loop {
        let other = (start + BLOCK).min(last);
        let first_gains = block(start, done);
        let other_gains = block(other, start + BLOCK);
        for (&k, &byte) in index.iter().zip(bytes) {
            let x = PIXEL_VALUES[usize::from(byte)];
            let column = &mut columns[usize::from(k) * n..][..n];
            for (w, &g) in column[start..start + BLOCK].iter_mut().zip(&first_gains) {
                *w += g * x;
            }
            if other != start {
                for (w, &g) in column[other..other + BLOCK].iter_mut().zip(&other_gains) {
                    *w += g * x;
                }
            }
        }
        if other == last {
            break;
        }
        done = other + BLOCK;
        start = (other + BLOCK).min(last);
    }
}

/// Feedforward and backprop of every example of `chunk` (at most `ws.slots`): fills
/// `ws.activations` and `ws.deltas`, adds each δ into `ws.nabla_b`, and measures cost and hits.
fn backprop_chunk(net: &Network, data: &Examples, chunk: &[u32], ws: &mut Workspace) -> BatchStats {
    feedforward_chunk(net, data, chunk, ws);
    let layers = net.weights.len();
    let n_out = ws.sizes[layers];
    let mut stats = BatchStats {
        count: chunk.len(),
        ..BatchStats::default()
    };

    // Output error δ^L from the cost, measuring the cost and hits on the way.
    let outputs = ws.activations[layers - 1].chunks_exact(n_out);
    let deltas = ws.deltas[layers - 1].chunks_exact_mut(n_out);
    for ((&i, a), delta) in chunk.iter().zip(outputs).zip(deltas) {
        let label = usize::from(data.label(i as usize));
        ws.y.fill(0.0);
        if let Some(y) = ws.y.get_mut(label) {
            *y = 1.0;
        }
        stats.cost_sum += net.cost.value_for_label(a, label);
        stats.correct += usize::from(argmax(a) == label);
        net.cost.delta(a, &ws.y, delta);
    }

    // δ^l = (w^{l+1})ᵀ δ^{l+1} ⊙ σ'(z^l), with σ'(z) = a(1 − a); none for frozen layers.
    for l in (ws.frozen..layers - 1).rev() {
        let (n, n_next) = (ws.sizes[l + 1], ws.sizes[l + 2]);
        let w_next = net.weights[l + 1]
            .as_slice()
            .expect("weights are row-major"); // (n_next, n): row j feeds neuron j
        let (lower, upper) = ws.deltas.split_at_mut(l + 1);
        let deltas = lower[l].chunks_exact_mut(n);
        let next = upper[0].chunks_exact(n_next);
        let activations = ws.activations[l].chunks_exact(n);
        for ((delta, delta_next), a) in deltas.zip(next).zip(activations).take(chunk.len()) {
            delta.fill(0.0);
            for (row, &d) in w_next.chunks_exact(n).zip(delta_next) {
                for (delta, &w) in delta.iter_mut().zip(row) {
                    *delta += w * d;
                }
            }
            for (delta, &a) in delta.iter_mut().zip(a) {
                *delta *= a * (1.0 - a);
            }
        }
    }

    // ∇b = Σ δ
    for (nb, deltas) in ws.nabla_b.iter_mut().zip(&ws.deltas).skip(ws.frozen) {
        for delta in deltas.chunks_exact(nb.len()).take(chunk.len()) {
            for (nb, &d) in nb.iter_mut().zip(delta) {
                *nb += d;
            }
        }
    }
    stats
}

/// target[j, k] += coefficient · δ_j a_k for layer l of every example of `chunk`, where a is the
/// layer's input: the example's non-zero pixels for l = 0, the previous activations otherwise.
/// `target` is w itself (coefficient −η/m) or ∇w (coefficient 1), laid out like `weights[l]`:
/// column-major (sizes[l], sizes[l+1]) for l = 0, row-major (sizes[l+1], sizes[l]) otherwise.
fn add_nabla_w(
    target: &mut [f32],
    l: usize,
    coefficient: f32,
    data: &Examples,
    chunk: &[u32],
    ws: &mut Workspace,
) {
    let (n_prev, n) = (ws.sizes[l], ws.sizes[l + 1]);
    let deltas = ws.deltas[l].chunks_exact(n);
    if l == 0 {
        // Only the columns of non-zero pixels change: x_k = 0 adds nothing.
        let gains = &mut ws.gains[..n];
        for (&i, delta) in chunk.iter().zip(deltas) {
            for (g, &d) in gains.iter_mut().zip(delta) {
                *g = coefficient * d;
            }
            let (index, bytes) = data.nonzero(i as usize);
            add_to_columns(target, gains, index, bytes);
        }
    } else {
        let inputs = ws.activations[l - 1].chunks_exact(n_prev);
        for (delta, a) in deltas.zip(inputs).take(chunk.len()) {
            for (row, &d) in target.chunks_exact_mut(n_prev).zip(delta) {
                let g = coefficient * d;
                for (w, &a) in row.iter_mut().zip(a) {
                    *w += g * a;
                }
            }
        }
    }
}

/// Σ_k row[k]·a[k] with four running sums (a fixed order, the same on every target).
#[inline]
fn dot(row: &[f32], a: &[f32]) -> f32 {
    let (rows, inputs) = (row.chunks_exact(4), a.chunks_exact(4));
    let tail: f32 = rows
        .remainder()
        .iter()
        .zip(inputs.remainder())
        .map(|(&w, &a)| w * a)
        .sum();
    let mut s = [0.0f32; 4];
    for (w, a) in rows.zip(inputs) {
        s[0] += w[0] * a[0];
        s[1] += w[1] * a[1];
        s[2] += w[2] * a[2];
        s[3] += w[3] * a[3];
    }
    (s[0] + s[1]) + (s[2] + s[3]) + tail
}

/// Index of the largest value, the first one on ties (`np.argmax`).
fn argmax(a: &[f32]) -> usize {
    let mut best = 0;
    for (i, &v) in a.iter().enumerate() {
        if v > a[best] {
            best = i;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::super::config::Init;
    use super::super::cost::Cost;
    use super::super::input::vectorized_result;
    use super::super::network::first_layer_layout;
    use super::super::rng::Rng;
    use super::*;

    /// `count` random examples of `n_in` pixels, about 80% of them zero, labels 0..n_out.
    fn random_examples(rng: &mut Rng, count: usize, n_in: usize, n_out: usize) -> Examples {
        let pixels: Vec<u8> = (0..count * n_in)
            .map(|_| {
                if rng.uniform() < 0.8 {
                    0
                } else {
                    (rng.below(255) + 1) as u8
                }
            })
            .collect();
        let labels: Vec<u8> = (0..count).map(|_| rng.below(n_out) as u8).collect();
        Examples::from_pixels(&pixels, &labels, n_in)
    }

    fn assert_close(a: &Network, b: &Network, tolerance: f32, what: &str) {
        let pairs = a
            .weights
            .iter()
            .zip(&b.weights)
            .flat_map(|(x, y)| x.iter().zip(y.iter()));
        let bias_pairs = a
            .biases
            .iter()
            .zip(&b.biases)
            .flat_map(|(x, y)| x.iter().zip(y.iter()));
        for (&x, &y) in pairs.chain(bias_pairs) {
            let scale = x.abs().max(y.abs()).max(1.0);
            assert!((x - y).abs() <= tolerance * scale, "{what}: {x} vs {y}");
        }
    }

    /// The kernel against `update_mini_batch_reference` built from per-example backprop.
    fn kernel_matches_reference(sizes: &[usize], cost: Cost, lambda: f32, batch_len: usize) {
        let mut rng = Rng::new(17);
        let n_out = *sizes.last().expect("sizes");
        let data = random_examples(&mut rng, 150, sizes[0], n_out);
        let mut fast = Network::new(sizes, Init::Default, cost, &mut rng);
        let mut slow = fast.clone();
        let mut ws = Workspace::new(sizes, batch_len);
        let mut order: Vec<u32> = (0..data.len() as u32).collect();
        rng.shuffle(&mut order);
        let what = format!("{sizes:?} {cost:?} lambda {lambda} batch {batch_len}");
        // Whole batches then a last partial one, as Python's slicing gives.
        for batch in order
            .chunks(batch_len)
            .take(4)
            .chain([&order[..batch_len / 2 + 1]])
        {
            let examples: Vec<(Vec<f32>, Vec<f32>)> = batch
                .iter()
                .map(|&i| {
                    let y = vectorized_result(usize::from(data.label(i as usize)), n_out);
                    (data.dense(i as usize), y)
                })
                .collect();
            let expected_cost: f32 = examples
                .iter()
                .map(|(x, y)| cost.value(&slow.feedforward(x), y))
                .sum();
            let stats =
                update_mini_batch(&mut fast, &data, batch, 0.5, lambda, data.len(), &mut ws);
            slow.update_mini_batch_reference(&examples, 0.5, lambda, data.len());
            assert_eq!(stats.count, batch.len());
            assert!((stats.cost_sum - expected_cost).abs() < 1e-4 * expected_cost.max(1.0));
            assert_close(&fast, &slow, 1e-5, &what);
        }
        assert_ne!(
            fast.weights,
            Network::new(sizes, Init::Default, cost, &mut Rng::new(17)).weights
        );
    }

    #[test]
    fn kernel_equals_reference_quadratic() {
        for lambda in [0.0, 5.0] {
            for batch in [1, 3, 10] {
                kernel_matches_reference(&[20, 6, 4], Cost::Quadratic, lambda, batch);
                kernel_matches_reference(&[20, 7, 5, 4], Cost::Quadratic, lambda, batch);
            }
        }
    }

    #[test]
    fn kernel_equals_reference_cross_entropy() {
        for lambda in [0.0, 5.0] {
            for batch in [1, 3, 10] {
                kernel_matches_reference(&[20, 6, 4], Cost::CrossEntropy, lambda, batch);
                kernel_matches_reference(&[20, 7, 5, 4], Cost::CrossEntropy, lambda, batch);
            }
        }
    }

    #[test]
    fn kernel_equals_reference_for_batches_larger_than_the_workspace() {
        let big = MAX_SLOTS + MAX_SLOTS / 2 + 3; // two chunks and a bit
        for cost in [Cost::Quadratic, Cost::CrossEntropy] {
            kernel_matches_reference(&[20, 6, 4], cost, 5.0, big);
            kernel_matches_reference(&[20, 7, 5, 4], cost, 0.0, big);
        }
    }

    #[test]
    fn workspace_grows_for_an_unexpectedly_large_batch() {
        let mut rng = Rng::new(2);
        let data = random_examples(&mut rng, 100, 12, 3);
        let mut net = Network::new(&[12, 5, 3], Init::Default, Cost::CrossEntropy, &mut rng);
        let mut ws = Workspace::new(&net.sizes, 2);
        let batch: Vec<u32> = (0..100).collect();
        let stats = update_mini_batch(&mut net, &data, &batch, 0.1, 1.0, 100, &mut ws);
        assert_eq!(stats.count, 100);
        assert!(net.weights.iter().all(|w| w.iter().all(|v| v.is_finite())));
    }

    #[test]
    fn stats_and_predict_agree_with_feedforward() {
        let mut rng = Rng::new(8);
        let data = random_examples(&mut rng, 40, 30, 10);
        let net = Network::new(&[30, 8, 10], Init::Large, Cost::Quadratic, &mut rng);
        let mut ws = Workspace::new(&net.sizes, 40);
        let mut hits = 0;
        for i in 0..data.len() {
            let output = net.feedforward(&data.dense(i));
            let expected = argmax(&output);
            assert_eq!(predict(&net, &data, i, &mut ws), expected);
            hits += usize::from(expected == usize::from(data.label(i)));
        }
        // A step with eta tiny still reports the hits of the weights before the step.
        let batch: Vec<u32> = (0..40).collect();
        let stats = update_mini_batch(&mut net.clone(), &data, &batch, 1e-3, 0.0, 40, &mut ws);
        assert_eq!(stats.correct, hits);
    }

    #[test]
    fn helpers() {
        assert_eq!(argmax(&[0.1, 0.7, 0.7, 0.2]), 1);
        assert_eq!(argmax(&[]), 0);
        let a: Vec<f32> = (0..11).map(|i| i as f32).collect();
        assert_eq!(dot(&a, &a), (0..11).map(|i| (i * i) as f32).sum::<f32>());
    }

    #[test]
    fn sparse_affine_sums_in_the_same_order_for_any_width() {
        // z_j = b_j + Σ x_i w[j, k_i], in pixel order, for widths below, at and above BLOCK.
        let index = [1u16, 3, 4, 7, 10];
        let bytes = [128u8, 255, 64, 255, 1];
        let value = bytes.map(|b| f32::from(b) / 255.0);
        for n in [1, 5, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK + 3, 30, 100] {
            let columns: Vec<f32> = (0..11 * n).map(|i| (i as f32 * 0.37).sin()).collect();
            let b: Vec<f32> = (0..n).map(|j| j as f32 * 0.1 - 0.3).collect();
            let mut z = vec![f32::NAN; n];
            sparse_affine(&columns, &b, &index, &bytes, &mut z);
            for (j, &z) in z.iter().enumerate() {
                let expected = index
                    .iter()
                    .zip(&value)
                    .fold(b[j], |s, (&k, &x)| s + columns[usize::from(k) * n + j] * x);
                assert_eq!(z.to_bits(), expected.to_bits(), "n = {n}, j = {j}");
            }
        }
    }

    #[test]
    fn add_to_columns_adds_each_gain_once_for_any_width() {
        let index = [0u16, 2, 3, 9];
        let bytes = [255u8, 128, 64, 3];
        let value = bytes.map(|b| f32::from(b) / 255.0);
        for n in [1, 5, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK + 3, 30, 100] {
            let start: Vec<f32> = (0..10 * n).map(|i| (i as f32 * 0.91).cos()).collect();
            let gains: Vec<f32> = (0..n).map(|j| j as f32 * 0.05 - 0.4).collect();
            let mut columns = start.clone();
            add_to_columns(&mut columns, &gains, &index, &bytes);
            let mut expected = start;
            for (&k, &x) in index.iter().zip(&value) {
                for (j, &g) in gains.iter().enumerate() {
                    expected[usize::from(k) * n + j] += g * x;
                }
            }
            let bits = |v: &[f32]| v.iter().map(|w| w.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&columns), bits(&expected), "n = {n}");
        }
    }

    #[test]
    fn both_first_layer_updates_give_the_same_bits() {
        for (sizes, batch_len) in [
            (&[20, 6, 4][..], 10),
            (&[20, 37, 4][..], 7),
            (&[30, 16, 5, 3][..], 40),
        ] {
            let mut rng = Rng::new(5);
            let data =
                random_examples(&mut rng, batch_len, sizes[0], *sizes.last().expect("sizes"));
            let net = Network::new(sizes, Init::Default, Cost::CrossEntropy, &mut rng);
            let mut ws = Workspace::new(sizes, batch_len);
            let batch: Vec<u32> = (0..batch_len as u32).collect();
            backprop_chunk(&net, &data, &batch, &mut ws);
            let (decay, rate) = (0.999_9, 0.05);
            let columns = first_layer_layout(&net.weights[0]);
            let first = columns.as_slice_memory_order().expect("contiguous");
            let mut by_pixel = first.to_vec();
            update_first_layer(&mut by_pixel, decay, -rate, &data, &batch, &mut ws);
            let mut by_example: Vec<f32> = first.iter().map(|&w| w * decay).collect();
            add_nabla_w(&mut by_example, 0, -rate, &data, &batch, &mut ws);
            let bits = |v: &[f32]| v.iter().map(|w| w.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&by_pixel), bits(&by_example), "{sizes:?}");
            assert_ne!(bits(&by_pixel), bits(first));
        }
    }

    #[test]
    fn an_empty_batch_changes_nothing() {
        let mut rng = Rng::new(3);
        let data = random_examples(&mut rng, 5, 12, 3);
        let mut net = Network::new(&[12, 5, 3], Init::Default, Cost::CrossEntropy, &mut rng);
        let before = net.clone();
        let mut ws = Workspace::new(&net.sizes, 10);
        let stats = update_mini_batch(&mut net, &data, &[], 0.5, 5.0, 5, &mut ws);
        assert_eq!(stats, BatchStats::default());
        assert_eq!(net, before);
    }
}
