//! The camera: world coordinates (the layout's) to screen coordinates (CSS pixels of the
//! canvas), zooming about a point, and the one rule that fits a set of discs into the viewport.

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
    /// pixels to spare on every side, zoomed in no further than 2.5 (a few nodes stay small):
    /// the auto-fit rule.
    pub fn fitting(bounds: Bounds, width: f64, height: f64, padding: f64) -> Camera {
        Camera::fitting_padded(bounds, width, height, (padding, padding))
    }

    /// [`Camera::fitting`] with room around the bounds for reading mode's cards: about a card's
    /// width at each side and a short card's height above and below, as far as the viewport
    /// allows.
    pub fn fitting_with_room(bounds: Bounds, width: f64, height: f64) -> Camera {
        let room_x = (width * 0.3).clamp(40.0, 300.0);
        let room_y = (height * 0.22).clamp(40.0, 170.0);
        Camera::fitting_padded(bounds, width, height, (room_x, room_y))
    }

    fn fitting_padded(
        bounds: Bounds,
        width: f64,
        height: f64,
        (padding_x, padding_y): (f64, f64),
    ) -> Camera {
        let usable_w = (width - 2.0 * padding_x).max(1.0);
        let usable_h = (height - 2.0 * padding_y).max(1.0);
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn framing_for_cards_leaves_room_at_the_sides_and_keeps_the_centre() {
        let bounds = Bounds {
            min_x: 0.0,
            min_y: 0.0,
            max_x: 100.0,
            max_y: 100.0,
        };
        let roomy = Camera::fitting_with_room(bounds, 1000.0, 700.0);
        let (left, top) = roomy.to_screen(0.0, 0.0);
        let (right, bottom) = roomy.to_screen(100.0, 100.0);
        assert!(
            left >= 300.0 - 1e-9 && right <= 700.0 + 1e-9,
            "{left} {right}"
        );
        assert!(
            top >= 154.0 - 1e-9 && bottom <= 546.0 + 1e-9,
            "{top} {bottom}"
        );
        assert_eq!(roomy.to_screen(50.0, 50.0), (500.0, 350.0));
    }
}
