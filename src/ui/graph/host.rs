//! Where a view's layout runs: in a Web Worker when one can run, otherwise on the main thread.
//! The view always keeps a mirror [`Simulation`] of the positions it draws; the host is in one
//! of three states, and the worker is started only when the layout has something to do (now,
//! or after a reheat or a drag), so a view whose positions were all remembered fetches nothing.

use super::worker::{Command, LayoutWorker, Report, Start};
use crate::layout::{LayoutSpec, Simulation};
use std::rc::Rc;

enum HostState {
    /// The mirror is the layout (no worker yet, or none needed so far).
    Mirror,
    /// A worker runs the layout; the mirror holds its latest positions.
    Worker(LayoutWorker),
    /// The worker failed once: the layout stays on the main thread for this view.
    Failed,
}

pub struct LayoutHost {
    pub simulation: Simulation,
    /// What `simulation` was built from, for the worker to build the same.
    spec: LayoutSpec,
    /// Collision radii, for the worker.
    collide_radii: Vec<f64>,
    links: Vec<(usize, usize)>,
    state: HostState,
    /// Where the worker's reports go; set by [`LayoutHost::start_worker`].
    report_to: Option<Rc<dyn Fn(Report)>>,
    pub paused: bool,
    /// Positions from the worker are waiting to be drawn (the worker waits for the ack).
    awaiting_ack: bool,
    /// Commands sent to the worker so far, and the number of the last one that changed its
    /// cooling (a reheat, a drag): reports written before that keep the mirror's own alpha.
    commands_sent: u32,
    cooling_changed_at: u32,
    /// Ticks run so far, wherever they ran (reported by `layout()`).
    pub ticks: u32,
}

impl LayoutHost {
    pub fn new(
        spec: LayoutSpec,
        simulation: Simulation,
        links: Vec<(usize, usize)>,
        collide_radii: Vec<f64>,
    ) -> Self {
        Self {
            simulation,
            spec,
            collide_radii,
            links,
            state: HostState::Mirror,
            report_to: None,
            paused: false,
            awaiting_ack: false,
            commands_sent: 0,
            cooling_changed_at: 0,
            ticks: 0,
        }
    }

    /// Lets the layout run in a worker, when one can run here; `on_report` is called with each
    /// of its messages (pass them to [`LayoutHost::receive`]).
    pub fn start_worker(&mut self, on_report: impl Fn(Report) + 'static) {
        self.report_to = Some(Rc::new(on_report));
        self.ensure_worker();
    }

    /// Starts the worker from the mirror's current state if the layout is moving and none runs.
    fn ensure_worker(&mut self) {
        if !matches!(self.state, HostState::Mirror)
            || self.simulation.is_empty()
            || self.simulation.is_finished()
        {
            return;
        }
        let Some(report_to) = self.report_to.clone() else {
            return;
        };
        let start = Start {
            layout: &self.spec,
            links: &self.links,
            collide_radii: &self.collide_radii,
            simulation: &self.simulation,
            paused: self.paused,
        };
        if let Some(worker) = LayoutWorker::spawn(&start, move |report| report_to(report)) {
            self.state = HostState::Worker(worker);
        }
    }

    /// Where the layout runs, for `layout()`: "worker" or "main thread".
    pub fn engine(&self) -> &'static str {
        match self.state {
            HostState::Worker(_) => "worker",
            HostState::Mirror | HostState::Failed => "main thread",
        }
    }

    /// True while the worker, not the animation frame, moves the layout on.
    pub fn in_worker(&self) -> bool {
        matches!(self.state, HostState::Worker(_))
    }

    /// Takes a message from the layout worker: new positions (true), or its failure, after
    /// which the layout goes on here from where the worker left it.
    pub fn receive(&mut self, report: Report) -> bool {
        match report {
            Report::Positions {
                positions,
                alpha,
                ticks,
                sequence,
            } => {
                // Written before the latest reheat or drag reached the worker: its alpha is
                // stale (it would show a layout that is running again as settled).
                let alpha = if sequence >= self.cooling_changed_at {
                    alpha
                } else {
                    f64::NAN
                };
                self.simulation.adopt_positions(&positions, alpha);
                self.ticks = ticks;
                self.awaiting_ack = true;
                true
            }
            Report::Failed(message) => {
                web_sys::console::warn_1(
                    &format!("Event Lens: layout continues on the main thread ({message})").into(),
                );
                self.state = HostState::Failed;
                self.awaiting_ack = false;
                false
            }
        }
    }

    /// Whether positions from the worker wait to be drawn: the worker sends nothing newer until
    /// they are, so a picture of them may take several frames without falling behind.
    pub fn awaiting_ack(&self) -> bool {
        self.awaiting_ack
    }

    /// Tells the worker the positions it sent have been drawn.
    pub fn acknowledge(&mut self) {
        if self.awaiting_ack {
            self.awaiting_ack = false;
            self.command(Command::Ack);
        }
    }

    fn command(&mut self, command: Command) {
        if let HostState::Worker(worker) = &self.state {
            self.commands_sent += 1;
            if matches!(command, Command::Alpha(_) | Command::AlphaTarget(_)) {
                self.cooling_changed_at = self.commands_sent;
            }
            worker.send(command, self.commands_sent);
        }
    }

    /// Fixes a node where the user put it (here and in the worker).
    pub fn pin(&mut self, local: usize, x: f64, y: f64) {
        self.simulation.pin(local, x, y);
        self.command(Command::Pin { index: local, x, y });
    }

    pub fn unpin(&mut self, local: usize) {
        self.simulation.unpin(local);
        self.command(Command::Unpin(local));
    }

    pub fn reheat(&mut self, alpha: f64) {
        self.simulation.reheat(alpha);
        self.command(Command::Alpha(alpha));
        self.ensure_worker();
    }

    /// Keeps the layout warm at `target` (while a node is dragged) or lets it cool (0).
    pub fn set_alpha_target(&mut self, target: f64) {
        self.simulation.alpha_target = target;
        self.command(Command::AlphaTarget(target));
        self.ensure_worker();
    }

    pub fn set_paused(&mut self, paused: bool) {
        self.paused = paused;
        self.command(Command::Pause(paused));
    }

    /// On the main thread, runs ticks for up to `budget_ms` (measured by `now`), unless paused,
    /// settled or in the worker. Returns whether positions changed here, and whether the layout
    /// is still moving (wherever it runs).
    pub fn advance(&mut self, budget_ms: f64, now: impl Fn() -> f64) -> (bool, bool) {
        if self.paused || self.simulation.is_finished() {
            return (false, false);
        }
        if self.in_worker() {
            return (false, true);
        }
        let start = now();
        loop {
            self.simulation.tick();
            self.ticks += 1;
            if self.simulation.is_finished() || now() - start > budget_ms {
                break;
            }
        }
        (true, !self.simulation.is_finished())
    }
}
