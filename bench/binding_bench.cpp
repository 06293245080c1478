// One check through the C++ API, the C ABI (this program), and Python (bench/bindings.sh), on the
// demo database: what each layer adds, as ratios to the C++ API in the same run.
//
//   bench_bindings DB [N]     prints "cxx_us" and "capi_us": mean microseconds per check
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "credcheck.h"
#include "credcheck/check.hpp"

int main(int argc, char** argv) {
    if (argc < 2) return std::fprintf(stderr, "usage: bench_bindings DB [N]\n"), 2;
    const int n = argc > 2 ? std::stoi(argv[2]) : 20000;
    const std::vector<std::string> codes = {"91420704MA003B1T7L", "91420704MA003B1U5F", "91420702MA003B1XXY", "91420703MA003B1W1M"};
    using Clock = std::chrono::steady_clock;

    const auto cxx = [&] {
        const credcheck::Database db = credcheck::Database::open(argv[1], credcheck::read_only_options());
        const credcheck::Checker checker(db);
        credcheck::CheckRequest r;
        r.scenario = "gov_procurement";
        r.as_of = credcheck::Date::from_ymd(2026, 11, 28);
        const auto t0 = Clock::now();
        for (int i = 0; i < n; ++i) {
            r.subject = codes[static_cast<std::size_t>(i) % codes.size()];
            checker.check(r);
        }
        return std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / n;
    };
    const auto capi = [&] {
        credcheck_db* db = nullptr;
        credcheck_open_options options = CREDCHECK_OPEN_OPTIONS_INIT;
        options.flags = CREDCHECK_OPEN_READONLY;
        if (credcheck_db_open(&db, argv[1], &options) != CREDCHECK_OK) return -1.0;
        credcheck_check_request r = CREDCHECK_CHECK_REQUEST_INIT;
        r.scenario = "gov_procurement";
        r.as_of = "2026-11-28";
        const auto t0 = Clock::now();
        for (int i = 0; i < n; ++i) {
            credcheck_decision* d = nullptr;
            r.subject = codes[static_cast<std::size_t>(i) % codes.size()].c_str();
            credcheck_check(&d, db, &r);
            credcheck_decision_verdict(d);
            credcheck_decision_free(d);
        }
        const double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count() / n;
        credcheck_db_close(db);
        return us;
    };
    cxx(); // warm the page cache
    const double a = cxx(), b = capi(), a2 = cxx();
    std::printf("cxx_us %.2f\ncapi_us %.2f\n", (a + a2) / 2, b);
    return 0;
}
