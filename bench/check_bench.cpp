// The must-check's latency and throughput on a large database, against a raw SQLite primary-key
// lookup on the same file in the same process.
//
//   bench_check DB [--subjects 1000000] [--records 3000000] [--checks 200000] [--seconds 5]
//
// Builds DB if it does not exist (1,000,000 subjects; records and list entries 3,000,000 together),
// then reports: raw lookup p50; check p50 / p99 and checks per second on one thread, the ratio of a
// check to a raw lookup; throughput on two threads as a ratio to one; bytes allocated per check.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <new>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "credcheck/init.hpp"
#include "credcheck/catalog.hpp"
#include "credcheck/check.hpp"
#include "credcheck/citizen_id.hpp"
#include "credcheck/org_code.hpp"
#include "store/sqlite.hpp"
#include <fmt/format.h>

// ---- counting allocations ----------------------------------------------------------------------
namespace {
thread_local std::uint64_t allocated_bytes = 0;
thread_local std::uint64_t allocations = 0;
} // namespace

void* operator new(std::size_t n) {
    allocated_bytes += n;
    ++allocations;
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace {

using namespace credcheck;
using Clock = std::chrono::steady_clock;

std::string uscc_of(std::uint32_t n) {
    static constexpr char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    std::string body = "MA";
    std::string digits(6, '0');
    for (int i = 5; i >= 0; --i, n /= 31) digits[static_cast<std::size_t>(i)] = alphabet[n % 31];
    body += digits;
    const auto org = OrgCode::parse(body + OrgCode::compute_check_character(body)).value();
    return org.to_uscc('9', '1', "420704").value().str();
}

std::string person_of(std::uint32_t n) {
    char first17[18];
    std::snprintf(first17, sizeof first17, "4207%02u19%02u%02u%02u%03u", n % 3 + 2, 50 + n % 50, 1 + (n / 50) % 12, 1 + (n / 600) % 28,
                  (n / 16800) % 1000);
    return std::string(first17) + CitizenId::compute_check_character(first17);
}

void build(const std::filesystem::path& path, std::uint32_t subjects, std::uint32_t records_and_entries) {
    std::printf("building %s: %u subjects, %u records and entries...\n", path.c_str(), subjects, records_and_entries);
    const auto t0 = Clock::now();
    init_database(path);
    sql::Connection c(path, sql::Connection::Mode::read_write, 5000);
    c.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; PRAGMA cache_size = -524288; PRAGMA foreign_keys = OFF");
    sql::Transaction tx(c);
    c.exec("INSERT INTO departments (code, name) VALUES ('court', '鄂州市中级人民法院'), ('samr', '鄂州市市场监督管理局')");
    const std::uint32_t orgs = subjects * 7 / 10;
    std::mt19937 rng(20261128);
    for (std::uint32_t i = 0; i < subjects; ++i) {
        const bool org = i < orgs;
        const std::string code = org ? uscc_of(i) : person_of(i);
        {
            sql::Query q(c.prepared("INSERT INTO subjects (id, code, kind, name, status, established_on) VALUES (?, ?, ?, ?, 'active', ?)"));
            q.bind(static_cast<std::int64_t>(i + 1)).bind(code).bind(org ? "legal_person" : "natural_person").bind(fmt::format("主体{}", i));
            if (org) q.bind(Date::from_ymd(2000 + static_cast<int>(i % 25), 1 + i % 12, 1 + i % 28).value());
            else q.bind(nullptr);
            q.run();
        }
        sql::Query codes(c.prepared("INSERT INTO subject_codes (code, subject_id, kind) VALUES (?, ?, ?)"));
        codes.bind(code).bind(static_cast<std::int64_t>(i + 1)).bind(org ? "uscc" : "citizen_id").run();
        if (org) {
            sql::Query rel(c.prepared("INSERT INTO relations (organization_id, person_id, role, valid_from) VALUES (?, ?, 'legal_representative', '2015-01-01')"));
            rel.bind(static_cast<std::int64_t>(i + 1)).bind(static_cast<std::int64_t>(orgs + 1 + static_cast<std::uint32_t>(rng()) % (subjects - orgs))).run();
        }
    }
    const char* lists[] = {"court.dishonest_debtor", "samr.serious_illegal", "samr.abnormal_operation", "tax.a_grade", "credit.model"};
    const std::uint32_t entries = records_and_entries / 10;
    for (std::uint32_t i = 0; i < entries; ++i) {
        sql::Query q(c.prepared("INSERT INTO list_entries (list_code, subject_id, department_id, document_no, entered_on, status) "
                                "VALUES (?, ?, 1, ?, ?, 'active')"));
        q.bind(lists[i % 5]).bind(static_cast<std::int64_t>(1 + rng() % subjects)).bind(fmt::format("E{}", i))
            .bind(Date::from_ymd(2020 + static_cast<int>(i % 6), 1 + i % 12, 1 + i % 28).value()).run();
    }
    for (std::uint32_t i = 0; i < records_and_entries - entries; ++i) {
        sql::Query q(c.prepared("INSERT INTO records (kind, subject_id, department_id, document_no, decided_on, severity, penalty_types) "
                                "VALUES ('penalty', ?, 2, ?, ?, ?, '罚款')"));
        q.bind(static_cast<std::int64_t>(1 + rng() % subjects)).bind(fmt::format("R{}", i))
            .bind(Date::from_ymd(2015 + static_cast<int>(i % 11), 1 + i % 12, 1 + i % 28).value()).bind(i % 3 ? "minor" : "general").run();
    }
    c.exec("UPDATE meta SET value = '1' WHERE key = 'data_version'");
    tx.commit();
    c.exec("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE");
    std::printf("built in %.0f s\n", std::chrono::duration<double>(Clock::now() - t0).count());
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1))];
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_check DB [--subjects N] [--records N] [--checks N] [--seconds S]\n");
        return 2;
    }
    // As a multi-threaded host should (database.hpp); BENCH_SQLITE_DEFAULTS=1 measures without it.
    const bool tuned = !std::getenv("BENCH_SQLITE_DEFAULTS") && configure_sqlite_for_threads();
    std::printf("SQLite memory statistics: %s\n", tuned ? "off (configure_sqlite_for_threads)" : "on (SQLite default)");
    const std::filesystem::path path = argv[1];
    std::uint32_t subjects = 1'000'000, records = 3'000'000, checks = 200'000;
    double seconds = 5;
    for (int i = 2; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--subjects")) subjects = static_cast<std::uint32_t>(std::stoul(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--records")) records = static_cast<std::uint32_t>(std::stoul(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--checks")) checks = static_cast<std::uint32_t>(std::stoul(argv[i + 1]));
        else if (!std::strcmp(argv[i], "--seconds")) seconds = std::stod(argv[i + 1]);
    }
    if (!std::filesystem::exists(path)) build(path, subjects, records);
    const Database db = Database::open(path, read_only_options());
    const auto counts = db.counts();
    subjects = static_cast<std::uint32_t>(counts.subjects);
    std::printf("database: %lld subjects, %lld records, %lld list entries, %lld relations\n", static_cast<long long>(counts.subjects),
                static_cast<long long>(counts.records), static_cast<long long>(counts.entries), static_cast<long long>(counts.relations));

    std::mt19937 rng(7);
    const std::uint32_t orgs = subjects * 7 / 10;
    std::vector<std::string> codes(checks);
    std::vector<std::int64_t> ids(checks);
    for (std::uint32_t i = 0; i < checks; ++i) {
        const auto n = static_cast<std::uint32_t>(rng() % subjects);
        ids[i] = n + 1;
        codes[i] = n < orgs ? uscc_of(n) : person_of(n);
    }
    const char* scenarios[] = {"gov_procurement", "admin_license", "high_consumption", "honors"};

    // Baseline: one raw primary-key lookup of a subject row on the same file, same process.
    std::vector<double> raw(checks);
    {
        sql::Connection c(path, sql::Connection::Mode::read_only, 5000);
        for (int round = 0; round < 2; ++round) // the first round warms the page cache
            for (std::uint32_t i = 0; i < checks; ++i) {
                const auto t0 = Clock::now();
                sql::Query q(c.prepared("SELECT id, code, name, kind, status, established_on FROM subjects WHERE id = ?"));
                q.bind(ids[i]);
                q.step();
                raw[i] = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
            }
    }
    const Checker checker(db);
    std::vector<double> latency(checks);
    std::uint64_t bytes = 0, allocs = 0;
    for (int round = 0; round < 2; ++round) {
        const std::uint64_t b0 = allocated_bytes, a0 = allocations;
        for (std::uint32_t i = 0; i < checks; ++i) {
            CheckRequest r;
            r.subject = codes[i];
            r.scenario = scenarios[i % 4];
            r.as_of = *Date::from_ymd(2026, 11, 28);
            const auto t0 = Clock::now();
            const Decision d = checker.check(r);
            latency[i] = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
            if (!d.subject.found) return std::fprintf(stderr, "subject %s not found\n", codes[i].c_str()), 1;
        }
        bytes = allocated_bytes - b0;
        allocs = allocations - a0;
    }
    const double raw_p50 = percentile(raw, 0.5);
    const double p50 = percentile(latency, 0.5), p99 = percentile(latency, 0.99);
    double total = 0;
    for (double l : latency) total += l;
    std::printf("raw primary-key lookup      p50 %.2f us  p99 %.2f us\n", raw_p50, percentile(raw, 0.99));
    std::printf("check (1 thread)            p50 %.2f us  p99 %.2f us  %.0f checks/s\n", p50, p99, 1e6 * checks / total);
    std::printf("ratio check p50 / raw lookup p50: %.1fx\n", p50 / raw_p50);
    for (std::size_t s = 0; s < 4; ++s) {
        std::vector<double> part;
        for (std::size_t i = s; i < latency.size(); i += 4) part.push_back(latency[i]);
        std::printf("  %-18s p50 %.2f us  p99 %.2f us\n", scenarios[s], percentile(part, 0.5), percentile(part, 0.99));
    }
    std::printf("allocated per check: %.0f bytes in %.1f allocations\n", static_cast<double>(bytes) / checks,
                static_cast<double>(allocs) / checks);

    // The same checks with every decision recorded in the check log (a read-write handle), as a ratio to
    // the unrecorded ones above; the log rows are deleted afterwards so the file stays as built.
    {
        Database writable = Database::open(path);
        std::vector<double> logged(checks);
        {
            const Checker recording(writable);
            for (std::uint32_t i = 0; i < checks; ++i) {
                CheckRequest r;
                r.subject = codes[i];
                r.scenario = scenarios[i % 4];
                r.as_of = *Date::from_ymd(2026, 11, 28);
                const auto t0 = Clock::now();
                recording.check(r);
                logged[i] = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
            }
        } // the Checker writes what is still queued
        const double logged_p50 = percentile(logged, 0.5);
        std::printf("check, decisions logged     p50 %.2f us  p99 %.2f us  ratio to unlogged p50 %.2fx\n", logged_p50, percentile(logged, 0.99),
                    logged_p50 / p50);
        sql::Connection c(path, sql::Connection::Mode::read_write, 5000);
        c.exec("DELETE FROM checks WHERE department = 'bench'");
    }

    // Throughput on one and on two threads, each for `seconds`.
    const auto throughput = [&](int threads) {
        std::atomic<std::uint64_t> done{0};
        std::atomic<bool> stop{false};
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t)
            pool.emplace_back([&, t] {
                std::uint64_t n = 0;
                for (std::uint32_t i = static_cast<std::uint32_t>(t) * 7919; !stop.load(std::memory_order_relaxed); ++i) {
                    CheckRequest r;
                    r.subject = codes[i % checks];
                    r.scenario = scenarios[i % 4];
                    r.as_of = *Date::from_ymd(2026, 11, 28);
                    checker.check(r);
                    ++n;
                }
                done += n;
            });
        std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
        stop = true;
        for (auto& th : pool) th.join();
        return static_cast<double>(done) / seconds;
    };
    const double one = throughput(1);
    const double two = throughput(2);
    std::printf("throughput 1 thread %.0f checks/s, 2 threads %.0f checks/s: ratio %.2fx\n", one, two, two / one);
    return 0;
}
