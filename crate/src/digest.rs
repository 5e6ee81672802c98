//! A short, stable fingerprint of a network's parameters, so two browsers can tell whether they
//! hold the bit-identical network (a shared link carries it).
//!
//! FNV-1a (64 bit) over the layer sizes and the bit patterns of every weight and bias, in a fixed
//! order. It is not cryptographic: it detects accidental differences, not forgeries.
//! The crate's one FNV-1a: the model file's checksum and the dataset digest use it too.

use crate::nn::Network;

/// FNV-1a's starting hash (64 bit).
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a of `bytes`, continuing from `hash` (start with [`FNV_OFFSET`]).
pub fn fnv1a_from(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(FNV_PRIME)
    })
}

/// FNV-1a (64 bit) of `bytes`.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    fnv1a_from(FNV_OFFSET, bytes)
}

/// FNV-1a state, fed with little-endian words.
struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, bytes: &[u8]) {
        self.0 = fnv1a_from(self.0, bytes);
    }

    fn u32(&mut self, value: u32) {
        self.bytes(&value.to_le_bytes());
    }
}

/// The digest of a network given as `sizes`, `weights[l]` row-major `(sizes[l + 1], sizes[l])`
/// and `biases[l]` `(sizes[l + 1],)`: sizes first, then every weight matrix, then every bias
/// vector. Any changed bit (even `0.0` versus `-0.0`) changes it.
pub fn parameters_digest(sizes: &[usize], weights: &[&[f32]], biases: &[&[f32]]) -> u64 {
    let mut hash = Fnv(FNV_OFFSET);
    // Sizes are at most a few thousand: u32 is the same on native and wasm32.
    hash.u32(sizes.len() as u32);
    for &n in sizes {
        hash.u32(n as u32);
    }
    for layer in weights.iter().chain(biases) {
        hash.u32(layer.len() as u32);
        for value in layer.iter() {
            hash.u32(value.to_bits());
        }
    }
    hash.0
}

/// [`parameters_digest`] of a [`Network`].
pub fn network_digest(network: &Network) -> u64 {
    let weights: Vec<&[f32]> = network
        .weights
        .iter()
        .map(|w| w.as_slice().expect("network arrays are in standard layout"))
        .collect();
    let biases: Vec<&[f32]> = network
        .biases
        .iter()
        .map(|b| b.as_slice().expect("network arrays are in standard layout"))
        .collect();
    parameters_digest(&network.sizes, &weights, &biases)
}

/// Hex digits of a digest as the page shows it and links carry it.
pub const HEX_DIGITS: usize = 16;

/// A digest as the page shows it and links carry it: [`HEX_DIGITS`] lowercase hex digits.
pub fn to_hex(digest: u64) -> String {
    format!("{digest:0HEX_DIGITS$x}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::{Cost, Init, Rng};

    fn small() -> Network {
        Network::new(
            &[4, 3, 2],
            Init::Default,
            Cost::CrossEntropy,
            &mut Rng::new(5),
        )
    }

    #[test]
    fn the_same_network_gives_the_same_digest() {
        assert_eq!(network_digest(&small()), network_digest(&small()));
        assert_eq!(to_hex(network_digest(&small())).len(), HEX_DIGITS);
    }

    #[test]
    fn any_changed_bit_changes_the_digest() {
        let base = network_digest(&small());
        let mut net = small();
        net.weights[1][[1, 2]] = f32::from_bits(net.weights[1][[1, 2]].to_bits() ^ 1);
        assert_ne!(network_digest(&net), base);
        let mut net = small();
        net.biases[0][0] = -net.biases[0][0];
        assert_ne!(network_digest(&net), base);
        assert_ne!(
            parameters_digest(&[1, 1], &[&[0.0]], &[&[0.0]]),
            parameters_digest(&[1, 1], &[&[-0.0]], &[&[0.0]]),
        );
    }

    #[test]
    fn moving_a_value_between_layers_changes_the_digest() {
        let a = parameters_digest(&[2, 1], &[&[1.0, 2.0]], &[&[3.0]]);
        let b = parameters_digest(&[2, 1], &[&[1.0]], &[&[2.0, 3.0]]);
        assert_ne!(a, b);
    }

    #[test]
    fn the_digest_of_a_known_network_is_recorded() {
        // Computed independently (Python, struct.pack('<I'/'<f')): the page, the demos and old
        // links must agree forever, so this value never changes.
        let digest = parameters_digest(&[1, 1], &[&[1.0]], &[&[0.5]]);
        assert_eq!(to_hex(digest), "b9d9663b78a39de7");
    }
}
