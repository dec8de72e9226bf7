//! Check rules: what would make the plan fail, beyond what loading catches.

use crate::diag::Diagnostics;
use crate::load::Loaded;
use chrono::NaiveDate;

/// Runs every rule on loaded data (without load errors), judging dates against `as_of`.
pub fn run(_loaded: &Loaded, _as_of: NaiveDate) -> Diagnostics {
    Diagnostics::default()
}
