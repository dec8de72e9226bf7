//! `show` and `new` commands for incidents and drills (issue 4).
