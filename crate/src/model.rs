//! Model files: a trained network with its configuration and training history, as the compact,
//! versioned "WSCP" binary the page exports and imports.
//!
//! Pure and defensive: reading never panics and never trusts a length before checking it
//! against the bytes there are; a truncated, corrupt, other-version, absurdly sized or NaN-holding
//! file is an error value with a sentence a reader can act on. It does not fetch or draw.
//!
//! Layout (all little-endian), version 1:
//! ```text
//! "WSCP"  u16 version  u16 flags(0)
//! config: u32 epochs, f32 eta, u32 mini_batch, f32 lambda, u8 cost, u8 init, u16 0, u32 seed
//! u32 layer count L, then L × u32 sizes
//! weights[l] row-major (sizes[l+1], sizes[l]) as f32, every l; then biases[l] (sizes[l+1],)
//! u32 history length H, then H × (u32 epoch, u32 test_correct, u32 test_total,
//!                                  f32 train_cost, f32 train_accuracy)
//! u64 FNV-1a of every byte before it
//! ```
//! Version 2 (written only when there are timeline snapshots) inserts before the checksum:
//! ```text
//! u32 snapshot count S, then S × (u32 batches, u32 epoch, u32 samples_done,
//!                                 weights and biases laid out as above)
//! ```
//! Version 3 (written only when the run used a subset of MNIST) is version 2 with, right after
//! the seed, `u32 train_size, u32 test_size`; its snapshot count may be 0.
//! Version 1 and 2 files still read (with no snapshots for version 1, all of MNIST for both).
//!
//! Version 4, the one written now, is a header and tagged sections, so what later issues need
//! joins without moving what is there:
//! ```text
//! "WSCP"  u16 4  u16 flags(0)
//! section*: 4-byte tag, u32 body length, body
//!   "RCPE" (required, 32 bytes): u32 epochs, f32 eta, u32 mini_batch, f32 lambda, u8 cost,
//!          u8 init, u16 0, u32 seed, u32 train_size, u32 test_size
//!   "DATA" (optional): u8 n, n bytes of the dataset's name (UTF-8), u8 m, m bytes of the digest
//!          of its files ([`files_digest`])
//!   "NETW" (required): u32 L, L × u32 sizes, weights then biases as in version 1
//!   "HIST" (optional, absent = no epochs): u32 H, H × 20 bytes as in version 1
//!   "TIME" (optional, the timeline): u32 S, S × snapshot as in version 2
//! u64 FNV-1a of every byte before it
//! ```
//! A reader skips sections it does not know and refuses a section given twice. [`to_embed`]
//! writes the recipe, dataset, network and history (the timeline if asked) as base64url text, small enough for a URL
//! fragment, and [`from_embed`] reads it back: how the weights travel inside an embed link.

use std::fmt;

use ndarray::{Array1, Array2};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;

use crate::digest::{fnv1a, fnv1a_from, FNV_OFFSET};
use crate::nn::config::{MAX_HIDDEN_LAYERS, MAX_PARAMETERS, MAX_TEST_SIZE, MAX_TRAIN_SIZE};
use crate::nn::{Config, Cost, EpochResult, Init, Network};
use crate::schema::{Dataset, DatasetKey};

/// The first four bytes of every model file.
pub const MAGIC: [u8; 4] = *b"WSCP";
/// The format version this code writes; it reads 1 to 3 too.
pub const VERSION: u16 = 4;
/// Most timeline snapshots a file may hold (the page keeps at most 64).
pub const MAX_SNAPSHOTS: usize = 256;

/// The weights and biases at one moment of training (a timeline snapshot).
#[derive(Clone, Debug, PartialEq)]
pub struct Snapshot {
    /// Mini-batches done when it was taken.
    pub batches: usize,
    /// Epochs finished.
    pub epoch: usize,
    /// Training examples done in the current epoch (0 at the end of an epoch).
    pub samples_done: usize,
    /// `weights[l]`: (sizes[l + 1], sizes[l]), the network's shapes.
    pub weights: Vec<Array2<f32>>,
    /// `biases[l]`: (sizes[l + 1],).
    pub biases: Vec<Array1<f32>>,
}

/// The dataset a network learned from: its name and a digest of its files, so a reader can tell
/// which data a model file's figures are about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatasetId {
    /// As people name it: `"MNIST"` (at most 255 bytes of UTF-8).
    pub name: String,
    /// A digest of its files ([`files_digest`]; at most 255 bytes).
    pub digest: Vec<u8>,
}

impl DatasetId {
    /// The descriptor's name and digest: what a run on `data` is saved with.
    pub fn of(data: &Dataset) -> DatasetId {
        DatasetId {
            name: data.name.to_string(),
            digest: (0..data.digest.len())
                .step_by(2)
                .filter_map(|i| u8::from_str_radix(&data.digest[i..i + 2], 16).ok())
                .collect(),
        }
    }

    /// The dataset it names, when this site has it with the same files.
    ///
    /// # Errors
    /// A dataset this site does not have, or other files under its name.
    pub fn known(&self) -> Result<&'static Dataset, ModelError> {
        let data = Dataset::named(&self.name).ok_or_else(|| {
            ModelError::Invalid(format!(
                "it learned from {}, a dataset Weightscope does not have",
                self.name
            ))
        })?;
        if *self != DatasetId::of(data) {
            return Err(ModelError::Invalid(format!(
                "it learned from other {} files than this site's",
                data.name
            )));
        }
        Ok(data)
    }
}

/// A digest of a dataset's files, in their order ([`crate::dataset::FILES`] for MNIST): FNV-1a
/// over each file's length (u64, little-endian) and bytes, as 8 little-endian bytes.
pub fn files_digest(files: &[&[u8]]) -> Vec<u8> {
    let mut hash = FNV_OFFSET;
    for file in files {
        hash = fnv1a_from(hash, &(file.len() as u64).to_le_bytes());
        hash = fnv1a_from(hash, file);
    }
    hash.to_le_bytes().to_vec()
}

/// A network with what made it: configuration and per-epoch results.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// How it was (or would be) trained; `config.sizes == network.sizes`.
    pub config: Config,
    /// The trained weights and biases.
    pub network: Network,
    /// One entry per finished epoch.
    pub history: Vec<EpochResult>,
    /// The training timeline, oldest first (empty when there is none).
    pub snapshots: Vec<Snapshot>,
    /// The dataset it learned from (none in files before version 4).
    pub dataset: Option<DatasetId>,
}

/// Why a model file was refused.
#[derive(Clone, Debug, PartialEq)]
pub enum ModelError {
    /// Not a Weightscope model file at all.
    BadMagic,
    /// Made by another format version.
    Version(u16),
    /// The file ends before `needed` bytes (it has `len`).
    Truncated {
        /// Bytes the header promises.
        needed: usize,
        /// Bytes there are.
        len: usize,
    },
    /// Bytes left over after the checksum.
    TrailingBytes(usize),
    /// The checksum does not match: the file was damaged.
    Checksum,
    /// A value is out of its range (e.g. an unknown cost code, absurd layer sizes).
    Invalid(String),
    /// A weight or bias is NaN or infinite.
    NotFinite,
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadMagic => write!(f, "this is not a Weightscope model file"),
            Self::Version(v) => write!(
                f,
                "this model file has format version {v}; this Weightscope reads versions 1 to {VERSION}"
            ),
            Self::Truncated { needed, len } => write!(
                f,
                "the model file is cut short ({len} bytes, at least {needed} needed)"
            ),
            Self::TrailingBytes(n) => {
                write!(f, "the model file has {n} unexpected bytes at its end")
            }
            Self::Checksum => write!(f, "the model file is damaged (its checksum does not match)"),
            Self::Invalid(why) => write!(f, "the model file is invalid: {why}"),
            Self::NotFinite => write!(
                f,
                "the model file holds weights that are not numbers (NaN or infinite)"
            ),
        }
    }
}

impl std::error::Error for ModelError {}

fn cost_code(cost: Cost) -> u8 {
    match cost {
        Cost::Quadratic => 0,
        Cost::CrossEntropy => 1,
    }
}

fn init_code(init: Init) -> u8 {
    match init {
        Init::Large => 0,
        Init::Default => 1,
    }
}

/// Checks that `sizes` is a network the page can hold before any allocation of its size.
///
/// # Errors
/// [`ModelError::Invalid`] with the reason.
pub fn check_sizes(sizes: &[usize]) -> Result<(), ModelError> {
    let hidden = sizes.len().saturating_sub(2);
    if sizes.len() < 2 || hidden > MAX_HIDDEN_LAYERS {
        return Err(ModelError::Invalid(format!(
            "{} layers (a network has an input layer, at most {MAX_HIDDEN_LAYERS} hidden layers and an output layer)",
            sizes.len()
        )));
    }
    let mut parameters = 0usize;
    for pair in sizes.windows(2) {
        if pair[0] == 0 || pair[1] == 0 {
            return Err(ModelError::Invalid("a layer has no neurons".into()));
        }
        parameters =
            parameters.saturating_add(pair[0].saturating_mul(pair[1]).saturating_add(pair[1]));
    }
    if parameters > MAX_PARAMETERS {
        return Err(ModelError::Invalid(format!(
            "{parameters} parameters, more than the {MAX_PARAMETERS} Weightscope allows"
        )));
    }
    Ok(())
}

/// What a file's first bytes say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A WSCP model file (starts with [`MAGIC`]).
    Wscp,
    /// Text starting with `{` (after a byte-order mark and white space): network2.py JSON.
    Json,
    /// Neither.
    Unknown,
}

/// Tells a WSCP file from network2.py JSON by its first bytes, without reading the rest.
pub fn sniff(bytes: &[u8]) -> Format {
    if bytes.starts_with(&MAGIC) {
        return Format::Wscp;
    }
    let text = bytes
        .strip_prefix(b"\xef\xbb\xbf".as_slice())
        .unwrap_or(bytes);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Format::Json,
        _ => Format::Unknown,
    }
}

/// A network from the flat arrays the page holds: `weights[l]` row-major
/// `(sizes[l + 1], sizes[l])`, `biases[l]` `(sizes[l + 1],)`.
///
/// # Errors
/// [`ModelError::Invalid`] when the sizes are absurd or an array does not match them,
/// [`ModelError::NotFinite`] for a NaN or infinite value.
pub fn network_from_parts(
    sizes: &[usize],
    weights: Vec<Vec<f32>>,
    biases: Vec<Vec<f32>>,
    cost: Cost,
) -> Result<Network, ModelError> {
    check_sizes(sizes)?;
    let layers = sizes.len() - 1;
    if weights.len() != layers || biases.len() != layers {
        return Err(ModelError::Invalid(
            "the network has the wrong number of layers".into(),
        ));
    }
    let mut network = Network {
        sizes: sizes.to_vec(),
        biases: Vec::with_capacity(layers),
        weights: Vec::with_capacity(layers),
        cost,
    };
    for (l, (w, b)) in weights.into_iter().zip(biases).enumerate() {
        let (x, y) = (sizes[l], sizes[l + 1]);
        if w.len() != x * y || b.len() != y {
            return Err(ModelError::Invalid(format!(
                "layer {l} does not match the sizes"
            )));
        }
        if !w.iter().chain(&b).all(|v| v.is_finite()) {
            return Err(ModelError::NotFinite);
        }
        // (y, x): row j feeds neuron j of layer l + 1.
        let w =
            Array2::from_shape_vec((y, x), w).map_err(|e| ModelError::Invalid(e.to_string()))?;
        network.weights.push(w);
        network.biases.push(Array1::from_vec(b));
    }
    Ok(network)
}

/// Snapshot `weights` and `biases` as flat arrays, checked against `sizes` (see
/// [`network_from_parts`]).
///
/// # Errors
/// [`ModelError::Invalid`] when an array does not match `sizes`, [`ModelError::NotFinite`].
pub fn snapshot_from_parts(
    sizes: &[usize],
    (batches, epoch, samples_done): (usize, usize, usize),
    weights: Vec<Vec<f32>>,
    biases: Vec<Vec<f32>>,
) -> Result<Snapshot, ModelError> {
    let net = network_from_parts(sizes, weights, biases, Cost::CrossEntropy)?;
    Ok(Snapshot {
        batches,
        epoch,
        samples_done,
        weights: net.weights,
        biases: net.biases,
    })
}

/// Writes `model` as the files of versions 1 to 3 were written (3 for a subset of MNIST, else 1
/// without snapshots and 2 with them): what the tests of the older readers need.
#[cfg(test)]
fn legacy_bytes(model: &Model) -> Vec<u8> {
    let c = &model.config;
    let mut out = Vec::new();
    let version: u16 = if c.is_subset() {
        3
    } else if model.snapshots.is_empty() {
        1
    } else {
        2
    };
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&version.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    // Counts are far below u32::MAX (Config's limits): the same on native and wasm32.
    let u32s = |out: &mut Vec<u8>, v: usize| out.extend_from_slice(&(v as u32).to_le_bytes());
    u32s(&mut out, c.epochs);
    out.extend_from_slice(&c.eta.to_le_bytes());
    u32s(&mut out, c.mini_batch);
    out.extend_from_slice(&c.lambda.to_le_bytes());
    out.extend_from_slice(&[cost_code(c.cost), init_code(c.init), 0, 0]);
    out.extend_from_slice(&c.seed.to_le_bytes());
    if version >= 3 {
        u32s(&mut out, c.train_size);
        u32s(&mut out, c.test_size);
    }
    let net = &model.network;
    u32s(&mut out, net.sizes.len());
    for &n in &net.sizes {
        u32s(&mut out, n);
    }
    for value in net.weights.iter().flat_map(|w| w.iter()) {
        out.extend_from_slice(&value.to_le_bytes());
    }
    for value in net.biases.iter().flat_map(|b| b.iter()) {
        out.extend_from_slice(&value.to_le_bytes());
    }
    u32s(&mut out, model.history.len());
    for e in &model.history {
        u32s(&mut out, e.epoch);
        u32s(&mut out, e.test_correct);
        u32s(&mut out, e.test_total);
        out.extend_from_slice(&e.train_cost.to_le_bytes());
        out.extend_from_slice(&e.train_accuracy.to_le_bytes());
    }
    if version >= 2 {
        u32s(&mut out, model.snapshots.len());
        for s in &model.snapshots {
            u32s(&mut out, s.batches);
            u32s(&mut out, s.epoch);
            u32s(&mut out, s.samples_done);
            for value in s.weights.iter().flat_map(|w| w.iter()) {
                out.extend_from_slice(&value.to_le_bytes());
            }
            for value in s.biases.iter().flat_map(|b| b.iter()) {
                out.extend_from_slice(&value.to_le_bytes());
            }
        }
    }
    let checksum = fnv1a(&out);
    out.extend_from_slice(&checksum.to_le_bytes());
    out
}

/// Appends section `tag` with the body `write` produces.
fn section(out: &mut Vec<u8>, tag: &[u8; 4], write: impl FnOnce(&mut Vec<u8>)) {
    out.extend_from_slice(tag);
    let at = out.len();
    out.extend_from_slice(&[0; 4]);
    write(out);
    // Bodies are far below 4 GiB (Config's limits).
    let len = (out.len() - at - 4) as u32;
    out[at..at + 4].copy_from_slice(&len.to_le_bytes());
}

fn put_u32(out: &mut Vec<u8>, v: usize) {
    // Counts are far below u32::MAX (Config's limits): the same on native and wasm32.
    out.extend_from_slice(&(v as u32).to_le_bytes());
}

fn put_parameters(out: &mut Vec<u8>, weights: &[Array2<f32>], biases: &[Array1<f32>]) {
    for value in weights.iter().flat_map(|w| w.iter()) {
        out.extend_from_slice(&value.to_le_bytes());
    }
    for value in biases.iter().flat_map(|b| b.iter()) {
        out.extend_from_slice(&value.to_le_bytes());
    }
}

/// Writes `model` as a version 4 model file, with its history and timeline.
pub fn to_bytes(model: &Model) -> Vec<u8> {
    write_v4(model, true)
}

/// A version 4 file of `model`: its timeline only when `timeline` (history always: it is small).
fn write_v4(model: &Model, timeline: bool) -> Vec<u8> {
    let c = &model.config;
    let mut out = Vec::new();
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&VERSION.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    section(&mut out, b"RCPE", |out| {
        put_u32(out, c.epochs);
        out.extend_from_slice(&c.eta.to_le_bytes());
        put_u32(out, c.mini_batch);
        out.extend_from_slice(&c.lambda.to_le_bytes());
        out.extend_from_slice(&[cost_code(c.cost), init_code(c.init), 0, 0]);
        out.extend_from_slice(&c.seed.to_le_bytes());
        put_u32(out, c.train_size);
        put_u32(out, c.test_size);
    });
    // A run not on MNIST always says so, even when its model does not carry the digest.
    let dataset = model
        .dataset
        .clone()
        .or_else(|| (!c.dataset.is_default()).then(|| DatasetId::of(c.data())));
    if let Some(data) = &dataset {
        section(&mut out, b"DATA", |out| {
            for field in [data.name.as_bytes(), &data.digest] {
                let field = &field[..field.len().min(255)];
                out.push(field.len() as u8);
                out.extend_from_slice(field);
            }
        });
    }
    let net = &model.network;
    section(&mut out, b"NETW", |out| {
        put_u32(out, net.sizes.len());
        for &n in &net.sizes {
            put_u32(out, n);
        }
        put_parameters(out, &net.weights, &net.biases);
    });
    if !model.history.is_empty() {
        section(&mut out, b"HIST", |out| {
            put_u32(out, model.history.len());
            for e in &model.history {
                put_u32(out, e.epoch);
                put_u32(out, e.test_correct);
                put_u32(out, e.test_total);
                out.extend_from_slice(&e.train_cost.to_le_bytes());
                out.extend_from_slice(&e.train_accuracy.to_le_bytes());
            }
        });
    }
    if timeline && !model.snapshots.is_empty() {
        section(&mut out, b"TIME", |out| {
            put_u32(out, model.snapshots.len());
            for s in &model.snapshots {
                put_u32(out, s.batches);
                put_u32(out, s.epoch);
                put_u32(out, s.samples_done);
                put_parameters(out, &s.weights, &s.biases);
            }
        });
    }
    let checksum = fnv1a(&out);
    out.extend_from_slice(&checksum.to_le_bytes());
    out
}

/// The recipe, dataset, network and history of `model`, and its timeline only if `timeline`, as
/// base64url text without padding: what an embed link carries in its fragment. A 784-30-10
/// network is about 128,000 characters; each timeline snapshot adds as much again.
pub fn to_embed(model: &Model, timeline: bool) -> String {
    URL_SAFE_NO_PAD.encode(write_v4(model, timeline))
}

/// Reads [`to_embed`]'s text back.
///
/// # Errors
/// [`ModelError::Invalid`] for text that is not base64url, then anything [`from_bytes`] refuses
/// (an embed must be version 4).
pub fn from_embed(text: &str) -> Result<Model, ModelError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(text.trim())
        .map_err(|e| ModelError::Invalid(format!("the embedded network is not base64url ({e})")))?;
    if bytes.get(4..6) != Some(VERSION.to_le_bytes().as_slice()) {
        return Err(ModelError::Invalid(
            "the embedded network is not a version 4 model".into(),
        ));
    }
    from_bytes(&bytes)
}

/// Reads an embed link's network ([`from_embed`]) and checks it is the one the link names:
/// `digest` is the link's weights digest, 16 hex digits ([`crate::digest::to_hex`]).
///
/// # Errors
/// Anything [`from_embed`] refuses, and [`ModelError::Invalid`] when the weights' digest is not
/// `digest` (a link cut short or edited by hand).
pub fn from_embed_checked(text: &str, digest: &str) -> Result<Model, ModelError> {
    with_digest(from_embed(text)?, digest, "the embedded network")
}

/// Reads a model file from another site (a blog's, named by an embed link) and checks it is
/// the one the link names: `digest` is the link's weights digest.
///
/// # Errors
/// Anything [`from_bytes`] refuses, and [`ModelError::Invalid`] when the weights' digest is not
/// `digest` (the file was replaced, or the link edited).
pub fn from_bytes_checked(bytes: &[u8], digest: &str) -> Result<Model, ModelError> {
    with_digest(from_bytes(bytes)?, digest, "the model file's network")
}

/// `model` if its weights digest is `digest`; `what` names it in the refusal.
fn with_digest(model: Model, digest: &str, what: &str) -> Result<Model, ModelError> {
    let found = crate::digest::to_hex(crate::digest::network_digest(&model.network));
    if found != digest {
        return Err(ModelError::Invalid(format!(
            "{what}'s digest is {found}, not the link's {digest}"
        )));
    }
    Ok(model)
}

/// A cursor that refuses to read past the end.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self.at.saturating_add(n);
        let slice = self.bytes.get(self.at..end).ok_or(ModelError::Truncated {
            needed: end,
            len: self.bytes.len(),
        })?;
        self.at = end;
        Ok(slice)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], ModelError> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(self.array()?))
    }
    fn usize(&mut self) -> Result<usize, ModelError> {
        Ok(self.u32()? as usize)
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_le_bytes(self.array()?))
    }
    /// Every weight matrix then every bias vector of a network of `sizes` (already checked).
    #[allow(clippy::type_complexity)] // the pair is the file's layout: weights, then biases
    fn parameters(
        &mut self,
        sizes: &[usize],
    ) -> Result<(Vec<Array2<f32>>, Vec<Array1<f32>>), ModelError> {
        let mut weights = Vec::new();
        for pair in sizes.windows(2) {
            let values = self.f32s(pair[0] * pair[1])?;
            // (sizes[l+1], sizes[l]): row j feeds neuron j of layer l+1.
            let w = Array2::from_shape_vec((pair[1], pair[0]), values)
                .map_err(|e| ModelError::Invalid(e.to_string()))?;
            weights.push(w);
        }
        let mut biases = Vec::new();
        for &n in &sizes[1..] {
            biases.push(Array1::from_vec(self.f32s(n)?));
        }
        Ok((weights, biases))
    }
    /// A recipe's fields from its epochs to its seed, as versions 1 to 4 lay them out: a config
    /// with no sizes yet, on all of MNIST.
    fn recipe(&mut self) -> Result<Config, ModelError> {
        let epochs = self.usize()?;
        let eta = self.f32()?;
        let mini_batch = self.usize()?;
        let lambda = self.f32()?;
        let [cost, init, _, _] = self.array::<4>()?;
        let seed = self.u32()?;
        let cost = match cost {
            0 => Cost::Quadratic,
            1 => Cost::CrossEntropy,
            other => return Err(ModelError::Invalid(format!("unknown cost code {other}"))),
        };
        let init = match init {
            0 => Init::Large,
            1 => Init::Default,
            other => {
                return Err(ModelError::Invalid(format!(
                    "unknown initialisation code {other}"
                )))
            }
        };
        Ok(Config {
            sizes: Vec::new(),
            epochs,
            eta,
            mini_batch,
            lambda,
            cost,
            init,
            seed,
            train_size: MAX_TRAIN_SIZE,
            test_size: MAX_TEST_SIZE,
            dataset: DatasetKey::default(),
        })
    }
    /// A layer count and the checked sizes.
    fn sizes(&mut self) -> Result<Vec<usize>, ModelError> {
        let layers = self.usize()?;
        if layers > MAX_HIDDEN_LAYERS + 2 {
            return Err(ModelError::Invalid(format!("{layers} layers")));
        }
        let sizes = (0..layers)
            .map(|_| self.usize())
            .collect::<Result<Vec<_>, _>>()?;
        check_sizes(&sizes)?;
        Ok(sizes)
    }
    /// A history count and its entries, refusing a count the bytes cannot hold.
    fn history(&mut self) -> Result<Vec<EpochResult>, ModelError> {
        let entries = self.usize()?;
        // Each entry is 20 bytes: refuse a count the file cannot hold before allocating for it.
        if entries > (self.bytes.len() - self.at.min(self.bytes.len())) / 20 {
            return Err(ModelError::Truncated {
                needed: self.at.saturating_add(entries.saturating_mul(20)),
                len: self.bytes.len(),
            });
        }
        let mut history = Vec::with_capacity(entries);
        for _ in 0..entries {
            history.push(EpochResult {
                epoch: self.usize()?,
                test_correct: self.usize()?,
                test_total: self.usize()?,
                train_cost: self.f32()?,
                train_accuracy: self.f32()?,
            });
        }
        Ok(history)
    }
    /// A snapshot count and the snapshots of a network of `sizes`.
    fn snapshots(&mut self, sizes: &[usize]) -> Result<Vec<Snapshot>, ModelError> {
        let count = self.usize()?;
        // Each snapshot is 12 bytes and every parameter: refuse a count the file cannot hold.
        let parameters: usize = sizes.windows(2).map(|p| p[0] * p[1] + p[1]).sum();
        let each = parameters.saturating_mul(4).saturating_add(12);
        if count > MAX_SNAPSHOTS {
            return Err(ModelError::Invalid(format!(
                "{count} timeline snapshots (at most {MAX_SNAPSHOTS})"
            )));
        }
        if count > (self.bytes.len() - self.at.min(self.bytes.len())) / each {
            return Err(ModelError::Truncated {
                needed: self.at.saturating_add(count.saturating_mul(each)),
                len: self.bytes.len(),
            });
        }
        let mut snapshots = Vec::with_capacity(count);
        for _ in 0..count {
            let (batches, epoch, samples_done) = (self.usize()?, self.usize()?, self.usize()?);
            let (weights, biases) = self.parameters(sizes)?;
            snapshots.push(Snapshot {
                batches,
                epoch,
                samples_done,
                weights,
                biases,
            });
        }
        Ok(snapshots)
    }
    /// A length byte and that many bytes.
    fn short_bytes(&mut self) -> Result<&'a [u8], ModelError> {
        let n = self.array::<1>()?[0];
        self.take(usize::from(n))
    }
    /// `n` f32 values, after checking they are all there (no allocation for absurd `n`).
    fn f32s(&mut self, n: usize) -> Result<Vec<f32>, ModelError> {
        let bytes = self.take(n.saturating_mul(4))?;
        Ok(bytes
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect())
    }
}

/// Reads a model file.
///
/// # Errors
/// A [`ModelError`] for anything but a whole, undamaged version 1 to 4 file of a sane network
/// with finite parameters and a configuration `Config::problems` accepts.
pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
    if bytes.len() < 4 || bytes[..4] != MAGIC {
        return Err(ModelError::BadMagic);
    }
    let mut r = Reader { bytes, at: 4 };
    let version = u16::from_le_bytes(r.array()?);
    if !(1..=VERSION).contains(&version) {
        return Err(ModelError::Version(version));
    }
    let _flags = r.array::<2>()?;
    // The checksum first: a damaged file is named as damaged, whatever else is wrong with it.
    let body = bytes.len().checked_sub(8).filter(|&body| body >= r.at);
    let Some(body) = body else {
        return Err(ModelError::Truncated {
            needed: r.at + 8,
            len: bytes.len(),
        });
    };
    let model = if version == 4 {
        read_v4(Reader {
            bytes: &bytes[..body],
            at: r.at,
        })?
    } else {
        read_v1_to_3(
            Reader {
                bytes: &bytes[..body],
                at: r.at,
            },
            version,
        )?
    };
    let stored = u64::from_le_bytes(bytes[body..].try_into().map_err(|_| ModelError::Checksum)?);
    if stored != fnv1a(&bytes[..body]) {
        return Err(ModelError::Checksum);
    }
    checked(model)
}

/// The sections of a version 4 file, after its header.
fn read_v4(mut r: Reader<'_>) -> Result<Model, ModelError> {
    let mut sections: Vec<([u8; 4], &[u8])> = Vec::new();
    while r.at < r.bytes.len() {
        let tag = r.array::<4>()?;
        let len = r.usize()?;
        let body = r.take(len)?;
        if sections.iter().any(|(t, _)| *t == tag) {
            return Err(ModelError::Invalid(format!(
                "the section {} appears twice",
                String::from_utf8_lossy(&tag)
            )));
        }
        sections.push((tag, body));
    }
    let find = |tag: &[u8; 4]| sections.iter().find(|(t, _)| t == tag).map(|(_, b)| *b);
    let required = |tag: &[u8; 4]| {
        find(tag).ok_or_else(|| {
            ModelError::Invalid(format!(
                "the section {} is missing",
                String::from_utf8_lossy(tag)
            ))
        })
    };
    // Each section is read whole: bytes left over in one are as wrong as too few.
    fn whole<'a, T>(
        bytes: &'a [u8],
        read: impl FnOnce(&mut Reader<'a>) -> Result<T, ModelError>,
    ) -> Result<T, ModelError> {
        let mut r = Reader { bytes, at: 0 };
        let value = read(&mut r)?;
        if r.at != bytes.len() {
            return Err(ModelError::Invalid(
                "a section is longer than its contents".into(),
            ));
        }
        Ok(value)
    }
    let mut config = whole(required(b"RCPE")?, |r| {
        let recipe = r.recipe()?;
        Ok(Config {
            train_size: r.usize()?,
            test_size: r.usize()?,
            ..recipe
        })
    })?;
    let (sizes, (weights, biases)) = whole(required(b"NETW")?, |r| {
        let sizes = r.sizes()?;
        let parameters = r.parameters(&sizes)?;
        Ok((sizes, parameters))
    })?;
    let history = find(b"HIST").map_or(Ok(Vec::new()), |b| whole(b, Reader::history))?;
    let snapshots = find(b"TIME").map_or(Ok(Vec::new()), |b| whole(b, |r| r.snapshots(&sizes)))?;
    let dataset = find(b"DATA")
        .map(|b| {
            whole(b, |r| {
                let name = String::from_utf8(r.short_bytes()?.to_vec())
                    .map_err(|_| ModelError::Invalid("the dataset's name is not UTF-8".into()))?;
                Ok(DatasetId {
                    name,
                    digest: r.short_bytes()?.to_vec(),
                })
            })
        })
        .transpose()?;
    if let Some(data) = &dataset {
        config.dataset = data.known()?.key;
    }
    Ok(Model {
        network: network_of(&mut config, sizes, weights, biases),
        config,
        history,
        snapshots,
        dataset,
    })
}

/// The network of `weights` and `biases`, with `config` given its `sizes`.
fn network_of(
    config: &mut Config,
    sizes: Vec<usize>,
    weights: Vec<Array2<f32>>,
    biases: Vec<Array1<f32>>,
) -> Network {
    config.sizes.clone_from(&sizes);
    Network {
        sizes,
        biases,
        weights,
        cost: config.cost,
    }
}

/// The body of a version 1, 2 or 3 file, after its header, without its checksum.
fn read_v1_to_3(mut r: Reader<'_>, version: u16) -> Result<Model, ModelError> {
    let mut config = r.recipe()?;
    // Before version 3, every run used all of MNIST.
    if version >= 3 {
        (config.train_size, config.test_size) = (r.usize()?, r.usize()?);
    }
    let sizes = r.sizes()?;
    let (weights, biases) = r.parameters(&sizes)?;
    let history = r.history()?;
    let snapshots = if version >= 2 {
        r.snapshots(&sizes)?
    } else {
        Vec::new()
    };
    if r.at != r.bytes.len() {
        return Err(ModelError::TrailingBytes(r.bytes.len() - r.at));
    }
    Ok(Model {
        network: network_of(&mut config, sizes, weights, biases),
        config,
        history,
        snapshots,
        dataset: None,
    })
}

/// `model` when every number is finite and its configuration is valid.
fn checked(model: Model) -> Result<Model, ModelError> {
    let finite = |v: &f32| v.is_finite();
    let all_finite = |w: &[Array2<f32>], b: &[Array1<f32>]| {
        w.iter().all(|w| w.iter().all(finite)) && b.iter().all(|b| b.iter().all(finite))
    };
    if !all_finite(&model.network.weights, &model.network.biases)
        || !model
            .snapshots
            .iter()
            .all(|s| all_finite(&s.weights, &s.biases))
    {
        return Err(ModelError::NotFinite);
    }
    // Found by `make fuzz`: a NaN cost in the history would reach the page's charts.
    if !model
        .history
        .iter()
        .all(|h| h.train_cost.is_finite() && h.train_accuracy.is_finite())
    {
        return Err(ModelError::NotFinite);
    }
    if let Some(problem) = model.config.problems().first() {
        return Err(ModelError::Invalid(problem.to_string()));
    }
    Ok(model)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nn::Rng;

    fn model() -> Model {
        let config = Config {
            sizes: vec![784, 3, 10],
            epochs: 2,
            ..Config::network2()
        };
        let network = Network::new(&config.sizes, config.init, config.cost, &mut Rng::new(9));
        let history = vec![
            EpochResult {
                epoch: 1,
                test_correct: 9000,
                test_total: 10_000,
                train_cost: 0.5,
                train_accuracy: 0.88,
            },
            EpochResult {
                epoch: 2,
                test_correct: 9300,
                test_total: 10_000,
                train_cost: 0.4,
                train_accuracy: 0.92,
            },
        ];
        Model {
            config,
            network,
            history,
            snapshots: Vec::new(),
            dataset: None,
        }
    }

    /// The model with a timeline: its network at three moments.
    fn with_snapshots() -> Model {
        let mut m = model();
        for (k, moment) in [(0, 0, 0), (10, 0, 100), (5000, 1, 0)]
            .into_iter()
            .enumerate()
        {
            let mut s = Snapshot {
                batches: moment.0,
                epoch: moment.1,
                samples_done: moment.2,
                weights: m.network.weights.clone(),
                biases: m.network.biases.clone(),
            };
            s.weights[0][[0, k]] += 1.0;
            m.snapshots.push(s);
        }
        m
    }

    #[test]
    fn snapshots_round_trip_in_version_2_and_version_1_still_reads() {
        let m = with_snapshots();
        let bytes = legacy_bytes(&m);
        assert_eq!(u16::from_le_bytes([bytes[4], bytes[5]]), 2);
        assert_eq!(from_bytes(&bytes), Ok(m));
        let v1 = legacy_bytes(&model());
        assert_eq!(u16::from_le_bytes([v1[4], v1[5]]), 1);
        assert_eq!(from_bytes(&v1), Ok(model()));
    }

    /// The model trained on 2,000 training and 500 test images.
    fn on_a_subset(mut m: Model) -> Model {
        m.config.train_size = 2000;
        m.config.test_size = 500;
        for h in &mut m.history {
            h.test_total = 500;
        }
        m
    }

    #[test]
    fn a_subset_is_kept_in_version_3_with_or_without_snapshots() {
        for m in [on_a_subset(model()), on_a_subset(with_snapshots())] {
            let bytes = legacy_bytes(&m);
            assert_eq!(u16::from_le_bytes([bytes[4], bytes[5]]), 3);
            // Right after the 24 bytes of recipe: train_size, test_size.
            assert_eq!(
                &bytes[32..40],
                [2000u32.to_le_bytes(), 500u32.to_le_bytes()].concat()
            );
            let back = from_bytes(&bytes).expect("reads");
            assert_eq!((back.config.train_size, back.config.test_size), (2000, 500));
            assert_eq!(back, m);
            for len in 0..bytes.len() {
                assert!(from_bytes(&bytes[..len]).is_err(), "accepted {len} bytes");
            }
        }
        // A subset outside the limits is refused like any other bad recipe.
        let mut bad = on_a_subset(model());
        bad.config.train_size = 99;
        assert!(matches!(
            from_bytes(&legacy_bytes(&bad)),
            Err(ModelError::Invalid(why)) if why.starts_with("trainSize")
        ));
    }

    #[test]
    fn version_1_and_2_files_keep_their_layout_and_read_as_all_of_mnist() {
        // FNV-1a of files written before version 3 existed: the layout must not move.
        let v1 = legacy_bytes(&model());
        let v2 = legacy_bytes(&with_snapshots());
        assert_eq!((v1[4], v2[4]), (1, 2));
        assert_eq!(fnv1a(&v1), 0xfedb_078e_482f_fb3d);
        assert_eq!(fnv1a(&v2), 0x8d23_fc6f_8bd9_7fb2);
        for bytes in [v1, v2] {
            let config = from_bytes(&bytes).expect("reads").config;
            assert_eq!((config.train_size, config.test_size), (50_000, 10_000));
        }
    }

    #[test]
    fn every_truncation_of_a_version_2_file_is_an_error_never_a_panic() {
        let bytes = legacy_bytes(&with_snapshots());
        for len in 0..bytes.len() {
            assert!(from_bytes(&bytes[..len]).is_err(), "accepted {len} bytes");
        }
    }

    #[test]
    fn snapshot_counts_and_nan_are_refused() {
        let m = with_snapshots();
        let bytes = legacy_bytes(&m);
        // The count sits right after the history, before the first snapshot.
        let each = (784 * 3 + 3 + 3 * 10 + 10) * 4 + 12;
        let at = bytes.len() - 8 - 3 * each - 4;
        assert_eq!(&bytes[at..at + 4], &3u32.to_le_bytes());
        for count in [4u32, 1000, u32::MAX] {
            let mut bad = bytes.clone();
            bad[at..at + 4].copy_from_slice(&count.to_le_bytes());
            reseal(&mut bad);
            assert!(from_bytes(&bad).is_err(), "accepted {count} snapshots");
        }
        let mut nan = m;
        nan.snapshots[2].biases[1][3] = f32::NAN;
        assert_eq!(from_bytes(&legacy_bytes(&nan)), Err(ModelError::NotFinite));
        let mut flipped = legacy_bytes(&with_snapshots());
        let last = flipped.len() - 20;
        flipped[last] ^= 1;
        assert_eq!(from_bytes(&flipped), Err(ModelError::Checksum));
    }

    /// The model as version 4 keeps it: a subset, a timeline and the dataset it learned from.
    fn v4_model() -> Model {
        let mut m = on_a_subset(with_snapshots());
        m.config.eta = 0.1;
        m.config.lambda = 0.3;
        m.dataset = Some(DatasetId::of(&Dataset::MNIST));
        m
    }

    #[test]
    fn version_4_round_trips_dataset_timeline_and_subset_bit_for_bit() {
        for m in [v4_model(), model(), with_snapshots()] {
            let bytes = to_bytes(&m);
            assert_eq!(&bytes[..6], b"WSCP\x04\x00");
            assert_eq!(from_bytes(&bytes), Ok(m.clone()));
        }
        let m = from_bytes(&to_bytes(&v4_model())).expect("reads");
        assert_eq!((m.config.eta, m.config.lambda), (0.1, 0.3));
        assert_eq!(m.dataset.expect("kept").name, "MNIST");
    }

    #[test]
    fn every_truncation_of_a_version_4_file_is_an_error_never_a_panic() {
        let bytes = to_bytes(&v4_model());
        for len in 0..bytes.len() {
            assert!(from_bytes(&bytes[..len]).is_err(), "accepted {len} bytes");
        }
        for i in (0..80).chain((80..bytes.len()).step_by(101)) {
            let mut damaged = bytes.clone();
            damaged[i] ^= 0x5a;
            assert!(from_bytes(&damaged).is_err(), "accepted a flipped byte {i}");
        }
    }

    /// The sections of a version 4 file: (tag, body), in order.
    fn sections(bytes: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
        let mut at = 8;
        let mut out = Vec::new();
        while at < bytes.len() - 8 {
            let tag: [u8; 4] = bytes[at..at + 4].try_into().expect("4 bytes");
            let len =
                u32::from_le_bytes(bytes[at + 4..at + 8].try_into().expect("4 bytes")) as usize;
            out.push((tag, bytes[at + 8..at + 8 + len].to_vec()));
            at += 8 + len;
        }
        out
    }

    fn assemble(sections: &[([u8; 4], Vec<u8>)]) -> Vec<u8> {
        let mut out = b"WSCP\x04\x00\x00\x00".to_vec();
        for (tag, body) in sections {
            out.extend_from_slice(tag);
            out.extend_from_slice(&(body.len() as u32).to_le_bytes());
            out.extend_from_slice(body);
        }
        out.extend_from_slice(&[0; 8]);
        reseal(&mut out);
        out
    }

    #[test]
    fn version_4_sections_unknown_ones_are_skipped_missing_or_repeated_ones_refused() {
        let parts = sections(&to_bytes(&v4_model()));
        let tags: Vec<&[u8; 4]> = parts.iter().map(|(t, _)| t).collect();
        assert_eq!(tags, [b"RCPE", b"DATA", b"NETW", b"HIST", b"TIME"]);
        assert_eq!(parts[0].1.len(), 32);
        // A section a later version adds is skipped.
        let mut later = parts.clone();
        later.insert(2, (*b"XTRA", vec![1, 2, 3]));
        assert_eq!(from_bytes(&assemble(&later)), Ok(v4_model()));
        // The timeline is optional: without it, the same model with no snapshots.
        let without: Vec<_> = parts
            .iter()
            .filter(|(t, _)| t != b"TIME")
            .cloned()
            .collect();
        let read = from_bytes(&assemble(&without)).expect("reads");
        assert!(read.snapshots.is_empty());
        assert_eq!(read.network, v4_model().network);
        for tag in [b"RCPE", b"NETW"] {
            let missing: Vec<_> = parts.iter().filter(|(t, _)| t != tag).cloned().collect();
            assert!(
                matches!(from_bytes(&assemble(&missing)), Err(ModelError::Invalid(why)) if why.contains("missing"))
            );
        }
        let mut twice = parts.clone();
        twice.push(parts[3].clone());
        assert!(
            matches!(from_bytes(&assemble(&twice)), Err(ModelError::Invalid(why)) if why.contains("twice"))
        );
        let mut long = parts;
        long[0].1.push(0);
        assert!(from_bytes(&assemble(&long)).is_err());
    }

    #[test]
    fn an_embed_carries_recipe_dataset_and_network_only_as_url_safe_text() {
        let m = v4_model();
        let text = to_embed(&m, false);
        assert!(
            text.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            "URL-safe"
        );
        let back = from_embed(&text).expect("reads");
        assert_eq!(
            (&back.config, &back.network, &back.dataset),
            (&m.config, &m.network, &m.dataset)
        );
        assert!(!m.history.is_empty());
        assert_eq!(back.history, m.history);
        assert!(back.snapshots.is_empty() && !m.snapshots.is_empty());
        // About 4/3 of the parameters' bytes: 2,395 parameters here.
        assert!(text.len() < 2395 * 4 * 4 / 3 + 400, "{}", text.len());
        let whole = from_embed(&to_embed(&m, true)).expect("with its timeline");
        assert_eq!(whole.snapshots, m.snapshots);
        assert!(from_embed("not base64!").is_err());
        assert!(from_embed(&URL_SAFE_NO_PAD.encode(legacy_bytes(&model()))).is_err());
        let mut cut = text;
        cut.truncate(cut.len() - 3);
        assert!(from_embed(&cut).is_err());
    }

    #[test]
    fn the_dataset_a_file_names_is_the_one_its_recipe_learns_from() {
        let mut m = v4_model();
        m.config.dataset = DatasetKey::FashionMnist;
        m.dataset = Some(DatasetId::of(&Dataset::FASHION_MNIST));
        assert_eq!(from_bytes(&to_bytes(&m)), Ok(m.clone()));
        // A run on Fashion-MNIST says so even when its model carries no digest.
        m.dataset = None;
        let back = from_bytes(&to_bytes(&m)).expect("reads");
        assert_eq!(back.config.dataset, DatasetKey::FashionMnist);
        assert_eq!(back.dataset, Some(DatasetId::of(&Dataset::FASHION_MNIST)));
        // Unknown data, or other files under a known name, are refused with a sentence.
        for (name, digest, expected) in [
            (
                "CIFAR-10",
                vec![1; 8],
                "it learned from CIFAR-10, a dataset",
            ),
            ("MNIST", vec![1; 8], "it learned from other MNIST files"),
        ] {
            m.dataset = Some(DatasetId {
                name: name.into(),
                digest,
            });
            let error = from_bytes(&to_bytes(&m)).expect_err("refused");
            assert!(error.to_string().contains(expected), "{error}");
        }
    }

    #[test]
    fn an_embed_is_read_only_with_its_own_digest() {
        let m = v4_model();
        let text = to_embed(&m, false);
        let digest = crate::digest::to_hex(crate::digest::network_digest(&m.network));
        let back = from_embed_checked(&text, &digest).expect("its digest");
        assert_eq!(back.network, m.network);
        let other = from_embed_checked(&text, "0123456789abcdef").unwrap_err();
        assert!(
            other
                .to_string()
                .contains("not the link's 0123456789abcdef"),
            "{other}"
        );
    }

    #[test]
    fn a_hosted_file_is_read_only_with_its_own_digest() {
        let m = v4_model();
        let bytes = to_bytes(&m);
        let digest = crate::digest::to_hex(crate::digest::network_digest(&m.network));
        assert_eq!(
            from_bytes_checked(&bytes, &digest)
                .expect("its digest")
                .network,
            m.network
        );
        let other = from_bytes_checked(&bytes, "0123456789abcdef").unwrap_err();
        assert!(
            other
                .to_string()
                .contains("the model file's network's digest is")
                && other
                    .to_string()
                    .contains("not the link's 0123456789abcdef"),
            "{other}"
        );
        assert!(from_bytes_checked(b"<!doctype html>", &digest).is_err());
    }

    #[test]
    fn a_datasets_digest_depends_on_every_file_and_its_boundaries() {
        let d = files_digest(&[b"ab", b"c"]);
        assert_eq!(d.len(), 8);
        assert_ne!(d, files_digest(&[b"a", b"bc"]));
        assert_ne!(d, files_digest(&[b"ab", b"d"]));
        assert_eq!(d, files_digest(&[b"ab", b"c"]));
    }

    /// Rewrites the checksum so a deliberately edited body is judged on its content.
    fn reseal(bytes: &mut [u8]) {
        let body = bytes.len() - 8;
        let sum = fnv1a(&bytes[..body]).to_le_bytes();
        bytes[body..].copy_from_slice(&sum);
    }

    #[test]
    fn a_model_round_trips_bit_for_bit() {
        let m = model();
        let bytes = legacy_bytes(&m);
        assert_eq!(&bytes[..4], b"WSCP");
        assert_eq!(from_bytes(&bytes), Ok(m));
    }

    #[test]
    fn every_truncation_is_an_error_never_a_panic() {
        let bytes = legacy_bytes(&model());
        for len in 0..bytes.len() {
            assert!(
                from_bytes(&bytes[..len]).is_err(),
                "accepted {len} of {} bytes",
                bytes.len()
            );
        }
    }

    #[test]
    fn every_flipped_byte_is_refused() {
        let bytes = legacy_bytes(&model());
        // Every byte of the header and a stride through the rest.
        for i in (0..64).chain((64..bytes.len()).step_by(97)) {
            let mut damaged = bytes.clone();
            damaged[i] ^= 0x5a;
            assert!(from_bytes(&damaged).is_err(), "accepted a flipped byte {i}");
        }
    }

    #[test]
    fn bad_magic_other_version_and_trailing_bytes_are_named() {
        let bytes = legacy_bytes(&model());
        let mut other = bytes.clone();
        other[0] = b'X';
        assert_eq!(from_bytes(&other), Err(ModelError::BadMagic));
        let mut v5 = bytes.clone();
        v5[4] = 5;
        assert_eq!(from_bytes(&v5), Err(ModelError::Version(5)));
        assert!(from_bytes(&v5)
            .unwrap_err()
            .to_string()
            .contains("version 5; this Weightscope reads versions 1 to 4"));
        let mut long = bytes.clone();
        long.push(0);
        assert_eq!(from_bytes(&long), Err(ModelError::TrailingBytes(1)));
        let mut damaged = bytes;
        let last = damaged.len() - 1;
        damaged[last] ^= 1;
        assert_eq!(from_bytes(&damaged), Err(ModelError::Checksum));
    }

    #[test]
    fn absurd_dimensions_are_refused_before_allocating() {
        let mut bytes = legacy_bytes(&model());
        // sizes start after 4 + 4 + 24 header bytes and the layer count.
        let hidden = 4 + 4 + 24 + 4 + 4;
        bytes[hidden..hidden + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        reseal(&mut bytes);
        assert!(matches!(from_bytes(&bytes), Err(ModelError::Invalid(_))));
        let mut bytes = legacy_bytes(&model());
        bytes[32..36].copy_from_slice(&1_000_000u32.to_le_bytes());
        reseal(&mut bytes);
        assert!(matches!(from_bytes(&bytes), Err(ModelError::Invalid(_))));
    }

    #[test]
    fn nan_weights_are_refused() {
        let mut m = model();
        m.network.weights[0][[1, 2]] = f32::NAN;
        assert_eq!(from_bytes(&legacy_bytes(&m)), Err(ModelError::NotFinite));
        let mut m = model();
        m.network.biases[1][0] = f32::INFINITY;
        assert_eq!(from_bytes(&legacy_bytes(&m)), Err(ModelError::NotFinite));
    }

    #[test]
    fn an_invalid_configuration_is_refused() {
        let mut m = model();
        m.config.eta = -1.0;
        assert!(matches!(
            from_bytes(&legacy_bytes(&m)),
            Err(ModelError::Invalid(_))
        ));
    }

    #[test]
    fn formats_are_told_apart_by_their_first_bytes() {
        assert_eq!(sniff(&legacy_bytes(&model())), Format::Wscp);
        assert_eq!(sniff(b"\xef\xbb\xbf \n {\"sizes\""), Format::Json);
        assert_eq!(sniff(b"\x89PNG"), Format::Unknown);
        assert_eq!(sniff(b""), Format::Unknown);
    }

    #[test]
    fn a_network_is_rebuilt_from_flat_parts_or_refused() {
        let net = model().network;
        let weights: Vec<Vec<f32>> = net
            .weights
            .iter()
            .map(|w| w.iter().copied().collect())
            .collect();
        let biases: Vec<Vec<f32>> = net.biases.iter().map(|b| b.to_vec()).collect();
        let back = network_from_parts(&net.sizes, weights.clone(), biases.clone(), net.cost);
        assert_eq!(back, Ok(net.clone()));
        let mut short = weights.clone();
        short[1].pop();
        assert!(network_from_parts(&net.sizes, short, biases.clone(), net.cost).is_err());
        let mut nan = weights;
        nan[0][5] = f32::NAN;
        assert_eq!(
            network_from_parts(&net.sizes, nan, biases, net.cost),
            Err(ModelError::NotFinite)
        );
    }
}
