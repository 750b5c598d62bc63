//! A small anti-aliased rasteriser for the zoomed-out graph: thin lines and small discs straight
//! into an RGBA pixel buffer, which the UI puts on its canvas in one call.
//!
//! Why our own: without a GPU (headless browsers, many office machines) a 2D canvas rasterises
//! paths in software, and tens of thousands of edges cost it 70–100 ms a frame. Lines one or two
//! pixels wide and dots a few pixels across need none of a general path rasteriser's machinery;
//! written directly into memory they cost a few milliseconds (see BENCHMARKS.md). Everything is
//! drawn in opaque colours (translucency is pre-blended by the caller), so a pixel is simply
//! mixed towards the colour by how much of it the shape covers.

/// The smaller of two numbers that are not NaN. `f64::min` must return the other number when one
/// is NaN, which WebAssembly's `f64.min` does not do, so it compiles to a call of `fmin`: in the
/// overview that was five calls per edge, and from the graph view's on-demand module each one
/// crosses into the main module. A comparison is one instruction.
#[inline(always)]
fn min(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// The larger of two numbers that are not NaN (see [`min`]).
#[inline(always)]
fn max(a: f64, b: f64) -> f64 {
    if b > a {
        b
    } else {
        a
    }
}

/// An opaque colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// The colour as the little-endian word of an RGBA pixel (alpha left at 0).
    pub fn word(self) -> u32 {
        u32::from(self.0) | u32::from(self.1) << 8 | u32::from(self.2) << 16
    }

    /// Parses `#rrggbb`; anything else is mid grey (colours come from our own palettes).
    pub fn from_hex(hex: &str) -> Rgb {
        let channel = |at: usize| {
            hex.get(at..at + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .unwrap_or(128)
        };
        Rgb(channel(1), channel(3), channel(5))
    }
}

/// An RGBA pixel buffer (the layout `ImageData` uses), every pixel opaque.
#[derive(Clone, Debug, Default)]
pub struct Raster {
    width: usize,
    height: usize,
    pixels: Vec<u8>,
}

/// Lines and discs are clipped to the buffer grown by this many pixels, so that shapes crossing
/// the edge are drawn exactly as far as they show, and far-off coordinates cost nothing.
const CLIP_MARGIN: f64 = 4.0;

impl Raster {
    /// Resizes to `width` × `height` and fills with `background`, reusing the allocation.
    pub fn reset(&mut self, width: usize, height: usize, background: Rgb) {
        self.width = width;
        self.height = height;
        self.pixels.clear();
        self.pixels.reserve(width * height * 4);
        let pixel = [background.0, background.1, background.2, 255];
        for _ in 0..width * height {
            self.pixels.extend_from_slice(&pixel);
        }
    }

    pub fn width(&self) -> usize {
        self.width
    }

    pub fn height(&self) -> usize {
        self.height
    }

    /// The pixels, four bytes (R, G, B, A) each, row by row.
    pub fn pixels(&self) -> &[u8] {
        &self.pixels
    }

    /// The colour at `(x, y)`, for tests.
    pub fn pixel(&self, x: usize, y: usize) -> Rgb {
        let at = 4 * (y * self.width + x);
        Rgb(self.pixels[at], self.pixels[at + 1], self.pixels[at + 2])
    }

    /// Mixes pixel `(x, y)` towards `colour` by `coverage` (0 to 1); outside, nothing happens.
    #[inline(always)]
    fn blend(&mut self, x: i64, y: i64, colour: Rgb, coverage: f64) {
        if coverage > 0.0 {
            self.mix(x, y, colour.word(), (min(coverage, 1.0) * 256.0) as u32);
        }
    }

    /// Mixes pixel `(x, y)` towards `colour` (as [`Rgb::word`]) by `weight` out of 256.
    #[inline(always)]
    fn mix(&mut self, x: i64, y: i64, colour: u32, weight: u32) {
        if x < 0 || y < 0 || x >= self.width as i64 || y >= self.height as i64 {
            return;
        }
        self.mix_at(y as usize * self.width + x as usize, colour, weight);
    }

    /// Mixes the pixel at index `pixel` (row by row) towards `colour` by `weight` out of 256.
    /// Red and blue are mixed together in one word (each in its own 16-bit lane), then green.
    #[inline(always)]
    fn mix_at(&mut self, pixel: usize, colour: u32, weight: u32) {
        let at = 4 * pixel;
        let Some(pixel) = self.pixels.get_mut(at..at + 4) else {
            return;
        };
        let Ok(pixel) = <&mut [u8; 4]>::try_from(pixel) else {
            return;
        };
        let weight = weight.min(256);
        let keep = 256 - weight;
        let old = u32::from_le_bytes(*pixel);
        let red_blue = ((old & 0x00FF_00FF) * keep + (colour & 0x00FF_00FF) * weight) >> 8;
        let green = ((old & 0x0000_FF00) * keep + (colour & 0x0000_FF00) * weight) >> 8;
        *pixel = (0xFF00_0000 | (red_blue & 0x00FF_00FF) | (green & 0x0000_FF00)).to_le_bytes();
    }

    /// An anti-aliased straight line `thickness` pixels wide from `(x0, y0)` to `(x1, y1)`
    /// (pixel `(i, j)` spans `[i, i+1] × [j, j+1]`). Each column (or row, for steep lines) the
    /// line crosses gets the vertical run it covers, partial pixels in proportion.
    pub fn line(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, thickness: f64, colour: Rgb) {
        if thickness <= 1.0 {
            // It clips the segment itself, tighter than the margin below.
            self.thin_line(x0, y0, x1, y1, colour);
            return;
        }
        let Some((x0, y0, x1, y1)) = self.clip(x0, y0, x1, y1) else {
            return;
        };
        let steep = (y1 - y0).abs() > (x1 - x0).abs();
        let Major { u0, v0, u1, slope } = Major::of(steep, x0, y0, x1, y1);
        // The run a line of this thickness covers across one column of the major axis.
        let half = 0.5 * max(thickness, 0.5) * (1.0 + slope * slope).sqrt();
        let first = u0.floor() as i64;
        let last = u1.floor() as i64;
        for column in first..=last {
            let start = max(u0, column as f64);
            let end = min(u1, column as f64 + 1.0);
            // A segment shorter than a pixel still leaves a mark in proportion to its length.
            let along = if first == last {
                max(u1 - u0, 0.25)
            } else {
                end - start
            };
            if along <= 0.0 {
                continue;
            }
            let centre = v0 + slope * ((start + end) / 2.0 - u0);
            let (top, bottom) = (centre - half, centre + half);
            for row in top.floor() as i64..=bottom.floor() as i64 {
                let covered = min(bottom, row as f64 + 1.0) - max(top, row as f64);
                let coverage = covered * along;
                if steep {
                    self.blend(row, column, colour, coverage);
                } else {
                    self.blend(column, row, colour, coverage);
                }
            }
        }
    }

    /// The one-pixel case of [`Raster::line`] (the common one: every edge of a zoomed-out
    /// graph on a standard-density screen), as Xiaolin Wu's line: two pixels per column, the
    /// line's centre stepped by its slope in 16.16 fixed point. The segment is first clipped
    /// to where both of a column's pixels are inside, so the loop tests only a row index.
    fn thin_line(&mut self, x0: f64, y0: f64, x1: f64, y1: f64, colour: Rgb) {
        // Along the major axis any column of the buffer will do; across it, the line's
        // one-pixel run must stay off the last row so that its lower pixel is inside too.
        let steep = (y1 - y0).abs() > (x1 - x0).abs();
        let (width, height) = (self.width as f64, self.height as f64);
        let inside = if steep {
            (0.5, 0.0, width - 1.5, height - 1e-9)
        } else {
            (0.0, 0.5, width - 1e-9, height - 1.5)
        };
        let Some((x0, y0, x1, y1)) = clip_to(inside, x0, y0, x1, y1) else {
            return;
        };
        let Major { u0, v0, u1, slope } = Major::of(steep, x0, y0, x1, y1);
        let first = u0.floor() as usize;
        let last = u1.floor() as usize;
        // A slanted line crosses a column over a longer stretch: darker, so that diagonals do
        // not look fainter than level lines (as plain Wu lines do).
        let darkness = (1.0 + slope * slope).sqrt() * 256.0;
        // The top of the one-pixel-high run the line covers at the middle of the first column,
        // stepped in 16.16 fixed point (the clip keeps it far inside i32's range).
        const ONE: f64 = 65_536.0;
        let mut top = ((v0 + slope * (first as f64 + 0.5 - u0) - 0.5) * ONE) as i32;
        let step = (slope * ONE) as i32;
        let word = colour.word();
        // Pixel offsets: one column along the major axis, one row across it; and how many rows
        // there are across.
        let (along, across, rows) = if steep {
            (self.width, 1, self.width)
        } else {
            (1, self.width, self.height)
        };
        // Ends: only the part of the pixel the segment covers.
        let end_weight = |covered: f64| (covered * darkness) as u32;
        let full = darkness as u32;
        if first == last {
            self.wu_column(
                first,
                top,
                end_weight(max(u1 - u0, 0.25)),
                (along, across, rows),
                word,
            );
            return;
        }
        self.wu_column(
            first,
            top,
            end_weight(first as f64 + 1.0 - u0),
            (along, across, rows),
            word,
        );
        top = top.wrapping_add(step);
        for column in first + 1..last {
            self.wu_column(column, top, full, (along, across, rows), word);
            top = top.wrapping_add(step);
        }
        self.wu_column(
            last,
            top,
            end_weight(u1 - last as f64),
            (along, across, rows),
            word,
        );
    }

    /// One column of a Wu line: the two pixels across the major axis that the one-pixel run
    /// whose top is `top` (16.16 fixed point) covers, mixed by `weight` split between them.
    /// Measured at the column's middle, an end column may reach half a pixel past the clipped
    /// segment, so the row is checked (an arithmetic shift rounds down).
    #[inline(always)]
    fn wu_column(
        &mut self,
        column: usize,
        top: i32,
        weight: u32,
        (along, across, rows): (usize, usize, usize),
        word: u32,
    ) {
        let row = top >> 16;
        if row < 0 || row as usize + 1 >= rows {
            return;
        }
        let lower = ((top >> 8) & 0xFF) as u32;
        let at = column * along + row as usize * across;
        self.mix_at(at, word, ((256 - lower) * weight) >> 8);
        self.mix_at(at + across, word, (lower * weight) >> 8);
    }

    /// A quadratic Bézier curve as a few straight pieces (enough for curves a few hundred pixels
    /// long at most, which is all an overview draws).
    pub fn quad_curve(
        &mut self,
        from: (f64, f64),
        control: (f64, f64),
        to: (f64, f64),
        thickness: f64,
        colour: Rgb,
    ) {
        let reach = (control.0 - from.0).hypot(control.1 - from.1)
            + (to.0 - control.0).hypot(to.1 - control.1);
        if !reach.is_finite() {
            return;
        }
        let pieces = (reach / 8.0).clamp(2.0, 24.0) as usize;
        let point = |t: f64| {
            let s = 1.0 - t;
            (
                s * s * from.0 + 2.0 * s * t * control.0 + t * t * to.0,
                s * s * from.1 + 2.0 * s * t * control.1 + t * t * to.1,
            )
        };
        let mut previous = from;
        for piece in 1..=pieces {
            let next = point(piece as f64 / pieces as f64);
            self.line(previous.0, previous.1, next.0, next.1, thickness, colour);
            previous = next;
        }
    }

    /// The outline of a circle, as straight pieces.
    pub fn ring(&mut self, cx: f64, cy: f64, r: f64, thickness: f64, colour: Rgb) {
        if !(cx.is_finite() && cy.is_finite() && r.is_finite()) || r <= 0.0 {
            return;
        }
        let pieces = (r * 0.8).clamp(8.0, 48.0) as usize;
        let mut previous = (cx + r, cy);
        // Rotating by a fixed step with only multiplications keeps this free of trig per piece.
        let (step_sin, step_cos) = (std::f64::consts::TAU / pieces as f64).sin_cos();
        let (mut cos, mut sin) = (1.0, 0.0);
        for _ in 0..pieces {
            (cos, sin) = (
                cos * step_cos - sin * step_sin,
                sin * step_cos + cos * step_sin,
            );
            let next = (cx + r * cos, cy + r * sin);
            self.line(previous.0, previous.1, next.0, next.1, thickness, colour);
            previous = next;
        }
    }

    /// A filled, anti-aliased disc; discs under a pixel across still show as a faint dot.
    pub fn disc(&mut self, cx: f64, cy: f64, r: f64, colour: Rgb) {
        if !(cx.is_finite() && cy.is_finite() && r.is_finite()) {
            return;
        }
        let r = max(r, 0.5);
        let (w, h) = (self.width as f64, self.height as f64);
        if cx + r < -CLIP_MARGIN
            || cy + r < -CLIP_MARGIN
            || cx - r > w + CLIP_MARGIN
            || cy - r > h + CLIP_MARGIN
        {
            return;
        }
        for y in (cy - r - 1.0).floor() as i64..=(cy + r + 1.0).floor() as i64 {
            let dy = y as f64 + 0.5 - cy;
            for x in (cx - r - 1.0).floor() as i64..=(cx + r + 1.0).floor() as i64 {
                let dx = x as f64 + 0.5 - cx;
                let coverage = (r + 0.5 - (dx * dx + dy * dy).sqrt()).clamp(0.0, 1.0);
                self.blend(x, y, colour, coverage);
            }
        }
    }
    /// The part of the segment inside the buffer grown by [`CLIP_MARGIN`], if any.
    fn clip(&self, x0: f64, y0: f64, x1: f64, y1: f64) -> Option<(f64, f64, f64, f64)> {
        let bounds = (
            -CLIP_MARGIN,
            -CLIP_MARGIN,
            self.width as f64 + CLIP_MARGIN,
            self.height as f64 + CLIP_MARGIN,
        );
        clip_to(bounds, x0, y0, x1, y1)
    }
}

/// A segment seen along its major axis `u` (x, or y for a steep segment), from `u0` to `u1`
/// (increasing); the minor coordinate is `v0` at `u0` and changes by `slope` per unit of `u`.
struct Major {
    u0: f64,
    v0: f64,
    u1: f64,
    slope: f64,
}

impl Major {
    fn of(steep: bool, x0: f64, y0: f64, x1: f64, y1: f64) -> Major {
        let (mut u0, mut v0, mut u1, mut v1) = if steep {
            (y0, x0, y1, x1)
        } else {
            (x0, y0, x1, y1)
        };
        if u0 > u1 {
            std::mem::swap(&mut u0, &mut u1);
            std::mem::swap(&mut v0, &mut v1);
        }
        let du = u1 - u0;
        let slope = if du > 1e-12 { (v1 - v0) / du } else { 0.0 };
        Major { u0, v0, u1, slope }
    }
}

/// Liang–Barsky: the part of the segment inside `(min_x, min_y, max_x, max_y)`, if any.
fn clip_to(
    (min_x, min_y, max_x, max_y): (f64, f64, f64, f64),
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
) -> Option<(f64, f64, f64, f64)> {
    if !(x0.is_finite() && y0.is_finite() && x1.is_finite() && y1.is_finite()) {
        return None;
    }
    if max_x < min_x || max_y < min_y {
        return None;
    }
    let (dx, dy) = (x1 - x0, y1 - y0);
    let (mut enter, mut leave) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, x0 - min_x),
        (dx, max_x - x0),
        (-dy, y0 - min_y),
        (dy, max_y - y0),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                enter = max(enter, t);
            } else {
                leave = min(leave, t);
            }
        }
    }
    (enter <= leave).then_some((
        x0 + enter * dx,
        y0 + enter * dy,
        x0 + leave * dx,
        y0 + leave * dy,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const WHITE: Rgb = Rgb(255, 255, 255);
    const BLACK: Rgb = Rgb(0, 0, 0);

    fn raster(width: usize, height: usize) -> Raster {
        let mut raster = Raster::default();
        raster.reset(width, height, WHITE);
        raster
    }

    /// Total darkness (0 = white, 1 = one black pixel) over the whole buffer.
    fn ink(raster: &Raster) -> f64 {
        raster
            .pixels()
            .chunks_exact(4)
            .map(|p| f64::from(255 - p[0]) / 255.0)
            .sum()
    }

    #[test]
    fn a_horizontal_line_on_a_row_fills_that_row_only() {
        let mut r = raster(10, 5);
        r.line(1.0, 2.5, 9.0, 2.5, 1.0, BLACK);
        for x in 1..9 {
            assert_eq!(r.pixel(x, 2), BLACK, "column {x}");
            assert_eq!(r.pixel(x, 1), WHITE);
            assert_eq!(r.pixel(x, 3), WHITE);
        }
        assert_eq!(r.pixel(0, 2), WHITE);
        assert_eq!(r.pixel(9, 2), WHITE);
    }

    #[test]
    fn a_line_between_rows_shares_its_ink_and_keeps_its_total() {
        let mut r = raster(10, 5);
        r.line(0.0, 2.0, 10.0, 2.0, 1.0, BLACK);
        let half = r.pixel(4, 1).0;
        assert!((126..=129).contains(&half), "{half}");
        assert_eq!(r.pixel(4, 2).0, half);
        assert!((ink(&r) - 10.0).abs() < 0.2, "ink {}", ink(&r));
    }

    #[test]
    fn a_line_leaves_about_its_length_times_its_width_in_ink() {
        let mut r = raster(40, 40);
        r.line(5.0, 5.0, 35.0, 35.0, 1.0, BLACK);
        let expected = 30.0 * 2f64.sqrt();
        // One-pixel lines are Wu lines: at worst (45° through pixel centres) one pixel a column.
        let thin = ink(&r) / expected;
        assert!((0.7..=1.05).contains(&thin), "thin diagonal: {thin}");
        let mut offset = raster(40, 40);
        offset.line(5.0, 5.5, 35.0, 35.5, 1.0, BLACK);
        assert!(
            ink(&offset) > ink(&r),
            "between centres the slant darkens two pixels"
        );
        let mut thick = raster(40, 40);
        thick.line(35.0, 5.0, 5.0, 35.0, 2.0, BLACK);
        assert!((ink(&thick) - 2.0 * expected).abs() < 0.05 * 2.0 * expected);
        let mut steep = raster(40, 40);
        steep.line(10.0, 2.0, 13.0, 38.0, 1.0, BLACK);
        let length = 3f64.hypot(36.0);
        assert!((ink(&steep) - length).abs() < 0.05 * length);
        let mut steep_thick = raster(40, 40);
        steep_thick.line(10.0, 2.0, 13.0, 38.0, 2.0, BLACK);
        assert!((ink(&steep_thick) - 2.0 * length).abs() < 0.05 * 2.0 * length);
    }

    #[test]
    fn lines_cut_at_the_edge_ink_only_pixels_next_to_them() {
        // Steep and shallow lines leaving through every side, in both directions, on a buffer
        // big enough that a wrong row index could still land inside it.
        let ends = [
            ((15.2, 0.5), (-20.0, 30.0)),
            ((-20.0, 30.0), (15.2, 0.5)),
            ((5.0, 5.0), (45.0, 9.0)),
            ((45.0, 9.0), (5.0, 5.0)),
            ((20.0, -7.0), (23.0, 50.0)),
            ((23.0, 50.0), (20.0, -7.0)),
            ((6.0, 2.0), (-10.0, 38.0)),
            ((-10.0, 38.0), (6.0, 2.0)),
            ((34.0, 2.0), (50.0, 38.0)),
            ((2.0, 34.3), (-3.0, 60.0)),
            ((4.0, 15.2), (-8.0, 29.7)),
            ((0.9, 100.0), (-30.0, 137.0)),
            ((290.0, 10.0), (330.0, 60.0)),
            ((150.0, 298.0), (120.0, 340.0)),
        ];
        for ((x0, y0), (x1, y1)) in ends {
            let mut r = raster(300, 300);
            r.line(x0, y0, x1, y1, 1.0, BLACK);
            let (dx, dy) = (x1 - x0, y1 - y0);
            let length = dx.hypot(dy);
            for y in 0..300 {
                for x in 0..300 {
                    if r.pixel(x, y) == WHITE {
                        continue;
                    }
                    // Distance from the pixel's centre to the line through the two ends.
                    let (px, py) = (x as f64 + 0.5 - x0, y as f64 + 0.5 - y0);
                    let distance = (px * dy - py * dx).abs() / length;
                    assert!(
                        distance < 1.6,
                        "({x}, {y}) is {distance} px from {x0},{y0}→{x1},{y1}"
                    );
                }
            }
        }
    }

    #[test]
    fn lines_far_outside_or_not_finite_draw_nothing_and_never_hang() {
        let mut r = raster(20, 20);
        r.line(-1e12, -1e12, -1e11, -2e12, 1.0, BLACK);
        r.line(f64::NAN, 0.0, 5.0, 5.0, 1.0, BLACK);
        r.line(0.0, f64::INFINITY, 5.0, 5.0, 1.0, BLACK);
        r.disc(f64::NAN, 1.0, 3.0, BLACK);
        r.disc(1e300, 1.0, 3.0, BLACK);
        r.ring(5.0, 5.0, f64::INFINITY, 1.0, BLACK);
        r.quad_curve((0.0, 0.0), (f64::NAN, 1.0), (5.0, 5.0), 1.0, BLACK);
        assert_eq!(ink(&r), 0.0);
        // A huge line across the buffer is clipped to the part that shows.
        r.line(-1e12, 10.5, 1e12, 10.5, 1.0, BLACK);
        assert!((ink(&r) - 20.0).abs() < 0.1);
    }

    #[test]
    fn a_disc_covers_its_area_and_is_solid_inside() {
        let mut r = raster(40, 40);
        r.disc(20.0, 20.0, 8.0, BLACK);
        let area = std::f64::consts::PI * 64.0;
        assert!(
            (ink(&r) - area).abs() < 0.03 * area,
            "ink {} vs {area}",
            ink(&r)
        );
        assert_eq!(r.pixel(20, 20), BLACK);
        assert_eq!(r.pixel(20, 10), WHITE);
        let mut dot = raster(5, 5);
        dot.disc(2.5, 2.5, 0.2, BLACK);
        assert!(ink(&dot) > 0.5, "a tiny node still shows");
    }

    #[test]
    fn colours_mix_by_coverage_and_stay_opaque() {
        let mut r = raster(4, 4);
        r.line(0.0, 1.0, 4.0, 1.0, 1.0, Rgb(0, 0, 200));
        let mixed = r.pixel(2, 1);
        assert_eq!(mixed.0, mixed.1);
        assert!(mixed.2 > mixed.0, "{mixed:?}");
        assert!(r.pixels().chunks_exact(4).all(|p| p[3] == 255));
        assert_eq!(Rgb::from_hex("#4e79a7"), Rgb(0x4e, 0x79, 0xa7));
    }

    #[test]
    fn curves_and_rings_are_drawn_with_about_their_length_in_ink() {
        let mut r = raster(60, 60);
        r.quad_curve((10.0, 30.0), (30.0, 30.0), (50.0, 30.0), 1.0, BLACK);
        assert!(
            (ink(&r) - 40.0).abs() < 2.0,
            "a straight 'curve': {}",
            ink(&r)
        );
        let mut ring = raster(60, 60);
        ring.ring(30.0, 30.0, 10.0, 1.0, BLACK);
        let circumference = std::f64::consts::TAU * 10.0;
        assert!(
            (ink(&ring) - circumference).abs() < 0.08 * circumference,
            "{}",
            ink(&ring)
        );
    }
}
