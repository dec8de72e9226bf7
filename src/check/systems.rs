//! Rules on core systems (systems.yaml, protection level high): drilled and
//! restore-tested recently enough to trust.

use super::{Ctx, months_between};
use crate::model::ProtectionLevel;

/// A restore test older than this many months no longer shows the backup works.
const RESTORE_TEST_MONTHS: u32 = 12;

pub(super) fn check(cx: &mut Ctx) {
    let l = cx.l;
    let data = &l.data;
    let drill_months = data.policy.core_system_drill_months;
    let drill_cutoff = cx.months_ago(drill_months);
    let restore_cutoff = cx.months_ago(RESTORE_TEST_MONTHS);
    for (i, s) in data.systems.iter().enumerate() {
        if s.protection_level != ProtectionLevel::High {
            continue;
        }
        // The latest drill (not after as_of) naming the system or a process running on it.
        let last_drill = data
            .drills
            .iter()
            .filter(|d| d.date.0 <= cx.as_of)
            .filter(|d| {
                d.systems.contains(&s.id)
                    || d.processes.iter().any(|pid| {
                        data.processes
                            .iter()
                            .any(|p| &p.id == pid && p.systems.contains(&s.id))
                    })
            })
            .map(|d| (d.date.0, d.id.as_str()))
            .max();
        match last_drill {
            None => cx.at(
                cx.warning(
                    "core-system-not-drilled",
                    &[
                        ("system", &s.id),
                        ("name", &s.name),
                        ("months", &drill_months),
                    ],
                ),
                "systems",
                i,
                &["protection_level"],
            ),
            Some((date, id)) if date < drill_cutoff => cx.at(
                cx.warning(
                    "core-system-not-drilled.old",
                    &[
                        ("system", &s.id),
                        ("name", &s.name),
                        ("ago", &months_between(date, cx.as_of)),
                        ("drill", &id),
                        ("date", &date),
                        ("months", &drill_months),
                    ],
                ),
                "systems",
                i,
                &["protection_level"],
            ),
            Some(_) => {}
        }

        // core-system-backup-not-offsite: a disaster at the site takes the backup with it.
        if let Some(b) = &s.backup
            && b.offsite != Some(true)
        {
            let sub: &[&str] = if b.offsite.is_some() {
                &["backup", "offsite"]
            } else {
                &["backup"]
            };
            let d = cx.warning(
                "core-system-backup-not-offsite",
                &[("system", &s.id), ("name", &s.name)],
            );
            cx.at(d, "systems", i, sub);
        }

        let tested = s.backup.as_ref().and_then(|b| b.last_restore_test);
        match tested {
            None => {
                let sub: &[&str] = if s.backup.is_some() {
                    &["backup"]
                } else {
                    &["id"]
                };
                cx.at(
                    cx.warning(
                        "core-system-restore-untested",
                        &[("system", &s.id), ("name", &s.name)],
                    ),
                    "systems",
                    i,
                    sub,
                );
            }
            Some(d) if d.0 < restore_cutoff => cx.at(
                cx.warning(
                    "core-system-restore-untested.old",
                    &[
                        ("system", &s.id),
                        ("name", &s.name),
                        ("ago", &months_between(d.0, cx.as_of)),
                        ("date", &d.0),
                    ],
                ),
                "systems",
                i,
                &["backup", "last_restore_test"],
            ),
            Some(_) => {}
        }
    }
}
