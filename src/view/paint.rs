//! Painting a frame's base picture (its `raster` items: thin edges and node dots, zoomed out
//! or faded behind a selection) into a [`Raster`], in parts if need be: software canvases take 70–100 ms to
//! stroke 60,000 edges, this takes a fraction of that and can stop between edges.

use super::frame::Frame;
use super::shape::EdgeShape;
use crate::raster::{Raster, Rgb};

/// How many edges [`paint_base`] paints between two questions whether to stop.
pub const EDGES_PER_STOP_CHECK: usize = 512;

/// Paints the frame's `raster` edge batches, from the `from`-th of their edges on (counting
/// through the batches in order), `dpr` device pixels per screen pixel, and once every edge
/// is painted, its `raster` discs. Every [`EDGES_PER_STOP_CHECK`] edges it asks `stop` whether
/// to leave the rest for later, and returns how many edges are painted so far, or `None` when
/// the picture is finished. Painted in parts, a picture is the same as painted at once.
pub fn paint_base(
    raster: &mut Raster,
    frame: &Frame,
    shapes: &[EdgeShape],
    dpr: f64,
    from: usize,
    mut stop: impl FnMut() -> bool,
) -> Option<usize> {
    let camera = frame.camera;
    let to_device = |x: f64, y: f64| {
        let (sx, sy) = camera.to_screen(x, y);
        (sx * dpr, sy * dpr)
    };
    // `index` counts the raster edges in batch order, painted or skipped.
    let mut index = 0;
    let mut since_check = 0;
    for batch in frame.edge_batches.iter().filter(|batch| batch.raster) {
        let colour = Rgb::from_hex(&batch.stroke.colour);
        let thickness = batch.stroke.width * dpr;
        if index + batch.edges.len() <= from {
            index += batch.edges.len();
            continue;
        }
        let skip = from.saturating_sub(index);
        index += skip;
        for &edge in &batch.edges[skip..] {
            if since_check == EDGES_PER_STOP_CHECK {
                since_check = 0;
                if stop() {
                    return Some(index);
                }
            }
            since_check += 1;
            index += 1;
            match shapes[edge] {
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
    }
    for batch in frame.disc_batches.iter().filter(|batch| batch.raster) {
        let Some(fill) = &batch.fill else { continue };
        let colour = Rgb::from_hex(fill);
        for disc in &batch.discs {
            let (x, y) = to_device(disc.x, disc.y);
            raster.disc(x, y, disc.r * camera.scale * dpr, colour);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::camera::Camera;
    use super::super::frame::{Disc, DiscBatch, EdgeBatch, Stroke};
    use super::super::shape::{edge_fans, fill_edge_shapes};
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
        let mut shapes = Vec::new();
        fill_edge_shapes(&mut shapes, &edges, &edge_fans(&edges), &x, &y, &radius);
        assert!(shapes.iter().any(|s| matches!(s, EdgeShape::Curve { .. })));
        // Edges in three batches of their own colours; some left out of the raster (drawn
        // later, emphasised), and the nodes' dots.
        let batch = |raster: bool, colour: &str, edges: Vec<usize>| EdgeBatch {
            raster,
            stroke: Stroke {
                colour: colour.into(),
                width: 1.0,
                dash: &[],
            },
            edges,
        };
        let frame = Frame {
            size: (640.0, 480.0),
            camera: Camera {
                scale: 0.6,
                x: 320.0,
                y: 240.0,
            },
            overview: true,
            base: true,
            edge_batches: vec![
                batch(
                    true,
                    "#2f6db5",
                    (0..shapes.len()).filter(|e| e % 3 == 0).collect(),
                ),
                batch(
                    false,
                    "#000000",
                    (0..shapes.len()).filter(|e| e % 3 == 1).collect(),
                ),
                batch(
                    true,
                    "#c0392b",
                    (0..shapes.len()).filter(|e| e % 3 == 2).collect(),
                ),
            ],
            disc_batches: vec![DiscBatch {
                raster: true,
                fill: Some("#4e79a7".into()),
                stroke: None,
                discs: (0..nodes)
                    .map(|node| Disc {
                        x: x[node],
                        y: y[node],
                        r: 5.0,
                        node,
                    })
                    .collect(),
            }],
            ..Frame::default()
        };
        let painted = |stop_every: Option<usize>| {
            let mut raster = Raster::default();
            raster.reset(960, 720, Rgb(251, 252, 254));
            let (mut from, mut parts) = (0, 0);
            loop {
                let mut checks = 0;
                parts += 1;
                let next = paint_base(&mut raster, &frame, &shapes, 1.5, from, || {
                    checks += 1;
                    stop_every.is_some_and(|every| checks % every == 0)
                });
                match next {
                    Some(next) => from = next,
                    None => break,
                }
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
        let has = |rgb: [u8; 3]| whole.chunks_exact(4).any(|pixel| pixel[..3] == rgb);
        assert!(has([0x4e, 0x79, 0xa7]), "the dots are painted");
        assert!(!has([0, 0, 0]), "edges not for the raster are left out");
    }
}
