//! The graph's looks, in one place for every writer: node and kind palettes, dash patterns,
//! the looks kinds cycle through, and colours blended over the stage's background (opaque
//! colours draw much faster than translucent ones on software canvases).

/// Node colours: nine categories, "other", and grey for "none". Each is at least 3:1 against
/// the stage's background, as graphics that carry meaning need (WCAG 1.4.11).
pub const NODE_PALETTE: [&str; 11] = [
    "#4e79a7", "#d0690f", "#e14a4c", "#4f9444", "#a76b98", "#a68a00", "#3c8e87", "#d45a87",
    "#9c755f", "#666666", "#858d9c",
];
/// How many node colours name a category; the palette's next slot is "other", then "none".
pub const NAMED_COLOURS: usize = 9;
/// Edge colours by relation kind (cycled), and the colour of relations without a kind.
pub const KIND_PALETTE: [&str; 6] = [
    "#2f6db5", "#c0392b", "#2e8b3c", "#8e44ad", "#d35400", "#0f7c8c",
];
pub const NO_KIND_COLOUR: &str = "#8a94a6";
/// Dash patterns by kind (cycled with the colours), in screen pixels, so kinds differ without
/// colour too.
pub const KIND_DASHES: [&[f64]; 4] = [&[], &[7.0, 4.0], &[2.0, 3.0], &[10.0, 3.0, 2.0, 3.0]];
/// How many looks (colour and dash) kinds cycle through: the least common multiple of the
/// palette's and the dashes' lengths.
pub const KIND_STYLES: usize = 12;

/// The stage's background colour (see `.graph-stage` in style.css).
pub const BACKGROUND: (u8, u8, u8) = (251, 252, 254);
/// Text on the stage, and the halo around it.
pub const TEXT: &str = "#1d2330";
pub const MUTED_TEXT: &str = "#4a5263";
/// Text of relations without a kind.
pub const NO_KIND_TEXT: &str = "#3a4252";
/// Links inside cards (the page's link colour).
pub const LINK: &str = "#1a56a8";
/// The selection ring: dark amber, 3:1 against the stage, as a focus indicator needs (WCAG
/// 1.4.11).
pub const SELECTED: &str = "#b86e00";
/// A pinned node's centre dot.
pub const PIN: &str = "#1d2330";

/// The look of a kind (by index in frequency order): 0 for no kind, else 1 + index mod
/// [`KIND_STYLES`]. Edges are drawn in one batch per look, so a frame costs the same with 5
/// kinds or 50,000.
pub fn kind_style(kind: Option<usize>) -> usize {
    kind.map_or(0, |kind| 1 + kind % KIND_STYLES)
}

pub fn style_colour(style: usize) -> &'static str {
    match style {
        0 => NO_KIND_COLOUR,
        style => KIND_PALETTE[(style - 1) % KIND_PALETTE.len()],
    }
}

pub fn style_dash(style: usize) -> &'static [f64] {
    match style {
        0 => &[],
        style => KIND_DASHES[(style - 1) % KIND_DASHES.len()],
    }
}

pub fn kind_colour(kind: Option<usize>) -> &'static str {
    style_colour(kind_style(kind))
}

pub fn kind_dash(kind: Option<usize>) -> &'static [f64] {
    style_dash(kind_style(kind))
}

/// The colour of a kind's text: its edge colour, or dark grey for no kind (the edge grey is
/// too light to read).
pub fn kind_text_colour(kind: Option<usize>) -> &'static str {
    if kind.is_some() {
        kind_colour(kind)
    } else {
        NO_KIND_TEXT
    }
}

/// `colour` at `alpha` over the stage's background, as an opaque colour.
pub fn over_background(colour: &str, alpha: f64) -> String {
    blend_opaque(colour, alpha, BACKGROUND)
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
    fn blending_over_the_background_matches_what_alpha_would_show() {
        assert_eq!(blend_opaque("#4e79a7", 1.0, (255, 255, 255)), "#4e79a7");
        assert_eq!(blend_opaque("#4e79a7", 0.0, (251, 252, 254)), "#fbfcfe");
        // 0x4e = 78 at 0.5 over 255 → 166.5 → 167 (0xa7).
        assert_eq!(blend_opaque("#4e79a7", 0.5, (255, 255, 255)), "#a7bcd3");
    }

    #[test]
    fn every_node_colour_is_at_least_three_to_one_against_the_stage() {
        fn luminance(hex: &str) -> f64 {
            let channel = |at: usize| {
                let value = f64::from(u8::from_str_radix(&hex[at..at + 2], 16).unwrap()) / 255.0;
                if value <= 0.03928 {
                    value / 12.92
                } else {
                    ((value + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
        }
        let stage = luminance("#fbfcfe");
        for colour in NODE_PALETTE.iter().chain(&KIND_PALETTE) {
            let contrast = (stage + 0.05) / (luminance(colour) + 0.05);
            assert!(contrast >= 3.0, "{colour}: {contrast:.2}:1");
        }
    }

    #[test]
    fn kinds_cycle_through_twelve_looks_and_no_kind_has_its_own() {
        assert_eq!(kind_style(None), 0);
        assert_eq!(kind_style(Some(0)), 1);
        assert_eq!(kind_style(Some(KIND_STYLES)), 1);
        let looks: std::collections::HashSet<(&str, String)> = (0..KIND_STYLES)
            .map(|kind| {
                (
                    kind_colour(Some(kind)),
                    format!("{:?}", kind_dash(Some(kind))),
                )
            })
            .collect();
        assert_eq!(looks.len(), KIND_STYLES, "every look differs");
    }
}
