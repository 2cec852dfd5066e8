//! `[serve]` and its `[[serve.user]]` tables: who may read and who may decide under
//! `zwgk serve`, and the service's limits.

use serde::Deserialize;

/// What a user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads the desk and the API.
    Viewer,
    /// Also records decisions and starts checks.
    Reviewer,
    /// Everything.
    Admin,
}

impl Role {
    /// The word shown in the desk.
    pub fn label(&self) -> &'static str {
        match self {
            Role::Viewer => "查看",
            Role::Reviewer => "审核",
            Role::Admin => "管理",
        }
    }
}

/// One `[[serve.user]]`: a name, a role and the hashes of the secrets that prove it. Secrets
/// are never stored, only their argon2 hashes (`zwgk hash-password` prints one).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserConfig {
    /// The name recorded with every decision the user makes.
    pub name: String,
    /// What the user may do.
    pub role: Role,
    /// Hash of the password for the desk's login form.
    #[serde(default)]
    pub password_hash: Option<String>,
    /// Hash of a token for `Authorization: Bearer` on the API.
    #[serde(default)]
    pub token_hash: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
/// `[serve]`: the long-running service.
pub struct ServeConfig {
    /// Bearer token of the write endpoints (`ZWGK_TOKEN` overrides it); acts as an admin.
    pub token: Option<String>,
    /// Address to listen on (default `127.0.0.1:8700`).
    pub listen: Option<String>,
    /// The desk's users.
    #[serde(rename = "user")]
    pub users: Vec<UserConfig>,
    /// A connection that has not sent its request headers within this many seconds is closed.
    pub header_timeout_secs: u64,
    /// A request that takes longer than this many seconds gets 408.
    pub request_timeout_secs: u64,
    /// Open connections at most; more are closed at once.
    pub max_connections: usize,
    /// On-demand checks running at once at most (one per unit in any case).
    pub max_jobs: usize,
    /// Finished jobs are forgotten after this many seconds.
    pub job_ttl_secs: u64,
    /// A desk login lasts this many hours.
    pub session_hours: u64,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            token: None,
            listen: None,
            users: Vec::new(),
            header_timeout_secs: 10,
            request_timeout_secs: 60,
            max_connections: 256,
            max_jobs: 4,
            job_ttl_secs: 3600,
            session_hours: 12,
        }
    }
}

impl ServeConfig {
    /// `Err((key, message))` for a value zwgk cannot use.
    pub(crate) fn validate(&self) -> Result<(), (&'static str, String)> {
        for (key, v) in [
            ("header_timeout_secs", self.header_timeout_secs as usize),
            ("request_timeout_secs", self.request_timeout_secs as usize),
            ("max_connections", self.max_connections),
            ("max_jobs", self.max_jobs),
            ("job_ttl_secs", self.job_ttl_secs as usize),
            ("session_hours", self.session_hours as usize),
        ] {
            if v == 0 {
                return Err((key, format!("key \"{key}\" must be greater than 0")));
            }
        }
        let mut seen = std::collections::HashSet::new();
        for u in &self.users {
            if u.name.trim().is_empty() {
                return Err(("name", "key \"name\": a [[serve.user]] needs a name".into()));
            }
            if !seen.insert(u.name.trim()) {
                return Err((
                    "name",
                    format!("key \"name\": duplicate [[serve.user]] name \"{}\"", u.name),
                ));
            }
            if u.password_hash.is_none() && u.token_hash.is_none() {
                return Err((
                    "name",
                    format!(
                        "[[serve.user]] \"{}\" needs password_hash or token_hash (make one with: zwgk hash-password)",
                        u.name
                    ),
                ));
            }
            for (key, h) in [
                ("password_hash", &u.password_hash),
                ("token_hash", &u.token_hash),
            ] {
                if let Some(h) = h
                    && !h.starts_with("$argon2")
                {
                    return Err((
                        key,
                        format!(
                            "key \"{key}\" of user \"{}\" is not an argon2 hash (never put the password itself in config.toml; make a hash with: zwgk hash-password)",
                            u.name
                        ),
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::config::Config;

    use super::*;

    #[test]
    fn users_and_their_mistakes() {
        let ok = "[serve]\nmax_jobs = 2\n[[serve.user]]\nname = \"张三\"\nrole = \"reviewer\"\npassword_hash = \"$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA\"\n";
        let c = Config::parse(ok, Path::new("config.toml")).unwrap();
        assert_eq!(c.serve.users[0].role, Role::Reviewer);
        assert_eq!(c.serve.max_jobs, 2);
        assert_eq!(c.serve.header_timeout_secs, 10);

        let plain =
            "[[serve.user]]\nname = \"张三\"\nrole = \"admin\"\n\npassword_hash = \"123456\"\n";
        let e = Config::parse(plain, Path::new("config.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("config.toml:5: key \"password_hash\""), "{e}");
        assert!(e.contains("hash-password"), "{e}");

        let role =
            "[[serve.user]]\nname = \"张三\"\nrole = \"boss\"\ntoken_hash = \"$argon2id$x\"\n";
        let e = Config::parse(role, Path::new("config.toml"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("config.toml:3: "), "{e}");

        let zero = "[serve]\n\nheader_timeout_secs = 0\n";
        let e = Config::parse(zero, Path::new("config.toml"))
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("config.toml:3: key \"header_timeout_secs\""),
            "{e}"
        );
    }
}
