//! Writes a generated benchmark model to standard output, for `bench/model-load.sh`:
//!
//! - `generate_model dense`: the dense 10,000-asset plant of issue 6 (about 5 MB);
//! - `generate_model tiny-zones BYTES`: as many tiny zones as fit in BYTES (hostile input);
//! - `generate_model long-text BYTES`: zones with 1 KB descriptions filling BYTES (valid).
//!
//! Both are deterministic, so figures from different commits compare.

use std::io::Write as _;

#[path = "../benches/support/plant.rs"]
mod plant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let text = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["dense"] => plant::dense_yaml(),
        ["tiny-zones", bytes] => {
            let bytes: usize = bytes.parse().expect("BYTES must be a whole number");
            plant::tiny_zones_yaml(bytes)
        }
        ["long-text", bytes] => {
            let bytes: usize = bytes.parse().expect("BYTES must be a whole number");
            plant::long_text_yaml(bytes)
        }
        _ => {
            eprintln!("usage: generate_model dense | tiny-zones BYTES | long-text BYTES");
            std::process::exit(2);
        }
    };
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .expect("writing the model to standard output");
}
