//! Behaviour of `rampart-system`, one file per area. Fixtures live in `tests/fixtures/`.

mod acceptance;
mod assessment;
mod checks;
mod common;
mod gap;
mod hostile;
mod layers;
mod links;
mod messages;
mod model;
mod render;
mod repeats;
mod risk;
mod schema;
