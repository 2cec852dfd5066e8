//! `zwgk demo`: the bundled sample sites, served on loopback, crawled as of 2021-10-31, and the
//! October 2021 bulletin written in every format. No set-up, no network beyond 127.0.0.1.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use tower_http::services::ServeDir;

use zwgk_core::config::Config;
use zwgk_core::result::UnitResult;
use zwgk_report::{Format, render};

use super::{AppError, RunOptions, build_bulletin, run_crawl};

/// The address the repository's config.toml names for the sample sites.
pub const DEMO_ADDR: &str = "127.0.0.1:8787";
pub const DEMO_AS_OF: (i32, u32, u32) = (2021, 10, 31);

/// A static file server over a folder, on loopback; stops when dropped.
pub struct DemoServer {
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl DemoServer {
    /// Serves `root` on `addr` (use port 0 for any free port).
    pub async fn start(root: &Path, addr: &str) -> std::io::Result<DemoServer> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let app = axum::Router::new().fallback_service(ServeDir::new(root));
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(DemoServer { addr, task })
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Points every URL of the config that names `from` (host:port) at `to` instead.
fn rebase(cfg: &mut Config, from: &str, to: &str) {
    let fix = |u: &mut url::Url| {
        if u.host_str()
            .zip(u.port())
            .map(|(h, p)| format!("{h}:{p}"))
            .as_deref()
            == Some(from)
            && let Ok(n) = url::Url::parse(&u.as_str().replacen(from, to, 1))
        {
            *u = n;
        }
    };
    for unit in &mut cfg.units {
        fix(&mut unit.url);
        for c in &mut unit.columns {
            fix(&mut c.url);
        }
    }
}

pub async fn run_demo(cfg: &mut Config, out: &Path) -> Result<Vec<UnitResult>, AppError> {
    let root: PathBuf = cfg.resolve("sample_sites");
    if !root.is_dir() {
        return Err(AppError::Usage(format!(
            "找不到示例站点目录 {}：请在仓库根目录运行 zwgk demo（或用 --config 指向仓库的 config.toml）",
            root.display()
        )));
    }
    let server = match DemoServer::start(&root, DEMO_ADDR).await {
        Ok(s) => s,
        // The port is taken: serve elsewhere and point the units there.
        Err(_) => DemoServer::start(&root, "127.0.0.1:0")
            .await
            .map_err(|e| AppError::Internal(format!("无法在 127.0.0.1 上启动示例站点服务：{e}")))?,
    };
    rebase(cfg, DEMO_ADDR, &server.addr.to_string());
    eprintln!("示例站点：http://{}/ （{}）", server.addr, root.display());

    let (y, m, d) = DEMO_AS_OF;
    let as_of = NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
    let units: Vec<_> = cfg.units.iter().collect();
    let results = run_crawl(cfg, &units, &RunOptions::new(as_of)).await?;

    std::fs::create_dir_all(out)
        .map_err(|e| AppError::Usage(format!("{}: 无法创建输出目录：{e}", out.display())))?;
    let month = format!("{y}-{m:02}");
    let bulletin = build_bulletin(cfg, &month)?;
    for format in Format::ALL {
        let bytes = render(&bulletin, format)?;
        let path = out.join(format!("bulletin-{month}.{}", format.extension()));
        std::fs::write(&path, bytes)
            .map_err(|e| AppError::Usage(format!("{}: 无法写入报告：{e}", path.display())))?;
        eprintln!("已生成 {}", path.display());
    }
    drop(server);
    Ok(results)
}
