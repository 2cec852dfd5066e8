//! On-demand checks started through the API, and their results.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::Serialize;

use zwgk_core::result::UnitResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Running,
    Done,
    Failed,
}

#[derive(Debug, Clone, Serialize)]
pub struct Job {
    pub id: u64,
    pub unit: String,
    pub state: JobState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Box<UnitResult>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Default)]
pub struct Jobs {
    next: AtomicU64,
    jobs: Mutex<HashMap<u64, Job>>,
}

impl Jobs {
    pub fn start(&self, unit: &str) -> u64 {
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let job = Job {
            id,
            unit: unit.to_string(),
            state: JobState::Running,
            result: None,
            error: None,
        };
        self.jobs.lock().expect("jobs poisoned").insert(id, job);
        id
    }

    pub fn finish(&self, id: u64, outcome: Result<UnitResult, String>) {
        if let Some(job) = self.jobs.lock().expect("jobs poisoned").get_mut(&id) {
            match outcome {
                Ok(r) => {
                    job.state = JobState::Done;
                    job.result = Some(Box::new(r));
                }
                Err(e) => {
                    job.state = JobState::Failed;
                    job.error = Some(e);
                }
            }
        }
    }

    pub fn get(&self, id: u64) -> Option<Job> {
        self.jobs.lock().expect("jobs poisoned").get(&id).cloned()
    }
}
