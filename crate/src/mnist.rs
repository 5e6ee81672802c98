//! Parses MNIST's IDX files (images and labels) from bytes, with an error for every way a file
//! can be wrong and never a panic.
//!
//! It never fetches, reads files or decompresses: the browser edge or the native caller hands
//! it the raw bytes. Layout (big-endian u32s): magic, count, [rows, cols], then one byte per
//! pixel or label.

use std::fmt;

/// Magic number of an IDX file of u8 images (three dimensions: count, rows, cols).
pub const IMAGES_MAGIC: u32 = 0x0000_0803;
/// Magic number of an IDX file of u8 labels (one dimension: count).
pub const LABELS_MAGIC: u32 = 0x0000_0801;
/// Header bytes of an images file: magic, count, rows, cols.
pub const IMAGES_HEADER: usize = 16;
/// Header bytes of a labels file: magic, count.
pub const LABELS_HEADER: usize = 8;
/// Largest number of rows or columns accepted in an image (MNIST has 28).
pub const MAX_SIDE: usize = 1024;
/// Largest label: labels are digits.
pub const MAX_LABEL: u8 = 9;

/// The images of an IDX images file: `count` images of `rows × cols` pixels, row by row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Images<'a> {
    /// Number of images.
    pub count: usize,
    /// Rows per image (28 for MNIST).
    pub rows: usize,
    /// Columns per image (28 for MNIST).
    pub cols: usize,
    /// (count, rows · cols): image i is `pixels[i * rows * cols..][..rows * cols]`, 0 = background.
    /// Borrowed from the file's bytes: MNIST's 47 MB are not copied.
    pub pixels: &'a [u8],
}

/// What is wrong with an IDX file. `file` is `"images"` or `"labels"`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MnistError {
    /// The file ends before its header does.
    TooShort {
        /// `"images"` or `"labels"`.
        file: &'static str,
        /// Bytes in the file.
        len: usize,
        /// Bytes in the header.
        header: usize,
    },
    /// The first four bytes are not the expected magic number.
    BadMagic {
        /// `"images"` or `"labels"`.
        file: &'static str,
        /// The magic number this kind of file has.
        expected: u32,
        /// The one found.
        found: u32,
    },
    /// Rows or columns outside 1..=[`MAX_SIDE`].
    AbsurdDimensions {
        /// Rows claimed by the header.
        rows: usize,
        /// Columns claimed by the header.
        cols: usize,
    },
    /// The file is shorter than its header says.
    Truncated {
        /// `"images"` or `"labels"`.
        file: &'static str,
        /// Items (images or labels) the header announces.
        count: usize,
        /// Bytes the header implies.
        expected: u64,
        /// Bytes in the file.
        found: u64,
    },
    /// The file is longer than its header says: the count is wrong or the file corrupt.
    TrailingBytes {
        /// `"images"` or `"labels"`.
        file: &'static str,
        /// Items (images or labels) the header announces.
        count: usize,
        /// Bytes the header implies.
        expected: u64,
        /// Bytes in the file.
        found: u64,
    },
    /// A label that is not a digit.
    BadLabel {
        /// Position of the label in the file.
        index: usize,
        /// The label found.
        label: u8,
    },
    /// The images and labels files hold different numbers of items.
    CountMismatch {
        /// Images in the images file.
        images: usize,
        /// Labels in the labels file.
        labels: usize,
    },
}

impl fmt::Display for MnistError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            MnistError::TooShort { file, len, header } => write!(
                f,
                "MNIST {file} file is too short: {len} bytes, but its header alone takes {header}"
            ),
            MnistError::BadMagic {
                file,
                expected,
                found,
            } => {
                write!(
                    f,
                    "not an MNIST {file} file: it starts with {found:#010x}, not {expected:#010x}"
                )?;
                if found >> 16 == 0x1f8b {
                    write!(f, " (it is still gzip-compressed)")?;
                } else if found == IMAGES_MAGIC || found == LABELS_MAGIC {
                    write!(f, " (images and labels files swapped?)")?;
                }
                Ok(())
            }
            MnistError::AbsurdDimensions { rows, cols } => write!(
                f,
                "MNIST images file claims images of {rows}×{cols} pixels; \
                 rows and columns must be 1 to {MAX_SIDE}"
            ),
            MnistError::Truncated {
                file,
                count,
                expected,
                found,
            } => write!(
                f,
                "MNIST {file} file is truncated: its header announces {count} {file}, \
                 {expected} bytes in all, but the file has only {found}"
            ),
            MnistError::TrailingBytes {
                file,
                count,
                expected,
                found,
            } => write!(
                f,
                "MNIST {file} file has {} bytes more than the {count} {file} its header announces \
                 ({expected} bytes expected, {found} found)",
                found - expected
            ),
            MnistError::BadLabel { index, label } => write!(
                f,
                "MNIST labels file has label {label} at position {index}; labels are digits 0 to {MAX_LABEL}"
            ),
            MnistError::CountMismatch { images, labels } => write!(
                f,
                "MNIST images and labels do not match: {images} images but {labels} labels"
            ),
        }
    }
}

impl std::error::Error for MnistError {}

/// The big-endian u32 at `bytes[at..at + 4]`; the caller has checked the length.
fn be_u32(bytes: &[u8], at: usize) -> u32 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[at..at + 4]);
    u32::from_be_bytes(word)
}

/// Checks the header's length and magic number.
fn check_header(
    start: &[u8],
    len: usize,
    file: &'static str,
    header: usize,
    magic: u32,
) -> Result<(), MnistError> {
    if len < header || start.len() < header {
        return Err(MnistError::TooShort { file, len, header });
    }
    let found = be_u32(start, 0);
    if found != magic {
        return Err(MnistError::BadMagic {
            file,
            expected: magic,
            found,
        });
    }
    Ok(())
}

/// Checks that the body after `header` is exactly `count · item_size` bytes.
fn check_body(
    len: usize,
    file: &'static str,
    header: usize,
    count: usize,
    item_size: usize,
) -> Result<(), MnistError> {
    // In u64: count · item_size may not fit a 32-bit usize (wasm32).
    let expected = header as u64 + count as u64 * item_size as u64;
    let found = len as u64;
    if found < expected {
        return Err(MnistError::Truncated {
            file,
            count,
            expected,
            found,
        });
    }
    if found > expected {
        return Err(MnistError::TrailingBytes {
            file,
            count,
            expected,
            found,
        });
    }
    Ok(())
}

/// Parses an IDX images file (magic 0x00000803), e.g. `train-images-idx3-ubyte`, uncompressed.
///
/// # Errors
/// Too short for a header, wrong magic number, rows or columns outside 1..=[`MAX_SIDE`], or a
/// body that is not exactly count · rows · cols bytes.
pub fn parse_images(bytes: &[u8]) -> Result<Images<'_>, MnistError> {
    let Shape { count, rows, cols } = images_shape(bytes, bytes.len())?;
    Ok(Images {
        count,
        rows,
        cols,
        pixels: &bytes[IMAGES_HEADER..],
    })
}

/// What an IDX images file holds, from its header alone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Number of images.
    pub count: usize,
    /// Rows per image.
    pub rows: usize,
    /// Columns per image.
    pub cols: usize,
}

/// Checks an IDX images file from its first bytes (`start`: its [`IMAGES_HEADER`] bytes, or
/// all of it when it is shorter) and its length `len`, without reading its pixels: for a file
/// read a piece at a time. [`parse_images`] is this plus the pixels.
///
/// # Errors
/// As [`parse_images`].
pub fn images_shape(start: &[u8], len: usize) -> Result<Shape, MnistError> {
    const FILE: &str = "images";
    check_header(start, len, FILE, IMAGES_HEADER, IMAGES_MAGIC)?;
    let [count, rows, cols] = [4, 8, 12].map(|at| be_u32(start, at) as usize);
    if !(1..=MAX_SIDE).contains(&rows) || !(1..=MAX_SIDE).contains(&cols) {
        return Err(MnistError::AbsurdDimensions { rows, cols });
    }
    check_body(len, FILE, IMAGES_HEADER, count, rows * cols)?;
    Ok(Shape { count, rows, cols })
}

/// Parses an IDX labels file (magic 0x00000801), e.g. `train-labels-idx1-ubyte`, uncompressed.
///
/// # Errors
/// Too short for a header, wrong magic number, a body that is not exactly count bytes, or a
/// label above 9.
pub fn parse_labels(bytes: &[u8]) -> Result<Vec<u8>, MnistError> {
    const FILE: &str = "labels";
    check_header(bytes, bytes.len(), FILE, LABELS_HEADER, LABELS_MAGIC)?;
    let count = be_u32(bytes, 4) as usize;
    check_body(bytes.len(), FILE, LABELS_HEADER, count, 1)?;
    let labels = &bytes[LABELS_HEADER..];
    if let Some((index, &label)) = labels.iter().enumerate().find(|(_, &l)| l > MAX_LABEL) {
        return Err(MnistError::BadLabel { index, label });
    }
    Ok(labels.to_vec())
}

/// Checks that an images file of `images` images and its labels file agree.
///
/// # Errors
/// [`MnistError::CountMismatch`] when they do not.
pub fn same_count(images: usize, labels: &[u8]) -> Result<(), MnistError> {
    if images == labels.len() {
        Ok(())
    } else {
        Err(MnistError::CountMismatch {
            images,
            labels: labels.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An images file of `count` images of rows × cols, pixel values 0, 1, 2, …
    fn images_file(count: u32, rows: u32, cols: u32) -> Vec<u8> {
        let mut bytes = Vec::new();
        for word in [IMAGES_MAGIC, count, rows, cols] {
            bytes.extend_from_slice(&word.to_be_bytes());
        }
        bytes.extend((0..count * rows * cols).map(|i| (i % 256) as u8));
        bytes
    }

    fn labels_file(labels: &[u8]) -> Vec<u8> {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&LABELS_MAGIC.to_be_bytes());
        bytes.extend_from_slice(&(labels.len() as u32).to_be_bytes());
        bytes.extend_from_slice(labels);
        bytes
    }

    #[test]
    fn parses_a_hand_made_pair() {
        let file = images_file(3, 2, 4);
        let images = parse_images(&file).expect("valid images");
        let labels = parse_labels(&labels_file(&[7, 0, 9])).expect("valid labels");
        assert_eq!((images.count, images.rows, images.cols), (3, 2, 4));
        assert_eq!(images.pixels, (0..24).collect::<Vec<u8>>());
        assert_eq!(labels, [7, 0, 9]);
        assert_eq!(same_count(images.count, &labels), Ok(()));
        // The header alone says as much, for a file read a piece at a time.
        let shape = images_shape(&file[..IMAGES_HEADER], file.len()).expect("valid header");
        assert_eq!(
            shape,
            Shape {
                count: 3,
                rows: 2,
                cols: 4
            }
        );
    }

    #[test]
    fn empty_sets_parse() {
        assert_eq!(
            parse_images(&images_file(0, 28, 28)).expect("valid").count,
            0
        );
        assert_eq!(
            parse_labels(&labels_file(&[])).expect("valid"),
            Vec::<u8>::new()
        );
    }

    #[test]
    fn every_truncation_is_an_error_not_a_panic() {
        let images = images_file(3, 2, 4);
        for len in 0..images.len() {
            let error = parse_images(&images[..len]).expect_err("truncated");
            let expected_kind = if len < IMAGES_HEADER {
                matches!(error, MnistError::TooShort { .. })
            } else {
                matches!(error, MnistError::Truncated { .. })
            };
            assert!(expected_kind, "length {len}: {error}");
            assert!(
                error.to_string().contains("too short") || error.to_string().contains("truncated")
            );
        }
        let labels = labels_file(&[1, 2, 3, 4]);
        for len in 0..labels.len() {
            let error = parse_labels(&labels[..len]).expect_err("truncated");
            assert!(
                error.to_string().starts_with("MNIST labels file is"),
                "{error}"
            );
        }
    }

    #[test]
    fn bad_magic_is_named_with_a_hint() {
        let labels = labels_file(&[1, 2]);
        let mut long_labels = labels.clone();
        long_labels.resize(40, 0);
        let error = parse_images(&long_labels).expect_err("a labels file");
        assert_eq!(
            error,
            MnistError::BadMagic {
                file: "images",
                expected: IMAGES_MAGIC,
                found: LABELS_MAGIC
            }
        );
        assert!(error.to_string().contains("swapped"), "{error}");
        let gzip = [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0];
        let error = parse_labels(&gzip).expect_err("gzip");
        assert!(error.to_string().contains("gzip"), "{error}");
    }

    #[test]
    fn counts_must_match_the_bytes() {
        let mut images = images_file(3, 2, 4);
        images.push(0);
        let error = parse_images(&images).expect_err("one byte too many");
        assert!(matches!(error, MnistError::TrailingBytes { count: 3, .. }));
        assert!(error.to_string().contains("1 bytes more"), "{error}");

        let mut labels = labels_file(&[1, 2, 3]);
        labels[7] = 200; // header says 200 labels, file has 3
        let error = parse_labels(&labels).expect_err("count too big");
        assert_eq!(
            error,
            MnistError::Truncated {
                file: "labels",
                count: 200,
                expected: 208,
                found: 11
            }
        );
        // A huge count must not overflow anything.
        let mut images = images_file(1, 28, 28);
        images[4..8].copy_from_slice(&u32::MAX.to_be_bytes());
        assert!(matches!(
            parse_images(&images),
            Err(MnistError::Truncated { .. })
        ));
    }

    #[test]
    fn labels_must_be_digits() {
        let error = parse_labels(&labels_file(&[3, 9, 10, 1])).expect_err("10 is no digit");
        assert_eq!(
            error,
            MnistError::BadLabel {
                index: 2,
                label: 10
            }
        );
        assert!(error.to_string().contains("0 to 9"));
    }

    #[test]
    fn absurd_dimensions_are_refused() {
        for (rows, cols) in [
            (0, 28),
            (28, 0),
            (MAX_SIDE as u32 + 1, 1),
            (u32::MAX, u32::MAX),
        ] {
            let mut bytes = images_file(0, 1, 1);
            bytes[8..12].copy_from_slice(&rows.to_be_bytes());
            bytes[12..16].copy_from_slice(&cols.to_be_bytes());
            let error = parse_images(&bytes).expect_err("absurd");
            assert!(
                matches!(error, MnistError::AbsurdDimensions { .. }),
                "{error}"
            );
        }
    }

    #[test]
    fn images_and_labels_must_pair_up() {
        let error = same_count(3, &[1, 2]).expect_err("3 vs 2");
        assert_eq!(
            error,
            MnistError::CountMismatch {
                images: 3,
                labels: 2
            }
        );
        assert!(error.to_string().contains("3 images but 2 labels"));
    }

    #[test]
    fn no_panic_on_arbitrary_bytes() {
        // Every prefix of every single-byte corruption of a small pair of files.
        let images = images_file(2, 3, 3);
        let labels = labels_file(&[4, 5]);
        for position in 0..images.len() {
            for value in [0u8, 1, 8, 9, 10, 255] {
                let mut bytes = images.clone();
                bytes[position] = value;
                let _ = parse_images(&bytes);
                let _ = parse_images(&bytes[..position]);
            }
        }
        for position in 0..labels.len() {
            for value in [0u8, 1, 8, 9, 10, 255] {
                let mut bytes = labels.clone();
                bytes[position] = value;
                let _ = parse_labels(&bytes);
                let _ = images_shape(&bytes[..position.min(IMAGES_HEADER)], bytes.len());
            }
        }
    }
}
