// Valid codes and small files for tests, made with the standards' check algorithms.
#pragma once

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "credcheck/citizen_id.hpp"
#include "credcheck/org_code.hpp"
#include "credcheck/uscc.hpp"

namespace credcheck::test {

/// The n-th valid enterprise USCC registered in 鄂城区 (n < 31^6).
inline std::string uscc_for(std::uint32_t n, char authority = '9', char category = '1', const char* division = "420704") {
    std::string body = "MA";
    std::string digits(6, '0');
    for (int i = 5; i >= 0; --i) {
        digits[static_cast<std::size_t>(i)] = "0123456789ABCDEFGHJKLMNPQRTUWXY"[n % 31];
        n /= 31;
    }
    body += digits;
    const auto org = OrgCode::parse(body + OrgCode::compute_check_character(body)).value();
    return org.to_uscc(authority, category, division).value().str();
}

/// The n-th valid citizen ID number of a person born in 1980s Ezhou.
inline std::string citizen_id_for(std::uint32_t n) {
    char first17[18];
    std::snprintf(first17, sizeof first17, "420704198%01u%02u%02u%03u", n % 10, 1 + n % 12, 1 + n % 28, (n / 10) % 1000);
    return std::string(first17) + CitizenId::compute_check_character(first17);
}

/// A fresh temporary directory, removed with the object.
class TempDir {
public:
    TempDir() {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path() / ("credcheck-test-" + std::to_string(rd()) + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline std::filesystem::path write_text(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    return path;
}

} // namespace credcheck::test
