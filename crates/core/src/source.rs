//! Where in a TOML file something is: line numbers, key offsets, and toml's messages turned
//! into ours (`unknown key "x" — did you mean "y"?`). Shared by the config and the rules.

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// Byte offset of the first line that assigns `key`.
pub fn key_offset(text: &str, key: &str) -> Option<usize> {
    let re = regex::Regex::new(&format!(r"(?m)^[ \t]*{}[ \t]*=", regex::escape(key))).ok()?;
    re.find(text).map(|m| m.start())
}

/// Turns toml's message into ours: `unknown key "x" — did you mean "y"?`.
pub fn explain_toml_error(message: &str, text: &str, offset: usize) -> String {
    let message = message.trim();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let candidates: Vec<&str> = expected
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 1)
            .map(|(_, s)| s)
            .collect();
        let best = candidates
            .iter()
            .map(|c| (strsim::damerau_levenshtein(key, c), *c))
            .min();
        return match best {
            Some((d, c)) if d <= 3 || c.contains(key) || key.contains(c) => {
                format!("unknown key \"{key}\" — did you mean \"{c}\"?")
            }
            _ if !candidates.is_empty() => format!(
                "unknown key \"{key}\" (known keys: {})",
                candidates.join(", ")
            ),
            _ => format!("unknown key \"{key}\""),
        };
    }
    // Name the key at the error position when toml's message does not.
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    match line.split_once('=') {
        Some((k, _)) if !k.trim().starts_with('[') => {
            format!("key \"{}\": {message}", k.trim())
        }
        _ => message.to_string(),
    }
}
