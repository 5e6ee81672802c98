//! The `weightscope` command: trains networks natively and prints the book's lines (see
//! [`weightscope::cli::usage`]). All the work is in the library; this only wires up the process.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use std::process::ExitCode;
    use weightscope::cli;

    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(command) => command,
        Err(error) => {
            eprintln!("weightscope: {error}");
            return ExitCode::from(2);
        }
    };
    match cli::run(&command, &mut std::io::stdout().lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("weightscope: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The command line is native only; the page uses the library through wasm-bindgen.
#[cfg(target_arch = "wasm32")]
fn main() {}
