//! Centring force: shifts all nodes so their mean position is the centre, without changing
//! their relative positions (d3's `forceCenter`).

use super::{Bodies, Force, Lcg};

pub struct Center {
    pub x: f64,
    pub y: f64,
    pub strength: f64,
}

impl Center {
    pub fn new(x: f64, y: f64) -> Self {
        Self {
            x,
            y,
            strength: 1.0,
        }
    }
}

impl Force for Center {
    fn apply(&mut self, bodies: &mut Bodies, _alpha: f64, _random: &mut Lcg) {
        if bodies.is_empty() {
            return;
        }
        let count = bodies.len() as f64;
        let mean_x = bodies.x.iter().sum::<f64>() / count;
        let mean_y = bodies.y.iter().sum::<f64>() / count;
        let shift_x = (mean_x - self.x) * self.strength;
        let shift_y = (mean_y - self.y) * self.strength;
        bodies.x.iter_mut().for_each(|x| *x -= shift_x);
        bodies.y.iter_mut().for_each(|y| *y -= shift_y);
    }
}
