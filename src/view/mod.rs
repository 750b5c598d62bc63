//! The graph view without the DOM, tested natively: the camera, edge shapes and arrowheads,
//! label and card placement, the view graph of a subgraph (sizes, kinds, colours, legend,
//! adjacency, hit testing), keyboard navigation, and the display list ([`frame::Frame`]) that
//! every writer (the canvas in `ui`, the SVG here) only writes out.
//!
//! World coordinates are the layout's; screen coordinates are CSS pixels of the view. Nothing
//! here imports web-sys or Leptos: text is measured through the [`text::Measure`] trait.

pub mod camera;
pub mod cards;
pub mod frame;
pub mod graph;
pub mod labels;
pub mod navigation;
pub mod paint;
pub mod shape;
pub mod style;
pub mod svg;
pub mod text;
