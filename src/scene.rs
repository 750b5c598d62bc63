//! The geometry of the graph view, free of the DOM so it is tested natively: the camera, the
//! shape of every edge (straight, bent apart when a pair has several relations, or a loop),
//! hit testing, placing labels so that none overlaps another, and painting the edges of the
//! zoomed-out overview into its [`Raster`], in parts if need be.
//!
//! World coordinates are the layout's; screen coordinates are CSS pixels of the canvas.

use crate::raster::{Raster, Rgb};

/// Maps world to screen: `screen = world · scale + (x, y)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Camera {
    pub scale: f64,
    pub x: f64,
    pub y: f64,
}

/// Zoom limits: from a whole 100k-node map to reading one edge's text.
pub const MIN_SCALE: f64 = 0.005;
pub const MAX_SCALE: f64 = 8.0;

impl Default for Camera {
    fn default() -> Self {
        Self {
            scale: 1.0,
            x: 0.0,
            y: 0.0,
        }
    }
}

impl Camera {
    pub fn to_screen(&self, x: f64, y: f64) -> (f64, f64) {
        (x * self.scale + self.x, y * self.scale + self.y)
    }

    pub fn to_world(&self, x: f64, y: f64) -> (f64, f64) {
        ((x - self.x) / self.scale, (y - self.y) / self.scale)
    }

    /// Zooms by `factor` keeping the world point under the screen point `(sx, sy)` in place.
    pub fn zoom_at(&mut self, sx: f64, sy: f64, factor: f64) {
        let (wx, wy) = self.to_world(sx, sy);
        self.scale = (self.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
        self.x = sx - wx * self.scale;
        self.y = sy - wy * self.scale;
    }

    /// The camera that shows `bounds` centred in a `width × height` viewport with `padding`
    /// pixels to spare on every side, zoomed in no further than 2.5 (a few nodes stay small).
    pub fn fitting(bounds: Bounds, width: f64, height: f64, padding: f64) -> Camera {
        let usable_w = (width - 2.0 * padding).max(1.0);
        let usable_h = (height - 2.0 * padding).max(1.0);
        let scale = (usable_w / bounds.width().max(1e-9))
            .min(usable_h / bounds.height().max(1e-9))
            .clamp(MIN_SCALE, 2.5);
        let (cx, cy) = bounds.centre();
        Camera {
            scale,
            x: width / 2.0 - cx * scale,
            y: height / 2.0 - cy * scale,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    pub min_x: f64,
    pub min_y: f64,
    pub max_x: f64,
    pub max_y: f64,
}

impl Bounds {
    /// The box around discs at `(x[i], y[i])` with radius `radius[i]`, for `i` in `nodes`.
    pub fn around(
        nodes: impl IntoIterator<Item = usize>,
        x: &[f64],
        y: &[f64],
        radius: &[f64],
    ) -> Option<Bounds> {
        let mut bounds: Option<Bounds> = None;
        for i in nodes {
            let r = radius[i];
            let b = bounds.get_or_insert(Bounds {
                min_x: x[i] - r,
                min_y: y[i] - r,
                max_x: x[i] + r,
                max_y: y[i] + r,
            });
            // Comparisons, not `f64::min`/`max`: those compile to calls in wasm (they must
            // ignore NaN, which `f64.min` does not), four per node per frame while fitting.
            let (left, top, right, bottom) = (x[i] - r, y[i] - r, x[i] + r, y[i] + r);
            if left < b.min_x {
                b.min_x = left;
            }
            if top < b.min_y {
                b.min_y = top;
            }
            if right > b.max_x {
                b.max_x = right;
            }
            if bottom > b.max_y {
                b.max_y = bottom;
            }
        }
        bounds
    }

    pub fn width(&self) -> f64 {
        self.max_x - self.min_x
    }

    pub fn height(&self) -> f64 {
        self.max_y - self.min_y
    }

    pub fn centre(&self) -> (f64, f64) {
        (
            (self.min_x + self.max_x) / 2.0,
            (self.min_y + self.max_y) / 2.0,
        )
    }
}

/// How far apart, in world units, the relations of one pair of events are bent.
const BEND: f64 = 14.0;

/// The drawn shape of one edge, in world coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum EdgeShape {
    Line {
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
    },
    /// A quadratic Bézier from (x1, y1) to (x2, y2) bent toward (cx, cy).
    Curve {
        x1: f64,
        y1: f64,
        cx: f64,
        cy: f64,
        x2: f64,
        y2: f64,
    },
    /// A self-loop: a circle touching its node.
    Loop {
        cx: f64,
        cy: f64,
        r: f64,
    },
}

impl EdgeShape {
    /// The point at `t ∈ [0, 1]` along the edge.
    pub fn point_at(&self, t: f64) -> (f64, f64) {
        match *self {
            EdgeShape::Line { x1, y1, x2, y2 } => (x1 + (x2 - x1) * t, y1 + (y2 - y1) * t),
            EdgeShape::Curve {
                x1,
                y1,
                cx,
                cy,
                x2,
                y2,
            } => {
                let u = 1.0 - t;
                (
                    u * u * x1 + 2.0 * u * t * cx + t * t * x2,
                    u * u * y1 + 2.0 * u * t * cy + t * t * y2,
                )
            }
            EdgeShape::Loop { cx, cy, r } => {
                // Starts and ends at the bottom of the circle, where it touches the node.
                let angle = std::f64::consts::FRAC_PI_2 + t * std::f64::consts::TAU;
                (cx + r * angle.cos(), cy + r * angle.sin())
            }
        }
    }

    /// The direction of travel at `t` (not normalised).
    pub fn tangent_at(&self, t: f64) -> (f64, f64) {
        match *self {
            EdgeShape::Line { x1, y1, x2, y2 } => (x2 - x1, y2 - y1),
            EdgeShape::Curve {
                x1,
                y1,
                cx,
                cy,
                x2,
                y2,
            } => {
                let u = 1.0 - t;
                (
                    2.0 * u * (cx - x1) + 2.0 * t * (x2 - cx),
                    2.0 * u * (cy - y1) + 2.0 * t * (y2 - cy),
                )
            }
            EdgeShape::Loop { .. } => {
                let (ax, ay) = self.point_at(t);
                let (bx, by) = self.point_at((t + 0.01).min(1.0));
                (bx - ax, by - ay)
            }
        }
    }

    /// Distance from `(px, py)` to the drawn edge (curves measured along 16 chords).
    pub fn distance_to(&self, px: f64, py: f64) -> f64 {
        match *self {
            EdgeShape::Line { x1, y1, x2, y2 } => segment_distance(px, py, x1, y1, x2, y2),
            EdgeShape::Loop { cx, cy, r } => {
                (((px - cx).powi(2) + (py - cy).powi(2)).sqrt() - r).abs()
            }
            EdgeShape::Curve { .. } => {
                let mut best = f64::INFINITY;
                let mut previous = self.point_at(0.0);
                for step in 1..=16 {
                    let next = self.point_at(f64::from(step) / 16.0);
                    best = best.min(segment_distance(
                        px, py, previous.0, previous.1, next.0, next.1,
                    ));
                    previous = next;
                }
                best
            }
        }
    }

    /// Approximate length of the edge.
    pub fn length(&self) -> f64 {
        match *self {
            EdgeShape::Line { x1, y1, x2, y2 } => ((x2 - x1).powi(2) + (y2 - y1).powi(2)).sqrt(),
            EdgeShape::Loop { r, .. } => std::f64::consts::TAU * r,
            EdgeShape::Curve { .. } => {
                let mut total = 0.0;
                let mut previous = self.point_at(0.0);
                for step in 1..=8 {
                    let next = self.point_at(f64::from(step) / 8.0);
                    total += ((next.0 - previous.0).powi(2) + (next.1 - previous.1).powi(2)).sqrt();
                    previous = next;
                }
                total
            }
        }
    }
}

fn segment_distance(px: f64, py: f64, x1: f64, y1: f64, x2: f64, y2: f64) -> f64 {
    let (dx, dy) = (x2 - x1, y2 - y1);
    let length2 = dx * dx + dy * dy;
    let t = if length2 == 0.0 {
        0.0
    } else {
        (((px - x1) * dx + (py - y1) * dy) / length2).clamp(0.0, 1.0)
    };
    let (cx, cy) = (x1 + t * dx, y1 + t * dy);
    ((px - cx).powi(2) + (py - cy).powi(2)).sqrt()
}

/// Where each edge sits in the fan of its pair of nodes: `(rank, count)`, counting both
/// directions. It depends on the edges alone, so a view computes it once, not every frame.
pub fn edge_fans(edges: &[(usize, usize)]) -> Vec<(u32, u32)> {
    use std::collections::HashMap;
    let mut pair_count: HashMap<(usize, usize), u32> = HashMap::new();
    for &(s, t) in edges {
        *pair_count.entry((s.min(t), s.max(t))).or_default() += 1;
    }
    let mut seen: HashMap<(usize, usize), u32> = HashMap::new();
    edges
        .iter()
        .map(|&(s, t)| {
            let key = (s.min(t), s.max(t));
            let rank = seen.entry(key).or_default();
            *rank += 1;
            (*rank - 1, pair_count[&key])
        })
        .collect()
}

/// Shapes for edges given as `(source, target)` node indices, into a reused buffer: a pair's
/// single relation is a straight line; several relations between the same two events (either
/// direction) fan out as curves so each stays visible and clickable; self-loops become loops of
/// growing size. `fans` comes from [`edge_fans`], computed once for the edges.
pub fn fill_edge_shapes(
    shapes: &mut Vec<EdgeShape>,
    edges: &[(usize, usize)],
    fans: &[(u32, u32)],
    x: &[f64],
    y: &[f64],
    radius: &[f64],
) {
    shapes.clear();
    shapes.extend(edges.iter().zip(fans).map(|(&(s, t), &(rank, count))| {
        if s == t {
            let r = radius[s] * 0.8 + 6.0 + 5.0 * f64::from(rank);
            return EdgeShape::Loop {
                cx: x[s],
                cy: y[s] - radius[s] - r + 1.0,
                r,
            };
        }
        let (x1, y1, x2, y2) = (x[s], y[s], x[t], y[t]);
        if count == 1 {
            return EdgeShape::Line { x1, y1, x2, y2 };
        }
        // Offsets symmetric around the straight line, measured on the pair's canonical
        // orientation (low index to high) so both directions share one fan.
        let offset = (f64::from(rank) - f64::from(count - 1) / 2.0) * BEND;
        let (low, high) = (s.min(t), s.max(t));
        let (ax, ay, bx, by) = (x[low], y[low], x[high], y[high]);
        let length = ((bx - ax).powi(2) + (by - ay).powi(2)).sqrt().max(1e-9);
        let (nx, ny) = (-(by - ay) / length, (bx - ax) / length);
        // The control point sits twice as far out as the curve's middle.
        let (cx, cy) = (
            (x1 + x2) / 2.0 + 2.0 * offset * nx,
            (y1 + y2) / 2.0 + 2.0 * offset * ny,
        );
        EdgeShape::Curve {
            x1,
            y1,
            cx,
            cy,
            x2,
            y2,
        }
    }));
}

/// How many edges [`paint_edges`] paints between two questions whether to stop.
pub const EDGES_PER_STOP_CHECK: usize = 512;

/// Paints edges `from..` of `shapes` into `raster` as [`Raster`] strokes `thickness` device
/// pixels wide, through `camera` at `dpr` device pixels per screen pixel, each in
/// `colour(edge)` (`None`: not painted), and returns the first edge left unpainted. Every
/// [`EDGES_PER_STOP_CHECK`] edges it asks `stop` whether to leave the rest for later: painted in
/// parts, a picture is the same as painted at once (edges are painted in index order either way).
pub fn paint_edges(
    raster: &mut Raster,
    shapes: &[EdgeShape],
    from: usize,
    (camera, dpr, thickness): (Camera, f64, f64),
    colour: impl Fn(usize) -> Option<Rgb>,
    mut stop: impl FnMut() -> bool,
) -> usize {
    let to_device = |x: f64, y: f64| {
        let (sx, sy) = camera.to_screen(x, y);
        (sx * dpr, sy * dpr)
    };
    let mut next = from;
    while next < shapes.len() {
        let end = shapes.len().min(next + EDGES_PER_STOP_CHECK);
        for (edge, shape) in shapes.iter().enumerate().take(end).skip(next) {
            let Some(colour) = colour(edge) else {
                continue;
            };
            match *shape {
                EdgeShape::Line { x1, y1, x2, y2 } => {
                    let ((x1, y1), (x2, y2)) = (to_device(x1, y1), to_device(x2, y2));
                    raster.line(x1, y1, x2, y2, thickness, colour);
                }
                EdgeShape::Curve {
                    x1,
                    y1,
                    cx,
                    cy,
                    x2,
                    y2,
                } => raster.quad_curve(
                    to_device(x1, y1),
                    to_device(cx, cy),
                    to_device(x2, y2),
                    thickness,
                    colour,
                ),
                EdgeShape::Loop { cx, cy, r } => {
                    let (cx, cy) = to_device(cx, cy);
                    raster.ring(cx, cy, r * camera.scale * dpr, thickness, colour);
                }
            }
        }
        next = end;
        if next < shapes.len() && stop() {
            break;
        }
    }
    next
}

/// The angle (radians) at which text along direction `(dx, dy)` reads left to right: the
/// direction itself, or turned half a circle when it points leftwards.
pub fn readable_angle(dx: f64, dy: f64) -> f64 {
    let angle = dy.atan2(dx);
    if angle > std::f64::consts::FRAC_PI_2 {
        angle - std::f64::consts::PI
    } else if angle <= -std::f64::consts::FRAC_PI_2 {
        angle + std::f64::consts::PI
    } else {
        angle
    }
}

/// At most `max_chars` characters of `text`, with "…" when cut. Every label's text goes through
/// this before it is measured: measuring costs as much as the text is long, and a title or kind
/// of megabytes would freeze the frame that first draws it.
pub fn clip_chars(text: &str, max_chars: usize) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(max_chars) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", text[..cut].trim_end())),
    }
}

/// The longest prefix of `text` (whole characters, with "…" when cut) whose measured width fits
/// `max_width`; `None` when not even one character and the ellipsis fit.
pub fn clip_to_width(
    text: &str,
    max_width: f64,
    measure: &mut impl FnMut(&str) -> f64,
) -> Option<String> {
    if measure(text) <= max_width {
        return Some(text.to_owned());
    }
    let boundaries: Vec<usize> = text.char_indices().map(|(at, _)| at).skip(1).collect();
    let fits = |count: usize, measure: &mut dyn FnMut(&str) -> f64| {
        let cut = boundaries[count - 1];
        measure(&format!("{}…", text[..cut].trim_end())) <= max_width
    };
    let (mut low, mut high) = (0usize, boundaries.len());
    // Binary search for the largest number of characters that fits.
    while low < high {
        let middle = (low + high).div_ceil(2);
        if fits(middle, measure) {
            low = middle;
        } else {
            high = middle - 1;
        }
    }
    (low > 0).then(|| format!("{}…", text[..boundaries[low - 1]].trim_end()))
}

/// A label's box: centre, half extents, and rotation in radians.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelBox {
    pub cx: f64,
    pub cy: f64,
    pub half_width: f64,
    pub half_height: f64,
    pub angle: f64,
}

impl LabelBox {
    fn axes(&self) -> [(f64, f64); 2] {
        let (sin, cos) = self.angle.sin_cos();
        [(cos, sin), (-sin, cos)]
    }

    /// Half the box's extent when projected on unit axis `(ax, ay)`, given its own `axes`.
    fn radius_on(&self, [(ux, uy), (vx, vy)]: [(f64, f64); 2], (ax, ay): (f64, f64)) -> f64 {
        self.half_width * (ux * ax + uy * ay).abs() + self.half_height * (vx * ax + vy * ay).abs()
    }

    /// Separating-axis test between two rotated rectangles (after a cheap test of their
    /// bounding circles, which settles most pairs without any trigonometry).
    pub fn overlaps(&self, other: &LabelBox) -> bool {
        let (dx, dy) = (other.cx - self.cx, other.cy - self.cy);
        let reach = self.bounding_radius() + other.bounding_radius();
        if dx * dx + dy * dy >= reach * reach {
            return false;
        }
        let (mine, theirs) = (self.axes(), other.axes());
        mine.into_iter().chain(theirs).all(|axis| {
            let distance = (dx * axis.0 + dy * axis.1).abs();
            distance < self.radius_on(mine, axis) + other.radius_on(theirs, axis)
        })
    }

    fn bounding_radius(&self) -> f64 {
        (self.half_width * self.half_width + self.half_height * self.half_height).sqrt()
    }
}

/// Places labels greedily, in the order offered: a label is kept only when it overlaps no label
/// kept before. A grid of buckets keeps each test local.
pub struct LabelPlacer {
    placed: Vec<LabelBox>,
    buckets: std::collections::HashMap<(i64, i64), Vec<usize>>,
    cell: f64,
}

impl LabelPlacer {
    pub fn new(cell: f64) -> Self {
        Self {
            placed: Vec::new(),
            buckets: Default::default(),
            cell: cell.max(1.0),
        }
    }

    fn cells(&self, label: &LabelBox) -> impl Iterator<Item = (i64, i64)> {
        let r = label.bounding_radius();
        let (x0, x1) = (
            ((label.cx - r) / self.cell).floor() as i64,
            ((label.cx + r) / self.cell).floor() as i64,
        );
        let (y0, y1) = (
            ((label.cy - r) / self.cell).floor() as i64,
            ((label.cy + r) / self.cell).floor() as i64,
        );
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    /// Keeps `label` and returns true when it overlaps nothing kept so far.
    pub fn try_place(&mut self, label: LabelBox) -> bool {
        let clash = self.cells(&label).any(|cell| {
            self.buckets
                .get(&cell)
                .is_some_and(|indices| indices.iter().any(|&i| self.placed[i].overlaps(&label)))
        });
        if clash {
            return false;
        }
        self.reserve(label);
        true
    }

    /// Marks an area no label may cover (a node's disc), without checking it.
    pub fn reserve(&mut self, label: LabelBox) {
        let index = self.placed.len();
        self.placed.push(label);
        let cells: Vec<_> = self.cells(&label).collect();
        for cell in cells {
            self.buckets.entry(cell).or_default().push(index);
        }
    }
}

/// `colour` (`#rrggbb`) as it looks at `alpha` over `background`, as an opaque colour. Software
/// canvases (headless, or without a GPU) rasterise translucent strokes about four times slower
/// than opaque ones (measured: 6,000 lines in 133 ms against 33 ms), and a graph has many edges.
pub fn blend_opaque(colour: &str, alpha: f64, background: (u8, u8, u8)) -> String {
    let channel = |at: usize| {
        colour
            .get(at..at + 2)
            .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            .map_or(128.0, f64::from)
    };
    let alpha = alpha.clamp(0.0, 1.0);
    let mix =
        |value: f64, under: u8| (value * alpha + f64::from(under) * (1.0 - alpha)).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(channel(1), background.0),
        mix(channel(3), background.1),
        mix(channel(5), background.2)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_overview_painted_in_parts_is_the_same_as_one_painted_at_once() {
        // 2,000 edges over 300 nodes (a few pairs twice, so curves; and loops), seeded.
        let nodes = 300;
        let mut seed = 7u64;
        let mut next = |below: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % below
        };
        let x: Vec<f64> = (0..nodes).map(|_| next(1000) as f64 - 500.0).collect();
        let y: Vec<f64> = (0..nodes).map(|_| next(700) as f64 - 350.0).collect();
        let radius = vec![5.0; nodes];
        let mut edges: Vec<(usize, usize)> =
            (0..2000).map(|_| (next(nodes), next(nodes))).collect();
        edges.extend_from_within(..40);
        let shapes = edge_shapes(&edges, &x, &y, &radius);
        assert!(shapes.iter().any(|s| matches!(s, EdgeShape::Curve { .. })));
        let camera = Camera {
            scale: 0.6,
            x: 320.0,
            y: 240.0,
        };
        // Some edges are left out (emphasised ones are drawn later), and colours vary by edge.
        let colour = |edge: usize| (edge % 7 != 3).then_some(Rgb((edge % 200) as u8, 90, 160));
        let painted = |stop_every: Option<usize>| {
            let mut raster = Raster::default();
            raster.reset(640, 480, Rgb(251, 252, 254));
            let (mut from, mut parts) = (0, 0);
            while from < shapes.len() {
                let mut checks = 0;
                from = paint_edges(
                    &mut raster,
                    &shapes,
                    from,
                    (camera, 1.5, 1.5),
                    colour,
                    || {
                        checks += 1;
                        stop_every.is_some_and(|every| checks % every == 0)
                    },
                );
                parts += 1;
            }
            (raster.pixels().to_vec(), parts)
        };
        let (whole, one) = painted(None);
        assert_eq!(one, 1);
        for every in [1, 2] {
            let (in_parts, parts) = painted(Some(every));
            assert!(parts > 1, "painted in {parts} parts");
            assert!(
                whole == in_parts,
                "stopping every {every} checks changes the picture"
            );
        }
        assert!(whole
            .chunks_exact(4)
            .any(|pixel| pixel[..3] != [251, 252, 254]));
    }

    fn edge_shapes(
        edges: &[(usize, usize)],
        x: &[f64],
        y: &[f64],
        radius: &[f64],
    ) -> Vec<EdgeShape> {
        let mut shapes = Vec::new();
        fill_edge_shapes(&mut shapes, edges, &edge_fans(edges), x, y, radius);
        shapes
    }

    #[test]
    fn blending_over_the_background_matches_what_alpha_would_show() {
        assert_eq!(blend_opaque("#4e79a7", 1.0, (255, 255, 255)), "#4e79a7");
        assert_eq!(blend_opaque("#4e79a7", 0.0, (251, 252, 254)), "#fbfcfe");
        // 0x4e = 78 at 0.5 over 255 → 166.5 → 167 (0xa7).
        assert_eq!(blend_opaque("#4e79a7", 0.5, (255, 255, 255)), "#a7bcd3");
    }

    #[test]
    fn zooming_keeps_the_point_under_the_cursor() {
        let mut camera = Camera {
            scale: 1.0,
            x: 100.0,
            y: 50.0,
        };
        let before = camera.to_world(300.0, 200.0);
        camera.zoom_at(300.0, 200.0, 2.5);
        assert_eq!(camera.scale, 2.5);
        let after = camera.to_world(300.0, 200.0);
        assert!((before.0 - after.0).abs() < 1e-9 && (before.1 - after.1).abs() < 1e-9);
        camera.zoom_at(0.0, 0.0, 1e9);
        assert_eq!(camera.scale, MAX_SCALE);
    }

    #[test]
    fn fitting_centres_the_bounds_in_the_viewport() {
        let bounds = Bounds {
            min_x: -100.0,
            min_y: -50.0,
            max_x: 300.0,
            max_y: 150.0,
        };
        let camera = Camera::fitting(bounds, 1000.0, 600.0, 50.0);
        assert_eq!(camera.scale, 2.5f64.min(900.0 / 400.0).min(500.0 / 200.0));
        assert_eq!(camera.to_screen(100.0, 50.0), (500.0, 300.0));
        let tiny = Camera::fitting(
            Bounds {
                min_x: 0.0,
                min_y: 0.0,
                max_x: 0.0,
                max_y: 0.0,
            },
            800.0,
            600.0,
            40.0,
        );
        assert!(tiny.scale.is_finite() && tiny.scale <= 2.5);
    }

    #[test]
    fn relations_between_the_same_pair_fan_out_and_stay_apart() {
        let (x, y, r) = (vec![0.0, 100.0, 50.0], vec![0.0, 0.0, 80.0], vec![5.0; 3]);
        let shapes = edge_shapes(&[(0, 1), (1, 0), (0, 2), (2, 2)], &x, &y, &r);
        assert!(
            matches!(shapes[2], EdgeShape::Line { .. }),
            "a single relation is straight"
        );
        assert!(matches!(shapes[3], EdgeShape::Loop { .. }));
        let (a, b) = (shapes[0].point_at(0.5), shapes[1].point_at(0.5));
        assert!((a.0 - 50.0).abs() < 1e-9 && (b.0 - 50.0).abs() < 1e-9);
        assert!(
            (a.1 - b.1).abs() > 10.0,
            "the two curves' middles are apart: {a:?} {b:?}"
        );
        assert!(shapes[0].distance_to(a.0, a.1) < 1e-6);
        assert!(
            shapes[1].distance_to(a.0, a.1) > 10.0,
            "a click on one curve misses the other"
        );
    }

    #[test]
    fn a_loop_touches_its_node_and_is_hit_on_its_ring() {
        let shapes = edge_shapes(&[(0, 0)], &[10.0], &[10.0], &[5.0]);
        let EdgeShape::Loop { cx, cy, r } = shapes[0] else {
            panic!()
        };
        let (bx, by) = shapes[0].point_at(0.0);
        assert!((bx - 10.0).abs() < 1e-9 && (by - (10.0 - 5.0 + 1.0)).abs() < 1e-9);
        assert!(shapes[0].distance_to(cx + r, cy) < 1e-9);
        assert!(shapes[0].distance_to(cx, cy) > 5.0);
    }

    #[test]
    fn text_along_an_edge_always_reads_left_to_right() {
        use std::f64::consts::PI;
        assert_eq!(readable_angle(1.0, 0.0), 0.0);
        assert!((readable_angle(-1.0, 0.0)).abs() < 1e-12);
        assert!((readable_angle(-1.0, -1.0) - PI / 4.0).abs() < 1e-12);
        assert!((readable_angle(0.0, 1.0) - PI / 2.0).abs() < 1e-12);
        for degrees in (0..360).step_by(7) {
            let a = f64::from(degrees).to_radians();
            let r = readable_angle(a.cos(), a.sin());
            assert!(
                r > -PI / 2.0 - 1e-12 && r <= PI / 2.0 + 1e-12,
                "{degrees}° → {r}"
            );
        }
    }

    #[test]
    fn clipping_by_characters_leaves_short_text_alone_and_cuts_long_text_at_a_character() {
        assert_eq!(clip_chars("short", 10), "short");
        assert_eq!(clip_chars("exactly10!", 10), "exactly10!");
        assert_eq!(clip_chars("گفتگوهای صلح در مسقط", 8), "گفتگوهای…");
        assert_eq!(clip_chars(&"x".repeat(5_000_000), 40).chars().count(), 41);
    }

    #[test]
    fn clipping_keeps_whole_characters_and_adds_an_ellipsis() {
        let mut width = |text: &str| text.chars().count() as f64 * 10.0;
        assert_eq!(
            clip_to_width("short", 100.0, &mut width).as_deref(),
            Some("short")
        );
        assert_eq!(
            clip_to_width("The new event follows Event 3", 100.0, &mut width).as_deref(),
            Some("The new e…")
        );
        assert_eq!(
            clip_to_width("گفتگوهای صلح در مسقط", 60.0, &mut width).as_deref(),
            Some("گفتگو…")
        );
        assert_eq!(clip_to_width("abc", 5.0, &mut width), None);
    }

    #[test]
    fn rotated_labels_overlap_only_when_they_really_do() {
        let a = LabelBox {
            cx: 0.0,
            cy: 0.0,
            half_width: 50.0,
            half_height: 5.0,
            angle: 0.0,
        };
        let crossing = LabelBox {
            angle: std::f64::consts::FRAC_PI_2,
            ..a
        };
        let beside = LabelBox { cy: 11.0, ..a };
        let diagonal_clear = LabelBox {
            cx: 60.0,
            cy: 40.0,
            angle: 0.6,
            ..a
        };
        assert!(a.overlaps(&crossing));
        assert!(!a.overlaps(&beside));
        assert!(!a.overlaps(&diagonal_clear) || diagonal_clear.overlaps(&a));
        let mut placer = LabelPlacer::new(40.0);
        assert!(placer.try_place(a));
        assert!(!placer.try_place(crossing));
        assert!(placer.try_place(beside));
        placer.reserve(LabelBox {
            cx: 200.0,
            cy: 0.0,
            half_width: 10.0,
            half_height: 10.0,
            angle: 0.0,
        });
        assert!(
            !placer.try_place(LabelBox { cx: 215.0, ..a }),
            "a reserved disc keeps labels off"
        );
    }
}
