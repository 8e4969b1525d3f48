//! What the end-to-end tests share, so that each test file holds only its tests:
//!
//! * [`world`]: IDs and names of the simulator's seeded world;
//! * [`body`]: request bodies (storage, strategy, backup now, restore), as JSON and typed;
//! * [`sim`]: a simulator, clients for it and what reached it;
//! * [`http`]: raw HTTP requests and checks of OCP's error envelope;
//! * [`ocpctl`]: `ocpctl` run in-process with its own streams and environment.

pub mod body;
pub mod http;
pub mod ocpctl;
pub mod sim;
pub mod world;
