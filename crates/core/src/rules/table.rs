//! Reading one TOML table key by key, so that every error can name its file, line and key.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use toml::{Spanned, Value};

use super::error::RulesError;
use super::span::Span;

/// A table as parsed, with the span of every key and value.
pub type Entries = BTreeMap<Spanned<String>, Spanned<Value>>;

/// The text a table came from (for line numbers).
#[derive(Clone, Copy)]
pub struct Source<'a> {
    pub path: &'a Path,
    pub text: &'a str,
}

impl Source<'_> {
    pub fn error(&self, offset: usize, message: String) -> RulesError {
        RulesError::Invalid {
            path: self.path.to_path_buf(),
            line: crate::source::line_of(self.text, offset),
            message,
        }
    }
}

/// One table being read; `finish` rejects the keys nobody asked for.
pub struct Table<'a> {
    pub src: Source<'a>,
    entries: Entries,
    used: BTreeSet<String>,
    /// Where the table starts (its first key), for "missing key" errors.
    pub start: usize,
    /// What the table is, for messages: `rule "column-blank"`, `category`.
    pub what: String,
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::String(_) => "a string",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a number",
        Value::Boolean(_) => "true or false",
        Value::Datetime(_) => "a date",
        Value::Array(_) => "a list",
        Value::Table(_) => "a table",
    }
}

impl<'a> Table<'a> {
    pub fn new(src: Source<'a>, entries: Entries, what: &str) -> Self {
        let start = entries.keys().map(|k| k.span().start).min().unwrap_or(0);
        Table {
            src,
            entries,
            used: BTreeSet::new(),
            start,
            what: what.to_string(),
        }
    }

    fn get(&mut self, key: &str) -> Option<&Spanned<Value>> {
        self.used.insert(key.to_string());
        self.entries.get(key)
    }

    /// The raw value of a key (for keys that take more than one type).
    pub fn value(&mut self, key: &str) -> Option<Spanned<Value>> {
        self.get(key).cloned()
    }

    pub fn wrong_type(&self, key: &str, v: &Spanned<Value>, expected: &str) -> RulesError {
        self.src.error(
            v.span().start,
            format!(
                "{}: key \"{key}\": expected {expected}, found {}",
                self.what,
                type_name(v.get_ref())
            ),
        )
    }

    pub fn missing(&self, key: &str, why: &str) -> RulesError {
        self.src.error(
            self.start,
            format!("{}: missing key \"{key}\"{why}", self.what),
        )
    }

    /// Offset of a key's value (for errors found after reading it).
    pub fn offset_of(&self, key: &str) -> usize {
        self.entries.get(key).map_or(self.start, |v| v.span().start)
    }

    pub fn string(&mut self, key: &str) -> Result<Option<Spanned<String>>, RulesError> {
        let Some(v) = self.get(key).cloned() else {
            return Ok(None);
        };
        match v.get_ref() {
            Value::String(s) => Ok(Some(Spanned::new(v.span(), s.clone()))),
            _ => Err(self.wrong_type(key, &v, "a string")),
        }
    }

    pub fn req_string(&mut self, key: &str) -> Result<Spanned<String>, RulesError> {
        self.string(key)?.ok_or_else(|| self.missing(key, ""))
    }

    pub fn number(&mut self, key: &str) -> Result<Option<f64>, RulesError> {
        let Some(v) = self.get(key).cloned() else {
            return Ok(None);
        };
        match v.get_ref() {
            Value::Integer(i) => Ok(Some(*i as f64)),
            Value::Float(f) => Ok(Some(*f)),
            _ => Err(self.wrong_type(key, &v, "a number")),
        }
    }

    pub fn count(&mut self, key: &str) -> Result<Option<u32>, RulesError> {
        let Some(v) = self.get(key).cloned() else {
            return Ok(None);
        };
        match v.get_ref() {
            Value::Integer(i) if *i >= 0 && *i <= i64::from(u32::MAX) => Ok(Some(*i as u32)),
            _ => Err(self.wrong_type(key, &v, "a whole number ≥ 0")),
        }
    }

    pub fn boolean(&mut self, key: &str) -> Result<Option<bool>, RulesError> {
        let Some(v) = self.get(key).cloned() else {
            return Ok(None);
        };
        match v.get_ref() {
            Value::Boolean(b) => Ok(Some(*b)),
            _ => Err(self.wrong_type(key, &v, "true or false")),
        }
    }

    pub fn strings(&mut self, key: &str) -> Result<Option<Vec<String>>, RulesError> {
        let Some(v) = self.get(key).cloned() else {
            return Ok(None);
        };
        let list = match v.get_ref() {
            Value::Array(a) => a
                .iter()
                .map(|x| x.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>(),
            _ => None,
        };
        list.map(Some)
            .ok_or_else(|| self.wrong_type(key, &v, "a list of strings"))
    }

    /// A span such as `"14d"`, `"6m"`.
    pub fn span(&mut self, key: &str) -> Result<Option<Span>, RulesError> {
        let Some(s) = self.string(key)? else {
            return Ok(None);
        };
        Span::parse(s.get_ref()).map(Some).ok_or_else(|| {
            self.src.error(
                s.span().start,
                format!(
                    "{}: key \"{key}\": \"{}\" is not a time span (write e.g. \"14d\", \"2w\", \"6m\" or \"1y\")",
                    self.what,
                    s.get_ref()
                ),
            )
        })
    }

    /// A sub-table of numbers, e.g. `weights = { 动态要闻 = 0.5 }`.
    pub fn numbers(&mut self, key: &str) -> Result<Option<BTreeMap<String, f64>>, RulesError> {
        let Some(v) = self.get(key).cloned() else {
            return Ok(None);
        };
        let Value::Table(t) = v.get_ref() else {
            return Err(self.wrong_type(key, &v, "a table of numbers"));
        };
        let mut out = BTreeMap::new();
        for (k, x) in t {
            let n = match x {
                Value::Integer(i) => *i as f64,
                Value::Float(f) => *f,
                _ => return Err(self.wrong_type(&format!("{key}.{k}"), &v, "a number")),
            };
            out.insert(k.clone(), n);
        }
        Ok(Some(out))
    }

    /// Rejects keys not read, naming the closest allowed key.
    pub fn finish(self) -> Result<(), RulesError> {
        self.finish_with(|_| None)
    }

    /// Like `finish`; `hint` may explain a key that is valid elsewhere.
    pub fn finish_with(self, hint: impl Fn(&str) -> Option<String>) -> Result<(), RulesError> {
        for (k, _) in self.entries.iter() {
            if self.used.contains(k.get_ref()) {
                continue;
            }
            let key = k.get_ref();
            if let Some(h) = hint(key) {
                return Err(self
                    .src
                    .error(k.span().start, format!("{}: {h}", self.what)));
            }
            let best = self
                .used
                .iter()
                .map(|c| (strsim::damerau_levenshtein(key, c), c))
                .min();
            let message = match best {
                Some((d, c)) if d <= 3 => format!(
                    "{}: unknown key \"{key}\" — did you mean \"{c}\"?",
                    self.what
                ),
                _ => format!(
                    "{}: unknown key \"{key}\" (known keys: {})",
                    self.what,
                    self.used.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            };
            return Err(self.src.error(k.span().start, message));
        }
        Ok(())
    }
}
