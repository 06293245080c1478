// credcheck feed publish | snapshot | export, credcheck replica init | apply | status | export — the
// office's signed change feed and the department replicas that follow it (credcheck/feed.hpp).
#include <fmt/format.h>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "credcheck/display.hpp"
#include "credcheck/feed.hpp"
#include "credcheck/utc_time.hpp"
#include "workflow_util.hpp"

namespace credcheck::cli {

namespace {

void print_file(const FeedFileInfo& f) {
    std::cout << fmt::format("{} {}: sequence {}, data version {} → {}, {} rows, {} bytes\n", f.kind, f.file.string(), f.sequence,
                             f.data_version_from, f.data_version_to, f.rows, f.bytes);
    std::cout << fmt::format("data as of {}, expires {}\nmanifest sm3 {}\ncontent sm3 {}\n", f.data_as_of, f.expires_at, f.manifest_sm3, f.content_sm3);
}

nlohmann::ordered_json status_json(const ReplicaStatus& s) {
    return {{"replica", s.replica.string()},     {"feed_id", s.feed_id},         {"publisher", s.publisher},
            {"sequence", s.sequence},            {"data_version", s.data_version}, {"data_as_of", s.data_as_of},
            {"expires_at", s.expires_at},        {"expired", s.expired},         {"lag_seconds", s.lag.count()},
            {"content_sm3", s.content_sm3},      {"files_applied", s.files_applied}, {"initialized_at", s.initialized_at}};
}

void print_status(const ReplicaStatus& s, bool json) {
    if (json) {
        std::cout << status_json(s).dump(2) << '\n';
        return;
    }
    std::cout << fmt::format("replica {} of feed {} (publisher key {})\n", s.replica.string(), s.feed_id, s.publisher);
    std::cout << fmt::format("file {} applied ({} in all since {}), data version {}\n", s.sequence, s.files_applied, s.initialized_at, s.data_version);
    std::cout << fmt::format("data as of {} (lag {})\n", s.data_as_of, format_duration(s.lag));
    std::cout << fmt::format("expires {}{}\n", s.expires_at, s.expired ? " — EXPIRED: its decisions are stale (review) until a newer file is applied" : "");
    std::cout << fmt::format("content sm3 {}\n", s.content_sm3);
}

/// One replicated table, or every one after a `# TABLE` line.
void export_tables(const Database& db, const std::string& table) {
    if (!table.empty()) {
        export_replicated_table(db, table, std::cout);
        return;
    }
    for (const auto& t : replicated_tables()) {
        std::cout << "# " << t << '\n';
        export_replicated_table(db, t, std::cout);
    }
}

} // namespace

void add_feed_commands(CLI::App& app, Context& context) {
    CLI::App* feed = app.add_subcommand("feed", "The credit office's signed change feed to department replicas");
    feed->require_subcommand(1);
    {
        struct Options {
            std::string db, key, out, expires_in = "36h";
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = feed->add_subcommand("publish", "Publish the changes since the last feed file (the first time: everything; nothing "
                                                        "changed: a heartbeat that renews freshness)");
        add_db(cmd, o->db);
        cmd->add_option("--key", o->key, "The office's SM2 private key (PEM)")->required();
        cmd->add_option("--out", o->out, "The feed directory (feed-000001.ccfeed, …)")->required();
        cmd->add_option("--expires-in", o->expires_in, "How long replicas may answer on this file before they say stale (s, m, h, d)")
            ->capture_default_str();
        cmd->callback([o, &context] {
            PublishOptions options;
            options.key = o->key;
            options.directory = o->out;
            options.expires_in = parse_duration(o->expires_in, "--expires-in");
            print_file(publish_feed(open_writable(context, o->db), options));
            context.exit_code = kExitOk;
        });
    }
    {
        struct Options {
            std::string db, key, out;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = feed->add_subcommand("snapshot", "A signed bootstrap copy of the replicated content as of the last feed file, for "
                                                         "`credcheck replica init` (it holds the feed's person key: hand it over as a key)");
        add_db(cmd, o->db);
        cmd->add_option("--key", o->key, "The office's SM2 private key (PEM)")->required();
        cmd->add_option("--out", o->out, "The snapshot file to write (never replaced)")->required();
        cmd->callback([o, &context] {
            SnapshotOptions options;
            options.key = o->key;
            options.file = o->out;
            print_file(write_snapshot(open_read_only(context, o->db), options));
            context.exit_code = kExitOk;
        });
    }
    {
        struct Options {
            std::string db, table;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = feed->add_subcommand("export", "The office's projection of the replicated tables: what its replicas must hold, one JSON "
                                                       "array a row (compare with `credcheck replica export`)");
        add_db(cmd, o->db);
        cmd->add_option("--table", o->table, "A replicated table (default: every one, each after a line `# TABLE`)")
            ->check(CLI::IsMember(replicated_tables()));
        cmd->callback([o, &context] {
            export_tables(open_read_only(context, o->db), o->table);
            context.exit_code = kExitOk;
        });
    }

    CLI::App* replica = app.add_subcommand("replica", "A department's replica of the office's data, kept current by its feed");
    replica->require_subcommand(1);
    {
        struct Options {
            std::string replica, snapshot, trust;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = replica->add_subcommand("init", "Create a replica from a snapshot signed with the trusted office key");
        cmd->add_option("replica", o->replica, "The replica database to create")->required();
        cmd->add_option("--snapshot", o->snapshot, "The office's snapshot (`credcheck feed snapshot`)")->required();
        cmd->add_option("--trust", o->trust, "The office's public key (PEM): every file must be signed with it")->required();
        cmd->callback([o, &context] {
            ReplicaInitOptions options;
            options.snapshot = o->snapshot;
            options.trusted_key = o->trust;
            print_status(init_replica(o->replica, options), false);
            context.exit_code = kExitOk;
        });
    }
    {
        struct Options {
            std::string replica, source;
            bool json = false;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = replica->add_subcommand("apply", "Apply a feed file, or every newer file of a feed directory, in one transaction; a "
                                                         "file that cannot be trusted is refused (exit 3) and nothing changes");
        cmd->add_option("replica", o->replica, "The replica database")->required();
        cmd->add_option("source", o->source, "A feed file or the feed directory")->required();
        cmd->add_flag("--json", o->json, "Print the files and the replica's status as JSON");
        cmd->callback([o, &context] {
            const ApplyReport report = apply_feed(open_writable(context, o->replica), o->source);
            if (o->json) {
                nlohmann::ordered_json files = nlohmann::ordered_json::array();
                for (const auto& f : report.files)
                    files.push_back({{"file", f.file.string()}, {"sequence", f.sequence}, {"kind", f.kind}, {"applied", f.applied}, {"rows", f.rows}});
                std::cout << nlohmann::ordered_json{{"files", files}, {"status", status_json(report.status)}}.dump(2) << '\n';
            } else {
                for (const auto& f : report.files)
                    std::cout << fmt::format("{} {} (sequence {}, {}{})\n", f.applied ? "applied" : "skipped", f.file.filename().string(), f.sequence,
                                             f.kind, f.applied ? fmt::format(", {} rows", f.rows) : ": applied already or older than the replica");
                print_status(report.status, false);
            }
            context.exit_code = kExitOk;
        });
    }
    {
        struct Options {
            std::string replica;
            bool json = false;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = replica->add_subcommand("status", "The file applied last, its data version, data as of, expiry and lag; exit 1 when "
                                                          "expired (the replica's decisions are stale)");
        cmd->add_option("replica", o->replica, "The replica database")->required();
        cmd->add_flag("--json", o->json, "Print JSON");
        cmd->callback([o, &context] {
            const ReplicaStatus s = replica_status(open_read_only(context, o->replica));
            print_status(s, o->json);
            context.exit_code = s.expired ? kExitNegative : kExitOk;
        });
    }
    {
        struct Options {
            std::string replica, table;
        };
        auto o = std::make_shared<Options>();
        CLI::App* cmd = replica->add_subcommand("export", "The replicated tables as the replica holds them, one JSON array a row");
        cmd->add_option("replica", o->replica, "The replica database")->required();
        cmd->add_option("--table", o->table, "A replicated table (default: every one, each after a line `# TABLE`)")
            ->check(CLI::IsMember(replicated_tables()));
        cmd->callback([o, &context] {
            export_tables(open_read_only(context, o->replica), o->table);
            context.exit_code = kExitOk;
        });
    }
}

} // namespace credcheck::cli
