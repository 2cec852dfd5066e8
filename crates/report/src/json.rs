//! Spec section 4: `{"schema": "zwgk.report/1", "month", "as_of", "units": [...]}`.

use super::{Bulletin, ReportError, ranked_groups};
use zwgk_core::result::{REPORT_SCHEMA, ReportJson};

pub fn report_json(b: &Bulletin) -> ReportJson {
    ReportJson {
        schema: REPORT_SCHEMA.to_string(),
        month: b.month.clone(),
        as_of: b.as_of,
        units: ranked_groups(b)
            .into_iter()
            .flat_map(|(_, us)| us.into_iter().cloned())
            .collect(),
    }
}

pub fn render(b: &Bulletin) -> Result<Vec<u8>, ReportError> {
    let mut out = serde_json::to_vec_pretty(&report_json(b))?;
    out.push(b'\n');
    Ok(out)
}
