//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod cli;
pub mod faulty;
pub mod foreign;
pub mod imitations;
pub mod overlap;
pub mod raw;
pub mod server;
pub mod suite;
pub mod temp;
pub mod traffic;
