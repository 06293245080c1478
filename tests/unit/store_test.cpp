#include <doctest/doctest.h>

#include <sqlite3.h>

#include "credcheck/init.hpp"
#include "credcheck/catalog.hpp"
#include "credcheck/database.hpp"
#include "credcheck/error.hpp"
#include "sample_data.hpp"
#include "test_support.hpp"

using namespace credcheck;
using test::status_of;
using test::TempDir;

namespace {

void set_user_version(const std::filesystem::path& path, int version) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    const std::string sql = "PRAGMA user_version = " + std::to_string(version);
    REQUIRE(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
}


} // namespace

TEST_CASE("a new database has the current schema, the default catalog and no data") {
    TempDir dir;
    const Database db = init_database(dir / "new.db");
    CHECK(db.schema_version() >= 1);
    const auto counts = db.counts();
    CHECK(counts.subjects == 0);
    CHECK(counts.records == 0);
    const Catalog catalog = installed_catalog(db);
    CHECK(catalog.version == default_catalog().version);
    CHECK(catalog.sha256.size() == 64);
    CHECK(catalog.lists.size() == 17);
    CHECK(catalog.scenarios.size() == 16);
}

TEST_CASE("creating a database over an existing file is refused") {
    TempDir dir;
    init_database(dir / "a.db");
    CHECK(status_of([&] { Database::create(dir / "a.db"); }) == Status::conflict);
}

TEST_CASE("opening a missing file says so and how to create one") {
    TempDir dir;
    try {
        Database::open(dir / "missing.db");
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.status() == Status::not_found);
        CHECK(std::string(e.what()).find("credcheck init") != std::string::npos);
    }
}

TEST_CASE("a database written by a newer credcheck is refused with both versions named") {
    TempDir dir;
    init_database(dir / "future.db");
    set_user_version(dir / "future.db", 999);
    for (bool read_only : {false, true}) {
        try {
            Database::open(dir / "future.db", read_only ? read_only_options() : OpenOptions{});
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK(e.status() == Status::schema_too_new);
            CHECK(std::string(e.what()).find("schema version 999") != std::string::npos);
        }
    }
}

TEST_CASE("an older database is migrated when opened for writing") {
    TempDir dir;
    set_user_version(dir / "old.db", 0); // an empty SQLite file: schema version 0
    CHECK(status_of([&] { Database::open(dir / "old.db", read_only_options()); }) == Status::conflict);
    const Database db = Database::open(dir / "old.db");
    CHECK(db.schema_version() >= 1);
}

TEST_CASE("a file that is not a database is refused") {
    TempDir dir;
    test::write_text(dir / "notes.txt", std::string(4096, 'x'));
    CHECK(status_of([&] { Database::open(dir / "notes.txt"); }) == Status::database_error);
}

TEST_CASE("a database opened read-only refuses writes") {
    TempDir dir;
    init_database(dir / "ro.db");
    Database db = Database::open(dir / "ro.db", read_only_options());
    CHECK(db.counts().subjects == 0);
    CHECK(status_of([&] { install_catalog(db, default_catalog()); }) == Status::permission_denied);
}

TEST_CASE("find_subject rejects what is not an identifier and finds nothing in an empty database") {
    TempDir dir;
    const Database db = init_database(dir / "e.db");
    CHECK_FALSE(db.find_subject(test::uscc_for(1)).has_value());
    CHECK(status_of([&] { db.find_subject("not a code"); }) == Status::invalid_identifier);
}

TEST_CASE("the catalog loader refuses invalid catalogs with a clear message") {
    const auto error_of = [](const std::string& json) {
        try {
            parse_catalog(json, "test.json");
        } catch (const Error& e) {
            CHECK(e.status() == Status::catalog_invalid);
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error_of("{").find("not valid JSON") != std::string::npos);
    CHECK(error_of(R"({"format": 2, "bases": [], "title": "t", "scenarios": [], "lists": []})").find("\"version\"") != std::string::npos);
    CHECK(error_of(R"({"format": 2, "bases": [], "version": "1", "title": "t", "scenarios": [{"code": "a", "name": "A"}, {"code": "a", "name": "B"}], "lists": []})")
              .find("scenario code 'a' appears twice") != std::string::npos);
    CHECK(error_of(R"({"format": 2, "bases": [], "version": "1", "title": "t", "scenarios": [], "lists": [{"code": "x", "name": "X", "colour": "grey", "authority": "a", "default_term": "t"}]})")
              .find("colour 'grey'") != std::string::npos);
}
