//! Reading the help mailbox over IMAP with TLS: the messages after the last
//! one filed, left in place (the mailbox stays the archive; nothing is
//! deleted or marked, so staff may keep reading it in a mail client too).

use super::mailbox::Mailbox;
use crate::tls;
use futures_util::TryStreamExt;
use rustls_pki_types::ServerName;
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;

/// Messages new since the last reading.
#[derive(Debug, Default)]
pub struct Fetched {
    /// The folder's UIDVALIDITY: when it changes, UIDs start over.
    pub uidvalidity: u32,
    /// (UID, raw message), oldest first.
    pub messages: Vec<(u32, Vec<u8>)>,
    /// (UID, size) of messages over [`MAX_MESSAGE_BYTES`]: not fetched.
    pub too_large: Vec<(u32, u32)>,
    /// More are waiting beyond the `limit` asked for (or beyond [`ROUND_BYTES`]).
    pub more: bool,
}

/// The largest message fetched (a resident's photos fit; a video does not).
pub const MAX_MESSAGE_BYTES: u32 = 25 * 1024 * 1024;
/// Bytes fetched in one reading at most, so a backlog of photo emails is
/// read over several readings instead of timing out every one.
pub const ROUND_BYTES: u64 = 40 * 1024 * 1024;

/// Why the mailbox could not be read, in words for staff and installers.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    #[error("cannot reach the mail server {0}: {1}")]
    Connect(String, String),
    #[error("the mail server's certificate is not trusted ({0}); set the mailbox's CA file for a private server")]
    Tls(String),
    #[error("the mail server refused the user name or password ({0})")]
    Login(String),
    #[error("the mail server answered unexpectedly: {0}")]
    Protocol(String),
    #[error("the mail server did not answer within {0} s")]
    Timeout(u64),
}

const TIMEOUT_SECONDS: u64 = 60;

/// The messages in `m`'s folder after UID `after_uid` (all of them when the
/// folder's UIDVALIDITY is not `known_validity`), at most `limit`.
pub async fn fetch_new(
    m: &Mailbox,
    known_validity: Option<u32>,
    after_uid: u32,
    limit: usize,
) -> Result<Fetched, ImapError> {
    tokio::time::timeout(
        Duration::from_secs(TIMEOUT_SECONDS),
        fetch(m, known_validity, after_uid, limit),
    )
    .await
    .unwrap_or(Err(ImapError::Timeout(TIMEOUT_SECONDS)))
}

async fn fetch(
    m: &Mailbox,
    known_validity: Option<u32>,
    after_uid: u32,
    limit: usize,
) -> Result<Fetched, ImapError> {
    let place = format!("{}:{}", m.imap_host, m.imap_port);
    let tcp = TcpStream::connect((m.imap_host.as_str(), m.imap_port))
        .await
        .map_err(|e| ImapError::Connect(place.clone(), e.to_string()))?;
    let config = tls::client_config(&m.ca_file).map_err(ImapError::Tls)?;
    let name = ServerName::try_from(m.imap_host.clone())
        .map_err(|e| ImapError::Connect(place.clone(), e.to_string()))?;
    let stream = TlsConnector::from(config)
        .connect(name, tcp)
        .await
        .map_err(|e| ImapError::Tls(e.to_string()))?;
    let mut client = async_imap::Client::new(stream);
    client
        .read_response()
        .await
        .map_err(|e| ImapError::Protocol(e.to_string()))?
        .ok_or_else(|| ImapError::Protocol("no greeting".into()))?;
    let mut session = client
        .login(&m.imap_user, &m.imap_password)
        .await
        .map_err(|(e, _)| ImapError::Login(e.to_string()))?;
    let protocol = |e: async_imap::error::Error| ImapError::Protocol(e.to_string());
    // EXAMINE: read-only, so nothing in the mailbox changes by our reading.
    let folder = session.examine(&m.imap_folder).await.map_err(protocol)?;
    let uidvalidity = folder.uid_validity.unwrap_or(0);
    let after = if known_validity == Some(uidvalidity) {
        after_uid
    } else {
        0
    };
    let mut out = Fetched {
        uidvalidity,
        ..Fetched::default()
    };
    if folder.exists > 0 {
        // "n:*" names the last message even when its UID is below n: filter.
        let mut uids: Vec<u32> = session
            .uid_search(format!("UID {}:*", after + 1))
            .await
            .map_err(protocol)?
            .into_iter()
            .filter(|u| *u > after)
            .collect();
        uids.sort_unstable();
        out.more = uids.len() > limit;
        uids.truncate(limit);
        if !uids.is_empty() {
            // Sizes first: what is too large, and where this reading stops.
            let sizes: Vec<(u32, u32)> = {
                let mut v: Vec<(u32, u32)> = session
                    .uid_fetch(uid_set(&uids), "(UID RFC822.SIZE)")
                    .await
                    .map_err(protocol)?
                    .try_collect::<Vec<_>>()
                    .await
                    .map_err(protocol)?
                    .iter()
                    .filter_map(|f| Some((f.uid?, f.size?)))
                    .collect();
                v.sort_unstable();
                v
            };
            let plan = plan_round(&sizes);
            out.too_large = plan.too_large;
            out.more |= plan.more;
            if !plan.fetch.is_empty() {
                let fetches: Vec<_> = session
                    .uid_fetch(uid_set(&plan.fetch), "(UID BODY.PEEK[])")
                    .await
                    .map_err(protocol)?
                    .try_collect()
                    .await
                    .map_err(protocol)?;
                for f in &fetches {
                    if let (Some(uid), Some(body)) = (f.uid, f.body()) {
                        out.messages.push((uid, body.to_vec()));
                    }
                }
                out.messages.sort_by_key(|(uid, _)| *uid);
            }
        }
    }
    let _ = session.logout().await;
    Ok(out)
}

fn uid_set(uids: &[u32]) -> String {
    uids.iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Which messages one reading fetches, from their (UID, size), oldest first.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct RoundPlan {
    pub fetch: Vec<u32>,
    pub too_large: Vec<(u32, u32)>,
    /// Stopped at the round's byte budget: the rest next time.
    pub more: bool,
}

/// Fetch in UID order until the round's bytes are spent; a message too large
/// to fetch at all is passed over (and named), never blocking those after it.
pub fn plan_round(sizes: &[(u32, u32)]) -> RoundPlan {
    let mut plan = RoundPlan::default();
    let mut bytes = 0u64;
    for &(uid, size) in sizes {
        if size > MAX_MESSAGE_BYTES {
            plan.too_large.push((uid, size));
            continue;
        }
        if bytes + u64::from(size) > ROUND_BYTES && !plan.fetch.is_empty() {
            plan.more = true;
            break;
        }
        bytes += u64::from(size);
        plan.fetch.push(uid);
    }
    plan
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_round_stops_at_its_budget_and_passes_over_huge_messages() {
        let mb = 1024 * 1024;
        let plan = plan_round(&[(1, 10 * mb), (2, 30 * mb), (3, 20 * mb), (4, 15 * mb)]);
        assert_eq!(plan.fetch, [1, 3]);
        assert_eq!(plan.too_large, [(2, 30 * mb)]);
        assert!(plan.more);
        let plan = plan_round(&[(5, 26 * mb)]);
        assert!(plan.fetch.is_empty() && !plan.more);
        assert_eq!(plan.too_large, [(5, 26 * mb)]);
    }
}
