//! The instruments' subcommands: `weightscope ablate MODEL`, `weightscope match A B` and
//! `weightscope detectors`.
//! Parses their arguments, reads model files and their dataset (a model's own: MNIST or
//! Fashion-MNIST), prints tables (or `--json`) to stdout, naming the dataset's classes, and
//! timings to stderr. Native only; the math is in the sibling modules.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde::Serialize;

use super::ablation::{Ablation, Report, Scores, Silence};
use super::detectors::{FrozenTraining, Hidden};
use super::matching::{self, Matching};
use crate::model::{self, Model};
use crate::nn::{Config, Network, Training};
use crate::schema::Dataset;

/// The instruments' usage text.
pub const USAGE: &str = "\
Instruments (test the article's claims on a model file):
  weightscope ablate MODEL.wscp [--neurons 3,17] [--zero] [--json]
      Knocks hidden neurons out (mean-ablation; --zero: zero-ablation), on the test set of the
      model's dataset. Prints per class the test accuracy and cross-entropy, the neurons whose
      knock-out raises that class's cross-entropy most, the neurons it likes most (output
      weights), Spearman's rho and the top-3 overlap.
      --neurons: also the scores with those neurons silenced together.
  weightscope match A.wscp B.wscp [--seed 1] [--json]
      Pairs the hidden neurons of two networks by |correlation| of their input weights (optimal
      assignment), most alike first, beside a baseline with B's pixels shuffled (--seed).
  weightscope detectors [--seed 1] [--epochs 30] [--out DIR]
      Trains network2.py's 784-30-10 recipe three ways at once: fully learned, on 30 frozen
      hand-designed detectors, and on the seed's own random hidden layer, frozen (only the
      output layer learns in the last two). Prints the three test accuracies; --out writes the
      three networks as DIR/{learned,detectors,random}-seedN.wscp.
";

/// What an instrument subcommand was asked to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Print [`USAGE`].
    Help,
    /// `ablate`.
    Ablate {
        /// The model file.
        model: PathBuf,
        /// Neurons of the first hidden layer to silence together (besides the table).
        neurons: Vec<usize>,
        /// Zero-ablation instead of mean-ablation.
        zero: bool,
        /// JSON instead of a table.
        json: bool,
    },
    /// `match`.
    Match {
        /// The first model file.
        a: PathBuf,
        /// The second model file (its pixels are shuffled for the baseline).
        b: PathBuf,
        /// Seed of the baseline's pixel shuffle.
        seed: u32,
        /// JSON instead of a table.
        json: bool,
    },
    /// `detectors`.
    Detectors {
        /// network2.py's recipe with the seed and epochs given.
        config: Config,
        /// Where to write the three networks, if anywhere.
        out: Option<PathBuf>,
    },
}

/// Parses `weightscope SUBCOMMAND REST…` for the instruments' subcommands.
///
/// # Errors
/// A sentence saying what is wrong with the command line.
pub fn parse(subcommand: &str, rest: &[String]) -> Result<Command, String> {
    let mut files = Vec::new();
    let (mut neurons, mut zero, mut json, mut seed) = (Vec::new(), false, false, 1);
    let (mut epochs, mut out) = (Config::network2().epochs, None);
    let mut args = rest.iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_string())),
            None => (arg.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next().cloned())
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match (flag, subcommand) {
            ("-h" | "--help", _) => return Ok(Command::Help),
            ("--json", _) => json = true,
            ("--zero", "ablate") => zero = true,
            ("--neurons", "ablate") => {
                let v = value()?;
                neurons = v
                    .split(',')
                    .map(|n| n.trim().parse())
                    .collect::<Result<_, _>>()
                    .map_err(|_| {
                        format!("--neurons: `{v}` is not a comma-separated list of neurons")
                    })?;
            }
            ("--epochs", "detectors") => {
                let v = value()?;
                epochs = v
                    .parse()
                    .map_err(|_| format!("--epochs: `{v}` is not a whole number"))?;
            }
            ("--out", "detectors") => out = Some(PathBuf::from(value()?)),
            ("--seed", "match" | "detectors") => {
                let v = value()?;
                seed = v
                    .parse()
                    .map_err(|_| format!("--seed: `{v}` is not a whole number"))?;
            }
            _ if flag.starts_with("--") => {
                return Err(format!("unknown flag {flag} for `{subcommand}`"))
            }
            _ => files.push(PathBuf::from(arg)),
        }
    }
    match (subcommand, files.as_slice()) {
        ("ablate", [model]) => Ok(Command::Ablate {
            model: model.clone(),
            neurons,
            zero,
            json,
        }),
        ("match", [a, b]) => Ok(Command::Match {
            a: a.clone(),
            b: b.clone(),
            seed,
            json,
        }),
        ("detectors", []) => {
            let config = Config {
                epochs,
                seed,
                ..Config::network2()
            };
            config
                .validate()
                .map_err(|e| format!("--{}: {}", e.field, e.message))?;
            Ok(Command::Detectors { config, out })
        }
        ("detectors", _) => Err("`detectors` takes no files (use --out DIR)".into()),
        ("ablate", _) => Err("`ablate` takes one model file".into()),
        ("match", _) => Err("`match` takes two model files".into()),
        _ => Err(format!("`{subcommand}` is not an instrument")),
    }
}

/// Reads a model file.
///
/// # Errors
/// The file is missing or not a model.
pub fn read_model(path: &Path) -> Result<Model, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    model::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// `ablate --json`'s document.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AblateJson<'a> {
    model: String,
    neurons: &'a [usize],
    silenced: Option<Scores>,
    report: Report,
}

/// `match --json`'s document.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MatchJson {
    a: String,
    b: String,
    matching: Matching,
    baseline_seed: u32,
    baseline: Matching,
}

/// Runs an instrument subcommand, results to `out`, timings to stderr.
///
/// # Errors
/// A model or MNIST missing or unreadable, a neuron out of range, or `out` failing.
pub fn run(command: &Command, out: &mut dyn Write) -> Result<(), String> {
    let io = |e: std::io::Error| format!("cannot write the results: {e}");
    match command {
        Command::Help => out.write_all(USAGE.as_bytes()).map_err(io),
        Command::Ablate {
            model,
            neurons,
            zero,
            json,
        } => {
            let m = read_model(model)?;
            let data = m.config.data(); // the test set of the data it learned from
            let (_, test) = crate::cli::load(data)?;
            let test = test.range(0, m.config.test_count(test.len()));
            let silence = if *zero { Silence::Zero } else { Silence::Mean };
            let start = Instant::now();
            let ablation = Ablation::new(&m.network, &test, 0).map_err(|e| e.to_string())?;
            let cached = start.elapsed();
            let start = Instant::now();
            let silenced = if neurons.is_empty() {
                None
            } else {
                Some(
                    ablation
                        .evaluate(neurons, silence)
                        .map_err(|e| e.to_string())?,
                )
            };
            let click = start.elapsed();
            let report = ablation.report(silence).map_err(|e| e.to_string())?;
            eprintln!(
                "Cached {} test images in {:.0} ms; silencing {:?} took {:.2} ms",
                test.len(),
                cached.as_secs_f64() * 1e3,
                neurons,
                click.as_secs_f64() * 1e3
            );
            if *json {
                let doc = AblateJson {
                    model: model.display().to_string(),
                    neurons,
                    silenced,
                    report,
                };
                let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
                writeln!(out, "{text}").map_err(io)
            } else {
                write_ablation(data, &report, neurons, silenced.as_ref(), out).map_err(io)
            }
        }
        Command::Detectors { config, out: dir } => detectors(config, dir.as_deref(), out),
        Command::Match { a, b, seed, json } => {
            let (ma, mb) = (read_model(a)?, read_model(b)?);
            let start = Instant::now();
            let matching =
                matching::match_networks(&ma.network, &mb.network).map_err(|e| e.to_string())?;
            eprintln!(
                "Matched {} pairs in {:.1} ms",
                matching.pairs.len(),
                start.elapsed().as_secs_f64() * 1e3
            );
            let baseline =
                matching::baseline(&ma.network, &mb.network, *seed).map_err(|e| e.to_string())?;
            if *json {
                let doc = MatchJson {
                    a: a.display().to_string(),
                    b: b.display().to_string(),
                    matching,
                    baseline_seed: *seed,
                    baseline,
                };
                let text = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
                writeln!(out, "{text}").map_err(io)
            } else {
                write_matching(&matching, &baseline, out).map_err(io)
            }
        }
    }
}

/// Trains the learned, detectors and random-control networks of `config` on three threads.
fn detectors(config: &Config, dir: Option<&Path>, out: &mut dyn Write) -> Result<(), String> {
    let (train, test) = crate::cli::load_mnist(&crate::cli::mnist_dir())?;
    let start = Instant::now();
    let runs = ["learned", "detectors", "random"];
    let trained: Vec<(Network, Vec<crate::nn::EpochResult>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .iter()
            .map(|&name| {
                let (train, test) = (&train, &test);
                scope.spawn(move || {
                    let progress = |r: &crate::nn::EpochResult| {
                        eprintln!(
                            "  {name}: epoch {} of {}: {} / {} ({:.0} s)",
                            r.epoch,
                            config.epochs,
                            r.test_correct,
                            r.test_total,
                            start.elapsed().as_secs_f64()
                        );
                    };
                    let training = match name {
                        "learned" => {
                            let mut t = Training::new(config.clone()).map_err(|e| e.to_string())?;
                            loop {
                                let report = t.step(train, test, 10_000);
                                if let Some(r) = &report.epoch_done {
                                    progress(r);
                                }
                                if report.finished || report.diverged.is_some() {
                                    break;
                                }
                            }
                            t
                        }
                        _ => {
                            let hidden = if name == "detectors" {
                                Hidden::Detectors
                            } else {
                                Hidden::Random
                            };
                            let mut f = FrozenTraining::new(config.clone(), hidden)
                                .map_err(|e| e.to_string())?;
                            f.run(train, test, progress);
                            f.training
                        }
                    };
                    Ok::<_, String>((training.network.clone(), training.history().to_vec()))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| "a training thread panicked".to_string())?
            })
            .collect::<Result<_, String>>()
    })?;
    writeln!(
        out,
        "784-30-10, network2.py recipe, seed {}, {} epochs:",
        config.seed, config.epochs
    )
    .map_err(|e| e.to_string())?;
    for (name, (network, history)) in runs.iter().zip(&trained) {
        let last = history.last().ok_or("no epoch was trained")?;
        writeln!(
            out,
            "{name:>10}: {} / {} = {:.2}%",
            last.test_correct,
            last.test_total,
            100.0 * last.test_correct as f64 / last.test_total as f64
        )
        .map_err(|e| e.to_string())?;
        if let Some(dir) = dir {
            let path = dir.join(format!("{name}-seed{}.wscp", config.seed));
            let model = Model {
                config: config.clone(),
                network: network.clone(),
                history: history.clone(),
                snapshots: Vec::new(),
                dataset: None,
            };
            std::fs::write(&path, model::to_bytes(&model))
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            eprintln!("Wrote {}", path.display());
        }
    }
    Ok(())
}

fn list(neurons: &[usize]) -> String {
    let names: Vec<String> = neurons.iter().map(usize::to_string).collect();
    names.join(",")
}

/// The per-class table of `ablate` for a network of `data`, its classes by name.
fn write_ablation(
    data: &Dataset,
    report: &Report,
    neurons: &[usize],
    silenced: Option<&Scores>,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let base = &report.base;
    writeln!(
        out,
        "{:?}-ablation of the first hidden layer. Test accuracy {:.2}%, cross-entropy {:.4}.",
        report.silence,
        100.0 * base.overall.accuracy,
        base.overall.cross_entropy
    )?;
    if let Some(s) = silenced {
        writeln!(
            out,
            "With {} silenced: accuracy {:.2}%, cross-entropy {:.4}.",
            list(neurons),
            100.0 * s.overall.accuracy,
            s.overall.cross_entropy
        )?;
    }
    let [class, classes] = data.class_word;
    let width = data
        .class_names
        .iter()
        .map(|n| n.len())
        .max()
        .unwrap_or(0)
        .max(class.len());
    writeln!(
        out,
        "\n{class:>width$}  accuracy  cross-ent  {}top-3 by damage  top-3 liked  rho    overlap  top-liked vs median damage",
        if silenced.is_some() { "silenced: acc   c-e     " } else { "" }
    )?;
    for r in &report.digits {
        let d = &base.digits[r.digit];
        let with = silenced.map_or(String::new(), |s| {
            let s = &s.digits[r.digit];
            format!("{:>8.2}% {:>7.4}  ", 100.0 * s.accuracy, s.cross_entropy)
        });
        writeln!(
            out,
            "{:>width$}  {:>7.2}%  {:>9.4}  {}{:<16}  {:<11}  {:>5.2}  {:>7}  {:+.4} vs {:+.4}",
            data.class_names.get(r.digit).unwrap_or(&"?"),
            100.0 * d.accuracy,
            d.cross_entropy,
            with,
            list(&r.by_damage[..3.min(r.by_damage.len())]),
            list(&r.by_likes[..3.min(r.by_likes.len())]),
            r.spearman,
            r.top3_overlap,
            r.top_liked_damage,
            r.median_damage
        )?;
    }
    writeln!(
        out,
        "\nKnocking out the most liked neuron hurts its {class} more than the median neuron for {} of {} {classes}; median rho {:.2}.",
        report.top_liked_beats_median,
        report.digits.len(),
        report.median_spearman
    )
}

/// The pairs of `match`, then the distributions against the baseline.
fn write_matching(
    matching: &Matching,
    baseline: &Matching,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    writeln!(out, "  A     B    rho")?;
    for p in &matching.pairs {
        writeln!(out, "{:>3}  {:>3}  {:+.3}", p.a, p.b, p.rho)?;
    }
    let quartiles = |m: &Matching| {
        let abs: Vec<f64> = m.pairs.iter().map(|p| p.rho.abs()).collect();
        let n = abs.len();
        // abs is sorted largest first.
        (
            abs[n - 1],
            abs[(3 * n) / 4],
            m.median_abs_rho,
            abs[n / 4],
            abs[0],
        )
    };
    writeln!(out, "\n|rho| of matched pairs: min, 25%, median, 75%, max")?;
    for (name, m) in [("A vs B", matching), ("baseline", baseline)] {
        if m.pairs.is_empty() {
            continue;
        }
        let (min, q1, med, q3, max) = quartiles(m);
        writeln!(
            out,
            "{name:>9}: {min:.3}  {q1:.3}  {med:.3}  {q3:.3}  {max:.3}"
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        line.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn the_instruments_command_lines() {
        assert_eq!(
            parse("ablate", &args("m.wscp --neurons 3,17 --json")),
            Ok(Command::Ablate {
                model: "m.wscp".into(),
                neurons: vec![3, 17],
                zero: false,
                json: true
            })
        );
        assert_eq!(
            parse("match", &args("a.wscp b.wscp --seed=4")),
            Ok(Command::Match {
                a: "a.wscp".into(),
                b: "b.wscp".into(),
                seed: 4,
                json: false
            })
        );
        for (sub, line, expected) in [
            ("ablate", "", "`ablate` takes one model file"),
            ("ablate", "m --neurons x", "--neurons: `x` is not"),
            ("ablate", "m --seed 3", "unknown flag --seed for `ablate`"),
            ("match", "a", "`match` takes two model files"),
            ("match", "a b --neurons", "unknown flag --neurons"),
        ] {
            let error = parse(sub, &args(line)).expect_err(line);
            assert!(error.starts_with(expected), "{line}: {error}");
        }
        assert_eq!(parse("match", &args("--help")), Ok(Command::Help));
        let Ok(Command::Detectors { config, out }) =
            parse("detectors", &args("--seed 2 --epochs 3 --out /tmp/x"))
        else {
            panic!("a valid detectors line");
        };
        assert_eq!(
            (config.seed, config.epochs, config.sizes),
            (2, 3, vec![784, 30, 10])
        );
        assert_eq!(out, Some(PathBuf::from("/tmp/x")));
        assert!(parse("detectors", &args("m.wscp")).is_err());
    }

    #[test]
    fn the_ablation_table_names_the_classes_of_the_models_dataset() {
        let score = |accuracy| super::super::ablation::Score {
            images: 10,
            correct: 9,
            accuracy,
            cross_entropy: 0.5,
        };
        let report = Report {
            silence: Silence::Mean,
            base: Scores {
                overall: score(0.9),
                digits: vec![score(0.9); 10],
            },
            digits: (0..10)
                .map(|digit| super::super::ablation::DigitRanking {
                    digit,
                    damage: vec![0.1, 0.2, 0.3],
                    by_damage: vec![2, 1, 0],
                    by_likes: vec![2, 0, 1],
                    spearman: 0.5,
                    top3_overlap: 3,
                    top_liked_damage: 0.3,
                    median_damage: 0.2,
                })
                .collect(),
            top_liked_beats_median: 7,
            median_spearman: 0.5,
        };
        let table = |data| {
            let mut out = Vec::new();
            write_ablation(data, &report, &[], None, &mut out).expect("written");
            String::from_utf8(out).expect("text")
        };
        let clothes = table(&Dataset::FASHION_MNIST);
        assert!(clothes.contains("\n      class  accuracy"), "{clothes}");
        assert!(clothes.contains("\nT-shirt/top    90.00%"), "{clothes}");
        assert!(clothes.contains(" Ankle boot    90.00%"), "{clothes}");
        assert!(clothes.contains("for 7 of 10 classes"), "{clothes}");
        assert!(!clothes.contains("digit"), "{clothes}");
        let digits = table(&Dataset::MNIST);
        assert!(digits.contains("\ndigit  accuracy"), "{digits}");
        assert!(digits.contains("\n    7    90.00%"), "{digits}");
        assert!(
            digits.contains("hurts its digit more than the median neuron for 7 of 10 digits"),
            "{digits}"
        );
    }

    #[test]
    fn a_missing_model_is_a_clear_error() {
        let error = read_model(Path::new("/nonexistent.wscp")).expect_err("no file");
        assert!(
            error.starts_with("cannot read /nonexistent.wscp"),
            "{error}"
        );
    }
}
