// Strict USCC validations per second. Usage: bench_identifiers [--codes FILE] [--write-codes FILE] [--n N]
// With --write-codes it writes the generated inputs (one a line) so another validator can be timed
// on the very same inputs (bench/identifiers.sh does that with python-stdnum).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "credcheck/org_code.hpp"
#include "credcheck/uscc.hpp"

namespace {

/// A deterministic mix: 90% valid codes of varied authorities and divisions, 10% with one
/// character changed (mostly invalid), as a bulk screening of real data would see.
std::vector<std::string> generate(std::size_t n) {
    std::mt19937_64 rng(20261128);
    const char* pairs[] = {"91", "92", "93", "11", "12", "51", "52", "53", "N2", "31"};
    const char* divisions[] = {"420704", "420702", "420703", "420100", "110108", "440300", "350100", "320621"};
    const std::string body_alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"; // org-code bodies that stay USCC-compatible
    std::vector<std::string> out;
    out.reserve(n);
    while (out.size() < n) {
        std::string body;
        for (int i = 0; i < 8; ++i) body.push_back(body_alphabet[rng() % (i < 2 ? 31 : 10)]);
        const char check = credcheck::OrgCode::compute_check_character(body);
        const auto org = credcheck::OrgCode::parse(body + check).value();
        const char* pair = pairs[rng() % std::size(pairs)];
        auto uscc = org.to_uscc(pair[0], pair[1], divisions[rng() % std::size(divisions)]);
        if (!uscc) continue;
        std::string code = uscc->str();
        if (rng() % 10 == 0) code[rng() % 18] = body_alphabet[rng() % 31];
        out.push_back(std::move(code));
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    std::size_t n = 1'000'000;
    const char* codes_file = nullptr;
    const char* write_file = nullptr;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--n")) n = std::stoul(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--codes")) codes_file = argv[i + 1];
        else if (!std::strcmp(argv[i], "--write-codes")) write_file = argv[i + 1];
    }
    std::vector<std::string> codes;
    if (codes_file) {
        std::ifstream in(codes_file);
        for (std::string line; std::getline(in, line);) codes.push_back(line);
    } else {
        codes = generate(n);
    }
    if (write_file) {
        std::ofstream out(write_file);
        for (const auto& c : codes) out << c << '\n';
    }

    using clock = std::chrono::steady_clock;
    auto time = [&](auto&& validate) {
        double best = 1e300;
        std::size_t valid = 0;
        for (int round = 0; round < 5; ++round) {
            valid = 0;
            const auto t0 = clock::now();
            for (const auto& c : codes) valid += validate(c) ? 1 : 0;
            best = std::min(best, std::chrono::duration<double>(clock::now() - t0).count());
        }
        return std::pair{static_cast<double>(codes.size()) / best, valid};
    };
    const auto [fast_rate, fast_valid] = time([](const std::string& c) { return credcheck::Uscc::is_valid(c); });
    const auto [parse_rate, parse_valid] = time([](const std::string& c) { return credcheck::Uscc::parse(c).ok(); });
    if (fast_valid != parse_valid) {
        std::fprintf(stderr, "is_valid and parse disagree: %zu vs %zu\n", fast_valid, parse_valid);
        return 1;
    }
    std::printf("inputs %zu (valid %zu)\n", codes.size(), fast_valid);
    std::printf("Uscc::is_valid strict   %.1f M/s\n", fast_rate / 1e6);
    std::printf("Uscc::parse strict      %.1f M/s\n", parse_rate / 1e6);
    std::printf("credcheck_rate %.0f\n", fast_rate);
    std::printf("credcheck_valid %zu\n", fast_valid);
    return 0;
}
