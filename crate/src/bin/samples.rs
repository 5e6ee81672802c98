//! `samples`: picks ten MNIST test digits, the first test image of each digit 0-9, and writes
//! them for the site to ship (7,840 bytes), so the drawing pad and its embed offer real digits
//! without downloading MNIST: `samples.bin` (the ten 28x28 images, digit d at byte d * 784,
//! row-major, 0 = paper, 255 = ink) and `samples.json` (each digit's test-set index).
//!
//! `cargo run --profile quick --bin samples -- www/demos` (the Makefile's `samples` rule). It
//! does not download MNIST: it reads the two raw t10k files from `Dataset::default_dir()`.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

/// The tool reads and writes files: it has nothing to do in a browser.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::path::PathBuf;
    use std::process::ExitCode;

    use weightscope::dataset::{Dataset, TestSet};
    use weightscope::nn::config::MNIST_INPUTS;

    /// Digits, one sample each.
    const DIGITS: u8 = 10;

    /// The index of the first image of each digit 0-9 in `labels`, or the first digit missing.
    pub fn first_of_each(labels: &[u8]) -> Result<Vec<usize>, u8> {
        (0..DIGITS)
            .map(|digit| labels.iter().position(|&l| l == digit).ok_or(digit))
            .collect()
    }

    pub fn main() -> ExitCode {
        let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
            eprintln!("usage: samples OUTPUT_DIR");
            return ExitCode::FAILURE;
        };
        match write(&out) {
            Ok(bytes) => {
                println!(
                    "samples: {bytes} bytes of ten test digits in {}",
                    out.display()
                );
                ExitCode::SUCCESS
            }
            Err(why) => {
                eprintln!("samples: {why}");
                ExitCode::FAILURE
            }
        }
    }

    fn write(out: &std::path::Path) -> Result<usize, String> {
        let dir = Dataset::default_dir();
        let read = |name: &str| {
            std::fs::read(dir.join(name))
                .map_err(|e| format!("{}: {e} (run `make data`)", dir.join(name).display()))
        };
        let images = read("t10k-images-idx3-ubyte")?;
        let labels = read("t10k-labels-idx1-ubyte")?;
        let test = TestSet::from_files(&images[..], &labels[..])?;
        let indices =
            first_of_each(&test.labels).map_err(|digit| format!("the test set has no {digit}"))?;
        let pixels: Vec<u8> = indices
            .iter()
            .flat_map(|&i| &test.pixels[i * MNIST_INPUTS..(i + 1) * MNIST_INPUTS])
            .copied()
            .collect();
        let index = serde_json::json!({
            "file": "samples.bin",
            "indices": indices,
        });
        std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
        std::fs::write(out.join("samples.bin"), &pixels).map_err(|e| e.to_string())?;
        std::fs::write(out.join("samples.json"), format!("{index}\n"))
            .map_err(|e| e.to_string())?;
        Ok(pixels.len())
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_first_image_of_each_digit_in_order() {
            // MNIST's first test labels, with an 8 added at the end.
            let labels = [
                7, 2, 1, 0, 4, 1, 4, 9, 5, 9, 0, 6, 9, 0, 1, 5, 9, 7, 3, 4, 8, 3,
            ];
            assert_eq!(
                first_of_each(&labels),
                Ok(vec![3, 2, 1, 18, 4, 8, 11, 0, 20, 7])
            );
            assert_eq!(first_of_each(&[0, 1, 2]), Err(3));
        }
    }
}
