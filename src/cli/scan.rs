//! Trying a scanner or a camera from the command line.

use super::*;

/// `lockerwall scan --camera N`: print codes the camera reads, each once.
#[cfg(feature = "camera")]
pub(crate) fn scan_camera(index: u32) -> anyhow::Result<()> {
    use lockerwall::scan::{camera::Camera, camera_control::Debounce, frames};
    let slot = frames::LatestFrame::new();
    let mut debounce = Debounce::default();
    let (tx, rx) = std::sync::mpsc::channel();
    frames::spawn_decoder(slot.clone(), lockerwall::scan::decode_frame, move |codes| {
        let _ = tx.send(codes);
    });
    let (lost_tx, lost_rx) = std::sync::mpsc::channel();
    let _camera = Camera::start(
        index,
        slot,
        |_| {},
        move |why| {
            let _ = lost_tx.send(why);
        },
    )?;
    eprintln!("reading codes from camera {index}; Ctrl-C stops");
    loop {
        if let Ok(why) = lost_rx.try_recv() {
            anyhow::bail!("camera {index} stopped delivering: {why}");
        }
        if let Ok(codes) = rx.recv_timeout(Duration::from_millis(200)) {
            for code in codes {
                if debounce.fresh(&code.text, Instant::now()) {
                    println!("{}", lockerwall::scan::commands::describe(&code));
                }
            }
        }
    }
}

#[cfg(not(feature = "camera"))]
pub(crate) fn scan_camera(_index: u32) -> anyhow::Result<()> {
    anyhow::bail!(
        "this lockerwall was built without camera support: build it with `--features camera` (needs libclang-dev)"
    )
}

/// `lockerwall scan --serial PORT`: print codes as they are read.
pub(crate) fn scan_serial(port: &str, baud: u32) -> anyhow::Result<()> {
    let tokio = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    tokio.block_on(async {
        let stream = lockerwall_hal::serial::open(port, baud)
            .with_context(|| format!("cannot open the scanner on {port}"))?;
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let reader = tokio::spawn(lockerwall::scan::serial::read_codes(stream, tx));
        // One listener for the whole run: a fresh one per code would miss a
        // Ctrl-C that came while the previous code was being printed.
        let ctrl_c = tokio::signal::ctrl_c();
        tokio::pin!(ctrl_c);
        eprintln!("reading codes from {port}; Ctrl-C stops");
        loop {
            tokio::select! {
                code = rx.recv() => match code {
                    Some(code) => println!("{}", lockerwall::scan::commands::describe(&code)),
                    None => break,
                },
                _ = &mut ctrl_c => break,
            }
        }
        reader.abort();
        anyhow::Ok(())
    })
}
