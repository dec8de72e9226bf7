//! Writing outputs.
//!
//! - a build's document set is written as a unit ([`Stage`], [`write_set`]):
//!   under a lock on the output directory, every file is staged in a temporary
//!   directory inside it as soon as it is made, then all are swapped in
//!   together; if anything fails, what was already swapped is put back, so the
//!   directory is left exactly as it was. A manifest records the
//!   files the tool wrote, so that outputs a later build no longer produces are
//!   removed, and nothing else is ever touched;
//! - single files ([`write_one`], [`write_all`]) are written to a temporary file
//!   beside the target and renamed into place, so no file is ever half-written.
//!
//! Temporary files and directories are named `.bcpgen-*.tmp`; a build removes
//! those a killed run left in its output directory.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// One output file, relative to the output directory.
#[derive(Debug, Clone)]
pub struct OutFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// The file, in the output directory, that lists what the tool wrote there.
pub const MANIFEST: &str = ".bcpgen-manifest.json";
const TMP_PREFIX: &str = ".bcpgen-";
const TMP_SUFFIX: &str = ".tmp";

/// Why outputs could not be written.
#[derive(Debug)]
pub enum WriteError {
    /// Another bcpgen run holds the output directory.
    Locked(PathBuf),
    /// A file exists that the user protected: it is not replaced.
    ReadOnly(PathBuf),
    /// An output would overwrite one of the run's inputs.
    IsInput(PathBuf),
    /// The directory a file goes into does not exist.
    NoParent(PathBuf),
    /// An I/O error on a path.
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            WriteError::Locked(p) => write!(
                f,
                "`{}` is in use by another bcpgen run; wait for it to finish and run again",
                p.display()
            ),
            WriteError::ReadOnly(p) => write!(
                f,
                "`{}` is read-only; it was not replaced (make it writable or remove it)",
                p.display()
            ),
            WriteError::IsInput(p) => {
                write!(
                    f,
                    "`{}` is an input of this run; it is not overwritten",
                    p.display()
                )
            }
            WriteError::NoParent(p) => write!(
                f,
                "directory `{}` does not exist; create it first",
                p.display()
            ),
            WriteError::Io(p, e) => write!(f, "`{}`: {e}", p.display()),
        }
    }
}

impl std::error::Error for WriteError {}

fn io_at(p: &Path) -> impl FnOnce(io::Error) -> WriteError + '_ {
    move |e| WriteError::Io(p.to_path_buf(), e)
}

/// One file listed in the manifest: its name and the edition it was written in.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    pub name: String,
    pub edition: String,
}

#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Manifest {
    /// What wrote the files (for a person reading the file).
    generator: String,
    files: Vec<Entry>,
}

/// A document set to write as a unit.
pub struct Set<'a> {
    pub files: &'a [OutFile],
    /// The edition the files are written in (recorded in the manifest).
    pub edition: &'a str,
    /// Whether a file an earlier build wrote, and this one does not, stays
    /// (a partial build keeps the other documents of the same edition).
    /// Files not kept are removed.
    pub keep: &'a dyn Fn(&Entry) -> bool,
}

/// What [`write_set`] did.
#[derive(Debug, Default)]
pub struct Written {
    /// The files written, in order.
    pub written: Vec<PathBuf>,
    /// Outputs of an earlier build this one no longer produces, now removed.
    pub removed: Vec<PathBuf>,
    /// Outputs no longer produced but read-only, so left in place.
    pub kept_read_only: Vec<PathBuf>,
    /// Temporary files of an interrupted earlier run, now removed.
    pub stale_temp: Vec<PathBuf>,
}

/// Writes a document set into `dir` as a unit (see the module docs). On error
/// the directory is left as it was (a directory this call created is removed).
pub fn write_set(dir: &Path, set: &Set) -> Result<Written, WriteError> {
    let stage = Stage::begin(dir)?;
    for f in set.files {
        stage.put(&f.name, &f.bytes)?;
    }
    let names: Vec<&str> = set.files.iter().map(|f| f.name.as_str()).collect();
    stage.commit(&names, set.edition, set.keep)
}

/// A document set being written: files go into a temporary directory inside
/// the output directory as soon as they are made ([`Stage::put`], from any
/// thread), so a large build need not hold them all in memory; nothing in
/// the output directory changes until [`Stage::commit`] swaps them in. A
/// stage dropped without a commit leaves the directory as it was (one it
/// created is removed).
pub struct Stage {
    dir: PathBuf,
    created: bool,
    committed: bool,
    stale_temp: Vec<PathBuf>,
    // Dropped before the lock is released (see `Drop`).
    tmp: Option<tempfile::TempDir>,
    /// The files to swap in.
    new_dir: PathBuf,
    /// The files they replace, moved aside during the swap.
    old_dir: PathBuf,
    _lock: DirLock,
}

impl Stage {
    /// Locks `dir` (creating it if need be), removes what a killed run left
    /// there, and opens a stage in it.
    pub fn begin(dir: &Path) -> Result<Stage, WriteError> {
        let created = !dir.exists();
        if created {
            fs::create_dir_all(dir).map_err(io_at(dir))?;
        }
        let opened = Self::open(dir, created);
        if opened.is_err() && created {
            let _ = fs::remove_dir(dir);
        }
        opened
    }

    fn open(dir: &Path, created: bool) -> Result<Stage, WriteError> {
        let lock = lock_dir(dir)?;
        let stale_temp = remove_stale_temp(dir);
        // Inside the output directory: same filesystem, so the swap is a
        // series of renames.
        let tmp = tempfile::Builder::new()
            .prefix(TMP_PREFIX)
            .suffix(TMP_SUFFIX)
            .tempdir_in(dir)
            .map_err(io_at(dir))?;
        let new_dir = tmp.path().join("new");
        let old_dir = tmp.path().join("old");
        fs::create_dir(&new_dir).map_err(io_at(&new_dir))?;
        fs::create_dir(&old_dir).map_err(io_at(&old_dir))?;
        Ok(Stage {
            dir: dir.to_path_buf(),
            created,
            committed: false,
            stale_temp,
            tmp: Some(tmp),
            new_dir,
            old_dir,
            _lock: lock,
        })
    }

    /// Stages one file, `name` relative to the output directory. Only the
    /// names given to [`Stage::commit`] are swapped in; others staged are
    /// dropped with the stage.
    pub fn put(&self, name: &str, bytes: &[u8]) -> Result<(), WriteError> {
        let p = self.new_dir.join(name);
        if let Some(parent) = p.parent() {
            fs::create_dir_all(parent).map_err(io_at(parent))?;
        }
        create_file(&p, bytes).map_err(|e| WriteError::Io(self.dir.join(name), e))
    }

    /// Swaps the staged files `names` (and the manifest) into the output
    /// directory; outputs an earlier build wrote that are not among them go,
    /// unless `keep` says otherwise. On error the directory is left as it was.
    pub fn commit(
        mut self,
        names: &[&str],
        edition: &str,
        keep: &dyn Fn(&Entry) -> bool,
    ) -> Result<Written, WriteError> {
        let done = self.swap_in(names, edition, keep)?;
        self.committed = true;
        Ok(done)
    }

    fn swap_in(
        &mut self,
        names: &[&str],
        edition: &str,
        keep: &dyn Fn(&Entry) -> bool,
    ) -> Result<Written, WriteError> {
        let mut done = Written {
            stale_temp: std::mem::take(&mut self.stale_temp),
            ..Written::default()
        };
        let (dir, new_dir, old_dir) = (&self.dir, &self.new_dir, &self.old_dir);
        let previous = read_manifest(dir);

        // Before anything changes: a read-only output is not replaced.
        for name in names {
            let target = dir.join(name);
            if is_read_only(&target) {
                return Err(WriteError::ReadOnly(target));
            }
        }
        let written_names: std::collections::HashSet<&str> = names.iter().copied().collect();
        let mut kept: Vec<Entry> = Vec::new();
        let mut stale: Vec<String> = Vec::new();
        for e in previous.files {
            if written_names.contains(e.name.as_str()) || !is_safe_name(&e.name) {
                continue;
            }
            let path = dir.join(&e.name);
            if !path.is_file() {
                continue;
            }
            if keep(&e) {
                kept.push(e);
            } else if is_read_only(&path) {
                done.kept_read_only.push(path);
                kept.push(e);
            } else {
                stale.push(e.name);
            }
        }

        let mut manifest = Manifest {
            generator: format!("bcpgen {}", env!("CARGO_PKG_VERSION")),
            files: names
                .iter()
                .map(|name| Entry {
                    name: name.to_string(),
                    edition: edition.to_string(),
                })
                .collect(),
        };
        manifest.files.extend(kept);
        manifest.files.sort_by(|a, b| a.name.cmp(&b.name));
        let manifest_bytes = serde_json::to_vec_pretty(&manifest).unwrap_or_default();
        create_file(&new_dir.join(MANIFEST), &manifest_bytes)
            .map_err(|e| WriteError::Io(dir.join(MANIFEST), e))?;
        let staged: Vec<&str> = names
            .iter()
            .copied()
            .chain(std::iter::once(MANIFEST))
            .collect();

        // Swap: the old file (if any) moves aside into the stage, the new one into
        // place; stale outputs move aside too. On the first failure, undo.
        let mut journal: Vec<Step> = Vec::new();
        let mut swap = || -> Result<(), WriteError> {
            for name in &staged {
                let target = dir.join(name);
                let aside = old_dir.join(name);
                if let Some(parent) = aside.parent() {
                    fs::create_dir_all(parent).map_err(io_at(parent))?;
                }
                if let Some(parent) = target.parent() {
                    fs::create_dir_all(parent).map_err(io_at(parent))?;
                }
                let had_old = match fs::symlink_metadata(&target) {
                    Ok(m) if m.is_dir() => {
                        return Err(WriteError::Io(
                            target,
                            io::Error::other("a directory stands where this file must go"),
                        ));
                    }
                    Ok(_) => {
                        fs::rename(&target, &aside).map_err(io_at(&target))?;
                        true
                    }
                    Err(_) => false,
                };
                journal.push(Step::Replaced {
                    target: target.clone(),
                    aside: had_old.then(|| aside.clone()),
                    placed: false,
                });
                fs::rename(new_dir.join(name), &target).map_err(io_at(&target))?;
                if let Some(Step::Replaced { placed, .. }) = journal.last_mut() {
                    *placed = true;
                }
            }
            for name in &stale {
                let target = dir.join(name);
                let aside = old_dir.join(name);
                if let Some(parent) = aside.parent() {
                    fs::create_dir_all(parent).map_err(io_at(parent))?;
                }
                fs::rename(&target, &aside).map_err(io_at(&target))?;
                journal.push(Step::Removed { target, aside });
            }
            Ok(())
        };
        if let Err(e) = swap() {
            rollback(&journal);
            return Err(e);
        }
        done.written = names.iter().map(|n| dir.join(n)).collect();
        done.removed = stale.iter().map(|n| dir.join(n)).collect();
        Ok(done)
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        // The stage (holding the replaced files after a commit) goes; a
        // failure here leaves a `.bcpgen-*.tmp` directory the next build
        // removes.
        if let Some(tmp) = self.tmp.take() {
            let _ = tmp.close();
        }
        if self.created && !self.committed {
            // Only what `begin` made: the directory is empty again.
            let _ = fs::remove_dir(&self.dir);
        }
    }
}

/// One change of the swap, so that it can be undone.
enum Step {
    /// `target` was replaced; its earlier file (if any) is at `aside`.
    Replaced {
        target: PathBuf,
        aside: Option<PathBuf>,
        placed: bool,
    },
    /// A stale output moved from `target` to `aside`.
    Removed { target: PathBuf, aside: PathBuf },
}

fn rollback(journal: &[Step]) {
    for step in journal.iter().rev() {
        match step {
            Step::Replaced {
                target,
                aside,
                placed,
            } => {
                if *placed {
                    let _ = fs::remove_file(target);
                }
                if let Some(aside) = aside {
                    let _ = fs::rename(aside, target);
                }
            }
            Step::Removed { target, aside } => {
                let _ = fs::rename(aside, target);
            }
        }
    }
}

/// Holds an exclusive lock on the output directory while the set is written.
struct DirLock {
    _file: File,
}

fn lock_dir(dir: &Path) -> Result<DirLock, WriteError> {
    // The directory itself is locked (flock on its descriptor): no lock file
    // is left behind.
    let file = File::open(dir).map_err(io_at(dir))?;
    match file.try_lock() {
        Ok(()) => Ok(DirLock { _file: file }),
        Err(fs::TryLockError::WouldBlock) => Err(WriteError::Locked(dir.to_path_buf())),
        Err(fs::TryLockError::Error(e)) => Err(WriteError::Io(dir.to_path_buf(), e)),
    }
}

/// Removes `.bcpgen-*.tmp` files and directories in `dir` (left by a killed
/// run: the caller holds the directory's lock, so no run is using them).
fn remove_stale_temp(dir: &Path) -> Vec<PathBuf> {
    let mut removed = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return removed;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(TMP_PREFIX) && name.ends_with(TMP_SUFFIX)) {
            continue;
        }
        let path = entry.path();
        let ok = match entry.file_type() {
            Ok(t) if t.is_dir() => fs::remove_dir_all(&path).is_ok(),
            Ok(_) => fs::remove_file(&path).is_ok(),
            Err(_) => false,
        };
        if ok {
            removed.push(path);
        }
    }
    removed.sort();
    removed
}

fn read_manifest(dir: &Path) -> Manifest {
    fs::read(dir.join(MANIFEST))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// A manifest name that stays inside the output directory.
fn is_safe_name(name: &str) -> bool {
    let p = Path::new(name);
    !name.is_empty()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)))
}

fn is_read_only(path: &Path) -> bool {
    fs::symlink_metadata(path)
        .map(|m| m.is_file() && m.permissions().readonly())
        .unwrap_or(false)
}

/// Creates a new file with ordinary document permissions and writes it whole.
fn create_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut opts = fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o644);
    }
    let mut f = opts.open(path)?;
    f.write_all(bytes)?;
    f.flush()
}

/// Writes files one by one, each atomically (creating subdirectories); returns the
/// paths written. For starter files and templates, where there is no set to swap.
pub fn write_all(dir: &Path, files: &[OutFile]) -> io::Result<Vec<PathBuf>> {
    fs::create_dir_all(dir)?;
    let mut written = Vec::with_capacity(files.len());
    for f in files {
        let target = dir.join(&f.name);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        replace_file(&target, &f.bytes)?;
        written.push(target);
    }
    Ok(written)
}

/// Writes a temporary file beside `target` and renames it into place.
fn replace_file(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(TMP_PREFIX).suffix(TMP_SUFFIX);
    // Output files are ordinary documents, readable like any file the user
    // creates (tempfile's default is owner-only).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(parent)?;
    tmp.write_all(bytes)?;
    tmp.persist(target).map_err(|e| e.error)?;
    Ok(())
}

/// Writes one file atomically. Its directory must exist (nothing is created),
/// a read-only file is not replaced, and none of `inputs` is overwritten.
pub fn write_one(path: &Path, bytes: &[u8], inputs: &[&Path]) -> Result<(), WriteError> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !parent.is_dir() {
        return Err(WriteError::NoParent(parent.to_path_buf()));
    }
    if let Some(input) = inputs.iter().find(|i| same_file(path, i)) {
        return Err(WriteError::IsInput(input.to_path_buf()));
    }
    if fs::metadata(path).is_ok_and(|m| m.is_dir()) {
        return Err(WriteError::Io(
            path.to_path_buf(),
            io::Error::other("is a directory"),
        ));
    }
    if is_read_only(path) {
        return Err(WriteError::ReadOnly(path.to_path_buf()));
    }
    replace_file(path, bytes).map_err(io_at(path))
}

/// Whether two paths name the same file (through links, `..` and hard links).
pub fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (fs::metadata(a), fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
    }
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set_of<'a>(files: &'a [OutFile], keep: &'a dyn Fn(&Entry) -> bool) -> Set<'a> {
        Set {
            files,
            edition: "full",
            keep,
        }
    }

    fn file(name: &str, text: &str) -> OutFile {
        OutFile {
            name: name.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn stale_outputs_go_and_other_files_stay() {
        let d = tempfile::tempdir().unwrap();
        fs::write(d.path().join("mine.txt"), "user").unwrap();
        let never = |_: &Entry| false;
        write_set(
            d.path(),
            &set_of(&[file("a.md", "1"), file("b.md", "1")], &never),
        )
        .unwrap();
        let w = write_set(d.path(), &set_of(&[file("a.md", "2")], &never)).unwrap();
        assert_eq!(w.removed, vec![d.path().join("b.md")]);
        assert!(!d.path().join("b.md").exists());
        assert_eq!(fs::read_to_string(d.path().join("a.md")).unwrap(), "2");
        assert_eq!(
            fs::read_to_string(d.path().join("mine.txt")).unwrap(),
            "user"
        );
    }

    #[test]
    fn a_failed_swap_is_rolled_back() {
        let d = tempfile::tempdir().unwrap();
        let never = |_: &Entry| false;
        write_set(
            d.path(),
            &set_of(&[file("a.md", "1"), file("c.md", "1")], &never),
        )
        .unwrap();
        fs::create_dir(d.path().join("b.md")).unwrap();
        let files = [file("a.md", "2"), file("b.md", "2"), file("c.md", "2")];
        let e = write_set(d.path(), &set_of(&files, &never)).unwrap_err();
        assert!(e.to_string().contains("b.md"), "{e}");
        assert_eq!(fs::read_to_string(d.path().join("a.md")).unwrap(), "1");
        assert_eq!(fs::read_to_string(d.path().join("c.md")).unwrap(), "1");
        let mut names: Vec<_> = fs::read_dir(d.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, [MANIFEST, "a.md", "b.md", "c.md"]);
    }

    #[test]
    fn unsafe_manifest_names_are_ignored() {
        assert!(is_safe_name("a.md"));
        assert!(!is_safe_name("../a.md"));
        assert!(!is_safe_name("/etc/passwd"));
        assert!(!is_safe_name(""));
    }
}
