//! The "Data problems" panel: what loading noticed but did not refuse.

use super::state::AppState;
use leptos::prelude::*;

/// More than this many problems are summarised rather than listed, to keep the page light.
const LISTED_PROBLEMS: usize = 200;

#[component]
pub fn DataProblems() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let data = state.data.get()?;
        let count = data.problems.len();
        if count == 0 {
            return None;
        }
        let items = data
            .problems
            .iter()
            .take(LISTED_PROBLEMS)
            .map(|problem| {
                view! {
                    <li>
                        <code class="place">{problem.place.clone()}</code>
                        " "
                        <span dir="auto">{problem.message.clone()}</span>
                    </li>
                }
            })
            .collect_view();
        let more = (count > LISTED_PROBLEMS)
            .then(|| view! { <p>{format!("…and {} more.", count - LISTED_PROBLEMS)}</p> });
        Some(view! {
            <details class="data-problems">
                <summary>{format!("Data problems ({count})")}</summary>
                <p>"The data loaded, but these entries look wrong. Nothing was dropped."</p>
                <ul>{items}</ul>
                {more}
            </details>
        })
    }
}
