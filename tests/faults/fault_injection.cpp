#include "fault_injection.hpp"

#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace credcheck::faults {

namespace {

std::atomic<bool> g_armed{false};
std::atomic<int> g_kind{0};
std::atomic<int> g_mode{0};
std::atomic<std::uint64_t> g_fail_at{0};
std::atomic<std::uint64_t> g_counted{0};
std::atomic<std::uint64_t> g_injected{0};

/// Counts one call of `kind`; true when it must fail.
bool should_fail(Kind kind) {
    if (!g_armed.load(std::memory_order_acquire) || g_kind.load(std::memory_order_relaxed) != static_cast<int>(kind)) return false;
    const std::uint64_t call = g_counted.fetch_add(1, std::memory_order_relaxed) + 1;
    const std::uint64_t at = g_fail_at.load(std::memory_order_relaxed);
    const bool fail = static_cast<Mode>(g_mode.load(std::memory_order_relaxed)) == Mode::sticky ? call >= at : call == at;
    if (fail) g_injected.fetch_add(1, std::memory_order_relaxed);
    return fail;
}

// --- allocator -------------------------------------------------------------------------------------

sqlite3_mem_methods g_real_mem;

void* fault_malloc(int n) { return should_fail(Kind::malloc) ? nullptr : g_real_mem.xMalloc(n); }
void fault_free(void* p) { g_real_mem.xFree(p); }
void* fault_realloc(void* p, int n) { return should_fail(Kind::malloc) ? nullptr : g_real_mem.xRealloc(p, n); }
int fault_size(void* p) { return g_real_mem.xSize(p); }
int fault_roundup(int n) { return g_real_mem.xRoundup(n); }
int fault_init(void*) { return g_real_mem.xInit(g_real_mem.pAppData); }
void fault_shutdown(void*) { g_real_mem.xShutdown(g_real_mem.pAppData); }

// --- VFS shim --------------------------------------------------------------------------------------

sqlite3_vfs* g_root = nullptr; // "unix"
sqlite3_vfs g_vfs;

struct FaultFile {
    sqlite3_file base;
    sqlite3_file* real; // allocated right after this struct (szOsFile covers both)
};

sqlite3_file* real_of(sqlite3_file* f) { return reinterpret_cast<FaultFile*>(f)->real; }

int f_close(sqlite3_file* f) { return real_of(f)->pMethods->xClose(real_of(f)); }
int f_read(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
    if (should_fail(Kind::io)) return SQLITE_IOERR_READ;
    return real_of(f)->pMethods->xRead(real_of(f), buf, amount, offset);
}
int f_write(sqlite3_file* f, const void* buf, int amount, sqlite3_int64 offset) {
    if (should_fail(Kind::io)) return SQLITE_IOERR_WRITE;
    return real_of(f)->pMethods->xWrite(real_of(f), buf, amount, offset);
}
int f_truncate(sqlite3_file* f, sqlite3_int64 size) {
    if (should_fail(Kind::io)) return SQLITE_IOERR_TRUNCATE;
    return real_of(f)->pMethods->xTruncate(real_of(f), size);
}
int f_sync(sqlite3_file* f, int flags) {
    if (should_fail(Kind::io)) return SQLITE_IOERR_FSYNC;
    return real_of(f)->pMethods->xSync(real_of(f), flags);
}
int f_file_size(sqlite3_file* f, sqlite3_int64* size) {
    if (should_fail(Kind::io)) return SQLITE_IOERR_FSTAT;
    return real_of(f)->pMethods->xFileSize(real_of(f), size);
}
int f_lock(sqlite3_file* f, int lock) { return real_of(f)->pMethods->xLock(real_of(f), lock); }
int f_unlock(sqlite3_file* f, int lock) { return real_of(f)->pMethods->xUnlock(real_of(f), lock); }
int f_check_reserved(sqlite3_file* f, int* out) { return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out); }
int f_file_control(sqlite3_file* f, int op, void* arg) { return real_of(f)->pMethods->xFileControl(real_of(f), op, arg); }
int f_sector_size(sqlite3_file* f) { return real_of(f)->pMethods->xSectorSize(real_of(f)); }
int f_device(sqlite3_file* f) { return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f)); }
int f_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
    return real_of(f)->pMethods->xShmMap(real_of(f), page, size, extend, out);
}
int f_shm_lock(sqlite3_file* f, int offset, int n, int flags) { return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags); }
void f_shm_barrier(sqlite3_file* f) { real_of(f)->pMethods->xShmBarrier(real_of(f)); }
int f_shm_unmap(sqlite3_file* f, int delete_flag) { return real_of(f)->pMethods->xShmUnmap(real_of(f), delete_flag); }
int f_fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
    *out = nullptr;
    if (real_of(f)->pMethods->iVersion < 3) return SQLITE_OK; // no memory map: SQLite reads instead
    if (should_fail(Kind::io)) return SQLITE_IOERR_MMAP;
    return real_of(f)->pMethods->xFetch(real_of(f), offset, amount, out);
}
int f_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) {
    if (real_of(f)->pMethods->iVersion < 3) return SQLITE_OK;
    return real_of(f)->pMethods->xUnfetch(real_of(f), offset, p);
}

const sqlite3_io_methods g_io = {3,           f_close,       f_read,          f_write,        f_truncate,   f_sync,
                                 f_file_size, f_lock,        f_unlock,        f_check_reserved, f_file_control, f_sector_size,
                                 f_device,    f_shm_map,     f_shm_lock,      f_shm_barrier,  f_shm_unmap,  f_fetch,
                                 f_unfetch};

int v_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
    auto* file = reinterpret_cast<FaultFile*>(f);
    file->base.pMethods = nullptr; // SQLite calls xClose only when this is set
    file->real = reinterpret_cast<sqlite3_file*>(file + 1);
    if (should_fail(Kind::io)) return SQLITE_IOERR;
    const int rc = g_root->xOpen(g_root, name, file->real, flags, out_flags);
    if (rc != SQLITE_OK) {
        if (file->real->pMethods) file->real->pMethods->xClose(file->real);
        return rc;
    }
    if (file->real->pMethods) file->base.pMethods = &g_io;
    return rc;
}
int v_delete(sqlite3_vfs*, const char* name, int sync_dir) { return g_root->xDelete(g_root, name, sync_dir); }
int v_access(sqlite3_vfs*, const char* name, int flags, int* out) { return g_root->xAccess(g_root, name, flags, out); }
int v_full_pathname(sqlite3_vfs*, const char* name, int n, char* out) { return g_root->xFullPathname(g_root, name, n, out); }
void* v_dlopen(sqlite3_vfs*, const char* name) { return g_root->xDlOpen(g_root, name); }
void v_dlerror(sqlite3_vfs*, int n, char* out) { g_root->xDlError(g_root, n, out); }
void (*v_dlsym(sqlite3_vfs*, void* h, const char* symbol))(void) { return g_root->xDlSym(g_root, h, symbol); }
void v_dlclose(sqlite3_vfs*, void* h) { g_root->xDlClose(g_root, h); }
int v_randomness(sqlite3_vfs*, int n, char* out) { return g_root->xRandomness(g_root, n, out); }
int v_sleep(sqlite3_vfs*, int us) { return g_root->xSleep(g_root, us); }
int v_current_time(sqlite3_vfs*, double* out) { return g_root->xCurrentTime(g_root, out); }
int v_last_error(sqlite3_vfs*, int n, char* out) { return g_root->xGetLastError ? g_root->xGetLastError(g_root, n, out) : 0; }
int v_current_time64(sqlite3_vfs*, sqlite3_int64* out) { return g_root->xCurrentTimeInt64(g_root, out); }
int v_set_syscall(sqlite3_vfs*, const char* name, sqlite3_syscall_ptr p) { return g_root->xSetSystemCall(g_root, name, p); }
sqlite3_syscall_ptr v_get_syscall(sqlite3_vfs*, const char* name) { return g_root->xGetSystemCall(g_root, name); }
const char* v_next_syscall(sqlite3_vfs*, const char* name) { return g_root->xNextSystemCall(g_root, name); }

[[noreturn]] void die(const char* what, int rc) {
    std::fprintf(stderr, "fault injection: %s failed (%d): SQLite was initialised before install()\n", what, rc);
    std::abort();
}

} // namespace

void install() {
    // The allocator first: sqlite3_vfs_register() initialises SQLite.
    if (const int rc = sqlite3_config(SQLITE_CONFIG_GETMALLOC, &g_real_mem); rc != SQLITE_OK) die("SQLITE_CONFIG_GETMALLOC", rc);
    sqlite3_mem_methods mine = g_real_mem;
    mine.xMalloc = fault_malloc;
    mine.xFree = fault_free;
    mine.xRealloc = fault_realloc;
    mine.xSize = fault_size;
    mine.xRoundup = fault_roundup;
    mine.xInit = fault_init;
    mine.xShutdown = fault_shutdown;
    if (const int rc = sqlite3_config(SQLITE_CONFIG_MALLOC, &mine); rc != SQLITE_OK) die("SQLITE_CONFIG_MALLOC", rc);

    g_root = sqlite3_vfs_find("unix");
    if (!g_root) die("sqlite3_vfs_find(\"unix\")", 0);
    std::memset(&g_vfs, 0, sizeof g_vfs);
    g_vfs.iVersion = 3;
    g_vfs.szOsFile = static_cast<int>(sizeof(FaultFile)) + g_root->szOsFile;
    g_vfs.mxPathname = g_root->mxPathname;
    g_vfs.zName = "credcheck-faults";
    g_vfs.xOpen = v_open;
    g_vfs.xDelete = v_delete;
    g_vfs.xAccess = v_access;
    g_vfs.xFullPathname = v_full_pathname;
    g_vfs.xDlOpen = v_dlopen;
    g_vfs.xDlError = v_dlerror;
    g_vfs.xDlSym = v_dlsym;
    g_vfs.xDlClose = v_dlclose;
    g_vfs.xRandomness = v_randomness;
    g_vfs.xSleep = v_sleep;
    g_vfs.xCurrentTime = v_current_time;
    g_vfs.xGetLastError = v_last_error;
    g_vfs.xCurrentTimeInt64 = v_current_time64;
    g_vfs.xSetSystemCall = v_set_syscall;
    g_vfs.xGetSystemCall = v_get_syscall;
    g_vfs.xNextSystemCall = v_next_syscall;
    if (const int rc = sqlite3_vfs_register(&g_vfs, 1); rc != SQLITE_OK) die("sqlite3_vfs_register", rc);
}

void arm(Kind kind, std::uint64_t n, Mode mode) {
    g_armed.store(false, std::memory_order_release);
    g_kind.store(static_cast<int>(kind), std::memory_order_relaxed);
    g_mode.store(static_cast<int>(mode), std::memory_order_relaxed);
    g_fail_at.store(n, std::memory_order_relaxed);
    g_counted.store(0, std::memory_order_relaxed);
    g_injected.store(0, std::memory_order_relaxed);
    g_armed.store(true, std::memory_order_release);
}

std::uint64_t disarm() {
    g_armed.store(false, std::memory_order_release);
    return g_counted.load(std::memory_order_relaxed);
}

std::uint64_t injected() { return g_injected.load(std::memory_order_relaxed); }

} // namespace credcheck::faults
