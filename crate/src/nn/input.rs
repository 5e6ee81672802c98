//! Training and test examples, stored by their non-zero pixels.
//!
//! About 80% of an MNIST image is background (0), so each example keeps only the positions and
//! values of its non-zero pixels (compressed sparse rows) and the first layer touches only those.
//! Built once from raw `u8` pixels and kept as bytes (value = byte / 255, read from
//! [`PIXEL_VALUES`]): 3 bytes per non-zero pixel instead of 6, so a shuffled epoch streams half
//! as much memory. Not here: parsing files (see `mnist`).

use std::fmt;

/// `PIXEL_VALUES[b]` = b / 255: the input a pixel byte gives the network, bit for bit what the
/// division gives (the table is that division, done at compile time).
pub const PIXEL_VALUES: [f32; 256] = {
    let mut values = [0.0; 256];
    let mut b = 0;
    while b < 256 {
        values[b] = b as f32 / 255.0;
        b += 1;
    }
    values
};

/// Labelled examples, each a sparse input vector x plus its digit.
#[derive(Clone, Default, PartialEq)]
pub struct Examples {
    /// Inputs per example (784 for MNIST).
    n_in: usize,
    /// (len + 1,): example i's non-zero pixels are `index[offsets[i]..offsets[i + 1]]`.
    offsets: Vec<usize>,
    /// Position of each non-zero pixel in its image, 0..n_in.
    index: Vec<u16>,
    /// Byte of each non-zero pixel, 1..=255: its value is `PIXEL_VALUES[byte]`, in (0, 1].
    byte: Vec<u8>,
    /// (len,): the digit each example shows.
    labels: Vec<u8>,
}

impl Examples {
    /// Examples from raw pixels, `n_in` bytes per example, and one label per example.
    ///
    /// # Panics
    /// If `pixels.len() != labels.len() * n_in`, or `n_in` exceeds 65,536 (positions are `u16`).
    pub fn from_pixels(pixels: &[u8], labels: &[u8], n_in: usize) -> Examples {
        let mut examples = Examples::with_capacity(n_in, labels.len(), count_nonzero(pixels));
        examples.extend_from_pixels(pixels, labels);
        examples
    }

    /// No examples yet, of `n_in` inputs each, with room for `count` examples holding `nonzero`
    /// non-zero pixels in all ([`count_nonzero`]): sized exactly up front, growing never holds
    /// twice the space (and wasm memory never shrinks).
    ///
    /// # Panics
    /// If `n_in` exceeds 65,536 (positions are `u16`).
    pub fn with_capacity(n_in: usize, count: usize, nonzero: usize) -> Examples {
        assert!(
            n_in <= usize::from(u16::MAX) + 1,
            "{n_in} inputs per example do not fit u16 positions"
        );
        let mut offsets = Vec::with_capacity(count + 1);
        offsets.push(0);
        Examples {
            n_in,
            offsets,
            index: Vec::with_capacity(nonzero),
            byte: Vec::with_capacity(nonzero),
            labels: Vec::with_capacity(count),
        }
    }

    /// Adds examples: raw pixels, `n_in` bytes per example, and one label per example.
    ///
    /// # Panics
    /// If `pixels.len() != labels.len() * n_in`.
    pub fn extend_from_pixels(&mut self, pixels: &[u8], labels: &[u8]) {
        let n_in = self.n_in;
        assert_eq!(
            Some(pixels.len()),
            labels.len().checked_mul(n_in),
            "{} pixels are not {} examples of {n_in}",
            pixels.len(),
            labels.len()
        );
        if n_in > 0 {
            for image in pixels.chunks_exact(n_in) {
                for (k, &p) in image.iter().enumerate().filter(|(_, &p)| p != 0) {
                    self.index
                        .push(u16::try_from(k).expect("n_in checked to fit u16"));
                    self.byte.push(p);
                }
                self.offsets.push(self.index.len());
            }
        } else {
            self.offsets.resize(self.offsets.len() + labels.len(), 0);
        }
        self.labels.extend_from_slice(labels);
    }

    /// Number of examples.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there are no examples.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }

    /// Inputs per example (784 for MNIST).
    pub fn n_in(&self) -> usize {
        self.n_in
    }

    /// The digit example `i` shows.
    ///
    /// # Panics
    /// If `i >= len()`.
    pub fn label(&self, i: usize) -> u8 {
        self.labels[i]
    }

    /// Example `i`'s non-zero inputs: (positions, pixel bytes), in increasing position; byte b
    /// is the input `PIXEL_VALUES[b]`.
    ///
    /// # Panics
    /// If `i >= len()`.
    pub fn nonzero(&self, i: usize) -> (&[u16], &[u8]) {
        let (start, end) = (self.offsets[i], self.offsets[i + 1]);
        (&self.index[start..end], &self.byte[start..end])
    }

    /// Example `i` as a dense input vector x: (n_in,), pixel / 255 (tests and reference paths).
    ///
    /// # Panics
    /// If `i >= len()`.
    pub fn dense(&self, i: usize) -> Vec<f32> {
        let mut x = vec![0.0; self.n_in];
        let (index, bytes) = self.nonzero(i);
        for (&k, &b) in index.iter().zip(bytes) {
            x[usize::from(k)] = PIXEL_VALUES[usize::from(b)];
        }
        x
    }

    /// A copy of examples `start..end`.
    ///
    /// # Panics
    /// If `start > end` or `end > len()`.
    pub fn range(&self, start: usize, end: usize) -> Examples {
        assert!(
            start <= end && end <= self.len(),
            "range {start}..{end} of {} examples",
            self.len()
        );
        let (first, last) = (self.offsets[start], self.offsets[end]);
        Examples {
            n_in: self.n_in,
            offsets: self.offsets[start..=end]
                .iter()
                .map(|&o| o - first)
                .collect(),
            index: self.index[first..last].to_vec(),
            byte: self.byte[first..last].to_vec(),
            labels: self.labels[start..end].to_vec(),
        }
    }
}

impl fmt::Debug for Examples {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Examples")
            .field("len", &self.len())
            .field("n_in", &self.n_in)
            .field("nonzero", &self.index.len())
            .finish()
    }
}

/// Pixels that are not background (0): what [`Examples`] keeps.
pub fn count_nonzero(pixels: &[u8]) -> usize {
    pixels.iter().filter(|&&p| p != 0).count()
}

/// The desired output for digit `j`: (n,), 1.0 at j and 0.0 elsewhere (mnist_loader.py
/// `vectorized_result`). All zeros if `j >= n`.
pub fn vectorized_result(j: usize, n: usize) -> Vec<f32> {
    let mut y = vec![0.0; n];
    if let Some(yj) = y.get_mut(j) {
        *yj = 1.0;
    }
    y
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> (Vec<u8>, Vec<u8>) {
        // Three 2×3 "images": one blank, one full, one mixed.
        let pixels = vec![0, 0, 0, 0, 0, 0, 255, 1, 2, 3, 4, 5, 0, 128, 0, 0, 0, 255];
        (pixels, vec![7, 1, 9])
    }

    #[test]
    fn dense_round_trips_pixels_over_255() {
        let (pixels, labels) = sample();
        let examples = Examples::from_pixels(&pixels, &labels, 6);
        assert_eq!(examples.len(), 3);
        assert!(!examples.is_empty());
        assert_eq!(examples.n_in(), 6);
        for (i, image) in pixels.chunks_exact(6).enumerate() {
            let expected: Vec<f32> = image.iter().map(|&p| f32::from(p) / 255.0).collect();
            assert_eq!(examples.dense(i), expected);
            assert_eq!(examples.label(i), labels[i]);
        }
        assert_eq!(examples.nonzero(0), (&[][..], &[][..]));
        assert_eq!(examples.nonzero(2).0, &[1, 5]);
    }

    #[test]
    fn range_copies_examples() {
        let (pixels, labels) = sample();
        let examples = Examples::from_pixels(&pixels, &labels, 6);
        let tail = examples.range(1, 3);
        assert_eq!(tail.len(), 2);
        assert_eq!(tail.dense(0), examples.dense(1));
        assert_eq!(tail.dense(1), examples.dense(2));
        assert_eq!(tail.label(1), 9);
        assert!(examples.range(2, 2).is_empty());
        assert_eq!(examples.range(0, 3), examples);
    }

    #[test]
    fn empty_sets_are_fine() {
        let none = Examples::from_pixels(&[], &[], 784);
        assert!(none.is_empty());
        assert_eq!(none.range(0, 0), none);
    }

    #[test]
    #[should_panic(expected = "pixels are not")]
    fn mismatched_pixels_and_labels_panic() {
        let _ = Examples::from_pixels(&[0; 10], &[1, 2], 6);
    }

    #[test]
    fn vectorized_result_is_one_hot() {
        assert_eq!(vectorized_result(2, 4), [0.0, 0.0, 1.0, 0.0]);
        assert_eq!(vectorized_result(5, 4), [0.0; 4]);
    }
}
