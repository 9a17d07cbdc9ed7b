//! A serial scanner over a real pseudo-terminal: codes line by line, with AIM
//! identifiers, CR, LF or both, an overlong line dropped, and a code read at
//! the home screen opening a resident's door through the runtime.

mod common;

use common::rig::{rig, stored_for_carmen};
use lockerwall::domain::Clock;
use lockerwall::kiosk::{Event, Screen};
use lockerwall::scan::{serial::read_codes, Symbology};
use std::time::Duration;
use tokio::io::AsyncWriteExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_arrive_line_by_line_from_a_pty() {
    let (mut scanner, _slave, path) = lockerwall_hal::serial::pty_pair().unwrap();
    let port = lockerwall_hal::serial::open(&path, 9600).unwrap();
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    tokio::spawn(read_codes(port, tx));
    let overlong = "9".repeat(3000);
    for chunk in [
        "]Q1LW1ABCDEFG\r\n".to_string(),
        "1Z999AA1".into(),
        "0123456784\r".into(),
        "\n\n".into(),
        format!("{overlong}\n"),
        "]C1420021349400111899223397658533\n".into(),
    ] {
        scanner.write_all(chunk.as_bytes()).await.unwrap();
        scanner.flush().await.unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut got = Vec::new();
    while got.len() < 3 {
        let code = tokio::time::timeout(Duration::from_secs(5), rx.recv())
            .await
            .expect("codes arrive")
            .unwrap();
        got.push((code.text, code.symbology));
    }
    assert_eq!(
        got,
        [
            ("LW1ABCDEFG".to_string(), Some(Symbology::Qr)),
            ("1Z999AA10123456784".to_string(), None),
            (
                "]C1420021349400111899223397658533".to_string(),
                Some(Symbology::Code128)
            ),
        ]
    );
    assert!(rx.try_recv().is_err(), "the overlong line was dropped");
}

#[tokio::test]
async fn a_token_read_by_the_scanner_opens_the_door() {
    let mut r = rig().await;
    let (label, package) = stored_for_carmen(&mut r, "1Z999AA10123456793").await;
    let token =
        r.store()
            .token_signer()
            .issue(package, 0, r.store().policy().token_expires(r.clock.now()));
    r.send(Event::Scanned(token));
    r.pump().await;
    let Screen::PickupDoor { doors, .. } = r.screen() else {
        panic!("{:?}", r.screen())
    };
    assert_eq!(doors[0].locker.label, label);
}

#[tokio::test]
async fn a_labels_ship_to_puts_its_resident_first() {
    let mut r = rig().await;
    r.send(Event::Deliver);
    r.send(Event::ChooseCarrier(
        lockerwall::domain::CarrierId(2),
        "UPS".into(),
    ));
    r.keys("1357");
    r.send(Event::Key(lockerwall::kiosk::TextKey::Enter));
    // A PDF417 in the ANSI MH10.8.3 layout: fields split by GS, the address among them.
    let payload = "[)>\u{1e}06\u{1d}1Z999AA10123456784\u{1d}UPSN\u{1d}11ZGRACE KIM\u{1d}13Z500 MAPLE CT APT 303\u{1d}\u{1e}\u{4}";
    r.send(Event::Scanned(payload.into()));
    let Screen::Recipient {
        tracking, results, ..
    } = r.screen()
    else {
        panic!("{:?}", r.screen())
    };
    assert_eq!(tracking, "1Z999AA10123456784");
    assert_eq!(results.len(), 1, "{results:?}");
    assert_eq!(
        (results[0].name.as_str(), results[0].unit.as_str()),
        ("Grace Kim", "303")
    );
}

#[tokio::test]
async fn a_label_scanned_at_home_picks_the_carrier_account() {
    let mut r = rig().await;
    r.send(Event::Scanned("]C1420021349400111899223397658533".into()));
    assert!(
        matches!(r.screen(), Screen::CarrierLogin { chosen: Some((_, ref name)), .. } if name == "USPS"),
        "{:?}",
        r.screen()
    );
    r.keys("2468");
    r.send(Event::Key(lockerwall::kiosk::TextKey::Enter));
    assert!(
        matches!(r.screen(), Screen::Recipient { ref tracking, .. } if tracking == "9400111899223397658533"),
        "{:?}",
        r.screen()
    );
}

/// `lockerwall scan --serial PATH` started, and the lines it prints as they come.
fn scan_command(path: &str) -> (std::process::Child, std::sync::mpsc::Receiver<String>) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_lockerwall"))
        .args(["scan", "--serial", path])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    (child, rx)
}

/// The installer's check of a scanner (the book's "Scanning"): `lockerwall
/// scan --serial PORT` prints each code as the scanner sends it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scan_command_prints_what_the_scanner_reads() {
    let (mut scanner, _slave, path) = lockerwall_hal::serial::pty_pair().unwrap();
    let (mut child, rx) = scan_command(&path);
    // The command opens the port a moment after it starts: send until it answers.
    let mut said = None;
    for _ in 0..50 {
        scanner.write_all(b"1Z999AA10123456784\r\n").await.unwrap();
        scanner.flush().await.unwrap();
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            said = Some(line);
            break;
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let said = said.expect("the command printed nothing");
    assert!(said.contains("1Z999AA10123456784"), "{said}");
}

/// The length limit at its edge, whole or byte by byte: a line of exactly
/// MAX_LINE is a code, one byte more is dropped, and the next line still reads.
#[test]
fn the_line_limit_holds_at_its_edge_however_the_bytes_arrive() {
    use lockerwall::scan::serial::{CodeLines, MAX_LINE};
    let mut input = "7".repeat(MAX_LINE).into_bytes();
    input.extend(b"\r\n");
    input.extend("8".repeat(MAX_LINE + 1).into_bytes());
    input.extend(b"\n1Z999AA10123456784\r");
    let whole: Vec<usize> = CodeLines::default()
        .feed(&input)
        .iter()
        .map(|c| c.text.len())
        .collect();
    assert_eq!(whole, [MAX_LINE, 18]);
    let mut lines = CodeLines::default();
    let bytewise: Vec<usize> = input
        .iter()
        .flat_map(|b| lines.feed(&[*b]))
        .map(|c| c.text.len())
        .collect();
    assert_eq!(bytewise, whole);
}

/// Ctrl-C stops `lockerwall scan` however busy the scanner is: a signal
/// that arrives while a code is being printed is not lost (the book's check
/// of the scanner waited forever on a CI machine).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_c_stops_the_scan_command_while_codes_keep_coming() {
    let (mut scanner, _slave, path) = lockerwall_hal::serial::pty_pair().unwrap();
    let (mut child, rx) = scan_command(&path);
    let flood = tokio::spawn(async move {
        loop {
            if scanner.write_all(b"1Z999AA10123456784\r\n").await.is_err() {
                break;
            }
            let _ = scanner.flush().await;
        }
    });
    rx.recv_timeout(Duration::from_secs(10))
        .expect("the command printed nothing");
    // One Ctrl-C, as a person gives it, while codes are being printed.
    let pid = child.id() as libc::pid_t;
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let mut stopped = None;
    for _ in 0..60 {
        if let Some(status) = child.try_wait().unwrap() {
            stopped = Some(status);
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    if stopped.is_none() {
        let _ = child.kill();
        child.wait().unwrap();
    }
    flood.abort();
    let status = stopped.expect("Ctrl-C did not stop the scan command");
    assert!(status.success(), "{status}");
}
