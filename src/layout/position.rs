//! Positioning force: pulls every node toward a point with a spring proportional to its distance
//! (d3's `forceX` and `forceY` together). Weak, it keeps disconnected events near the rest
//! instead of letting repulsion push them out of view.

use super::{Bodies, Force, Lcg};

pub struct Position {
    pub x: f64,
    pub y: f64,
    pub strength: f64,
}

impl Position {
    pub fn new(x: f64, y: f64, strength: f64) -> Self {
        Self { x, y, strength }
    }
}

impl Force for Position {
    fn apply(&mut self, bodies: &mut Bodies, alpha: f64, _random: &mut Lcg) {
        let pull = self.strength * alpha;
        for index in 0..bodies.len() {
            bodies.vx[index] += (self.x - bodies.x[index]) * pull;
            bodies.vy[index] += (self.y - bodies.y[index]) * pull;
        }
    }
}
