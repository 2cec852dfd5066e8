//! The crawl of one unit, as named stages: the pages (breadth-first inside the scope), the
//! columns assembled from them, the pages about people, the link check; then the facts.

use std::sync::Arc;

use url::Url;
use zwgk_core::config::{CrawlConfig, UnitConfig};
use zwgk_core::facts::{Column, Ipv6Facts, Item, SiteFacts, UnitFacts};
use zwgk_core::rules::Challenges;
use zwgk_core::store::{CrawlId, CrawlOutcome, CrawlRecorder, PageRecord, StoreError};

use crate::columns::{self, Assembler};
use crate::connectivity::Connectivity;
use crate::discover::{self, Skipped};
use crate::doubt::Doubt;
use crate::fetch::Fetcher;
use crate::linkcheck;
use crate::normalize::normalize;
use crate::pages::{CrawledPages, crawl_pages};
use crate::scope::Scope;
use crate::{CrawlEvent, CrawlPlan, Crawler, Events, people};

/// Why a unit's crawl could not be recorded.
#[derive(Debug, thiserror::Error)]
pub enum CrawlError {
    /// The store failed; the crawl stopped so nothing more is lost.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The crawl's own temporary file could not be read back (the disk under `TMPDIR`
    /// failing): the columns would be assembled from pages it did not see.
    #[error(
        "抓取临时文件读取失败（{0}），本单位本次抓取作废，未保存结果；请检查临时目录（TMPDIR）所在磁盘后重新抓取"
    )]
    TempFile(String),
}

/// The unit's columns as discovery finds them on its site: proposed, assembled (items, dates
/// from the lists), menu links read as rows and aggregates left out.
async fn discover_columns(
    asm: &mut Assembler<'_>,
    entry: &Url,
    in_scope: &(dyn Fn(&Url) -> bool + Sync),
) -> (Vec<Column>, Vec<Skipped>) {
    let proposal = discover::propose(asm, entry, in_scope).await;
    let mut cols = Vec::new();
    for spec in proposal.columns {
        let mut c = asm.assemble(spec).await;
        discover::drop_menu_items(&mut c, &proposal.menu_urls, entry);
        cols.push(c);
    }
    let mut skipped = proposal.skipped;
    discover::drop_aggregates(&mut cols, &mut skipped);
    (cols, skipped)
}

/// What `zwgk columns` shows: the columns discovery finds on a unit's site, and the menu
/// links it saw but did not take, with why.
#[derive(Debug, Clone)]
pub struct ColumnProposal {
    /// The entry page loaded.
    pub reachable: bool,
    /// Pages read.
    pub pages_crawled: usize,
    /// The columns, assembled (items, dates), in the order an inspector meets them.
    pub columns: Vec<Column>,
    /// Links seen in menus that are not columns.
    pub skipped: Vec<Skipped>,
}

/// A recorder that keeps nothing: a proposal is shown, never stored.
struct Discard;

impl CrawlRecorder for Discard {
    fn id(&self) -> CrawlId {
        0
    }
    fn page(&self, _: PageRecord) {}
    fn link(&self, _: &str, _: &str, _: &str, _: &str) {}
    fn error(&self, _: &str, _: &str) {}
    fn failure(&self) -> Option<String> {
        None
    }
    fn finish(
        self: Box<Self>,
        _: CrawlOutcome,
        _: &UnitFacts,
        _: u64,
    ) -> Result<CrawlId, StoreError> {
        Ok(0)
    }
}

/// Proposes a unit's columns from its site, whatever its config says: crawls its pages with
/// `fetcher` and `settings` (nothing is stored, no link is checked) and runs discovery.
pub async fn propose_columns(
    fetcher: &Arc<Fetcher>,
    settings: &CrawlConfig,
    unit: &UnitConfig,
    plan: &CrawlPlan,
    events: &Events<'_>,
) -> Result<ColumnProposal, CrawlError> {
    let entry = normalize(&unit.url);
    let scope = Scope::new(&entry, &[]);
    let recorder = Discard;
    // Refused pages must not be read as columns here either.
    let connectivity = Connectivity::for_crawl(settings);
    let doubt = Doubt::new(
        fetcher.clone(),
        Arc::new(Challenges::builtin()),
        Arc::new(connectivity),
    );
    let crawled = crawl_pages(
        (&doubt, settings),
        &entry,
        &[],
        &scope,
        plan,
        &recorder,
        events,
    )
    .await?;
    let mut pages = crawled.pages;
    let mut links = crawled.links;
    let mut urls = crawled.pagination_urls;
    let in_scope = |u: &Url| scope.contains(u);
    let external = settings.check_external_links;
    let may_fetch = |u: &Url| external || scope.contains(u);
    let mut asm = Assembler {
        doubt: doubt.clone(),
        may_fetch: &may_fetch,
        plan,
        max_list_pages: settings.max_list_pages,
        pages: &mut pages,
        crawl_urls: links.urls_mut(),
        urls: &mut urls,
        recorder: &recorder,
        discover_fetches: 0,
    };
    let (mut columns, skipped) = discover_columns(&mut asm, &entry, &in_scope).await;
    asm.fill_dates(&mut columns, &mut Vec::new()).await;
    if let Some(e) = pages.views().read_error() {
        return Err(CrawlError::TempFile(e));
    }
    Ok(ColumnProposal {
        reachable: crawled.entry_load.is_some_and(|(ok, _)| ok),
        pages_crawled: pages.summaries().filter(|p| p.status.is_some()).count(),
        columns,
        skipped,
    })
}

impl Crawler {
    /// The IPv6 check of the entry page: an address, a load over IPv6, the same title.
    async fn ipv6(&self, entry: &Url, title_v4: &str) -> Ipv6Facts {
        let aaaa = match entry.host_str() {
            Some(h) => self.fetcher.has_ipv6(h).await,
            None => false,
        };
        if !aaaa {
            return Ipv6Facts::default();
        }
        let page = self.fetcher.fetch_over_ipv6(entry).await.ok();
        let Some(r) = page.filter(|r| (200..300).contains(&r.status)) else {
            return Ipv6Facts {
                aaaa,
                ..Default::default()
            };
        };
        let (html, _) = zwgk_extract::decode_html(&r.body, r.content_type.as_deref());
        let title_v6 = zwgk_extract::meta::page_title(&html);
        Ipv6Facts {
            aaaa,
            loads: true,
            same_title: title_v6.trim() == title_v4.trim(),
        }
    }

    /// Crawls one unit as `plan` says, recording everything in the store as it goes.
    pub async fn crawl_unit(
        &self,
        unit: &UnitConfig,
        plan: &CrawlPlan,
        events: &Events<'_>,
    ) -> Result<(UnitFacts, CrawlId), CrawlError> {
        let recorder = self
            .store
            .begin_crawl(&unit.name, &unit.group, plan.as_of, plan.kind)?;
        let (facts, requests) =
            crate::fetch::counting_requests(self.see_unit(unit, plan, events, &*recorder)).await;
        let facts = facts?;
        let outcome = if facts.site.reachable {
            CrawlOutcome::Done
        } else {
            CrawlOutcome::Unreachable
        };
        let id = recorder.finish(outcome, &facts, requests)?;
        Ok((facts, id))
    }

    async fn see_unit(
        &self,
        unit: &UnitConfig,
        plan: &CrawlPlan,
        events: &Events<'_>,
        recorder: &dyn CrawlRecorder,
    ) -> Result<UnitFacts, CrawlError> {
        let entry = normalize(&unit.url);
        let column_urls: Vec<Url> = unit.columns.iter().map(|c| normalize(&c.url)).collect();
        let scope = Scope::new(&entry, &column_urls);
        let doubt = self.doubt();

        let CrawledPages {
            mut pages,
            mut pagination_urls,
            mut links,
            home,
            entry_load,
            entry_unknown,
            pages_unread,
            article_pages,
            article_pages_without_meta,
            accessibility,
            articles,
            mut checker_errors,
        } = crawl_pages(
            (&doubt, &self.settings),
            &entry,
            &column_urls,
            &scope,
            plan,
            recorder,
            events,
        )
        .await?;
        links.anchors_complete();

        // Columns: configured, or discovered on the site (自动识别).
        let in_scope = |u: &Url| scope.contains(u);
        let columns_auto = unit.columns.is_empty();
        // Pages outside the scope (later list pages, articles to date, letter boxes) are read
        // only when off-site requests are allowed; the outbound policy holds either way.
        let external = self.settings.check_external_links;
        let may_fetch = |u: &Url| external || scope.contains(u);
        let mut assembler = Assembler {
            doubt: doubt.clone(),
            may_fetch: &may_fetch,
            plan,
            max_list_pages: self.settings.max_list_pages,
            pages: &mut pages,
            crawl_urls: links.urls_mut(),
            urls: &mut pagination_urls,
            recorder,
            discover_fetches: 0,
        };
        let mut cols = if columns_auto {
            discover_columns(&mut assembler, &entry, &in_scope).await.0
        } else {
            let mut cols = Vec::new();
            for spec in columns::configured_specs(unit) {
                cols.push(assembler.assemble(spec).await);
            }
            cols
        };
        let mut home_items = home
            .as_ref()
            .map_or_else(Vec::new, |h| h.list_items.clone());
        assembler.fill_dates(&mut cols, &mut home_items).await;
        if let Some(e) = pages.views().read_error() {
            return Err(CrawlError::TempFile(e));
        }
        // The columns are assembled: the pages' lists and column views are not read again,
        // only their fetch results (the link check), so they are let go before the anchors
        // and the link check need memory.
        for p in pages.summaries_mut() {
            p.list = None;
            p.columns = None;
        }

        let shown: Vec<&Item> = home_items
            .iter()
            .filter(|i| i.date.is_some_and(|d| d <= plan.as_of))
            .collect();
        let homepage_latest = shown.iter().filter_map(|i| i.date).max();
        let homepage_latest_established = shown
            .iter()
            .filter(|i| i.date_established())
            .filter_map(|i| i.date)
            .max();
        let homepage_year_inferred = homepage_latest != homepage_latest_established;
        let homepage_latest_established =
            homepage_latest_established.filter(|_| homepage_year_inferred);
        let anchors = links.anchor_refs();
        let interaction = people::read_interaction(&doubt, anchors, &may_fetch, plan.as_of).await;
        let services = people::read_services(&doubt, anchors, &may_fetch, plan.as_of).await;
        let annual_report =
            crate::annual::read_annual_report(&doubt, anchors, &cols, &may_fetch, plan.as_of).await;
        // Nothing reads every anchor pair any more: the link check runs beside only those
        // the facts keep.
        links.keep_first_anchors();
        links.lookups_done();

        // Link check: crawled pages are judged from their fetch; the rest get a HEAD/GET.
        let pages_crawled = pages.summaries().filter(|p| p.status.is_some()).count();
        // The link check reads the pages' fetch results in place.
        let (problems, mut link_errors) = linkcheck::check_links(
            &doubt,
            &links,
            &may_fetch,
            &pages,
            &in_scope,
            self.store.link_cache(),
            self.settings.link_cache_hours,
        )
        .await;
        // The crawl's fetch results are done with before the problems' strings are made, and
        // the index before the anchors' are.
        drop(pages);
        let link_facts = problems.into_facts(&links, &mut link_errors);
        let anchors = links.into_anchors();
        checker_errors.extend(link_errors);
        if link_facts.over_cap.any() {
            tracing::warn!(unit = %unit.name, over_cap = ?link_facts.over_cap, "链接数量超过上限，超出部分未检查");
        }
        events(CrawlEvent::LinksChecked);

        let (reachable, load_ms) = entry_load.unwrap_or((false, 0));
        let entry_unknown = entry_unknown.filter(|_| !reachable);
        let home = home.as_ref();
        let ipv6 = match home {
            Some(h) if reachable => Some(self.ipv6(&entry, &h.title).await),
            _ => None,
        };
        Ok(UnitFacts {
            unit: unit.name.clone(),
            group: unit.group.clone(),
            as_of: plan.as_of,
            site: SiteFacts {
                url: unit.url.to_string(),
                reachable,
                entry_load_ms: reachable.then_some(load_ms),
                https: unit.url.scheme() == "https",
                pages_crawled,
                homepage_latest,
                homepage_year_inferred,
                homepage_latest_established,
                identity: home.map(|h| h.identity.clone()).unwrap_or_default(),
                site_id_meta: home.and_then(|h| h.meta.get("SiteIDCode").cloned()),
                homepage_meta: home.map(|h| h.meta.clone()).unwrap_or_default(),
                article_pages,
                article_pages_without_meta,
                features: home.map(|h| h.features.clone()).unwrap_or_default(),
                ipv6,
                entry_unknown,
                checker_offline: doubt.offline_seen(),
                pages_unread,
            },
            columns: cols,
            columns_auto,
            anchors,
            links: link_facts,
            availability: Default::default(),
            interaction,
            services,
            checker_errors,
            articles,
            accessibility,
            annual_report,
        })
    }
}
