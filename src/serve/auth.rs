//! Who is asking: `[[serve.user]]` passwords and tokens (argon2 hashes only), the shared
//! `[serve] token`, desk sessions by cookie, and CSRF tokens for the desk's forms. Secrets are
//! compared in constant time; argon2 runs off the async threads, a few at a time.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::http::{HeaderMap, header};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use tokio::sync::Semaphore;

use crate::commands::AppError;
use zwgk_core::config::{Role, ServeConfig};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "zwgk_session";
/// Sessions kept at most (the oldest go first).
const MAX_SESSIONS: usize = 1024;

/// Someone known: a configured user, or the holder of the shared token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The name recorded with decisions.
    pub name: String,
    /// What they may do.
    pub role: Role,
    /// The shared `[serve] token` (no name of its own: API calls say `by`).
    pub shared: bool,
}

impl Principal {
    /// May record decisions and start checks.
    pub fn can_write(&self) -> bool {
        self.role >= Role::Reviewer
    }
}

/// A logged-in desk user.
#[derive(Debug, Clone)]
pub struct Session {
    /// Who.
    pub user: Principal,
    /// The token the session's forms must carry.
    pub csrf: String,
    expires: Instant,
}

struct User {
    name: String,
    role: Role,
    password: Option<String>,
    token: Option<String>,
}

/// Users, sessions and the shared token.
pub struct Auth {
    users: Vec<User>,
    shared_token: Option<[u8; 32]>,
    sessions: Mutex<HashMap<String, Session>>,
    session_ttl: Duration,
    /// argon2 needs ~19 MiB a run: one at a time, whatever the number of requests.
    hashing: Semaphore,
    /// Tokens already verified (by SHA-256, never the token itself), so a script's repeated
    /// calls do not each pay for argon2.
    verified: Mutex<HashMap<[u8; 32], (usize, Instant)>>,
}

/// How long a verified token is remembered, and how many at most.
const VERIFIED_TTL: Duration = Duration::from_secs(600);
const MAX_VERIFIED: usize = 64;

fn sha256(s: &str) -> [u8; 32] {
    Sha256::digest(s.as_bytes()).into()
}

/// Equal in constant time (both sides have the same length: digests).
fn same(a: &[u8; 32], b: &[u8; 32]) -> bool {
    a.ct_eq(b).into()
}

/// `n` random bytes as hex, from the operating system.
pub fn random_hex(n: usize) -> String {
    let mut buf = vec![0u8; n];
    getrandom::fill(&mut buf).expect("the operating system's random numbers");
    hex::encode(buf)
}

/// The argon2id hash (PHC string) of a password or token, for `[[serve.user]]`.
pub fn hash_secret(secret: &str) -> Result<String, AppError> {
    if secret.is_empty() {
        return Err(AppError::Usage("密码不能为空".into()));
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Internal(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::Internal(e.to_string()))?;
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(e.to_string()))
}

fn verify(secret: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(secret.as_bytes(), &h)
            .is_ok()
    })
}

/// The value of cookie `name` in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

impl Auth {
    /// From `[serve]`; the shared token is `ZWGK_TOKEN` or `[serve] token`. Every hash must
    /// parse, so a damaged one is found at start, not at the first login.
    pub fn new(cfg: &ServeConfig, shared_token: Option<String>) -> Result<Auth, AppError> {
        let mut users = Vec::new();
        for u in &cfg.users {
            for h in [&u.password_hash, &u.token_hash].into_iter().flatten() {
                PasswordHash::new(h).map_err(|e| {
                    AppError::Usage(format!(
                        "[[serve.user]] “{}” 的哈希无法解析：{e}（用 zwgk hash-password 重新生成）",
                        u.name
                    ))
                })?;
            }
            users.push(User {
                name: u.name.trim().to_string(),
                role: u.role,
                password: u.password_hash.clone(),
                token: u.token_hash.clone(),
            });
        }
        Ok(Auth {
            users,
            shared_token: shared_token.as_deref().map(sha256),
            sessions: Mutex::new(HashMap::new()),
            session_ttl: Duration::from_secs(cfg.session_hours * 3600),
            hashing: Semaphore::new(1),
            verified: Mutex::new(HashMap::new()),
        })
    }

    /// Whether anyone at all can write (a shared token or a reviewer exists).
    pub fn has_writers(&self) -> bool {
        self.shared_token.is_some() || self.users.iter().any(|u| u.role >= Role::Reviewer)
    }

    /// Runs argon2 for every user that has an API token; the first match wins. The caller
    /// holds a `hashing` slot.
    async fn check_token(&self, secret: &str) -> Option<usize> {
        let candidates: Vec<(usize, String)> = self
            .users
            .iter()
            .enumerate()
            .filter_map(|(i, u)| u.token.clone().map(|h| (i, h)))
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let secret = secret.to_string();
        tokio::task::spawn_blocking(move || {
            candidates
                .into_iter()
                .find(|(_, h)| verify(&secret, h))
                .map(|(i, _)| i)
        })
        .await
        .ok()?
    }

    /// The principal of an `Authorization: Bearer` header: the shared token or a user's token.
    pub async fn bearer(&self, headers: &HeaderMap) -> Option<Principal> {
        let given = headers
            .get(header::AUTHORIZATION)?
            .to_str()
            .ok()?
            .strip_prefix("Bearer ")?
            .trim();
        if given.is_empty() {
            return None;
        }
        if let Some(t) = &self.shared_token
            && same(t, &sha256(given))
        {
            return Some(Principal {
                name: "令牌".into(),
                role: Role::Admin,
                shared: true,
            });
        }
        let digest = sha256(given);
        let now = Instant::now();
        let hit = || {
            let mut v = self.verified.lock().unwrap_or_else(|p| p.into_inner());
            v.retain(|_, (_, at)| now.duration_since(*at) < VERIFIED_TTL);
            v.get(&digest).map(|(i, _)| *i)
        };
        let user = match hit() {
            Some(i) => i,
            None => {
                let _slot = self.hashing.acquire().await.ok()?;
                // Many requests with one new token wait here for the first verification.
                if let Some(i) = hit() {
                    return Some(self.principal(i));
                }
                let i = self.check_token(given).await?;
                let mut v = self.verified.lock().unwrap_or_else(|p| p.into_inner());
                if v.len() >= MAX_VERIFIED {
                    v.clear();
                }
                v.insert(digest, (i, now));
                i
            }
        };
        Some(self.principal(user))
    }

    fn principal(&self, user: usize) -> Principal {
        let u = &self.users[user];
        Principal {
            name: u.name.clone(),
            role: u.role,
            shared: false,
        }
    }

    /// The desk session of the request's cookie, if it is still valid.
    pub fn session(&self, headers: &HeaderMap) -> Option<Session> {
        let id = cookie(headers, SESSION_COOKIE)?;
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        // Look up by digest: the cookie value itself is never compared byte by byte.
        let key = hex::encode(sha256(id));
        match sessions.get(&key) {
            Some(s) if s.expires > Instant::now() => Some(s.clone()),
            Some(_) => {
                sessions.remove(&key);
                None
            }
            None => None,
        }
    }

    /// Checks a name and password; on success starts a session and returns its cookie value.
    pub async fn login(&self, name: &str, password: &str) -> Option<String> {
        let user = self.users.iter().find(|u| u.name == name.trim())?;
        let hash = user.password.clone()?;
        let _slot = self.hashing.acquire().await.ok()?;
        let secret = password.to_string();
        let ok = tokio::task::spawn_blocking(move || verify(&secret, &hash))
            .await
            .unwrap_or(false);
        if !ok {
            return None;
        }
        let id = random_hex(32);
        let session = Session {
            user: Principal {
                name: user.name.clone(),
                role: user.role,
                shared: false,
            },
            csrf: random_hex(16),
            expires: Instant::now() + self.session_ttl,
        };
        let mut sessions = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        sessions.retain(|_, s| s.expires > now);
        if sessions.len() >= MAX_SESSIONS
            && let Some(oldest) = sessions
                .iter()
                .min_by_key(|(_, s)| s.expires)
                .map(|(k, _)| k.clone())
        {
            sessions.remove(&oldest);
        }
        sessions.insert(hex::encode(sha256(&id)), session);
        Some(id)
    }

    /// Ends the request's session.
    pub fn logout(&self, headers: &HeaderMap) {
        if let Some(id) = cookie(headers, SESSION_COOKIE) {
            self.sessions
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .remove(&hex::encode(sha256(id)));
        }
    }

    /// The `Set-Cookie` value of a session (secure, script-proof, same-site only).
    pub fn session_cookie(&self, id: &str) -> String {
        format!(
            "{SESSION_COOKIE}={id}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age={}",
            self.session_ttl.as_secs()
        )
    }
}

/// Whether a form's CSRF token is the session's (constant time).
pub fn csrf_ok(session: &Session, given: &str) -> bool {
    same(&sha256(&session.csrf), &sha256(given))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn passwords_tokens_and_sessions() {
        let mut cfg = ServeConfig::default();
        cfg.users.push(zwgk_core::config::UserConfig {
            name: "张三".into(),
            role: Role::Reviewer,
            password_hash: Some(hash_secret("correct horse").unwrap()),
            token_hash: Some(hash_secret("tok-123").unwrap()),
        });
        let auth = Auth::new(&cfg, Some("shared".into())).unwrap();
        assert!(auth.login("张三", "wrong").await.is_none());
        assert!(auth.login("李四", "correct horse").await.is_none());
        let id = auth.login("张三", "correct horse").await.unwrap();
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            format!("a=b; {SESSION_COOKIE}={id}").parse().unwrap(),
        );
        let s = auth.session(&h).unwrap();
        assert_eq!(s.user.name, "张三");
        assert!(csrf_ok(&s, &s.csrf) && !csrf_ok(&s, "x"));
        auth.logout(&h);
        assert!(auth.session(&h).is_none());

        let bearer = |t: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::AUTHORIZATION,
                format!("Bearer {t}").parse().unwrap(),
            );
            h
        };
        assert_eq!(auth.bearer(&bearer("tok-123")).await.unwrap().name, "张三");
        assert!(auth.bearer(&bearer("shared")).await.unwrap().shared);
        assert!(auth.bearer(&bearer("nope")).await.is_none());
        assert!(auth.bearer(&HeaderMap::new()).await.is_none());
    }
}
