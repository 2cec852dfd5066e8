//! The integration tests, in one binary (one link; shared helpers). Every test talks to real
//! servers on loopback that it starts itself, real SQLite files in temporary folders, and real
//! readers of the reports it writes.

mod annual_fixtures;
mod annual_samples;
mod cli;
mod column_discovery;
mod crash_safety;
mod crawl_samples;
mod demo_bulletin;
mod desk_browser;
mod desk_publish;
mod desk_support;
mod discovery_handan;
mod discovery_measure;
mod fetch_politeness;
mod hostile_web;
mod ipv6;
mod judge_checks;
mod judge_columns;
mod judge_rules;
mod judge_scores;
mod judge_support;
mod link_check;
mod outbound;
mod people_samples;
mod pg_workers;
mod report_formats;
mod report_hostile;
mod report_office;
mod report_support;
mod report_unknowns;
mod review_flow;
mod serve_api;
mod serve_hardening;
mod verdicts_budget;
mod verdicts_offline;
mod verdicts_refused;
mod verdicts_rules;
mod verdicts_scripted;
mod verdicts_support;
