#include "engine/check_log.hpp"

#include <chrono>
#include <fmt/format.h>

#include "credcheck/error.hpp"
#include "store/audit_log.hpp"
#include "store/check_log_tables.hpp"

namespace credcheck::detail {

namespace {
constexpr std::size_t kBatch = 1024;                     // write as soon as this many wait
constexpr auto kLinger = std::chrono::milliseconds(200); // or after this long

std::string measure_codes(const Decision& d) {
    std::string out;
    for (const auto& m : d.measures) out += (out.empty() ? "" : ";") + m.code;
    for (const auto& m : d.suspended) out += (out.empty() ? "~" : ";~") + m.code;
    return out;
}
} // namespace

CheckLog::CheckLog(store::OpenFile file) : file_(file), thread_([this](std::stop_token stop) { run(stop); }) {}

CheckLog::~CheckLog() {
    thread_.request_stop();
    wake_writer_.notify_all();
    if (thread_.joinable()) thread_.join();
    try {
        flush();
    } catch (...) { // nowhere to report from a destructor; flush() earlier to see the error
    }
}

namespace {
std::string describe(const std::exception_ptr& failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const std::exception& e) {
        return fmt::format("the check log cannot be written now (the decision is kept and retried): {}", e.what());
    } catch (...) {
        return "the check log cannot be written now (the decision is kept and retried)";
    }
}
} // namespace

std::optional<std::string> CheckLog::append(const Decision& d, const Principal& asking) {
    Row row{{d.receipt.id, d.receipt.checked_at, d.as_of.iso(), d.receipt.department, d.receipt.purpose, d.subject.code, d.scenario,
             std::string(to_string(d.verdict)), measure_codes(d), d.receipt.catalog_version, d.subject.found ? d.subject.id : 0,
             d.receipt.data_version},
            asking};
    std::unique_lock lock(mutex_);
    drained_.wait(lock, [&] { return queue_.size() < kMaxQueued || failure_; });
    if (queue_.size() >= kMaxQueued) {
        try {
            std::rethrow_exception(failure_);
        } catch (const std::exception& e) {
            throw Error(Status::database_error, fmt::format("the check log cannot be written ({} checks waiting): {}", queue_.size(), e.what()));
        }
    }
    queue_.push_back(std::move(row));
    if (queue_.size() >= kBatch) wake_writer_.notify_one();
    if (failure_) return describe(failure_);
    return std::nullopt;
}

void CheckLog::run(std::stop_token stop) {
    while (!stop.stop_requested()) {
        {
            std::unique_lock lock(mutex_);
            wake_writer_.wait_for(lock, stop, kLinger, [&] { return queue_.size() >= kBatch; });
        }
        try {
            flush();
        } catch (...) { // flush() noted the failure for append() to report
        }
    }
}

void CheckLog::flush() {
    std::lock_guard writing(write_mutex_);
    std::vector<Row> batch;
    {
        std::lock_guard lock(mutex_);
        batch.swap(queue_);
    }
    if (batch.empty()) return;
    try {
        write(batch);
    } catch (...) {
        // Keep the rows, in order, for the next attempt.
        std::lock_guard lock(mutex_);
        batch.insert(batch.end(), std::make_move_iterator(queue_.begin()), std::make_move_iterator(queue_.end()));
        queue_.swap(batch);
        failure_ = std::current_exception();
        drained_.notify_all();
        throw;
    }
    std::lock_guard lock(mutex_);
    failure_ = nullptr;
    drained_.notify_all();
}

void CheckLog::write(const std::vector<Row>& rows) {
    file_.write([&](sql::Connection& c) {
        sql::Transaction tx(c);
        for (const Row& row : rows) {
            const store::CheckRow& r = row.check;
            store::insert_check(c, r);
            const nlohmann::ordered_json details = {{"decision_id", r.decision_id}, {"scenario", r.scenario},   {"as_of", r.as_of},
                                                    {"verdict", r.verdict},          {"measures", r.measures},   {"purpose", r.purpose},
                                                    {"department", r.department},    {"data_version", r.data_version},
                                                    {"catalog_version", r.catalog_version}};
            store::append_audit(c, row.asking, "check", r.subject_code, r.scenario, details, r.checked_at);
        }
        tx.commit();
    });
}

} // namespace credcheck::detail
