//! A SQLite VFS that behaves like an operating system whose page cache is lost
//! in a power cut: every write to the database, its WAL or its journal is held
//! in this process's memory (a "page cache" shared by every connection, as the
//! kernel's is) until SQLite syncs that file, and only then reaches the disk.
//! A SIGKILL therefore loses exactly what a power cut would: every write not
//! yet synced. With a write-back share above zero, a random subset of the
//! unsynced writes reaches the disk early, in no particular order relative to
//! the ones still held, as a disk's own write-back may do between two syncs.
//!
//! It wraps the platform's default VFS ("unix") and is registered as the
//! default, so the kiosk's own `Store::open` runs on it unchanged. Memory maps
//! are not offered (io_methods version 2), so every read comes through here.
//! What it does not model: a torn write inside one `write` call (SQLite's
//! default VFS on Linux promises whole-write "powersafe overwrite"), losing a
//! directory entry, and the files the kiosk writes outside SQLite.

use rusqlite::ffi;
use std::collections::HashMap;
use std::ffi::{c_int, c_void, CStr};
use std::sync::{Mutex, OnceLock};

/// One write or truncation not yet synced.
enum Op {
    Write(i64, Vec<u8>),
    Truncate(i64),
}

struct Cache {
    /// Unsynced operations per file path, in the order they were issued.
    dirty: HashMap<String, Vec<Op>>,
    /// Share of writes (0..=1000 per mille) that reach the disk early.
    early_per_mille: u32,
    rng: u64,
}

impl Cache {
    fn early(&mut self) -> bool {
        // xorshift64: reproducible from the seed without another dependency.
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        (self.rng % 1000) < u64::from(self.early_per_mille)
    }
}

static CACHE: Mutex<Option<Cache>> = Mutex::new(None);
static BASE: OnceLock<usize> = OnceLock::new();

/// Our file handle: SQLite's base struct first, then the wrapped real file.
#[repr(C)]
struct CutFile {
    base: ffi::sqlite3_file,
    real: *mut ffi::sqlite3_file,
    /// The path, when this file's writes are held (main DB, WAL, journal).
    path: *mut String,
}

fn base_vfs() -> *mut ffi::sqlite3_vfs {
    *BASE.get().expect("power-cut VFS not installed") as *mut ffi::sqlite3_vfs
}

/// Install the VFS as the process's default. `seed` drives which writes reach
/// the disk early; `early_per_mille` of them do (0: none, a pure page-cache loss).
pub fn install(seed: u64, early_per_mille: u32) {
    *CACHE.lock().unwrap() = Some(Cache {
        dirty: HashMap::new(),
        early_per_mille,
        rng: seed | 1,
    });
    // SAFETY: sqlite3_vfs_find/register are thread-safe after sqlite3_initialize;
    // the struct we register is leaked, so it outlives every connection.
    unsafe {
        assert_eq!(ffi::sqlite3_initialize(), ffi::SQLITE_OK);
        let base = ffi::sqlite3_vfs_find(std::ptr::null());
        assert!(!base.is_null(), "no default VFS");
        BASE.set(base as usize).expect("install once");
        // Every method but xOpen is the base's own: the unix VFS uses its
        // app data only when opening, and that call gets the base pointer.
        let mut ours: ffi::sqlite3_vfs = *base;
        ours.szOsFile = std::mem::size_of::<CutFile>() as c_int;
        ours.zName = c"power-cut".as_ptr();
        ours.pNext = std::ptr::null_mut();
        ours.xOpen = Some(x_open);
        let ours = Box::leak(Box::new(ours));
        assert_eq!(ffi::sqlite3_vfs_register(ours, 1), ffi::SQLITE_OK);
    }
}

/// How many writes are being held unsynced right now (for the campaign's report).
pub fn held() -> usize {
    CACHE
        .lock()
        .unwrap()
        .as_ref()
        .map(|c| c.dirty.values().map(Vec::len).sum())
        .unwrap_or(0)
}

static METHODS: ffi::sqlite3_io_methods = ffi::sqlite3_io_methods {
    iVersion: 2,
    xClose: Some(x_close),
    xRead: Some(x_read),
    xWrite: Some(x_write),
    xTruncate: Some(x_truncate),
    xSync: Some(x_sync),
    xFileSize: Some(x_file_size),
    xLock: Some(x_lock),
    xUnlock: Some(x_unlock),
    xCheckReservedLock: Some(x_check_reserved_lock),
    xFileControl: Some(x_file_control),
    xSectorSize: Some(x_sector_size),
    xDeviceCharacteristics: Some(x_device_characteristics),
    xShmMap: Some(x_shm_map),
    xShmLock: Some(x_shm_lock),
    xShmBarrier: Some(x_shm_barrier),
    xShmUnmap: Some(x_shm_unmap),
    xFetch: None,
    xUnfetch: None,
};

unsafe fn parts<'a>(f: *mut ffi::sqlite3_file) -> (&'a mut CutFile, *mut ffi::sqlite3_file) {
    let f = &mut *(f as *mut CutFile);
    let real = f.real;
    (f, real)
}

unsafe fn real_methods(real: *mut ffi::sqlite3_file) -> &'static ffi::sqlite3_io_methods {
    &*(*real).pMethods
}

unsafe extern "C" fn x_open(
    _vfs: *mut ffi::sqlite3_vfs,
    name: ffi::sqlite3_filename,
    file: *mut ffi::sqlite3_file,
    flags: c_int,
    out_flags: *mut c_int,
) -> c_int {
    let base = base_vfs();
    let real = ffi::sqlite3_malloc((*base).szOsFile) as *mut ffi::sqlite3_file;
    if real.is_null() {
        return ffi::SQLITE_NOMEM;
    }
    std::ptr::write_bytes(real as *mut u8, 0, (*base).szOsFile as usize);
    let open = (*base).xOpen.expect("base xOpen");
    let rc = open(base, name, real, flags, out_flags);
    let cut = file as *mut CutFile;
    if rc != ffi::SQLITE_OK || (*real).pMethods.is_null() {
        ffi::sqlite3_free(real as *mut c_void);
        (*cut).base.pMethods = std::ptr::null();
        return rc;
    }
    let held = ffi::SQLITE_OPEN_MAIN_DB | ffi::SQLITE_OPEN_WAL | ffi::SQLITE_OPEN_MAIN_JOURNAL;
    let path = if flags & held != 0 && !name.is_null() {
        Box::into_raw(Box::new(
            CStr::from_ptr(name).to_string_lossy().into_owned(),
        ))
    } else {
        std::ptr::null_mut()
    };
    (*cut).base.pMethods = &METHODS;
    (*cut).real = real;
    (*cut).path = path;
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_close(f: *mut ffi::sqlite3_file) -> c_int {
    let (cut, real) = parts(f);
    // Closing does not sync: what is held stays in the "page cache".
    let rc = (real_methods(real).xClose.unwrap())(real);
    ffi::sqlite3_free(real as *mut c_void);
    if !cut.path.is_null() {
        drop(Box::from_raw(cut.path));
    }
    rc
}

/// The file's size as the process sees it: the disk's, then the held operations.
unsafe fn logical_size(real: *mut ffi::sqlite3_file, ops: &[Op]) -> Result<i64, c_int> {
    let mut size: i64 = 0;
    let rc = (real_methods(real).xFileSize.unwrap())(real, &mut size);
    if rc != ffi::SQLITE_OK {
        return Err(rc);
    }
    for op in ops {
        size = match op {
            Op::Write(off, data) => size.max(off + data.len() as i64),
            Op::Truncate(to) => *to,
        };
    }
    Ok(size)
}

unsafe extern "C" fn x_read(
    f: *mut ffi::sqlite3_file,
    buf: *mut c_void,
    amt: c_int,
    off: i64,
) -> c_int {
    let (cut, real) = parts(f);
    let rc = (real_methods(real).xRead.unwrap())(real, buf, amt, off);
    if cut.path.is_null() {
        return rc;
    }
    if rc != ffi::SQLITE_OK && rc != ffi::SQLITE_IOERR_SHORT_READ {
        return rc;
    }
    let guard = CACHE.lock().unwrap();
    let ops = guard
        .as_ref()
        .and_then(|c| c.dirty.get(&*cut.path))
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    let out = std::slice::from_raw_parts_mut(buf as *mut u8, amt as usize);
    // The disk's bytes (zeros past its end), then every held op over them.
    for op in ops {
        match op {
            Op::Write(at, data) => {
                let lo = off.max(*at);
                let hi = (off + i64::from(amt)).min(at + data.len() as i64);
                if lo < hi {
                    out[(lo - off) as usize..(hi - off) as usize]
                        .copy_from_slice(&data[(lo - at) as usize..(hi - at) as usize]);
                }
            }
            Op::Truncate(to) => {
                if *to < off + i64::from(amt) {
                    out[(to - off).max(0) as usize..].fill(0);
                }
            }
        }
    }
    let size = match logical_size(real, ops) {
        Ok(s) => s,
        Err(rc) => return rc,
    };
    if off + i64::from(amt) > size {
        out[(size - off).max(0) as usize..].fill(0);
        ffi::SQLITE_IOERR_SHORT_READ
    } else {
        ffi::SQLITE_OK
    }
}

unsafe extern "C" fn x_write(
    f: *mut ffi::sqlite3_file,
    buf: *const c_void,
    amt: c_int,
    off: i64,
) -> c_int {
    let (cut, real) = parts(f);
    if cut.path.is_null() {
        return (real_methods(real).xWrite.unwrap())(real, buf, amt, off);
    }
    let data = std::slice::from_raw_parts(buf as *const u8, amt as usize).to_vec();
    let mut guard = CACHE.lock().unwrap();
    let cache = guard.as_mut().expect("installed");
    if cache.early() {
        // Written back early; still held too, so a later sync replays it in order.
        let rc = (real_methods(real).xWrite.unwrap())(real, buf, amt, off);
        if rc != ffi::SQLITE_OK {
            return rc;
        }
    }
    cache
        .dirty
        .entry((*cut.path).clone())
        .or_default()
        .push(Op::Write(off, data));
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_truncate(f: *mut ffi::sqlite3_file, size: i64) -> c_int {
    let (cut, real) = parts(f);
    if cut.path.is_null() {
        return (real_methods(real).xTruncate.unwrap())(real, size);
    }
    let mut guard = CACHE.lock().unwrap();
    let cache = guard.as_mut().expect("installed");
    cache
        .dirty
        .entry((*cut.path).clone())
        .or_default()
        .push(Op::Truncate(size));
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_sync(f: *mut ffi::sqlite3_file, flags: c_int) -> c_int {
    let (cut, real) = parts(f);
    let m = real_methods(real);
    if !cut.path.is_null() {
        // fsync writes back every dirty page of the file, whoever wrote it.
        let mut guard = CACHE.lock().unwrap();
        let ops = guard
            .as_mut()
            .and_then(|c| c.dirty.remove(&*cut.path))
            .unwrap_or_default();
        for op in &ops {
            let rc = match op {
                Op::Write(at, data) => (m.xWrite.unwrap())(
                    real,
                    data.as_ptr() as *const c_void,
                    data.len() as c_int,
                    *at,
                ),
                Op::Truncate(to) => (m.xTruncate.unwrap())(real, *to),
            };
            if rc != ffi::SQLITE_OK {
                return rc;
            }
        }
    }
    (m.xSync.unwrap())(real, flags)
}

unsafe extern "C" fn x_file_size(f: *mut ffi::sqlite3_file, size: *mut i64) -> c_int {
    let (cut, real) = parts(f);
    if cut.path.is_null() {
        return (real_methods(real).xFileSize.unwrap())(real, size);
    }
    let guard = CACHE.lock().unwrap();
    let ops = guard
        .as_ref()
        .and_then(|c| c.dirty.get(&*cut.path))
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    match logical_size(real, ops) {
        Ok(s) => {
            *size = s;
            ffi::SQLITE_OK
        }
        Err(rc) => rc,
    }
}

// ---- the rest goes straight to the real file

unsafe extern "C" fn x_lock(f: *mut ffi::sqlite3_file, l: c_int) -> c_int {
    let (_, real) = parts(f);
    (real_methods(real).xLock.unwrap())(real, l)
}

unsafe extern "C" fn x_unlock(f: *mut ffi::sqlite3_file, l: c_int) -> c_int {
    let (_, real) = parts(f);
    (real_methods(real).xUnlock.unwrap())(real, l)
}

unsafe extern "C" fn x_check_reserved_lock(f: *mut ffi::sqlite3_file, out: *mut c_int) -> c_int {
    let (_, real) = parts(f);
    (real_methods(real).xCheckReservedLock.unwrap())(real, out)
}

unsafe extern "C" fn x_file_control(
    f: *mut ffi::sqlite3_file,
    op: c_int,
    arg: *mut c_void,
) -> c_int {
    let (_, real) = parts(f);
    (real_methods(real).xFileControl.unwrap())(real, op, arg)
}

unsafe extern "C" fn x_sector_size(f: *mut ffi::sqlite3_file) -> c_int {
    let (_, real) = parts(f);
    (real_methods(real).xSectorSize.unwrap())(real)
}

unsafe extern "C" fn x_device_characteristics(f: *mut ffi::sqlite3_file) -> c_int {
    let (_, real) = parts(f);
    (real_methods(real).xDeviceCharacteristics.unwrap())(real)
}

unsafe extern "C" fn x_shm_map(
    f: *mut ffi::sqlite3_file,
    page: c_int,
    size: c_int,
    extend: c_int,
    out: *mut *mut c_void,
) -> c_int {
    let (_, real) = parts(f);
    (real_methods(real).xShmMap.unwrap())(real, page, size, extend, out)
}

unsafe extern "C" fn x_shm_lock(
    f: *mut ffi::sqlite3_file,
    off: c_int,
    n: c_int,
    flags: c_int,
) -> c_int {
    let (_, real) = parts(f);
    (real_methods(real).xShmLock.unwrap())(real, off, n, flags)
}

unsafe extern "C" fn x_shm_barrier(f: *mut ffi::sqlite3_file) {
    let (_, real) = parts(f);
    (real_methods(real).xShmBarrier.unwrap())(real)
}

unsafe extern "C" fn x_shm_unmap(f: *mut ffi::sqlite3_file, delete: c_int) -> c_int {
    let (_, real) = parts(f);
    (real_methods(real).xShmUnmap.unwrap())(real, delete)
}
