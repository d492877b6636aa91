//! Where the title, the legend and the zone boxes go. Sizes are estimated from the number of
//! characters (no font metrics), generously, so text stays inside the space given to it.

use std::collections::{BTreeMap, HashMap};

use crate::model::SystemModel;

use super::legend::{self, LegendItem};

pub(super) const BOX_W: f64 = 280.0;
pub(super) const COL_GAP: f64 = 80.0;
pub(super) const ROW_GAP: f64 = 120.0;
pub(super) const LINE_H: f64 = 15.0;
pub(super) const HEADER_H: f64 = 44.0;
pub(super) const MAX_LISTED: usize = 12;
pub(super) const MARGIN: f64 = 30.0;
/// Characters of the system name shown in the title.
pub(super) const TITLE_CHARS: usize = 80;
const TITLE_SIZE: f64 = 16.0;
const LEGEND_ROW_H: f64 = 20.0;
const LEGEND_GAP: f64 = 22.0;

/// An axis-aligned rectangle.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn right(&self) -> f64 {
        self.x + self.w
    }
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
    pub fn centre_x(&self) -> f64 {
        self.x + self.w / 2.0
    }
    /// Whether the two share any area (touching edges do not count).
    pub fn overlaps(&self, other: &Rect) -> bool {
        self.x < other.right()
            && other.x < self.right()
            && self.y < other.bottom()
            && other.y < self.bottom()
    }
    /// The rectangle grown by `d` on every side.
    pub fn grown(&self, d: f64) -> Rect {
        Rect {
            x: self.x - d,
            y: self.y - d,
            w: self.w + 2.0 * d,
            h: self.h + 2.0 * d,
        }
    }
}

/// Rectangles indexed by the cells of a grid they touch, so that asking whether a new one
/// overlaps any costs about the same however many there are (a model may have thousands of
/// conduits). Also keeps, per grid column, the lowest bottom of any rectangle in it.
#[derive(Default)]
pub(super) struct RectIndex {
    rects: Vec<Rect>,
    cells: HashMap<(i64, i64), Vec<usize>>,
    column_bottom: HashMap<i64, f64>,
}

impl RectIndex {
    const CELL: f64 = 64.0;

    #[allow(clippy::cast_possible_truncation)] // Canvas coordinates, far inside i64.
    fn span(from: f64, len: f64) -> std::ops::RangeInclusive<i64> {
        let first = (from / Self::CELL).floor() as i64;
        let last = ((from + len) / Self::CELL).floor() as i64;
        first..=last
    }

    pub fn insert(&mut self, r: Rect) {
        let i = self.rects.len();
        self.rects.push(r);
        for cx in Self::span(r.x, r.w) {
            let bottom = self.column_bottom.entry(cx).or_insert(f64::MIN);
            *bottom = bottom.max(r.bottom());
            for cy in Self::span(r.y, r.h) {
                self.cells.entry((cx, cy)).or_default().push(i);
            }
        }
    }

    pub fn overlaps(&self, r: &Rect) -> bool {
        Self::span(r.x, r.w).any(|cx| {
            Self::span(r.y, r.h).any(|cy| {
                self.cells
                    .get(&(cx, cy))
                    .is_some_and(|ids| ids.iter().any(|i| self.rects[*i].overlaps(r)))
            })
        })
    }

    /// The lowest bottom of the rectangles in the grid columns that `r` spans: `r` moved
    /// below it overlaps none of them.
    pub fn bottom_under(&self, r: &Rect) -> Option<f64> {
        Self::span(r.x, r.w)
            .filter_map(|cx| self.column_bottom.get(&cx).copied())
            .reduce(f64::max)
    }
}

/// The width `text` needs at `size` px: 0.6 em a character, above Helvetica's average, so
/// boxes and canvas sized by it hold the text.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.6
}

/// A legend entry and the baseline point where its swatch starts.
pub(super) struct PlacedLegendItem {
    pub item: LegendItem,
    pub x: f64,
    pub y: f64,
}

/// The whole picture's geometry.
pub(super) struct Layout {
    pub width: f64,
    /// Bottom of the boxes, before conduits and labels below them are accounted for.
    pub boxes_bottom: f64,
    /// The zone boxes, by zone index.
    pub place: Vec<Rect>,
    pub rows: Vec<Vec<usize>>,
    pub row_of: Vec<usize>,
    pub row_bottom: Vec<f64>,
    pub legend: Vec<PlacedLegendItem>,
    /// Top of the first row of boxes: nothing of the drawing goes above it.
    pub zones_top: f64,
}

/// Rows of zone indexes, top first: by Purdue level when zones give one, else a square grid.
fn rows(model: &SystemModel) -> Vec<Vec<usize>> {
    let n = model.zones().len();
    if model.zones().iter().any(|z| z.level.is_some()) {
        // Higher Purdue levels (enterprise) on top; zones without a level at the bottom.
        let mut by_level: BTreeMap<std::cmp::Reverse<Option<u8>>, Vec<usize>> = BTreeMap::new();
        for (i, z) in model.zones().iter().enumerate() {
            by_level
                .entry(std::cmp::Reverse(z.level))
                .or_default()
                .push(i);
        }
        by_level.into_values().collect()
    } else {
        // The smallest square grid that holds every zone.
        let mut cols = n.isqrt().max(1);
        if cols * cols < n {
            cols += 1;
        }
        (0..n)
            .collect::<Vec<_>>()
            .chunks(cols)
            .map(<[usize]>::to_vec)
            .collect()
    }
}

fn box_height(model: &SystemModel, zone: usize) -> f64 {
    let n = model.zones()[zone].assets.len();
    let lines = n.min(MAX_LISTED) + usize::from(n > MAX_LISTED);
    HEADER_H + LINE_H * lines as f64 + 10.0
}

/// Flows the legend items into rows no wider than `width`, each group starting a row.
fn place_legend(width: f64, top: f64) -> (Vec<PlacedLegendItem>, f64) {
    let mut placed = Vec::new();
    let mut y = top;
    for group in legend::groups() {
        let mut x = MARGIN;
        for item in group {
            let w = item.width();
            if x > MARGIN && x + w > width - MARGIN {
                x = MARGIN;
                y += LEGEND_ROW_H;
            }
            placed.push(PlacedLegendItem { item, x, y });
            x += w + LEGEND_GAP;
        }
        y += LEGEND_ROW_H;
    }
    (placed, y)
}

impl Layout {
    /// Places the title, the legend and the boxes of `model`. The canvas is at least as wide
    /// as the widest legend entry and the title, so neither is ever clipped.
    pub fn of(model: &SystemModel) -> Layout {
        let rows = rows(model);
        let widest = rows.iter().map(Vec::len).max().unwrap_or(1) as f64;
        let boxes_w = widest * BOX_W + (widest - 1.0).max(0.0) * COL_GAP;
        let title_chars = model.system().name.chars().count().min(TITLE_CHARS);
        // Bold text runs wider than the 0.6 em estimate of regular text.
        let title_w = title_chars as f64 * TITLE_SIZE * 0.7;
        let legend_w = legend::groups()
            .into_iter()
            .flatten()
            .map(|i| i.width())
            .fold(0.0, f64::max);
        let width = 2.0 * MARGIN + boxes_w.max(title_w).max(legend_w);
        let (legend, legend_bottom) = place_legend(width, MARGIN + 30.0);
        let zones_top = legend_bottom + 20.0;

        let mut place = vec![
            Rect {
                x: 0.0,
                y: 0.0,
                w: 0.0,
                h: 0.0
            };
            model.zones().len()
        ];
        let mut y = zones_top;
        let mut row_bottom = Vec::with_capacity(rows.len());
        let mut row_of = vec![0; place.len()];
        for (r, row) in rows.iter().enumerate() {
            let n = row.len() as f64;
            let row_w = n * BOX_W + (n - 1.0).max(0.0) * COL_GAP;
            let mut x = (width - row_w) / 2.0;
            let mut bottom = y;
            for z in row {
                let h = box_height(model, *z);
                place[*z] = Rect { x, y, w: BOX_W, h };
                row_of[*z] = r;
                bottom = bottom.max(y + h);
                x += BOX_W + COL_GAP;
            }
            row_bottom.push(bottom);
            y = bottom + ROW_GAP;
        }
        let boxes_bottom = row_bottom.last().copied().unwrap_or(zones_top);
        Layout {
            width,
            boxes_bottom,
            place,
            rows,
            row_of,
            row_bottom,
            legend,
            zones_top,
        }
    }

    /// An x between or beside the boxes of rows `from..to`, nearest to `want`, so that a
    /// vertical line there crosses none of them.
    pub fn free_lane(&self, from: usize, to: usize, want: f64) -> f64 {
        let boxes = || self.rows[from..to].iter().flatten().map(|z| self.place[*z]);
        let blocked = |x: f64| boxes().any(|b| x + 10.0 > b.x && x < b.right() + 10.0);
        let mut candidates = vec![MARGIN / 2.0];
        for b in boxes() {
            candidates.push(b.x - COL_GAP / 2.0);
            candidates.push(b.right() + COL_GAP / 2.0);
        }
        candidates
            .into_iter()
            .filter(|x| *x > 0.0 && !blocked(*x))
            .min_by(|a, b| (a - want).abs().total_cmp(&(b - want).abs()))
            .unwrap_or(MARGIN / 2.0)
    }
}
