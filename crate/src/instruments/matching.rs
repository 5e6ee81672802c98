//! Would a network learn the same blocks again (issue #18, item 2)? Pairs the hidden neurons of
//! two networks by the absolute correlation of their input weights, with an optimal assignment.
//!
//! σ(−z) = 1 − σ(z), so a neuron whose weights are another's negated is the same block read
//! backwards: the match uses |ρ| and keeps ρ's sign to show. The assignment maximises the total
//! |ρ| over all pairs (Kuhn–Munkres, `pathfinding::kuhn_munkres`); a greedy "best pair first"
//! can pair badly. The baseline is the same matching after shuffling one network's pixels
//! (seeded): how alike two unrelated sets of blobs look by chance.
//!
//! Not here: training the networks, or drawing the pairs.

use ndarray::{Array2, ArrayView2};
use pathfinding::kuhn_munkres::kuhn_munkres;
use pathfinding::matrix::Matrix;
use serde::Serialize;

use super::stats;
use super::InstrumentError;
use crate::nn::{Network, Rng};

/// |ρ| is scaled to an integer for the assignment (it needs exact, ordered weights): 10⁹ keeps
/// nine decimals, far below any difference that matters, and 784 sums fit an i64.
const SCALE: f64 = 1e9;

/// Two neurons paired by the matching.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pair {
    /// The neuron of the first network.
    pub a: usize,
    /// The neuron of the second network it is paired with.
    pub b: usize,
    /// Pearson's correlation of their input weights: near 1 the same block, near −1 the same
    /// block sign-flipped, near 0 unrelated.
    pub rho: f64,
}

/// The optimal pairing, most alike first.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Matching {
    /// min(H_a, H_b) pairs, from the largest |ρ| to the smallest.
    pub pairs: Vec<Pair>,
    /// The median of the pairs' |ρ|.
    pub median_abs_rho: f64,
}

/// (H_a, H_b): Pearson's ρ between row i of `a` and row j of `b` (each row a neuron's weights
/// over the same inputs).
///
/// # Panics
/// If the rows have different lengths.
pub fn correlations(a: ArrayView2<f32>, b: ArrayView2<f32>) -> Array2<f64> {
    assert_eq!(a.ncols(), b.ncols(), "neurons over different inputs");
    let rows = |w: ArrayView2<f32>| -> Vec<Vec<f64>> {
        w.rows()
            .into_iter()
            .map(|r| r.iter().map(|&x| f64::from(x)).collect())
            .collect()
    };
    let (ra, rb) = (rows(a), rows(b));
    Array2::from_shape_fn((ra.len(), rb.len()), |(i, j)| {
        stats::pearson(&ra[i], &rb[j])
    })
}

/// The assignment of rows to columns that maximises the total of `score` (all finite):
/// `result[i]` is row i's column, each column used at most once. With more rows than columns,
/// only as many rows as columns are assigned; the others get `None`.
pub fn assign(score: &Array2<f64>) -> Vec<Option<usize>> {
    let (rows, columns) = score.dim();
    if rows == 0 || columns == 0 {
        return vec![None; rows];
    }
    // kuhn_munkres wants rows ≤ columns: transpose when there are more rows.
    let transposed = rows > columns;
    let view = if transposed { score.t() } else { score.view() };
    let scaled: Vec<i64> = view.iter().map(|&s| (s * SCALE).round() as i64).collect();
    let (r, c) = view.dim();
    let weights = Matrix::from_vec(r, c, scaled).expect("the shape is the matrix's own");
    let (_, columns_of) = kuhn_munkres(&weights);
    if transposed {
        let mut result = vec![None; rows];
        for (column, &row) in columns_of.iter().enumerate() {
            result[row] = Some(column);
        }
        result
    } else {
        columns_of.into_iter().map(Some).collect()
    }
}

/// Pairs the neurons of the first hidden layers of `a` and `b` by |ρ| of their input weights.
///
/// # Errors
/// When the networks have no hidden layer or different inputs.
pub fn match_networks(a: &Network, b: &Network) -> Result<Matching, InstrumentError> {
    let (wa, wb) = comparable(a, b)?;
    Ok(match_weights(wa.view(), wb.view()))
}

/// The same matching after shuffling `b`'s pixels with `seed` (one permutation for all its
/// neurons): what |ρ| two unrelated sets of blobs reach by chance.
///
/// # Errors
/// As [`match_networks`].
pub fn baseline(a: &Network, b: &Network, seed: u32) -> Result<Matching, InstrumentError> {
    let (wa, wb) = comparable(a, b)?;
    Ok(match_weights(
        wa.view(),
        shuffle_pixels(wb.view(), seed).view(),
    ))
}

/// Matches the rows of `a` (H_a, n_in) to those of `b` (H_b, n_in).
pub fn match_weights(a: ArrayView2<f32>, b: ArrayView2<f32>) -> Matching {
    let rho = correlations(a, b);
    let assignment = assign(&rho.mapv(f64::abs));
    let mut pairs: Vec<Pair> = assignment
        .iter()
        .enumerate()
        .filter_map(|(i, &j)| {
            j.map(|j| Pair {
                a: i,
                b: j,
                rho: rho[[i, j]],
            })
        })
        .collect();
    pairs.sort_by(|p, q| q.rho.abs().total_cmp(&p.rho.abs()).then(p.a.cmp(&q.a)));
    let abs: Vec<f64> = pairs.iter().map(|p| p.rho.abs()).collect();
    Matching {
        median_abs_rho: stats::median(&abs).unwrap_or(f64::NAN),
        pairs,
    }
}

/// `w` (H, n_in) with its columns (pixels) in an order shuffled by `seed`.
pub fn shuffle_pixels(w: ArrayView2<f32>, seed: u32) -> Array2<f32> {
    let mut order: Vec<usize> = (0..w.ncols()).collect();
    Rng::new(seed).shuffle(&mut order);
    Array2::from_shape_fn(w.dim(), |(j, k)| w[[j, order[k]]])
}

/// The first layers' weights, (H_a, n_in) and (H_b, n_in).
fn comparable<'n>(
    a: &'n Network,
    b: &'n Network,
) -> Result<(&'n Array2<f32>, &'n Array2<f32>), InstrumentError> {
    for net in [a, b] {
        if net.sizes.len() < 3 {
            let shape: Vec<String> = net.sizes.iter().map(usize::to_string).collect();
            return Err(InstrumentError(format!(
                "a {} network has no hidden layer to match",
                shape.join("-")
            )));
        }
    }
    let (wa, wb) = (&a.weights[0], &b.weights[0]);
    if wa.ncols() != wb.ncols() {
        return Err(InstrumentError(format!(
            "the networks see different inputs: {} and {} pixels",
            wa.ncols(),
            wb.ncols()
        )));
    }
    Ok((wa, wb))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Cost, Init};

    #[test]
    fn a_permuted_partly_sign_flipped_copy_is_recovered_at_rho_one() {
        let a = Network::new(
            &[784, 30, 10],
            Init::Default,
            Cost::CrossEntropy,
            &mut Rng::new(4),
        );
        let mut permutation: Vec<usize> = (0..30).collect();
        Rng::new(11).shuffle(&mut permutation);
        // b's neuron permutation[i] is a's neuron i, negated for every third i.
        let mut b = a.clone();
        for (i, &p) in permutation.iter().enumerate() {
            let sign = if i % 3 == 0 { -1.0 } else { 1.0 };
            b.weights[0]
                .row_mut(p)
                .assign(&(&a.weights[0].row(i) * sign));
        }
        let matching = match_networks(&a, &b).expect("comparable");
        assert_eq!(matching.pairs.len(), 30);
        for pair in &matching.pairs {
            assert_eq!(pair.b, permutation[pair.a], "neuron {}", pair.a);
            let sign = if pair.a % 3 == 0 { -1.0 } else { 1.0 };
            assert!((pair.rho - sign).abs() < 1e-9, "{pair:?}");
        }
        assert!((matching.median_abs_rho - 1.0).abs() < 1e-9);
        // Shuffling b's pixels breaks every pair: random weights correlate near 0.
        let chance = baseline(&a, &b, 1).expect("comparable");
        assert!(chance.median_abs_rho < 0.2, "{}", chance.median_abs_rho);
        assert_eq!(chance, baseline(&a, &b, 1).expect("comparable"), "seeded");
    }

    /// Greedy matching: the most alike remaining pair first.
    fn greedy(score: &Array2<f64>) -> Vec<usize> {
        let (n, _) = score.dim();
        let mut result = vec![usize::MAX; n];
        let mut used = vec![false; n];
        for _ in 0..n {
            let (i, j) = (0..n)
                .filter(|&i| result[i] == usize::MAX)
                .flat_map(|i| (0..n).filter(|&j| !used[j]).map(move |j| (i, j)))
                .max_by(|&p, &q| score[p].total_cmp(&score[q]))
                .expect("pairs left");
            result[i] = j;
            used[j] = true;
        }
        result
    }

    #[test]
    fn the_assignment_beats_greedy_on_a_3x3_case() {
        let score = ndarray::arr2(&[[0.9, 0.8, 0.0], [0.8, 0.0, 0.0], [0.0, 0.0, 0.5]]);
        let total = |m: &[usize]| {
            m.iter()
                .enumerate()
                .map(|(i, &j)| score[[i, j]])
                .sum::<f64>()
        };
        let greedy = greedy(&score);
        assert_eq!(greedy, [0, 1, 2]);
        assert!((total(&greedy) - 1.4).abs() < 1e-12);
        let optimal: Vec<usize> = assign(&score)
            .into_iter()
            .map(|j| j.expect("square"))
            .collect();
        assert_eq!(optimal, [1, 0, 2]);
        assert!((total(&optimal) - 2.1).abs() < 1e-12);
    }

    #[test]
    fn unequal_layers_and_bad_pairs() {
        let score = ndarray::arr2(&[[0.1, 0.9], [0.8, 0.2], [0.7, 0.0]]);
        assert_eq!(assign(&score), [Some(1), Some(0), None]);
        assert_eq!(assign(&score.t().to_owned()), [Some(1), Some(0)]);
        let mut rng = Rng::new(1);
        let a = Network::new(&[784, 5, 10], Init::Default, Cost::CrossEntropy, &mut rng);
        let b = Network::new(&[784, 8, 10], Init::Default, Cost::CrossEntropy, &mut rng);
        assert_eq!(match_networks(&a, &b).expect("fine").pairs.len(), 5);
        let flat = Network::new(&[784, 10], Init::Default, Cost::CrossEntropy, &mut rng);
        assert_eq!(
            match_networks(&a, &flat).expect_err("no hidden layer").0,
            "a 784-10 network has no hidden layer to match"
        );
        let small = Network::new(&[100, 5, 10], Init::Default, Cost::CrossEntropy, &mut rng);
        assert!(match_networks(&a, &small).is_err());
    }
}
