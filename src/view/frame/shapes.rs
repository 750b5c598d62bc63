//! The display list's shapes: edge batches, arrowheads and discs.

use super::*;

impl Builder<'_, '_> {
    /// One batch per look and layer: the rest (faded when something is emphasised), then the
    /// emphasised edges, wider, on top.
    pub(super) fn edges(&mut self) {
        let (overview, base) = (self.frame.overview, self.frame.base);
        let graph = self.scene.graph;
        let base_alpha = if self.emphasis.is_some() { 0.12 } else { 0.6 };
        for (emphasised, alpha, width) in [(false, base_alpha, 1.0), (true, 1.0, 2.6)] {
            let mut by_style: Vec<Vec<usize>> = vec![Vec::new(); KIND_STYLES + 1];
            for edge in (0..graph.ends.len()).filter(|&edge| self.visible_edge[edge]) {
                if self.edge_emphasised(edge) == emphasised {
                    by_style[kind_style(graph.edge_kind[edge])].push(edge);
                }
            }
            for (style, edges) in by_style.into_iter().enumerate() {
                if edges.is_empty() {
                    continue;
                }
                self.frame.edge_batches.push(EdgeBatch {
                    raster: base && !emphasised,
                    stroke: Stroke {
                        colour: over_background(style_colour(style), alpha),
                        width,
                        // In the overview, dashes are noise (and slow): colour alone tells
                        // kinds apart; the base picture has none.
                        dash: if overview || (base && !emphasised) {
                            &[]
                        } else {
                            style_dash(style)
                        },
                    },
                    edges,
                });
            }
        }
    }

    /// Toward the older event (the target), for relations whose direction is known, long
    /// enough on screen; in the overview only on emphasised edges. One batch per kind and
    /// emphasis, so a writer fills each colour once.
    pub(super) fn arrowheads(&mut self) {
        let scene = self.scene;
        let graph = scene.graph;
        // (kind, alpha in hundredths) of each batch, in order of first use.
        let mut looks: Vec<(Option<usize>, u8)> = Vec::new();
        for edge in 0..graph.ends.len() {
            let emphasised = self.edge_emphasised(edge);
            let (source, target) = graph.ends[edge];
            let relation = &scene.dataset.relations[graph.edges[edge]];
            let wanted = self.visible_edge[edge]
                && source != target
                && relation.direction == Direction::SourceWasNew
                && (!self.frame.base || emphasised)
                && scene.shapes[edge].length() * self.scale >= 24.0;
            if !wanted {
                continue;
            }
            let alpha = match &self.emphasis {
                None => 75,
                Some(_) if emphasised => 100,
                Some(_) => 12,
            };
            let look = (graph.edge_kind[edge], alpha);
            let batch = match looks.iter().position(|&known| known == look) {
                Some(batch) => batch,
                None => {
                    looks.push(look);
                    self.frame.arrowhead_batches.push(ArrowheadBatch {
                        colour: over_background(kind_colour(look.0), f64::from(alpha) / 100.0),
                        triangles: Vec::new(),
                    });
                    looks.len() - 1
                }
            };
            self.frame.arrowhead_batches[batch]
                .triangles
                .push(arrowhead(
                    &scene.shapes[edge],
                    graph.drawn_radius(target, self.scale),
                    self.scale,
                ));
        }
    }

    fn disc(&self, node: usize, factor: f64, extra: f64) -> Disc {
        Disc {
            x: self.scene.x[node],
            y: self.scene.y[node],
            r: self.scene.graph.drawn_radius(node, self.scale) * factor + extra,
            node,
        }
    }

    /// Nodes by (dimmed, colour), one batch each; then placeholders (hollow, dashed), pins and
    /// the selection ring over them.
    pub(super) fn discs(&mut self) {
        let scene = self.scene;
        let graph = scene.graph;
        let overview = self.frame.overview;
        let outline = (self.scale >= OUTLINE_SCALE).then(|| Stroke {
            colour: "#ffffff".into(),
            width: 1.5,
            dash: &[],
        });
        let alpha = |dimmed: bool| if dimmed { 0.2 } else { 1.0 };
        let shown: Vec<usize> = (0..graph.node_count())
            .filter(|&node| self.visible_node[node])
            .collect();
        // The overview's base picture has every node, what is emphasised going again on top;
        // zoomed in, it has the faded ones.
        let mut layers: Vec<(bool, bool)> = vec![(true, self.frame.base), (false, overview)];
        if overview && self.emphasis.is_some() {
            layers.push((false, false));
        }
        for (dimmed, raster) in layers {
            for (colour, fill) in NODE_PALETTE.iter().enumerate() {
                let discs: Vec<Disc> = shown
                    .iter()
                    .copied()
                    .filter(|&node| {
                        graph.node_colour[node] == colour
                            && !graph.placeholder[node]
                            && self.node_dimmed(node) == dimmed
                    })
                    .map(|node| self.disc(node, 1.0, 0.0))
                    .collect();
                if discs.is_empty() {
                    continue;
                }
                self.frame.disc_batches.push(DiscBatch {
                    raster,
                    fill: Some(over_background(fill, alpha(dimmed))),
                    stroke: outline.clone(),
                    discs,
                });
            }
        }
        for dimmed in [true, false] {
            for (colour, ring) in NODE_PALETTE.iter().enumerate() {
                let discs: Vec<Disc> = shown
                    .iter()
                    .copied()
                    .filter(|&node| {
                        graph.placeholder[node]
                            && graph.node_colour[node] == colour
                            && self.node_dimmed(node) == dimmed
                    })
                    .map(|node| self.disc(node, 1.0, 0.0))
                    .collect();
                if !discs.is_empty() {
                    self.frame.disc_batches.push(DiscBatch {
                        raster: false,
                        fill: Some(over_background("#ffffff", alpha(dimmed))),
                        stroke: Some(Stroke {
                            colour: over_background(ring, alpha(dimmed)),
                            width: 2.0,
                            dash: &[3.0, 2.0],
                        }),
                        discs,
                    });
                }
            }
            let pins: Vec<Disc> = shown
                .iter()
                .copied()
                .filter(|&node| (scene.pinned)(node) && self.node_dimmed(node) == dimmed)
                .map(|node| self.disc(node, 0.35, 0.0))
                .collect();
            if !pins.is_empty() {
                self.frame.disc_batches.push(DiscBatch {
                    raster: false,
                    fill: Some(over_background(PIN, alpha(dimmed))),
                    stroke: None,
                    discs: pins,
                });
            }
        }
        if let Some(Hit::Node(node)) = scene.focus.selected {
            if self.visible_node[node] {
                self.frame.disc_batches.push(DiscBatch {
                    raster: false,
                    fill: None,
                    stroke: Some(Stroke {
                        colour: SELECTED.into(),
                        width: 3.0,
                        dash: &[],
                    }),
                    discs: vec![self.disc(node, 1.0, 4.0 / self.scale)],
                });
            }
        }
    }
}
