//! The canvas writer: a [`Frame`] on a 2D canvas, item by item in the frame's order, deciding
//! nothing itself (the SVG writer in `view::svg` writes the same frame). The one thing it does
//! its own way is the zoomed-out overview's base picture, which it paints with our rasteriser
//! straight into the canvas's pixels, in parts when that would block the page too long.

use super::canvas_text;
use super::images::ImageCache;
use crate::raster::{Raster, Rgb};
use crate::view::camera::Camera;
use crate::view::frame::{Counts, Focus, Frame, Stroke};
use crate::view::paint::paint_base;
use crate::view::shape::EdgeShape;
use crate::view::style::{BACKGROUND, MUTED_TEXT};
use crate::view::text::{Font, Measure};
use wasm_bindgen::JsValue;
use web_sys::CanvasRenderingContext2d;

/// Measures text with the canvas, setting its font only when it changes.
pub struct CanvasMeasure<'a> {
    ctx: &'a CanvasRenderingContext2d,
    font: Option<Font>,
}

impl<'a> CanvasMeasure<'a> {
    pub fn new(ctx: &'a CanvasRenderingContext2d) -> Self {
        Self { ctx, font: None }
    }
}

impl Measure for CanvasMeasure<'_> {
    fn width(&mut self, font: Font, text: &str) -> f64 {
        if self.font != Some(font) {
            self.ctx.set_font(font.css());
            self.font = Some(font);
        }
        self.ctx
            .measure_text(text)
            .map(|m| m.width())
            .unwrap_or(f64::INFINITY)
    }
}

/// How far an overview picture has got when it is painted over several frames, and what it is
/// a picture of: if that changes, the picture is started again.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OverviewProgress {
    pub view: OverviewView,
    /// Raster edges (in batch order) painted so far; the nodes go last, all at once.
    pub edges_done: usize,
}

/// What an overview picture shows: camera, canvas size in device pixels, and focus.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OverviewView {
    pub camera: Camera,
    pub size: (usize, usize),
    pub dpr: f64,
    pub focus: Focus,
}

/// What the canvas writer keeps between frames: the overview's pixel buffer (to reuse its
/// memory), a picture being painted over several frames, what the last base pictures cost, and
/// the cards drawn so far.
#[derive(Default)]
pub struct CanvasPainter {
    raster: Raster,
    in_progress: Option<OverviewProgress>,
    /// Pictures that took more than one frame so far (reported by `layout()`).
    pub pictures_in_parts: u32,
    /// The camera of the last base picture put on the canvas, and how long the last one at full
    /// resolution took to paint: what decides whether the next is painted at half resolution.
    last_base_camera: Option<Camera>,
    full_base_ms: f64,
    /// Whether the canvas shows a base picture at half resolution (reported by `layout()`).
    pub reduced: bool,
    /// Half-resolution pictures put on the canvas so far (reported by `layout()`).
    pub reduced_pictures: u32,
    /// Where a half-resolution picture goes before it is scaled onto the canvas.
    small_canvas: Option<(web_sys::HtmlCanvasElement, CanvasRenderingContext2d)>,
    transfer: Transfer,
    /// Cards, keyed by relation, whether it is the selected one (shown whole, with a heavier
    /// border) and the pixel ratio.
    cards: ImageCache<(usize, bool, u64)>,
    /// Labels turned along their edges, keyed by owner, a hash of the text and the pixel
    /// ratio.
    labels: ImageCache<(usize, u64, u64)>,
}

/// The most shapes put in one canvas path. A browser rasterises a path of thousands of parts
/// far more slowly than the same parts in paths of a few dozen (measured in headless Chromium
/// here: 2,900 arrowheads filled as one path in 19 ms, in paths of 64 in 2.5 ms; 2,900 lines
/// 1.4 px wide stroked as one path in 30 ms, in paths of 16 in 11 ms).
const PATH_PARTS: usize = 32;

/// What the canvas wrote: the items, and how many stroked batches its edges took.
pub struct Written {
    pub counts: Counts,
    pub edge_batches: u32,
}

fn set_dash(ctx: &CanvasRenderingContext2d, dash: &[f64], scale: f64) {
    let array = js_sys::Array::new();
    for &length in dash {
        array.push(&JsValue::from_f64(length / scale));
    }
    let _ = ctx.set_line_dash(&array);
}

fn set_stroke(ctx: &CanvasRenderingContext2d, stroke: &Stroke, scale: f64) {
    ctx.set_stroke_style_str(&stroke.colour);
    ctx.set_line_width(stroke.width / scale);
    set_dash(ctx, stroke.dash, scale);
}

fn add_shape(ctx: &CanvasRenderingContext2d, shape: &EdgeShape) {
    match *shape {
        EdgeShape::Line { x1, y1, x2, y2 } => {
            ctx.move_to(x1, y1);
            ctx.line_to(x2, y2);
        }
        EdgeShape::Curve {
            x1,
            y1,
            cx,
            cy,
            x2,
            y2,
        } => {
            ctx.move_to(x1, y1);
            ctx.quadratic_curve_to(cx, cy, x2, y2);
        }
        EdgeShape::Loop { cx, cy, r } => {
            ctx.move_to(cx + r, cy);
            let _ = ctx.arc(cx, cy, r, 0.0, std::f64::consts::TAU);
        }
    }
}

/// While the view moves (each frame a new camera), a base picture of the faded rest behind
/// something emphasised that took longer than this at full resolution is painted at half
/// resolution (a quarter of the pixels) and scaled up, and the view asks for one more frame once
/// it rests, at full resolution: detail levelled by the frame's budget, as map viewers do.
/// Measured at 5,000 events in reading mode (15,000 faded edges): 16.5 ms at full resolution of
/// a 21–25 ms frame.
pub const FULL_DETAIL_BASE_MS: f64 = 8.0;

/// Paints the base picture at full resolution, or at half resolution while the view moves and
/// full resolution is too slow (see [`FULL_DETAIL_BASE_MS`]); `false` as [`paint_overview`].
fn paint_base_picture(
    painter: &mut CanvasPainter,
    ctx: &CanvasRenderingContext2d,
    (frame, shapes): (&Frame, &[EdgeShape]),
    view: OverviewView,
    deadline: Option<f64>,
) -> bool {
    let moving = painter.last_base_camera != Some(view.camera);
    // Only the faded rest behind something emphasised: in a plain overview the base is the
    // whole picture, and its dots would blur. A picture painted in parts keeps its resolution:
    // the layout moves it, not the user.
    let reduce = moving
        && frame.emphasised
        && deadline.is_none()
        && painter.full_base_ms > FULL_DETAIL_BASE_MS;
    let started = super::now();
    let painted = if reduce {
        paint_reduced(painter, ctx, (frame, shapes), view)
    } else {
        let painted = paint_overview(painter, ctx, (frame, shapes), view, deadline);
        if painted && painter.in_progress.is_none() && deadline.is_none() {
            painter.full_base_ms = super::now() - started;
        }
        painted
    };
    if painted {
        painter.last_base_camera = Some(view.camera);
        painter.reduced = reduce;
        painter.reduced_pictures += u32::from(reduce);
    }
    painted
}

/// Paints the base picture at half the canvas's resolution into a canvas of that size, and
/// draws that onto the canvas scaled up.
fn paint_reduced(
    painter: &mut CanvasPainter,
    ctx: &CanvasRenderingContext2d,
    (frame, shapes): (&Frame, &[EdgeShape]),
    view: OverviewView,
) -> bool {
    let (width, height) = view.size;
    let small = OverviewView {
        size: (width.div_ceil(2), height.div_ceil(2)),
        dpr: view.dpr / 2.0,
        ..view
    };
    let Some(small_ctx) = small_canvas(painter, small.size) else {
        return paint_overview(painter, ctx, (frame, shapes), view, None);
    };
    paint_overview(painter, &small_ctx, (frame, shapes), small, None);
    let Some(source) = small_ctx.canvas() else {
        return false;
    };
    let _ = ctx.set_transform(1.0, 0.0, 0.0, 1.0, 0.0, 0.0);
    let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
        &source,
        0.0,
        0.0,
        (small.size.0 * 2) as f64,
        (small.size.1 * 2) as f64,
    );
    true
}

/// The half-resolution canvas, made once and resized to `size` when that changes.
fn small_canvas(
    painter: &mut CanvasPainter,
    (width, height): (usize, usize),
) -> Option<CanvasRenderingContext2d> {
    if painter.small_canvas.is_none() {
        use wasm_bindgen::JsCast;
        let canvas: web_sys::HtmlCanvasElement = web_sys::window()?
            .document()?
            .create_element("canvas")
            .ok()?
            .dyn_into()
            .ok()?;
        let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
        painter.small_canvas = Some((canvas, ctx));
    }
    let (canvas, ctx) = painter.small_canvas.as_ref()?;
    if canvas.width() as usize != width || canvas.height() as usize != height {
        canvas.set_width(width as u32);
        canvas.set_height(height as u32);
    }
    Some(ctx.clone())
}

/// Paints the frame's base picture into the canvas's pixels with [`paint_base`]. With a
/// `deadline` (a `performance.now()` time), painting stops there if edges are left, and the
/// next call goes on from the same edge: `false` means the picture is not finished and nothing
/// was put on the canvas (it still shows the previous picture). While the layout moves, the
/// worker waits for each picture before it sends newer positions, so no picture is wasted. If
/// what the picture shows changed since it was started, it is started again and finished at
/// once: a view that keeps changing is still drawn.
fn paint_overview(
    painter: &mut CanvasPainter,
    ctx: &CanvasRenderingContext2d,
    (frame, shapes): (&Frame, &[EdgeShape]),
    view: OverviewView,
    mut deadline: Option<f64>,
) -> bool {
    let (width, height) = view.size;
    let from = match painter.in_progress.take() {
        Some(progress) if progress.view == view => progress.edges_done,
        Some(_) => {
            deadline = None;
            0
        }
        None => 0,
    };
    if from == 0 {
        painter
            .raster
            .reset(width, height, Rgb(BACKGROUND.0, BACKGROUND.1, BACKGROUND.2));
    }
    let out_of_time = || deadline.is_some_and(|deadline| super::now() > deadline);
    if let Some(edges_done) = paint_base(
        &mut painter.raster,
        frame,
        shapes,
        view.dpr,
        from,
        out_of_time,
    ) {
        if from == 0 {
            painter.pictures_in_parts += 1;
        }
        painter.in_progress = Some(OverviewProgress { view, edges_done });
        return false;
    }
    if let Some(image) = painter
        .transfer
        .image(painter.raster.pixels(), width, height)
    {
        let _ = ctx.put_image_data(image, 0.0, 0.0);
    }
    true
}

/// The base picture's pixels as the canvas takes them: one `ImageData` over a JS array of the
/// picture's size, made once per size (full and half resolution: the last two sizes are kept)
/// and filled from the raster for each picture, so that a picture does not leave megabytes for
/// the collector (4.6 MB at 1280 × 900).
#[derive(Default)]
struct Transfer {
    made: Vec<(
        (usize, usize),
        js_sys::Uint8ClampedArray,
        web_sys::ImageData,
    )>,
}

impl Transfer {
    fn image(&mut self, pixels: &[u8], width: usize, height: usize) -> Option<&web_sys::ImageData> {
        let at = match self
            .made
            .iter()
            .position(|(size, ..)| *size == (width, height))
        {
            Some(at) => at,
            None => {
                let array = js_sys::Uint8ClampedArray::new_with_length(pixels.len() as u32);
                let image = web_sys::ImageData::new_with_js_u8_clamped_array_and_sh(
                    &array,
                    width as u32,
                    height as u32,
                )
                .ok()?;
                if self.made.len() == 2 {
                    self.made.remove(0);
                }
                self.made.push(((width, height), array, image));
                self.made.len() - 1
            }
        };
        let (_, array, image) = &self.made[at];
        array.copy_from(pixels);
        Some(image)
    }
}

/// Writes `frame` on the canvas (backing store `dpr` times its CSS size). `None` when the
/// overview's base picture is not finished yet (see [`paint_overview`]) and the canvas was left
/// as it was.
pub fn write(
    ctx: &CanvasRenderingContext2d,
    (frame, shapes): (&Frame, &[EdgeShape]),
    painter: &mut CanvasPainter,
    dpr: f64,
    focus: Focus,
    deadline: Option<f64>,
) -> Option<Written> {
    let camera = frame.camera;
    let scale = camera.scale;
    let mut counts = Counts::default();
    if frame.base {
        let canvas = ctx.canvas()?;
        let view = OverviewView {
            camera,
            size: (canvas.width() as usize, canvas.height() as usize),
            dpr,
            focus,
        };
        if !paint_base_picture(painter, ctx, (frame, shapes), view, deadline) {
            return None;
        }
        counts.edges += frame
            .edge_batches
            .iter()
            .filter(|b| b.raster)
            .map(|b| b.edges.len())
            .sum::<usize>();
        counts.discs += frame
            .disc_batches
            .iter()
            .filter(|b| b.raster)
            .map(|b| b.discs.len())
            .sum::<usize>();
    } else {
        painter.in_progress = None;
        painter.last_base_camera = None;
        painter.reduced = false;
        let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        ctx.clear_rect(0.0, 0.0, frame.size.0, frame.size.1);
    }
    let _ = ctx.set_transform(
        dpr * scale,
        0.0,
        0.0,
        dpr * scale,
        dpr * camera.x,
        dpr * camera.y,
    );
    ctx.set_global_alpha(1.0);
    let vector = |raster: bool| !(frame.base && raster);
    let mut edge_batches = 0;
    for batch in frame.edge_batches.iter().filter(|b| vector(b.raster)) {
        set_stroke(ctx, &batch.stroke, scale);
        for part in batch.edges.chunks(PATH_PARTS) {
            ctx.begin_path();
            for &edge in part {
                add_shape(ctx, &shapes[edge]);
            }
            ctx.stroke();
        }
        edge_batches += 1;
        counts.edges += batch.edges.len();
    }
    set_dash(ctx, &[], scale);
    for batch in &frame.arrowhead_batches {
        ctx.set_fill_style_str(&batch.colour);
        for part in batch.triangles.chunks(PATH_PARTS) {
            ctx.begin_path();
            for [tip, left, right] in part {
                ctx.move_to(tip.0, tip.1);
                ctx.line_to(left.0, left.1);
                ctx.line_to(right.0, right.1);
                ctx.close_path();
            }
            ctx.fill();
        }
        counts.arrowheads += batch.triangles.len();
    }
    // White outlines separate discs that touch; the frame gives them only zoomed in, where
    // there are few: stroking thousands of circles costs more than all the fills.
    for batch in frame.disc_batches.iter().filter(|b| vector(b.raster)) {
        if let Some(fill) = &batch.fill {
            ctx.set_fill_style_str(fill);
        }
        if let Some(stroke) = &batch.stroke {
            set_stroke(ctx, stroke, scale);
        }
        for part in batch.discs.chunks(PATH_PARTS) {
            ctx.begin_path();
            for disc in part {
                ctx.move_to(disc.x + disc.r, disc.y);
                let _ = ctx.arc(disc.x, disc.y, disc.r, 0.0, std::f64::consts::TAU);
            }
            if batch.fill.is_some() {
                ctx.fill();
            }
            if batch.stroke.is_some() {
                ctx.stroke();
            }
        }
        if batch.stroke.is_some() {
            set_dash(ctx, &[], scale);
        }
        counts.discs += batch.discs.len();
    }
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    canvas_text::write_labels(ctx, frame, &mut painter.labels, dpr, &mut counts);
    canvas_text::write_cards(ctx, frame, &mut painter.cards, dpr, &mut counts);
    Some(Written {
        counts,
        edge_batches,
    })
}

/// A centred message instead of the graph (used while laying out without animation).
pub fn write_message(
    ctx: &CanvasRenderingContext2d,
    dpr: f64,
    (width, height): (f64, f64),
    message: &str,
) {
    let _ = ctx.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    ctx.clear_rect(0.0, 0.0, width, height);
    ctx.set_global_alpha(1.0);
    ctx.set_font("15px system-ui, sans-serif");
    ctx.set_text_align("center");
    ctx.set_fill_style_str(MUTED_TEXT);
    let _ = ctx.fill_text(message, width / 2.0, height / 2.0);
}
