//! The page's charts by name, each a [`ChartSpec`] made from its data: the learning curves
//! (accuracy, cost), side by side's test accuracy and hidden-weight histogram, the sweep's test
//! accuracy against hidden neurons, and the matching's |ρ| distribution.
//!
//! The page asks for a [`Chart`], `{accuracy: {…}}`, and builds no spec itself but its bar
//! charts (`{spec: {…}}`): titles, palette roles, axis bounds and the histogram's bins are
//! decided here, once, and tested natively. A chart is plain data, so the page can keep one until
//! the chart wasm arrives.

use serde::Deserialize;

use crate::chart::{ChartSpec, Mark, Series, YFormat};

/// A chart asked for by name with its data, or a spec as it is. JSON: an object with one key,
/// `{accuracy: {…}}`, `{spec: {…}}`.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Chart {
    /// A spec as it is (the panels' bar charts).
    Spec(Box<ChartSpec>),
    /// The learning curves' test and training accuracy after each epoch.
    Accuracy(Curves),
    /// The learning curves' training cost.
    Cost(Curves),
    /// Side by side's test accuracy of (a) and (b) after each epoch.
    CompareAccuracy(CompareCurves),
    /// Side by side's histogram of (a)'s and (b)'s hidden-layer weights on one range.
    CompareHistogram(Sides<Vec<f32>>),
    /// The sweep's test accuracy against hidden neurons H.
    Sweep(Sweep),
    /// The matching's |ρ| of matched neuron pairs against the shuffled baseline's.
    Matching(Matching),
}

/// `[x, y]` points, in drawing order.
pub type Points = Vec<[f64; 2]>;

/// The learning curves. JSON: `{epochs, test?, train?, cost?, until?}`: `test` and `train` are
/// `[epoch, accuracy]`, `cost` `[epochs elapsed, cost]`; `until` is the timeline's moment (absent
/// or not finite: everything).
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Curves {
    /// The run's epochs: the x axis's end.
    pub epochs: f64,
    /// Test accuracy after each epoch.
    #[serde(default)]
    pub test: Points,
    /// Training accuracy after each epoch.
    #[serde(default)]
    pub train: Points,
    /// Average cost of recent mini-batches.
    #[serde(default)]
    pub cost: Points,
    /// Only points up to this many epochs are drawn.
    #[serde(default)]
    pub until: Option<f64>,
}

/// Something of network (a) and of network (b), either of which may be missing. JSON: `{a?, b?}`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Sides<T> {
    /// Network (a)'s.
    #[serde(default)]
    pub a: Option<T>,
    /// Network (b)'s.
    #[serde(default)]
    pub b: Option<T>,
}

impl<T> Sides<T> {
    /// The sides present, with their names, (a) first.
    fn present(&self) -> impl Iterator<Item = (&'static str, &T)> {
        [("a", self.a.as_ref()), ("b", self.b.as_ref())]
            .into_iter()
            .filter_map(|(side, value)| value.map(|v| (side, v)))
    }
}

/// Side by side's accuracy curves. JSON: `{epochs, curves: {a?, b?}}`, each `[epoch, accuracy]`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct CompareCurves {
    /// The runs' epochs: the x axis's end.
    pub epochs: f64,
    /// Each side's test accuracy after each epoch.
    pub curves: Sides<Points>,
}

/// The lowest, median and highest test accuracy over a sweep's seeds for one H.
#[derive(Clone, Copy, Debug, Default, PartialEq, Deserialize)]
pub struct Spread {
    /// The lowest seed's.
    pub min: f64,
    /// The median over the seeds.
    pub median: f64,
    /// The highest seed's.
    pub max: f64,
}

/// The sweep's results. JSON: `{spreads: [[H, {min, median, max}]], seeds, article: [[H,
/// accuracy]], hidden: [H], subset, inputs, classes}`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sweep {
    /// Each finished H with its spread over seeds.
    pub spreads: Vec<(f64, Spread)>,
    /// Seeds per H.
    pub seeds: u32,
    /// The article's figures: one run per H.
    #[serde(default)]
    pub article: Points,
    /// Every H of the sweep, finished or not (the x axis reaches the largest).
    #[serde(default)]
    pub hidden: Vec<f64>,
    /// The run's subset of MNIST in words; empty for all of it.
    #[serde(default)]
    pub subset: String,
    /// Input neurons (pixels per image), for the title's shape.
    pub inputs: usize,
    /// Output neurons (classes), for the title's shape.
    pub classes: usize,
}

/// The matching's correlations. JSON: `{matched: [ρ], baseline: [ρ]}`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct Matching {
    /// ρ of each matched pair.
    pub matched: Vec<f64>,
    /// ρ of each pair matched with one network's pixels shuffled.
    pub baseline: Vec<f64>,
}

/// Bins of side by side's weight histogram.
pub const HISTOGRAM_BINS: usize = 41;
/// Bins of the matching's |ρ| histogram over [−1, 1] (half of them are drawn, over [0, 1]).
const MATCHING_BINS: usize = 40;

impl Chart {
    /// The spec to draw.
    pub fn spec(&self) -> ChartSpec {
        match self {
            Chart::Spec(spec) => spec.as_ref().clone(),
            Chart::Accuracy(c) => accuracy(c),
            Chart::Cost(c) => cost(c),
            Chart::CompareAccuracy(c) => compare_accuracy(c),
            Chart::CompareHistogram(hidden) => compare_histogram(hidden),
            Chart::Sweep(s) => sweep(s),
            Chart::Matching(m) => matching(m),
        }
    }
}

/// Only the points up to `until` epochs (absent or not finite: all).
fn up_to(points: &[[f64; 2]], until: Option<f64>) -> Points {
    match until.filter(|u| u.is_finite()) {
        Some(until) => points
            .iter()
            .copied()
            .filter(|[x, _]| *x <= until + 1e-9)
            .collect(),
        None => points.to_vec(),
    }
}

fn series(name: &str, color: &str, mark: Mark, points: Points) -> Series {
    Series {
        name: name.into(),
        color: color.into(),
        points,
        mark,
    }
}

/// A chart over epochs 0 to `epochs`, ticks at whole epochs.
fn over_epochs(title: &str, y_label: &str, y_format: YFormat, epochs: f64) -> ChartSpec {
    ChartSpec {
        title: Some(title.into()),
        x_label: "epochs".into(),
        y_label: y_label.into(),
        y_format,
        x_min: Some(0.0),
        x_max: Some(epochs),
        x_whole: true,
        ..ChartSpec::default()
    }
}

fn accuracy(c: &Curves) -> ChartSpec {
    ChartSpec {
        series: vec![
            series("test images", "test", Mark::Line, up_to(&c.test, c.until)),
            series(
                "training images",
                "train",
                Mark::Line,
                up_to(&c.train, c.until),
            ),
        ],
        ..over_epochs(
            "Accuracy after each epoch",
            "accuracy",
            YFormat::Percent,
            c.epochs,
        )
    }
}

fn cost(c: &Curves) -> ChartSpec {
    ChartSpec {
        series: vec![series(
            "average cost of recent mini-batches",
            "cost",
            Mark::Line,
            up_to(&c.cost, c.until),
        )],
        ..over_epochs("Training cost", "cost", YFormat::Number, c.epochs)
    }
}

fn compare_accuracy(c: &CompareCurves) -> ChartSpec {
    ChartSpec {
        series: [("a", &c.curves.a), ("b", &c.curves.b)]
            .into_iter()
            .map(|(side, points)| {
                let points = points.clone().unwrap_or_default();
                series(&format!("({side})"), side, Mark::Line, points)
            })
            .collect(),
        ..over_epochs(
            "Test accuracy after each epoch",
            "test accuracy",
            YFormat::Percent,
            c.epochs,
        )
    }
}

/// `[centre, fraction of values]` of `values` in `bins` bins over [−range, range]; values
/// outside go to the end bins, NaN to none (but counts in the total).
pub fn histogram(values: impl ExactSizeIterator<Item = f64>, range: f64, bins: usize) -> Points {
    let total = values.len().max(1) as f64;
    let bins = bins.max(1);
    let mut counts = vec![0_u32; bins];
    for v in values.filter(|v| !v.is_nan()) {
        let bin = libm::floor((v + range) / (2.0 * range) * bins as f64);
        // Clamped into 0..bins first, so the cast is exact.
        counts[bin.clamp(0.0, (bins - 1) as f64) as usize] += 1;
    }
    let width = 2.0 * range / bins as f64;
    counts
        .iter()
        .enumerate()
        .map(|(i, &n)| [-range + (i as f64 + 0.5) * width, f64::from(n) / total])
        .collect()
}

/// The weights' common range: the largest finite |w| of all of them (at least 1e-6), 1 when
/// there are none.
pub fn weight_range<'a>(lists: impl IntoIterator<Item = &'a [f32]>) -> f64 {
    let mut lists = lists.into_iter().peekable();
    if lists.peek().is_none() {
        return 1.0;
    }
    lists
        .flatten()
        .filter(|w| w.is_finite())
        .fold(1e-6, |max: f64, &w| max.max(f64::from(w.abs())))
}

fn compare_histogram(hidden: &Sides<Vec<f32>>) -> ChartSpec {
    // Before any weights, an axis from −1 to 1 rather than one around 0 to six decimals.
    let range = weight_range(hidden.present().map(|(_, w)| w.as_slice()));
    let series = hidden
        .present()
        .map(|(side, w)| {
            let points = histogram(w.iter().map(|&v| f64::from(v)), range, HISTOGRAM_BINS);
            series(&format!("({side})"), side, Mark::Steps, points)
        })
        .collect();
    ChartSpec {
        title: Some("Hidden-layer weights: how many of each size".into()),
        description: Some(format!(
            "Histogram of the hidden-layer weights of (a) and (b), from \u{2212}{range:.2} to {range:.2}"
        )),
        x_label: "weight".into(),
        y_label: "fraction of weights".into(),
        y_format: YFormat::Percent,
        x_min: Some(-range),
        x_max: Some(range),
        series,
        ..ChartSpec::default()
    }
}

fn sweep(s: &Sweep) -> ChartSpec {
    let of = |pick: fn(&Spread) -> f64| {
        s.spreads
            .iter()
            .map(|(h, spread)| [*h, pick(spread)])
            .collect()
    };
    let median = if s.seeds > 1 {
        format!("this page: median of {} seeds", s.seeds)
    } else {
        "this page".into()
    };
    let mut all = vec![series(&median, "median", Mark::Line, of(|s| s.median))];
    if s.seeds > 1 {
        all.push(series(
            "lowest seed",
            "seedLow",
            Mark::Points,
            of(|s| s.min),
        ));
        all.push(series(
            "highest seed",
            "seedHigh",
            Mark::Points,
            of(|s| s.max),
        ));
    }
    if !s.article.is_empty() {
        let name = if s.subset.is_empty() {
            "the article (one run each)"
        } else {
            "the article (one run each, all of MNIST)"
        };
        all.push(series(name, "article", Mark::Line, s.article.clone()));
    }
    let widest = s
        .hidden
        .iter()
        .chain(s.article.iter().map(|[h, _]| h))
        .fold(10.0, |max: f64, &h| max.max(h));
    ChartSpec {
        title: Some(format!(
            "Test accuracy against hidden neurons ({}-H-{})",
            s.inputs, s.classes
        )),
        x_label: "hidden neurons H".into(),
        y_label: "test accuracy".into(),
        y_format: YFormat::Percent,
        x_min: Some(0.0),
        x_max: Some(widest),
        x_whole: true,
        y_min: Some(0.0),
        y_max: Some(1.0),
        series: all,
        ..ChartSpec::default()
    }
}

fn matching(m: &Matching) -> ChartSpec {
    // |ρ| in bins over [−1, 1], of which the half over [0, 1] is drawn.
    let steps = |rhos: &[f64]| -> Points {
        histogram(rhos.iter().map(|r| r.abs()), 1.0, MATCHING_BINS)
            .into_iter()
            .filter(|[x, _]| *x >= 0.0)
            .collect()
    };
    ChartSpec {
        title: Some("How alike the matched neurons are".into()),
        x_label: "|ρ| of a matched pair".into(),
        y_label: "fraction of pairs".into(),
        y_format: YFormat::Percent,
        x_min: Some(0.0),
        x_max: Some(1.0),
        series: vec![
            series("matched", "a", Mark::Steps, steps(&m.matched)),
            series(
                "baseline: pixels shuffled",
                "b",
                Mark::Steps,
                steps(&m.baseline),
            ),
        ],
        ..ChartSpec::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(json: &str) -> ChartSpec {
        serde_json::from_str::<Chart>(json).unwrap().spec()
    }

    /// The learning curves' chart `chart`, with `until` (`, "until": 2`, or nothing).
    fn curves(chart: &str, until: &str) -> ChartSpec {
        self::chart(&format!(
            r#"{{"{chart}": {{"epochs": 3, "test": [[1, 0.9], [2, 0.92], [3, 0.93]],
                "train": [[1, 0.91], [2, 0.93], [3, 0.95]], "cost": [[0.5, 1.2], [1, 0.8], [2.5, 0.4]]{until}}}}}"#
        ))
    }

    #[test]
    fn the_learning_curves_name_palette_roles_and_stop_at_the_timelines_moment() {
        let all = curves("accuracy", "");
        assert_eq!(all.title.as_deref(), Some("Accuracy after each epoch"));
        assert_eq!(
            (all.x_min, all.x_max, all.x_whole),
            (Some(0.0), Some(3.0), true)
        );
        assert_eq!(all.y_format, YFormat::Percent);
        let colors: Vec<&str> = all.series.iter().map(|s| s.color.as_str()).collect();
        assert_eq!(colors, ["test", "train"]);
        assert_eq!(all.series[0].points.len(), 3);
        let until = curves("accuracy", r#", "until": 2"#);
        assert_eq!(until.series[0].points, [[1.0, 0.9], [2.0, 0.92]]);
        let cost = curves("cost", r#", "until": 1"#);
        assert_eq!(cost.series[0].points, [[0.5, 1.2], [1.0, 0.8]]);
        assert_eq!(cost.series[0].color, "cost");
        assert_eq!(cost.y_format, YFormat::Number);
    }

    #[test]
    fn a_histogram_counts_fractions_and_the_range_covers_every_weight() {
        let bins = histogram(
            [-1.0, -0.4, 0.1, 0.2, 0.9, 5.0, f64::NAN].into_iter(),
            1.0,
            4,
        );
        assert_eq!(
            bins,
            [
                [-0.75, 1.0 / 7.0],
                [-0.25, 1.0 / 7.0],
                [0.25, 2.0 / 7.0],
                [0.75, 2.0 / 7.0]
            ]
        );
        // Values beyond the range count in the end bins.
        let clamped = histogram([-2.0, -1.0, -0.01, 0.01, 0.5, 1.0, 3.0].into_iter(), 1.0, 4);
        let counts: Vec<f64> = clamped.iter().map(|[_, f]| (f * 7.0).round()).collect();
        assert_eq!(counts, [2.0, 1.0, 1.0, 3.0]);
        assert!(histogram([].into_iter(), 1.0, 3)
            .iter()
            .all(|[_, f]| *f == 0.0));
        assert_eq!(weight_range([]), 1.0, "before any weights: −1 to 1");
        assert_eq!(weight_range([&[0.5_f32, -2.0][..], &[1.0][..]]), 2.0);
        assert_eq!(weight_range([&[0.0_f32][..]]), 1e-6);
    }

    #[test]
    fn side_by_side_draws_the_sides_it_has_on_one_range() {
        let one = chart(r#"{"compareHistogram": {"a": [0.1, -0.3]}}"#);
        assert_eq!(one.series.len(), 1);
        assert_eq!(
            (one.series[0].name.as_str(), one.series[0].mark),
            ("(a)", Mark::Steps)
        );
        assert_eq!(one.series[0].points.len(), HISTOGRAM_BINS);
        let range = 0.3_f32;
        assert_eq!(
            (one.x_min, one.x_max),
            (Some(-f64::from(range)), Some(f64::from(range)))
        );
        assert_eq!(
            one.description.as_deref(),
            Some("Histogram of the hidden-layer weights of (a) and (b), from \u{2212}0.30 to 0.30")
        );
        let none = chart(r#"{"compareHistogram": {}}"#);
        assert!(none.series.is_empty());
        assert_eq!(none.x_max, Some(1.0));
        let acc =
            chart(r#"{"compareAccuracy": {"epochs": 2, "curves": {"a": [[1, 0.9]], "b": []}}}"#);
        let names: Vec<(&str, &str)> = acc
            .series
            .iter()
            .map(|s| (s.name.as_str(), s.color.as_str()))
            .collect();
        assert_eq!(names, [("(a)", "a"), ("(b)", "b")]);
        assert_eq!(acc.x_max, Some(2.0));
    }

    #[test]
    fn the_sweep_shows_seeds_and_the_article_and_names_the_network_shape() {
        let sweep = |seeds: u32, subset: &str| {
            self::chart(&format!(
                r#"{{"sweep": {{"spreads": [[2, {{"min": 0.3, "median": 0.4, "max": 0.5}}], [3, {{"min": 0.6, "median": 0.7, "max": 0.8}}]],
                    "seeds": {seeds}, "article": [[2, 0.4], [30, 0.95]], "hidden": [2, 3], "subset": "{subset}", "inputs": 784, "classes": 10}}}}"#
            ))
        };
        let one = sweep(1, "");
        assert_eq!(
            one.title.as_deref(),
            Some("Test accuracy against hidden neurons (784-H-10)")
        );
        let names: Vec<&str> = one.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["this page", "the article (one run each)"]);
        assert_eq!(one.series[0].points, [[2.0, 0.4], [3.0, 0.7]]);
        assert_eq!(
            (one.x_max, one.y_min, one.y_max),
            (Some(30.0), Some(0.0), Some(1.0))
        );
        let three = sweep(3, "2,000 training and 500 test images");
        let marks: Vec<(&str, Mark)> = three
            .series
            .iter()
            .map(|s| (s.color.as_str(), s.mark))
            .collect();
        assert_eq!(
            marks,
            [
                ("median", Mark::Line),
                ("seedLow", Mark::Points),
                ("seedHigh", Mark::Points),
                ("article", Mark::Line)
            ]
        );
        assert_eq!(three.series[0].name, "this page: median of 3 seeds");
        assert_eq!(three.series[1].points, [[2.0, 0.3], [3.0, 0.6]]);
        assert_eq!(
            three.series[3].name,
            "the article (one run each, all of MNIST)"
        );
        let empty =
            chart(r#"{"sweep": {"spreads": [], "seeds": 1, "inputs": 784, "classes": 10}}"#);
        assert_eq!((empty.series.len(), empty.x_max), (1, Some(10.0)));
    }

    #[test]
    fn the_matching_draws_the_positive_half_of_its_rho_histogram() {
        let spec = chart(r#"{"matching": {"matched": [0.9, -0.8, 0.95], "baseline": [0.1]}}"#);
        assert_eq!(spec.series.len(), 2);
        let matched = &spec.series[0].points;
        assert_eq!(matched.len(), MATCHING_BINS / 2);
        assert!(matched.iter().all(|[x, _]| (0.0..1.0).contains(x)));
        let total: f64 = matched.iter().map(|[_, f]| f).sum();
        assert!(
            (total - 1.0).abs() < 1e-12,
            "|ρ| folds every pair into the drawn half"
        );
        assert_eq!(spec.series[1].name, "baseline: pixels shuffled");
    }

    #[test]
    fn a_spec_is_drawn_as_it_is() {
        let bars = chart(r#"{"spec": {"title": "Outputs", "bars": {"values": [0.5, 1]}}}"#);
        assert_eq!(bars.title.as_deref(), Some("Outputs"));
        assert_eq!(bars.bars.map(|b| b.values), Some(vec![0.5, 1.0]));
    }

    #[test]
    fn an_unknown_chart_or_bad_data_is_an_error_naming_it() {
        let err = serde_json::from_str::<Chart>(r#"{"pie": {}}"#).unwrap_err();
        assert!(err.to_string().contains("pie"), "{err}");
        assert!(serde_json::from_str::<Chart>(r#"{"cost": {"epochs": "many"}}"#).is_err());
    }
}
