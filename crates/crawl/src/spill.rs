//! An anonymous temporary file a crawl appends to and reads back from: the link sightings
//! (`crate::sightings`) and the page views (`crate::view_store`) of a large site go there
//! instead of memory. The system removes the file when the process ends, crashed or not.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};

/// The file, made on the first write.
#[derive(Default)]
pub(crate) struct SpillFile {
    file: Option<File>,
    /// Bytes written.
    end: u64,
}

impl SpillFile {
    /// Appends `bytes`; returns where they start. After a failed write the file's length is
    /// unchanged as far as reads go (`end` moves only on success).
    pub(crate) fn append(&mut self, bytes: &[u8]) -> io::Result<u64> {
        let file = match &mut self.file {
            Some(f) => f,
            None => self.file.insert(tempfile::tempfile()?),
        };
        // Reads move the cursor: write at the end of what was written.
        file.seek(SeekFrom::Start(self.end))?;
        file.write_all(bytes)?;
        let at = self.end;
        self.end += bytes.len() as u64;
        Ok(at)
    }

    /// Fills `buf` with the bytes written at `at`.
    pub(crate) fn read_at(&self, at: u64, buf: &mut [u8]) -> io::Result<()> {
        let mut file: &File = self
            .file
            .as_ref()
            .ok_or_else(|| io::Error::other("nothing was written to the spill file"))?;
        file.seek(SeekFrom::Start(at))?;
        file.read_exact(buf)
    }

    /// Whether anything was ever written (the file exists).
    #[cfg(test)]
    pub(crate) fn in_use(&self) -> bool {
        self.file.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_come_back_from_where_they_were_appended() {
        let mut f = SpillFile::default();
        assert!(!f.in_use());
        assert_eq!(f.append(b"abc").unwrap(), 0);
        assert_eq!(f.append(b"defgh").unwrap(), 3);
        let mut buf = [0u8; 4];
        f.read_at(2, &mut buf).unwrap();
        assert_eq!(&buf, b"cdef");
        // A write after a read still goes to the end.
        assert_eq!(f.append(b"i").unwrap(), 8);
        let mut all = [0u8; 9];
        f.read_at(0, &mut all).unwrap();
        assert_eq!(&all, b"abcdefghi");
        // Past the end is an error, not short data.
        assert!(f.read_at(8, &mut buf).is_err());
    }
}
