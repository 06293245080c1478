#include "import/read_ahead.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <stop_token>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

namespace credcheck::import {

namespace {

class ReadAheadReader final : public GridReader {
public:
    ReadAheadReader(std::unique_ptr<GridReader> reader, ReadAheadLimits limits)
        : reader_(std::move(reader)), limits_{std::max<std::size_t>(limits.batch_rows, 1), std::max<std::size_t>(limits.batches, 1)},
          unit_(reader_->unit()), total_(reader_->total_bytes()) {}

    ~ReadAheadReader() override {
        if (thread_.joinable()) {
            thread_.request_stop();
            thread_.join(); // before the reader it uses goes
        }
    }

    bool next(GridRow& row) override {
        if (!started_) start();
        if (inline_) return reader_->next(row);
        while (position_ == current_.size()) {
            std::unique_lock lock(mutex_);
            if (!current_.empty()) {
                spare_.push_back(std::move(current_)); // its rows keep their capacity for the thread
                current_.clear();
                position_ = 0;
                changed_.notify_all();
            }
            changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
            if (ready_.empty()) {
                if (failure_) std::rethrow_exception(failure_);
                return false;
            }
            current_ = std::move(ready_.front());
            ready_.pop_front();
            position_ = 0;
        }
        std::swap(row, current_[position_++]); // the caller's old row goes back with the batch
        return true;
    }

    RowUnit unit() const noexcept override { return unit_; }
    std::uint64_t bytes_read() const override { return inline_ ? reader_->bytes_read() : bytes_read_.load(std::memory_order_relaxed); }
    std::uint64_t total_bytes() const override { return total_; }

private:
    void start() {
        started_ = true;
        try {
            thread_ = std::jthread([this](std::stop_token stop) { read(stop); });
        } catch (const std::system_error&) {
            inline_ = true; // no thread to be had: read here
        }
    }

    /// The thread: fills batches until the reader ends, throws, or the thread is asked to stop.
    void read(std::stop_token stop) {
        for (;;) {
            std::vector<GridRow> batch;
            {
                std::unique_lock lock(mutex_);
                if (!changed_.wait(lock, stop, [&] { return ready_.size() < limits_.batches; })) return;
                if (!spare_.empty()) {
                    batch = std::move(spare_.back());
                    spare_.pop_back();
                }
            }
            batch.resize(limits_.batch_rows);
            std::size_t n = 0;
            bool more = true;
            std::exception_ptr failure;
            try {
                while (n < batch.size() && !stop.stop_requested() && (more = reader_->next(batch[n]))) ++n;
            } catch (...) {
                failure = std::current_exception();
                more = false;
            }
            batch.resize(n);
            bytes_read_.store(reader_->bytes_read(), std::memory_order_relaxed);
            {
                std::lock_guard lock(mutex_);
                if (n > 0) ready_.push_back(std::move(batch));
                if (!more) {
                    finished_ = true;
                    failure_ = failure;
                }
            }
            changed_.notify_all();
            if (!more || stop.stop_requested()) return;
        }
    }

    std::unique_ptr<GridReader> reader_;
    const ReadAheadLimits limits_;
    const RowUnit unit_;
    const std::uint64_t total_;
    std::atomic<std::uint64_t> bytes_read_{0};

    // The caller's.
    bool started_ = false, inline_ = false;
    std::vector<GridRow> current_;
    std::size_t position_ = 0;

    // Shared, under mutex_.
    std::mutex mutex_;
    std::condition_variable_any changed_;
    std::deque<std::vector<GridRow>> ready_; // read, in order
    std::vector<std::vector<GridRow>> spare_; // read out, for reuse
    bool finished_ = false;                   // the reader ended or threw: nothing more comes
    std::exception_ptr failure_;              // what it threw, after the rows in ready_

    std::jthread thread_; // last: stopped and joined first
};

} // namespace

std::unique_ptr<GridReader> read_ahead(std::unique_ptr<GridReader> reader, ReadAheadLimits limits) {
    return std::make_unique<ReadAheadReader>(std::move(reader), limits);
}

} // namespace credcheck::import
