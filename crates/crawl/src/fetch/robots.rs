//! robots.txt, fetched once per host and obeyed.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use texting_robots::Robot;
use tokio::sync::OnceCell;

/// What a host's robots.txt says, once known.
pub enum Rules {
    /// No usable robots.txt (absent, error): everything allowed.
    AllowAll,
    Parsed(Box<Robot>),
}

impl Rules {
    pub fn allows(&self, url: &str) -> bool {
        match self {
            Rules::AllowAll => true,
            Rules::Parsed(r) => r.allowed(url),
        }
    }
    pub fn crawl_delay(&self) -> Option<f32> {
        match self {
            Rules::AllowAll => None,
            Rules::Parsed(r) => r.delay,
        }
    }
    pub fn parse(agent: &str, body: &[u8]) -> Rules {
        match Robot::new(agent, body) {
            Ok(r) => Rules::Parsed(Box::new(r)),
            Err(_) => Rules::AllowAll,
        }
    }
}

/// One cell per host: concurrent first requests to a host wait for the same robots fetch.
#[derive(Default)]
pub struct RobotsCache {
    cells: Mutex<HashMap<String, Arc<OnceCell<Arc<Rules>>>>>,
}

impl RobotsCache {
    pub fn cell(&self, host: &str) -> Arc<OnceCell<Arc<Rules>>> {
        self.cells
            .lock()
            .expect("robots map poisoned")
            .entry(host.to_string())
            .or_default()
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disallowed_path_is_refused() {
        let r = Rules::parse(
            "zwgk",
            b"User-agent: *\nDisallow: /private/\nCrawl-delay: 2\n",
        );
        assert!(!r.allows("http://127.0.0.1/private/a.html"));
        assert!(r.allows("http://127.0.0.1/public/a.html"));
        assert_eq!(r.crawl_delay(), Some(2.0));
    }
}
