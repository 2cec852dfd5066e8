//! Command-line definitions (spec section 1).

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "zwgk",
    version,
    about = "政府网站与政务公开检查：抓取、评分、生成月度通报"
)]
pub struct Cli {
    /// Config file.
    #[arg(long, global = true, default_value = "config.toml")]
    pub config: PathBuf,
    /// More log output on stderr (-v info, -vv debug).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColumnsFormat {
    Text,
    Toml,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Crawl and judge one unit now (on-demand check).
    Check {
        #[arg(long)]
        unit: String,
        /// Evaluation date, YYYY-MM-DD (default: today).
        #[arg(long)]
        as_of: Option<String>,
        /// Month of the judgment, YYYY-MM (default: the month of --as-of).
        #[arg(long)]
        month: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
    /// Crawl and judge every unit of the config (the nightly job).
    Crawl {
        #[arg(long)]
        as_of: Option<String>,
        /// Only these units (repeatable).
        #[arg(long)]
        unit: Vec<String>,
    },
    /// Build the monthly bulletin from the store (no network).
    Report {
        #[arg(long)]
        month: String,
        /// md, html, xlsx, docx, csv or json.
        #[arg(long)]
        format: String,
        /// Output file (default: stdout for text formats).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Serve the bundled sample sites on loopback, crawl them as of 2021-10-31 and write the
    /// October 2021 bulletin in every format.
    Demo {
        /// Where the reports go.
        #[arg(long, default_value = "out")]
        out: PathBuf,
    },
    /// The long-running service: nightly crawls on the configured schedule, the dashboard and
    /// the HTTP API.
    Serve {
        /// Address to listen on (default: `[serve] listen`, else 127.0.0.1:8700).
        #[arg(long)]
        listen: Option<String>,
    },
    /// Read one annual report (HTML, PDF, DOCX, XLSX, text; a file or a URL) and print every
    /// check: for checking a draft before it is published.
    AnnualReport {
        /// The report: a file path or an http(s) URL.
        report: String,
        /// Last year's report of the same unit (carry-over and copying checks).
        #[arg(long)]
        previous: Option<String>,
        /// Evaluation date for the deadline check, YYYY-MM-DD (default: today).
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
    /// Propose a unit's columns as found on its site (nothing is stored); `--format toml`
    /// prints [[unit.column]] tables to paste into the config after review.
    Columns {
        #[arg(long)]
        unit: String,
        /// Evaluation date, YYYY-MM-DD (default: today): the month's items are counted to it.
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: ColumnsFormat,
    },
    /// Rules tools.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Review of findings: list them with their ids, record decisions, read the audit log.
    Review {
        #[command(subcommand)]
        command: ReviewCommand,
    },
    /// Print the hash of a password or token read from stdin, for `[[serve.user]]`.
    HashPassword,
}

#[derive(Debug, Subcommand)]
pub enum ReviewCommand {
    /// The month's findings with their ids and current decisions.
    List {
        #[arg(long)]
        month: String,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
    /// Record a decision about a finding (appended to the audit log).
    Set {
        /// The finding's id (from `zwgk review list`).
        id: String,
        /// confirm, dismiss or fixed.
        #[arg(long)]
        decision: String,
        /// Why (required for dismiss).
        #[arg(long, default_value = "")]
        reason: String,
        /// Who decides.
        #[arg(long)]
        by: String,
    },
    /// The audit log: who decided what, when and why.
    Log {
        #[arg(long)]
        month: Option<String>,
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Validate a rules directory (exit code 2 with file, line and key on error).
    Check {
        /// The directory (default: `[rules] dir` of the config).
        dir: Option<PathBuf>,
    },
}
