//! A unit as the queue keeps it (JSON in `queue_unit.config`), so workers need no copy of the
//! config's units.

use serde::{Deserialize, Serialize};
use url::Url;
use zwgk_core::config::{ColumnConfig, UnitConfig};

use crate::Error;

/// A unit as the queue keeps it, so workers need no copy of the config's units.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct QueuedUnit {
    name: String,
    group: String,
    url: String,
    columns: Vec<QueuedColumn>,
}

#[derive(Debug, Serialize, Deserialize)]
struct QueuedColumn {
    name: String,
    url: String,
    kind: Option<String>,
}

impl QueuedUnit {
    pub(super) fn from_config(u: &UnitConfig) -> Self {
        QueuedUnit {
            name: u.name.clone(),
            group: u.group.clone(),
            url: u.url.to_string(),
            columns: u
                .columns
                .iter()
                .map(|c| QueuedColumn {
                    name: c.name.clone(),
                    url: c.url.to_string(),
                    kind: c.kind.clone(),
                })
                .collect(),
        }
    }

    pub(super) fn into_config(self) -> Result<UnitConfig, Error> {
        let parse = |s: &str| {
            Url::parse(s).map_err(|e| Error::Setup(format!("队列中的地址 {s} 无法解析：{e}")))
        };
        Ok(UnitConfig {
            url: parse(&self.url)?,
            columns: self
                .columns
                .into_iter()
                .map(|c| {
                    Ok(ColumnConfig {
                        url: parse(&c.url)?,
                        name: c.name,
                        kind: c.kind,
                    })
                })
                .collect::<Result<_, Error>>()?,
            name: self.name,
            group: self.group,
        })
    }
}
