//! One self-contained HTML file holding the app and its data, which opens by double-click from
//! `file://` with nothing fetched: the wasm modules (the main one and those loaded on demand), the
//! JavaScript glue, the layout worker and the on-demand loader are inlined as base64, the
//! stylesheet as text, the data as JSON with markup characters escaped. The page can save itself
//! again from these parts.

use crate::markup::escape;

/// The pieces of a built app (`dist/`) that go into a standalone file.
pub struct AppAssets<'a> {
    /// `event_lens.js`, the wasm-bindgen glue (an ES module).
    pub glue_js: &'a str,
    /// `event_lens_bg.wasm`, as base64.
    pub wasm_base64: &'a str,
    /// `style.css`.
    pub css: &'a str,
    /// `layout-worker.js`, the layout's Web Worker.
    pub worker_js: &'a str,
    /// `layout_worker.wasm`, the module the worker runs, as base64.
    pub worker_wasm_base64: &'a str,
    /// `__wasm_split.js`, the loader of the modules the app loads on demand.
    pub split_loader_js: &'a str,
    /// Those modules: file name (as the loader names it) and bytes as base64.
    pub parts: &'a [(String, String)],
}

/// The files of the modules that `loader_js` (`__wasm_split.js`) loads on demand, each once:
/// every string literal that names a `.wasm` file (literals survive minification, the names of
/// variables do not).
pub fn part_files(loader_js: &str) -> Vec<String> {
    let mut files: Vec<String> = Vec::new();
    for quote in ['"', '\'', '`'] {
        for literal in loader_js.split(quote).skip(1).step_by(2) {
            let is_file = literal.ends_with(".wasm")
                && !literal.starts_with(".wasm")
                && literal
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
            if is_file && !files.iter().any(|file| file == literal) {
                files.push(literal.to_owned());
            }
        }
    }
    files
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(BASE64[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64 (padding optional, no line breaks); `None` for anything else.
pub fn from_base64(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut bits, mut count) = (0u32, 0u32);
    for byte in text.bytes() {
        let value = BASE64.iter().position(|&c| c == byte)? as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    (count < 6).then_some(out)
}

/// Text carried in a `text/plain` element as base64 (the page decodes it as UTF-8): code
/// can hold anything, `<!--` and `</script` included, and base64 holds none of it.
fn text_as_base64(text: &str) -> String {
    base64(text.as_bytes())
}

/// JSON text made safe inside a `<script>` element without changing the value it denotes:
/// every `<`, `>` and `&` becomes a `\u` escape, and so do U+2028 and U+2029. Outside its
/// strings JSON has none of these characters, so each one is inside a string, where the escape
/// means the same character. The HTML tokenizer then never sees `</script`, `<!--` or
/// `<script` in the element (the last two would switch it into the "escaped" states in which
/// a later `</script>` no longer ends the element), whatever the data holds.
pub fn json_in_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// The stylesheet made safe inside `<style>`: only `</` can end that element early (`<!--`
/// means nothing there), and `<\/` is a harmless escape in CSS strings and comments.
fn css_in_style(css: &str) -> String {
    css.replace("</", "<\\/")
}

/// The id of the element of a standalone page that carries the on-demand module `file`.
pub fn part_element_id(file: &str) -> String {
    format!("event-lens-part-{file}")
}

/// The standalone page. `data_json` is an event-graph/1 document; `name` is what the page says
/// the data came from.
pub fn standalone_html(assets: &AppAssets, data_json: &str, name: &str, title: &str) -> String {
    // Modules from blob URLs cannot import each other by relative name: the glue's import of
    // the on-demand loader is pointed at the loader's blob, and the loader is given the running
    // module and the parts' bytes from this page (see scripts/split-loader.mjs).
    let boot = r#"
const text = (id) => document.getElementById(id).textContent;
const bytes = (base64) => Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
const code = (id) => new TextDecoder().decode(bytes(text(id)));
const script = (source) => URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
const loader = script(code('event-lens-split'));
const loaderImport = /from\s*(["'])\.\/__wasm_split\.js\1/g;
const glue = script(code('event-lens-glue').replace(loaderImport, `from ${JSON.stringify(loader)}`));
Promise.all([import(glue), import(loader)])
  .then(async ([app, split]) => {
    const exports = await app.default({ module_or_path: bytes(text('event-lens-wasm')) });
    split.provide(exports, (file) => new Response(bytes(text(`event-lens-part-${file}`)),
      { headers: { 'Content-Type': 'application/wasm' } }));
    // The layout worker, from this page too: its script as a blob, its module handed over.
    const worker = script(code('event-lens-worker'));
    app.use_layout_worker(worker, bytes(text('event-lens-worker-wasm')));
    app.start_with_data(text('event-lens-data'), document.getElementById('event-lens-data').dataset.name);
  })
  .catch((error) => {
    const message = document.createElement('div');
    message.setAttribute('role', 'alert');
    message.id = 'startup-error';
    message.textContent = 'Event Lens could not start in this browser: ' + error;
    document.body.append(message);
  });
"#;
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{title} · Event Lens</title>\n<style id=\"event-lens-css\">{css}</style>\n</head>\n<body>\n\
         <noscript>Event Lens needs JavaScript and WebAssembly to show this data.</noscript>\n\
         <script type=\"application/json\" id=\"event-lens-data\" data-name=\"{name}\">{data}</script>\n\
         <script type=\"text/plain\" id=\"event-lens-glue\">{glue}</script>\n\
         <script type=\"text/plain\" id=\"event-lens-wasm\">{wasm}</script>\n\
         <script type=\"text/plain\" id=\"event-lens-worker\">{worker}</script>\n\
         <script type=\"text/plain\" id=\"event-lens-worker-wasm\">{worker_wasm}</script>\n\
         <script type=\"text/plain\" id=\"event-lens-split\">{split}</script>\n\
         {parts}<script type=\"module\">{boot}</script>\n</body>\n</html>\n",
        title = escape(title),
        css = css_in_style(assets.css),
        name = escape(name),
        data = json_in_script(data_json),
        glue = text_as_base64(assets.glue_js),
        wasm = assets.wasm_base64,
        worker = text_as_base64(assets.worker_js),
        worker_wasm = assets.worker_wasm_base64,
        split = text_as_base64(assets.split_loader_js),
        parts = assets
            .parts
            .iter()
            .map(|(file, base64)| format!(
                "<script type=\"text/plain\" id=\"{}\">{base64}</script>\n",
                escape(&part_element_id(file))
            ))
            .collect::<String>(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_standard_alphabet_and_padding() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(&[0, 255, 254, 253]), "AP/+/Q==");
    }

    #[test]
    fn part_files_are_the_wasm_files_the_loader_names_once_each() {
        let loader = r#"const a=b("split_graph.wasm"),c=b('chunk_0_x.wasm');
            const d=b("split_graph.wasm"); const e="not a file.wasm", f=".wasm", g=`split_export.wasm`;"#;
        assert_eq!(
            part_files(loader),
            ["split_graph.wasm", "chunk_0_x.wasm", "split_export.wasm"]
        );
        assert!(part_files("export function provide() {}").is_empty());
    }

    #[test]
    fn base64_decodes_what_it_encodes_and_refuses_other_text() {
        for bytes in [&b""[..], b"f", b"fo", b"foo", &[0, 255, 254, 253]] {
            assert_eq!(from_base64(&base64(bytes)).as_deref(), Some(bytes));
        }
        assert_eq!(
            from_base64("Zm8"),
            Some(b"fo".to_vec()),
            "padding is optional"
        );
        assert_eq!(from_base64("Zm8*"), None);
        assert_eq!(from_base64("Z"), None, "one character is no whole byte");
    }

    #[test]
    fn json_in_a_script_element_escapes_markup_and_line_separators_but_means_the_same() {
        let json =
            serde_json::json!({"a": "</script><!-- <script> & \u{2028}\u{2029} <\\/"}).to_string();
        let safe = json_in_script(&json);
        assert!(
            !safe.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
            "{safe}"
        );
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back.to_string(), json);
    }

    #[test]
    fn nothing_in_the_parts_can_close_their_elements_early() {
        let code = "let a = '</script><!-- <script>';";
        let assets = AppAssets {
            glue_js: code,
            wasm_base64: "AA==",
            css: "/* </style> */",
            worker_js: code,
            worker_wasm_base64: "AA==",
            split_loader_js: code,
            parts: &[("split_x.wasm".to_owned(), "AA==".to_owned())],
        };
        let data = r#"{"events":[{"id":"a","title":"</script><script>alert(1)</script>"}]}"#;
        let page = standalone_html(&assets, data, "x\"><b>", "<T>");
        assert_eq!(
            page.matches("</script>").count(),
            8,
            "only the eight real script ends"
        );
        assert_eq!(page.matches("</style>").count(), 1);
        assert!(!page.contains("<!--"));
        assert!(
            page.contains(&base64(code.as_bytes())),
            "code is carried as base64"
        );
        assert!(page.contains("<title>&lt;T&gt; · Event Lens</title>"));
        assert!(page.contains(r#"id="event-lens-part-split_x.wasm">AA==</script>"#));
        assert!(page.contains("data-name=\"x&quot;&gt;&lt;b&gt;\""));
        // The JSON is still the same JSON once the escape is read back.
        let start = page.find("id=\"event-lens-data\"").unwrap();
        let body = &page[page[start..].find('>').unwrap() + start + 1..];
        let body = &body[..body.find("</script>").unwrap()];
        let parsed: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(
            parsed["events"][0]["title"],
            "</script><script>alert(1)</script>"
        );
    }
}
