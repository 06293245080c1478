// What the C ABI's translation units share: the handle type and the guards that turn every exception
// into a pinned status and a message. Internal to the library.
#pragma once

#include "credcheck.h"

#include <cstring>
#include <mutex>
#include <new>
#include <string>

#include "credcheck/check.hpp"
#include "credcheck/database.hpp"
#include "credcheck/error.hpp"

/// A database handle: the database, its checker, and the last error of calls on it.
struct credcheck_db {
    explicit credcheck_db(credcheck::Database database) : db(std::move(database)), checker(db) {}
    credcheck::Database db;
    credcheck::Checker checker; // refers to db: a credcheck_db is never moved
    std::mutex error_mutex;
    std::string error;
};

namespace credcheck::capi {

/// The calling thread's last error message (credcheck_last_error).
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

/// Runs `body` for a handle: like guarded(), and the handle keeps the message for credcheck_errmsg.
template <class Body>
int guarded_db(credcheck_db* db, const char* function, Body&& body) noexcept {
    const int status = guarded(function, std::forward<Body>(body));
    if (status != CREDCHECK_OK && db != nullptr) {
        try {
            std::lock_guard lock(db->error_mutex);
            db->error = last_error;
        } catch (...) { // the thread's own message is still there
        }
    }
    return status;
}

/// Copies `text` into a fixed buffer, cutting at a UTF-8 character boundary if it does not fit.
template <std::size_t N>
void copy_out(char (&buffer)[N], const std::string& text) {
    std::size_t n = text.size() < N - 1 ? text.size() : N - 1;
    while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    std::memcpy(buffer, text.data(), n);
    buffer[n] = '\0';
}

/// A malloc'd copy of `text` for the caller to credcheck_free, or nullptr when out of memory.
char* malloc_copy(const std::string& text) noexcept;

} // namespace credcheck::capi
