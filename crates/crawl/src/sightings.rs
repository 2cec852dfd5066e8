//! Where the crawl's link targets were found: one (target, page) record per sighting, in the
//! order seen. A site of 200,000 pages has about eight million of them (64 MB), and only the
//! few hundred thousand of broken or unverifiable targets are ever read back, once, at the end
//! of the link check. So past a threshold the records go to an anonymous temporary file
//! (removed by the system when the crawl ends, crashed or not) and memory holds one chunk.

use std::io;

use crate::spill::SpillFile;

/// Records held in memory before they are written out: 1 MB. A site under about three
/// thousand pages never touches the disk. (At 4 MB, the buffer and the copy made to write it
/// were 8 MB at the end of a 200,000-page crawl, its highest point.)
pub(crate) const SPILL_AT: usize = 128 * 1024;

/// Bytes of one record: the target's number and the page's, little-endian.
const RECORD: usize = 8;

/// The sightings of one crawl, in the order seen.
pub(crate) struct Sightings {
    /// The latest records (all of them while nothing was spilled), as they are written to
    /// the file: no copy is made to write them.
    recent: Vec<u8>,
    /// The records written out, oldest first.
    spilled: SpillFile,
    spilled_records: u64,
    /// Records kept in memory before the next write.
    spill_at: usize,
    /// The temporary file could not be made or written: everything stays in memory
    /// (nothing is lost; the crawl is only larger).
    in_memory_only: bool,
}

impl Sightings {
    /// An empty list that spills every `spill_at` records (`usize::MAX`: never).
    pub(crate) fn new(spill_at: usize) -> Self {
        Sightings {
            recent: Vec::new(),
            spilled: SpillFile::default(),
            spilled_records: 0,
            spill_at: spill_at.max(1),
            in_memory_only: false,
        }
    }

    /// Records that `target` was found on `page`.
    pub(crate) fn push(&mut self, target: u32, page: u32) {
        self.recent.extend_from_slice(&target.to_le_bytes());
        self.recent.extend_from_slice(&page.to_le_bytes());
        if self.recent.len() >= self.spill_at * RECORD
            && !self.in_memory_only
            && let Err(e) = self.spill()
        {
            tracing::warn!("链接出现位置无法写入临时文件，改为全部保存在内存中：{e}");
            self.in_memory_only = true;
        }
    }

    fn spill(&mut self) -> io::Result<()> {
        self.spilled.append(&self.recent)?;
        self.spilled_records += (self.recent.len() / RECORD) as u64;
        self.recent.clear();
        Ok(())
    }

    /// Calls `each(target, page)` for every sighting in the order seen. An error reading the
    /// spilled records back stops the pass (the records in memory are still given).
    pub(crate) fn for_each(&self, mut each: impl FnMut(u32, u32)) -> io::Result<()> {
        let read = read_back(&self.spilled, self.spilled_records, &mut each);
        decode(&self.recent, &mut each);
        read
    }
}

fn read_back(file: &SpillFile, records: u64, each: &mut impl FnMut(u32, u32)) -> io::Result<()> {
    const PER_READ: u64 = 64 * 1024;
    let mut chunk = vec![0u8; PER_READ as usize * RECORD];
    let mut done = 0;
    while done < records {
        let n = (records - done).min(PER_READ) as usize;
        let bytes = &mut chunk[..n * RECORD];
        file.read_at(done * RECORD as u64, bytes)?;
        decode(bytes, each);
        done += n as u64;
    }
    Ok(())
}

fn decode(bytes: &[u8], each: &mut impl FnMut(u32, u32)) {
    for r in bytes.chunks_exact(RECORD) {
        let t = u32::from_le_bytes([r[0], r[1], r[2], r[3]]);
        let p = u32::from_le_bytes([r[4], r[5], r[6], r[7]]);
        each(t, p);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(s: &Sightings) -> Vec<(u32, u32)> {
        let mut v = Vec::new();
        s.for_each(|t, p| v.push((t, p))).unwrap();
        v
    }

    #[test]
    fn spilled_records_come_back_in_the_order_seen() {
        // Spilling every 3 records: 10 records are three chunks on disk and one in memory.
        let mut s = Sightings::new(3);
        let want: Vec<(u32, u32)> = (0..10).map(|i| (i % 4, 100 + i)).collect();
        for &(t, p) in &want {
            s.push(t, p);
        }
        assert_eq!(s.spilled_records, 9);
        assert_eq!(
            s.recent,
            [1u32.to_le_bytes(), 109u32.to_le_bytes()].concat()
        );
        assert_eq!(all(&s), want);
        // Reading does not consume: a second pass gives the same, and more can follow.
        s.push(u32::MAX - 1, u32::MAX);
        let mut more = want.clone();
        more.push((u32::MAX - 1, u32::MAX));
        assert_eq!(all(&s), more);
    }

    #[test]
    fn a_small_crawl_stays_in_memory() {
        let mut s = Sightings::new(SPILL_AT);
        s.push(7, 0);
        s.push(7, 1);
        assert!(!s.spilled.in_use());
        assert_eq!(all(&s), vec![(7, 0), (7, 1)]);
    }
}
