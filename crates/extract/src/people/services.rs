//! 公共服务: the service entry (办事服务) and service guides (办事指南) with their ten key
//! elements and downloadable forms.

use std::sync::LazyLock;

use scraper::{Html, Selector};
use url::Url;

use super::{element_text, sel};
use zwgk_core::facts::ServiceGuide;

/// The ten key elements of a service guide (national indicators, 2019).
pub const KEY_ELEMENTS: [&str; 10] = [
    "事项名称",
    "设定依据",
    "申请条件",
    "办理材料",
    "办理地点",
    "办理机构",
    "收费标准",
    "办理时间",
    "联系电话",
    "办理流程",
];

/// Labels recognised for each key element, in `KEY_ELEMENTS` order (canonical name first).
const SYNONYMS: [&[&str]; 10] = [
    &["事项名称", "项目名称", "服务事项名称"],
    &["设定依据", "法定依据", "实施依据", "办理依据", "法律依据"],
    &["申请条件", "受理条件", "办理条件", "申报条件"],
    &[
        "办理材料",
        "申请材料",
        "申报材料",
        "提交材料",
        "所需材料",
        "材料目录",
    ],
    &["办理地点", "受理地点", "办公地点", "办理地址"],
    &[
        "办理机构",
        "实施机关",
        "受理机构",
        "实施主体",
        "实施机构",
        "受理部门",
        "办理部门",
    ],
    &[
        "收费标准",
        "收费依据及标准",
        "收费依据",
        "是否收费",
        "收费情况",
    ],
    &["办理时间", "受理时间", "办公时间", "工作时间"],
    &["联系电话", "咨询电话", "咨询方式", "联系方式", "监督电话"],
    &["办理流程", "办理程序", "办事流程", "办理环节", "流程图"],
];

/// A guide shows at least this many key elements.
const MIN_ELEMENTS: usize = 3;

const FORM_EXTENSIONS: [&str; 6] = [".doc", ".docx", ".xls", ".xlsx", ".pdf", ".wps"];

static LABEL_CELLS: LazyLock<Selector> =
    LazyLock::new(|| sel("th, td, dt, strong, b, label, h2, h3, h4, h5, span, em"));
static LINKS: LazyLock<Selector> = LazyLock::new(|| sel("a[href]"));
static BODY: LazyLock<Selector> = LazyLock::new(|| sel("body"));

/// Whether a link text leads to the service section (办事服务, 网上办事 …).
pub fn is_service_entry(link_text: &str) -> bool {
    let t = link_text.trim();
    t.chars().count() <= 10
        && ["办事服务", "办事指南", "网上办事", "政务服务", "在线办事"]
            .iter()
            .any(|w| t.contains(w))
}

/// Whether a link text names a service guide (…办事指南, …指南), excluding the disclosure
/// guide (政府信息公开指南), which is a disclosure column.
pub fn is_guide_link(link_text: &str) -> bool {
    let t = link_text.trim();
    t.contains("指南") && !t.contains("公开指南")
}

/// Strips list numbering and punctuation around a label cell: "一、事项名称：" → "事项名称".
fn bare_label(text: &str) -> &str {
    text.trim_matches(|c: char| {
        c.is_whitespace()
            || c.is_ascii_digit()
            || "、.．:：()（）【】[]*一二三四五六七八九十".contains(c)
    })
}

/// Indexes (into `KEY_ELEMENTS`) of the elements the page shows as labels.
fn present_elements(doc: &Html) -> [bool; 10] {
    let mut present = [false; 10];
    let cells: Vec<String> = doc
        .select(&LABEL_CELLS)
        .map(element_text)
        .filter(|t| t.chars().count() <= 16)
        .collect();
    let body = doc
        .select(&BODY)
        .next()
        .map(element_text)
        .unwrap_or_default();
    for (i, names) in SYNONYMS.iter().enumerate() {
        present[i] = names.iter().any(|name| {
            cells.iter().any(|c| bare_label(c) == *name)
                || body
                    .match_indices(name)
                    .any(|(p, _)| body[p + name.len()..].trim_start().starts_with([':', '：']))
        });
    }
    present
}

fn is_form_link(href: &str, text: &str) -> bool {
    let path = href
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    FORM_EXTENSIONS.iter().any(|e| path.ends_with(e))
        || ((text.contains('表') || text.contains("下载")) && !href.starts_with("javascript"))
}

/// A service guide page: `None` unless it shows at least three key elements as labels.
pub fn read_guide(html: &str, page_url: &Url) -> Option<ServiceGuide> {
    let doc = Html::parse_document(html);
    let present = present_elements(&doc);
    if present.iter().filter(|p| **p).count() < MIN_ELEMENTS {
        return None;
    }
    let missing_elements = KEY_ELEMENTS
        .iter()
        .zip(present)
        .filter(|(_, p)| !p)
        .map(|(e, _)| e.to_string())
        .collect();
    let mut forms: Vec<String> = Vec::new();
    for a in doc.select(&LINKS) {
        let href = a.value().attr("href").unwrap_or_default().trim();
        if !is_form_link(href, &element_text(a)) {
            continue;
        }
        if let Ok(u) = page_url.join(href) {
            let u = u.to_string();
            if !forms.contains(&u) {
                forms.push(u);
            }
        }
    }
    let title = super::interaction::page_title(&doc);
    Some(ServiceGuide {
        title,
        url: page_url.to_string(),
        missing_elements,
        forms,
    })
}
