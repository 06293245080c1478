// SQLite I/O errors and allocation failures injected into imports, checks and workflow writes.
//
// For each operation and each kind of fault, N = 1, 2, 3, … (every N up to 200, then growing by a
// tenth): copy a prepared database, open it, arm the fault at the N-th call, run the operation,
// disarm. The operation must succeed or throw credcheck::Error with status io_error, database_error,
// out_of_memory or busy. Then the same handle must still be sound (its writer and pooled readers
// outside any transaction, foreign keys enforced on the writer); and, reopened, the database must pass
// integrity_check and foreign_key_check and hold exactly the state before the operation (on an
// error) or exactly the state after a clean run (on success) — row counts of every table and the
// columns the operation changes. The loop ends at the first N the operation gets through without
// meeting a fault.
#include <doctest/doctest.h>
#include <fmt/format.h>
#include <sqlite3.h>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "../unit/sample_data.hpp"
#include "credcheck/init.hpp"
#include "credcheck/calendar.hpp"
#include "credcheck/installed_calendar.hpp"
#include "credcheck/catalog.hpp"
#include "credcheck/check.hpp"
#include "credcheck/dispatch.hpp"
#include "credcheck/import.hpp"
#include "credcheck/objections.hpp"
#include "credcheck/publication.hpp"
#include "credcheck/repair.hpp"
#include "fault_injection.hpp"
#include "store/open_file.hpp"

using namespace credcheck;
namespace fs = std::filesystem;

namespace {

Date day(int y, unsigned m, unsigned d) { return *Date::from_ymd(y, m, d); }
const Date kAsOf = day(2026, 11, 28);

const std::string kCourt = "鄂州市中级人民法院";
const std::string kSamr = "鄂州市市场监督管理局";
const std::string kEnvironment = "鄂州市生态环境局";
const std::string kFinance = "鄂州市财政局";
const std::string kTrading = "鄂州市公共资源交易中心";
const std::string kHousing = "鄂州市住房和城乡建设局";

std::string company(int n) { return test::uscc_for(static_cast<std::uint32_t>(1000 + n)); }

const std::string kListHeader = "list,subject_code,subject_name,department,document_no,entered_on,expires_on,status,"
                                "responsible_person_id,responsible_person_name\n";
const std::string kPenaltyHeader = "document_no,subject_code,subject_name,department,decided_on,penalty_types,severity\n";

void import_text(Database& db, const fs::path& path, ImportKind kind, const std::string& text) {
    ImportOptions o;
    o.kind = kind;
    o.today = kAsOf;
    import_file(db, test::write_text(path, text), o);
}

// --- a raw look at a closed database --------------------------------------------------------------

class RawDb {
public:
    explicit RawDb(const fs::path& path) {
        if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) FAIL("cannot reopen " << path);
    }
    ~RawDb() { sqlite3_close_v2(db_); }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;

    /// Every row of the result, columns joined by '|', rows by '\n'.
    std::string text(const std::string& sql) const {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
            FAIL("cannot prepare `" << sql << "`: " << std::string(sqlite3_errmsg(db_)));
            return {};
        }
        std::string out;
        int rc;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            if (!out.empty()) out += '\n';
            for (int i = 0; i < sqlite3_column_count(stmt); ++i) {
                const auto* v = sqlite3_column_text(stmt, i);
                out += (i ? "|" : "") + std::string(v ? reinterpret_cast<const char*>(v) : "NULL");
            }
        }
        if (rc != SQLITE_DONE) FAIL("`" << sql << "` failed: " << std::string(sqlite3_errmsg(db_)));
        sqlite3_finalize(stmt);
        return out;
    }

    /// SQLITE_OK when this connection can take the write lock now (busy timeout 0).
    int try_begin_immediate() const {
        const int rc = sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        if (rc == SQLITE_OK) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        return rc;
    }

    std::vector<std::string> tables() const {
        std::vector<std::string> out;
        std::string all = text("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
        std::size_t start = 0;
        while (start < all.size()) {
            const std::size_t end = std::min(all.find('\n', start), all.size());
            out.push_back(all.substr(start, end - start));
            start = end + 1;
        }
        return out;
    }

private:
    sqlite3* db_ = nullptr;
};

/// Integrity and the state the all-or-nothing comparison looks at: every table's row count and the
/// operation's own probes.
std::string sound_state(const fs::path& path, const std::vector<std::string>& probes, const std::string& where) {
    RawDb raw(path);
    const std::string integrity = raw.text("PRAGMA integrity_check");
    CHECK_MESSAGE(integrity == "ok", where << ": integrity_check: " << integrity);
    const std::string foreign = raw.text("PRAGMA foreign_key_check");
    CHECK_MESSAGE(foreign.empty(), where << ": foreign_key_check: " << foreign);
    std::string state;
    for (const auto& table : raw.tables()) state += table + "=" + raw.text("SELECT count(*) FROM \"" + table + "\"") + " ";
    for (const auto& probe : probes) state += "\n" + probe + " -> " + raw.text(probe);
    return state;
}

// --- the prepared database --------------------------------------------------------------------------

/// A database with the default catalog, routes, list entries, penalties, a pending objection and
/// commitments: what the operations below act on. Closed, so that it is one file to copy.
fs::path make_template(const test::TempDir& dir) {
    const fs::path path = dir / "template.db";
    {
        Database db = init_database(path);
        set_measure_routes(db, {{"P.procurement_ban", kFinance, std::nullopt}}, kAsOf);
        import_text(db, dir / "t-lists.csv", ImportKind::lists,
                    kListHeader + "samr.serious_illegal," + company(1) + ",甲公司," + kCourt + ",(2026)鄂07执1号,2026-06-18,,,,\n" +
                        "samr.serious_illegal," + company(2) + ",乙公司," + kSamr + ",鄂市监严失〔2025〕1号,2025-03-03,2028-03-03,,,\n" +
                        "samr.serious_illegal," + company(3) + ",丙公司," + kCourt + ",(2026)鄂07执3号,2026-06-18,,,,\n" +
                        "samr.serious_illegal," + company(7) + ",庚公司," + kCourt + ",(2026)鄂07执7号,2026-01-05,2027-01-05,,,\n");
        std::string penalties = kPenaltyHeader + "鄂环罚〔2025〕1号," + company(5) + ",戊公司," + kEnvironment + ",2025-01-27,罚款,general\n";
        for (int i = 10; i < 30; ++i)
            penalties += fmt::format("鄂市监罚〔2026〕{}号,{},公司{},{},2026-04-01,警告,general\n", i, company(i), i, kSamr);
        import_text(db, dir / "t-penalties.csv", ImportKind::penalties, penalties);
        record_commitment(db, {company(2), kSamr, "承诺〔2026〕1号", day(2026, 1, 5), "守法经营"});
        const EntryId third = db.entries_of(db.find_subject(company(3))->id).at(0).id;
        file_objection(db, ObjectionTarget::entry, third, day(2026, 11, 20), "丙公司", "已履行");
    }
    REQUIRE_FALSE(fs::exists(fs::path(path.string() + "-wal")));
    return path;
}

void fresh_copy(const fs::path& from, const fs::path& to) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(to.string() + suffix);
    fs::copy_file(from, to);
}

// --- the driver -------------------------------------------------------------------------------------

struct Operation {
    Operation(std::string n, std::function<void(Database&)> a, std::function<void()> s = [] {}, std::vector<std::string> p = {})
        : name(std::move(n)), act(std::move(a)), settle(std::move(s)), probes(std::move(p)) {}

    std::string name;
    /// Runs under the armed fault.
    std::function<void(Database&)> act;
    /// After disarming, before the handle is probed and closed (e.g. the Checker goes).
    std::function<void()> settle;
    /// Queries whose results are part of the compared state (columns the operation updates).
    std::vector<std::string> probes;
    /// Instead of before-or-after: a check of its own (the check log).
    std::function<void(const fs::path&, bool ok)> verify;
    /// How the database is opened for the operation (e.g. the office's clock on a later day).
    OpenOptions options;
};

struct Tally {
    int runs = 0, failed = 0, succeeded = 0, faults = 0;
    std::map<std::string, int> statuses;
};

const std::set<Status> kAcceptable = {Status::io_error, Status::database_error, Status::out_of_memory, Status::busy};

/// The handle must still be usable after a fault: the write lock released (another connection can
/// write), no transaction left open on the writer or on a pooled reader, the writer enforcing foreign
/// keys again.
void probe_handle(Database& db, const std::string& where) {
    {
        const RawDb other(db.path());
        const int rc = other.try_begin_immediate();
        CHECK_MESSAGE(rc == SQLITE_OK, where << ": the failed operation left the write lock held: " << std::string(sqlite3_errstr(rc)));
    }
    store::OpenFile(db).write([&](sql::Connection& c) {
        CHECK_MESSAGE(sqlite3_get_autocommit(c.handle()) != 0, where << ": the writer connection was left inside a transaction");
        sql::Query q(c.prepared("PRAGMA foreign_keys"));
        q.step();
        CHECK_MESSAGE(q.integer(0) == 1, where << ": the writer connection was left with foreign keys off");
    });
    std::vector<std::unique_ptr<store::ReadLease>> leases;
    for (int i = 0; i < 4; ++i) {
        leases.emplace_back(new store::ReadLease(store::OpenFile(db).read())); // several at once: every pooled connection
        CHECK_MESSAGE(sqlite3_get_autocommit((*leases.back())->handle()) != 0,
                      where << ": a pooled reader connection was left inside a transaction");
    }
}

Tally run_faults(const Operation& op, faults::Kind kind, faults::Mode mode, const fs::path& templ, const test::TempDir& dir,
                 const std::string& before, const std::string& after) {
    const fs::path work = dir / "work.db";
    Tally tally;
    std::uint64_t n = 1;
    for (; n <= 100000; n = n < 200 ? n + 1 : n + n / 10) {
        const std::string where = fmt::format("{} {} {} n={}", op.name, kind == faults::Kind::io ? "io" : "malloc",
                                              mode == faults::Mode::sticky ? "sticky" : "once", n);
        fresh_copy(templ, work);
        bool ok = false;
        std::uint64_t injected = 0;
        {
            Database db = Database::open(work, op.options);
            faults::arm(kind, n, mode);
            try {
                op.act(db);
                ok = true;
            } catch (const ImportRejected& e) {
                FAIL_CHECK(where << ": import rejected: " << e.what());
            } catch (const Error& e) {
                CHECK_MESSAGE(kAcceptable.count(e.status()), where << ": status " << status_name(e.status()) << ": " << e.what());
                ++tally.statuses[std::string(status_name(e.status()))];
            } catch (const std::exception& e) {
                FAIL_CHECK(where << ": not a credcheck::Error: " << typeid(e).name() << ": " << e.what());
            } catch (...) {
                FAIL_CHECK(where << ": an exception of unknown type");
            }
            faults::disarm();
            injected = faults::injected();
            op.settle();
            probe_handle(db, where);
        }
        ++tally.runs;
        tally.faults += static_cast<int>(injected);
        ++(ok ? tally.succeeded : tally.failed);
        if (op.verify) {
            op.verify(work, ok);
        } else {
            const std::string state = sound_state(work, op.probes, where);
            if (ok) CHECK_MESSAGE(state == after, where << ": succeeded, but the database is not in the state after a clean run:\n"
                                                        << state << "\nexpected:\n" << after);
            else CHECK_MESSAGE(state == before, where << ": failed, but the database is not as it was before:\n"
                                                      << state << "\nexpected:\n" << before);
        }
        if (injected == 0) {
            CHECK_MESSAGE(ok, where << ": failed with no fault injected");
            break;
        }
    }
    CHECK_MESSAGE(n <= 100000, op.name << ": still meeting faults after 100000 calls");
    return tally;
}

void exercise(const Operation& op) {
    test::TempDir dir;
    const fs::path templ = make_template(dir);
    // The reference states: before, and after one clean run.
    const std::string before = sound_state(templ, op.probes, op.name + " before");
    const fs::path clean = dir / "clean.db";
    fresh_copy(templ, clean);
    {
        Database db = Database::open(clean, op.options);
        op.act(db);
        op.settle();
    }
    if (op.verify) op.verify(clean, true);
    const std::string after = sound_state(clean, op.probes, op.name + " after");
    if (!op.verify) REQUIRE_MESSAGE(before != after, op.name << ": a clean run changes nothing the test compares");

    const struct {
        faults::Kind kind;
        faults::Mode mode;
        const char* name;
    } plans[] = {{faults::Kind::io, faults::Mode::sticky, "io sticky"},
                 {faults::Kind::io, faults::Mode::once, "io once"},
                 {faults::Kind::malloc, faults::Mode::sticky, "malloc sticky"},
                 {faults::Kind::malloc, faults::Mode::once, "malloc once"}};
    for (const auto& plan : plans) {
        const Tally t = run_faults(op, plan.kind, plan.mode, templ, dir, before, after);
        std::string statuses;
        for (const auto& [status, count] : t.statuses) statuses += fmt::format(" {}={}", status, count);
        MESSAGE(fmt::format("{} / {}: {} runs ({} faults injected), {} failed, {} succeeded;{}", op.name, plan.name, t.runs, t.faults,
                            t.failed, t.succeeded, statuses));
        CHECK(t.failed > 0); // the faults did reach the operation
    }
}

EntryId entry_of(Database& db, int n) { return db.entries_of(db.find_subject(company(n))->id).at(0).id; }

std::string penalty_file(const test::TempDir& dir) {
    static const std::string text = [] {
        std::string t = "document_no,subject_code,subject_name,department,decided_on,penalty_types,severity,legal_representative,"
                        "legal_representative_id\n";
        for (int i = 0; i < 200; ++i)
            t += fmt::format("鄂环罚〔2026〕{}号,{},公司{},{},2026-0{}-1{},罚款,{},王某{},{}\n", 100 + i, company(100 + i), 100 + i,
                             i % 2 ? kEnvironment : kSamr, 1 + i % 9, i % 10, i % 3 ? "general" : "serious", i,
                             test::citizen_id_for(static_cast<std::uint32_t>(500 + i)));
        return t;
    }();
    return test::write_text(dir / "penalties.csv", text).string();
}

const std::vector<std::string> kEntryProbes = {"SELECT id, status, ended_on FROM list_entries ORDER BY id",
                                               "SELECT id, status, resolved_on FROM objections ORDER BY id"};

} // namespace

TEST_CASE("faults: importing 200 penalties is all or nothing") {
    test::TempDir files;
    const std::string file = penalty_file(files);
    exercise({"import penalties", [&](Database& db) {
                  ImportOptions o;
                  o.kind = ImportKind::penalties;
                  o.today = kAsOf;
                  const ImportReport r = import_file(db, file, o);
                  CHECK(r.inserted == 200);
              }});
}

TEST_CASE("faults: importing a lists file, which dispatches notices, is all or nothing") {
    test::TempDir files;
    std::string text = kListHeader;
    for (int i = 0; i < 60; ++i)
        text += fmt::format("samr.serious_illegal,{},公司{},{},(2026)鄂07执{}号,2026-0{}-01,{},,,\n", company(400 + i), 400 + i, kCourt,
                            400 + i, 1 + i % 9, i % 4 ? "" : "2027-01-01");
    const std::string file = test::write_text(files / "lists.csv", text).string();
    exercise({"import lists", [&](Database& db) {
                  ImportOptions o;
                  o.kind = ImportKind::lists;
                  o.today = kAsOf;
                  const ImportReport r = import_file(db, file, o);
                  CHECK(r.inserted == 60);
              }});
}

TEST_CASE("faults: checks and batch checks answer or fail cleanly, and the check log loses nothing once writes work again") {
    auto checker = std::make_shared<std::optional<Checker>>();
    auto decisions = std::make_shared<int>(0);
    Operation op{"check and check_batch", [=](Database& db) {
                     *decisions = 0;
                     checker->emplace(db);
                     CheckRequest r;
                     r.subject = company(1);
                     r.scenario = "gov_procurement";
                     r.as_of = kAsOf;
                     r.purpose = "fault test";
                     const Decision d = (*checker)->check(r);
                     ++*decisions;
                     CHECK(d.verdict == Verdict::deny);
                     std::vector<std::string> bidders;
                     for (int i = 1; i <= 30; ++i) bidders.push_back(company(i));
                     const auto batch = (*checker)->check_batch(bidders, r);
                     *decisions += static_cast<int>(batch.size());
                     CHECK(batch.at(0).verdict == Verdict::deny);
                     (*checker)->flush_log(); // the log's write under the fault: an error here is reported, not lost
                 }};
    op.settle = [=] { checker->reset(); }; // the destructor writes what is still queued, faults disarmed
    op.verify = [=](const fs::path& path, bool) {
        // Every decision given was logged once the writes worked again, and nothing else was.
        const std::string state = sound_state(path, {}, "check");
        RawDb raw(path);
        CHECK(raw.text("SELECT count(*) FROM checks") == std::to_string(*decisions));
    };
    exercise(op);
}

TEST_CASE("faults: filing an objection") {
    exercise({"file_objection",
              [](Database& db) { file_objection(db, ObjectionTarget::entry, entry_of(db, 1), kAsOf, "甲公司", "已履行"); },
              [] {},
              kEntryProbes});
}

TEST_CASE("faults: resolving an objection as revoked (status, entry, lift notices)") {
    exercise({"resolve_objection revoked", [](Database& db) { resolve_objection(db, 1, ObjectionOutcome::revoked, kAsOf, kCourt, "确已履行，撤销"); },
              [] {}, kEntryProbes});
}

TEST_CASE("faults: resolving an objection as corrected (amendment with history)") {
    exercise({"resolve_objection corrected",
              [](Database& db) {
                  resolve_objection(db, 1, ObjectionOutcome::corrected, kAsOf, kCourt, "更正", {{"expires_on", "2029-06-18"}});
              },
              [] {},
              {"SELECT id, status, expires_on FROM list_entries ORDER BY id", "SELECT id, status FROM objections ORDER BY id"}});
}

TEST_CASE("faults: routing a measure to a new department, which creates it and dispatches notices") {
    exercise({"set_measure_routes", [](Database& db) {
                  set_measure_routes(db, {{"P.bidding_restriction", kTrading, std::nullopt}}, kAsOf);
              }});
}

TEST_CASE("faults: dispatching lift notices for expired entries") {
    Operation op{"dispatch_notices", [](Database& db) {
                     const DispatchCounts sent = dispatch_notices(db, day(2027, 6, 1));
                     CHECK(sent.lift > 0);
                 }};
    op.options.clock_today = day(2027, 6, 1); // the office's clock: the entries of 2027-01-05 have expired
    exercise(op);
}

TEST_CASE("faults: recording feedback on a notice") {
    exercise({"record_feedback", [](Database& db) {
                  Feedback f;
                  f.notice_id = inbox(db, kFinance).at(0).id;
                  f.department = kFinance;
                  f.officer = "张科员";
                  f.decided_on = kAsOf;
                  f.case_ref = "采购 2026-9";
                  record_feedback(db, f);
              }});
}

TEST_CASE("faults: recording a commitment at a department not yet known") {
    exercise({"record_commitment",
              [](Database& db) { record_commitment(db, {company(10), kHousing, "鄂建承诺〔2026〕9号", day(2026, 8, 1), "依法经营"}); }});
}

TEST_CASE("faults: repairing a list entry (status, repairs row, history, lift notices)") {
    exercise({"repair entry",
              [](Database& db) {
                  RepairRequest r;
                  r.target = ObjectionTarget::entry;
                  r.target_id = entry_of(db, 2);
                  r.repaired_on = day(2026, 3, 3);
                  r.decided_by = kSamr;
                  r.obligations_evidence = "整改验收报告";
                  const RepairResult result = repair(db, r);
                  CHECK(result.notices.lift == 1);
              },
              [] {},
              kEntryProbes});
}

TEST_CASE("faults: marking a penalty published") {
    exercise({"mark_published", [](Database& db) { mark_published(db, kEnvironment, "鄂环罚〔2025〕1号", day(2025, 2, 12)); }, [] {},
              {"SELECT id, published_on FROM records ORDER BY id"}});
}

TEST_CASE("faults: loading next year's calendar") {
    const auto days = parse_calendar("date\tkind\tname\n2027-01-01\toff\t元旦\n2027-02-06\toff\t春节\n2027-02-07\toff\t春节\n"
                                     "2027-02-08\toff\t春节\n2027-02-20\twork\t春节\n2027-10-01\toff\t国庆节\n",
                                     "2027.tsv");
    exercise({"load_calendar", [&](Database& db) { load_calendar(db, days, "2027.tsv"); }, [] {},
              {"SELECT date, kind, name FROM calendar_days WHERE date >= '2027' ORDER BY date", "SELECT year, source FROM calendar_years ORDER BY year"}});
}
