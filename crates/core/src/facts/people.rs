//! Facts for the checks about people: enquiry channels (交流互动), services (公共服务),
//! content correctness and accessibility. Plain data, filled by `extract`, judged by `judge`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Reply status of a letter as the site shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LetterStatus {
    /// 已回复 / 已办结, or a reply date is shown.
    Answered,
    /// 未回复 / 办理中 / 待回复.
    Pending,
    /// Nothing said.
    Unknown,
}

/// One citizen letter (来信) in an enquiry column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Letter {
    /// The letter's title.
    pub title: String,
    /// Its page.
    pub url: String,
    /// When it was written.
    pub asked: Option<NaiveDate>,
    /// When it was answered.
    pub replied: Option<NaiveDate>,
    /// Its reply status.
    pub status: LetterStatus,
}

/// An enquiry channel (领导信箱, 咨询, 留言 …) and the letters read from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EnquiryChannel {
    /// The channel's link text.
    pub name: String,
    /// Its page.
    pub url: String,
    /// The channel's page loaded.
    pub working: bool,
    /// Why the channel's page could not be read when that is the checker's failure
    /// (robots.txt, a challenge page, rate limiting, the checker offline): then it is neither
    /// working nor broken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unknown: Option<super::UnknownReason>,
    /// The checker read the channel's page. A channel it did not read (off-site with off-site
    /// requests disabled) is neither working nor broken: nothing is known about it.
    #[serde(default = "checked_by_default")]
    pub checked: bool,
    /// The letters its list shows.
    pub letters: Vec<Letter>,
}

/// A survey or consultation (调查征集) or an online interview (在线访谈).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Survey {
    /// The survey's title.
    pub title: String,
    /// Its page.
    pub url: String,
    /// "survey" (调查征集) or "interview" (在线访谈).
    pub kind: String,
    /// When it opened.
    pub start: Option<NaiveDate>,
    /// When it closed.
    pub end: Option<NaiveDate>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
/// The 交流互动 facts.
pub struct InteractionFacts {
    /// Enquiry channels found.
    pub channels: Vec<EnquiryChannel>,
    /// Surveys and interviews found.
    pub surveys: Vec<Survey>,
}

/// A service guide (办事指南) and the key elements it shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceGuide {
    /// The guide's title.
    pub title: String,
    /// Its page.
    pub url: String,
    /// The ten key elements absent from the guide (事项名称, 设定依据 …).
    pub missing_elements: Vec<String>,
    /// Forms linked from the guide (their status is in the link facts).
    pub forms: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
/// The 公共服务 facts.
pub struct ServiceFacts {
    /// URL of the service entry (办事服务 / 办事指南), if found.
    pub entry: Option<String>,
    /// Guides read.
    pub guides: Vec<ServiceGuide>,
}

/// Accessibility faults of one page.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageAccessibility {
    /// The page.
    pub url: String,
    /// `<html>` has no `lang`.
    pub missing_lang: bool,
    /// `<title>` is empty.
    pub empty_title: bool,
    /// Images without `alt`.
    pub images_without_alt: u32,
    /// Form controls without a label.
    pub unlabelled_controls: u32,
    /// Iframes without `title`.
    pub iframes_without_title: u32,
    /// The page refreshes itself.
    pub meta_refresh: bool,
    /// Links without text.
    pub empty_links: u32,
}

impl PageAccessibility {
    /// Whether the page has any fault.
    pub fn has_faults(&self) -> bool {
        self.missing_lang
            || self.empty_title
            || self.images_without_alt > 0
            || self.unlabelled_controls > 0
            || self.iframes_without_title > 0
            || self.meta_refresh
            || self.empty_links > 0
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
/// Accessibility faults of the sampled pages.
pub struct AccessibilityFacts {
    /// Pages checked.
    pub pages_checked: u32,
    /// Only pages with at least one fault.
    pub pages: Vec<PageAccessibility>,
}

/// Channels stored before `checked` existed were all read.
fn checked_by_default() -> bool {
    true
}
