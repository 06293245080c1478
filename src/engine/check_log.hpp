// The log of checks: every decision a Checker gives is recorded (who asked, why, about whom, in which
// scenario, the verdict and measures, the data and catalog versions) for reports, feedback on
// decisions and, later, the audit trail. Recording never slows a check by a database write: decisions
// are queued and written in batches by a background thread on the database's writer connection.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(engine)

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "credcheck/check.hpp"
#include "store/check_log_tables.hpp"
#include "store/open_file.hpp"

namespace credcheck::detail {

class CheckLog {
public:
    /// Records checks in the `checks` table and the audit trail of the open file `db`: one writer for
    /// every handle on it, whoever asks.
    explicit CheckLog(store::OpenFile file);
    /// Writes what is still queued.
    ~CheckLog();
    CheckLog(const CheckLog&) = delete;
    CheckLog& operator=(const CheckLog&) = delete;

    /// Queues a decision. Blocks only when kMaxQueued decisions wait (the writer is held by a long
    /// import), so that memory stays bounded. Returns nullopt while the log writer works, else why its
    /// last write failed (the decision stays queued and is retried).
    std::optional<std::string> append(const Decision& d, const Principal& asking);

    /// Writes everything queued so far; throws the error of a failed write.
    void flush();

    static constexpr std::size_t kMaxQueued = 65536;

private:
    struct Row {
        store::CheckRow check;
        Principal asking; // who checked: the audit entry's principal
    };
    void run(std::stop_token stop);
    /// Writes `rows` in one transaction.
    void write(const std::vector<Row>& rows);

    store::OpenFile file_;
    std::mutex mutex_;
    std::condition_variable_any wake_writer_, drained_;
    std::vector<Row> queue_;
    std::exception_ptr failure_; // of the last background write, reported by flush()
    std::mutex write_mutex_;     // one batch at a time (background thread or flush())
    std::jthread thread_;
};

} // namespace credcheck::detail
