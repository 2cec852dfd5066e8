//! The desk in a real browser (placeholder replaced below).
