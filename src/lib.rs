//! The zwgk application: the commands as functions (the binary and the integration tests call
//! them), progress drawn from crawl events, and `zwgk serve`. The work itself is done by the
//! libraries under `crates/`: core (facts, rules, judging), extract, crawl, store-sqlite and
//! report.

pub mod commands;
pub mod progress;
pub mod serve;
