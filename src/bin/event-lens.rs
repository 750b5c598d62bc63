//! Command-line companion of the app: converts an export (any format the app reads) into the
//! formats it can export, or into one standalone HTML file that opens with no server.
//!
//!   event-lens export --format json|graphml|gexf|csv INPUT [-o OUTPUT] [--csv-raw]
//!   event-lens standalone INPUT -o OUTPUT.html [--dist DIR]   (DIR: the built app, default dist)
//!
//! Build it with `cargo build --release --bin event-lens`. Errors are reported like in the app,
//! with the JSON path or line and column.

use event_lens::export::{to_csv_edges, to_event_graph, to_gexf, to_graphml, CsvCells, Selection};
use event_lens::model::load;
use event_lens::standalone::{base64, part_files, standalone_html, AppAssets};
use std::process::ExitCode;

const USAGE: &str =
    "usage: event-lens export --format json|graphml|gexf|csv INPUT [-o OUTPUT] [--csv-raw]\n       \
                     event-lens standalone INPUT -o OUTPUT.html [--dist DIR]";

fn option(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|arg| arg == name)
        .and_then(|at| args.get(at + 1))
        .cloned()
}

/// The first argument after the command that is neither an option nor an option's value.
fn input_argument(args: &[String]) -> Option<String> {
    args[1..]
        .iter()
        .enumerate()
        .find(|(at, arg)| {
            !arg.starts_with('-') && !matches!(args[*at].as_str(), "--format" | "-o" | "--dist")
        })
        .map(|(_, arg)| arg.clone())
}

fn run(args: &[String]) -> Result<(), String> {
    let command = args.first().map(String::as_str);
    if !matches!(command, Some("export" | "standalone")) {
        return Err(USAGE.to_owned());
    }
    let output = option(args, "-o");
    let input = input_argument(args).ok_or(USAGE)?;
    let bytes = std::fs::read(&input).map_err(|error| format!("{input}: {error}"))?;
    let loaded = load(&bytes, Some(&input)).map_err(|error| format!("{input}: {error}"))?;
    for problem in &loaded.problems {
        eprintln!("{input}: warning: {problem}");
    }
    let dataset = &loaded.dataset;
    if command == Some("standalone") {
        let output = output.ok_or(USAGE)?;
        let dist =
            std::path::PathBuf::from(option(args, "--dist").unwrap_or_else(|| "dist".to_owned()));
        let read = |name: &str| {
            std::fs::read(dist.join(name)).map_err(|e| {
                format!(
                    "{}: {e} (run scripts/build.sh first)",
                    dist.join(name).display()
                )
            })
        };
        let glue_js = String::from_utf8_lossy(&read("event_lens.js")?).into_owned();
        let css = String::from_utf8_lossy(&read("style.css")?).into_owned();
        let wasm_base64 = base64(&read("event_lens_bg.wasm")?);
        let worker_js = String::from_utf8_lossy(&read("layout-worker.js")?).into_owned();
        let worker_wasm_base64 = base64(&read("layout_worker.wasm")?);
        let split_loader_js = String::from_utf8_lossy(&read("__wasm_split.js")?).into_owned();
        let mut parts = Vec::new();
        for file in part_files(&split_loader_js) {
            let bytes = base64(&read(&file)?);
            parts.push((file, bytes));
        }
        let json = serde_json::to_string(&to_event_graph(dataset, Selection::All))
            .map_err(|e| e.to_string())?;
        let name = input.rsplit(['/', '\\']).next().unwrap_or(&input);
        let title = dataset
            .meta
            .title
            .clone()
            .unwrap_or_else(|| name.to_owned());
        let page = standalone_html(
            &AppAssets {
                glue_js: &glue_js,
                wasm_base64: &wasm_base64,
                css: &css,
                worker_js: &worker_js,
                worker_wasm_base64: &worker_wasm_base64,
                split_loader_js: &split_loader_js,
                parts: &parts,
            },
            &json,
            name,
            &title,
        );
        return std::fs::write(&output, page).map_err(|error| format!("{output}: {error}"));
    }
    let format = option(args, "--format").ok_or(USAGE)?;
    let text = match format.as_str() {
        "json" => serde_json::to_string_pretty(&to_event_graph(dataset, Selection::All))
            .map_err(|e| e.to_string())?,
        "graphml" => to_graphml(dataset, Selection::All),
        "gexf" => to_gexf(dataset, Selection::All),
        "csv" => {
            // OWASP's advice against CSV injection by default; `--csv-raw` writes cells as they are.
            let cells = if args.iter().any(|arg| arg == "--csv-raw") {
                CsvCells::Raw
            } else {
                CsvCells::Neutralised
            };
            to_csv_edges(dataset, Selection::All, cells)
        }
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
