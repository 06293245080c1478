#include "workflow_util.hpp"

#include "import/csv_writer.hpp"

namespace credcheck::cli {

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

void write_csv(std::ostream& out, const std::vector<std::string>& fields) { import::write_csv_row(out, fields); }

} // namespace credcheck::cli
