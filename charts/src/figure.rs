//! The exportable figures (the PNG export's sheets), laid out from their data: several charts
//! side by side (the learning curves, the sweep, side by side's two charts), one layer's heat
//! maps with tile numbers and colour legend, the drawing pad's reading and the digit explorer's.
//!
//! Pure: [`layout`] turns a [`FigureRequest`] into a [`Figure`], its size in CSS pixels and the
//! [`Op`]s that draw it (text, heat-map pixels, frames, charts), tested natively; `web` runs the
//! ops on a canvas at any devicePixelRatio. Every sheet is paper with a credit line at its foot.

use serde::Deserialize;
use weightscope_pixels::{
    image_shape, ink_rgba, legend_rgba, rank::top_k, symmetric_scale, weights_to_rgba,
};

use crate::chart::{Bars, ChartSpec, YFormat};
use crate::specs::Chart;

/// Padding around a sheet and between its parts, CSS pixels.
const PAD: f64 = 12.0;
/// Height of a sheet's title line, CSS pixels.
const TITLE_H: f64 = 22.0;
/// Height of a sheet's credit line (network, accuracy, credit), CSS pixels.
const CAPTION_H: f64 = 20.0;

/// A figure asked for by name, with its data. JSON: an object with one key, `chartRow`, `layer`,
/// `pad` or `explorer`: `{layer: {…}}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FigureRequest {
    /// Several charts side by side.
    ChartRow(ChartRow),
    /// One layer's weights as heat maps.
    Layer(LayerFigure),
    /// The drawing pad's reading.
    Pad(PadFigure),
    /// The digit explorer's reading.
    Explorer(ExplorerFigure),
}

/// Charts side by side. JSON: `{charts: [chart]}`, each at the size [`chart_size`] gives.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChartRow {
    /// The charts, left to right.
    pub charts: Vec<Chart>,
}

/// Each chart's size on a sheet of the row that holds `first`, CSS pixels: the sweep's wide
/// (its sizes from 1 to 100 neurons), side by side's a little wider than the learning curves'.
fn chart_size(first: Option<&Chart>) -> (f64, f64) {
    match first {
        Some(Chart::Sweep(_)) => (560.0, 300.0),
        Some(Chart::CompareAccuracy(_) | Chart::CompareHistogram(_)) => (400.0, 240.0),
        _ => (360.0, 240.0),
    }
}

/// One layer. JSON: `{title, weights, nIn, links?}`: `weights` is (n, nIn) row-major, row j
/// feeding neuron j; `links` writes under each tile the inputs it likes and dislikes most (the
/// output layer, whose tiles are larger: 96 CSS pixels across, not 84).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LayerFigure {
    /// The sheet's title.
    pub title: String,
    /// (n, n_in) row-major.
    pub weights: Vec<f32>,
    /// Inputs per neuron.
    pub n_in: usize,
    /// Whether each tile says whom its neuron likes and dislikes.
    #[serde(default)]
    pub links: bool,
}

/// The pad's reading. JSON: `{input, outputs, best, activations, contributions, target,
/// caption?, classNames, drawable, imageWord}`: `input` is what the network sees (side² values
/// in [0, 1]), `activations` one array per hidden layer, `contributions` the last hidden layer's
/// to class `target`; the dataset's words name the classes and the image.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PadFigure {
    /// The network's input, row-major.
    pub input: Vec<f32>,
    /// The output activations.
    pub outputs: Vec<f32>,
    /// The prediction: the output drawn highlighted.
    pub best: usize,
    /// Each hidden layer's activations.
    pub activations: Vec<Vec<f32>>,
    /// Activation × weight of each last-hidden neuron towards `target`.
    pub contributions: Vec<f32>,
    /// The class the contributions go to.
    pub target: usize,
    /// Where the image came from, after the prediction ("test image 3"); may be empty.
    #[serde(default)]
    pub caption: String,
    /// Every class's name, in label order.
    pub class_names: Vec<String>,
    /// Whether the dataset's images can be drawn on the pad (digits) or only opened (clothes).
    pub drawable: bool,
    /// What one image is called ("digit", "image").
    pub image_word: String,
}

/// A neuron the explorer's class likes or dislikes. JSON: `{name, weight, image, scale}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Card {
    /// The neuron's name ("hidden 15").
    pub name: String,
    /// Its weight to the class's output neuron.
    pub weight: f64,
    /// Its heat map's values.
    pub image: Vec<f32>,
    /// Its heat map's colour scale.
    pub scale: f32,
}

/// The explorer's reading. JSON: `{label, classWord, weights, scale, ranked, order, template,
/// likes, dislikes}`: `label` is the class in a sentence ("digit 0", "Sneaker"), `weights` its
/// output neuron's weights from the last hidden layer (drawn at `scale`), `ranked` the same
/// largest first with the neuron of each in `order`, `template` its effective input template.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExplorerFigure {
    /// The class in a sentence.
    pub label: String,
    /// What one class is called ("digit", "class").
    pub class_word: String,
    /// The output neuron's weights from the last hidden layer.
    pub weights: Vec<f32>,
    /// Their colour scale.
    pub scale: f32,
    /// The weights, largest first.
    pub ranked: Vec<f64>,
    /// The neuron of each ranked weight.
    pub order: Vec<usize>,
    /// The effective input template.
    pub template: Vec<f32>,
    /// The neurons it likes most, strongest first.
    pub likes: Vec<Card>,
    /// The neurons it dislikes most, strongest first.
    pub dislikes: Vec<Card>,
}

/// A rectangle in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

const fn rect(x: f64, y: f64, width: f64, height: f64) -> Rect {
    Rect {
        x,
        y,
        width,
        height,
    }
}

impl Rect {
    /// The frame drawn around a picture: half a pixel outside it, so a 1 px line covers whole pixels.
    fn frame(self) -> Rect {
        rect(
            self.x - 0.5,
            self.y - 0.5,
            self.width + 1.0,
            self.height + 1.0,
        )
    }
}

/// A sheet's fonts (the chart font family).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Font {
    /// The sheet's title: 600 13px.
    Title,
    /// A row's heading: 600 12px.
    Heading,
    /// Captions, numbers and the credit: 11px.
    Label,
    /// The legend's words: 600 11px.
    Strong,
}

impl Font {
    /// CSS weight and size in pixels.
    pub fn weight_and_size(self) -> (u16, f64) {
        match self {
            Font::Title => (600, 13.0),
            Font::Heading => (600, 12.0),
            Font::Label => (400, 11.0),
            Font::Strong => (600, 11.0),
        }
    }
}

/// Where a text's `x` is: its left end, centre or right end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// `x` is the left end.
    Left,
    /// `x` is the centre.
    Center,
    /// `x` is the right end.
    Right,
}

/// One line of text; `y` is its top, or its bottom for the credit line.
#[derive(Clone, Debug, PartialEq)]
pub struct Text {
    /// The words.
    pub text: String,
    /// Anchor, CSS pixels.
    pub x: f64,
    /// Top (or bottom, with `bottom`), CSS pixels.
    pub y: f64,
    /// Font.
    pub font: Font,
    /// A palette role.
    pub color: &'static str,
    /// What `x` is.
    pub align: Align,
    /// `y` is the text's bottom, not its top.
    pub bottom: bool,
    /// Squeezed to at most this wide.
    pub max_width: Option<f64>,
}

/// One drawing operation on a sheet, in CSS pixels, in order.
#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    /// A line of text.
    Text(Text),
    /// `cols` x `rows` RGBA pixels (row-major, 4 bytes each) scaled to `rect`, unsmoothed.
    Pixels {
        /// The pixels.
        rgba: Vec<u8>,
        /// Pixels across.
        cols: usize,
        /// Pixels down.
        rows: usize,
        /// Where they go.
        rect: Rect,
    },
    /// A 1 px outline in the palette's `line` colour.
    Frame(Rect),
    /// A chart drawn into `rect`.
    Chart {
        /// What to draw.
        spec: Box<ChartSpec>,
        /// Where.
        rect: Rect,
    },
}

/// A laid-out sheet: its size in CSS pixels and what to draw on its paper.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// Width, CSS pixels.
    pub width: f64,
    /// Height, CSS pixels.
    pub height: f64,
    /// The drawing, in order.
    pub ops: Vec<Op>,
}

/// Why a figure cannot be laid out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FigureError(pub String);

impl std::fmt::Display for FigureError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FigureError {}

/// Lays out `request` with `credit` (one line: network, accuracy, credit; empty: none) at its foot.
///
/// # Errors
/// Data that does not fit together: a layer whose weights are not a whole number of rows of
/// `nIn`, a pad whose prediction or target has no class name.
pub fn layout(request: &FigureRequest, credit: &str) -> Result<Figure, FigureError> {
    let mut sheet = match request {
        FigureRequest::ChartRow(f) => chart_row(f, credit),
        FigureRequest::Layer(f) => layer(f, credit)?,
        FigureRequest::Pad(f) => pad(f, credit)?,
        FigureRequest::Explorer(f) => explorer(f, credit),
    };
    if !credit.is_empty() {
        sheet.text(Text {
            bottom: true,
            max_width: Some(sheet.width - 2.0 * PAD),
            ..label(credit, PAD, sheet.height - PAD / 2.0, "muted")
        });
    }
    Ok(sheet)
}

/// Height of the credit line when there is one.
fn caption_h(credit: &str) -> f64 {
    if credit.is_empty() {
        0.0
    } else {
        CAPTION_H
    }
}

/// `text` at (`x`, `y`) in the label font, left-aligned, top at `y`.
fn label(text: &str, x: f64, y: f64, color: &'static str) -> Text {
    Text {
        text: text.into(),
        x,
        y,
        font: Font::Label,
        color,
        align: Align::Left,
        bottom: false,
        max_width: None,
    }
}

impl Figure {
    fn new(width: f64, height: f64) -> Figure {
        Figure {
            width,
            height,
            ops: Vec::new(),
        }
    }

    fn text(&mut self, text: Text) {
        self.ops.push(Op::Text(text));
    }

    /// The sheet's title, top left.
    fn title(&mut self, title: &str) {
        self.text(Text {
            font: Font::Title,
            max_width: Some(self.width - 2.0 * PAD),
            ..label(title, PAD, PAD, "ink")
        });
    }

    /// Pixels in `rect`, framed.
    fn picture(&mut self, (rows, cols, rgba): (usize, usize, Vec<u8>), at: Rect) {
        self.ops.push(Op::Pixels {
            rgba,
            cols,
            rows,
            rect: at,
        });
        self.ops.push(Op::Frame(at.frame()));
    }

    /// `values` as a heat map at colour scale `scale`, `size` pixels on its longer side, at (x, y).
    fn heat_map(&mut self, values: &[f32], scale: f32, (x, y): (f64, f64), size: f64) {
        let (rows, cols, rgba) = weights_to_rgba(values, scale);
        let side = size / rows.max(cols).max(1) as f64;
        self.picture(
            (rows, cols, rgba),
            rect(x, y, cols as f64 * side, rows as f64 * side),
        );
    }

    fn chart(&mut self, spec: ChartSpec, at: Rect) {
        self.ops.push(Op::Chart {
            spec: Box::new(spec),
            rect: at,
        });
    }
}

fn chart_row(f: &ChartRow, credit: &str) -> Figure {
    let (w, h) = chart_size(f.charts.first());
    let mut sheet = Figure::new(
        PAD + f.charts.len() as f64 * (w + PAD),
        2.0 * PAD + h + caption_h(credit),
    );
    for (k, chart) in f.charts.iter().enumerate() {
        sheet.chart(chart.spec(), rect(PAD + k as f64 * (w + PAD), PAD, w, h));
    }
    sheet
}

/// `v` with two decimals and its sign, as the page writes weights: `+0.53`, `−1.20`.
fn signed(v: f64) -> String {
    let sign = if v < 0.0 { '\u{2212}' } else { '+' };
    format!("{sign}{:.2}", v.abs())
}

/// `text` with a capital first letter: "Digit".
fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn layer(f: &LayerFigure, credit: &str) -> Result<Figure, FigureError> {
    if f.n_in == 0 || f.weights.len() % f.n_in != 0 {
        return Err(FigureError(format!(
            "layer figure: {} weights are not rows of {} inputs",
            f.weights.len(),
            f.n_in
        )));
    }
    let n = f.weights.len() / f.n_in;
    let (rows, cols) = image_shape(f.n_in);
    let grid_cols = image_shape(n).1.max(1);
    let grid_rows = n.div_ceil(grid_cols);
    let tile = if f.links { 96.0 } else { 84.0 }; // about how wide a heat map is
    let unit = (tile / rows.max(cols) as f64).round().max(1.0);
    let (tile_w, tile_h) = (cols as f64 * unit, rows as f64 * unit);
    let (gap, legend_h) = (6.0, 40.0);
    let below = if f.links { 42.0 } else { 16.0 }; // the number, then "likes …" and "dislikes …"
    let across = if f.links { tile_w.max(96.0) } else { tile_w };
    let width = (2.0 * PAD + grid_cols as f64 * across + (grid_cols - 1) as f64 * gap).max(300.0);
    let height = 2.0 * PAD
        + TITLE_H
        + grid_rows as f64 * (tile_h + below + gap)
        + legend_h
        + caption_h(credit);
    let mut sheet = Figure::new(width, height);
    let scale = symmetric_scale(&f.weights); // one scale per layer, as on the page
    sheet.title(&f.title);
    // (n, n_in): row j feeds neuron j.
    for (j, row) in f.weights.chunks(f.n_in).enumerate() {
        let x = PAD + (j % grid_cols) as f64 * (tile_w + gap);
        let y = PAD + TITLE_H + (j / grid_cols) as f64 * (tile_h + below + gap);
        sheet.picture(weights_to_rgba(row, scale), rect(x, y, tile_w, tile_h));
        let under = |text: String, dy: f64, color| Text {
            align: Align::Center,
            ..label(&text, x + tile_w / 2.0, y + tile_h + dy, color)
        };
        sheet.text(under(j.to_string(), 2.0, "muted"));
        if f.links {
            let (likes, dislikes) = top_k(row, 3); // whom the neuron likes and dislikes most
            let list = |ids: Vec<usize>| {
                ids.iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            for (words, dy, color) in [
                (format!("likes {}", list(likes)), 15.0, "likes"),
                (format!("dislikes {}", list(dislikes)), 28.0, "dislikes"),
            ] {
                sheet.text(Text {
                    max_width: Some(tile_w + gap),
                    ..under(words, dy, color)
                });
            }
        }
    }
    legend(
        &mut sheet,
        scale,
        height - PAD - legend_h - caption_h(credit) + 4.0,
    );
    Ok(sheet)
}

/// The colour legend at `y`: the bar, its numbers, and what the colours mean.
fn legend(sheet: &mut Figure, scale: f32, y: f64) {
    const STEPS: usize = 256;
    let bar_w = f64::min(STEPS as f64, sheet.width - 2.0 * PAD);
    let bar = rect(PAD, y, bar_w, 10.0);
    sheet.ops.push(Op::Pixels {
        rgba: legend_rgba(STEPS, 1, scale),
        cols: STEPS,
        rows: 1,
        rect: bar,
    });
    sheet.ops.push(Op::Frame(bar));
    let scale = f64::from(scale);
    let text_y = y + 13.0;
    for (words, x, align) in [
        (signed(-scale), PAD, Align::Left),
        ("0".into(), PAD + bar_w / 2.0, Align::Center),
        (signed(scale), PAD + bar_w, Align::Right),
    ] {
        sheet.text(Text {
            align,
            ..label(&words, x, text_y, "ink")
        });
    }
    for (words, x, align) in [
        ("dislikes", PAD, Align::Left),
        ("likes", PAD + bar_w, Align::Right),
    ] {
        sheet.text(Text {
            font: Font::Strong,
            align,
            ..label(words, x, text_y + 13.0, words)
        });
    }
}

/// Bars with a number under each.
fn numbered_bars(title: String, values: &[f32], signed: bool) -> ChartSpec {
    ChartSpec {
        title: Some(title),
        bars: Some(Bars {
            values: values.iter().map(|&v| f64::from(v)).collect(),
            labels: (0..values.len()).map(|i| i.to_string()).collect(),
            signed,
            max: (!signed).then_some(1.0),
            ..Bars::default()
        }),
        ..ChartSpec::default()
    }
}

fn pad(f: &PadFigure, credit: &str) -> Result<Figure, FigureError> {
    let name = |class: usize| {
        f.class_names
            .get(class)
            .ok_or_else(|| FigureError(format!("pad figure: no class name for output {class}")))
    };
    let (image_side, chart_w, chart_h) = (224.0, 420.0, 120.0);
    let caption = if f.caption.is_empty() {
        String::new()
    } else {
        format!(" ({})", f.caption)
    };
    let mut charts = vec![ChartSpec {
        title: Some(format!(
            "Output activations: it reads {}{caption}",
            name(f.best)?
        )),
        y_format: YFormat::Number,
        bars: Some(Bars {
            values: f.outputs.iter().map(|&v| f64::from(v)).collect(),
            labels: f.class_names.clone(),
            highlight: Some(f.best),
            max: Some(1.0),
            ..Bars::default()
        }),
        ..ChartSpec::default()
    }];
    for (l, a) in f.activations.iter().enumerate() {
        let which = if f.activations.len() > 1 {
            format!("hidden layer {}", l + 1)
        } else {
            "the hidden layer".into()
        };
        charts.push(numbered_bars(
            format!("Activation of every neuron of {which} (0 to 1)"),
            a,
            false,
        ));
    }
    charts.push(numbered_bars(
        format!("Contributions to {}: activation × weight", name(f.target)?),
        &f.contributions,
        true,
    ));
    let width = 3.0 * PAD + image_side + chart_w;
    let height = PAD
        + TITLE_H
        + f64::max(image_side + 40.0, charts.len() as f64 * (chart_h + PAD))
        + caption_h(credit);
    let mut sheet = Figure::new(width, height);
    sheet.title(&if f.drawable {
        format!("Drawing pad: which neurons does the {} use?", f.image_word)
    } else {
        format!("One test {}: which neurons does it use?", f.image_word)
    });
    let (rows, cols) = image_shape(f.input.len());
    let top = PAD + TITLE_H;
    sheet.picture(
        (rows, cols, ink_rgba(&f.input)),
        rect(PAD, top, image_side, image_side),
    );
    sheet.text(Text {
        max_width: Some(image_side),
        ..label(
            &format!("What the network sees ({rows}×{cols})"),
            PAD,
            top + image_side + 6.0,
            "muted",
        )
    });
    for (k, spec) in charts.into_iter().enumerate() {
        let y = top + k as f64 * (chart_h + PAD);
        sheet.chart(spec, rect(2.0 * PAD + image_side, y, chart_w, chart_h));
    }
    Ok(sheet)
}

fn explorer(f: &ExplorerFigure, credit: &str) -> Figure {
    let (heat, chart_w, tile, below) = (168.0, 360.0, 84.0, 40.0);
    let cards = f.likes.len().max(f.dislikes.len()).max(1) as f64;
    let width = f64::max(
        4.0 * PAD + 2.0 * heat + chart_w,
        2.0 * PAD + cards * (tile + PAD),
    );
    let height =
        PAD + TITLE_H + heat + below + 2.0 * (TITLE_H + tile + below) + PAD + caption_h(credit);
    let mut sheet = Figure::new(width, height);
    sheet.title(&format!(
        "{} explorer: what {}'s output neuron is built from",
        capital(&f.class_word),
        f.label
    ));
    let top = PAD + TITLE_H;
    let caption = |text: String, x: f64, max: f64| Text {
        max_width: Some(max),
        ..label(&text, x, top + heat + 6.0, "muted")
    };
    sheet.heat_map(&f.weights, f.scale, (PAD, top), heat);
    let grid = format!(
        "{}'s {} weights, as a grid",
        capital(&f.label),
        f.weights.len()
    );
    sheet.text(caption(grid, PAD, heat));
    let ranked = ChartSpec {
        bars: Some(Bars {
            values: f.ranked.clone(),
            labels: f.order.iter().map(usize::to_string).collect(),
            signed: true,
            ..Bars::default()
        }),
        ..ChartSpec::default()
    };
    sheet.chart(ranked, rect(2.0 * PAD + heat, top, chart_w, heat));
    let words = "The same weights, largest first (blue: likes, red: dislikes)";
    sheet.text(caption(words.into(), 2.0 * PAD + heat, chart_w));
    let right = 3.0 * PAD + heat + chart_w;
    sheet.heat_map(
        &f.template,
        symmetric_scale(&f.template),
        (right, top),
        heat,
    );
    sheet.text(caption("Effective input template".into(), right, heat));
    let rows = [
        ("Likes most (largest weights)", &f.likes, "likes"),
        (
            "Dislikes most (most negative weights)",
            &f.dislikes,
            "dislikes",
        ),
    ];
    for (r, (heading, list, color)) in rows.into_iter().enumerate() {
        let y = top + heat + below + r as f64 * (TITLE_H + tile + below);
        sheet.text(Text {
            font: Font::Heading,
            ..label(heading, PAD, y, color)
        });
        for (n, card) in list.iter().enumerate() {
            let x = PAD + n as f64 * (tile + PAD);
            sheet.heat_map(&card.image, card.scale, (x, y + TITLE_H), tile);
            for (words, dy) in [
                (card.name.clone(), 4.0),
                (format!("w = {}", signed(card.weight)), 17.0),
            ] {
                sheet.text(Text {
                    align: Align::Center,
                    max_width: Some(tile + PAD),
                    ..label(&words, x + tile / 2.0, y + TITLE_H + tile + dy, color)
                });
            }
        }
    }
    sheet
}

#[cfg(test)]
mod tests {
    use super::*;

    const CREDIT: &str = "Network 784-30-10 · 95.93% test accuracy after 30 epochs · Weightscope";

    fn texts(figure: &Figure) -> Vec<&Text> {
        figure
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Text(t) => Some(t),
                _ => None,
            })
            .collect()
    }

    fn find<'a>(figure: &'a Figure, words: &str) -> &'a Text {
        texts(figure)
            .into_iter()
            .find(|t| t.text == words)
            .unwrap_or_else(|| panic!("{words} is not written"))
    }

    fn pictures(figure: &Figure) -> Vec<(usize, usize, Rect)> {
        figure
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Pixels {
                    cols,
                    rows,
                    rect,
                    rgba,
                } => {
                    assert_eq!(rgba.len(), cols * rows * 4);
                    Some((*cols, *rows, *rect))
                }
                _ => None,
            })
            .collect()
    }

    fn charts_of(figure: &Figure) -> Vec<(&ChartSpec, Rect)> {
        figure
            .ops
            .iter()
            .filter_map(|op| match op {
                Op::Chart { spec, rect } => Some((spec.as_ref(), *rect)),
                _ => None,
            })
            .collect()
    }

    /// A layer of `n` neurons of `n_in` inputs: neuron j's weight i is (i - j) / n_in.
    fn layer_of(n: usize, n_in: usize, links: bool) -> FigureRequest {
        FigureRequest::Layer(LayerFigure {
            title: "Output layer".into(),
            weights: (0..n * n_in)
                .map(|k| ((k % n_in) as f32 - (k / n_in) as f32) / n_in as f32)
                .collect(),
            n_in,
            links,
        })
    }

    #[test]
    fn charts_side_by_side_with_the_credit_at_the_foot() {
        let request: FigureRequest = serde_json::from_str(
            r#"{"chartRow": {"charts": [
                {"accuracy": {"epochs": 2, "test": [[1, 0.9]]}},
                {"cost": {"epochs": 2, "cost": [[0.5, 1]]}}]}}"#,
        )
        .unwrap();
        let sheet = layout(&request, CREDIT).unwrap();
        // Two 360x240 charts with 12 px around them and the 20 px credit line (the e2e's PNG size).
        assert_eq!((sheet.width, sheet.height), (756.0, 284.0));
        let charts = charts_of(&sheet);
        assert_eq!(charts[0].1, rect(12.0, 12.0, 360.0, 240.0));
        assert_eq!(charts[1].1, rect(384.0, 12.0, 360.0, 240.0));
        assert_eq!(charts[1].0.title.as_deref(), Some("Training cost"));
        let credit = find(&sheet, CREDIT);
        assert!(credit.bottom && credit.y == 278.0 && credit.color == "muted");
        assert_eq!(credit.max_width, Some(732.0));
        let bare = layout(&request, "").unwrap();
        assert_eq!(bare.height, 264.0);
        assert!(texts(&bare).is_empty());
    }

    #[test]
    fn side_by_sides_charts_are_wider_than_the_learning_curves() {
        let request: FigureRequest = serde_json::from_str(
            r#"{"chartRow": {"charts": [
                {"compareAccuracy": {"epochs": 2, "curves": {"a": [[1, 0.9]]}}},
                {"compareHistogram": {"a": [0.5, -0.5]}}]}}"#,
        )
        .unwrap();
        let sheet = layout(&request, "").unwrap();
        assert_eq!(charts_of(&sheet)[1].1, rect(424.0, 12.0, 400.0, 240.0));
        assert_eq!((sheet.width, sheet.height), (836.0, 264.0));
    }

    #[test]
    fn a_layer_has_its_title_numbered_tiles_and_legend() {
        let sheet = layout(&layer_of(30, 784, false), CREDIT).unwrap();
        // 30 tiles of 28x28 at 3 px a weight, 6 across and 5 down.
        let tiles = pictures(&sheet);
        assert_eq!(tiles.len(), 31, "30 heat maps and the legend");
        assert_eq!((tiles[0].0, tiles[0].1), (28, 28));
        assert_eq!(tiles[0].2, rect(12.0, 34.0, 84.0, 84.0));
        assert_eq!(
            tiles[7].2,
            rect(12.0 + 90.0, 34.0 + 84.0 + 16.0 + 6.0, 84.0, 84.0)
        );
        assert_eq!(
            (sheet.width, sheet.height),
            (558.0, 24.0 + 22.0 + 5.0 * 106.0 + 40.0 + 20.0)
        );
        assert_eq!(find(&sheet, "Output layer").font, Font::Title);
        let seven = find(&sheet, "7");
        assert_eq!(
            (seven.x, seven.y, seven.align),
            (102.0 + 42.0, 34.0 + 106.0 + 84.0 + 2.0, Align::Center)
        );
        assert!(find(&sheet, "29").color == "muted");
        // The legend: a 256-step bar, ± the layer's scale, and what the colours mean.
        assert_eq!((tiles[30].0, tiles[30].1), (256, 1));
        let scale = f64::from(symmetric_scale(match &layer_of(30, 784, false) {
            FigureRequest::Layer(f) => &f.weights,
            _ => unreachable!(),
        }));
        assert_eq!(find(&sheet, &signed(scale)).align, Align::Right);
        assert!(find(&sheet, &signed(-scale)).text.starts_with('\u{2212}'));
        assert_eq!(find(&sheet, "likes").color, "likes");
        assert_eq!(find(&sheet, "dislikes").font, Font::Strong);
        assert!(!texts(&sheet).iter().any(|t| t.text.starts_with("likes ")));
    }

    #[test]
    fn the_output_layer_says_whom_each_neuron_likes_and_dislikes() {
        let sheet = layout(&layer_of(10, 30, true), "").unwrap();
        // Neuron j's largest weights are its last inputs, its smallest its first.
        let likes = find(&sheet, "likes 29 28 27");
        let dislikes = find(&sheet, "dislikes 0 1 2");
        assert_eq!((likes.color, dislikes.color), ("likes", "dislikes"));
        assert_eq!(dislikes.y - likes.y, 13.0);
        assert_eq!(
            texts(&sheet)
                .iter()
                .filter(|t| t.text == "likes 29 28 27")
                .count(),
            10
        );
        // 30 inputs are a 5x6 tile at 16 px a weight; the layer's 10 neurons, 5 across.
        let tiles = pictures(&sheet);
        assert_eq!(tiles[0].2, rect(12.0, 34.0, 96.0, 80.0));
        assert_eq!(sheet.width, 24.0 + 5.0 * 96.0 + 4.0 * 6.0);
    }

    #[test]
    fn weights_that_are_not_whole_rows_are_an_error() {
        let mut bad = layer_of(2, 4, false);
        if let FigureRequest::Layer(f) = &mut bad {
            f.weights.pop();
        }
        let err = layout(&bad, "").unwrap_err();
        assert_eq!(
            err.to_string(),
            "layer figure: 7 weights are not rows of 4 inputs"
        );
    }

    fn pad_reading(drawable: bool) -> PadFigure {
        PadFigure {
            input: vec![0.5; 784],
            outputs: vec![0.1; 10],
            best: 7,
            activations: vec![vec![0.5; 30]],
            contributions: vec![0.2; 30],
            target: 7,
            caption: String::new(),
            class_names: (0..10).map(|d| d.to_string()).collect(),
            drawable,
            image_word: if drawable { "digit" } else { "image" }.into(),
        }
    }

    #[test]
    fn the_pads_reading_shows_the_input_beside_its_charts() {
        let sheet = layout(&FigureRequest::Pad(pad_reading(true)), CREDIT).unwrap();
        // The 224 px input beside three 420x120 bar charts over the credit line (e2e: 1360x900 at 2x).
        assert_eq!((sheet.width, sheet.height), (680.0, 450.0));
        find(&sheet, "Drawing pad: which neurons does the digit use?");
        find(&sheet, "What the network sees (28×28)");
        let input = pictures(&sheet);
        assert_eq!(input, [(28, 28, rect(12.0, 34.0, 224.0, 224.0))]);
        let charts = charts_of(&sheet);
        let titles: Vec<&str> = charts
            .iter()
            .filter_map(|(s, _)| s.title.as_deref())
            .collect();
        assert_eq!(
            titles,
            [
                "Output activations: it reads 7",
                "Activation of every neuron of the hidden layer (0 to 1)",
                "Contributions to 7: activation × weight"
            ]
        );
        assert_eq!(charts[2].1, rect(248.0, 34.0 + 264.0, 420.0, 120.0));
        let outputs = charts[0].0.bars.as_ref().unwrap();
        assert_eq!((outputs.highlight, outputs.labels.len()), (Some(7), 10));
        assert!(charts[2]
            .0
            .bars
            .as_ref()
            .is_some_and(|b| b.signed && b.max.is_none()));

        let mut opened = pad_reading(false);
        opened.caption = "test image 3".into();
        opened.activations.push(vec![0.1; 20]);
        let sheet = layout(&FigureRequest::Pad(opened), "").unwrap();
        find(&sheet, "One test image: which neurons does it use?");
        let titles: Vec<String> = charts_of(&sheet)
            .iter()
            .filter_map(|(s, _)| s.title.clone())
            .collect();
        assert_eq!(titles[0], "Output activations: it reads 7 (test image 3)");
        assert_eq!(
            titles[2],
            "Activation of every neuron of hidden layer 2 (0 to 1)"
        );
        let mut lost = pad_reading(true);
        lost.best = 10;
        assert!(layout(&FigureRequest::Pad(lost), "").is_err());
    }

    #[test]
    fn the_explorer_shows_the_weights_ranked_the_template_and_the_cards() {
        let card = |name: &str, weight| Card {
            name: name.into(),
            weight,
            image: vec![0.1; 784],
            scale: 1.0,
        };
        let reading = ExplorerFigure {
            label: "digit 0".into(),
            class_word: "digit".into(),
            weights: vec![0.5; 30],
            scale: 1.0,
            ranked: vec![0.5; 30],
            order: (0..30).collect(),
            template: vec![0.1; 784],
            likes: vec![
                card("hidden 15", 2.634),
                card("hidden 6", 2.32),
                card("hidden 10", 1.98),
            ],
            dislikes: vec![
                card("hidden 12", -3.2),
                card("hidden 2", -3.18),
                card("hidden 13", -2.67),
            ],
        };
        let sheet = layout(&FigureRequest::Explorer(reading), CREDIT).unwrap();
        // Two 168 px heat maps and a 360 px bar chart across, three rows down (e2e: 744x566 at 1x).
        assert_eq!((sheet.width, sheet.height), (744.0, 566.0));
        find(
            &sheet,
            "Digit explorer: what digit 0's output neuron is built from",
        );
        find(&sheet, "Digit 0's 30 weights, as a grid");
        assert_eq!(find(&sheet, "Likes most (largest weights)").color, "likes");
        let w = find(&sheet, "w = +2.63");
        assert_eq!((w.color, w.align), ("likes", Align::Center));
        assert_eq!(find(&sheet, "w = \u{2212}3.20").color, "dislikes");
        // The 30 weights as 5x6 at 28 px a weight; the template 28x28; six 84 px cards.
        let maps = pictures(&sheet);
        assert_eq!(maps.len(), 8);
        assert_eq!(maps[0], (6, 5, rect(12.0, 34.0, 168.0, 140.0)));
        assert_eq!(maps[1].2, rect(564.0, 34.0, 168.0, 168.0));
        assert_eq!(charts_of(&sheet)[0].1, rect(192.0, 34.0, 360.0, 168.0));
    }

    #[test]
    fn signs_and_capitals_read_as_the_page_writes_them() {
        assert_eq!(signed(0.534), "+0.53");
        assert_eq!(signed(-1.2), "\u{2212}1.20");
        assert_eq!(capital("digit 7"), "Digit 7");
        assert_eq!(capital(""), "");
    }
}
