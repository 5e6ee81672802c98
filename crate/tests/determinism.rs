//! A seeded run trains bit-identical weights everywhere: natively (`cargo test`) and in wasm32,
//! built with and without SIMD (`make test-wasm` runs this file in node both ways). The
//! fingerprints below were recorded once; they change only when the arithmetic is changed on
//! purpose (a new order of sums, a new sigmoid), and then every target must agree on the new one.

use weightscope::nn::{Config, Cost, Examples, Init, Rng, Training};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

/// A toy MNIST: digit d lights a bar of pixels in row 2d + 4, at a random horizontal shift,
/// with some noise elsewhere (about 4% of the pixels are ink, like a thin digit).
fn toy_digits(count: usize, seed: u32) -> Examples {
    let mut rng = Rng::new(seed);
    let mut pixels = vec![0u8; count * 784];
    let mut labels = Vec::with_capacity(count);
    for image in pixels.chunks_exact_mut(784) {
        let digit = rng.below(10);
        let shift = rng.below(10);
        for col in shift..shift + 12 {
            image[(2 * digit + 4) * 28 + col] = 200;
        }
        for _ in 0..20 {
            image[rng.below(784)] = (rng.below(255) + 1) as u8;
        }
        labels.push(digit as u8);
    }
    Examples::from_pixels(&pixels, &labels, 784)
}

/// FNV-1a of the bits of every weight (in logical order, row by row) and bias after training.
fn fingerprint(config: Config) -> u64 {
    let (train, test) = (toy_digits(230, 1), toy_digits(40, 2));
    let mut training = Training::new(config).expect("a valid config");
    while !training.step(&train, &test, 37).finished {}
    let net = &training.network;
    let weights = net.weights.iter().flat_map(|w| w.iter());
    let biases = net.biases.iter().flat_map(|b| b.iter());
    weights
        .chain(biases)
        .flat_map(|v| v.to_bits().to_le_bytes())
        .fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
            (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
        })
}

fn config(sizes: &[usize], mini_batch: usize, cost: Cost, init: Init) -> Config {
    Config {
        sizes: sizes.to_vec(),
        epochs: 2,
        mini_batch,
        cost,
        init,
        seed: 7,
        ..Config::network2()
    }
}

#[test]
fn network2_with_a_wide_first_layer() {
    // 37 hidden neurons: register blocks of 16 and an overlapping last block.
    let config = config(&[784, 37, 10], 10, Cost::CrossEntropy, Init::Default);
    assert_eq!(fingerprint(config), 0x80df_0788_7bfc_aaa0);
}

#[test]
fn network1_with_a_narrow_first_layer_and_two_hidden_layers() {
    // 12 hidden neurons (fewer than a block), then 9, quadratic cost, large weights, and
    // mini-batches larger than the workspace holds at once.
    let config = config(&[784, 12, 9, 10], 150, Cost::Quadratic, Init::Large);
    assert_eq!(fingerprint(config), 0x191f_625f_2dc7_4a59);
}

#[test]
fn network2_with_a_large_mini_batch_updated_pixel_by_pixel() {
    // 120 examples of about 32 ink pixels: enough for the column-at-a-time first-layer update.
    let config = config(&[784, 30, 10], 120, Cost::CrossEntropy, Init::Default);
    assert_eq!(fingerprint(config), 0x5029_550c_a789_a036);
}
