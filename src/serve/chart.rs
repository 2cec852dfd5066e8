//! The unit page's 12-month chart of 总分, computed here and drawn by the template as inline
//! SVG (numbers only: no crawled text reaches the drawing).

use zwgk_report::format_number;

/// One month of the chart.
pub struct Point {
    pub x: f64,
    pub y: f64,
    /// `10月`.
    pub label: String,
    /// `95.5`, or empty for a month without data.
    pub value: String,
    pub has_value: bool,
}

/// A line chart of 总分 over months.
pub struct Chart {
    pub width: f64,
    pub height: f64,
    pub points: Vec<Point>,
    /// The SVG polyline of the months with data.
    pub line: String,
    /// Horizontal grid lines: (y, label).
    pub ticks: Vec<(f64, String)>,
    pub left: f64,
    pub right: f64,
    pub baseline: f64,
}

const W: f64 = 640.0;
const H: f64 = 220.0;
const LEFT: f64 = 44.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 34.0;

impl Chart {
    /// `months` oldest first: (`YYYY-MM`, 总分 or None).
    pub fn new(months: &[(String, Option<f64>)]) -> Chart {
        let max = months
            .iter()
            .filter_map(|(_, v)| *v)
            .fold(100.0_f64, f64::max);
        let plot_h = H - TOP - BOTTOM;
        let step = if months.len() > 1 {
            (W - LEFT - RIGHT) / (months.len() - 1) as f64
        } else {
            0.0
        };
        let y_of = |v: f64| TOP + plot_h * (1.0 - v.max(0.0) / max);
        let points: Vec<Point> = months
            .iter()
            .enumerate()
            .map(|(i, (m, v))| Point {
                x: (LEFT + step * i as f64).round(),
                y: v.map_or(H - BOTTOM, |v| y_of(v).round()),
                label: m
                    .split_once('-')
                    .map(|(_, mm)| format!("{}月", mm.trim_start_matches('0')))
                    .unwrap_or_else(|| m.clone()),
                value: v.map(format_number).unwrap_or_default(),
                has_value: v.is_some(),
            })
            .collect();
        let line = points
            .iter()
            .filter(|p| p.has_value)
            .map(|p| format!("{},{}", p.x, p.y))
            .collect::<Vec<_>>()
            .join(" ");
        let ticks = [0.0, 0.5, 1.0]
            .iter()
            .map(|f| (y_of(max * f).round(), format_number(max * f)))
            .collect();
        Chart {
            width: W,
            height: H,
            points,
            line,
            ticks,
            left: LEFT,
            right: W - RIGHT,
            baseline: H - BOTTOM,
        }
    }
}

/// The 12 months ending with `month` (`YYYY-MM`), oldest first.
pub fn last_twelve(month: &str) -> Vec<String> {
    let Some((y, m)) = month.split_once('-') else {
        return vec![];
    };
    let (Ok(y), Ok(m)) = (y.parse::<i32>(), m.parse::<i32>()) else {
        return vec![];
    };
    let index = y * 12 + (m - 1);
    (0..12)
        .rev()
        .map(|back| {
            let i = index - back;
            format!("{:04}-{:02}", i.div_euclid(12), i.rem_euclid(12) + 1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_months_across_the_year() {
        let m = last_twelve("2021-10");
        assert_eq!(m.len(), 12);
        assert_eq!(m[0], "2020-11");
        assert_eq!(m[11], "2021-10");
    }

    #[test]
    fn points_scale_to_the_highest_score() {
        let c = Chart::new(&[("2021-09".into(), None), ("2021-10".into(), Some(50.0))]);
        assert_eq!(c.points[1].label, "10月");
        assert_eq!(c.points[1].value, "50");
        // 50 of 100 is half-way up the 170 px plot that starts 16 px from the top.
        assert_eq!(c.points[1].y, 101.0);
        assert_eq!(c.line, "624,101");
        assert!(!c.points[0].has_value);
    }
}
