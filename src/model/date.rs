//! Event dates: ISO 8601 at the precision the data gives (year, month, day or instant).
//!
//! Exports mix precisions ("2026", "2026-04", "2026-04-16", "2026-04-16T21:00:00+03:00"), so a
//! date keeps its precision for display and gets a sort key that orders all of them on one line.

use std::fmt;

/// How much of a date the data gave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Precision {
    Year,
    Month,
    Day,
    /// A full date and time with an offset (or `Z`).
    Instant,
}

/// A date parsed from an ISO 8601 string, as precise as the data was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedDate {
    pub year: i32,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    /// Offset from UTC in minutes, for [`Precision::Instant`].
    pub offset_minutes: i16,
    /// False for a datetime written without `Z` or an offset: local time of unknown zone.
    pub has_offset: bool,
    pub precision: Precision,
}

/// A date as written in the data, with its parsed form when it is valid ISO 8601.
///
/// The raw text is always kept: an unparseable date is a warning, not a reason to lose it.
#[derive(Clone, Debug, PartialEq)]
pub struct EventDate {
    pub raw: String,
    pub parsed: Option<ParsedDate>,
}

impl EventDate {
    pub fn new(raw: String) -> Self {
        let parsed = ParsedDate::parse(&raw);
        Self { raw, parsed }
    }

    /// Seconds since 1970-01-01T00:00Z of the start of the period the date names; `None` when
    /// the date could not be parsed, so such dates sort after every dated event.
    pub fn sort_key(&self) -> Option<i64> {
        self.parsed.as_ref().map(ParsedDate::unix_seconds)
    }
}

impl fmt::Display for EventDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.parsed {
            Some(date) => date.fmt(f),
            None => f.write_str(&self.raw),
        }
    }
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl ParsedDate {
    /// Parses `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or `YYYY-MM-DDThh:mm[:ss[.fff]](Z|±hh:mm)`.
    /// A datetime without an offset is accepted as UTC-less local time and treated as UTC for
    /// sorting, because exports often omit it and refusing would lose the ordering.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let (date_part, time_part) = match text.find(['T', 't', ' ']) {
            Some(at) => (&text[..at], Some(&text[at + 1..])),
            None => (text, None),
        };
        let mut fields = date_part.split('-');
        let year = parse_digits(fields.next()?, 4)? as i32;
        let month = fields
            .next()
            // A written month or day of 00 is malformed, not "unspecified".
            .map(|m| parse_digits(m, 2).filter(|&month| month > 0))
            .unwrap_or(Some(0))? as u8;
        let day = fields
            .next()
            .map(|d| parse_digits(d, 2).filter(|&day| day > 0))
            .unwrap_or(Some(0))? as u8;
        if fields.next().is_some() {
            return None;
        }
        let mut date = ParsedDate {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
            offset_minutes: 0,
            has_offset: false,
            precision: match (month, day) {
                (0, 0) => Precision::Year,
                (_, 0) => Precision::Month,
                _ => Precision::Day,
            },
        };
        if month > 12 || (month == 0 && date_part.len() > 4) {
            return None;
        }
        if date.precision != Precision::Year && month == 0 {
            return None;
        }
        if date.precision == Precision::Day && (day == 0 || day > days_in_month(year, month)) {
            return None;
        }
        if let Some(time) = time_part {
            if date.precision != Precision::Day {
                return None;
            }
            date.parse_time(time)?;
            date.precision = Precision::Instant;
        }
        Some(date)
    }

    fn parse_time(&mut self, time: &str) -> Option<()> {
        let offset_at = time.find(['Z', 'z', '+', '-']).unwrap_or(time.len());
        let (clock, offset) = time.split_at(offset_at);
        let mut parts = clock.split(':');
        self.hour = parse_digits(parts.next()?, 2)? as u8;
        self.minute = parse_digits(parts.next()?, 2)? as u8;
        if let Some(seconds) = parts.next() {
            let whole = seconds.split('.').next()?;
            self.second = parse_digits(whole, 2)? as u8;
            if let Some(fraction) = seconds.split('.').nth(1) {
                if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
            }
        }
        if parts.next().is_some() || self.hour > 23 || self.minute > 59 || self.second > 60 {
            return None;
        }
        self.has_offset = !offset.is_empty();
        self.offset_minutes = match offset {
            "" | "Z" | "z" => 0,
            _ => {
                let sign: i16 = if offset.starts_with('-') { -1 } else { 1 };
                let body = &offset[1..];
                let (hours, minutes) = match body.split_once(':') {
                    Some((h, m)) => (h, m),
                    None if body.len() == 4 => body.split_at(2),
                    None => (body, "00"),
                };
                let hours = parse_digits(hours, 2)? as i16;
                let minutes = parse_digits(minutes, 2)? as i16;
                if hours > 18 || minutes > 59 {
                    return None;
                }
                sign * (hours * 60 + minutes)
            }
        };
        Some(())
    }

    /// The period this date names, as seconds since the Unix epoch in UTC: its start, and the
    /// start of the next period of the same precision ("2026-03" is all of March; an instant,
    /// its second).
    pub fn period(&self) -> (i64, i64) {
        let start = self.unix_seconds();
        let end = match self.precision {
            Precision::Year => ParsedDate {
                year: self.year + 1,
                month: 1,
                day: 1,
                ..self.clone()
            }
            .unix_seconds(),
            Precision::Month => {
                let (year, month) = if self.month >= 12 {
                    (self.year + 1, 1)
                } else {
                    (self.year, self.month.max(1) + 1)
                };
                ParsedDate {
                    year,
                    month,
                    day: 1,
                    ..self.clone()
                }
                .unix_seconds()
            }
            Precision::Day => start + 86_400,
            Precision::Instant => start + 1,
        };
        (start, end)
    }

    /// Seconds since the Unix epoch, in UTC, of the start of the period this date names.
    pub fn unix_seconds(&self) -> i64 {
        let days = days_from_civil(self.year, self.month.max(1), self.day.max(1));
        days * 86_400
            + i64::from(self.hour) * 3_600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(self.offset_minutes) * 60
    }
}

impl fmt::Display for ParsedDate {
    /// Unambiguous in every locale: "16 April 2026", "April 2026", "2026", or with the time and
    /// offset as written ("16 April 2026, 21:00 UTC+03:00"; no zone when the data gave none).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let month_name = || MONTH_NAMES[usize::from(self.month.max(1)) - 1];
        match self.precision {
            Precision::Year => write!(f, "{}", self.year),
            Precision::Month => write!(f, "{} {}", month_name(), self.year),
            Precision::Day => write!(f, "{} {} {}", self.day, month_name(), self.year),
            Precision::Instant => {
                write!(
                    f,
                    "{} {} {}, {:02}:{:02}",
                    self.day,
                    month_name(),
                    self.year,
                    self.hour,
                    self.minute
                )?;
                if self.has_offset {
                    f.write_str(" UTC")?;
                }
                if self.offset_minutes != 0 {
                    let sign = if self.offset_minutes < 0 { '-' } else { '+' };
                    let offset = self.offset_minutes.unsigned_abs();
                    write!(f, "{sign}{:02}:{:02}", offset / 60, offset % 60)?;
                }
                Ok(())
            }
        }
    }
}

fn parse_digits(text: &str, width: usize) -> Option<u32> {
    if text.len() != width || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ParsedDate {
        ParsedDate::parse(text).unwrap_or_else(|| panic!("{text} should parse"))
    }

    #[test]
    fn every_documented_precision_parses_and_displays_unambiguously() {
        assert_eq!(parse("2026").to_string(), "2026");
        assert_eq!(parse("2026-11").to_string(), "November 2026");
        assert_eq!(parse("2026-11-12").to_string(), "12 November 2026");
        assert_eq!(
            parse("2026-11-12T08:30:00+03:30").to_string(),
            "12 November 2026, 08:30 UTC+03:30"
        );
        assert_eq!(
            parse("2026-11-12T08:30Z").to_string(),
            "12 November 2026, 08:30 UTC"
        );
        assert_eq!(
            parse("2026-11-12T08:30:15.250-05:00").precision,
            Precision::Instant
        );
        assert_eq!(
            parse("2026-11-12T08:30").to_string(),
            "12 November 2026, 08:30",
            "no zone given, none shown"
        );
    }

    #[test]
    fn impossible_or_malformed_dates_are_rejected() {
        for text in [
            "",
            "26",
            "2026-13",
            "2026-02-30",
            "2026-1-5",
            "2026-04-16T25:00Z",
            "next Tuesday",
            "2026-04-16T10:00+99:00",
            "2026-04T10:00Z",
            "2026-04-16T10",
            "2026-04-16-01",
            "2026-04-00",
            "2026-00",
            "2026-00-01",
        ] {
            assert_eq!(ParsedDate::parse(text), None, "{text:?} must not parse");
        }
        assert!(ParsedDate::parse("2024-02-29").is_some(), "leap day");
        assert!(ParsedDate::parse("2026-02-29").is_none(), "not a leap year");
    }

    #[test]
    fn sort_keys_order_mixed_precisions_and_offsets_on_one_line() {
        let key = |text: &str| parse(text).unix_seconds();
        assert_eq!(key("1970-01-01"), 0);
        assert_eq!(key("2000-03-01"), 951_868_800);
        assert!(key("2026") < key("2026-01-02"));
        assert!(key("2026-04") < key("2026-04-16"));
        // 21:00 in Tehran (+03:30) is 17:30 UTC, before 18:00 UTC the same day.
        assert!(key("2026-04-16T21:00+03:30") < key("2026-04-16T18:00Z"));
    }

    #[test]
    fn unparseable_dates_keep_their_text_and_sort_last() {
        let date = EventDate::new("mid-April".into());
        assert_eq!(date.to_string(), "mid-April");
        assert_eq!(date.sort_key(), None);
    }

    #[test]
    fn a_date_names_a_period_as_long_as_its_precision() {
        let period = |text: &str| ParsedDate::parse(text).unwrap().period();
        let day = 86_400;
        let start = ParsedDate::parse("2026-12-01").unwrap().unix_seconds();
        assert_eq!(
            period("2026-12"),
            (start, start + 31 * day),
            "December into the next year"
        );
        assert_eq!(period("2026-12-01"), (start, start + day));
        let year = period("2024");
        assert_eq!(year.1 - year.0, 366 * day, "a leap year");
        let instant = period("2026-12-01T10:00:00+02:00");
        assert_eq!(instant, (start + 8 * 3_600, start + 8 * 3_600 + 1));
    }
}
