//! The SVG writer: a [`Frame`] as a standalone SVG document, vector shapes with the text as
//! text, so a picture of the view can go into a report and still be edited. It writes what
//! the frame holds and decides nothing itself; the canvas writer does the same on screen.

use super::cards::{BASELINE, CARD_PADDING, LINE_HEIGHT};
use super::frame::{Backing, Frame, LabelOwner, Stroke};
use super::shape::EdgeShape;
use crate::markup::escape;
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
        EdgeShape::Loop { cx, cy, r } => format!(
            "M{:.2} {cy:.2}A{r:.2} {r:.2} 0 1 0 {:.2} {cy:.2}A{r:.2} {r:.2} 0 1 0 {:.2} {cy:.2}",
            cx + r,
            cx - r,
            cx + r
        ),
    }
}

/// A stroke's attributes, its width and dashes given in screen pixels and drawn at `scale`.
fn stroke_attributes(stroke: &Stroke, scale: f64) -> String {
    let mut attributes = format!(
        " stroke=\"{}\" stroke-width=\"{:.3}\"",
        stroke.colour,
        stroke.width / scale
    );
    if !stroke.dash.is_empty() {
        let dash: Vec<String> = stroke
            .dash
            .iter()
            .map(|d| format!("{:.2}", d / scale))
            .collect();
        let _ = write!(attributes, " stroke-dasharray=\"{}\"", dash.join(" "));
    }
    attributes
}

/// The frame as SVG; `title_of(node)` names a local node (each disc carries its title).
pub fn write_svg(
    frame: &Frame,
    shapes: &[EdgeShape],
    title_of: &dyn Fn(usize) -> String,
) -> String {
    let (width, height) = frame.size;
    let camera = frame.camera;
    let scale = camera.scale;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"system-ui, sans-serif\">\n\
         <rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n\
         <g transform=\"translate({:.3} {:.3}) scale({scale:.5})\">\n",
        camera.x, camera.y
    );
    for batch in &frame.edge_batches {
        let _ = writeln!(
            svg,
            "<g fill=\"none\"{}>",
            stroke_attributes(&batch.stroke, scale)
        );
        for &edge in &batch.edges {
            let _ = writeln!(
                svg,
                "<path class=\"edge\" d=\"{}\"/>",
                path_data(&shapes[edge])
            );
        }
        svg.push_str("</g>\n");
    }
    for batch in &frame.arrowhead_batches {
        let _ = writeln!(svg, "<g fill=\"{}\">", batch.colour);
        for [a, b, c] in &batch.triangles {
            let _ = writeln!(
                svg,
                "<polygon class=\"arrow\" points=\"{:.2},{:.2} {:.2},{:.2} {:.2},{:.2}\"/>",
                a.0, a.1, b.0, b.1, c.0, c.1
            );
        }
        svg.push_str("</g>\n");
    }
    for batch in &frame.disc_batches {
        let fill = batch.fill.as_deref().unwrap_or("none");
        let stroke = batch
            .stroke
            .as_ref()
            .map(|stroke| stroke_attributes(stroke, scale))
            .unwrap_or_default();
        let _ = writeln!(svg, "<g fill=\"{fill}\"{stroke}>");
        for disc in &batch.discs {
            let _ = writeln!(
                svg,
                "<circle class=\"node\" cx=\"{:.2}\" cy=\"{:.2}\" r=\"{:.2}\"><title>{}</title></circle>",
                disc.x,
                disc.y,
                disc.r,
                escape(&title_of(disc.node))
            );
        }
        svg.push_str("</g>\n");
    }
    svg.push_str("</g>\n");
    for label in &frame.labels {
        let text = escape(&label.text);
        let size = label.font.size();
        match (label.owner, label.backing) {
            (LabelOwner::Node(_), _) | (_, Backing::Halo) => {
                let _ = writeln!(
                    svg,
                    "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" font-size=\"{size}\" text-anchor=\"middle\" dominant-baseline=\"middle\" fill=\"{}\" opacity=\"{:.2}\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{text}</text>",
                    label.x, label.y, label.colour, label.alpha
                );
            }
            (LabelOwner::Relation(_), Backing::Box { alpha }) => {
                let _ = writeln!(
                    svg,
                    "<g transform=\"translate({:.1} {:.1}) rotate({:.2})\"><rect x=\"{:.1}\" y=\"-7\" width=\"{:.1}\" height=\"14\" fill=\"#ffffff\" fill-opacity=\"{alpha:.2}\"/><text class=\"label\" font-size=\"{size}\" text-anchor=\"middle\" dominant-baseline=\"middle\" fill=\"{}\" opacity=\"{:.2}\">{text}</text></g>",
                    label.x,
                    label.y,
                    label.angle.to_degrees(),
                    -label.width / 2.0 - 3.0,
                    label.width + 6.0,
                    label.colour,
                    label.alpha
                );
            }
        }
    }
    for card in &frame.cards {
        let _ = writeln!(svg, "<g class=\"card\">");
        let (lx, ly) = card.leader_end();
        if (lx - card.anchor.0).hypot(ly - card.anchor.1) > 6.0 {
            let _ = writeln!(
                svg,
                "<line x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{lx:.1}\" y2=\"{ly:.1}\" stroke=\"{}\" stroke-width=\"1\"/><circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"2.5\" fill=\"{}\"/>",
                card.anchor.0, card.anchor.1, card.accent, card.anchor.0, card.anchor.1, card.accent
            );
        }
        let _ = writeln!(
            svg,
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" rx=\"4\" fill=\"#ffffff\" stroke=\"{}\" stroke-width=\"{}\"/>",
            card.x,
            card.y,
            card.text.width,
            card.text.height,
            card.accent,
            if card.current { 2 } else { 1 }
        );
        for (row, line) in card.text.lines.iter().enumerate() {
            let y = card.y + CARD_PADDING + row as f64 * LINE_HEIGHT + BASELINE;
            let weight = if line.font.bold() {
                " font-weight=\"bold\""
            } else {
                ""
            };
            let _ = write!(svg, "<text font-size=\"{}\"{weight}>", line.font.size());
            for span in &line.spans {
                let underline = if span.link.is_some() {
                    " text-decoration=\"underline\""
                } else {
                    ""
                };
                let _ = write!(
                    svg,
                    "<tspan x=\"{:.1}\" y=\"{y:.1}\" fill=\"{}\"{underline}>{}</tspan>",
                    card.x + CARD_PADDING + span.x,
                    span.colour,
                    escape(&span.text)
                );
            }
            svg.push_str("</text>\n");
        }
        svg.push_str("</g>\n");
    }
    if let Some(note) = &frame.note {
        let _ = writeln!(
            svg,
            "<text x=\"8\" y=\"{:.1}\" font-size=\"12\" fill=\"#4a5263\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">{}</text>",
            frame.text_bottom - 10.0,
            escape(note)
        );
    }
    svg.push_str("</svg>\n");
    svg
}
