#include <doctest/doctest.h>

#include <atomic>
#include <thread>

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
                                                    "court.dishonest_debtor," + test::uscc_for(1) + ",甲,法院,A1,2024-01-01\n"),
                lists);
    // A writer's file: many penalties, and (last row) a new black-list entry for a second company.
    std::string penalties = "document_no,subject_code,subject_name,department,decided_on,penalty_types\n";
    for (int i = 0; i < 3000; ++i)
        penalties += "W" + std::to_string(i) + "," + test::uscc_for(static_cast<std::uint32_t>(100 + i)) + ",公司,市场监管局,2025-01-01,警告\n";
    const auto penalty_file = test::write_text(dir / "p.csv", penalties);
    const auto second_list = test::write_text(dir / "l2.csv", "list,subject_code,subject_name,department,document_no,entered_on\n"
                                                               "court.dishonest_debtor," + test::uscc_for(2) + ",乙,法院,B1,2024-01-01\n");

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
