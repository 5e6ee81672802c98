//! The words a panic in the training worker puts on the page, from a real panic. The worker's
//! hook (`report_panics` in `web::worker`, wasm32 only) posts `info.to_string()` as the
//! `panicked` reply and the page shows it after "it panicked: ". The end-to-end crash test
//! (tests/e2e/failures.test.mjs) cannot make the real worker panic, so it posts a message of
//! that shape itself; this checks, natively, that a real panic's hook info has that shape:
//! "panicked at <file>:<line>:<column>:" then the message on the next line.

use std::panic;
use std::sync::{Arc, Mutex};

#[test]
fn a_panic_reads_as_the_page_expects() {
    let seen = Arc::new(Mutex::new(String::new()));
    let previous = panic::take_hook();
    {
        let seen = Arc::clone(&seen);
        // What the worker's hook posts: the hook info, as text.
        panic::set_hook(Box::new(move |info| {
            *seen.lock().expect("the test thread holds no lock") = info.to_string();
        }));
    }
    let line = line!() + 1;
    let outcome = panic::catch_unwind(|| panic!("the network has {} layers", 0));
    panic::set_hook(previous);
    assert!(outcome.is_err());
    let message = seen.lock().expect("the hook has returned").clone();
    assert_eq!(
        message,
        format!("panicked at crate/tests/panic_message.rs:{line}:42:\nthe network has 0 layers")
    );
}
