//! The store's hot paths, each next to a baseline measured in the same run:
//! - recipient search at 10,000 residents as a carrier types (p50/p99), next
//!   to reading the whole directory and filtering in memory;
//! - the durable commit before a door is unlocked (reserve a locker, then the
//!   unlock), p50/p99, next to a bare one-row commit with the same
//!   `synchronous=FULL` (the fsync floor on this disk);
//! - the pickup-code check with every locker of the demo wall full, next to
//!   the code's HMAC alone.
//!
//! `cargo bench --bench store_paths` (a real SQLite file in a temporary folder).

use lockerwall::directory_import::{read, ReadOptions};
use lockerwall::domain::{CarrierId, ResidentId, Size, Timestamp};
use lockerwall::security::{CodeHasher, PickupCode, SiteSecret};
use lockerwall::store::{DepositRequest, ImportMode, Store};
use lockerwall_hal::LockController;
use rand::SeedableRng;
use std::time::{Duration, Instant};

fn percentiles(mut d: Vec<Duration>) -> (f64, f64) {
    d.sort();
    let at = |p: usize| d[(p * d.len()).div_ceil(100).max(1) - 1].as_secs_f64() * 1e6;
    (at(50), at(99))
}

fn row(name: &str, ours: (f64, f64), base_name: &str, base: (f64, f64)) {
    println!(
        "{name:<40} p50 {:>8.1} µs  p99 {:>8.1} µs  | {base_name:<28} p50 {:>8.1} µs  p99 {:>8.1} µs",
        ours.0, ours.1, base.0, base.1
    );
}

fn hasher() -> CodeHasher {
    CodeHasher::new(SiteSecret::from_bytes([9; 32]))
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("bench.db"), hasher()).unwrap();
    store
        .seed_if_empty(&lockerwall::site::Site::demo(), Timestamp(0))
        .unwrap();

    // ----- 10,000 residents, searched as a carrier types -----
    let first = [
        "Ana", "Ben", "Carmen", "Dmitri", "Elena", "Farah", "Grace", "Hugo", "Ines", "Jamal",
    ];
    let last = [
        "Alvarez", "Becker", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Haddad", "Ito", "Jones",
    ];
    let mut csv = String::from("Resident ID,Name,Unit,Building\n");
    for i in 0..10_000 {
        csv += &format!(
            "R{i},{} {}{},{},{}\n",
            first[i % 10],
            last[(i / 10) % 10],
            i / 100,
            100 + i % 900,
            ["A", "B", "C", "D"][i % 4]
        );
    }
    let parsed = read(csv.as_bytes(), &ReadOptions::default()).unwrap();
    store
        .import_residents(&parsed, ImportMode::default(), "bench", Timestamp(0))
        .unwrap();
    let typed = [
        "a", "al", "alv", "alva", "alvar", "alvare", "alvarez", "4", "41", "412", "gra", "grace h",
    ];
    let (mut ours, mut naive) = (Vec::new(), Vec::new());
    for _ in 0..20 {
        for q in typed {
            let t = Instant::now();
            let hits = store.search_residents(q, 8).unwrap();
            ours.push(t.elapsed());
            std::hint::black_box(hits);
            let t = Instant::now();
            let all = store.all_residents().unwrap();
            let ql = q.to_lowercase();
            let hits: Vec<_> = all
                .iter()
                .filter(|r| {
                    r.active && (r.name.to_lowercase().contains(&ql) || r.unit.contains(&ql))
                })
                .take(8)
                .collect();
            naive.push(t.elapsed());
            std::hint::black_box(hits);
        }
    }
    row(
        "recipient search, 10,042 residents",
        percentiles(ours),
        "whole directory, filtered",
        percentiles(naive),
    );

    // ----- the durable commit before an unlock -----
    let wall = lockerwall::app::sim_wall(&lockerwall::site::Site::demo());
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let (mut ours, mut floor) = (Vec::new(), Vec::new());
    store
        .connection()
        .execute_batch("CREATE TABLE IF NOT EXISTS bench_floor (x INTEGER)")
        .unwrap();
    let mut rng = rand::rngs::StdRng::seed_from_u64(1);
    for n in 0..200u32 {
        let t = Instant::now();
        let r = store
            .begin_deposit(
                &DepositRequest {
                    tracking: format!("TBA{:012}", 700_000 + n),
                    carrier: CarrierId(1),
                    resident: ResidentId(1 + i64::from(n % 40)),
                    size: Size::S,
                    is_return: false,
                    accessible_first: false,
                },
                Timestamp(i64::from(n)),
            )
            .unwrap();
        rt.block_on(wall.unlock(r.locker.channel)).unwrap();
        ours.push(t.elapsed());
        // Put it back: the door shuts, the drop-off is cancelled, the locker free again.
        wall.close(r.locker.channel);
        store
            .cancel_deposit(r.package, Timestamp(0), "bench")
            .unwrap();
        let t = Instant::now();
        store
            .connection()
            .execute("INSERT INTO bench_floor VALUES (1)", [])
            .unwrap();
        floor.push(t.elapsed());
    }
    row(
        "reserve (durable commit) then unlock",
        percentiles(ours),
        "bare one-row commit (fsync)",
        percentiles(floor),
    );

    // ----- the pickup-code check with every locker full -----
    let mut codes = Vec::new();
    for n in 0..64u32 {
        let Ok(r) = store.begin_deposit(
            &DepositRequest {
                tracking: format!("TBA{:012}", 800_000 + n),
                carrier: CarrierId(1),
                resident: ResidentId(1 + i64::from(n % 40)),
                size: [Size::S, Size::M, Size::L, Size::XL][(n % 4) as usize],
                is_return: false,
                accessible_first: false,
            },
            Timestamp(0),
        ) else {
            // That size is full; the others may not be yet.
            continue;
        };
        store.door_seen_open(r.package, Timestamp(0)).unwrap();
        let stored = store
            .confirm_deposit(r.package, Timestamp(0), &mut rng)
            .unwrap();
        codes.push(stored.code);
    }
    let h = hasher();
    let (mut ours, mut hmac) = (Vec::new(), Vec::new());
    for _ in 0..50 {
        for c in &codes {
            let t = Instant::now();
            std::hint::black_box(store.find_by_code(c).unwrap());
            ours.push(t.elapsed());
            let t = Instant::now();
            std::hint::black_box(h.hash(c));
            hmac.push(t.elapsed());
        }
        let wrong = PickupCode::parse("000000").unwrap();
        std::hint::black_box(store.find_by_code(&wrong).unwrap());
    }
    row(
        &format!("pickup-code check, wall full ({})", codes.len()),
        percentiles(ours),
        "the code's HMAC alone",
        percentiles(hmac),
    );
}
