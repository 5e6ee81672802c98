//! Weights to pixels: image shapes, symmetric colour scales, a red–white–blue heat map, the
//! drawing pad's ink, and which weights stand out ([`rank`]).
//!
//! Pure and natively tested: it turns numbers into RGBA bytes and never touches a canvas (the
//! core's `web::view` and the charts' `web` put the bytes on one); shared by the training core
//! and the charts, so neither wasm links the other's exports. Blue means a positive weight (the
//! neuron "likes" that input), red a negative one ("dislikes"), white zero. The ramp runs from
//! white to ColorBrewer RdBu's ends, interpolated in OKLab so equal steps in weight look like
//! equal steps in colour.

use std::sync::OnceLock;

pub mod rank;

/// Colour of a weight that is NaN: black, which the red–white–blue ramp never produces.
pub const NAN_RGBA: [u8; 4] = [0, 0, 0, 255];
/// Colour of a blank cell, where the grid of [`image_shape`] has more cells than weights.
pub const BLANK_RGBA: [u8; 4] = [221, 221, 221, 255];
/// Colour of a weight at `+scale` or beyond: RdBu's blue ("likes").
pub const POSITIVE_RGBA: [u8; 4] = [33, 102, 172, 255];
/// Colour of a weight at `-scale` or beyond: RdBu's red ("dislikes").
pub const NEGATIVE_RGBA: [u8; 4] = [178, 24, 43, 255];
/// Colour of a zero weight.
pub const ZERO_RGBA: [u8; 4] = [255, 255, 255, 255];

/// Steps of the precomputed ramp on each side of zero; 255 is finer than 8-bit output can show.
const STEPS: usize = 255;

/// A near-square `(rows, cols)` grid with room for `n` values.
///
/// An exact factorisation `rows * cols == n` with `rows <= cols` is used when its aspect ratio is
/// at most 2.5 (784 -> (28, 28), 30 -> (5, 6), 10 -> (2, 5), 2 -> (1, 2)); otherwise (primes and
/// other awkward `n`) `rows = floor(sqrt(n))` and `cols = ceil(n / rows)`, which leaves fewer than
/// `rows` blank cells (7 -> (2, 4), 13 -> (3, 5)). `n == 0` gives `(0, 0)`.
pub fn image_shape(n: usize) -> (usize, usize) {
    if n == 0 {
        return (0, 0);
    }
    let root = n.isqrt();
    // The largest divisor not above sqrt(n) gives the squarest exact grid.
    if let Some(rows) = (1..=root).rev().find(|r| n % r == 0) {
        let cols = n / rows;
        if 2 * cols <= 5 * rows {
            return (rows, cols);
        }
    }
    (root, n.div_ceil(root))
}

/// The share of weights drawn unsaturated: the scale is this quantile of `|w|`, so that a few
/// outliers do not wash every other weight out to white.
pub const SCALE_QUANTILE: f32 = 0.99;

/// The colour scale for `w`: the [`SCALE_QUANTILE`] quantile of the finite `|w|`, so zero sits
/// in the middle (white) and the top 1% of weights saturate.
///
/// NaN and infinite weights are ignored; when nothing non-zero remains the scale is 1.0, so the
/// result is always positive and finite.
pub fn symmetric_scale(w: &[f32]) -> f32 {
    let mut magnitudes: Vec<f32> = w
        .iter()
        .filter(|v| v.is_finite())
        .map(|v| v.abs())
        .collect();
    if magnitudes.is_empty() {
        return 1.0;
    }
    let rank = ((magnitudes.len() - 1) as f32 * SCALE_QUANTILE).round() as usize;
    let (_, &mut quantile, _) = magnitudes.select_nth_unstable_by(rank, f32::total_cmp);
    if quantile > 0.0 {
        return quantile;
    }
    // Mostly zeros: fall back to the largest magnitude, or 1.0 when all are zero.
    let max = magnitudes.iter().fold(0.0_f32, |max, &v| max.max(v));
    if max > 0.0 {
        max
    } else {
        1.0
    }
}

/// The colour of one weight: white at 0, towards blue for positive and red for negative `w`,
/// saturating at `|w| >= scale`. NaN is [`NAN_RGBA`]; infinities saturate.
///
/// `scale` should be positive (see [`symmetric_scale`]); with a zero, negative or NaN scale every
/// non-zero weight is drawn saturated. Never panics.
pub fn weight_rgba(w: f32, scale: f32) -> [u8; 4] {
    if w.is_nan() {
        return NAN_RGBA;
    }
    let sign_only = if w == 0.0 { 0.0 } else { w.signum() };
    let t = if scale > 0.0 { w / scale } else { sign_only };
    // Infinity over an infinite scale is NaN: keep only the sign.
    let t = if t.is_nan() { sign_only } else { t }.clamp(-1.0, 1.0);
    // Round half away from zero; |t| <= 1 keeps the index within 0..=2*STEPS.
    let offset = (t * STEPS as f32).round() as isize;
    let index = (STEPS as isize + offset) as usize;
    ramp()[index]
}

/// `w` laid out as an image by [`image_shape`]: `(rows, cols, rgba)` with `rgba` row-major,
/// four bytes a pixel, `rows * cols * 4` long. Value `i` is pixel `(i / cols, i % cols)`; the
/// cells past `w.len()` are [`BLANK_RGBA`].
pub fn weights_to_rgba(w: &[f32], scale: f32) -> (usize, usize, Vec<u8>) {
    let (rows, cols) = image_shape(w.len());
    let mut rgba = Vec::with_capacity(rows * cols * 4);
    for &v in w {
        rgba.extend_from_slice(&weight_rgba(v, scale));
    }
    for _ in w.len()..rows * cols {
        rgba.extend_from_slice(&BLANK_RGBA);
    }
    (rows, cols, rgba)
}

/// A horizontal legend bar, `width` by `height` pixels of RGBA: column 0 is `-scale` (red), the
/// last column `+scale` (blue), evenly spaced between. A one-column bar is the colour of zero.
pub fn legend_rgba(width: usize, height: usize, scale: f32) -> Vec<u8> {
    let row: Vec<[u8; 4]> = (0..width)
        .map(|x| {
            let t = if width > 1 {
                2.0 * x as f32 / (width - 1) as f32 - 1.0
            } else {
                0.0
            };
            weight_rgba(t * scale, scale)
        })
        .collect();
    let mut rgba = Vec::with_capacity(width * height * 4);
    for _ in 0..height {
        for pixel in &row {
            rgba.extend_from_slice(pixel);
        }
    }
    rgba
}

/// An input image (values in [0, 1], 1 is ink) as RGBA: black ink on white paper.
pub fn ink_rgba(values: &[f32]) -> Vec<u8> {
    values
        .iter()
        .flat_map(|&v| {
            let paper = (255.0 * (1.0 - v.clamp(0.0, 1.0))).round() as u8;
            [paper, paper, paper, 255]
        })
        .collect()
}

/// The ramp, computed once: index `STEPS + k` is the colour of `t = k / STEPS`, `k` in
/// `-STEPS..=STEPS`.
fn ramp() -> &'static [[u8; 4]; 2 * STEPS + 1] {
    static RAMP: OnceLock<[[u8; 4]; 2 * STEPS + 1]> = OnceLock::new();
    RAMP.get_or_init(|| {
        let white = oklab(ZERO_RGBA);
        let blue = oklab(POSITIVE_RGBA);
        let red = oklab(NEGATIVE_RGBA);
        let mut ramp = [ZERO_RGBA; 2 * STEPS + 1];
        for k in 1..=STEPS {
            let t = k as f32 / STEPS as f32;
            ramp[STEPS + k] = from_oklab(lerp3(white, blue, t));
            ramp[STEPS - k] = from_oklab(lerp3(white, red, t));
        }
        // The ends are exactly the named colours, not their round trip through OKLab.
        ramp[2 * STEPS] = POSITIVE_RGBA;
        ramp[0] = NEGATIVE_RGBA;
        ramp
    })
}

fn lerp3(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

/// sRGB byte to linear light in [0, 1].
fn to_linear(c: u8) -> f32 {
    let c = f32::from(c) / 255.0;
    if c <= 0.040_45 {
        c / 12.92
    } else {
        libm::powf((c + 0.055) / 1.055, 2.4)
    }
}

/// Linear light to an sRGB byte, clamped to the gamut.
fn to_srgb(c: f32) -> u8 {
    let c = c.clamp(0.0, 1.0);
    let s = if c <= 0.003_130_8 {
        12.92 * c
    } else {
        1.055 * libm::powf(c, 1.0 / 2.4) - 0.055
    };
    // In [0, 255] after the clamp, so the cast cannot wrap.
    (s * 255.0).round().clamp(0.0, 255.0) as u8
}

/// sRGB to OKLab (Björn Ottosson, 2020).
fn oklab(rgba: [u8; 4]) -> [f32; 3] {
    let (r, g, b) = (to_linear(rgba[0]), to_linear(rgba[1]), to_linear(rgba[2]));
    let l = libm::cbrtf(0.412_221_46 * r + 0.536_332_55 * g + 0.051_445_995 * b);
    let m = libm::cbrtf(0.211_903_5 * r + 0.680_699_5 * g + 0.107_396_96 * b);
    let s = libm::cbrtf(0.088_302_46 * r + 0.281_718_85 * g + 0.629_978_7 * b);
    [
        0.210_454_26 * l + 0.793_617_8 * m - 0.004_072_047 * s,
        1.977_998_5 * l - 2.428_592_2 * m + 0.450_593_7 * s,
        0.025_904_037 * l + 0.782_771_77 * m - 0.808_675_77 * s,
    ]
}

/// OKLab to opaque sRGB.
fn from_oklab(lab: [f32; 3]) -> [u8; 4] {
    let [l, a, b] = lab;
    let l_ = l + 0.396_337_78 * a + 0.215_803_76 * b;
    let m_ = l - 0.105_561_346 * a - 0.063_854_17 * b;
    let s_ = l - 0.089_484_18 * a - 1.291_485_5 * b;
    let (l3, m3, s3) = (l_ * l_ * l_, m_ * m_ * m_, s_ * s_ * s_);
    let r = 4.076_741_7 * l3 - 3.307_711_6 * m3 + 0.230_969_94 * s3;
    let g = -1.268_438 * l3 + 2.609_757_4 * m3 - 0.341_319_38 * s3;
    let b = -0.004_196_086_3 * l3 - 0.703_418_6 * m3 + 1.707_614_7 * s3;
    [to_srgb(r), to_srgb(g), to_srgb(b), 255]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_the_documented_ones() {
        assert_eq!(image_shape(784), (28, 28));
        assert_eq!(image_shape(30), (5, 6));
        assert_eq!(image_shape(10), (2, 5));
        assert_eq!(image_shape(16), (4, 4));
        assert_eq!(image_shape(100), (10, 10));
        assert_eq!(image_shape(2), (1, 2));
        assert_eq!(image_shape(3), (1, 3));
        assert_eq!(image_shape(1), (1, 1));
        assert_eq!(image_shape(7), (2, 4));
        assert_eq!(image_shape(13), (3, 5));
        assert_eq!(image_shape(0), (0, 0));
    }

    #[test]
    fn every_shape_fits_and_is_near_square() {
        for n in 1..=2000 {
            let (rows, cols) = image_shape(n);
            assert!(rows * cols >= n, "{n} -> ({rows}, {cols}) too small");
            assert!(rows <= cols, "{n} -> ({rows}, {cols}) is tall");
            assert!(
                rows * cols - n < rows.max(1),
                "{n} -> ({rows}, {cols}) wastes a row"
            );
            // Aspect at most 2.5 once there is room for a second row.
            if n >= 4 {
                assert!(2 * cols <= 5 * rows, "{n} -> ({rows}, {cols}) too wide");
            }
        }
    }

    #[test]
    fn zero_is_white_and_the_ends_are_the_named_colours() {
        assert_eq!(weight_rgba(0.0, 1.0), ZERO_RGBA);
        assert_eq!(weight_rgba(-0.0, 0.3), ZERO_RGBA);
        assert_eq!(weight_rgba(0.3, 0.3), POSITIVE_RGBA);
        assert_eq!(weight_rgba(-0.3, 0.3), NEGATIVE_RGBA);
    }

    #[test]
    fn beyond_the_scale_saturates() {
        assert_eq!(weight_rgba(7.0, 0.5), POSITIVE_RGBA);
        assert_eq!(weight_rgba(-7.0, 0.5), NEGATIVE_RGBA);
        assert_eq!(weight_rgba(f32::INFINITY, 0.5), POSITIVE_RGBA);
        assert_eq!(weight_rgba(f32::NEG_INFINITY, 0.5), NEGATIVE_RGBA);
        assert_eq!(weight_rgba(f32::INFINITY, f32::INFINITY), POSITIVE_RGBA);
    }

    #[test]
    fn nan_is_black_and_never_panics() {
        assert_eq!(weight_rgba(f32::NAN, 1.0), NAN_RGBA);
        assert_eq!(weight_rgba(f32::NAN, f32::NAN), NAN_RGBA);
        assert_eq!(weight_rgba(1.0, f32::NAN), POSITIVE_RGBA);
        assert_eq!(weight_rgba(-1.0, 0.0), NEGATIVE_RGBA);
        assert_eq!(weight_rgba(0.0, 0.0), ZERO_RGBA);
        assert_eq!(weight_rgba(0.5, -2.0), POSITIVE_RGBA);
        assert_eq!(weight_rgba(0.5, f32::INFINITY), ZERO_RGBA);
    }

    #[test]
    fn the_ramp_is_smooth_and_monotone() {
        // Positive side: red falls, blue stays highest; every channel moves one way only.
        let mut last = weight_rgba(0.0, 1.0);
        for k in 1..=100 {
            let c = weight_rgba(k as f32 / 100.0, 1.0);
            for ch in 0..3 {
                assert!(
                    c[ch] <= last[ch],
                    "channel {ch} rises at {k}: {last:?} -> {c:?}"
                );
                assert!(last[ch] - c[ch] <= 12, "jump at {k}: {last:?} -> {c:?}");
            }
            assert!(c[2] > c[0], "positive {k} is not blue: {c:?}");
            last = c;
        }
        let mut last = weight_rgba(0.0, 1.0);
        for k in 1..=100 {
            let c = weight_rgba(-k as f32 / 100.0, 1.0);
            for ch in 0..3 {
                assert!(
                    c[ch] <= last[ch],
                    "channel {ch} rises at -{k}: {last:?} -> {c:?}"
                );
                assert!(last[ch] - c[ch] <= 12, "jump at -{k}: {last:?} -> {c:?}");
            }
            assert!(c[0] > c[2], "negative {k} is not red: {c:?}");
            last = c;
        }
    }

    #[test]
    fn small_weights_are_visibly_tinted() {
        // A tenth of the scale must not vanish into white.
        let c = weight_rgba(0.1, 1.0);
        assert!(c[0] < 245, "{c:?}");
        let c = weight_rgba(-0.1, 1.0);
        assert!(c[2] < 245, "{c:?}");
    }

    #[test]
    fn symmetric_scale_is_a_high_quantile_of_the_magnitudes() {
        assert_eq!(symmetric_scale(&[0.1, -0.7, 0.3]), 0.7);
        // One outlier in 1,000 does not set the scale.
        let mut w: Vec<f32> = (0..1000).map(|i| (i as f32 / 1000.0) - 0.5).collect();
        w[17] = -40.0;
        let scale = symmetric_scale(&w);
        assert!((0.48..=0.5).contains(&scale), "{scale}");
        // Mostly zeros: the largest magnitude.
        let mut sparse = vec![0.0_f32; 1000];
        sparse[3] = -0.2;
        assert_eq!(symmetric_scale(&sparse), 0.2);
        assert_eq!(symmetric_scale(&[0.0; 5]), 1.0);
        assert_eq!(symmetric_scale(&[]), 1.0);
        assert_eq!(symmetric_scale(&[f32::NAN, f32::INFINITY, -0.25]), 0.25);
        assert_eq!(symmetric_scale(&[f32::NAN]), 1.0);
    }

    #[test]
    fn rgba_is_laid_out_by_image_shape() {
        let mut w = vec![0.0_f32; 30];
        w[7] = 1.0; // row 1, col 1 in a (5, 6) grid
        w[29] = -1.0; // the last cell
        let (rows, cols, rgba) = weights_to_rgba(&w, 1.0);
        assert_eq!((rows, cols), (5, 6));
        assert_eq!(rgba.len(), 5 * 6 * 4);
        let px = |r: usize, c: usize| -> [u8; 4] {
            let i = (r * cols + c) * 4;
            [rgba[i], rgba[i + 1], rgba[i + 2], rgba[i + 3]]
        };
        assert_eq!(px(1, 1), POSITIVE_RGBA);
        assert_eq!(px(4, 5), NEGATIVE_RGBA);
        assert_eq!(px(0, 0), ZERO_RGBA);
    }

    #[test]
    fn blank_cells_are_light_grey() {
        let (rows, cols, rgba) = weights_to_rgba(&[0.5; 7], 1.0);
        assert_eq!((rows, cols), (2, 4));
        assert_eq!(rgba.len(), 2 * 4 * 4);
        assert_eq!(&rgba[7 * 4..], &BLANK_RGBA);
        assert_ne!(BLANK_RGBA, ZERO_RGBA);
        let (rows, cols, rgba) = weights_to_rgba(&[], 1.0);
        assert_eq!((rows, cols, rgba.len()), (0, 0, 0));
    }

    #[test]
    fn legend_runs_red_to_white_to_blue() {
        let rgba = legend_rgba(257, 2, 0.4);
        assert_eq!(rgba.len(), 257 * 2 * 4);
        assert_eq!(&rgba[0..4], &NEGATIVE_RGBA);
        assert_eq!(&rgba[128 * 4..129 * 4], &ZERO_RGBA);
        assert_eq!(&rgba[256 * 4..257 * 4], &POSITIVE_RGBA);
        // The second row repeats the first.
        assert_eq!(&rgba[257 * 4..257 * 4 + 4], &NEGATIVE_RGBA);
        assert_eq!(legend_rgba(1, 1, 1.0), ZERO_RGBA.to_vec());
        assert!(legend_rgba(0, 3, 1.0).is_empty());
    }

    #[test]
    fn ink_is_black_on_white() {
        assert_eq!(
            ink_rgba(&[0.0, 1.0, 0.5]),
            vec![255, 255, 255, 255, 0, 0, 0, 255, 128, 128, 128, 255]
        );
    }
}
