//! One self-contained HTML file holding the app and its data, which opens by double-click from
//! `file://` with nothing fetched: the wasm module is inlined as base64, the JavaScript glue and
//! the stylesheet as text, the data as JSON. The page can save itself again from these parts.

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

/// Makes text safe inside a `<script>` or `<style>` element: the only thing that can end such an
/// element early is `</`, which becomes `<\/` (the same string in JavaScript and JSON, and a
/// harmless escape in CSS strings and comments).
fn raw_text(text: &str) -> String {
    text.replace("</", "<\\/").replace("<!--", "<\\!--")
}

/// The standalone page. `data_json` is an event-graph/1 document; `name` is what the page says
/// the data came from.
pub fn standalone_html(assets: &AppAssets, data_json: &str, name: &str, title: &str) -> String {
    let boot = r#"
const text = (id) => document.getElementById(id).textContent;
const wasm = Uint8Array.from(atob(text('event-lens-wasm')), (c) => c.charCodeAt(0));
const glue = URL.createObjectURL(new Blob([text('event-lens-glue')], { type: 'text/javascript' }));
import(glue)
  .then(async (app) => {
    await app.default({ module_or_path: wasm });
    // The layout worker, from this page too: its script as a blob, its module handed over.
    const worker = URL.createObjectURL(new Blob([text('event-lens-worker')], { type: 'text/javascript' }));
    const workerWasm = Uint8Array.from(atob(text('event-lens-worker-wasm')), (c) => c.charCodeAt(0));
    app.use_layout_worker(worker, workerWasm);
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
         <script type=\"module\">{boot}</script>\n</body>\n</html>\n",
        title = escape(title),
        css = raw_text(assets.css),
        name = escape(name),
        data = raw_text(data_json),
        glue = raw_text(assets.glue_js),
        wasm = assets.wasm_base64,
        worker = raw_text(assets.worker_js),
        worker_wasm = assets.worker_wasm_base64,
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
    fn nothing_in_the_parts_can_close_their_elements_early() {
        let assets = AppAssets {
            glue_js: "let a = '</script>';",
            wasm_base64: "AA==",
            css: "/* </style> */",
            worker_js: "postMessage('</script>');",
            worker_wasm_base64: "AA==",
        };
        let data = r#"{"events":[{"id":"a","title":"</script><script>alert(1)</script>"}]}"#;
        let page = standalone_html(&assets, data, "x\"><b>", "<T>");
        assert_eq!(
            page.matches("</script>").count(),
            6,
            "only the six real script ends"
        );
        assert_eq!(page.matches("</style>").count(), 1);
        assert!(page.contains(r#"<\/script><script>alert(1)<\/script>"#));
        assert!(page.contains("<title>&lt;T&gt; · Event Lens</title>"));
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
