//! Excel (XLSX) attachments: each sheet is one table; merged regions are spread over the grid
//! like HTML spans.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::ReadError;
use crate::doc::{Block, Doc, clean};

const MAX_ROWS: usize = 400;
const MAX_COLS: usize = 60;

/// Reads every sheet of an XLSX file.
pub fn read_xlsx(bytes: &[u8]) -> Result<Doc, ReadError> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes))
        .map_err(|e| ReadError::Format(format!("XLSX无法打开：{e}")))?;
    let mut doc = Doc::default();
    for name in wb.sheet_names().to_vec() {
        let Ok(range) = wb.worksheet_range(&name) else {
            continue;
        };
        let Some((r0, c0)) = range.start() else {
            continue;
        };
        let (h, w) = range.get_size();
        let (h, w) = (h.min(MAX_ROWS), w.min(MAX_COLS));
        let mut grid: Vec<Vec<String>> = (0..h)
            .map(|r| {
                (0..w)
                    .map(|c| {
                        range
                            .get_value((r0 + r as u32, c0 + c as u32))
                            .map(cell_text)
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect();
        // Merged regions are optional help: a sheet without them still reads.
        {
            for d in wb.merge_cells_by_sheet_name(&name).unwrap_or_default() {
                let at = |r: u32, c: u32| {
                    let (r, c) = (r.checked_sub(r0)? as usize, c.checked_sub(c0)? as usize);
                    (r < h && c < w).then_some((r, c))
                };
                let Some((sr, sc)) = at(d.start.0, d.start.1) else {
                    continue;
                };
                let text = grid[sr][sc].clone();
                for r in d.start.0..=d.end.0 {
                    for c in d.start.1..=d.end.1 {
                        if let Some((rr, cc)) = at(r, c) {
                            grid[rr][cc] = text.clone();
                        }
                    }
                }
            }
        }
        doc.push_line(&name);
        // A row with text in one cell only is a title or a heading line.
        let mut table = Vec::new();
        for row in grid {
            let filled = row.iter().filter(|c| !c.is_empty()).count();
            if filled == 1 && table.is_empty() {
                doc.push_line(
                    row.iter()
                        .find(|c| !c.is_empty())
                        .map_or("", |c| c.as_str()),
                );
            } else if filled > 0 {
                table.push(row);
            }
        }
        if !table.is_empty() {
            doc.blocks.push(Block::Table(table));
        }
    }
    Ok(doc)
}

fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Int(i) => i.to_string(),
        other => clean(&other.to_string()),
    }
}
