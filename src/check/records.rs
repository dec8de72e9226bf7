//! Rules on incident and drill records (incidents/*.yaml, drills/*.yaml).

use super::Ctx;

pub(super) fn check(_cx: &mut Ctx) {}
