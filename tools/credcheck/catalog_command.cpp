// credcheck catalog show | export | load — the measures catalog the credit office edits.
#include <fmt/format.h>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "credcheck/catalog.hpp"
#include "credcheck/error.hpp"

namespace credcheck::cli {

namespace {

void add_catalog_show_command(CLI::App& parent, Context& context) {
    auto db = std::make_shared<std::string>();
    CLI::App* cmd = parent.add_subcommand("show", "Version, hash, scenarios, lists and measures of the installed catalog");
    cmd->add_option("db", *db, "Database file")->required();
    cmd->callback([db, &context] {
        const Catalog c = installed_catalog(open_read_only(context, *db));
        std::cout << fmt::format("catalog {} — {}\nsha256 {}\n", c.version, c.title, c.sha256);
        if (c.format == 1)
            std::cout << "WARNING: format 1 — legal bases are free text, not checked against the lists and persons they reach; load a "
                         "format 2 catalog (`credcheck catalog audit` reviews one)\n";
        std::cout << fmt::format("\nscenarios ({}):\n", c.scenarios.size());
        for (const auto& s : c.scenarios) std::cout << fmt::format("  {:<22} {}\n", s.code, s.name);
        std::cout << fmt::format("\nlists ({}):\n", c.lists.size());
        for (const auto& l : c.lists) std::cout << fmt::format("  {:<32} {:<9} {} — {}, {}\n", l.code, to_string(l.colour), l.name, l.authority, l.default_term);
        std::cout << fmt::format("\nmeasures ({}):\n", c.measures.size());
        for (const auto& m : c.measures)
            std::cout << fmt::format("  {:<28} {:<10} {} — {}{}\n", m.code, to_string(m.effect), m.name, m.legal_basis,
                                     m.basis_verified ? " (verified)" : "");
        context.exit_code = kExitOk;
    });
}

void add_catalog_export_command(CLI::App& parent, Context& context) {
    struct Options {
        std::string db, out;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = parent.add_subcommand("export", "Write the installed catalog's JSON, as loaded");
    cmd->add_option("db", o->db, "Database file")->required();
    cmd->add_option("--out", o->out, "Output file (default: standard output)");
    cmd->callback([o, &context] {
        const Catalog c = installed_catalog(open_read_only(context, o->db));
        if (o->out.empty()) {
            std::cout << c.json;
        } else {
            std::ofstream out(o->out, std::ios::binary | std::ios::trunc);
            if (!(out << c.json)) throw Error(Status::io_error, "cannot write " + o->out);
        }
        context.exit_code = kExitOk;
    });
}

void add_catalog_audit_command(CLI::App& parent, Context& context) {
    struct Options {
        std::string db, file, out;
        bool builtin = false;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = parent.add_subcommand(
        "audit", "The legal review: every measure × list that triggers it × person it reaches, with each basis that covers them, its "
                 "level, when it is in force and whether its text was read (Markdown). Of the installed catalog, a --file, or the --builtin one");
    cmd->add_option("db", o->db, "Database file");
    cmd->add_option("--file", o->file, "A catalog JSON file instead");
    cmd->add_flag("--builtin", o->builtin, "The catalog credcheck ships instead");
    cmd->add_option("--out", o->out, "Output file (default: standard output)");
    cmd->callback([o, &context] {
        if (static_cast<int>(!o->db.empty()) + static_cast<int>(!o->file.empty()) + static_cast<int>(o->builtin) != 1)
            throw Error(Status::invalid_argument, "give exactly one of: DB, --file FILE, --builtin");
        Catalog c = o->builtin ? default_catalog() : Catalog{};
        if (!o->file.empty()) {
            std::ifstream in(o->file, std::ios::binary);
            if (!in) throw Error(Status::not_found, "cannot read " + o->file);
            std::ostringstream text;
            text << in.rdbuf();
            c = parse_catalog(text.str(), o->file);
        } else if (!o->db.empty()) {
            c = installed_catalog(open_read_only(context, o->db));
        }
        const std::string review = catalog_audit_text(c);
        if (o->out.empty()) {
            std::cout << review;
        } else {
            std::ofstream out(o->out, std::ios::binary | std::ios::trunc);
            if (!(out << review)) throw Error(Status::io_error, "cannot write " + o->out);
        }
        context.exit_code = kExitOk;
    });
}

void add_catalog_load_command(CLI::App& parent, Context& context) {
    struct Options {
        std::string db, file;
    };
    auto o = std::make_shared<Options>();
    CLI::App* cmd = parent.add_subcommand("load", "Validate a catalog file and make it the database's catalog");
    cmd->add_option("db", o->db, "Database file")->required();
    cmd->add_option("file", o->file, "Catalog JSON file")->required();
    cmd->callback([o, &context] {
        std::ifstream in(o->file, std::ios::binary);
        if (!in) throw Error(Status::not_found, "cannot read " + o->file);
        std::ostringstream text;
        text << in.rdbuf();
        const Catalog c = parse_catalog(text.str(), o->file);
        Database db = open_writable(context, o->db);
        install_catalog(db, c);
        std::cout << fmt::format("loaded catalog {} ({} scenarios, {} lists, {} measures), sha256 {}\n", c.version, c.scenarios.size(),
                                 c.lists.size(), c.measures.size(), c.sha256);
        context.exit_code = kExitOk;
    });
}

} // namespace

void add_catalog_command(CLI::App& app, Context& context) {
    CLI::App* catalog = app.add_subcommand("catalog", "Show, export or load the measures catalog");
    catalog->require_subcommand(1);
    add_catalog_show_command(*catalog, context);
    add_catalog_export_command(*catalog, context);
    add_catalog_audit_command(*catalog, context);
    add_catalog_load_command(*catalog, context);
}

} // namespace credcheck::cli
