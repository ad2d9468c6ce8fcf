//! `--state FILE`: every object saved to a JSON file (written to a temporary file and
//! renamed over the old one, so a crash never leaves half a file), and loaded at start.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::Error;
use crate::store::Store;

/// Loads a state file into `store`; `Ok(false)` when the file does not exist.
pub fn load(store: &Store, path: &Path) -> Result<bool, Error> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    let snapshot: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|e| Error::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))?;
    store.restore(&snapshot)?;
    Ok(true)
}

/// Writes the store to `path` safely (temporary file, fsync, rename).
pub fn save(store: &Store, path: &Path) -> Result<(), Error> {
    let bytes = store.snapshot().into_bytes();
    let tmp = tmp_path(path);
    {
        use std::io::Write;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    Ok(())
}

fn tmp_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}

/// Saves the store after every burst of writes (at most every 200 ms) until the store is
/// dropped. Spawned by the sandbox when it has a state file. A clean shutdown saves once
/// more ([`crate::Sandbox::save_state`]); a `kill -9` may lose the last 200 ms.
pub async fn run(store: Store, path: PathBuf) {
    let mut written = store.written();
    loop {
        if written.changed().await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        written.borrow_and_update();
        let (s, p) = (store.clone(), path.clone());
        match tokio::task::spawn_blocking(move || save(&s, &p)).await {
            Ok(Ok(())) => {}
            Ok(Err(e)) => tracing::warn!(error = %e, "saving the sandbox state failed"),
            Err(e) => tracing::warn!(error = %e, "saving the sandbox state panicked"),
        }
    }
}
