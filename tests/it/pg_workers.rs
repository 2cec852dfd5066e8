//! Many workers, one PostgreSQL store (spec section 9), with the real binary as worker
//! processes and a private PostgreSQL cluster: the 44 sample units crawled by three workers,
//! one of them killed with SIGKILL mid-group, every unit stored exactly once and the report equal
//! to the seed bulletin's tables; link checks of a shared external target reused across workers
//! within their age; `zwgk serve`'s schedule only fills the queue.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use zwgk::commands::DemoServer;
use zwgk_core::result::ReportJson;
use zwgk_store_postgres::PgStore;
use zwgk_test_support::{PgCluster, TestServer, repo_root};

use crate::demo_bulletin::SEED;

const ZWGK: &str = env!("CARGO_BIN_EXE_zwgk");

fn zwgk(config: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(ZWGK);
    c.arg("--config").arg(config).args(args);
    c
}

/// Runs `zwgk ARGS` to the end; panics with its stderr unless it exits 0.
fn run_ok(config: &Path, args: &[&str]) -> String {
    let out = zwgk(config, args).output().unwrap();
    assert!(
        out.status.success(),
        "zwgk {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Waits for `child` up to `limit`; kills it and panics past that.
fn wait_for(child: &mut Child, limit: Duration, what: &str) -> std::process::ExitStatus {
    let end = Instant::now() + limit;
    loop {
        if let Some(s) = child.try_wait().unwrap() {
            return s;
        }
        if Instant::now() > end {
            let _ = child.kill();
            panic!("{what} did not finish within {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The repository's config with unit `i`'s URLs moved to `ports[i % ports.len()]`, and the
/// PostgreSQL store; returns its path.
fn sample_config(dir: &Path, ports: &[u16], url: &str) -> PathBuf {
    let text = std::fs::read_to_string(repo_root().join("config.toml")).unwrap();
    let mut out = String::new();
    let mut unit = None::<usize>;
    for line in text.lines() {
        if line.trim() == "[[unit]]" {
            unit = Some(unit.map_or(0, |u| u + 1));
        }
        match unit {
            Some(u) => out.push_str(&line.replace(
                "127.0.0.1:8787",
                &format!("127.0.0.1:{}", ports[u % ports.len()]),
            )),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    // One group per worker at a time, a short lease so the test does not wait long.
    out.push_str(&format!(
        "\n[store]\nurl = \"{url}\"\n\n[worker]\ngroups = 1\nlease_secs = 3\npoll_secs = 1\n"
    ));
    let path = dir.join("config.toml");
    std::fs::write(&path, out).unwrap();
    path
}

#[test]
fn three_workers_store_every_sample_unit_once_even_when_one_is_killed() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let url = cluster.database();
    let rt = tokio::runtime::Runtime::new().unwrap();
    // The sample sites on four loopback ports: four host groups of 11 units.
    let root = repo_root().join("sample_sites");
    let servers: Vec<DemoServer> = (0..4)
        .map(|_| {
            rt.block_on(DemoServer::start(&root, "127.0.0.1:0"))
                .unwrap()
        })
        .collect();
    let ports: Vec<u16> = servers.iter().map(|s| s.addr.port()).collect();
    let dir = tempfile::tempdir().unwrap();
    let config = sample_config(dir.path(), &ports, &url);

    let said = run_ok(&config, &["crawl", "--enqueue", "--as-of", "2021-10-31"]);
    assert!(said.contains("44 个单位（4 个主机组"), "{said}");

    let mut workers: Vec<Child> = (1..=3)
        .map(|i| {
            let log = std::fs::File::create(dir.path().join(format!("w{i}.log"))).unwrap();
            zwgk(&config, &["worker", "--once", "--name", &format!("w{i}")])
                .stdout(Stdio::null())
                .stderr(log)
                .spawn()
                .unwrap()
        })
        .collect();

    // Kill a worker in the middle of a group: some of its units stored, at least two not.
    let store = PgStore::open(&url).unwrap();
    let mid_group = "SELECT COALESCE((
        SELECT g.id * 10 + substring(g.worker from 2)::bigint FROM queue_group g
        WHERE g.state = 'running'
          AND (SELECT COUNT(*) FROM queue_unit u WHERE u.group_id = g.id AND u.state = 'done')
              BETWEEN 1 AND (SELECT COUNT(*) FROM queue_unit u WHERE u.group_id = g.id) - 2
        ORDER BY g.id LIMIT 1), 0)";
    let deadline = Instant::now() + Duration::from_secs(300);
    let found = loop {
        let v = store.query_i64(mid_group).unwrap();
        if v > 0 {
            break v;
        }
        assert!(Instant::now() < deadline, "no group was ever half done");
        std::thread::sleep(Duration::from_millis(50));
    };
    let (group, victim) = (found / 10, (found % 10) as usize);
    workers[victim - 1].kill().unwrap(); // SIGKILL
    workers[victim - 1].wait().unwrap();
    let done_by_victim = store
        .query_i64(&format!(
            "SELECT COUNT(*) FROM queue_unit WHERE group_id = {group} AND worker = 'w{victim}'"
        ))
        .unwrap();

    for (i, w) in workers.iter_mut().enumerate() {
        if i + 1 != victim {
            let s = wait_for(w, Duration::from_secs(600), "a worker");
            let log = std::fs::read_to_string(dir.path().join(format!("w{}.log", i + 1)));
            assert!(
                s.success(),
                "w{}: {s:?}\n{}",
                i + 1,
                log.unwrap_or_default()
            );
        }
    }
    let count = |sql: &str| store.query_i64(sql).unwrap();

    // Every unit stored exactly once: one facts row and one finished crawl per unit.
    assert_eq!(count("SELECT COUNT(DISTINCT unit) FROM unit_facts"), 44);
    assert_eq!(count("SELECT COUNT(*) FROM unit_facts"), 44);
    assert_eq!(
        count("SELECT COUNT(*) FROM crawl WHERE outcome IN ('done', 'unreachable', 'failed')"),
        44
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM queue_unit WHERE state = 'done'"),
        44
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM queue_group WHERE state = 'done'"),
        4
    );
    // The killed worker's unfinished crawls were written off when its group was claimed again,
    // and the group finished on another worker.
    assert_eq!(
        count("SELECT COUNT(*) FROM crawl WHERE outcome = 'running'"),
        0
    );
    assert!(count("SELECT COUNT(*) FROM crawl WHERE outcome = 'abandoned'") >= 1);
    assert_eq!(
        count(&format!(
            "SELECT attempts::bigint FROM queue_group WHERE id = {group}"
        )),
        2
    );
    assert_eq!(
        count(&format!(
            "SELECT COUNT(*) FROM queue_unit WHERE group_id = {group} AND worker = 'w{victim}'"
        )),
        done_by_victim,
        "what the killed worker stored stays, and only that"
    );
    assert!(
        count(&format!(
            "SELECT COUNT(*) FROM queue_unit WHERE group_id = {group} AND worker <> 'w{victim}'"
        )) >= 2
    );
    assert!(count("SELECT COUNT(DISTINCT worker) FROM queue_unit") >= 2);

    // `queue status` says so too.
    let status: serde_json::Value =
        serde_json::from_str(&run_ok(&config, &["queue", "status", "--format", "json"])).unwrap();
    assert_eq!(status["schema"], "zwgk.queue-status/1");
    assert_eq!(
        (status["queued"].as_i64(), status["running"].as_i64()),
        (Some(0), Some(0))
    );
    assert_eq!(
        (status["done"].as_i64(), status["failed"].as_i64()),
        (Some(44), Some(0))
    );

    // The report, read from PostgreSQL, equals the seed bulletin's tables.
    let report: ReportJson = serde_json::from_str(&run_ok(
        &config,
        &["report", "--month", "2021-10", "--format", "json"],
    ))
    .unwrap();
    let got: Vec<(String, Vec<f64>)> = report
        .units
        .iter()
        .map(|u| {
            let cats = [
                "公共服务",
                "交流互动",
                "网站建设及安全",
                "政务信息公开",
                "总分",
            ];
            (
                u.unit.clone(),
                cats.map(|c| u.scores.get(c).unwrap()).to_vec(),
            )
        })
        .collect();
    let want: Vec<(String, Vec<f64>)> = SEED
        .iter()
        .map(|(n, a, b, c, d, t)| (n.to_string(), vec![*a, *b, *c, *d, *t]))
        .collect();
    assert_eq!(got, want);
    drop(servers);
}

/// A unit's page linking to the shared external `target`, on a server of its own.
async fn unit_site(target: String) -> TestServer {
    let page = format!(
        "<html><head><title>单位</title></head><body><a href=\"{target}\">中国政府网</a></body></html>"
    );
    TestServer::start(Router::new().route("/u/", get(move || async move { Html(page) }))).await
}

#[test]
fn a_shared_external_link_is_checked_once_across_workers_within_its_age() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let url = cluster.database();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let hits = Arc::new(AtomicUsize::new(0));
    let h = hits.clone();
    let external = rt.block_on(TestServer::start(Router::new().route(
        "/shared.html",
        // HEAD is answered by this GET route too, so every check counts.
        get(move || {
            h.fetch_add(1, Ordering::SeqCst);
            async { Html("<html><head><title>共享</title></head><body>ok</body></html>") }
        }),
    )));
    let target = external.url("/shared.html").to_string();
    let sites: Vec<TestServer> = (0..3)
        .map(|_| rt.block_on(unit_site(target.clone())))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut text = format!(
        "[crawl]\ntimeout_secs = 3\nretries = 0\ncheck_external_links = true\nlink_cache_hours = 24\nallow_private = [\"{}\"]\n\n[store]\nurl = \"{url}\"\n\n[worker]\nlease_secs = 5\npoll_secs = 1\n",
        external.addr
    );
    for (i, s) in sites.iter().enumerate() {
        text.push_str(&format!(
            "\n[[unit]]\nname = \"单位{i}\"\ngroup = \"区直单位\"\nurl = \"{}\"\n",
            s.url("/u/")
        ));
    }
    let config = dir.path().join("config.toml");
    std::fs::write(&config, text).unwrap();

    // Worker 1 checks the target for 单位0; worker 2, a new process, takes it from the store.
    let worker = |unit: &str| {
        run_ok(
            &config,
            &[
                "crawl",
                "--enqueue",
                "--as-of",
                "2021-10-31",
                "--unit",
                unit,
            ],
        );
        let out = zwgk(&config, &["worker", "--once"]).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    worker("单位0");
    let first = hits.load(Ordering::SeqCst);
    assert!(first >= 1, "the first worker checked the target");
    worker("单位1");
    assert_eq!(
        hits.load(Ordering::SeqCst),
        first,
        "the second worker reused the first one's result"
    );
    let store = PgStore::open(&url).unwrap();
    assert_eq!(
        store
            .query_i64(&format!(
                "SELECT COUNT(*) FROM link_cache WHERE url = '{target}' AND status = 200"
            ))
            .unwrap(),
        1
    );
    // Older than 24 hours: the third worker checks it again.
    store
        .execute("UPDATE link_cache SET checked_at = checked_at - interval '25 hours'")
        .unwrap();
    worker("单位2");
    assert!(
        hits.load(Ordering::SeqCst) > first,
        "re-checked past its age"
    );
    assert_eq!(
        store.query_i64("SELECT COUNT(*) FROM unit_facts").unwrap(),
        3
    );
    drop(external);
}

#[test]
fn serve_schedule_only_fills_the_queue_with_a_postgres_store() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let url = cluster.database();
    let text = format!(
        "[store]\nurl = \"{url}\"\n\n[[unit]]\nname = \"甲\"\ngroup = \"区直单位\"\nurl = \"http://127.0.0.1:9/a/\"\n\n[[unit]]\nname = \"乙\"\ngroup = \"区直单位\"\nurl = \"http://127.0.0.1:9/b/\"\n"
    );
    let cfg = zwgk_core::config::Config::parse(&text, Path::new("config.toml")).unwrap();
    let day = zwgk_test_support::date(2021, 10, 31);
    let r = zwgk::serve::scheduled_enqueue(&cfg, day)
        .unwrap()
        .expect("enqueued, not crawled");
    assert_eq!((r.added, r.groups), (2, 1));
    let store = PgStore::open(&url).unwrap();
    assert_eq!(store.query_i64("SELECT COUNT(*) FROM crawl").unwrap(), 0);
    let s = store.queue().status().unwrap();
    assert_eq!((s.queued, s.running), (2, 0));
}

#[test]
fn the_queue_commands_need_a_postgres_store() {
    let (_dir, config) = zwgk_test_support::config_for(&[("甲", "http://127.0.0.1:9/a/")], "");
    for args in [
        &["crawl", "--enqueue", "--as-of", "2021-10-31"][..],
        &["worker", "--once"][..],
        &["queue", "status"][..],
    ] {
        let out = zwgk(&config, args)
            .env_remove("ZWGK_STORE_URL")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("需要 PostgreSQL") && err.contains("[store] url"),
            "{err}"
        );
    }
    // A bad URL in the environment is named as such, without its password.
    let out = zwgk(&config, &["queue", "status"])
        .env("ZWGK_STORE_URL", "mysql://zwgk:secret@db/zwgk")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("ZWGK_STORE_URL") && !err.contains("secret"),
        "{err}"
    );
}

/// `zwgk worker` recognises challenge pages by the rules directory's `challenges.toml`, as a
/// direct crawl does: a unit whose entry page carries only a district's own marker (no
/// built-in one matches it) is 无法判断 (waf_challenge), not a site that loaded, and not
/// 不合格.
#[test]
fn a_worker_applies_the_rules_directorys_challenge_markers() {
    let Some(cluster) = PgCluster::shared() else {
        return;
    };
    let url = cluster.database();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let page = "<html><head><title>安全检查</title></head><body><p>本站已启用某盾访问验证，请稍候……</p><a href=\"gzdt/\">工作动态</a></body></html>";
    let site = rt.block_on(TestServer::start(
        Router::new().route("/u/", get(move || async move { Html(page) })),
    ));
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    let repo = repo_root().join("rules");
    for sub in ["", "scoring"] {
        std::fs::create_dir_all(rules.join(sub)).unwrap();
        for e in std::fs::read_dir(repo.join(sub)).unwrap() {
            let p = e.unwrap().path();
            if p.is_file() {
                std::fs::copy(&p, rules.join(sub).join(p.file_name().unwrap())).unwrap();
            }
        }
    }
    std::fs::write(
        rules.join("challenges.toml"),
        "[[challenge]]\nname = \"某盾访问验证页\"\nkind = \"challenge\"\nsource = \"本区网站群的防火墙\"\nbody = [\"本站已启用某盾访问验证\"]\n",
    )
    .unwrap();
    let text = format!(
        "[crawl]\ntimeout_secs = 3\nretries = 0\nconnectivity_probes = []\n\n[rules]\ndir = \"rules\"\n\n[store]\nurl = \"{url}\"\n\n[worker]\nlease_secs = 5\npoll_secs = 1\n\n[[unit]]\nname = \"某盾单位\"\ngroup = \"区直单位\"\nurl = \"{}\"\n",
        site.url("/u/")
    );
    let config = dir.path().join("config.toml");
    std::fs::write(&config, text).unwrap();

    run_ok(&config, &["crawl", "--enqueue", "--as-of", "2021-10-31"]);
    let out = zwgk(&config, &["worker", "--once"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: ReportJson = serde_json::from_str(&run_ok(
        &config,
        &["report", "--month", "2021-10", "--format", "json"],
    ))
    .unwrap();
    let u = &report.units[0];
    assert_eq!(u.unit, "某盾单位");
    assert!(!u.site.reachable);
    assert_eq!(
        u.site.entry_unknown,
        Some(zwgk_core::facts::UnknownReason::WafChallenge)
    );
    assert!(!u.failed(), "a challenged unit is never 不合格");
    let entry: Vec<_> = u
        .findings
        .iter()
        .filter(|f| f.rule == "entry-page-unknown")
        .collect();
    assert_eq!(entry.len(), 1, "{:#?}", u.findings);
    assert!(entry[0].is_unknown());
    drop(site);
}
