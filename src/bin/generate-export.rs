//! Writes a generated event export to standard output (see `event_lens::synthetic`).
//!
//!   cargo run --release --bin generate-export -- --events 2000 --relations 6000 [--seed 7] [--summaries-only]

use event_lens::synthetic::{generate, Spec};
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let number = |name: &str, default: u64| -> u64 {
        args.iter()
            .position(|arg| arg == name)
            .and_then(|at| args.get(at + 1))
            .map(|value| {
                value
                    .parse()
                    .unwrap_or_else(|_| panic!("{name} takes a number, got {value}"))
            })
            .unwrap_or(default)
    };
    let events = number("--events", 1000) as usize;
    let spec = Spec {
        events,
        relations: number("--relations", events as u64 * 3) as usize,
        seed: number("--seed", 7),
        full_content: !args.iter().any(|arg| arg == "--summaries-only"),
    };
    let document = generate(&spec);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer(&mut out, &document).expect("write to stdout");
    out.flush().expect("flush stdout");
}
