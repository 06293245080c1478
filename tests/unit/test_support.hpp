#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "credcheck/error.hpp"

namespace credcheck::test {

inline std::filesystem::path data_path(const std::string& name) { return std::filesystem::path(CREDCHECK_TEST_DATA_DIR) / name; }

inline std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

/// The message `f` throws credcheck::Error with, or "" when it returns.
template <class F> std::string error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

/// The status `f` throws credcheck::Error with, or Status::ok when it returns.
template <class F> Status status_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.status();
    }
    return Status::ok;
}

} // namespace credcheck::test
