#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <thread>

#include "credcheck/init.hpp"
#include "credcheck/audit.hpp"
#include "credcheck/catalog.hpp"
#include "credcheck/check.hpp"
#include "credcheck/import.hpp"
#include "sample_data.hpp"

using namespace credcheck;

TEST_CASE("one database serves checks on several threads while a writer imports") {
    test::TempDir dir;
    Database db = init_database(dir / "db");
    const Date as_of = *Date::from_ymd(2026, 11, 28);
    ImportOptions lists;
    lists.kind = ImportKind::lists;
    lists.today = as_of;
    import_file(db, test::write_text(dir / "l.csv", "list,subject_code,subject_name,department,document_no,entered_on\n"
                                                    "samr.serious_illegal," + test::uscc_for(1) + ",甲,法院,A1,2024-01-01\n"),
                lists);
    // A writer's file: many penalties, and (last row) a new black-list entry for a second company.
    std::string penalties = "document_no,subject_code,subject_name,department,decided_on,penalty_types\n";
    for (int i = 0; i < 3000; ++i)
        penalties += "W" + std::to_string(i) + "," + test::uscc_for(static_cast<std::uint32_t>(100 + i)) + ",公司,市场监管局,2025-01-01,警告\n";
    const auto penalty_file = test::write_text(dir / "p.csv", penalties);
    const auto second_list = test::write_text(dir / "l2.csv", "list,subject_code,subject_name,department,document_no,entered_on\n"
                                                               "samr.serious_illegal," + test::uscc_for(2) + ",乙,法院,B1,2024-01-01\n");

    const Checker checker(db);
    std::atomic<bool> writing{true};
    std::atomic<int> checks{0}, inconsistent{0}, errors{0};
    std::thread writer([&] {
        ImportOptions o;
        o.kind = ImportKind::penalties;
        o.today = as_of;
        import_file(db, penalty_file, o);
        import_file(db, second_list, lists);
        writing = false;
    });
    std::vector<std::thread> readers;
    for (int t = 0; t < 3; ++t) {
        readers.emplace_back([&] {
            std::int64_t last_version = 0;
            bool saw_second = false;
            CheckRequest r;
            r.scenario = "gov_procurement";
            r.as_of = as_of;
            for (int i = 0; writing || i < 50; ++i) {
                try {
                    r.subject = test::uscc_for(i % 2 ? 2u : 1u);
                    const Decision d = checker.check(r);
                    ++checks;
                    // The listed company is always denied; the second only once its entry is committed,
                    // and never again allowed after that; data versions never go back.
                    const bool denied = d.verdict == Verdict::deny;
                    if (i % 2 == 0 && !denied) ++inconsistent;
                    if (i % 2 == 1 && saw_second && !denied) ++inconsistent;
                    if (i % 2 == 1 && denied) saw_second = true;
                    if (d.receipt.data_version < last_version) ++inconsistent;
                    last_version = d.receipt.data_version;
                } catch (...) {
                    ++errors;
                }
            }
        });
    }
    writer.join();
    for (auto& t : readers) t.join();
    CHECK(errors == 0);
    CHECK(inconsistent == 0);
    CHECK(checks >= 150);
    CheckRequest after;
    after.subject = test::uscc_for(2);
    after.scenario = "gov_procurement";
    after.as_of = as_of;
    CHECK(checker.check(after).verdict == Verdict::deny);
}

TEST_CASE("readers' batch checks see each imported file's entries all or none while a writer imports file after file") {
    // The writer imports kFiles files; file f adds one samr.serious_illegal entry, document F<f>-<k>,
    // for each of the same kSubjects companies, in one transaction. Two readers run check_batch over
    // those companies (one read transaction a batch) until the writer is done. Every measure names its
    // entry's document, so each decision shows which files it saw; in every batch each decision must
    // have seen exactly the files 1..m for one m (all K entries of a file or none of them, files in
    // commit order), the same m for every decision of the batch, and m never goes back for a reader.
    // The readers' Checker records checks (the default): its log writes go through the same writer
    // connection as the imports, between them. Status::busy is the only error tolerated; it is counted.
    constexpr int kFiles = 24, kSubjects = 40;
    test::TempDir dir;
    Database db = init_database(dir / "db");
    const Date as_of = *Date::from_ymd(2026, 11, 28);
    std::vector<std::string> subjects;
    for (int k = 0; k < kSubjects; ++k) subjects.push_back(test::uscc_for(static_cast<std::uint32_t>(5000 + k)));
    std::vector<std::filesystem::path> files;
    for (int f = 1; f <= kFiles; ++f) {
        std::string text = "list,subject_code,subject_name,department,document_no,entered_on\n";
        for (int k = 0; k < kSubjects; ++k) text += "samr.serious_illegal," + subjects[k] + ",公司" + std::to_string(k) + ",法院,F" +
                                                    std::to_string(f) + "-" + std::to_string(k) + ",2024-01-01\n";
        files.push_back(test::write_text(dir / ("l" + std::to_string(f) + ".csv"), text));
    }

    const Checker checker(db);
    std::atomic<bool> writing{true};
    std::atomic<int> batches{0}, inconsistent{0}, busy{0}, other_errors{0}, partial_views{0};
    std::mutex messages_mutex;
    std::vector<std::string> messages;
    std::set<int> seen_m;
    std::thread writer([&] {
        ImportOptions o;
        o.kind = ImportKind::lists;
        o.today = as_of;
        for (const auto& file : files) {
            for (;;) {
                try {
                    import_file(db, file, o);
                    break;
                } catch (const Error& e) {
                    if (e.status() != Status::busy) throw;
                    ++busy;
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(2)); // let the readers in between files
        }
        writing = false;
    });
    const auto reader = [&] {
        CheckRequest r;
        r.scenario = "gov_procurement";
        r.as_of = as_of;
        int last_m = 0;
        // Until a batch that started after the writer finished (it must see every file).
        for (bool more = true; more;) {
            more = writing.load();
            std::vector<Decision> batch;
            try {
                batch = checker.check_batch(subjects, r);
            } catch (const Error& e) {
                if (e.status() == Status::busy) ++busy;
                else {
                    ++other_errors;
                    std::lock_guard lock(messages_mutex);
                    messages.push_back(e.what());
                }
                continue;
            } catch (...) {
                ++other_errors;
                continue;
            }
            ++batches;
            std::optional<int> batch_m;
            for (std::size_t k = 0; k < batch.size(); ++k) {
                std::set<int> files_seen;
                for (const auto& m : batch[k].measures)
                    if (m.source) {
                        const std::string& doc = m.source->document_no; // F<f>-<k>
                        const auto dash = doc.find('-');
                        if (doc.substr(dash + 1) != std::to_string(k)) ++inconsistent; // another company's entry
                        files_seen.insert(std::stoi(doc.substr(1, dash - 1)));
                    }
                const int m = static_cast<int>(files_seen.size());
                // Files 1..m exactly, and (m > 0) denied.
                if (m > 0 && (*files_seen.begin() != 1 || *files_seen.rbegin() != m)) ++inconsistent;
                if ((m > 0) != (batch[k].verdict == Verdict::deny)) ++inconsistent;
                if (batch[k].receipt.data_version != batch[0].receipt.data_version) ++inconsistent;
                if (!batch_m) batch_m = m;
                else if (*batch_m != m) ++inconsistent;
            }
            if (batch_m && *batch_m < last_m) ++inconsistent;
            if (batch_m) {
                last_m = *batch_m;
                if (*batch_m > 0 && *batch_m < kFiles) ++partial_views;
                std::lock_guard lock(messages_mutex);
                seen_m.insert(*batch_m);
            }
        }
    };
    std::thread reader1(reader), reader2(reader);
    writer.join();
    reader1.join();
    reader2.join();
    for (const auto& m : messages) MESSAGE(m);
    MESSAGE("concurrent batches: " << batches.load() << " batches, " << partial_views.load() << " saw some files but not all, " << seen_m.size()
                                   << " distinct file counts seen, " << busy.load() << " busy errors (retried or skipped)");
    CHECK(other_errors == 0);
    CHECK(inconsistent == 0);
    CHECK(batches >= 10);
    CHECK(seen_m.count(kFiles) == 1); // the last batches saw every file
    const auto last = checker.check_batch(subjects, CheckRequest{"", std::nullopt, "gov_procurement", as_of, ""});
    for (const auto& d : last) CHECK(d.measures.size() >= kFiles);
}

TEST_CASE("every Checker on one open file shares its parsed catalog and its one check-log writer") {
    test::TempDir dir;
    Database db = init_database(dir / "db");
    const Date as_of = *Date::from_ymd(2026, 11, 28);
    CheckRequest r;
    r.subject = test::uscc_for(1);
    r.scenario = "gov_procurement";
    r.as_of = as_of;
    const Checker office(db);
    office.check(r);
    CHECK(Checker::log_threads(db) == 1);
    // A handle and a Checker per request, as a server makes them: no new parse, no new thread.
    std::vector<std::string> receipts;
    for (int i = 0; i < 50; ++i) {
        const Database request = db.as(Principal{"鄂州市财政局", AccessRole::implementing, "窗口" + std::to_string(i)});
        const Checker per_request(request);
        receipts.push_back(per_request.check(r).receipt.id);
        CHECK(per_request.catalog().get() == office.catalog().get());
    }
    CHECK(Checker::log_threads(db) == 1);
    // The decisions of Checkers long gone are written by the file's writer: queries see them all.
    AuditQuery q;
    q.department = "鄂州市财政局";
    q.limit = 100;
    CHECK(audit_entries(db, q).size() == 50);
    // A file opened again is another open file, with its own writer.
    const Database again = Database::open(dir / "db");
    CHECK(Checker::log_threads(again) == 0);
    Checker(again).check(r);
    CHECK(Checker::log_threads(again) == 1);
    // And every decision id is unique across them.
    std::set<std::string> unique(receipts.begin(), receipts.end());
    CHECK(unique.size() == receipts.size());
}
