//! After the crawl: the pages about people. Enquiry channels and their letters, surveys and
//! interviews (交流互动), the service entry and its guides (公共服务). They are found by the
//! anchor texts seen anywhere in the unit and read with `extract::people`.

use std::collections::HashSet;

use chrono::NaiveDate;
use url::Url;

use zwgk_core::facts::{
    EnquiryChannel, InteractionFacts, LetterStatus, ServiceFacts, UnknownReason,
};
use zwgk_extract::people::{
    is_enquiry_channel, is_guide_link, is_service_entry, read_guide, read_letter_page,
    read_letters, read_surveys, survey_kind,
};
use zwgk_extract::{extract_page, links::resolve};

use crate::doubt::Doubt;
use crate::link_index::Anchors;

/// Bounds, so that a site with hundreds of letters or guides cannot stall a crawl.
const MAX_CHANNELS: usize = 5;
const MAX_LETTER_PAGES: usize = 30;
const MAX_SURVEY_LISTS: usize = 4;
const MAX_GUIDES: usize = 30;

/// GETs a page and decodes it; `None` unless it answered 2xx with the page itself.
async fn get_html(doubt: &Doubt, url: &Url) -> Option<(Url, String)> {
    doubt.read_html(url).await.ok()
}

/// Whether a URL may be fetched (inside the unit's scope, or off-site requests allowed).
type MayFetch<'a> = &'a (dyn Fn(&Url) -> bool + Sync);

/// Distinct URLs of the anchors whose text passes `pick`, in first-seen order.
fn pick_links<'a>(
    anchors: Anchors<'a>,
    pick: impl Fn(&str) -> bool + 'a,
) -> impl Iterator<Item = (&'a str, Url)> + 'a {
    let mut seen = HashSet::new();
    anchors.iter().filter_map(move |a| {
        if !pick(a.text) {
            return None;
        }
        // One copy of the URL, for the set and the parse both.
        let url = a.url.into_string();
        if seen.contains(&url) {
            return None;
        }
        let parsed = Url::parse(&url).ok();
        seen.insert(url);
        Some((a.text, parsed?))
    })
}

pub(crate) async fn read_interaction(
    doubt: &Doubt,
    anchors: Anchors<'_>,
    may_fetch: MayFetch<'_>,
    as_of: NaiveDate,
) -> InteractionFacts {
    let mut facts = InteractionFacts::default();
    for (name, url) in pick_links(anchors, is_enquiry_channel).take(MAX_CHANNELS) {
        let read = match may_fetch(&url) {
            true => doubt.read_html(&url).await,
            // Off-site, with off-site requests disabled: not read.
            false => Err(Some(UnknownReason::Other)),
        };
        let (page_url, html) = match read {
            Ok(page) => page,
            Err(unknown) => {
                facts.channels.push(EnquiryChannel {
                    name: name.to_string(),
                    url: url.to_string(),
                    working: false,
                    checked: unknown.is_none(),
                    unknown,
                    letters: Vec::new(),
                });
                continue;
            }
        };
        let mut letters = read_letters(&html, &page_url, as_of);
        // Letters whose list shows neither a reply nor a status: their own page tells.
        let mut opened = 0;
        for letter in letters.iter_mut() {
            if letter.status != LetterStatus::Unknown || opened >= MAX_LETTER_PAGES {
                continue;
            }
            let Some(u) = Url::parse(&letter.url).ok().filter(|u| may_fetch(u)) else {
                continue;
            };
            opened += 1;
            if let Some((lu, lhtml)) = get_html(doubt, &u).await {
                let page = read_letter_page(&lhtml, &lu);
                letter.asked = letter.asked.or(page.asked);
                letter.replied = letter.replied.or(page.replied);
                letter.status = page.status;
            }
        }
        facts.channels.push(EnquiryChannel {
            name: name.to_string(),
            url: url.to_string(),
            working: true,
            checked: true,
            unknown: None,
            letters,
        });
    }
    let surveys = pick_links(anchors, |t| survey_kind(t).is_some())
        .filter(|(_, u)| may_fetch(u))
        .take(MAX_SURVEY_LISTS);
    for (name, url) in surveys {
        let kind = survey_kind(name).unwrap_or("survey");
        if let Some((page_url, html)) = get_html(doubt, &url).await {
            facts.surveys.extend(read_surveys(&html, &page_url, kind));
        }
    }
    facts
}

pub(crate) async fn read_services(
    doubt: &Doubt,
    anchors: Anchors<'_>,
    may_fetch: MayFetch<'_>,
    as_of: NaiveDate,
) -> ServiceFacts {
    let mut facts = ServiceFacts::default();
    let Some((_, entry)) = pick_links(anchors, is_service_entry).next() else {
        return facts;
    };
    facts.entry = Some(entry.to_string());
    if !may_fetch(&entry) {
        return facts;
    }
    let Some((entry_url, html)) = get_html(doubt, &entry).await else {
        return facts;
    };
    if let Some(g) = read_guide(&html, &entry_url) {
        facts.guides.push(g);
    }
    let page = extract_page(&html, &entry_url, as_of);
    let mut seen = HashSet::new();
    let guides = page
        .links
        .iter()
        .filter(|l| l.element == "a" && is_guide_link(&l.text))
        .filter_map(|l| resolve(&entry_url, l.url.as_str()))
        .filter(|u| may_fetch(u))
        .filter(|u| seen.insert(u.to_string()))
        .take(MAX_GUIDES)
        .collect::<Vec<_>>();
    for u in guides {
        if let Some((gu, ghtml)) = get_html(doubt, &u).await
            && let Some(g) = read_guide(&ghtml, &gu)
        {
            facts.guides.push(g);
        }
    }
    facts
}
