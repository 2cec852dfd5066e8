//! zwgk's pure core: what the crawl sees (facts), the judged month, the rules, judging, the
//! unit result, and the storage interface. No network, no database, no HTML parser and no
//! async runtime live here, so a month can always be re-judged from stored facts alone.
#![deny(missing_docs)]

pub mod config;
pub mod facts;
pub mod judge;
pub mod result;
pub mod review;
pub mod rules;
pub mod source;
pub mod store;
pub mod text;
mod window;

pub use window::MonthWindow;
