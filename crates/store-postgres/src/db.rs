//! The connection to PostgreSQL. A thread of its own runs a small tokio runtime and a pool of
//! tokio-postgres connections. The storage traits are synchronous and are called from the
//! crawl's async code: a call hands its query to this runtime and waits on a channel, so it
//! never blocks the caller's runtime on one of that runtime's own futures.

use std::future::Future;
use std::str::FromStr;
use std::sync::{Arc, mpsc};
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;

use crate::Error;

/// Connections one store keeps open at most (a crawl's writer holds one per batch).
const POOL_SIZE: usize = 8;

/// The pool and the runtime that drives it.
pub(crate) struct Db {
    handle: tokio::runtime::Handle,
    pool: Pool,
    /// Stops the runtime's thread when the store is dropped.
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl Db {
    /// Starts the runtime thread and the pool for `url` (nothing is connected yet).
    pub(crate) fn start(url: &str) -> Result<Arc<Db>, Error> {
        let mut config = tokio_postgres::Config::from_str(url)?;
        config
            .application_name("zwgk")
            .connect_timeout(Duration::from_secs(10));
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(POOL_SIZE)
            .build()
            .map_err(|e| Error::Setup(e.to_string()))?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Error::Setup(e.to_string()))?;
        let handle = runtime.handle().clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        std::thread::Builder::new()
            .name("zwgk-postgres".into())
            .spawn(move || {
                // Runs spawned queries until the store is dropped (the sender with it).
                runtime.block_on(async {
                    let _ = stopped.await;
                });
            })
            .map_err(|e| Error::Setup(e.to_string()))?;
        Ok(Arc::new(Db {
            handle,
            pool,
            _stop: stop,
        }))
    }

    /// Runs `work` on the database runtime and waits for its result. Must not be called from
    /// that runtime itself (its tasks use the pool directly).
    pub(crate) fn run<T, F, Fut>(&self, work: F) -> Result<T, Error>
    where
        F: FnOnce(Pool) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, Error>> + Send + 'static,
        T: Send + 'static,
    {
        let (tx, rx) = mpsc::sync_channel(1);
        let pool = self.pool.clone();
        self.handle.spawn(async move {
            let _ = tx.send(work(pool).await);
        });
        rx.recv().map_err(|_| Error::Stopped)?
    }

    /// Starts `work` on the database runtime without waiting (heartbeats).
    pub(crate) fn spawn<F, Fut>(&self, work: F) -> tokio::task::JoinHandle<()>
    where
        F: FnOnce(Pool) -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let pool = self.pool.clone();
        self.handle.spawn(async move { work(pool).await })
    }
}
