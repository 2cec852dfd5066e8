//! The `zwgk` binary: parse arguments, call the library, map errors to exit codes.

mod allocator;
mod cli;
mod review_print;
mod summary;

use clap::Parser;

use cli::{Cli, ColumnsFormat, Command, OutputFormat, QueueCommand, ReviewCommand, RulesCommand};
use zwgk::commands::{self as app, AppError, RunOptions};
use zwgk_core::config::Config;

fn main() {
    // `zwgk report --format json | head` should end quietly when the reader stops, as Unix
    // tools do, not panic on a closed pipe.
    #[cfg(unix)]
    #[allow(unsafe_code)]
    // SAFETY: restoring the default action of a signal before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let level = match cli.verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("ZWGK_LOG").unwrap_or_else(|_| {
                tracing_subscriber::EnvFilter::new(format!(
                    "zwgk={level},zwgk_core={level},zwgk_crawl={level},zwgk_store_sqlite={level},zwgk_store_postgres={level}"
                ))
            }),
        )
        .init();
    let code = match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("错误：{e}");
            e.exit_code()
        }
    };
    std::process::exit(code);
}

fn run(cli: Cli) -> Result<i32, AppError> {
    let runtime = tokio::runtime::Runtime::new().map_err(|e| AppError::Internal(e.to_string()))?;
    if let Command::Rules {
        command: RulesCommand::Check { dir },
    } = &cli.command
    {
        let dir = match dir {
            Some(d) => d.clone(),
            None => Config::load(&cli.config)?.rules_dir().ok_or_else(|| {
                AppError::Usage("config.toml 没有 [rules] dir，请给出要检查的规则目录".into())
            })?,
        };
        zwgk_core::rules::Rules::load_dir(&dir)?;
        println!(
            "规则目录 {} 检查通过（scoring/、columns.toml、required_items.toml、dictionary.toml、challenges.toml）",
            dir.display()
        );
        return Ok(0);
    }
    if let Command::HashPassword = &cli.command {
        let mut secret = String::new();
        std::io::stdin()
            .read_line(&mut secret)
            .map_err(|e| AppError::Usage(format!("无法从标准输入读取密码：{e}")))?;
        println!(
            "{}",
            zwgk::serve::hash_secret(secret.trim_end_matches(['\r', '\n']))?
        );
        return Ok(0);
    }
    if let Command::AnnualReport {
        report,
        previous,
        as_of,
        format,
    } = &cli.command
    {
        // A draft can be checked without any config: the built-in rules then apply.
        let cfg = if cli.config.exists() {
            Some(Config::load(&cli.config)?)
        } else {
            None
        };
        let rules = match &cfg {
            Some(c) => app::load_rules(c)?,
            None => zwgk_core::rules::Rules::load(None)?,
        };
        let crawl = cfg.map(|c| c.crawl).unwrap_or_default();
        let as_of = app::parse_as_of(as_of.as_deref())?;
        let r = runtime.block_on(app::run_annual_report(
            &crawl,
            &rules,
            report,
            previous.as_deref(),
            as_of,
        ))?;
        match format {
            OutputFormat::Json => print_json(&r)?,
            OutputFormat::Text => summary::print_annual(&r),
        }
        return Ok(0);
    }
    let mut cfg = Config::load(&cli.config)?;
    match cli.command {
        Command::Check {
            unit,
            as_of,
            month,
            format,
        } => {
            let as_of = app::parse_as_of(as_of.as_deref())?;
            let mut opts = RunOptions::new(as_of);
            if let Some(m) = month {
                let (first, last) = app::parse_month(&m)?;
                opts.window = zwgk_core::MonthWindow {
                    start: first,
                    end: last.min(as_of),
                };
            }
            let r = runtime.block_on(app::run_check(&cfg, &unit, &opts))?;
            summary::print_notes(std::slice::from_ref(&r), &cfg.crawl.connectivity_probes);
            match format {
                OutputFormat::Json => print_json(&r)?,
                OutputFormat::Text => summary::print_unit(&r),
            }
            Ok(exit_code(std::slice::from_ref(&r)))
        }
        Command::Crawl {
            as_of,
            unit,
            enqueue,
        } => {
            let as_of = app::parse_as_of(as_of.as_deref())?;
            let units = select_units(&cfg, &unit)?;
            if enqueue {
                let r = app::run_enqueue(&cfg, &units, as_of)?;
                println!(
                    "已加入队列：{} 个单位（{} 个主机组，抓取日期 {as_of}）；{} 个单位当天已在队列中，未重复加入",
                    r.added, r.groups, r.already
                );
                return Ok(0);
            }
            let results =
                runtime.block_on(app::run_crawl(&cfg, &units, &RunOptions::new(as_of)))?;
            summary::print_table(&results);
            summary::print_notes(&results, &cfg.crawl.connectivity_probes);
            Ok(exit_code(&results))
        }
        Command::Report { month, format, out } => {
            app::run_report(&cfg, &month, &format, out.as_deref())?;
            Ok(0)
        }
        Command::Demo { out } => {
            let started = std::time::Instant::now();
            let results = runtime.block_on(app::run_demo(&mut cfg, &out))?;
            summary::print_table(&results);
            summary::print_notes(&results, &cfg.crawl.connectivity_probes);
            eprintln!("用时 {:.1} 秒", started.elapsed().as_secs_f64());
            Ok(0)
        }
        Command::Columns {
            unit,
            as_of,
            format,
        } => {
            let as_of = app::parse_as_of(as_of.as_deref())?;
            let r = runtime.block_on(app::run_columns(&cfg, &unit, as_of, true))?;
            match format {
                ColumnsFormat::Text => print!("{}", app::columns_text(&r)),
                ColumnsFormat::Toml => print!("{}", app::columns_toml(&r)),
                ColumnsFormat::Json => print_json(&r)?,
            }
            Ok(i32::from(!r.reachable))
        }
        Command::Serve { listen } => {
            let listen = listen
                .or_else(|| cfg.serve.listen.clone())
                .unwrap_or_else(|| "127.0.0.1:8700".to_string());
            runtime.block_on(zwgk::serve::run_serve(cfg, &listen))?;
            Ok(0)
        }
        Command::Worker { once, name } => {
            let opts = app::WorkerOptions {
                name: name.unwrap_or_else(app::WorkerOptions::default_name),
                once,
            };
            let stats = runtime.block_on(app::run_worker(&cfg, &opts))?;
            eprintln!("{}", stats.summary(&opts.name));
            Ok(0)
        }
        Command::Queue {
            command: QueueCommand::Status { format },
        } => {
            let s = app::queue_status(&cfg)?;
            match format {
                OutputFormat::Json => print_json(&s)?,
                OutputFormat::Text => print!("{}", app::format_status(&s)),
            }
            Ok(0)
        }
        Command::Review { command } => review(&cfg, command),
        Command::Rules { .. } | Command::HashPassword | Command::AnnualReport { .. } => {
            unreachable!("handled above")
        }
    }
}

/// Prints `value` as pretty JSON on stdout, written while it is serialized: a large site's
/// result is never held a second time as one string.
fn print_json<T: serde::Serialize>(value: &T) -> Result<(), AppError> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    serde_json::to_writer_pretty(&mut out, value).map_err(|e| AppError::Internal(e.to_string()))?;
    writeln!(out)
        .and_then(|()| out.flush())
        .map_err(|e| AppError::Internal(format!("无法写出结果：{e}")))
}

fn review(cfg: &Config, command: ReviewCommand) -> Result<i32, AppError> {
    use zwgk::commands::review as r;
    match command {
        ReviewCommand::List {
            month,
            unit,
            format,
        } => {
            if let Some(u) = &unit
                && cfg.unit(u).is_none()
            {
                return Err(AppError::Usage(format!("配置文件中没有名为“{u}”的单位")));
            }
            let store = app::open_store(cfg)?;
            let list = r::review_list(
                cfg,
                &*store,
                &app::load_rules(cfg)?,
                &month,
                unit.as_deref(),
            )?;
            match format {
                OutputFormat::Json => review_print::json(&list)?,
                OutputFormat::Text => review_print::list(&list),
            }
        }
        ReviewCommand::Set {
            id,
            decision,
            reason,
            by,
        } => {
            let decision = decision
                .parse()
                .map_err(|e: zwgk_core::review::BadDecision| AppError::Usage(e.to_string()))?;
            let input = r::DecisionInput {
                decision,
                reason,
                by,
                at: chrono::Utc::now(),
            };
            let d = r::review_set(cfg, &id, &input)?;
            review_print::recorded(&d);
        }
        ReviewCommand::Log { month, format } => {
            let store = app::open_store(cfg)?;
            let log = r::review_log(&*store, month.as_deref())?;
            match format {
                OutputFormat::Json => review_print::json(&log)?,
                OutputFormat::Text => review_print::log(&log),
            }
        }
    }
    Ok(0)
}

/// 3 when the checker itself failed somewhere (the results say where), else 1 when a unit
/// is 不合格, else 0.
fn exit_code(results: &[zwgk_core::result::UnitResult]) -> i32 {
    let errors: Vec<&String> = results.iter().flat_map(|r| &r.checker_errors).collect();
    if !errors.is_empty() {
        eprintln!(
            "错误：检查程序自身出错 {} 处（不计入单位的问题），例如：{}",
            errors.len(),
            summary::clean(errors[0])
        );
        return 3;
    }
    i32::from(results.iter().any(|r| r.failed()))
}

fn select_units<'a>(
    cfg: &'a Config,
    names: &[String],
) -> Result<Vec<&'a zwgk_core::config::UnitConfig>, AppError> {
    if names.is_empty() {
        return Ok(cfg.units.iter().collect());
    }
    names
        .iter()
        .map(|n| {
            cfg.unit(n)
                .ok_or_else(|| AppError::Usage(format!("配置文件中没有名为“{n}”的单位")))
        })
        .collect()
}
