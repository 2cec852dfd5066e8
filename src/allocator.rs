//! The binary's global allocator: mimalloc, tuned to give memory back.
//!
//! A crawl allocates and frees a page's DOM thousands of times a second on every worker
//! thread; glibc's allocator spent about a third more CPU on that (BENCHMARKS.md, issue 19
//! fourth steps). Build with `--features system-allocator` for heap profilers that hook
//! `malloc` (heaptrack).

#[cfg(not(feature = "system-allocator"))]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Freed memory goes back to the system at once, and arenas are committed as they are used:
/// with mimalloc's defaults (a 10 ms purge delay, eagerly committed arenas) the peak RSS of a
/// 20,000-page crawl was 115 MB instead of 67.
///
/// The options must be set before the first allocation reserves the first arena, which is
/// before `main` (set in `main`, the same crawl peaked at 89 MB). So this runs as an ELF
/// constructor of priority 101: ahead of every constructor without a priority (mimalloc's own)
/// and of the Rust runtime's start.
#[cfg(all(target_os = "linux", not(feature = "system-allocator")))]
extern "C" fn tune_allocator() {
    // mimalloc v3's option numbers (`mi_option_e` in its `mimalloc.h`): the crate is pinned
    // in Cargo.toml, as the numbers belong to its release.
    const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    #[allow(unsafe_code)]
    // SAFETY: plain setters of mimalloc's global options, called once, before any thread.
    unsafe {
        libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(PURGE_DELAY, 0);
    }
}

#[cfg(all(target_os = "linux", not(feature = "system-allocator")))]
#[allow(unsafe_code)]
#[used]
// SAFETY: a function pointer in `.init_array`, called once by the loader with no arguments.
#[unsafe(link_section = ".init_array.00101")]
static TUNE_ALLOCATOR: extern "C" fn() = tune_allocator;
