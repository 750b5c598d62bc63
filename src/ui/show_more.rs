//! "N of M shown. [Show K more]": the end of a list that is built a page at a time, because a
//! list of every item (an event's 100,000 relations, a view's 300,000) costs seconds to build
//! for a reader who reads the first few.

use leptos::prelude::*;

/// The line under a list of `total` items of which `shown` are built; its button builds
/// `per_page` more. Nothing once all are shown.
pub fn show_more(shown: RwSignal<usize>, total: usize, per_page: usize) -> impl IntoView {
    move || {
        let left = total - shown.get();
        (left > 0).then(|| {
            let next = left.min(per_page);
            view! {
                <p class="more">
                    {format!("{} of {total} shown. ", shown.get())}
                    <button type="button" on:click=move |_| shown.update(|shown| *shown += next)>
                        {format!("Show {next} more")}
                    </button>
                </p>
            }
        })
    }
}
