//! A private PostgreSQL cluster for tests: `initdb` in a temporary directory, the server on a
//! free loopback port with its socket in that directory, one fresh database per test. The
//! cluster is stopped and its directory removed when the test binary exits, however it exits:
//! a small shell supervises the server and waits on a pipe from the test process.

use std::io::{BufRead, BufReader, Read};
use std::os::unix::fs::MetadataExt;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

/// A running cluster. One per test binary ([`PgCluster::shared`]).
pub struct PgCluster {
    /// Its loopback port.
    pub port: u16,
    bin: PathBuf,
    /// Closing this pipe (at exit) makes the supervising shell stop the server and clean up.
    _guard: Mutex<ChildStdin>,
}

/// The PostgreSQL programs' folder: Debian's `/usr/lib/postgresql/<ver>/bin` (newest first),
/// else the folder of an `initdb` on the PATH. Skips on a developer's machine without one,
/// fails when `CI=true` (see [`crate::tool`]).
pub fn postgres_bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let v = e.file_name().to_str()?.parse::<u32>().ok()?;
            Some((v, e.path().join("bin/initdb")))
        })
        .collect();
    versions.sort_by_key(|v| std::cmp::Reverse(v.0));
    let mut candidates: Vec<String> = versions
        .into_iter()
        .map(|(_, p)| p.to_string_lossy().into_owned())
        .collect();
    candidates.push("initdb".into());
    let names: Vec<&str> = candidates.iter().map(String::as_str).collect();
    let initdb = crate::tool(&names)?;
    let path = if initdb.contains('/') {
        PathBuf::from(initdb)
    } else {
        let out = Command::new("sh")
            .args(["-c", "command -v initdb"])
            .output()
            .ok()?;
        std::fs::canonicalize(String::from_utf8_lossy(&out.stdout).trim()).ok()?
    };
    path.parent().map(Path::to_path_buf)
}

/// uid and gid of `nobody`: PostgreSQL refuses to run as root.
fn unprivileged() -> Option<(u32, u32)> {
    let is_root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
    if !is_root {
        return None;
    }
    let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
    let line = passwd
        .lines()
        .find(|l| l.starts_with("nobody:"))
        .expect("running as root, PostgreSQL needs the user nobody");
    let f: Vec<&str> = line.split(':').collect();
    Some((f[2].parse().unwrap(), f[3].parse().unwrap()))
}

const SUPERVISOR: &str = r#"
set -e
B="$1"; D="$2"; P="$3"
"$B/initdb" -D "$D/data" -U zwgk -A trust -E UTF8 --no-locale --no-sync >"$D/initdb.log" 2>&1
"$B/pg_ctl" -D "$D/data" -l "$D/server.log" -w -t 60 \
    -o "-p $P -k $D -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
echo ready
cat >/dev/null || true
"$B/pg_ctl" -D "$D/data" -m immediate -w stop >/dev/null 2>&1 || true
rm -rf "$D"
"#;

impl PgCluster {
    /// The test binary's cluster, started on first use; `None` (the test skips) on a
    /// developer's machine without PostgreSQL.
    pub fn shared() -> Option<&'static PgCluster> {
        static CLUSTER: OnceLock<Option<PgCluster>> = OnceLock::new();
        CLUSTER
            .get_or_init(|| postgres_bin_dir().map(|bin| PgCluster::start(&bin)))
            .as_ref()
    }

    fn start(bin: &Path) -> PgCluster {
        let user = unprivileged();
        // As root the server runs as nobody, who may not reach $TMPDIR or the working folder
        // (a clone under /root): everything happens in a folder of its own under /tmp.
        let parent = match user {
            Some(_) => PathBuf::from("/tmp"),
            None => std::env::temp_dir(),
        };
        let dir = tempfile::Builder::new()
            .prefix("zwgk-pg-")
            .tempdir_in(parent)
            .unwrap()
            .keep();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg(SUPERVISOR)
            .arg("sh")
            .arg(bin)
            .arg(&dir)
            .arg(port.to_string())
            .current_dir(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some((uid, gid)) = user {
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).unwrap();
            cmd.uid(uid).gid(gid);
        }
        let mut child = cmd.spawn().expect("sh runs");
        let mut line = String::new();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        out.read_line(&mut line).unwrap();
        if line.trim() != "ready" {
            let mut logs = String::new();
            for f in ["initdb.log", "server.log"] {
                if let Ok(mut file) = std::fs::File::open(dir.join(f)) {
                    let _ = file.read_to_string(&mut logs);
                }
            }
            panic!("the test PostgreSQL cluster did not start:\n{logs}");
        }
        let guard = child.stdin.take().unwrap();
        // The shell outlives this handle; it ends when the pipe closes.
        std::mem::forget(child);
        PgCluster {
            port,
            bin: bin.to_path_buf(),
            _guard: Mutex::new(guard),
        }
    }

    /// A new, empty database of its own; returns its URL.
    pub fn database(&self) -> String {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "t{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let status = Command::new(self.bin.join("createdb"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "zwgk",
            ])
            .arg(&name)
            .status()
            .expect("createdb runs");
        assert!(status.success(), "createdb {name} failed");
        format!("postgres://zwgk@127.0.0.1:{}/{name}", self.port)
    }
}
