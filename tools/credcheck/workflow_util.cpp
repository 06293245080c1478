#include "workflow_util.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "import/csv_writer.hpp"
#include "import/table_reader.hpp"

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

void write_csv(std::ostream& out, const std::vector<std::string>& fields) { import::write_csv_row(out, fields); }

/// The routes of a CSV file with the header `measure,department[,department_uscc]`.
std::vector<MeasureRoute> read_routes(const std::string& path) {
    auto reader = import::TableReader::open(path, import::FileFormat::csv, import::Encoding::utf8);
    const auto& header = reader->header();
    const auto column = [&](std::string_view name) -> std::optional<std::size_t> {
        const auto it = std::find(header.begin(), header.end(), name);
        return it == header.end() ? std::nullopt : std::optional<std::size_t>(static_cast<std::size_t>(it - header.begin()));
    };
    const auto measure = column("measure"), department = column("department"), uscc = column("department_uscc");
    if (!measure || !department)
        throw Error(Status::invalid_argument, fmt::format("{}: the header must name the columns measure,department[,department_uscc]", path));
    std::vector<MeasureRoute> routes;
    import::SourceRow row;
    while (reader->next(row)) {
        if (row.error) throw Error(Status::invalid_argument, fmt::format("{}: {}", path, *row.error));
        MeasureRoute r{row.fields[*measure], row.fields[*department], std::nullopt};
        if (uscc && !row.fields[*uscc].empty()) r.department_uscc = row.fields[*uscc];
        if (r.measure_code.empty() || r.department.empty())
            throw Error(Status::invalid_argument, fmt::format("{} line {}: a route needs a measure and a department", path, row.line));
        routes.push_back(std::move(r));
    }
    if (routes.empty()) throw Error(Status::invalid_argument, fmt::format("{}: no routes", path));
    return routes;
}


} // namespace credcheck::cli
