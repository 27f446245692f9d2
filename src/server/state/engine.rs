//! The engine without HTTP: a world on a manual clock, driven call by call. The
//! `decisions` fuzz target and the engine's own tests use it; polls never wait.

use super::clock::ManualClock;
use super::shared::read;
use super::view::View;
use super::world::World;
use crate::wire::{Fault, Request};
use serde_json::Value as Json;
use std::sync::Arc;

/// A world and the manual clock it runs on.
pub struct Engine {
    world: World,
    clock: Arc<ManualClock>,
}

impl Engine {
    /// An empty world whose clock stands at `start` (epoch seconds).
    pub fn new(start: f64) -> Self {
        Engine {
            world: World::default(),
            clock: ManualClock::new(start),
        }
    }

    /// Applies a validated request; a poll takes a task or answers the empty one at once.
    pub fn call(&mut self, req: &Request) -> Result<Option<Json>, Fault> {
        let input = read(req)?;
        self.world.call(self.clock.now(), input)
    }

    /// Moves the clock forward by `seconds` and fires what falls due.
    pub fn advance(&mut self, seconds: f64) {
        self.clock.advance(seconds);
        self.world.advance(self.clock.now());
        self.world.settle();
    }

    /// A read-only view of the state (see [`View`]).
    pub fn view(&self) -> View<'_> {
        View::new(&self.world)
    }

    /// How many executions the world holds (open, or closed within their retention).
    pub fn executions(&self) -> usize {
        self.world.executions().len()
    }
}
