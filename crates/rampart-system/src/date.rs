//! Calendar dates as model files and reports write them: `YYYY-MM-DD` (ISO 8601).
//!
//! Risk acceptances carry the date they were given and the date they expire; whether one is
//! in force depends on the date of the run, which callers pass in ([`IsoDate::today_utc`] by
//! default) so that tests and reproducible runs can fix it.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

/// A calendar date (proleptic Gregorian, no time zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IsoDate(jiff::civil::Date);

/// Text that is not a `YYYY-MM-DD` date of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// Not of the form `YYYY-MM-DD`.
    #[error("`{0}` is not a date: write it as YYYY-MM-DD, e.g. 2026-03-31")]
    Form(String),
    /// Of the right form, but no such day (`2026-02-30`).
    #[error("`{text}` is not a date of the calendar: {reason}")]
    NoSuchDay {
        /// The text given.
        text: String,
        /// Why, e.g. the day is out of range for the month.
        reason: String,
    },
}

impl IsoDate {
    /// The calendar date.
    pub fn date(self) -> jiff::civil::Date {
        self.0
    }

    /// Today's date in UTC, from the system clock.
    pub fn today_utc() -> IsoDate {
        IsoDate(
            jiff::tz::Offset::UTC
                .to_datetime(jiff::Timestamp::now())
                .date(),
        )
    }
}

impl FromStr for IsoDate {
    type Err = DateError;

    /// Reads exactly `YYYY-MM-DD`; the day must exist (leap years are honoured).
    fn from_str(text: &str) -> Result<IsoDate, DateError> {
        let t = text.trim();
        let form = || DateError::Form(t.to_owned());
        let b = t.as_bytes();
        let shaped = b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
        if !shaped {
            return Err(form());
        }
        let year: i16 = t[0..4].parse().map_err(|_| form())?;
        let month: i8 = t[5..7].parse().map_err(|_| form())?;
        let day: i8 = t[8..10].parse().map_err(|_| form())?;
        jiff::civil::Date::new(year, month, day)
            .map(IsoDate)
            .map_err(|e| DateError::NoSuchDay {
                text: t.to_owned(),
                reason: e.to_string(),
            })
    }
}

impl fmt::Display for IsoDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.0.year(),
            self.0.month(),
            self.0.day()
        )
    }
}

impl Serialize for IsoDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_writes_iso_dates_strictly() {
        let d: IsoDate = "2028-02-29".parse().unwrap();
        assert_eq!(d.to_string(), "2028-02-29");
        assert!(d < "2028-03-01".parse().unwrap());
        assert!(matches!(
            "2027-02-29".parse::<IsoDate>(),
            Err(DateError::NoSuchDay { .. })
        ));
        for bad in [
            "2026-3-1",
            "01/03/2026",
            "2026-03-01T00:00",
            "20260301",
            "",
            "+026-03-01",
        ] {
            assert!(
                matches!(bad.parse::<IsoDate>(), Err(DateError::Form(_))),
                "{bad}"
            );
        }
        assert!(matches!(
            "2026-13-01".parse::<IsoDate>(),
            Err(DateError::NoSuchDay { .. })
        ));
    }
}
