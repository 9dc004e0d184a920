//! Story time: the seeded random gaps, and office hours from esc's own calendar.

use anyhow::{Context, Result};
use chrono::{Duration, NaiveDateTime, TimeZone};
use chrono_tz::Tz;
use esc::clock::Timestamp;
use esc::policy::Config;
use esc::policy::calendar::Calendar;

/// The linear congruential generator the shell script used (glibc's constants), so the same
/// seed still gives the same gaps, and with them the same SLA outcomes.
pub struct Rng {
    state: u64,
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    /// Uniform in `lo..=hi`. Always draws, even when `lo == hi`, to keep the sequence.
    pub fn between(&mut self, lo: u32, hi: u32) -> u32 {
        self.state = (self.state * 1_103_515_245 + 12_345) % (1 << 31);
        lo + ((self.state / 65_536) % u64::from(hi - lo + 1)) as u32
    }
}

/// Office hours: a calendar of the policy, and its time zone for the story's local times.
pub struct Office {
    pub calendar: Calendar,
    zone: Tz,
}

impl Office {
    /// The calendar `name` of the policy `config` parsed from `config_text`. The time zone is
    /// read from the text because the library keeps a calendar's zone to itself.
    pub fn from_policy(config: &Config, config_text: &str, name: &str) -> Result<Office> {
        let calendar = config.calendars.get(name).with_context(|| format!("the policy has no calendar '{name}'"))?;
        let zone = calendar_zone(config_text, name)?;
        Ok(Office { calendar: calendar.clone(), zone })
    }

    /// The instant a local wall-clock time names (the earlier one in the autumn overlap).
    pub fn local(&self, local: NaiveDateTime) -> Result<Timestamp> {
        let at = self.zone.from_local_datetime(&local).earliest();
        Ok(at.with_context(|| format!("{local} does not exist in {}", self.zone))?.to_utc())
    }

    /// `t` plus `minutes` of office time.
    pub fn add(&self, t: Timestamp, minutes: u32) -> Timestamp {
        self.calendar.add_working(t, Duration::minutes(minutes.into())).expect("office hours every week")
    }

    /// Whether `t` is inside office hours.
    pub fn is_open_at(&self, t: Timestamp) -> bool {
        self.calendar.working_time(t, t + Duration::seconds(1)) > Duration::zero()
    }
}

/// `calendars.NAME.timezone` of the policy text.
fn calendar_zone(config_text: &str, name: &str) -> Result<Tz> {
    let yaml: serde_yaml::Value = serde_yaml::from_str(config_text)?;
    let zone =
        yaml["calendars"][name]["timezone"].as_str().with_context(|| format!("calendar '{name}' has no timezone"))?;
    zone.parse().map_err(|_| anyhow::anyhow!("'{zone}' is not an IANA time zone"))
}
