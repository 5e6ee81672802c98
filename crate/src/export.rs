//! Figures as files for print and posts, drawn from the weights alone: a layer's heat maps as SVG
//! (one `<rect>` per weight) and a run's timeline, noise to features, as an animated GIF (one
//! labelled frame per timeline snapshot, encoded by the `gif` crate).
//!
//! Pure and natively tested: bytes and text out, no canvas, no DOM. The colours are
//! [`crate::pixels`]'s, so a file looks like the page. It does not fetch, download or pick a
//! layer's title: the page hands those over.

use std::borrow::Cow;
use std::fmt::Write as _;

use ndarray::Array2;

use crate::model::{self, Snapshot};
use crate::pixels::{image_shape, symmetric_scale, weight_rgba, BLANK_RGBA, ZERO_RGBA};
use crate::protocol::{FileFormat, Native};
use crate::run::Run;

/// Gap between two tiles, in cells (SVG) or pixels (GIF).
const GAP: usize = 2;

/// `#rrggbb` of an RGBA colour.
fn hex([r, g, b, _]: [u8; 4]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// Escapes text for SVG character data.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The weights `w` of one layer, (neurons, inputs), as an SVG document: one tile per neuron (its
/// row of `w` laid out by [`image_shape`], one unit per weight), tiles in an [`image_shape`] grid
/// of the neurons, `title` above and the colour scale's meaning below. Every weight is exactly
/// one `<rect>` and nothing else is: a reader can count them. Colours share one scale per layer
/// ([`symmetric_scale`]), as on the page.
pub fn layer_svg(w: &Array2<f32>, title: &str) -> String {
    let (neurons, inputs) = w.dim();
    let scale = symmetric_scale(
        w.as_slice()
            .unwrap_or(&w.iter().copied().collect::<Vec<_>>()),
    );
    let (rows, cols) = image_shape(neurons);
    let (tile_rows, tile_cols) = image_shape(inputs);
    let head = 10; // room for the title, in units
    let foot = 8; // and for the legend line
    let width = cols * (tile_cols + GAP) + GAP;
    let height = head + rows * (tile_rows + GAP) + GAP + foot;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         width=\"{}\" height=\"{}\" shape-rendering=\"crispEdges\" \
         font-family=\"sans-serif\">\n<title>{}</title>\n\
         <text x=\"{GAP}\" y=\"7\" font-size=\"6\">{}</text>\n",
        width * 4,
        height * 4,
        escape(title),
        escape(title)
    );
    for (j, row) in w.outer_iter().enumerate() {
        let (x0, y0) = (
            GAP + (j % cols) * (tile_cols + GAP),
            head + GAP + (j / cols) * (tile_rows + GAP),
        );
        let _ = writeln!(svg, "<g transform=\"translate({x0} {y0})\">");
        for (i, &v) in row.iter().enumerate() {
            let _ = writeln!(
                svg,
                "<rect x=\"{}\" y=\"{}\" width=\"1\" height=\"1\" fill=\"{}\"/>",
                i % tile_cols,
                i / tile_cols,
                hex(weight_rgba(v, scale))
            );
        }
        svg.push_str("</g>\n");
    }
    let _ = write!(
        svg,
        "<text x=\"{GAP}\" y=\"{}\" font-size=\"4\">blue: likes (weight ≥ {scale:.2}), red: \
         dislikes (≤ −{scale:.2}), white: 0</text>\n</svg>\n",
        height - 2
    );
    svg
}

/// Colour levels of the GIF's ramp on each side of zero: 2 × 16 + 1 shades, enough to read the
/// page's heat maps and few enough that LZW keeps a 784-30-10 timeline of 38 frames under 2 MB
/// (measured: 24 levels make 2.1 MB of initial noise, 48 make 2.5 MB).
const LEVELS: usize = 16;
/// Palette entries before the ramp: the ground, the label's ink, a blank cell.
const GROUND: u8 = 0;
const INK: u8 = 1;
const BLANK: u8 = 2;
const RAMP: usize = 3;
/// Each weight is a square of this many pixels on a side.
pub const GIF_ZOOM: usize = 2;
/// Each label pixel is a square of this many pixels.
const FONT_ZOOM: usize = 2;
/// Height of the label strip above the tiles.
const LABEL: usize = 7 * FONT_ZOOM + 2 * GAP;
/// Delay between frames, in hundredths of a second; the last frame stays three times as long.
const DELAY: u16 = 50;

/// The GIF's palette, RGB: ground, ink, blank, then the red–white–blue ramp from −1 to +1.
fn palette() -> Vec<u8> {
    let mut rgb = Vec::with_capacity((RAMP + 2 * LEVELS + 1) * 3);
    for colour in [ZERO_RGBA, [34, 34, 34, 255], BLANK_RGBA] {
        rgb.extend_from_slice(&colour[..3]);
    }
    for k in 0..=2 * LEVELS {
        let t = k as f32 / LEVELS as f32 - 1.0;
        rgb.extend_from_slice(&weight_rgba(t, 1.0)[..3]);
    }
    rgb
}

/// The palette index of weight `w` at `scale`.
fn shade(w: f32, scale: f32) -> u8 {
    let t = if w.is_nan() {
        0.0
    } else {
        (w / scale).clamp(-1.0, 1.0)
    };
    // |t| <= 1 keeps the level within 0..=2*LEVELS, which fits a byte with the first three.
    (RAMP as isize + LEVELS as isize + (t * LEVELS as f32).round() as isize) as u8
}

/// What a timeline frame is labelled: `epoch N` at an epoch's end, otherwise `batch N`.
pub fn frame_label(s: &Snapshot) -> String {
    if s.samples_done == 0 && s.epoch > 0 {
        format!("epoch {}", s.epoch)
    } else {
        format!("batch {}", s.batches)
    }
}

/// The pixel size `(width, height)` of every frame of [`timeline_gif`] for a layer of
/// `neurons` tiles of `inputs` weights each.
pub fn gif_size(neurons: usize, inputs: usize) -> (usize, usize) {
    let (rows, cols) = image_shape(neurons);
    let (tile_rows, tile_cols) = image_shape(inputs);
    (
        cols * (tile_cols * GIF_ZOOM + GAP) + GAP,
        LABEL + rows * (tile_rows * GIF_ZOOM + GAP) + GAP,
    )
}

/// One frame of [`timeline_gif`] as palette indices, row-major, `gif_size` pixels: the label,
/// then the tiles of `w` (neurons, inputs), each weight a [`GIF_ZOOM`]-pixel square.
pub fn frame_indices(w: &Array2<f32>, label: &str) -> Vec<u8> {
    let (neurons, inputs) = w.dim();
    let (width, height) = gif_size(neurons, inputs);
    let mut px = vec![GROUND; width * height];
    write_label(&mut px, width, label);
    let scale = symmetric_scale(&w.iter().copied().collect::<Vec<_>>());
    let (_, cols) = image_shape(neurons);
    let (tile_rows, tile_cols) = image_shape(inputs);
    for (j, row) in w.outer_iter().enumerate() {
        let x0 = GAP + (j % cols) * (tile_cols * GIF_ZOOM + GAP);
        let y0 = LABEL + GAP + (j / cols) * (tile_rows * GIF_ZOOM + GAP);
        for cell in 0..tile_rows * tile_cols {
            let index = row.get(cell).map_or(BLANK, |&v| shade(v, scale));
            let (y, x) = (
                y0 + (cell / tile_cols) * GIF_ZOOM,
                x0 + (cell % tile_cols) * GIF_ZOOM,
            );
            for dy in 0..GIF_ZOOM {
                px[(y + dy) * width + x..][..GIF_ZOOM].fill(index);
            }
        }
    }
    px
}

/// The timeline of the hidden layer of WSCP file `bytes` as the GIF the page saves
/// ("Save timeline as GIF").
///
/// # Errors
/// The file's refusal ([`model::from_bytes`]) or [`timeline_gif`]'s.
pub fn file_timeline_gif(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let m = model::from_bytes(bytes).map_err(|e| e.to_string())?;
    timeline_gif(&m.snapshots, 0)
}

/// The GIF the page saves for a pretrained demo once it has its timeline: the worker's own steps,
/// natively: open WSCP file `demo` ([`Run::open`]), take its timeline file `timeline`
/// ([`Run::adopt_timeline`]), save ([`Run::save`]) and [`file_timeline_gif`]. The reference
/// sheet `docs/sheets/weightscope-timeline.gif` is this for the shipped demo.
///
/// # Errors
/// A sentence for a refused file, a timeline of another network or a GIF that cannot be made.
pub fn demo_timeline_gif(demo: &[u8], timeline: &[u8]) -> Result<Vec<u8>, String> {
    let refused = |e: model::ModelError| e.to_string();
    let demo = model::from_bytes(demo).map_err(refused)?;
    let timeline = model::from_bytes(timeline).map_err(refused)?;
    let (mut run, _) = Run::open::<Native>(
        0,
        FileFormat::Wscp,
        Some(demo.config.clone()),
        demo.config.dataset,
        demo.network,
        demo.history,
        demo.snapshots,
    );
    run.adopt_timeline::<Native>(Some(timeline.config), &timeline.network, timeline.snapshots)?;
    file_timeline_gif(&run.save(FileFormat::Wscp)?)
}

/// The timeline of layer `layer` as an animated GIF that loops: one frame per snapshot in
/// order, labelled by [`frame_label`].
///
/// # Errors
/// A sentence when there are no snapshots, the layer does not exist, or the frame is too large
/// for a GIF (65,535 pixels a side).
pub fn timeline_gif(snapshots: &[Snapshot], layer: usize) -> Result<Vec<u8>, String> {
    let first = snapshots
        .first()
        .ok_or("This network has no timeline: train it here to record one.")?;
    let (neurons, inputs) = first
        .weights
        .get(layer)
        .ok_or(format!("The network has no layer {layer}."))?
        .dim();
    let (width, height) = gif_size(neurons, inputs);
    let too_large = || format!("A {width}×{height} frame is too large for a GIF.");
    let (w16, h16) = (
        u16::try_from(width).map_err(|_| too_large())?,
        u16::try_from(height).map_err(|_| too_large())?,
    );
    let mut out = Vec::new();
    {
        let mut encoder = gif::Encoder::new(&mut out, w16, h16, &palette())
            .map_err(|e| format!("The GIF could not be written: {e}."))?;
        encoder
            .set_repeat(gif::Repeat::Infinite)
            .map_err(|e| format!("The GIF could not be written: {e}."))?;
        for (k, s) in snapshots.iter().enumerate() {
            let w = s
                .weights
                .get(layer)
                .filter(|w| w.dim() == (neurons, inputs))
                .ok_or("The timeline's snapshots have different shapes.")?;
            let frame = gif::Frame {
                width: w16,
                height: h16,
                delay: if k + 1 == snapshots.len() {
                    3 * DELAY
                } else {
                    DELAY
                },
                buffer: Cow::Owned(frame_indices(w, &frame_label(s))),
                ..gif::Frame::default()
            };
            encoder
                .write_frame(&frame)
                .map_err(|e| format!("The GIF could not be written: {e}."))?;
        }
    }
    Ok(out)
}

/// Draws `text` in the label strip of a frame `width` pixels wide, in the 5×7 font below.
fn write_label(px: &mut [u8], width: usize, text: &str) {
    let mut x = GAP;
    for c in text.chars() {
        for (dy, bits) in glyph(c).iter().enumerate() {
            for dx in 0..5 {
                if bits & (0b10000 >> dx) == 0 {
                    continue;
                }
                for (zy, zx) in (0..FONT_ZOOM).flat_map(|a| (0..FONT_ZOOM).map(move |b| (a, b))) {
                    let (py, pxx) = (GAP + dy * FONT_ZOOM + zy, x + dx * FONT_ZOOM + zx);
                    if pxx < width {
                        px[py * width + pxx] = INK;
                    }
                }
            }
        }
        x += 6 * FONT_ZOOM;
    }
}

/// The rows of a 5×7 glyph, top first, bit 4 the leftmost pixel: the digits and the letters of
/// "batch" and "epoch"; any other character is a space.
fn glyph(c: char) -> [u8; 7] {
    match c {
        '0' => [14, 17, 19, 21, 25, 17, 14],
        '1' => [4, 12, 4, 4, 4, 4, 14],
        '2' => [14, 17, 1, 2, 4, 8, 31],
        '3' => [31, 2, 4, 2, 1, 17, 14],
        '4' => [2, 6, 10, 18, 31, 2, 2],
        '5' => [31, 16, 30, 1, 1, 17, 14],
        '6' => [6, 8, 16, 30, 17, 17, 14],
        '7' => [31, 1, 2, 4, 8, 8, 8],
        '8' => [14, 17, 17, 14, 17, 17, 14],
        '9' => [14, 17, 17, 15, 1, 2, 12],
        'a' => [0, 0, 14, 1, 15, 17, 15],
        'b' => [16, 16, 22, 25, 17, 17, 30],
        'c' => [0, 0, 14, 16, 16, 17, 14],
        'e' => [0, 0, 14, 17, 31, 16, 14],
        'h' => [16, 16, 22, 25, 17, 17, 17],
        'o' => [0, 0, 14, 17, 17, 17, 14],
        'p' => [0, 0, 30, 17, 30, 16, 16],
        't' => [8, 8, 28, 8, 8, 9, 6],
        _ => [0; 7],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand_core::{RngCore, SeedableRng};
    use rand_pcg::Pcg32;

    /// A (neurons, inputs) matrix of bell-shaped noise (a sum of three uniforms, like the
    /// N(0, 1/n_in) of network2.py's initialisation) in ±`amplitude`, seeded.
    fn noise(neurons: usize, inputs: usize, amplitude: f32, seed: u64) -> Array2<f32> {
        let mut rng = Pcg32::seed_from_u64(seed);
        let mut uniform = move || rng.next_u32() as f32 / u32::MAX as f32 * 2.0 - 1.0;
        Array2::from_shape_simple_fn((neurons, inputs), || {
            (uniform() + uniform() + uniform()) / 3.0 * amplitude
        })
    }

    fn snapshot(batches: usize, epoch: usize, samples_done: usize, w: Array2<f32>) -> Snapshot {
        Snapshot {
            batches,
            epoch,
            samples_done,
            weights: vec![w],
            biases: vec![],
        }
    }

    #[test]
    fn the_svg_has_one_rect_per_weight_coloured_as_the_page() {
        let mut w = noise(30, 784, 0.2, 1);
        w[(0, 0)] = 5.0; // saturates: the page's blue
        w[(0, 1)] = -5.0;
        let svg = layer_svg(&w, "Hidden layer <30 neurons>");
        assert_eq!(svg.matches("<rect").count(), 30 * 784);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.contains("Hidden layer &lt;30 neurons&gt;"));
        assert!(svg.contains("fill=\"#2166ac\"") && svg.contains("fill=\"#b2182b\""));
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn labels_name_the_moment_or_the_epoch() {
        let w = || Array2::zeros((1, 1));
        assert_eq!(frame_label(&snapshot(0, 0, 0, w())), "batch 0");
        assert_eq!(frame_label(&snapshot(300, 0, 3000, w())), "batch 300");
        assert_eq!(frame_label(&snapshot(5000, 1, 0, w())), "epoch 1");
    }

    #[test]
    fn a_frame_draws_every_weight_as_a_square_and_the_label_in_ink() {
        let mut w = Array2::zeros((2, 4)); // 2 tiles of a 2×2 image
        w[(0, 0)] = 1.0;
        w[(1, 3)] = -1.0;
        let (width, height) = gif_size(2, 4);
        let px = frame_indices(&w, "batch 1");
        assert_eq!(px.len(), width * height);
        let at = |x: usize, y: usize| px[y * width + x];
        let (x0, y0) = (GAP, LABEL + GAP);
        let top = RAMP as u8 + 2 * LEVELS as u8;
        assert_eq!([at(x0, y0), at(x0 + 1, y0 + 1)], [top, top]); // +1: the bluest shade
        let x1 = GAP + 2 * GIF_ZOOM + GAP; // the second tile, its last cell
        assert_eq!(at(x1 + 2, y0 + 2), RAMP as u8);
        assert_eq!(at(x0 + 2, y0), RAMP as u8 + LEVELS as u8); // 0: white
        assert!(px[..LABEL * width].contains(&INK));
    }

    #[test]
    fn the_timeline_gif_decodes_to_one_labelled_frame_per_snapshot_under_2_mb() {
        // 784-30-10's hidden layer over 8 moments and 30 epochs: initial noise that drifts, a
        // harder case for LZW than trained weights (which are smoother).
        let snapshots: Vec<Snapshot> = (0..38)
            .map(|k| {
                let w = noise(30, 784, 1.0, 7) + noise(30, 784, 0.05 * k as f32, 100 + k as u64);
                let (batches, epoch, done) = if k < 8 {
                    ([0, 1, 3, 10, 30, 100, 300, 1000][k], 0, 10 * k)
                } else {
                    (5000 * (k - 7), k - 7, 0)
                };
                snapshot(batches, epoch, done, w)
            })
            .collect();
        let bytes = timeline_gif(&snapshots, 0).expect("encodes");
        assert!(bytes.len() < 2_000_000, "{} bytes", bytes.len());

        let mut options = gif::DecodeOptions::new();
        options.set_color_output(gif::ColorOutput::Indexed);
        let mut decoder = options.read_info(bytes.as_slice()).expect("a GIF");
        let (width, height) = gif_size(30, 784);
        assert_eq!(
            (decoder.width() as usize, decoder.height() as usize),
            (width, height)
        );
        let mut frames = 0;
        while let Some(frame) = decoder.read_next_frame().expect("a frame") {
            let label = frame_label(&snapshots[frames]);
            assert_eq!(
                *frame.buffer,
                frame_indices(&snapshots[frames].weights[0], &label)
            );
            frames += 1;
        }
        assert_eq!(frames, 38);
    }

    #[test]
    fn a_gif_without_timeline_or_layer_is_an_error() {
        assert!(timeline_gif(&[], 0).unwrap_err().contains("no timeline"));
        let one = [snapshot(0, 0, 0, Array2::zeros((2, 4)))];
        assert!(timeline_gif(&one, 1).is_err());
    }
}
