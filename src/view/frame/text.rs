//! The display list's text: labels around nodes, rationale along edges, and the order in
//! which they and the cards take their room.

use super::*;

/// The height of the strip along the bottom of the view where reading mode's note on cards left
/// out is written (its baseline 10 px above the bottom, in the card's body font).
pub(super) const NOTE_STRIP_HEIGHT: f64 = 24.0;

impl Builder<'_, '_> {
    /// Labels around the nodes (never across a disc of a few pixels or more), the cards of
    /// reading mode, and rationale along edges, none overlapping another: the emphasised
    /// nodes' labels first, then the cards, then the rest.
    pub(super) fn labels_and_cards(&mut self, cache: &mut TextCache, measure: &mut dyn Measure) {
        let scene = self.scene;
        let graph = scene.graph;
        let camera = scene.camera;
        let mut room = Room::new(48.0, scene.size);
        let (corner_width, corner_height) = scene.covered_corner;
        if corner_width > 0.0 && corner_height > 0.0 {
            room.text.reserve(LabelBox {
                cx: scene.size.0 - corner_width / 2.0,
                cy: corner_height / 2.0,
                half_width: corner_width / 2.0,
                half_height: corner_height / 2.0,
                angle: 0.0,
            });
        }
        // Cards keep off every disc, however small (with a little room); labels only off
        // discs big enough to hide them.
        let cards_wanted = scene.reading && scene.focus.selected.is_some();
        if cards_wanted {
            // The strip where the note on cards left out goes, kept whether or not there is
            // one (it is known only once the cards are placed), so that no text runs under it.
            let bottom = self.frame.text_bottom;
            room.text.reserve(LabelBox {
                cx: scene.size.0 / 2.0,
                cy: bottom - NOTE_STRIP_HEIGHT / 2.0,
                half_width: scene.size.0 / 2.0,
                half_height: NOTE_STRIP_HEIGHT / 2.0,
                angle: 0.0,
            });
        }
        let mut card_discs = Vec::new();
        for node in (0..graph.node_count()).filter(|&node| self.visible_node[node]) {
            let r = graph.drawn_radius(node, self.scale) * self.scale;
            let (sx, sy) = camera.to_screen(scene.x[node], scene.y[node]);
            let disc = LabelBox {
                cx: sx,
                cy: sy,
                half_width: r,
                half_height: r,
                angle: 0.0,
            };
            if cards_wanted {
                let half = r.max(3.0) + 2.0;
                card_discs.push((
                    node,
                    LabelBox {
                        half_width: half,
                        half_height: half,
                        ..disc
                    },
                ));
            }
            if r >= MIN_LABEL_BLOCKING_RADIUS {
                room.discs.reserve(disc);
                if self.emphasis.as_ref().is_some_and(|e| e.node[node]) {
                    room.event_discs.reserve(disc);
                }
            }
        }
        let (first, rest) = self.node_label_candidates();
        let mut shown = 0;
        self.node_labels(&first, &mut shown, &mut room, cache, measure);
        let carded = self.cards(&mut room, &card_discs, cache, measure);
        self.node_labels(&rest, &mut shown, &mut room, cache, measure);
        self.edge_labels(&carded, &mut room, cache, measure);
    }

    /// Emphasised nodes (biggest first), then the others by size; zoomed far out, only the
    /// biggest few of those.
    fn node_label_candidates(&self) -> (Vec<usize>, Vec<usize>) {
        let graph = self.scene.graph;
        let mut first: Vec<usize> = self
            .emphasis
            .as_ref()
            .map(|e| {
                e.nodes
                    .iter()
                    .copied()
                    .filter(|&n| self.visible_node[n])
                    .collect()
            })
            .unwrap_or_default();
        sort_indices(&mut first, &|a, b| {
            graph.size_rank[a].cmp(&graph.size_rank[b])
        });
        let limit = if self.frame.overview {
            OVERVIEW_LABELS
        } else {
            usize::MAX
        };
        let emphasised = |node: usize| self.emphasis.as_ref().is_some_and(|e| e.node[node]);
        let rest = graph
            .by_size
            .iter()
            .copied()
            .filter(|&n| self.visible_node[n] && !emphasised(n))
            .take(limit)
            .collect();
        (first, rest)
    }

    fn node_labels(
        &mut self,
        candidates: &[usize],
        shown: &mut usize,
        room: &mut Room,
        cache: &mut TextCache,
        measure: &mut dyn Measure,
    ) {
        let scene = self.scene;
        let graph = scene.graph;
        let (width, height) = (scene.size.0, self.frame.text_bottom);
        for &node in candidates {
            let dimmed = self.node_dimmed(node);
            if *shown >= MAX_NODE_LABELS && (dimmed || self.emphasis.is_none()) {
                break;
            }
            let over_faded = self.emphasis.is_some() && !dimmed;
            let (sx, sy) = scene.camera.to_screen(scene.x[node], scene.y[node]);
            let r = graph.drawn_radius(node, self.scale) * self.scale;
            // Below the node if there is room, else above, right or left of it.
            let spots = |half_width: f64| {
                [
                    (sx, sy + r + 10.0),
                    (sx, sy - r - 10.0),
                    (sx + r + half_width + 4.0, sy),
                    (sx - r - half_width - 4.0, sy),
                ]
                .map(|(cx, cy)| LabelBox {
                    cx,
                    cy,
                    half_width,
                    half_height: 7.5,
                    angle: 0.0,
                })
            };
            // The narrowest label's boxes lie inside every wider label's at the same spot: if
            // none of them is free, no label is, and the title need not be measured.
            let narrowest_free = spots(NARROWEST_LABEL_HALF_WIDTH)
                .iter()
                .any(|label| label.within(width, height) && room.is_free(label, over_faded));
            if !narrowest_free {
                continue;
            }
            let (text, text_width) = match cache.node_labels.get(&node) {
                Some(label) => label.clone(),
                None => {
                    let title = &scene.dataset.events[graph.nodes[node]].title;
                    let text = clip_chars(title, MAX_NODE_LABEL_CHARS).into_owned();
                    let text_width = measure.width(Font::Node, &text);
                    if text_width.is_finite() {
                        cache.node_labels.insert(node, (text.clone(), text_width));
                    }
                    (text, text_width)
                }
            };
            let placed = spots(text_width / 2.0 + NARROWEST_LABEL_HALF_WIDTH)
                .into_iter()
                .find(|&label| label.within(width, height) && room.take(label, over_faded));
            let Some(LabelBox { cx: x, cy: y, .. }) = placed else {
                continue;
            };
            *shown += 1;
            self.frame.labels.push(Label {
                owner: LabelOwner::Node(node),
                text,
                x,
                y,
                width: text_width,
                angle: 0.0,
                font: Font::Node,
                colour: TEXT,
                // Dimmed, but still readable (about 4.5:1 over the stage).
                alpha: if dimmed { 0.65 } else { 1.0 },
                backing: Backing::Halo,
            });
        }
    }

    /// Rationale along edges long enough on screen to carry some, the focused and the
    /// emphasised first, then the longest; while the base picture holds the rest (zoomed out,
    /// or faded behind a selection), only emphasised ones: faded text only competes with the
    /// cards, and text turned along an edge is the dearest thing a canvas draws.
    fn edge_labels(
        &mut self,
        carded: &FastSet<usize>,
        room: &mut Room,
        cache: &mut TextCache,
        measure: &mut dyn Measure,
    ) {
        let scene = self.scene;
        let graph = scene.graph;
        let (width, height) = (scene.size.0, self.frame.text_bottom);
        let focused = match scene.focus.hovered.or(scene.focus.selected) {
            Some(Hit::Edge(edge)) => Some(edge),
            _ => None,
        };
        let candidates: Vec<(usize, f64)> = (0..graph.ends.len())
            .filter(|&edge| {
                self.visible_edge[edge]
                    && graph.ends[edge].0 != graph.ends[edge].1
                    && !carded.contains(&edge)
                    && (!self.frame.base || self.edge_emphasised(edge))
            })
            .map(|edge| (edge, scene.shapes[edge].length() * self.scale))
            .filter(|&(_, length)| length >= MIN_LABELLED_EDGE)
            .collect();
        // Focused first, then emphasised, then the longest: the first two as a rank worked
        // out once per candidate, not in every comparison.
        let rank: Vec<u8> = candidates
            .iter()
            .map(|&(edge, _)| {
                u8::from(Some(edge) == focused) * 2 + u8::from(self.edge_emphasised(edge))
            })
            .collect();
        let before = |i: usize, j: usize| {
            rank[j]
                .cmp(&rank[i])
                .then(candidates[j].1.total_cmp(&candidates[i].1))
                .then(i.cmp(&j))
        };
        let limit = ((width * height / PIXELS_PER_EDGE_LABEL) as usize).min(MAX_EDGE_LABELS);
        // In a crowded view most candidates find no room: only the first few times as many
        // as may be shown are tried, so a frame's cost does not grow with the edges in view.
        let tries = limit * EDGE_LABEL_TRIES_PER_LABEL;
        let mut order: Vec<usize> = (0..candidates.len()).collect();
        if order.len() > tries {
            order.select_nth_unstable_by(tries, |&i, &j| before(i, j));
            order.truncate(tries);
        }
        order.sort_unstable_by(|&i, &j| before(i, j));
        let mut shown = 0;
        for (edge, screen_length) in order.into_iter().map(|position| candidates[position]) {
            if shown >= limit {
                break;
            }
            let (source, target) = graph.ends[edge];
            let available = (screen_length
                - (graph.drawn_radius(source, self.scale)
                    + graph.drawn_radius(target, self.scale))
                    * self.scale
                - 2.0 * EDGE_LABEL_END_ROOM)
                .min(MAX_EDGE_LABEL_WIDTH);
            if available < 40.0 {
                continue;
            }
            let over_faded = self.edge_emphasised(edge);
            let shape = scene.shapes[edge];
            let along = |t: f64, half_width: f64| {
                let (mx, my) = shape.point_at(t);
                let (cx, cy) = scene.camera.to_screen(mx, my);
                let (tx, ty) = shape.tangent_at(t);
                LabelBox {
                    cx,
                    cy,
                    half_width,
                    half_height: 7.0,
                    angle: readable_angle(tx, ty),
                }
            };
            // As for node labels: where not even the narrowest label is free, no excerpt is.
            let narrowest_free = EDGE_LABEL_POSITIONS.iter().any(|&t| {
                let label = along(t, NARROWEST_LABEL_HALF_WIDTH);
                label.within(width, height) && room.is_free(&label, over_faded)
            });
            if !narrowest_free {
                continue;
            }
            let bucket = (available / 8.0) as u32;
            let label = cache
                .edge_labels
                .entry((edge, bucket))
                .or_insert_with(|| {
                    let relation = &scene.dataset.relations[graph.edges[edge]];
                    let rationale = clip_chars(&relation.rationale, MAX_LABEL_RATIONALE_CHARS)
                        .replace('\n', " ");
                    // Each data string isolated, so that a right-to-left one keeps to itself.
                    let full = match &relation.kind {
                        Some(kind) => format!(
                            "{}: {}",
                            isolate(&clip_chars(kind, MAX_LABEL_KIND_CHARS)),
                            isolate(&rationale)
                        ),
                        None => rationale,
                    };
                    excerpt_measured(&full, f64::from(bucket) * 8.0, &mut cache.widths, measure)
                })
                .clone();
            let Some((text, text_width)) = label else {
                continue;
            };
            let placed = EDGE_LABEL_POSITIONS.iter().find_map(|&t| {
                let label = along(t, text_width / 2.0 + 3.0);
                (label.within(width, height) && room.take(label, over_faded)).then_some(label)
            });
            let Some(LabelBox {
                cx: x,
                cy: y,
                angle,
                ..
            }) = placed
            else {
                continue;
            };
            shown += 1;
            self.frame.labels.push(Label {
                owner: LabelOwner::Relation(graph.edges[edge]),
                text,
                x,
                y,
                width: text_width,
                angle,
                font: Font::Edge,
                colour: kind_text_colour(graph.edge_kind[edge]),
                alpha: 1.0,
                backing: Backing::Box { alpha: 0.92 },
            });
        }
    }
}

/// [`excerpt`] with few real measurements (each costs about as much as drawing the text): the
/// search estimates widths from each character's, then the result is measured for real, and
/// searched again with real measurements only if shaping or kerning made it too wide.
/// Returns the text and its width.
fn excerpt_measured(
    text: &str,
    max_width: f64,
    widths: &mut CharWidths,
    measure: &mut dyn Measure,
) -> Option<(String, f64)> {
    let cut = widths.excerpt(measure, Font::Edge, text, max_width)?;
    let width = measure.width(Font::Edge, &cut);
    if width <= max_width {
        return Some((cut, width));
    }
    let cut = excerpt(text, max_width, &mut |t| measure.width(Font::Edge, t))?;
    let width = measure.width(Font::Edge, &cut);
    Some((cut, width))
}
