//! Text drawn once into canvases of its own and copied onto the graph in every frame: cards,
//! and labels turned along their edges. A card's text is most of what a reading frame costs
//! the browser to rasterise, and text at an angle costs it about thirty times level text
//! (measured in headless Chromium here: 250 turned edge labels 68 ms, level 2 ms, copied
//! from images 20 ms); neither changes while the view zooms or pans.

use crate::model::FastMap;
use std::hash::Hash;
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The most images one cache keeps; past it they are all dropped and drawn again as needed.
const MAX_IMAGES: usize = 512;

pub struct ImageCache<K> {
    images: FastMap<K, HtmlCanvasElement>,
}

impl<K> Default for ImageCache<K> {
    fn default() -> Self {
        Self {
            images: FastMap::default(),
        }
    }
}

impl<K: Hash + Eq> ImageCache<K> {
    /// The image of `key`: `(width, height)` CSS pixels at `dpr`, drawn by `draw` (in CSS
    /// pixels from its top-left corner) the first time it is asked for; `None` when no canvas
    /// can be made here.
    pub fn image(
        &mut self,
        key: K,
        (width, height): (f64, f64),
        dpr: f64,
        draw: impl FnOnce(&CanvasRenderingContext2d),
    ) -> Option<HtmlCanvasElement> {
        if let Some(image) = self.images.get(&key) {
            return Some(image.clone());
        }
        if self.images.len() >= MAX_IMAGES {
            self.images.clear();
        }
        let image: HtmlCanvasElement = leptos::prelude::document()
            .create_element("canvas")
            .ok()?
            .unchecked_into();
        image.set_width((width * dpr).ceil().max(1.0) as u32);
        image.set_height((height * dpr).ceil().max(1.0) as u32);
        let context = super::registry::context_2d(&image)?;
        let _ = context.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
        draw(&context);
        self.images.insert(key, image.clone());
        Some(image)
    }
}
