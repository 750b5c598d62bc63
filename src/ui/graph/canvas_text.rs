//! The canvas writer's text: labels and rationale cards, the turned labels and the cards
//! copied from images of their own (see [`super::images`]).

use super::images::ImageCache;
use crate::view::cards::{BASELINE, CARD_PADDING, LINE_HEIGHT};
use crate::view::frame::{Backing, Card, Counts, Frame, Label, LabelOwner};
use crate::view::style::MUTED_TEXT;
use crate::view::text::Font;
use foldhash::fast::FixedState;
use std::hash::BuildHasher;
use web_sys::CanvasRenderingContext2d;

pub fn write_labels(
    ctx: &CanvasRenderingContext2d,
    frame: &Frame,
    images: &mut ImageCache<(usize, u64, u64)>,
    dpr: f64,
    counts: &mut Counts,
) {
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    for label in &frame.labels {
        match label.backing {
            Backing::Halo => {
                ctx.set_font(label.font.css());
                ctx.set_global_alpha(label.alpha);
                ctx.set_line_width(3.0);
                ctx.set_stroke_style_str("rgba(255,255,255,0.9)");
                let _ = ctx.stroke_text(&label.text, label.x, label.y);
                ctx.set_fill_style_str(label.colour);
                let _ = ctx.fill_text(&label.text, label.x, label.y);
            }
            Backing::Box { alpha } => {
                ctx.save();
                let _ = ctx.translate(label.x, label.y);
                let _ = ctx.rotate(label.angle);
                let (width, height) = boxed_label_size(label);
                let turned = label.angle.abs() > 1e-3;
                let key = turned.then(|| {
                    let relation = match label.owner {
                        LabelOwner::Relation(relation) | LabelOwner::Node(relation) => relation,
                    };
                    let text = FixedState::default().hash_one(&label.text);
                    (relation, text, dpr.to_bits())
                });
                let image = key.and_then(|key| {
                    images.image(key, (width, height), dpr, |context| {
                        draw_boxed_label(context, label, alpha, (width / 2.0, height / 2.0));
                    })
                });
                match image {
                    Some(image) => {
                        let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(
                            &image,
                            -width / 2.0,
                            -height / 2.0,
                            width,
                            height,
                        );
                    }
                    None => draw_boxed_label(ctx, label, alpha, (0.0, 0.0)),
                }
                ctx.restore();
            }
        }
        counts.labels += 1;
    }
    ctx.set_global_alpha(1.0);
}

/// A boxed label's size with a pixel of room each side for the edges' smoothing.
fn boxed_label_size(label: &Label) -> (f64, f64) {
    (label.width + 8.0, 16.0)
}

/// A label in its white box, centred on `(x, y)`.
fn draw_boxed_label(ctx: &CanvasRenderingContext2d, label: &Label, alpha: f64, (x, y): (f64, f64)) {
    ctx.set_font(label.font.css());
    ctx.set_text_align("center");
    ctx.set_text_baseline("middle");
    ctx.set_global_alpha(alpha);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(
        x - label.width / 2.0 - 3.0,
        y - 7.0,
        label.width + 6.0,
        14.0,
    );
    ctx.set_global_alpha(label.alpha);
    ctx.set_fill_style_str(label.colour);
    let _ = ctx.fill_text(&label.text, x, y + 0.5);
}

pub fn write_cards(
    ctx: &CanvasRenderingContext2d,
    frame: &Frame,
    images: &mut ImageCache<(usize, bool, u64)>,
    dpr: f64,
    counts: &mut Counts,
) {
    for card in &frame.cards {
        let (lx, ly) = card.leader_end();
        if (lx - card.anchor.0).hypot(ly - card.anchor.1) > 6.0 {
            ctx.set_stroke_style_str(card.accent);
            ctx.set_line_width(1.0);
            ctx.begin_path();
            ctx.move_to(card.anchor.0, card.anchor.1);
            ctx.line_to(lx, ly);
            ctx.stroke();
            ctx.set_fill_style_str(card.accent);
            ctx.begin_path();
            let _ = ctx.arc(
                card.anchor.0,
                card.anchor.1,
                2.5,
                0.0,
                std::f64::consts::TAU,
            );
            ctx.fill();
        }
        // On whole device pixels, so that the copy is not resampled.
        let snap = |at: f64| (at * dpr).round() / dpr;
        let (x, y) = (snap(card.x), snap(card.y));
        let key = (card.relation, card.current, dpr.to_bits());
        match images.image(key, card_image_size(card), dpr, |context| {
            draw_card(context, card, (0.0, 0.0))
        }) {
            Some(image) => {
                let (width, height) = card_image_size(card);
                let _ = ctx
                    .draw_image_with_html_canvas_element_and_dw_and_dh(&image, x, y, width, height);
            }
            None => draw_card(ctx, card, (x, y)),
        }
        counts.cards += 1;
    }
    if let Some(note) = &frame.note {
        ctx.set_text_align("left");
        ctx.set_text_baseline("alphabetic");
        ctx.set_font(Font::CardBody.css());
        ctx.set_line_width(3.0);
        ctx.set_stroke_style_str("rgba(255,255,255,0.9)");
        let _ = ctx.stroke_text(note, 8.0, frame.text_bottom - 10.0);
        ctx.set_fill_style_str(MUTED_TEXT);
        let _ = ctx.fill_text(note, 8.0, frame.text_bottom - 10.0);
    }
}

/// A card's image in CSS pixels: the card and its shadow.
fn card_image_size(card: &Card) -> (f64, f64) {
    (card.text.width + 1.0, card.text.height + 2.0)
}

/// A card (shadow, box, border and text) with its top-left corner at `(x, y)`.
fn draw_card(ctx: &CanvasRenderingContext2d, card: &Card, (x, y): (f64, f64)) {
    ctx.set_text_align("left");
    ctx.set_text_baseline("alphabetic");
    let (width, height) = (card.text.width, card.text.height);
    ctx.set_fill_style_str("rgba(29,35,48,0.12)");
    ctx.fill_rect(x + 1.0, y + 2.0, width, height);
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(x, y, width, height);
    ctx.set_stroke_style_str(card.accent);
    ctx.set_line_width(if card.current { 2.0 } else { 1.0 });
    ctx.stroke_rect(x + 0.5, y + 0.5, width - 1.0, height - 1.0);
    for (row, line) in card.text.lines.iter().enumerate() {
        ctx.set_font(line.font.css());
        let baseline = y + CARD_PADDING + row as f64 * LINE_HEIGHT + BASELINE;
        for span in &line.spans {
            let left = x + CARD_PADDING + span.x;
            ctx.set_fill_style_str(span.colour);
            let _ = ctx.fill_text(&span.text, left, baseline);
            if span.link.is_some() {
                ctx.fill_rect(left, baseline + 2.0, span.width, 1.0);
            }
        }
    }
}
