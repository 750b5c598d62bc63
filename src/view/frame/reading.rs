//! Reading mode's cards in the display list.

use super::*;

impl Builder<'_, '_> {
    /// Reading mode: a card per relation of the selected event (or of the event whose
    /// relations the keyboard steps through), the selected relation's first and whole; or the
    /// selected relation's card alone. Returns the edges that got a card.
    pub(super) fn cards(
        &mut self,
        room: &mut Room,
        discs: &[(usize, LabelBox)],
        cache: &mut TextCache,
        measure: &mut dyn Measure,
    ) -> FastSet<usize> {
        let scene = self.scene;
        let graph = scene.graph;
        let mut carded = FastSet::default();
        if !scene.reading {
            return carded;
        }
        let current = match scene.focus.selected {
            Some(Hit::Edge(edge)) => Some(edge),
            _ => None,
        };
        let anchor = match scene.focus.selected {
            Some(Hit::Node(node)) => Some(node),
            Some(Hit::Edge(edge)) => scene
                .focus
                .anchor
                .filter(|&node| graph.edges_of(node).contains(&edge)),
            None => None,
        };
        let mut edges: Vec<usize> = current.into_iter().collect();
        if let Some(node) = anchor {
            edges.extend(
                graph
                    .edges_of(node)
                    .iter()
                    .copied()
                    .filter(|&edge| Some(edge) != current),
            );
        }
        let (width, height) = (scene.size.0, self.frame.text_bottom);
        let total = edges.len();
        // First clear of every disc; where a crowded view leaves no such place, over faded
        // discs but clear of the events the cards are about.
        let clear_of_every_disc = Coverage::new(
            COVERAGE_CELL,
            scene.size,
            discs.iter().map(|&(_, disc)| disc),
        );
        let mut about = vec![false; graph.node_count()];
        for &edge in &edges {
            about[graph.ends[edge].0] = true;
            about[graph.ends[edge].1] = true;
        }
        let mut clear_of_the_events: Option<Coverage> = None;
        for (tried, edge) in edges.into_iter().enumerate() {
            if tried >= MAX_CARDS {
                self.frame.cards_left_out += 1;
                continue;
            }
            let is_current = Some(edge) == current;
            let max_lines = if is_current {
                WHOLE_LINES
            } else {
                READING_LINES
            };
            let relation_index = graph.edges[edge];
            let accent = kind_text_colour(graph.edge_kind[edge]);
            let text = cache
                .cards
                .entry((edge, max_lines))
                .or_insert_with(|| {
                    let relation = &scene.dataset.relations[relation_index];
                    let (source, target) = graph.ends[edge];
                    let event = |local: usize| {
                        let index = graph.nodes[local];
                        (index, scene.dataset.events[index].title.as_str())
                    };
                    let ends = Ends {
                        source: event(source),
                        target: event(target),
                    };
                    card_text(
                        relation,
                        &ends,
                        accent,
                        max_lines,
                        &mut cache.widths,
                        measure,
                    )
                })
                .clone();
            let (ax, ay) = scene.shapes[edge].point_at(0.5);
            let (ax, ay) = scene.camera.to_screen(ax, ay);
            let anchor = (ax.clamp(0.0, width), ay.clamp(0.0, height));
            let size = (text.width, text.height);
            let placed = place_card(
                size,
                anchor,
                (width, height),
                &mut room.text,
                &clear_of_every_disc,
            )
            .or_else(|| {
                let coverage = clear_of_the_events.get_or_insert_with(|| {
                    let discs = discs.iter().filter(|&&(node, _)| about[node]);
                    Coverage::new(COVERAGE_CELL, scene.size, discs.map(|&(_, disc)| disc))
                });
                place_card(size, anchor, (width, height), &mut room.text, coverage)
            });
            match placed {
                Some((x, y)) => {
                    carded.insert(edge);
                    self.frame.cards.push(Card {
                        relation: relation_index,
                        edge,
                        x,
                        y,
                        anchor,
                        accent,
                        current: is_current,
                        text,
                    });
                }
                None => self.frame.cards_left_out += 1,
            }
        }
        let left_out = self.frame.cards_left_out;
        if left_out > 0 {
            // The longest form that fits the view's width (a cut-off hint helps nobody).
            let forms = [
                format!(
                    "{left_out} of {total} relations do not fit as cards: press F to frame the \
                     selection, zoom in, or step through them with [ and ]"
                ),
                format!("{left_out} of {total} cards do not fit: [ and ] step through them"),
                format!("{left_out} of {total} cards left out"),
            ];
            let room = scene.size.0 - 16.0;
            let note = forms
                .iter()
                .find(|form| cache.widths.estimate(measure, Font::CardBody, form) <= room)
                .unwrap_or(&forms[2]);
            self.frame.note = Some(note.clone());
        }
        carded
    }
}
