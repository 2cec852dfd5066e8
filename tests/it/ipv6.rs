//! IPv6 support as a fact: the host's IPv6 address, the homepage over IPv6, the same title.
//! Host names are pinned with `[crawl] resolve` (as curl's `--resolve`) to 127.0.0.1 and ::1.

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use chrono::NaiveDate;
use zwgk::commands::{RunOptions, run_crawl};
use zwgk_core::config::Config;
use zwgk_core::facts::Ipv6Facts;
use zwgk_core::result::UnitResult;

fn page(title: &'static str) -> Router {
    Router::new().route(
        "/",
        get(move || async move { Html(format!("<html><head><title>{title}</title></head></html>")) }),
    )
}

/// Serves `v4` on 127.0.0.1 and, when given, `v6` on [::1], on the same port.
async fn serve(v4: Router, v6: Option<Router>) -> u16 {
    let l4 = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = l4.local_addr().unwrap().port();
    tokio::spawn(async move { axum::serve(l4, v4).await.unwrap() });
    if let Some(v6) = v6 {
        let l6 = tokio::net::TcpListener::bind(("::1", port)).await.unwrap();
        tokio::spawn(async move { axum::serve(l6, v6).await.unwrap() });
    }
    port
}

async fn crawl(units: &[(&str, String)], resolve: &str) -> Vec<UnitResult> {
    let dir = tempfile::tempdir().unwrap();
    let mut text = format!("[crawl]\ntimeout_secs = 2\nretries = 0\nresolve = {{ {resolve} }}\n");
    for (name, url) in units {
        text.push_str(&format!(
            "[[unit]]\nname = \"{name}\"\ngroup = \"区直单位\"\nurl = \"{url}\"\n"
        ));
    }
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    let cfg = Config::load(&path).unwrap();
    let mut opts = RunOptions::new(NaiveDate::from_ymd_opt(2021, 10, 31).unwrap());
    opts.progress = false;
    let units: Vec<_> = cfg.units.iter().collect();
    run_crawl(&cfg, &units, &opts).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ipv6_address_load_and_title() {
    let both = serve(page("某区人民政府"), Some(page("某区人民政府"))).await;
    let only_v4 = serve(page("某局"), None).await;
    let placeholder = serve(page("某镇"), Some(page("IPv6 测试页"))).await;
    let r = crawl(
        &[
            ("双栈单位", format!("http://dual.zwgk.test:{both}/")),
            ("仅IPv4单位", format!("http://v4.zwgk.test:{only_v4}/")),
            ("占位单位", format!("http://stub.zwgk.test:{placeholder}/")),
            ("仅AAAA无服务", format!("http://noserver.zwgk.test:{only_v4}/")),
        ],
        r#""dual.zwgk.test" = ["127.0.0.1", "::1"], "v4.zwgk.test" = ["127.0.0.1"], "stub.zwgk.test" = ["127.0.0.1", "::1"], "noserver.zwgk.test" = ["127.0.0.1", "::1"]"#,
    )
    .await;
    let v6 = |i: usize| r[i].site.ipv6.expect("checked: the homepage loaded");
    assert_eq!(
        v6(0),
        Ipv6Facts {
            aaaa: true,
            loads: true,
            same_title: true
        }
    );
    assert_eq!(v6(1), Ipv6Facts::default());
    assert_eq!(
        v6(2),
        Ipv6Facts {
            aaaa: true,
            loads: true,
            same_title: false
        }
    );
    // An IPv6 address where nothing listens: the homepage does not load over IPv6.
    assert_eq!(
        v6(3),
        Ipv6Facts {
            aaaa: true,
            loads: false,
            same_title: false
        }
    );
    // The advisory rule lists the three without IPv6, at 0 points.
    let listed: Vec<&str> = r
        .iter()
        .filter(|u| {
            u.findings
                .iter()
                .any(|f| f.rule == "ipv6" && f.points == 0.0)
        })
        .map(|u| u.unit.as_str())
        .collect();
    assert_eq!(listed, ["仅IPv4单位", "占位单位", "仅AAAA无服务"]);
}
