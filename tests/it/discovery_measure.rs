//! Measuring column discovery against columns a person read off the site: recall, precision,
//! kind accuracy and blank-column recall (the targets of issue 14). Used by the platform
//! sample test and the Handan mirror test.
#![allow(dead_code)]

use std::fmt;

use zwgk_core::result::ColumnOut;

/// A column as the truth file has it.
#[derive(Debug, Clone)]
pub struct TruthColumn {
    pub name: String,
    /// Every URL spelling of it (absolute).
    pub urls: Vec<String>,
    pub kind: String,
    pub blank: bool,
}

/// `…/zwgk/index.html`, `…/zwgk/` and `…/zwgk` are one page.
pub fn key(url: &str) -> String {
    let u = url.split('#').next().unwrap_or(url);
    for suffix in ["index.html", "index.htm", "index.shtml", "index.jsp"] {
        if let Some(s) = u.strip_suffix(suffix) {
            return s.to_string();
        }
    }
    if u.ends_with('/') || u.contains('?') {
        u.to_string()
    } else {
        format!("{u}/")
    }
}

/// What one comparison gave.
#[derive(Debug, Default, Clone)]
pub struct Figures {
    pub truth: usize,
    pub proposed: usize,
    pub matched: usize,
    pub kind_right: usize,
    pub blank_truth: usize,
    pub blank_found: usize,
    pub missed: Vec<String>,
    pub extra: Vec<String>,
    pub wrong_kind: Vec<String>,
}

impl Figures {
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.truth)
    }
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.proposed)
    }
    pub fn kind_accuracy(&self) -> f64 {
        ratio(self.kind_right, self.matched)
    }
    pub fn blank_recall(&self) -> f64 {
        ratio(self.blank_found, self.blank_truth)
    }
    pub fn add(&mut self, o: &Figures) {
        self.truth += o.truth;
        self.proposed += o.proposed;
        self.matched += o.matched;
        self.kind_right += o.kind_right;
        self.blank_truth += o.blank_truth;
        self.blank_found += o.blank_found;
        self.missed.extend(o.missed.iter().cloned());
        self.extra.extend(o.extra.iter().cloned());
        self.wrong_kind.extend(o.wrong_kind.iter().cloned());
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

impl fmt::Display for Figures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "recall {}/{} = {:.1}%  precision {}/{} = {:.1}%  kind {}/{} = {:.1}%  blank {}/{} = {:.1}%",
            self.matched,
            self.truth,
            100.0 * self.recall(),
            self.matched,
            self.proposed,
            100.0 * self.precision(),
            self.kind_right,
            self.matched,
            100.0 * self.kind_accuracy(),
            self.blank_found,
            self.blank_truth,
            100.0 * self.blank_recall()
        )?;
        for m in &self.missed {
            write!(f, "\n    missed: {m}")?;
        }
        for m in &self.extra {
            write!(f, "\n    not a column: {m}")?;
        }
        for m in &self.wrong_kind {
            write!(f, "\n    kind: {m}")?;
        }
        Ok(())
    }
}

/// Compares the proposed columns with the truth; each truth column matches at most one
/// proposed column and the other way round.
pub fn measure(truth: &[TruthColumn], proposed: &[ColumnOut]) -> Figures {
    let mut f = Figures {
        truth: truth.len(),
        proposed: proposed.len(),
        blank_truth: truth.iter().filter(|t| t.blank).count(),
        ..Default::default()
    };
    let mut used = vec![false; proposed.len()];
    for t in truth {
        let keys: Vec<String> = t.urls.iter().map(|u| key(u)).collect();
        let hit = proposed
            .iter()
            .enumerate()
            .find(|(i, p)| !used[*i] && keys.contains(&key(&p.url)));
        let Some((i, p)) = hit else {
            f.missed.push(format!("{} {}", t.name, t.urls[0]));
            continue;
        };
        used[i] = true;
        f.matched += 1;
        if p.kind == t.kind {
            f.kind_right += 1;
        } else {
            f.wrong_kind
                .push(format!("{} is {}, should be {}", p.name, p.kind, t.kind));
        }
        if t.blank && p.blank {
            f.blank_found += 1;
        }
    }
    for (i, p) in proposed.iter().enumerate() {
        if !used[i] {
            f.extra
                .push(format!("{} {} ({})", p.name, p.url, p.found_by));
        }
    }
    f
}
