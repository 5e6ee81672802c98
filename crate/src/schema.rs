//! The one schema: every parameter of a training run (its name in links and JSON, its command-line
//! flag, type, default, limits and help text), the presets with the figures they were published
//! with, the article's sweep, and the dataset a run learns from, as one value.
//!
//! Everything that lists, checks or explains a setting reads it from here: the page's URL table
//! ([`crate::hash`]), its form and presets (`www/panels/controls.js`), [`Config::problems_in`], the
//! command line's `--help` ([`crate::cli::usage`]) and the sweep. The page gets it once at start
//! through the wasm export `schema()`.
//!
//! Not here: parsing text into values (the link, the form and the command line each read their
//! own syntax) or validating a whole [`Config`] (that is [`Config::problems_in`], from these limits).

use serde::{Deserialize, Serialize};

use crate::experiments::{ARTICLE_SWEEP, DEFAULT_HIDDEN, MAX_SEEDS};
use crate::nn::config::{
    MAX_EPOCHS, MAX_ETA, MAX_HIDDEN_LAYERS, MAX_HIDDEN_NEURONS, MAX_LAMBDA, MAX_PARAMETERS,
    MIN_HIDDEN_LAYERS, MIN_TEST_SIZE, MIN_TRAIN_SIZE,
};
use crate::nn::{Config, Cost, Init};

/// A dataset a network learns from: its shape, its splits, what it is called and where its files
/// are, chosen at run time ([`Dataset::MNIST`] or [`Dataset::FASHION_MNIST`], by a run's
/// [`DatasetKey`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Dataset {
    /// Its key in links, JSON and the command line: `"mnist"`.
    pub key: DatasetKey,
    /// How it is named to people: `"MNIST"`.
    pub name: &'static str,
    /// What its images show, in a few words: `"handwritten digits"`.
    pub noun: &'static str,
    /// Where the site keeps its four gzipped IDX files, relative to `www/data/` (`""` or
    /// `"fashion-mnist/"`), with a `manifest.json` of their sizes and SHA-256.
    pub site_dir: &'static str,
    /// The digest of its four raw IDX files in [`crate::dataset::FILES`] order
    /// ([`crate::model::files_digest`]), as lowercase hex: a model file names the data it
    /// learned from with it.
    pub digest: &'static str,
    /// True when its images are drawn by hand (the pad offers drawing; otherwise test images).
    pub drawable: bool,
    /// What one class is called in a sentence, singular and plural: `["digit", "digits"]`
    /// ("the per-digit table", "which digits suffer").
    pub class_word: [&'static str; 2],
    /// What one of its images is called in a sentence, singular and plural: `["digit",
    /// "digits"]` ("the test digits").
    pub image_word: [&'static str; 2],
    /// Side of its square images in pixels (28): a network has `side²` inputs.
    pub side: usize,
    /// Names of its classes, one output neuron each, in label order.
    pub class_names: &'static [&'static str],
    /// Images of its training file (60,000): the first `train` train, the rest validate.
    pub train_file: usize,
    /// Training images a run uses at most (the book's 50,000).
    pub train: usize,
    /// Test images (10,000).
    pub test: usize,
}

impl Dataset {
    /// MNIST as the book splits it: 50,000 training, 10,000 validation, 10,000 test images of
    /// 28×28 handwritten digits.
    pub const MNIST: Dataset = Dataset {
        key: DatasetKey::Mnist,
        name: "MNIST",
        noun: "handwritten digits",
        site_dir: "",
        digest: "bcf312b39bd1189f",
        drawable: true,
        class_word: ["digit", "digits"],
        image_word: ["digit", "digits"],
        side: 28,
        class_names: &["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
        train_file: 60_000,
        train: 50_000,
        test: 10_000,
    };

    /// Fashion-MNIST (Zalando Research, MIT licence), MNIST's twin in shape and split: 28×28
    /// greyscale photographs of clothes in 10 classes.
    pub const FASHION_MNIST: Dataset = Dataset {
        key: DatasetKey::FashionMnist,
        name: "Fashion-MNIST",
        noun: "photographs of clothes",
        site_dir: "fashion-mnist/",
        digest: "0a3299bdea0773ba",
        drawable: false,
        class_word: ["class", "classes"],
        image_word: ["image", "images"],
        side: 28,
        class_names: &[
            "T-shirt/top",
            "Trouser",
            "Pullover",
            "Dress",
            "Coat",
            "Sandal",
            "Shirt",
            "Sneaker",
            "Bag",
            "Ankle boot",
        ],
        train_file: 60_000,
        train: 50_000,
        test: 10_000,
    };

    /// Every dataset a run can learn from, MNIST first.
    pub const ALL: [&'static Dataset; 2] = [&Dataset::MNIST, &Dataset::FASHION_MNIST];

    /// The dataset called `name` as people name it (`"Fashion-MNIST"`), as model files do.
    pub fn named(name: &str) -> Option<&'static Dataset> {
        Dataset::ALL.into_iter().find(|d| d.name == name)
    }

    /// Inputs of a network for it: one per pixel (784 for MNIST).
    pub const fn inputs(&self) -> usize {
        self.side * self.side
    }

    /// Outputs of a network for it: one per class (10 for MNIST).
    pub const fn classes(&self) -> usize {
        self.class_names.len()
    }

    /// Images held back from the training file (MNIST's 10,000 validation images).
    pub const fn validation(&self) -> usize {
        self.train_file - self.train
    }

    /// Whether class `d` is named by a number ("7"), so that a sentence needs its class word.
    fn numbered(&self, d: usize) -> bool {
        self.class_names[d].bytes().all(|b| b.is_ascii_digit())
    }

    /// Class `d` in a sentence: "digit 7", "Sneaker".
    pub fn class_label(&self, d: usize) -> String {
        let name = self.class_names[d];
        if self.numbered(d) {
            format!("{} {name}", self.class_word[0])
        } else {
            name.to_string()
        }
    }

    /// Images of class `d`, as a plural: "7s", "Sneaker".
    pub fn class_images(&self, d: usize) -> String {
        let name = self.class_names[d];
        if self.numbered(d) {
            format!("{name}s")
        } else {
            name.to_string()
        }
    }
}

/// A dataset as the page reads it: its descriptor, and each class in a sentence
/// ([`Dataset::class_label`], [`Dataset::class_images`]), so the page words classes as Rust does.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Described<'a> {
    #[serde(flatten)]
    data: &'a Dataset,
    class_labels: Vec<String>,
    class_images: Vec<String>,
}

impl<'a> Described<'a> {
    fn new(data: &'a Dataset) -> Self {
        let classes = 0..data.classes();
        Described {
            data,
            class_labels: classes.clone().map(|d| data.class_label(d)).collect(),
            class_images: classes.map(|d| data.class_images(d)).collect(),
        }
    }
}

/// `#[serde(serialize_with)]` for a dataset the page reads.
fn described<S: serde::Serializer>(data: &Dataset, serializer: S) -> Result<S::Ok, S::Error> {
    Described::new(data).serialize(serializer)
}

/// `#[serde(serialize_with)]` for the datasets the page reads.
fn all_described<S: serde::Serializer>(
    datasets: &[Dataset],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(datasets.iter().map(Described::new))
}

/// Which dataset a run learns from: its key in links (`dataset=fashion-mnist`), JSON and the
/// command line (`--dataset`). MNIST when absent, so every link and file made before there was
/// a choice keeps its meaning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum DatasetKey {
    /// Handwritten digits.
    #[default]
    #[serde(rename = "mnist")]
    Mnist,
    /// Photographs of clothes.
    #[serde(rename = "fashion-mnist")]
    FashionMnist,
}

impl DatasetKey {
    /// Its descriptor.
    pub const fn dataset(self) -> &'static Dataset {
        match self {
            DatasetKey::Mnist => &Dataset::MNIST,
            DatasetKey::FashionMnist => &Dataset::FASHION_MNIST,
        }
    }

    /// How links, JSON and the command line write it: `"fashion-mnist"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            DatasetKey::Mnist => "mnist",
            DatasetKey::FashionMnist => "fashion-mnist",
        }
    }

    /// The key written `text`, if there is one.
    pub fn parse(text: &str) -> Option<DatasetKey> {
        Dataset::ALL
            .into_iter()
            .map(|d| d.key)
            .find(|k| k.as_str() == text)
    }

    /// True for MNIST, the default (left out of JSON, as links leave it out).
    pub fn is_default(&self) -> bool {
        *self == DatasetKey::default()
    }
}

/// How a parameter's value is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Kind {
    /// Layer sizes, input first (`784-30-10` in a link).
    Sizes,
    /// A whole number.
    Int,
    /// A decimal number.
    Number,
    /// One of `choices`.
    Enum,
}

/// A value of a parameter, as JSON has it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// A whole number.
    Int(u64),
    /// A decimal number (shown as its shortest decimal).
    Number(#[serde(serialize_with = "crate::decimal::serialize")] f32),
    /// An enum's choice.
    Text(&'static str),
    /// Layer sizes.
    Sizes(Vec<usize>),
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::Int(n) => write!(f, "{n}"),
            Value::Number(x) => write!(f, "{x}"),
            Value::Text(text) => f.write_str(text),
            Value::Sizes(sizes) => {
                let sizes: Vec<String> = sizes.iter().map(usize::to_string).collect();
                f.write_str(&sizes.join("-"))
            }
        }
    }
}

/// The value of `config`'s parameter `name` (its JSON name), if it has one.
pub fn value(config: &Config, name: &str) -> Option<Value> {
    let int = |n: usize| Value::Int(n as u64);
    Some(match name {
        "sizes" => Value::Sizes(config.sizes.clone()),
        "epochs" => int(config.epochs),
        "eta" => Value::Number(config.eta),
        "miniBatch" => int(config.mini_batch),
        "lambda" => Value::Number(config.lambda),
        "cost" => Value::Text(match config.cost {
            Cost::CrossEntropy => "crossEntropy",
            Cost::Quadratic => "quadratic",
        }),
        "init" => Value::Text(match config.init {
            Init::Default => "default",
            Init::Large => "large",
        }),
        "seed" => Value::Int(u64::from(config.seed)),
        "trainSize" => int(config.train_size),
        "testSize" => int(config.test_size),
        "dataset" => Value::Text(config.dataset.as_str()),
        _ => return None,
    })
}

/// One parameter of a training run.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Param {
    /// Its name in JSON, links and the form: `"miniBatch"`.
    pub name: &'static str,
    /// Its command-line flag, without the dashes: `"mini-batch"`.
    pub flag: &'static str,
    /// Its name in a sentence: `"mini-batch size"`.
    pub label: &'static str,
    /// How its value is written.
    #[serde(rename = "type")]
    pub kind: Kind,
    /// Its value when nothing sets it (network2.py's, all of the dataset).
    pub default: Value,
    /// Smallest value (`Int`, `Number`; for `Sizes`, fewest hidden layers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<f64>,
    /// Largest value (`Int`, `Number`; for `Sizes`, most hidden layers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// True when `min` itself is refused (η must be above 0).
    pub exclusive_min: bool,
    /// `Enum`: the allowed values, in the order the form lists them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<&'static str>,
    /// True for the data subset: links leave it out while it has its default (links made before
    /// it existed meant, and mean, all of the dataset).
    pub omit_default: bool,
    /// One sentence for the form's hint and `--help`.
    pub help: String,
}

/// A figure someone published for a preset, to read a run against.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Published {
    /// Test accuracy in percent (shown as its shortest decimal: 95.42).
    #[serde(serialize_with = "crate::decimal::serialize")]
    pub percent: f32,
    /// True when it is the best epoch's, not the last one's.
    pub peak: bool,
    /// True when the source gives it roughly ("about 96%").
    pub approximate: bool,
    /// Where it was published: `"Nielsen, chapter 1"`.
    pub source: &'static str,
}

/// A recipe someone published, with its figure.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preset {
    /// Its key: `"network1"` (also the id of its button's hint in the page).
    pub id: &'static str,
    /// Its button's text, the story it comes from: `"Nielsen ch. 1"`.
    pub label: &'static str,
    /// Its recipe, in a few words (the small print under the button).
    pub hint: &'static str,
    /// Where its published figure came from a different recipe than the one it trains, why its
    /// runs land elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'static str>,
    /// The recipe, on all of the dataset.
    pub config: Config,
    /// The accuracy it was published with.
    pub published: Published,
}

/// The hidden-size sweep: what it tries unless told otherwise, and the article's figures.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Sweep {
    /// Hidden sizes tried unless the reader lists others.
    pub hidden: Vec<usize>,
    /// Most seeds per hidden size.
    pub max_seeds: usize,
    /// The article's figures: `[hidden, test accuracy as a fraction]`, network.py's recipe.
    pub article: Vec<(usize, f64)>,
}

/// The article's reading of one output neuron of its own network (a 784-30-10 network.py run):
/// the hidden neurons it liked most (its most intense blue weights) and dreaded most (its
/// reddest), most intense first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ArticleLikes {
    /// The output neuron's class: MNIST's 0.
    pub class: usize,
    /// Its three most liked hidden neurons.
    pub likes: [usize; 3],
    /// Its three most dreaded hidden neurons.
    pub dislikes: [usize; 3],
}

/// The article's output neuron for 0: "indices- 3, 6, 26 (blue) 5, 18, 22 (red)".
pub const ARTICLE_LIKES: ArticleLikes = ArticleLikes {
    class: 0,
    likes: [3, 6, 26],
    dislikes: [5, 18, 22],
};

/// Everything the page, the links and the command line know about a run's settings.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Schema {
    /// The dataset runs learn from unless told otherwise.
    #[serde(serialize_with = "described")]
    pub dataset: Dataset,
    /// Every dataset a run can learn from (the `dataset` parameter's choices, in order).
    #[serde(serialize_with = "all_described")]
    pub datasets: Vec<Dataset>,
    /// Every parameter of a run, in the form's and the links' order.
    pub params: Vec<Param>,
    /// Most neurons in one hidden layer.
    pub max_hidden_neurons: usize,
    /// Most weights plus biases in a network.
    pub max_parameters: usize,
    /// The published recipes, in the form's order.
    pub presets: Vec<Preset>,
    /// The hidden-size sweep.
    pub sweep: Sweep,
    /// What the article read off its own network's output neuron for 0 (chapter 2).
    pub article_likes: ArticleLikes,
    /// Largest model file the page opens, in bytes (a network at the parameter limit is about
    /// 8 MB as WSCP and 30 MB as JSON).
    pub max_file_bytes: usize,
    /// Longest path a link's `model` may name.
    pub max_path: usize,
    /// Longest note (in characters) a link may carry from its sharer.
    pub max_note: usize,
    /// Longest goal a link may carry ([`crate::goal`]).
    pub max_goal: usize,
    /// The challenge the page gives as its example: the article's 10 neurons, as published
    /// (`accuracy>=93.43;hidden<=10;epochs<=30`).
    pub goal_example: String,
    /// The colour themes a link's `theme` picks for an embed, the default first (`auto`
    /// follows the reader's system setting).
    pub themes: Vec<&'static str>,
    /// The page's own keys in a link (the view it opens, the network it checks or carries, …),
    /// after the run parameters.
    pub page_keys: Vec<crate::link::PageKey>,
    /// The instruments' keys in a link (issues #17 and #18), after the page's.
    pub instrument_keys: Vec<InstrumentKey>,
    /// A dataset's four files as the site keeps them, in [`crate::dataset::FILES`] order.
    pub data_files: Vec<DataFile>,
}

/// One of a dataset's four IDX files as the site keeps it, gzipped, in its dataset's folder
/// ([`Dataset::site_dir`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DataFile {
    /// Its field in the worker's `data` message ([`crate::protocol::Request::Data`]):
    /// `"trainImages"`.
    pub key: &'static str,
    /// Its name on the site: `"train-images-idx3-ubyte.gz"`.
    pub file: String,
    /// One of the test set's two files, which come alone for what only shows a trained network.
    pub test: bool,
}

/// The four files of a dataset on the site ([`Schema::data_files`]).
pub fn data_files() -> Vec<DataFile> {
    let keys = ["trainImages", "trainLabels", "testImages", "testLabels"];
    keys.into_iter()
        .zip(crate::dataset::FILES)
        .map(|(key, name)| DataFile {
            key,
            file: format!("{name}.gz"),
            test: key.starts_with("test"),
        })
        .collect()
}

/// How an instrument's state is written in a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum KeyKind {
    /// Whole numbers from `min` to `max`, `count` of them, written as sizes are (`3-17`).
    List,
    /// Hidden tiles with a weight each, `neuron*weight` joined by `_` (`3*1_17*-0.5`: characters
    /// a link keeps as they are): neurons from 0 to `count[1]` − 1, weights from `min` to `max`.
    Picks,
    /// One of `choices`.
    Enum,
    /// `1` or `0`.
    Bool,
    /// One whole number from `min` to `max`.
    Int,
}

/// One instrument's key in a link: absent unless the reader used the instrument.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstrumentKey {
    /// Its name in the link.
    pub name: &'static str,
    /// What a notice calls it.
    pub label: &'static str,
    /// How it is written.
    pub kind: KeyKind,
    /// Smallest value (of each item).
    pub min: f64,
    /// Largest value (of each item).
    pub max: f64,
    /// Fewest and most items of a list or picks.
    pub count: (usize, usize),
    /// The values of an enum.
    pub choices: Vec<&'static str>,
}

/// Largest weight of a block in "build a digit from the blocks" (either sign): a tile's weights
/// are about ±0.5, so two blocks at this weight already fill the [0, 1] image.
pub const MAX_BLOCK_WEIGHT: f64 = 4.0;

/// Most networks "would it learn the same blocks again" trains at once (one worker each).
pub const MAX_MATCH_SEEDS: usize = 4;

/// The instruments' link keys: `knock` (neurons knocked out), `silence` (`zero`; absent: mean),
/// `blocks` (the composition), `seeds` (the networks matched), `detectors` (the comparison), and
/// the epochs the matching and the comparison train for (`matchingEpochs`, `detectorsEpochs`;
/// absent: the recipe's, as links made before they had their own).
pub fn instrument_keys() -> Vec<InstrumentKey> {
    let key = |name, label, kind, (min, max), count| InstrumentKey {
        name,
        label,
        kind,
        min,
        max,
        count,
        choices: Vec::new(),
    };
    let neurons = (0.0, (MAX_HIDDEN_NEURONS - 1) as f64);
    let epochs = (1.0, MAX_EPOCHS as f64);
    vec![
        key(
            "knock",
            "knocked-out neurons",
            KeyKind::List,
            neurons,
            (1, MAX_HIDDEN_NEURONS),
        ),
        InstrumentKey {
            choices: vec!["mean", "zero"],
            ..key("silence", "silencing", KeyKind::Enum, (0.0, 0.0), (1, 1))
        },
        key(
            "blocks",
            "blocks",
            KeyKind::Picks,
            (-MAX_BLOCK_WEIGHT, MAX_BLOCK_WEIGHT),
            (1, MAX_HIDDEN_NEURONS),
        ),
        key(
            "seeds",
            "seeds",
            KeyKind::List,
            (0.0, f64::from(u32::MAX)),
            (2, MAX_MATCH_SEEDS),
        ),
        key(
            "detectors",
            "detectors comparison",
            KeyKind::Bool,
            (0.0, 1.0),
            (1, 1),
        ),
        key(
            "matchingEpochs",
            "matching's epochs",
            KeyKind::Int,
            epochs,
            (1, 1),
        ),
        key(
            "detectorsEpochs",
            "detectors comparison's epochs",
            KeyKind::Int,
            epochs,
            (1, 1),
        ),
    ]
}

/// Largest model file the page opens: 64 MiB.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

/// Longest path a link's `model` may name.
pub const MAX_PATH: usize = 200;

/// How fast a browser trains, for the time an embed's Retrain button says before it is pressed:
/// parameters (weights and biases) × training images × epochs per second. Measured, not
/// guessed: the README's Performance section, "a 30-epoch 784-30-10 run takes about 3.9 s in the
/// browser, from Train to Done" (`make bench`, headless Chromium, wasm SIMD, evaluation included,
/// this project's 2-core machine), so 23,860 × 50,000 × 30 / 3.9 s. Small networks train a
/// little slower per parameter (each image has a fixed cost), large ones a little faster.
pub const TRAINING_RATE: f64 = 23_860.0 * 50_000.0 * 30.0 / 3.9;

/// Where [`TRAINING_RATE`] comes from, in words the page shows beside the estimate.
pub const TRAINING_RATE_SOURCE: &str = "at the speed make bench measured in Chromium on \
    Weightscope's test machine (784-30-10, 30 epochs in 3.9 s); a phone may take several times longer";

/// Seconds a browser takes to train `config` from its first weights to its last epoch's
/// evaluation, at [`TRAINING_RATE`].
pub fn training_seconds(config: &Config) -> f64 {
    (config.parameter_count() as f64) * (config.train_size as f64) * (config.epochs as f64)
        / TRAINING_RATE
}

/// Longest URL a link's `model` may name on another site ([`is_model_url`]).
pub const MAX_MODEL_URL: usize = 500;

/// The hosts a link's `model` may name over plain `http:`: this computer, where a post is tried
/// before it is published.
const LOOPBACK: [&str; 2] = ["localhost", "127.0.0.1"];

/// Longest note a link may carry, in characters: a sentence or two, never a page.
pub const MAX_NOTE: usize = 280;
/// The colour themes of an embed, the default first.
pub const THEMES: [&str; 3] = ["auto", "light", "dark"];

/// `n` with commas between thousands: 2797010 -> "2,797,010".
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The seed every preset trains: a typical draw for each recipe. Measured after one epoch of
/// seeds 1 to 8 (`weightscope train --epochs 1 --seed N`): for chapter 1's 784-30-10, seed 1
/// reads 8,268 and seed 3 8,217 of 10,000 test digits, seeds 2 and 4 to 8 read 9,014 to 9,118,
/// and seed 5's 9,118 is nearest the book's printed 9,129; seed 5 sits inside the usual spread of
/// the other recipes too (chapter 3: 9,417 against 9,286 to 9,430).
pub const PRESET_SEED: u32 = 5;

/// The presets, named for the stories they come from: Nielsen's two chapters, the book's
/// 100 neurons, 3Blue1Brown's 16-16 and the article's 10 neurons, each on all of `data`, with
/// the test accuracy they were published with and [`PRESET_SEED`].
pub fn presets(data: &Dataset) -> Vec<Preset> {
    let network1 = Config {
        seed: PRESET_SEED,
        ..Config::network1_for(data)
    };
    let with = |hidden: &[usize]| Config {
        sizes: [&[data.inputs()], hidden, &[data.classes()]].concat(),
        ..network1.clone()
    };
    let published = |percent, peak, approximate, source| Published {
        percent,
        peak,
        approximate,
        source,
    };
    vec![
        Preset {
            id: "network1",
            label: "Nielsen ch. 1",
            hint: "network.py: 784-30-10, quadratic cost, N(0,1) weights, η 3.0, no λ",
            note: None,
            config: network1.clone(),
            published: published(95.42, true, false, "Nielsen, chapter 1"),
        },
        Preset {
            id: "network2",
            label: "Nielsen ch. 3",
            hint: "network2.py: 784-30-10, cross-entropy, N(0,1)/√n weights, η 0.5, λ 5.0",
            note: None,
            config: Config {
                seed: PRESET_SEED,
                ..Config::network2_for(data)
            },
            published: published(96.49, true, false, "Nielsen, chapter 3"),
        },
        Preset {
            id: "hidden100",
            label: "Nielsen ch. 1, 100 neurons",
            hint: "network.py's recipe with 784-100-10",
            note: None,
            config: with(&[100]),
            published: published(96.59, true, false, "Nielsen, chapter 1"),
        },
        Preset {
            id: "threeBlue",
            label: "3Blue1Brown's 16-16",
            hint: "784-16-16-10, two hidden layers, with network.py's recipe",
            note: Some(
                "3Blue1Brown's figure came from a recipe the video does not give; chapter 1's \
                 recipe reaches 92.6–94.5% with these sizes, here and in numpy.",
            ),
            config: with(&[16, 16]),
            published: published(96.0, false, true, "3Blue1Brown, chapter 2"),
        },
        Preset {
            id: "article",
            label: "The article's 10 neurons",
            hint: "784-10-10 with network.py's recipe",
            note: None,
            config: with(&[10]),
            published: published(93.43, false, false, "the article"),
        },
    ]
}

/// The schema for runs on `data`.
pub fn schema(data: &Dataset) -> Schema {
    let defaults = Config::network2_for(data); // every default is network2.py's
    let range = |min: usize, max: usize| (Some(min as f64), Some(max as f64));
    let param = |name, flag, label, kind, (min, max): (Option<f64>, Option<f64>), help| Param {
        name,
        flag,
        label,
        kind,
        // Every parameter is a field of Config (a test checks the two lists are the same).
        default: value(&defaults, name).expect("a field of Config"),
        min,
        max,
        exclusive_min: false,
        choices: Vec::new(),
        omit_default: false,
        help,
    };
    let choices = |name, label, choices: Vec<&'static str>, help: &str| Param {
        choices,
        ..param(
            name,
            name,
            label,
            Kind::Enum,
            (None, None),
            help.to_string(),
        )
    };
    let params = vec![
        Param {
            omit_default: true,
            ..choices(
                "dataset",
                "dataset",
                Dataset::ALL.iter().map(|d| d.key.as_str()).collect(),
                &format!(
                    "What the network learns to tell apart: {}",
                    Dataset::ALL
                        .iter()
                        .map(|d| format!("{} ({})", d.name, d.noun))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            )
        },
        param(
            "sizes",
            "sizes",
            "layer sizes",
            Kind::Sizes,
            range(MIN_HIDDEN_LAYERS, MAX_HIDDEN_LAYERS),
            format!(
                "Neurons per hidden layer, comma-separated: 30, or 16,16 ({MIN_HIDDEN_LAYERS} to \
                 {MAX_HIDDEN_LAYERS} layers of up to {}; at most {} weights and biases in all)",
                thousands(MAX_HIDDEN_NEURONS),
                thousands(MAX_PARAMETERS)
            ),
        ),
        param(
            "epochs",
            "epochs",
            "epochs",
            Kind::Int,
            range(1, MAX_EPOCHS),
            format!(
                "Passes over the training images, 1 to {}",
                thousands(MAX_EPOCHS)
            ),
        ),
        Param {
            exclusive_min: true,
            ..param(
                "eta",
                "eta",
                "learning rate η",
                Kind::Number,
                (Some(0.0), Some(f64::from(MAX_ETA))),
                format!("Learning rate η, above 0 and at most {MAX_ETA}"),
            )
        },
        param(
            "miniBatch",
            "mini-batch",
            "mini-batch size",
            Kind::Int,
            range(1, data.train),
            "Examples per gradient step, at most the training images".into(),
        ),
        param(
            "lambda",
            "lambda",
            "λ",
            Kind::Number,
            (Some(0.0), Some(f64::from(MAX_LAMBDA))),
            format!("L2 regularization λ, 0 for none, at most {MAX_LAMBDA}"),
        ),
        choices(
            "cost",
            "cost",
            vec!["crossEntropy", "quadratic"],
            "The cost minimised",
        ),
        choices(
            "init",
            "initial weights",
            vec!["default", "large"],
            "How the weights start: default is N(0,1)/√n_in, large is N(0,1)",
        ),
        param(
            "seed",
            "seed",
            "seed",
            Kind::Int,
            (Some(0.0), Some(f64::from(u32::MAX))),
            "Seeds the weights and every epoch's shuffle".into(),
        ),
        Param {
            omit_default: true,
            ..param(
                "trainSize",
                "train-size",
                "training images",
                Kind::Int,
                range(MIN_TRAIN_SIZE, data.train),
                format!(
                    "The first {MIN_TRAIN_SIZE} to {}: fewer train faster but learn less",
                    thousands(data.train)
                ),
            )
        },
        Param {
            omit_default: true,
            ..param(
                "testSize",
                "test-size",
                "test images",
                Kind::Int,
                range(MIN_TEST_SIZE, data.test),
                format!(
                    "The first {MIN_TEST_SIZE} to {}: accuracy is out of these",
                    thousands(data.test)
                ),
            )
        },
    ];
    Schema {
        dataset: data.clone(),
        datasets: Dataset::ALL.into_iter().cloned().collect(),
        params,
        max_hidden_neurons: MAX_HIDDEN_NEURONS,
        max_parameters: MAX_PARAMETERS,
        presets: presets(data),
        article_likes: ARTICLE_LIKES,
        sweep: Sweep {
            hidden: DEFAULT_HIDDEN.to_vec(),
            max_seeds: MAX_SEEDS,
            article: ARTICLE_SWEEP
                .iter()
                // The article's figures are out of MNIST's test images.
                .map(|&(h, correct)| (h, correct as f64 / Dataset::MNIST.test as f64))
                .collect(),
        },
        max_file_bytes: MAX_FILE_BYTES,
        max_path: MAX_PATH,
        max_note: MAX_NOTE,
        max_goal: crate::goal::MAX_GOAL,
        goal_example: goal_example(data),
        themes: THEMES.to_vec(),
        page_keys: crate::link::page_keys(data),
        instrument_keys: instrument_keys(),
        data_files: data_files(),
    }
}

/// The article's preset as a challenge: its published accuracy, its hidden neurons and epochs.
pub fn goal_example(data: &Dataset) -> String {
    let article = presets(data)
        .into_iter()
        .find(|p| p.id == "article")
        .expect("the article's preset is one of the presets");
    let sizes = &article.config.sizes;
    crate::goal::Goal {
        accuracy: Some(crate::decimal::to_f64(article.published.percent)),
        hidden: Some(sizes[1..sizes.len() - 1].iter().sum()),
        epochs: Some(article.config.epochs),
    }
    .to_string()
}

/// Whether a link's `model` names a file on this site: a relative path of at most
/// [`MAX_PATH`] letters, digits, `_ . - /`, that does not start with `/` nor climb with `..`.
pub fn is_site_path(path: &str) -> bool {
    path.len() <= MAX_PATH
        && !path.is_empty()
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.-/".contains(&b))
        && !path.starts_with('/')
        && !path.split('/').any(|part| part == "..")
}

/// Whether a link's `model` names a model file on another site, such as the blog that embeds
/// the figure: `https://host[:port]/path`, or `http:` for [`LOOPBACK`] hosts only, at most
/// [`MAX_MODEL_URL`] bytes. The host is lowercase letters, digits, `-` and `.` (its last label
/// starting with a letter, no `xn--` label), the port not the scheme's own, the path the
/// characters of [`is_site_path`] and `~` with no `.` or `..` segment, ending in a file name; no
/// user, query nor fragment. That is a URL written as a browser writes it, so the URL checked is
/// the URL fetched.
pub fn is_model_url(url: &str) -> bool {
    let (https, rest) = match (url.strip_prefix("https://"), url.strip_prefix("http://")) {
        (Some(rest), _) => (true, rest),
        (None, Some(rest)) => (false, rest),
        (None, None) => return false,
    };
    let Some((authority, path)) = rest.split_once('/') else {
        return false;
    };
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    let loopback = LOOPBACK.contains(&host);
    url.len() <= MAX_MODEL_URL
        && (https || loopback)
        && (loopback || is_host_name(host))
        && port.is_none_or(|p| is_port(p, if https { 443 } else { 80 }))
        && !path.is_empty()
        && path.split('/').all(|part| part != "." && part != "..")
        && !path.ends_with('/')
        && path
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.-/~".contains(&b))
}

/// A DNS name as a browser writes it: lowercase labels of letters, digits and `-`, the last
/// starting with a letter (so it is never read as an IPv4 address), no punycode.
fn is_host_name(host: &str) -> bool {
    let label = |l: &str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with("xn--")
            && l.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    host.len() <= 253
        && host.split('.').all(label)
        && host
            .rsplit('.')
            .next()
            .is_some_and(|last| last.starts_with(|c: char| c.is_ascii_lowercase()))
}

/// A port as a browser writes it: 1 to 65535, no leading zero, not the scheme's `default`.
fn is_port(port: &str, default: u16) -> bool {
    !port.starts_with('0')
        && port.len() <= 5
        && port.bytes().all(|b| b.is_ascii_digit())
        && port.parse::<u16>().is_ok_and(|p| p != default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mnist_is_the_books_split() {
        let m = Dataset::MNIST;
        assert_eq!((m.inputs(), m.classes()), (784, 10));
        assert_eq!((m.train, m.validation(), m.test), (50_000, 10_000, 10_000));
    }

    #[test]
    fn every_default_is_valid_and_every_preset_is_a_published_recipe() {
        let data = Dataset::MNIST;
        let s = schema(&data);
        assert_eq!(Config::network2_for(&data).problems_in(&data), vec![]);
        for preset in &s.presets {
            assert_eq!(preset.config.problems_in(&data), vec![], "{}", preset.id);
            assert!(!preset.config.is_subset(), "{}", preset.id);
            // Its small print names its sizes; every preset trains the typical seed.
            let sizes: Vec<String> = preset.config.sizes.iter().map(usize::to_string).collect();
            assert!(preset.hint.contains(&sizes.join("-")), "{}", preset.id);
            assert_eq!(preset.config.seed, PRESET_SEED, "{}", preset.id);
        }
        // The programs are the book's but for the seed; the default seed is still network2.py's.
        let seed = |config: Config| Config {
            seed: PRESET_SEED,
            ..config
        };
        assert_eq!(s.presets[0].config, seed(Config::network1()));
        assert_eq!(s.presets[1].config, seed(Config::network2()));
        assert_eq!(Config::network2().seed, 1);
    }

    #[test]
    fn the_example_challenge_is_the_articles_preset_as_published() {
        let s = schema(&Dataset::MNIST);
        assert_eq!(s.goal_example, "accuracy>=93.43;hidden<=10;epochs<=30");
        let goal = crate::goal::Goal::parse(&s.goal_example).expect("a goal");
        assert_eq!(goal.to_string(), s.goal_example);
    }

    #[test]
    fn the_params_are_configs_fields_with_its_defaults_in_order() {
        let data = Dataset::MNIST;
        let s = schema(&data);
        let mut json = serde_json::to_value(Config::network2_for(&data)).expect("serializes");
        // JSON leaves the dataset out while it is MNIST, as links do.
        assert_eq!(json.get("dataset"), None);
        json["dataset"] = serde_json::json!("mnist");
        let fields: Vec<&str> = json
            .as_object()
            .expect("an object")
            .keys()
            .map(String::as_str)
            .collect();
        let names: Vec<&str> = s.params.iter().map(|p| p.name).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        let mut expected = fields.clone();
        expected.sort_unstable();
        assert_eq!(sorted, expected);
        for p in &s.params {
            assert_eq!(
                serde_json::to_value(&p.default).expect("value"),
                json[p.name],
                "{}",
                p.name
            );
        }
    }

    #[test]
    fn each_limit_of_the_schema_is_the_one_config_enforces() {
        let data = Dataset::MNIST;
        for p in schema(&data).params {
            let (Some(min), Some(max)) = (p.min, p.max) else {
                continue;
            };
            if p.kind != Kind::Int || p.name == "seed" {
                continue;
            }
            let set = |value: f64| {
                let value = value as u64;
                let mut json =
                    serde_json::to_value(Config::network2_for(&data)).expect("serializes");
                json[p.name] = serde_json::json!(value);
                json["miniBatch"] =
                    serde_json::json!(if p.name == "miniBatch" { value } else { 1 });
                let config: Config = serde_json::from_value(json).expect("a config");
                config.problems_in(&data).iter().any(|e| e.field == p.name)
            };
            assert!(
                !set(min) && !set(max),
                "{}: its limits are accepted",
                p.name
            );
            assert!(
                set(min - 1.0) && set(max + 1.0),
                "{}: beyond them is refused",
                p.name
            );
        }
    }

    #[test]
    fn instrument_keys_are_new_names_within_the_limits() {
        let s = schema(&Dataset::MNIST);
        for key in &s.instrument_keys {
            assert!(
                s.params.iter().all(|p| p.name != key.name),
                "{} is a run parameter",
                key.name
            );
            assert!(
                key.min <= key.max && key.count.0 <= key.count.1,
                "{}",
                key.name
            );
        }
        let knock = &s.instrument_keys[0];
        assert_eq!(knock.max as usize + 1, s.max_hidden_neurons);
        let seeds = s.instrument_keys.iter().find(|k| k.name == "seeds");
        assert_eq!(seeds.map(|k| k.count), Some((2, MAX_MATCH_SEEDS)));
        let epochs = s
            .params
            .iter()
            .find(|p| p.name == "epochs")
            .expect("epochs");
        for name in ["matchingEpochs", "detectorsEpochs"] {
            let key = s.instrument_keys.iter().find(|k| k.name == name);
            assert_eq!(
                key.map(|k| (k.kind, Some(k.min), Some(k.max))),
                Some((KeyKind::Int, epochs.min, epochs.max)),
                "{name} has the recipe's epochs' limits"
            );
        }
    }

    #[test]
    fn site_paths_stay_on_the_site() {
        for ok in ["www/demos/a.wscp", "a", "x/y_z-1.json"] {
            assert!(is_site_path(ok), "{ok}");
        }
        let long = "a".repeat(MAX_PATH + 1);
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../b",
            "https://evil",
            "a b",
            "a?b",
            &long,
        ] {
            assert!(!is_site_path(bad), "{bad}");
        }
    }

    #[test]
    fn the_training_rate_gives_back_the_measured_run() {
        let mut config = Config::network2();
        config.epochs = 30;
        assert_eq!(config.sizes, [784, 30, 10]);
        assert!((training_seconds(&config) - 3.9).abs() < 1e-9);
        config.epochs = 2;
        config.sizes = vec![784, 10, 10];
        assert!((training_seconds(&config) - 0.087).abs() < 0.001);
    }

    #[test]
    fn model_urls_are_https_or_this_computer_written_as_a_browser_writes_them() {
        for ok in [
            "https://blog.example.com/nets/784-30-10.wscp",
            "https://example.com:8443/a_b-c~d.wscp",
            "https://my-blog.github.io/x",
            "http://localhost:8080/blog/net.wscp",
            "http://127.0.0.1:41234/x.wscp",
            "https://localhost/x.wscp",
        ] {
            assert!(is_model_url(ok), "{ok}");
        }
        let long = format!("https://x.com/{}", "a".repeat(MAX_MODEL_URL));
        for bad in [
            "http://blog.example.com/net.wscp",
            "ftp://example.com/x",
            "https://example.com",
            "https://example.com/",
            "https://example.com/dir/",
            "https://Example.com/x",
            "HTTPS://example.com/x",
            "https://user:pw@example.com/x",
            "https://example.com/x?y=1",
            "https://example.com/x#y",
            "https://example.com/a/../x",
            "https://example.com/a/./x",
            "https://example.com/%2e%2e/x",
            "https://example.com:443/x",
            "https://example.com:0/x",
            "https://example.com:080/x",
            "https://example.com:65536/x",
            "https://example.com:/x",
            "https://1.2.3.4/x",
            "https://example.123/x",
            "https://example..com/x",
            "https://example.com./x",
            "https://xn--nxasmq6b.com/x",
            "https://[::1]/x",
            "http://localhost:80/x",
            "//example.com/x",
            "https://example.com/a b",
            "https://example.com\\x",
            "javascript:alert(1)",
            "www/demos/a.wscp",
            &long,
        ] {
            assert!(!is_model_url(bad), "{bad}");
        }
    }

    #[test]
    fn each_dataset_is_a_choice_of_the_dataset_parameter_by_its_key() {
        let s = schema(&Dataset::MNIST);
        let param = s.params.iter().find(|p| p.name == "dataset").expect("one");
        assert_eq!(param.choices, ["mnist", "fashion-mnist"]);
        assert!(
            param.omit_default,
            "links made before the choice mean MNIST"
        );
        assert_eq!(s.datasets, [Dataset::MNIST, Dataset::FASHION_MNIST]);
        for data in Dataset::ALL {
            assert_eq!(DatasetKey::parse(data.key.as_str()), Some(data.key));
            assert_eq!(Dataset::named(data.name), Some(data));
            assert_eq!((data.inputs(), data.classes()), (784, 10));
            let config = Config::network2_for(data);
            assert_eq!(config.data(), data);
            assert_eq!(config.problems(), vec![]);
        }
        assert_eq!(Dataset::FASHION_MNIST.class_names[6], "Shirt");
        let (mnist, fashion) = (&Dataset::MNIST, &Dataset::FASHION_MNIST);
        assert_eq!(
            (mnist.class_label(7), mnist.class_images(7)),
            ("digit 7".into(), "7s".into())
        );
        assert_eq!(fashion.class_label(7), "Sneaker");
        assert_eq!(fashion.class_images(7), "Sneaker");
    }

    #[test]
    fn the_article_sweep_is_out_of_mnists_test_set() {
        let s = schema(&Dataset::MNIST);
        assert_eq!(s.sweep.article[4], (10, 0.9343));
        assert_eq!(s.sweep.hidden, [2, 3, 4, 5, 10, 30]);
    }
}
