//! The committed reference sheets are what the code makes now: `docs/sheets/weightscope-timeline.gif`
//! is the GIF the page saves for the shipped demo with its timeline (`make sheets` writes it,
//! from `make demos`' files). Needs `make demos` first (the Makefile's test-native does it).

use std::path::PathBuf;

use weightscope::export;

fn at(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

#[test]
fn the_timeline_sheet_is_the_shipped_demos_gif_as_the_code_makes_it() {
    let read = |path: &str| {
        std::fs::read(at(path)).unwrap_or_else(|e| panic!("{path}: {e} (run `make demos`)"))
    };
    let made = export::demo_timeline_gif(
        &read("www/demos/network2-784-30-10.wscp"),
        &read("www/demos/network2-784-30-10.timeline.wscp"),
    )
    .expect("the demo and its timeline make a GIF");
    let committed = read("docs/sheets/weightscope-timeline.gif");
    assert!(
        made == committed,
        "docs/sheets/weightscope-timeline.gif is out of date: run `make sheets` ({} bytes made, {} committed)",
        made.len(),
        committed.len()
    );
}
