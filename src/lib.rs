//! zwgk: checks Chinese government-affairs websites (政务公开) and writes the monthly bulletin.
//!
//! The flow: `config` → `fetch` → `crawl` → `extract` → facts → `store` → `judge` → `report`.
//! Seeing (fetch, crawl, extract) never scores; judging never touches the network.

pub mod app;
pub mod check;
pub mod config;
pub mod crawl;
pub mod extract;
pub mod facts;
pub mod facts_people;
pub mod fetch;
pub mod judge;
pub mod report;
pub mod result;
pub mod serve;
pub mod store;
