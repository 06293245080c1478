// fuzz/fuzz_support.hpp — what the fuzz targets share: a failed property aborts with a message (libFuzzer
// records the input as a crash), and a per-process scratch directory removed at exit.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>

#define FUZZ_REQUIRE(cond)                                                                              \
    do {                                                                                                \
        if (!(cond)) credcheck::fuzz::property_failed(#cond, __FILE__, __LINE__);                       \
    } while (0)

namespace credcheck::fuzz {

[[noreturn]] inline void property_failed(const char* what, const char* file, int line) {
    std::fprintf(stderr, "\n*** fuzz property failed: %s (%s:%d)\n", what, file, line);
    std::abort();
}

/// A directory of its own under $TMPDIR (or /tmp) for this process, removed when the process exits
/// normally (libFuzzer exits through exit() after -max_total_time / -runs).
inline const std::filesystem::path& scratch_dir() {
    // Never destroyed: the atexit handler below still needs it after static destructors have run.
    static const std::filesystem::path* const dir = [] {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/credcheck-fuzz-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) {
            std::perror("mkdtemp");
            std::abort();
        }
        std::atexit([] {
            std::error_code ignored;
            std::filesystem::remove_all(scratch_dir(), ignored);
        });
        return new std::filesystem::path(pattern);
    }();
    return *dir;
}

} // namespace credcheck::fuzz
