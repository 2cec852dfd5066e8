//! TEMPORARY stand-ins until the extraction branch lands (replaced at merge).
use std::path::Path;

use chrono::NaiveDate;
use url::Url;

use super::PageExtract;
use crate::facts::{Column, RequiredItem};

pub struct ColumnKinds;
impl ColumnKinds {
    pub fn builtin() -> Self {
        ColumnKinds
    }
    pub fn load(_dir: &Path) -> Result<Self, String> {
        Ok(ColumnKinds)
    }
    pub fn classify(&self, _name: &str) -> String {
        "其他".into()
    }
}
pub fn column_candidates(
    _home: &PageExtract,
    _in_scope: &dyn Fn(&Url) -> bool,
) -> Vec<(String, Url)> {
    Vec::new()
}
pub struct RequiredItems;
impl RequiredItems {
    pub fn builtin() -> Self {
        RequiredItems
    }
    pub fn load(_dir: &Path) -> Result<Self, String> {
        Ok(RequiredItems)
    }
    pub fn find(
        &self,
        _links: &[(String, String)],
        _columns: &[Column],
        _as_of: NaiveDate,
    ) -> Vec<RequiredItem> {
        Vec::new()
    }
}
