//! Skipping the page build's slow steps when their inputs did not change (issue 25): a step's
//! output is kept under `target/page/` with a stamp file naming exactly what it was made from
//! (the input's bytes by hash and length, the tools' versions and flags). The next build reuses the
//! output when the stamp says the same; anything else (a changed input, another tool version, a
//! missing or half-written output: the stamp is written last) makes it again.

use std::fs;
use std::path::{Path, PathBuf};

use crate::tools::*;

/// Where the page build keeps its reusable outputs and their stamps.
pub fn cache_dir() -> PathBuf {
    root().join("target/page")
}

/// FNV-1a, 64 bits: a stamp's fingerprint of a file's bytes (with its length beside it). Not a
/// defence against anyone; it only tells whether a build's input changed.
pub fn fingerprint(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}-{}", bytes.len())
}

/// The version of an npm package of `tests/e2e` (its `package.json`), or `?` when it is missing
/// (then the step runs, and fails with its own message, as before).
pub fn npm_version(package: &str) -> String {
    let manifest = e2e_dir().join("node_modules").join(package).join("package.json");
    fs::read_to_string(manifest)
        .ok()
        .and_then(|text| {
            text.lines().find_map(|l| {
                l.trim()
                    .strip_prefix("\"version\": \"")
                    .map(|v| v.trim_end_matches([',', '"']).to_string())
            })
        })
        .unwrap_or_else(|| "?".into())
}

/// A step's output folder under `target/page/`, reused when its stamp equals `key` and each of
/// `outputs` (paths in the folder) is there: otherwise `make` fills the emptied folder. `label`
/// names the step in the build's log. Returns the folder.
pub fn cached(
    name: &str,
    label: &str,
    key: &str,
    outputs: &[&str],
    make: impl FnOnce(&Path) -> Result<()>,
) -> Result<PathBuf> {
    let dir = cache_dir().join(name);
    let stamp = cache_dir().join(format!("{name}.stamp"));
    let complete = outputs.iter().all(|f| dir.join(f).is_file());
    if complete && fs::read_to_string(&stamp).is_ok_and(|s| s == key) {
        println!("--> {label}: inputs unchanged, reusing target/page/{name}/");
        return Ok(dir);
    }
    let _ = fs::remove_file(&stamp);
    if dir.exists() {
        fs::remove_dir_all(&dir).map_err(|e| format!("clearing {}: {e}", dir.display()))?;
    }
    fs::create_dir_all(&dir).map_err(|e| format!("creating {}: {e}", dir.display()))?;
    make(&dir)?;
    if let Some(missing) = outputs.iter().find(|f| !dir.join(f).is_file()) {
        return Err(format!("{label}: made no {missing}"));
    }
    fs::write(&stamp, key).map_err(|e| format!("writing {}: {e}", stamp.display()))?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_differ_with_any_byte_and_name_the_length() {
        assert_eq!(fingerprint(b""), "cbf29ce484222325-0");
        assert_eq!(fingerprint(b"a"), "af63dc4c8601ec8c-1");
        assert_ne!(fingerprint(b"ab"), fingerprint(b"ba"));
    }

    #[test]
    fn a_step_runs_once_for_the_same_key_and_again_for_another_or_a_lost_output() {
        let name = format!("stamp-test-{}", std::process::id());
        let mut runs = 0;
        for key in ["k1", "k1", "k2", "lost", "lost"] {
            if key == "lost" {
                let _ = fs::remove_file(cache_dir().join(&name).join("out"));
            }
            let dir = cached(&name, "test", key, &["out"], |d| {
                runs += 1;
                fs::write(d.join("out"), key).map_err(|e| e.to_string())
            })
            .unwrap();
            assert_eq!(fs::read_to_string(dir.join("out")).unwrap(), key);
        }
        // k1 once, k2 once, then "lost" twice: the output removed before each run is made again.
        assert_eq!(runs, 4);
        assert!(
            cached(&name, "test", "k3", &["other"], |_| Ok(())).is_err(),
            "an output not made is an error"
        );
        let _ = fs::remove_dir_all(cache_dir().join(&name));
        let _ = fs::remove_file(cache_dir().join(format!("{name}.stamp")));
    }
}
