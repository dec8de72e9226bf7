//! Rules on core systems (systems.yaml, protection level high): drilled and
//! restore-tested recently enough to trust.

use super::{Ctx, months_between};
use crate::diag::Diagnostic;
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
                Diagnostic::warning(format!(
                    "core system {} ({}) has never been drilled",
                    s.id, s.name
                ))
                .rule("core-system-not-drilled")
                .hint(format!(
                    "hold a drill that lists {} under `systems:` (every {drill_months} months at least, policy.core_system_drill_months)",
                    s.id
                )),
                "systems",
                i,
                &["protection_level"],
            ),
            Some((date, id)) if date < drill_cutoff => cx.at(
                Diagnostic::warning(format!(
                    "core system {} ({}) was last drilled {} months ago ({id}, {date}); the policy asks for every {drill_months} months",
                    s.id,
                    s.name,
                    months_between(date, cx.as_of)
                ))
                .rule("core-system-not-drilled")
                .hint(format!("plan a drill covering {} before the next review", s.id)),
                "systems",
                i,
                &["protection_level"],
            ),
            Some(_) => {}
        }

        let tested = s.backup.as_ref().and_then(|b| b.last_restore_test);
        match tested {
            None => {
                let sub: &[&str] = if s.backup.is_some() { &["backup"] } else { &["id"] };
                cx.at(
                    Diagnostic::warning(format!(
                        "core system {} ({}) has no restore test on record",
                        s.id, s.name
                    ))
                    .rule("core-system-restore-untested")
                    .hint("restore a backup to check it works, then record the day in `backup.last_restore_test`"),
                    "systems",
                    i,
                    sub,
                );
            }
            Some(d) if d.0 < restore_cutoff => cx.at(
                Diagnostic::warning(format!(
                    "the last restore test of core system {} ({}) was {} months ago ({}); a core system's backup is restore-tested at least once a year",
                    s.id,
                    s.name,
                    months_between(d.0, cx.as_of),
                    d.0
                ))
                .rule("core-system-restore-untested")
                .hint("restore a backup to check it works, then update `backup.last_restore_test`"),
                "systems",
                i,
                &["backup", "last_restore_test"],
            ),
            Some(_) => {}
        }
    }
}
