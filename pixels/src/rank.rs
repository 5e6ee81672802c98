//! Which weights stand out: a neuron's inputs ranked from the one it likes most (most positive
//! weight) to the one it dislikes most (most negative), and the few at each end.

/// Indices of `weights` from the most positive to the most negative (NaN last); ties keep index
/// order, so the ranking is deterministic.
pub fn rank(weights: &[f32]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        let (wa, wb) = (weights[a], weights[b]);
        match (wa.is_nan(), wb.is_nan()) {
            (true, true) => a.cmp(&b),
            (true, false) => std::cmp::Ordering::Greater,
            (false, true) => std::cmp::Ordering::Less,
            (false, false) => wb.total_cmp(&wa).then(a.cmp(&b)),
        }
    });
    order
}

/// The `k` neurons a neuron likes most (largest weights, strongest first) and the `k` it
/// dislikes most (smallest weights, strongest first). `k` is capped at half the weights, so the
/// two lists never share a neuron.
pub fn top_k(weights: &[f32], k: usize) -> (Vec<usize>, Vec<usize>) {
    let order = rank(weights);
    let k = k.min(weights.len() / 2);
    let likes = order[..k].to_vec();
    let dislikes = order[order.len() - k..].iter().rev().copied().collect();
    (likes, dislikes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rank_orders_from_most_liked_to_most_disliked() {
        let w = [0.5, -2.0, 3.0, 0.0, -0.1, f32::NAN, 3.0];
        assert_eq!(rank(&w), vec![2, 6, 0, 3, 4, 1, 5]);
    }

    #[test]
    fn top_k_on_a_hand_made_output_layer() {
        // (2, 6): output 0 likes hidden 3, 1, 5 and dislikes 4, 0, 2; output 1 the reverse.
        let w: [f32; 12] = [
            -0.8, 1.5, -0.2, 2.0, -1.2, 0.7, //
            0.8, -1.5, 0.2, -2.0, 1.2, -0.7,
        ];
        let (likes, dislikes) = top_k(&w[..6], 3);
        assert_eq!(likes, vec![3, 1, 5]);
        assert_eq!(dislikes, vec![4, 0, 2]);
        let (likes, dislikes) = top_k(&w[6..], 2);
        assert_eq!(likes, vec![4, 0]);
        assert_eq!(dislikes, vec![3, 1]);
        // k beyond half the neurons is capped, so likes and dislikes never overlap.
        let (likes, dislikes) = top_k(&w[..6], 10);
        assert_eq!((likes.len(), dislikes.len()), (3, 3));
        assert_eq!(top_k(&[], 3), (vec![], vec![]));
    }
}
