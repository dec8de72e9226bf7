//! Writing outputs: everything is produced in memory first, then each file is
//! written to a temporary file in the output directory and renamed into place,
//! so a failed run leaves no half-written file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// One output file, relative to the output directory.
#[derive(Debug, Clone)]
pub struct OutFile {
    pub name: String,
    pub bytes: Vec<u8>,
}

/// Writes all files atomically (each one); returns the paths written.
pub fn write_all(dir: &Path, files: &[OutFile]) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::with_capacity(files.len());
    for f in files {
        let target = dir.join(&f.name);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let parent = target.parent().unwrap_or(dir);
        let mut builder = tempfile::Builder::new();
        builder.prefix(".bcpgen-").suffix(".tmp");
        // Output files are ordinary documents, readable like any file the user
        // creates (tempfile's default is owner-only).
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o644));
        }
        let mut tmp = builder.tempfile_in(parent)?;
        tmp.write_all(&f.bytes)?;
        tmp.persist(&target).map_err(|e| e.error)?;
        written.push(target);
    }
    Ok(written)
}

/// Writes one file atomically.
pub fn write_one(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    write_all(
        dir,
        &[OutFile {
            name,
            bytes: bytes.to_vec(),
        }],
    )
    .map(|_| ())
}
