//! Rules on critical business processes (processes.yaml): recovery objectives
//! that cannot be met, and high-criticality processes without a fallback.

use super::{Ctx, blank};
use crate::model::{Criticality, ProtectionLevel};

pub(super) fn check(cx: &mut Ctx) {
    let l = cx.l;
    let data = &l.data;
    for (i, p) in data.processes.iter().enumerate() {
        // rto-exceeds-mtpd: the process would be dead before it is recovered.
        if let (Some(rto), Some(mtpd)) = (p.rto, p.mtpd) {
            if rto > mtpd {
                let d = cx.error(
                    "rto-exceeds-mtpd",
                    &[("process", &p.id), ("rto", &rto), ("mtpd", &mtpd)],
                );
                cx.at(d, "processes", i, &["rto"]);
            } else if rto == mtpd {
                // rto-equals-mtpd: recovery must finish before the process is lost.
                let d = cx.warning("rto-equals-mtpd", &[("process", &p.id), ("rto", &rto)]);
                cx.at(d, "processes", i, &["rto"]);
            }
        }

        // rpo-below-backup-interval / rpo-unbacked: the backups bound the data loss.
        if let Some(rpo) = p.rpo {
            for (j, sid) in p.systems.iter().enumerate() {
                let Some(s) = data.systems.iter().find(|s| &s.id == sid) else {
                    continue;
                };
                match s.backup.as_ref().and_then(|b| b.interval) {
                    Some(interval) if interval > rpo => cx.at(
                        cx.error(
                            "rpo-below-backup-interval",
                            &[
                                ("process", &p.id),
                                ("rpo", &rpo),
                                ("interval", &interval),
                                ("system", sid),
                                ("name", &s.name),
                            ],
                        ),
                        "processes",
                        i,
                        &["rpo"],
                    ),
                    Some(_) => {}
                    None => cx.at(
                        cx.warning(
                            "rpo-unbacked",
                            &[
                                ("process", &p.id),
                                ("rpo", &rpo),
                                ("system", sid),
                                ("name", &s.name),
                            ],
                        ),
                        "processes",
                        i,
                        &["systems", &j.to_string()],
                    ),
                }
            }
        }

        // High-criticality processes need someone, a fallback and a way back.
        if p.criticality == Criticality::High {
            let no_deputy = blank(&p.deputy) || p.deputy == p.owner;
            if no_deputy {
                let d = if blank(&p.deputy) {
                    cx.warning("critical-process-no-deputy", &[("process", &p.id)])
                } else {
                    cx.warning("critical-process-no-deputy.owner", &[("process", &p.id)])
                };
                cx.at_key(d, "processes", i, "deputy");
            }
            if blank(&p.workaround) {
                cx.at_key(
                    cx.warning("critical-process-no-workaround", &[("process", &p.id)]),
                    "processes",
                    i,
                    "workaround",
                );
            }
            if blank(&p.recovery_strategy) {
                cx.at_key(
                    cx.warning("critical-process-no-strategy", &[("process", &p.id)]),
                    "processes",
                    i,
                    "recovery_strategy",
                );
            }
        }

        // core-process-no-core-system: a core business rests on systems classified below "high".
        if p.core && !p.systems.is_empty() {
            let any_core = p.systems.iter().any(|sid| {
                data.systems
                    .iter()
                    .any(|s| &s.id == sid && s.protection_level == ProtectionLevel::High)
            });
            if !any_core {
                cx.at(
                    cx.warning(
                        "core-process-no-core-system",
                        &[("process", &p.id), ("systems", &p.systems.join(", "))],
                    ),
                    "processes",
                    i,
                    &["systems"],
                );
            }
        }
    }
}
