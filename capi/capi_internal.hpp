// What the C ABI's translation units share: the handle, the one error channel, the guard that turns
// every exception into a pinned status, and the extensible-struct rule (openat2's
// copy_struct_from_user). Internal to the library.
#pragma once

#include "credcheck.h"

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <new>
#include <string>

#include "credcheck/check.hpp"
#include "credcheck/database.hpp"
#include "credcheck/error.hpp"
#include "credcheck/tables.hpp"

namespace credcheck::capi {

/// A database handle: who acts (its Database) and a Checker. Handles derived with credcheck_db_as
/// share the open file, and through it the checker's catalog cache and check-log writer.
///
/// The C types credcheck_db and credcheck_decision are never defined: a handle is a DbHandle (or a
/// DecisionHandle) seen through a pointer to the incomplete C type, so nothing of the C++ inside is part
/// of the ABI (abidiff sees only what credcheck.h declares).
struct DbHandle {
    explicit DbHandle(credcheck::Database database) : db(std::move(database)), checker(db) {}
    credcheck::Database db;
    credcheck::Checker checker;
};

inline DbHandle* of(credcheck_db* handle) noexcept { return reinterpret_cast<DbHandle*>(handle); }
inline credcheck_db* to_c(DbHandle* handle) noexcept { return reinterpret_cast<credcheck_db*>(handle); }

/// The calling thread's last error message (credcheck_last_error): the one error channel.
inline thread_local std::string last_error;

inline int fail(int status, std::string message) {
    last_error = std::move(message);
    return status;
}

/// Runs `body`, turning any exception into a status and the thread's last error.
template <class Body>
int guarded(const char* function, Body&& body) noexcept {
    try {
        return body();
    } catch (const credcheck::Error& e) {
        return fail(static_cast<int>(e.status()), e.what());
    } catch (const std::bad_alloc&) {
        return fail(CREDCHECK_OUT_OF_MEMORY, std::string(function) + ": out of memory");
    } catch (const std::exception& e) {
        return fail(CREDCHECK_INTERNAL, std::string(function) + ": " + e.what());
    } catch (...) {
        return fail(CREDCHECK_INTERNAL, std::string(function) + ": unknown exception");
    }
}

inline Error misuse(const char* function, const std::string& what) { return Error(Status::misuse, std::string(function) + ": " + what); }

/// The size of a struct's first published layout (1.0): up to and including `last` (its last field
/// then). Fields appended later lie past it.
#define CREDCHECK_FIRST_LAYOUT_SIZE(type, last) (offsetof(type, last) + sizeof(static_cast<type*>(nullptr)->last))

/// Reads a caller's versioned struct. A caller's `size` below the first layout is a struct never
/// initialised; up to the library's own size, the fields the caller lacks keep their zero defaults;
/// above it (a newer header), the bytes this library does not know must all be zero, or the call is
/// refused with Status::struct_too_new, since the caller asked for something this library cannot do.
template <class T>
T read_struct(const T* in, std::size_t first_layout_size, const char* function, const char* what, const char* init_macro) {
    if (in == nullptr) throw misuse(function, std::string(what) + " is NULL");
    const std::size_t size = in->size;
    if (size < first_layout_size)
        throw misuse(function, std::string(what) + "->size is " + std::to_string(size) + ", below the 1.0 layout (" +
                                   std::to_string(first_layout_size) + "): initialise it with " + init_macro);
    T out{};
    std::memcpy(&out, in, std::min(size, sizeof(T)));
    const auto* bytes = reinterpret_cast<const unsigned char*>(in);
    for (std::size_t i = sizeof(T); i < size; ++i)
        if (bytes[i] != 0)
            throw Error(Status::struct_too_new, std::string(function) + ": " + what + " sets byte " + std::to_string(i) + " of " +
                                                    std::to_string(size) + ", a field this library (" + CREDCHECK_VERSION_STRING +
                                                    ", " + std::to_string(sizeof(T)) + " bytes) does not know: use a newer libcredcheck");
    out.size = sizeof(T);
    return out;
}

/// Checks an output struct's size before anything is computed for it.
template <class T> std::size_t output_size(const T* out, std::size_t first_layout_size, const char* function, const char* init_macro) {
    if (out == nullptr) throw misuse(function, "out is NULL");
    if (out->size < first_layout_size)
        throw misuse(function, "out->size is " + std::to_string(out->size) + ", below the 1.0 layout (" + std::to_string(first_layout_size) +
                                   "): initialise it with " + init_macro);
    return out->size;
}

/// Writes `value` to a caller's struct of `size` bytes: the fields both know, and zeros for those only
/// the caller knows; never a byte past `size`. `size` keeps the caller's value.
template <class T> void write_struct(T* out, std::size_t size, T value) {
    value.size = size;
    std::memcpy(out, &value, std::min(size, sizeof(T)));
    if (size > sizeof(T)) std::memset(reinterpret_cast<unsigned char*>(out) + sizeof(T), 0, size - sizeof(T));
}

/// credcheck_import_run, under the name of the function that was called (credcheck_import_file builds
/// its options and calls this too).
int run_import(const char* function, credcheck_import_report* out, char** report_json, credcheck_db* db, const char* path,
               const credcheck_import_options* options);

/// A malloc'd copy of `text` for the caller to credcheck_free, or nullptr when out of memory.
char* malloc_copy(const std::string& text) noexcept;

} // namespace credcheck::capi
