//! Extraction for the checks about people: enquiry channels and surveys (交流互动), service
//! guides (公共服务), content correctness (错别字, personal data) and accessibility (无障碍).
//! Pure functions over one page's HTML; they produce facts from `zwgk_core::facts` and
//! judge nothing.

pub mod a11y;
pub mod interaction;
pub mod services;

pub use a11y::{check_page, has_accessibility_entry};
pub use interaction::{
    find_dates, is_enquiry_channel, read_letter_page, read_letters, read_surveys, survey_kind,
};
pub use services::{KEY_ELEMENTS, is_guide_link, is_service_entry, read_guide};

// Whitespace and visible text are read the same way as everywhere in extraction.
pub(crate) use super::text::element_text;

/// Parses a static selector (all selectors in this module are literals).
pub(crate) fn sel(s: &str) -> scraper::Selector {
    scraper::Selector::parse(s).expect("valid selector")
}

#[cfg(test)]
mod tests;
