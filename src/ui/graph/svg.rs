//! The current graph view as an SVG picture: the same edges, arrowheads, nodes and labels as
//! the last frame drawn on the canvas, as vector shapes with the text as text.

use super::draw::{arrowhead, has_arrowhead, kind_colour, kind_dash, NODE_PALETTE};
use super::runtime::GraphRuntime;
use crate::markup::escape;
use crate::scene::EdgeShape;
use std::fmt::Write;

fn path_data(shape: &EdgeShape) -> String {
    match *shape {
        EdgeShape::Line { x1, y1, x2, y2 } => format!("M{x1:.2} {y1:.2}L{x2:.2} {y2:.2}"),
        EdgeShape::Curve {
            x1,
            y1,
            cx,
            cy,
            x2,
            y2,
        } => format!("M{x1:.2} {y1:.2}Q{cx:.2} {cy:.2} {x2:.2} {y2:.2}"),
        EdgeShape::Loop { cx, cy, r } => {
            format!("M{:.2} {cy:.2}A{r:.2} {r:.2} 0 1 0 {:.2} {cy:.2}A{r:.2} {r:.2} 0 1 0 {:.2} {cy:.2}", cx + r, cx - r, cx + r)
        }
    }
}

/// The view as a standalone SVG document of the canvas's size.
pub fn view_svg(rt: &GraphRuntime) -> String {
    let (width, height) = (rt.width, rt.height);
    let camera = rt.camera;
    let scale = camera.scale;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"system-ui, sans-serif\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n\
         <g transform=\"translate({:.3} {:.3}) scale({scale:.5})\">\n",
        camera.x, camera.y
    );
    for (edge, shape) in rt.shapes.iter().enumerate() {
        let kind = rt.edge_kind[edge];
        let dash: Vec<String> = kind_dash(kind)
            .iter()
            .map(|d| format!("{:.2}", d / scale))
            .collect();
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{}\"", dash.join(" "))
        };
        let _ = writeln!(
            svg,
            "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-opacity=\"0.7\" stroke-width=\"{:.3}\"{dash}/>",
            path_data(shape),
            kind_colour(kind),
            1.2 / scale
        );
        if has_arrowhead(rt, edge, false) {
            let [a, b, c] = arrowhead(shape, rt.drawn_radius(rt.ends[edge].1), scale);
            let _ = writeln!(
                svg,
                "<polygon points=\"{:.2},{:.2} {:.2},{:.2} {:.2},{:.2}\" fill=\"{}\"/>",
                a.0,
                a.1,
                b.0,
                b.1,
                c.0,
                c.1,
                kind_colour(kind)
            );
        }
    }
    for local in 0..rt.nodes.len() {
        let (x, y) = rt.node_xy(local);
        let colour = NODE_PALETTE[rt.node_colour[local]];
        let event = &rt.data.dataset.events[rt.nodes[local]];
        let (fill, stroke) = if event.placeholder {
            ("#ffffff", colour)
        } else {
            (colour, "#ffffff")
        };
        let _ = writeln!(
            svg,
            "<circle cx=\"{x:.2}\" cy=\"{y:.2}\" r=\"{:.2}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{:.3}\"><title>{}</title></circle>",
            rt.drawn_radius(local),
            1.5 / scale,
            escape(&event.title)
        );
    }
    svg.push_str("</g>\n");
    for label in &rt.drawn_node_labels {
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"12\" text-anchor=\"middle\" dominant-baseline=\"middle\" fill=\"#1d2330\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
            label.x,
            label.y,
            escape(&label.text)
        );
    }
    for label in &rt.drawn_edge_labels {
        let _ = writeln!(
            svg,
            "<g transform=\"translate({:.1} {:.1}) rotate({:.2})\"><rect x=\"{:.1}\" y=\"-7\" width=\"{:.1}\" height=\"14\" fill=\"#ffffff\" fill-opacity=\"0.92\"/><text font-size=\"11\" text-anchor=\"middle\" dominant-baseline=\"middle\" fill=\"#3a4252\">{}</text></g>",
            label.x,
            label.y,
            label.angle.to_degrees(),
            -label.width / 2.0 - 3.0,
            label.width + 6.0,
            escape(&label.text)
        );
    }
    svg.push_str("</svg>\n");
    svg
}
