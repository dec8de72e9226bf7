//! Rules on critical business processes (processes.yaml): recovery objectives
//! that cannot be met, and high-criticality processes without a fallback.

use super::{Ctx, blank};
use crate::diag::Diagnostic;
use crate::model::{Criticality, ProtectionLevel};

pub(super) fn check(cx: &mut Ctx) {
    let l = cx.l;
    let data = &l.data;
    for (i, p) in data.processes.iter().enumerate() {
        // rto-exceeds-mtpd: the process would be dead before it is recovered.
        if let (Some(rto), Some(mtpd)) = (p.rto, p.mtpd) {
            if rto > mtpd {
                cx.at(
                    Diagnostic::error(format!(
                        "RTO {rto} of process {} is longer than its MTPD {mtpd}: the process would not survive until it is recovered",
                        p.id
                    ))
                    .rule("rto-exceeds-mtpd")
                    .hint(format!("recover faster (an RTO of at most {mtpd}) or reassess the MTPD")),
                    "processes",
                    i,
                    &["rto"],
                );
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
                        Diagnostic::error(format!(
                            "RPO {rpo} of process {} is shorter than the backup interval {interval} of system {sid} ({}): up to {interval} of data can be lost",
                            p.id, s.name
                        ))
                        .rule("rpo-below-backup-interval")
                        .hint(format!(
                            "back up {sid} at least every {rpo} (systems.yaml, backup.interval), or accept an RPO of {interval}"
                        )),
                        "processes",
                        i,
                        &["rpo"],
                    ),
                    Some(_) => {}
                    None => cx.at(
                        Diagnostic::warning(format!(
                            "process {} has an RPO of {rpo} but system {sid} ({}) has no backup interval, so nothing shows the RPO can be met",
                            p.id, s.name
                        ))
                        .rule("rpo-unbacked")
                        .hint(format!("give {sid} a `backup:` with an `interval:` in systems.yaml")),
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
                let why = if blank(&p.deputy) {
                    "has no deputy"
                } else {
                    "has its owner as deputy"
                };
                cx.at_key(
                    Diagnostic::warning(format!("high-criticality process {} {why}", p.id))
                        .rule("critical-process-no-deputy")
                        .hint("name a `deputy:` (a person id other than the owner) who can run the process when the owner is unavailable"),
                    "processes",
                    i,
                    "deputy",
                );
            }
            if blank(&p.workaround) {
                cx.at_key(
                    Diagnostic::warning(format!(
                        "high-criticality process {} has no workaround",
                        p.id
                    ))
                    .rule("critical-process-no-workaround")
                    .hint("describe in `workaround:` how the work goes on while the systems are down (e.g. on paper)"),
                    "processes",
                    i,
                    "workaround",
                );
            }
            if blank(&p.recovery_strategy) {
                cx.at_key(
                    Diagnostic::warning(format!(
                        "high-criticality process {} has no recovery strategy",
                        p.id
                    ))
                    .rule("critical-process-no-strategy")
                    .hint("describe in `recovery_strategy:` how the process is brought back (where, from which backup)"),
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
                    Diagnostic::warning(format!(
                        "process {} is a core business but none of its systems ({}) is a core system (protection_level: high)",
                        p.id,
                        p.systems.join(", ")
                    ))
                    .rule("core-process-no-core-system")
                    .hint("raise the protection level of the system that carries the process, or set `core: false` if it is not a core business"),
                    "processes",
                    i,
                    &["systems"],
                );
            }
        }
    }
}
