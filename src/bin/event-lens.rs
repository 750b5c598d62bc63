//! Command-line companion of the app: converts an export (any format the app reads) into the
//! formats it can export.
//!
//!   event-lens export --format json|graphml|gexf|csv INPUT [-o OUTPUT]
//!
//! Build it with `cargo build --release --bin event-lens`. Errors are reported like in the app,
//! with the JSON path or line and column.

use event_lens::export::{to_csv_edges, to_event_graph, to_gexf, to_graphml, Selection};
use event_lens::model::load;
use std::process::ExitCode;

const USAGE: &str = "usage: event-lens export --format json|graphml|gexf|csv INPUT [-o OUTPUT]";

fn option(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|arg| arg == name)
        .and_then(|at| args.get(at + 1))
        .cloned()
}

fn run(args: &[String]) -> Result<(), String> {
    if args.first().map(String::as_str) != Some("export") {
        return Err(USAGE.to_owned());
    }
    let format = option(args, "--format").ok_or(USAGE)?;
    let output = option(args, "-o");
    let input = args[1..]
        .iter()
        .enumerate()
        .find(|(at, arg)| !arg.starts_with('-') && !matches!(args[*at].as_str(), "--format" | "-o"))
        .map(|(_, arg)| arg.clone())
        .ok_or(USAGE)?;
    let bytes = std::fs::read(&input).map_err(|error| format!("{input}: {error}"))?;
    let loaded = load(&bytes, Some(&input)).map_err(|error| format!("{input}: {error}"))?;
    for problem in &loaded.problems {
        eprintln!("{input}: warning: {problem}");
    }
    let dataset = &loaded.dataset;
    let text = match format.as_str() {
        "json" => serde_json::to_string_pretty(&to_event_graph(dataset, Selection::All))
            .map_err(|e| e.to_string())?,
        "graphml" => to_graphml(dataset, Selection::All),
        "gexf" => to_gexf(dataset, Selection::All),
        "csv" => to_csv_edges(dataset, Selection::All),
        other => return Err(format!("unknown format {other:?}; {USAGE}")),
    };
    match output {
        Some(path) => std::fs::write(&path, text).map_err(|error| format!("{path}: {error}")),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("event-lens: {message}");
            ExitCode::FAILURE
        }
    }
}
