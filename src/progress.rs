//! Progress bars on stderr, drawn from the crawl's events (hidden when stderr is not a
//! terminal, or when asked).

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use zwgk_crawl::CrawlEvent;

/// The bars of one run: an overall bar of units and a spinner per unit being crawled.
pub struct Progress {
    multi: MultiProgress,
    overall: ProgressBar,
}

impl Progress {
    /// Bars for a run over `units` units; `visible = false` draws nothing.
    pub fn new(units: usize, visible: bool) -> Progress {
        let multi = MultiProgress::new();
        if !visible {
            multi.set_draw_target(ProgressDrawTarget::hidden());
        }
        let overall = multi.add(ProgressBar::new(units as u64));
        overall.set_style(
            ProgressStyle::with_template("{prefix:>8} [{bar:30}] {pos}/{len} 个单位 {elapsed}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        overall.set_prefix("总进度");
        Progress { multi, overall }
    }

    /// A spinner for one unit; it counts the pages read.
    pub fn unit(&self, name: &str) -> UnitProgress {
        let pb = self
            .multi
            .insert_before(&self.overall, ProgressBar::new_spinner());
        pb.set_style(
            ProgressStyle::with_template("{spinner} {prefix} {pos} 页 {msg}")
                .expect("valid template"),
        );
        pb.set_prefix(name.to_string());
        pb.enable_steady_tick(std::time::Duration::from_millis(200));
        UnitProgress {
            bar: pb,
            overall: self.overall.clone(),
        }
    }

    /// Clears the bars.
    pub fn finish(&self) {
        self.overall.finish_and_clear();
    }
}

/// One unit's spinner.
pub struct UnitProgress {
    bar: ProgressBar,
    overall: ProgressBar,
}

impl UnitProgress {
    /// Draws one crawl event.
    pub fn on(&self, event: CrawlEvent) {
        match event {
            CrawlEvent::PageRead => self.bar.inc(1),
            CrawlEvent::LinksChecked => self.bar.set_message("链接检查完成"),
        }
    }
}

impl Drop for UnitProgress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
        self.overall.inc(1);
    }
}
