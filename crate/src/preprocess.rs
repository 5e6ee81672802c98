//! A drawing made into an MNIST-style input, the way MNIST's digits were made: crop to the ink,
//! fit into a 20x20 box keeping the aspect ratio (anti-aliased by area averaging), then place in
//! a 28x28 field so the centre of mass is at its centre.
//!
//! Pure: it takes the ink coverage of any canvas as numbers in [0, 1]; reading a canvas and
//! drawing the result are the browser edge's job (`web::explain`).

use crate::explain::ShapeError;
pub use weightscope_pixels::ink_rgba;

/// MNIST's image side.
pub const SIDE: usize = 28;
/// The box the digit is fitted into, keeping its aspect ratio.
pub const BOX: usize = 20;
/// Coverage below this counts as paper when cropping.
const INK_THRESHOLD: f32 = 0.05;

/// The 784 inputs (row-major 28x28, values in [0, 1]) for `ink`, a `width` x `height`
/// row-major image of ink coverage in [0, 1]. No ink gives all zeros.
///
/// # Errors
/// When `ink.len() != width * height`.
pub fn preprocess(ink: &[f32], width: usize, height: usize) -> Result<Vec<f32>, ShapeError> {
    if Some(ink.len()) != width.checked_mul(height) {
        return Err(ShapeError(format!(
            "{} ink values are not a {width}x{height} drawing",
            ink.len()
        )));
    }
    let mut out = vec![0.0; SIDE * SIDE];
    let Some((x0, y0, x1, y1)) = bounds(ink, width) else {
        return Ok(out);
    };
    let (bw, bh) = (x1 - x0 + 1, y1 - y0 + 1);
    // Target pixels per source pixel.
    let scale = BOX as f64 / bw.max(bh) as f64;
    let tw = ((bw as f64 * scale).round() as usize).clamp(1, BOX);
    let th = ((bh as f64 * scale).round() as usize).clamp(1, BOX);
    let columns = coverage(x0, bw, tw);
    let rows = coverage(y0, bh, th);

    // The fitted digit, (th, tw).
    let mut fitted = vec![0.0f32; tw * th];
    for (ty, row_weights) in rows.iter().enumerate() {
        for (tx, column_weights) in columns.iter().enumerate() {
            let mut sum = 0.0f64;
            let mut area = 0.0f64;
            for &(sy, wy) in row_weights {
                for &(sx, wx) in column_weights {
                    sum += f64::from(ink[sy * width + sx]) * wx * wy;
                    area += wx * wy;
                }
            }
            fitted[ty * tw + tx] = if area > 0.0 { (sum / area) as f32 } else { 0.0 };
        }
    }

    // Centre of mass of the fitted digit, in its own pixel-centre coordinates.
    let (mut mass, mut mx, mut my) = (0.0f64, 0.0f64, 0.0f64);
    for (i, &v) in fitted.iter().enumerate() {
        let v = f64::from(v);
        mass += v;
        mx += v * ((i % tw) as f64 + 0.5);
        my += v * ((i / tw) as f64 + 0.5);
    }
    let (cx, cy) = if mass > 0.0 {
        (mx / mass, my / mass)
    } else {
        (tw as f64 / 2.0, th as f64 / 2.0)
    };
    // Place the digit so (cx, cy) lands on the field's centre (14, 14).
    let half = SIDE as f64 / 2.0;
    let left = (half - cx).round() as i64;
    let top = (half - cy).round() as i64;
    for (i, &v) in fitted.iter().enumerate() {
        let x = left + (i % tw) as i64;
        let y = top + (i / tw) as i64;
        if (0..SIDE as i64).contains(&x) && (0..SIDE as i64).contains(&y) {
            out[y as usize * SIDE + x as usize] = v.clamp(0.0, 1.0);
        }
    }
    Ok(out)
}

/// The smallest box holding all ink: `(x0, y0, x1, y1)` inclusive, or `None` for a blank page.
fn bounds(ink: &[f32], width: usize) -> Option<(usize, usize, usize, usize)> {
    let mut found: Option<(usize, usize, usize, usize)> = None;
    for (i, _) in ink.iter().enumerate().filter(|(_, &v)| v >= INK_THRESHOLD) {
        let (x, y) = (i % width, i / width);
        found = Some(match found {
            None => (x, y, x, y),
            Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
        });
    }
    found
}

/// For each of `targets` output pixels spanning the `length` source pixels from `start`: the
/// source pixels it overlaps and by how much (in source pixels).
fn coverage(start: usize, length: usize, targets: usize) -> Vec<Vec<(usize, f64)>> {
    let step = length as f64 / targets as f64;
    (0..targets)
        .map(|t| {
            let (a, b) = (t as f64 * step, (t + 1) as f64 * step);
            let first = a.floor() as usize;
            let last = (b.ceil() as usize).min(length);
            (first..last)
                .filter_map(|s| {
                    let overlap = b.min(s as f64 + 1.0) - a.max(s as f64);
                    (overlap > 0.0).then_some((start + s, overlap))
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Centre of mass (pixel centres) and the inked rows and columns of a 28x28 input.
    fn shape(input: &[f32]) -> (f64, f64, usize, usize) {
        let (mut m, mut x, mut y) = (0.0, 0.0, 0.0);
        let mut rows = [false; SIDE];
        let mut cols = [false; SIDE];
        for (i, &v) in input.iter().enumerate() {
            let v = f64::from(v);
            m += v;
            x += v * ((i % SIDE) as f64 + 0.5);
            y += v * ((i / SIDE) as f64 + 0.5);
            if v > 0.0 {
                rows[i / SIDE] = true;
                cols[i % SIDE] = true;
            }
        }
        let count = |a: &[bool]| a.iter().filter(|&&b| b).count();
        (x / m, y / m, count(&rows), count(&cols))
    }

    #[test]
    fn an_off_centre_vertical_stroke_lands_centred_and_20_tall() {
        // A 100x100 canvas with a stroke near its top-right corner: columns 70..76, rows 10..70.
        let (w, h) = (100, 100);
        let mut ink = vec![0.0; w * h];
        for y in 10..70 {
            for x in 70..76 {
                ink[y * w + x] = 1.0;
            }
        }
        let input = preprocess(&ink, w, h).expect("sizes fit");
        assert_eq!(input.len(), 784);
        let (cx, cy, rows, cols) = shape(&input);
        assert!((cx - 14.0).abs() <= 0.5, "centre of mass x {cx}");
        assert!((cy - 14.0).abs() <= 0.5, "centre of mass y {cy}");
        assert_eq!(rows, BOX, "the long side fills the 20-pixel box");
        assert_eq!(cols, 2, "the aspect ratio is kept (6 wide by 60 tall)");
        assert!(input.iter().all(|&v| (0.0..=1.0).contains(&v)));
    }

    #[test]
    fn a_lopsided_digit_is_placed_by_centre_of_mass_not_by_its_box() {
        // An L: a heavy bottom bar pulls the centre of mass down, so the box sits higher.
        let (w, h) = (40, 40);
        let mut ink = vec![0.0; w * h];
        for y in 0..40 {
            ink[y * w] = 1.0;
        }
        for y in 30..40 {
            for x in 0..40 {
                ink[y * w + x] = 1.0;
            }
        }
        let input = preprocess(&ink, w, h).expect("sizes fit");
        let (cx, cy, _, _) = shape(&input);
        assert!(
            (cx - 14.0).abs() <= 0.5 && (cy - 14.0).abs() <= 0.5,
            "({cx}, {cy})"
        );
    }

    #[test]
    fn anti_aliasing_gives_partial_coverage() {
        // A 1-pixel-wide diagonal over 100x100 shrinks to 20x20 with grey, not black, pixels.
        let mut ink = vec![0.0; 100 * 100];
        for i in 0..100 {
            ink[i * 100 + i] = 1.0;
        }
        let input = preprocess(&ink, 100, 100).expect("sizes fit");
        let max = input.iter().copied().fold(0.0, f32::max);
        assert!(max > 0.1 && max < 0.5, "max {max}");
    }

    #[test]
    fn blank_and_malformed_drawings() {
        assert_eq!(
            preprocess(&[0.0; 16], 4, 4).expect("sizes fit"),
            vec![0.0; 784]
        );
        assert!(preprocess(&[0.0; 15], 4, 4).is_err());
        // A single dot is scaled up to fill the 20x20 box.
        let mut dot = vec![0.0; 9];
        dot[4] = 1.0;
        let input = preprocess(&dot, 3, 3).expect("sizes fit");
        assert_eq!(input.iter().filter(|&&v| v > 0.0).count(), 400);
    }
}
