// A small world for behaviour tests: companies and persons imported through the public import API
// into a fresh database with the default catalog, checked on a fixed date.
#pragma once

#include <string>

#include "credcheck/init.hpp"
#include "credcheck/catalog.hpp"
#include "credcheck/check.hpp"
#include "credcheck/import.hpp"
#include "sample_data.hpp"

namespace credcheck::test {

inline const Date kAsOf = *Date::from_ymd(2026, 11, 28);

/// Companies company(n) and persons person(n).
class World {
public:
    World() : db_(init_database(dir_ / "world.db")) {}

    static std::string company(int n) { return test::uscc_for(static_cast<std::uint32_t>(1000 + n)); }
    static std::string person(int n) { return test::citizen_id_for(static_cast<std::uint32_t>(n)); }

    World& subjects(const std::string& rows) { return load(ImportKind::subjects, "code,name,kind,established_on,status\n" + rows); }
    World& relations(const std::string& rows) {
        return load(ImportKind::relations, "organization_code,person_id,person_name,role,valid_from,valid_to\n" + rows);
    }
    World& entries(const std::string& rows) {
        return load(ImportKind::lists, "list,subject_code,subject_name,department,document_no,entered_on,expires_on,status,"
                                       "responsible_person_id,responsible_person_name\n" + rows);
    }
    World& penalties(const std::string& rows) {
        return load(ImportKind::penalties, "document_no,subject_code,subject_name,department,decided_on,penalty_types,severity\n" + rows);
    }

    Decision check(const std::string& subject, const std::string& scenario, Date as_of = kAsOf) {
        CheckRequest r;
        r.subject = subject;
        r.scenario = scenario;
        r.as_of = as_of;
        const Checker checker(db_);
        Decision d = checker.check(r);
        checker.flush_log(); // in the check log before the test reads it with SQL
        return d;
    }

    EntryId entry_of(const std::string& code) { return db_.entries_of(db_.find_subject(code)->id).at(0).id; }
    Database& db() { return db_; }
    const std::filesystem::path& dir() const { return dir_.path(); }

    /// Reopens the database with the office's clock on `today` (OpenOptions::clock_today).
    World& clock(Date today) {
        OpenOptions o;
        o.clock_today = today;
        db_ = Database::open(dir_ / "world.db", o);
        return *this;
    }

    World& load(ImportKind kind, const std::string& text) {
        ImportOptions o;
        o.kind = kind;
        o.today = kAsOf;
        import_file(db_, test::write_text(dir_ / ("f" + std::to_string(++files_) + ".csv"), text), o);
        return *this;
    }

private:
    TempDir dir_;
    Database db_;
    int files_ = 0;
};

} // namespace credcheck::test
