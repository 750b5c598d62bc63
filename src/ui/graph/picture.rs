//! The Export menu's pictures: the current frame as PNG (written by the canvas writer onto a
//! canvas of its own, at 1× or 2×, on white) and as SVG (the same frame, by `view::svg`).

use super::super::download::{file_stem, save_text, save_url};
use super::canvas::{self, CanvasMeasure, CanvasPainter};
use super::registry::{context_2d, current_focus, mounted, request_frame};
use crate::view::svg::write_svg;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;

/// Saves the current view as a PNG at `factor` times the CSS pixel size, on white.
pub fn export_png(id: u32, factor: f64) {
    let Some(view) = mounted(id) else { return };
    let mut rt = view.runtime.borrow_mut();
    let Ok(element) = document().create_element("canvas") else {
        return;
    };
    let canvas: HtmlCanvasElement = element.unchecked_into();
    canvas.set_width((rt.width * factor).round() as u32);
    canvas.set_height((rt.height * factor).round() as u32);
    let Some(context) = context_2d(&canvas) else {
        return;
    };
    let focus = current_focus(&rt, &view, false);
    let frame = rt.build_frame(focus, &mut CanvasMeasure::new(&context));
    let mut painter = CanvasPainter::default();
    let _ = canvas::write(
        &context,
        (&frame, &rt.shapes),
        &mut painter,
        factor,
        focus,
        None,
    );
    let _ = context.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    let _ = context.set_global_composite_operation("destination-over");
    context.set_fill_style_str("#ffffff");
    context.fill_rect(
        0.0,
        0.0,
        f64::from(canvas.width()),
        f64::from(canvas.height()),
    );
    let stem = file_stem(rt.data.dataset.meta.title.as_deref());
    drop(rt);
    if let Ok(url) = canvas.to_data_url() {
        let suffix = if factor > 1.0 { "@2x" } else { "" };
        save_url(&format!("{stem}-graph{suffix}.png"), &url);
    }
    request_frame(id);
}

/// Saves the current view as SVG: the frame the screen would show now, without the hover.
pub fn export_svg(id: u32) {
    let Some(view) = mounted(id) else { return };
    let surface = view.surface.borrow();
    let Some((_, context)) = surface.as_ref() else {
        return;
    };
    let mut rt = view.runtime.borrow_mut();
    let focus = current_focus(&rt, &view, false);
    let frame = rt.build_frame(focus, &mut CanvasMeasure::new(context));
    let titles = |node: usize| rt.data.dataset.events[rt.view.nodes[node]].title.clone();
    let svg = write_svg(&frame, &rt.shapes, &titles);
    let stem = file_stem(rt.data.dataset.meta.title.as_deref());
    save_text(&format!("{stem}-graph.svg"), "image/svg+xml", &svg);
}
