//! The site secret: a random key generated on first start and kept in a file
//! beside (not inside) the database, readable only by the kiosk's user.

use rand::RngCore;
use std::io::Write;
use std::path::Path;

/// The per-site key that makes pickup-code hashes useless without it.
#[derive(Clone)]
pub struct SiteSecret([u8; 32]);

impl std::fmt::Debug for SiteSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SiteSecret(..)")
    }
}

/// Why the secret file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("cannot read or write the site secret at {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "the site secret at {0} is damaged (expected 64 hex digits); restore it from a backup"
    )]
    Damaged(String),
}

impl SiteSecret {
    /// A secret from raw bytes (tests, derived keys).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The raw key.
    pub fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Load the secret at `path`, creating it (mode 0600) if absent.
    pub fn load_or_create(path: &Path) -> Result<Self, SecretError> {
        let io = |source| SecretError::Io {
            path: path.display().to_string(),
            source,
        };
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let bytes = hex::decode(text.trim())
                    .ok()
                    .and_then(|v| <[u8; 32]>::try_from(v).ok())
                    .ok_or_else(|| SecretError::Damaged(path.display().to_string()))?;
                Ok(Self(bytes))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut bytes = [0u8; 32];
                rand::rngs::OsRng.fill_bytes(&mut bytes);
                let secret = Self(bytes);
                secret.write_new(path)?;
                Ok(secret)
            }
            Err(e) => Err(io(e)),
        }
    }

    /// Write the secret to a new file at `path` (mode 0600; an existing file is refused).
    pub fn write_new(&self, path: &Path) -> Result<(), SecretError> {
        let io = |source| SecretError::Io {
            path: path.display().to_string(),
            source,
        };
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(path).map_err(io)?;
        file.write_all(hex::encode(self.0).as_bytes()).map_err(io)?;
        file.sync_all().map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_once_then_reloaded_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("site.key");
        let a = SiteSecret::load_or_create(&path).unwrap();
        let b = SiteSecret::load_or_create(&path).unwrap();
        assert_eq!(a.bytes(), b.bytes());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "not hex").unwrap();
        assert!(matches!(
            SiteSecret::load_or_create(&path),
            Err(SecretError::Damaged(_))
        ));
    }
}
