#include "workflow_util.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "credcheck/csv.hpp"

namespace credcheck::cli {

Database open_read_only(Context& context, const std::string& path) {
    return Database::open(path, read_only_options(context.principal()));
}

Database open_writable(Context& context, const std::string& path, bool require_log) {
    OpenOptions options;
    options.principal = context.principal();
    options.require_log = require_log;
    return Database::open(path, options);
}

Date date_or_today(const std::string& text, std::string_view option) {
    return text.empty() ? Date::today() : Date::parse_or_throw(text, option);
}

std::string iso_or_dash(const std::optional<Date>& d) { return d ? d->iso() : "-"; }

Output::Output(const std::string& path) : path_(path) {
    if (path_.empty()) return;
    file_.open(path_, std::ios::binary | std::ios::trunc);
    if (!file_) throw Error(Status::io_error, "cannot write " + path_);
}

void Output::finish() {
    stream().flush();
    if (!stream()) throw Error(Status::io_error, "cannot write " + (path_.empty() ? std::string("standard output") : path_));
}

void write_csv(std::ostream& out, const std::vector<std::string>& fields) { write_csv_row(out, fields); }



} // namespace credcheck::cli
