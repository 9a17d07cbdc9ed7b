//! Real mail servers on localhost for the desk's tests (feature
//! `mail-tests`; .ci/run installs them): a private Dovecot serving IMAP over
//! TLS with its own certificate, and aiosmtpd delivering through Dovecot's
//! LDA (tests/support/smtp_to_dovecot.py), so a message sent by SMTP lands
//! in the recipient's mailbox and is read back over IMAP.

use crate::desk::imap;
use crate::desk::mailbox::{Mailbox, SmtpTls};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Dovecot and the SMTP server, stopped and removed when dropped.
pub struct MailServers {
    pub dir: PathBuf,
    pub imap_port: u16,
    pub smtp_port: u16,
    /// The test CA (Dovecot's self-signed certificate), PEM.
    pub ca_file: String,
    conf: PathBuf,
    dovecot: Child,
    smtp: Child,
}

use super::free_port;

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn wait_for(port: u16, what: &str, log: &std::path::Path) {
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!(
        "{what} did not start on port {port}:\n{}",
        std::fs::read_to_string(log).unwrap_or_default()
    );
}

impl MailServers {
    /// Start both, with these (address, password) accounts.
    pub fn start(users: &[(&str, &str)]) -> MailServers {
        let dir = std::env::temp_dir().join(format!(
            "lw-mail-{}-{:x}",
            std::process::id(),
            rand::random::<u64>()
        ));
        std::fs::create_dir_all(dir.join("run")).unwrap();
        std::fs::create_dir_all(dir.join("state")).unwrap();
        std::fs::create_dir_all(dir.join("mail")).unwrap();
        let p = |name: &str| dir.join(name).display().to_string();
        // A private CA and a server certificate it signed, as a company mail server has.
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ];
        run(Command::new("openssl")
            .args([
                "req",
                "-x509",
                "-days",
                "2",
                "-subj",
                "/CN=Lockerwall test CA",
            ])
            .args(ec)
            .args(["-keyout", &p("ca.key"), "-out", &p("ca.pem")]));
        run(Command::new("openssl")
            .args(["req", "-subj", "/CN=localhost"])
            .args(ec)
            .args(["-keyout", &p("key.pem"), "-out", &p("server.csr")]));
        std::fs::write(
            dir.join("server.ext"),
            "basicConstraints=CA:FALSE\nsubjectAltName=DNS:localhost\n",
        )
        .unwrap();
        run(Command::new("openssl").args([
            "x509",
            "-req",
            "-days",
            "2",
            "-in",
            &p("server.csr"),
            "-CA",
            &p("ca.pem"),
            "-CAkey",
            &p("ca.key"),
            "-CAcreateserial",
            "-extfile",
            &p("server.ext"),
            "-out",
            &p("cert.pem"),
        ]));
        let passwd: String = users
            .iter()
            .map(|(u, pw)| format!("{u}:{{PLAIN}}{pw}\n"))
            .collect();
        std::fs::write(dir.join("users"), passwd).unwrap();
        // As root, mail belongs to the `mail` user (Dovecot refuses uid 0);
        // otherwise everything runs as whoever runs the tests.
        let uid = run(Command::new("id").arg("-u"));
        let (mail_user, mail_group, first_uid, internal) = if uid == "0" {
            ("mail".to_string(), "mail".to_string(), 1, String::new())
        } else {
            let user = run(Command::new("id").arg("-un"));
            let group = run(Command::new("id").arg("-gn"));
            let i = format!(
                "default_internal_user = {user}\ndefault_login_user = {user}\ndefault_internal_group = {group}\n"
            );
            (user, group, 1, i)
        };
        // Mail directories are made by the mail user inside ours.
        run(Command::new("chmod").args(["0755", &p("")]));
        run(Command::new("chmod").args(["0777", &p("mail")]));
        let imap_port = free_port();
        let conf = dir.join("dovecot.conf");
        std::fs::write(
            &conf,
            format!(
                "base_dir = {run}\nstate_dir = {state}\nlog_path = {log}\n{internal}\
protocols = imap\nlisten = 127.0.0.1\nssl = required\nssl_cert = <{cert}\nssl_key = <{key}\n\
auth_mechanisms = plain\nfirst_valid_uid = {first_uid}\nmail_location = maildir:{mail}/%u\n\
passdb {{\n  driver = passwd-file\n  args = {users}\n}}\n\
userdb {{\n  driver = static\n  args = uid={mail_user} gid={mail_group} home={mail}/%u\n}}\n\
service imap-login {{\n  chroot =\n  inet_listener imap {{\n    port = 0\n  }}\n  inet_listener imaps {{\n    port = {imap_port}\n    ssl = yes\n  }}\n}}\n\
service anvil {{\n  chroot =\n}}\n",
                run = p("run"),
                state = p("state"),
                log = p("dovecot.log"),
                cert = p("cert.pem"),
                key = p("key.pem"),
                mail = p("mail"),
                users = p("users"),
            ),
        )
        .unwrap();
        let dovecot = Command::new("dovecot")
            .args(["-F", "-c"])
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("dovecot (apt-get install dovecot-imapd; .ci/run installs it)");
        let smtp_port = free_port();
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/support/smtp_to_dovecot.py"
        );
        // Debian's python3 has python3-aiosmtpd; another python3 earlier on PATH may not.
        let python = if std::path::Path::new("/usr/bin/python3").exists() {
            "/usr/bin/python3"
        } else {
            "python3"
        };
        let smtp = Command::new(python)
            .arg(script)
            .arg(smtp_port.to_string())
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("smtp.log")).unwrap())
            .spawn()
            .expect("python3 with aiosmtpd (apt-get install python3-aiosmtpd)");
        let servers = MailServers {
            ca_file: p("ca.pem"),
            dir: dir.clone(),
            imap_port,
            smtp_port,
            conf,
            dovecot,
            smtp,
        };
        wait_for(imap_port, "dovecot", &dir.join("dovecot.log"));
        wait_for(smtp_port, "the SMTP server", &dir.join("smtp.log"));
        servers
    }

    /// Mailbox settings for `address` on these servers.
    pub fn mailbox(&self, property: &str, address: &str, password: &str) -> Mailbox {
        Mailbox {
            property: property.into(),
            address: address.into(),
            imap_host: "localhost".into(),
            imap_port: self.imap_port,
            imap_user: address.into(),
            imap_password: password.into(),
            imap_folder: "INBOX".into(),
            smtp_host: "localhost".into(),
            smtp_port: self.smtp_port,
            smtp_tls: SmtpTls::None,
            smtp_user: String::new(),
            smtp_password: String::new(),
            ca_file: self.ca_file.clone(),
        }
    }

    /// Send a raw message by SMTP, as a resident's mail program would.
    pub async fn send(&self, from: &str, to: &str, raw: &str) {
        use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
        let envelope =
            lettre::address::Envelope::new(Some(from.parse().unwrap()), vec![to.parse().unwrap()])
                .unwrap();
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous("127.0.0.1")
            .port(self.smtp_port)
            .build()
            .send_raw(
                &envelope,
                raw.replace('\n', "\r\n")
                    .replace("\r\r\n", "\r\n")
                    .as_bytes(),
            )
            .await
            .unwrap_or_else(|e| panic!("sending to {to}: {e}"));
    }

    /// Every message in `address`'s inbox, read over IMAP, oldest first.
    pub async fn inbox(&self, address: &str, password: &str) -> Vec<Vec<u8>> {
        imap::fetch_new(&self.mailbox("", address, password), None, 0, 1000)
            .await
            .unwrap_or_else(|e| panic!("reading {address}'s mailbox: {e}"))
            .messages
            .into_iter()
            .map(|(_, raw)| raw)
            .collect()
    }
}

impl Drop for MailServers {
    fn drop(&mut self) {
        let _ = Command::new("dovecot")
            .arg("-c")
            .arg(&self.conf)
            .arg("stop")
            .stderr(Stdio::null())
            .status();
        let _ = self.smtp.kill();
        let _ = self.smtp.wait();
        let _ = self.dovecot.kill();
        let _ = self.dovecot.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
