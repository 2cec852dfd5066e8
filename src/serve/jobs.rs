//! On-demand checks started through the API, and their results. One running job per unit (a
//! second request gets the running job's id), a cap on running jobs, ids nobody can guess,
//! finished jobs forgotten after a while.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;

use zwgk_core::result::UnitResult;

use super::auth::random_hex;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Running,
    Done,
    Failed,
}

#[derive(Debug, Clone, Serialize)]
pub struct Job {
    pub id: String,
    pub unit: String,
    pub state: JobState,
    pub started_at: chrono::DateTime<chrono::Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<Box<UnitResult>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    #[serde(skip)]
    finished: Option<Instant>,
}

/// What [`Jobs::start`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// A new job: the caller runs it.
    New(String),
    /// The unit already has a running job: this one.
    Running(String),
    /// Too many jobs are running.
    Full,
}

pub struct Jobs {
    inner: Mutex<HashMap<String, Job>>,
    max_running: usize,
    ttl: Duration,
}

impl Jobs {
    pub fn new(max_running: usize, ttl: Duration) -> Jobs {
        Jobs {
            inner: Mutex::new(HashMap::new()),
            max_running,
            ttl,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Job>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn expire(&self, jobs: &mut HashMap<String, Job>) {
        let now = Instant::now();
        jobs.retain(|_, j| j.finished.is_none_or(|t| now.duration_since(t) < self.ttl));
    }

    /// Starts a job for `unit`, unless one is running (its id) or the cap is reached.
    pub fn start(&self, unit: &str) -> Start {
        let mut jobs = self.lock();
        self.expire(&mut jobs);
        let running = jobs.values().filter(|j| j.state == JobState::Running);
        let mut count = 0;
        for j in running {
            if j.unit == unit {
                return Start::Running(j.id.clone());
            }
            count += 1;
        }
        if count >= self.max_running {
            return Start::Full;
        }
        let id = random_hex(16);
        jobs.insert(
            id.clone(),
            Job {
                id: id.clone(),
                unit: unit.to_string(),
                state: JobState::Running,
                started_at: chrono::Utc::now(),
                result: None,
                error: None,
                finished: None,
            },
        );
        Start::New(id)
    }

    pub fn finish(&self, id: &str, outcome: Result<UnitResult, String>) {
        if let Some(job) = self.lock().get_mut(id) {
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
            job.finished = Some(Instant::now());
        }
    }

    pub fn get(&self, id: &str) -> Option<Job> {
        let mut jobs = self.lock();
        self.expire(&mut jobs);
        jobs.get(id).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_per_unit_a_cap_and_expiry() {
        let jobs = Jobs::new(2, Duration::from_millis(50));
        let Start::New(a) = jobs.start("民政局") else {
            panic!("first job starts")
        };
        assert_eq!(a.len(), 32);
        assert_eq!(jobs.start("民政局"), Start::Running(a.clone()));
        let Start::New(b) = jobs.start("商务局") else {
            panic!("second unit starts")
        };
        assert_ne!(a, b);
        assert_eq!(jobs.start("卫健委"), Start::Full);
        jobs.finish(&b, Err("失败".into()));
        assert_eq!(jobs.get(&b).unwrap().state, JobState::Failed);
        assert!(matches!(jobs.start("卫健委"), Start::New(_)));
        std::thread::sleep(Duration::from_millis(80));
        assert!(jobs.get(&b).is_none(), "a finished job expires");
        assert_eq!(
            jobs.get(&a).unwrap().state,
            JobState::Running,
            "a running one does not"
        );
    }
}
