#include "import/format_sniffer.hpp"

#include <algorithm>
#include <fmt/format.h>

#include "import/compound_file.hpp"

namespace credcheck::import {

namespace {

bool contains_ignoring_case(std::string_view haystack, std::string_view needle) {
    const auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        return lower(a) == lower(b);
    });
    return it != haystack.end();
}

bool has_entry(const std::vector<std::string>& entries, std::string_view name) {
    return std::any_of(entries.begin(), entries.end(), [&](const std::string& e) {
        return e.size() == name.size() && contains_ignoring_case(e, name);
    });
}

bool has_prefix(const std::vector<std::string>& entries, std::string_view prefix) {
    return std::any_of(entries.begin(), entries.end(), [&](const std::string& e) { return e.starts_with(prefix); });
}

Sniffed refused(std::string what) { return Sniffed{std::nullopt, std::move(what)}; }

Sniffed sniff_zip(const std::vector<std::string>& entries) {
    if (has_entry(entries, "xl/workbook.xml") || (has_entry(entries, "[Content_Types].xml") && has_prefix(entries, "xl/worksheets/")))
        return Sniffed{SourceFormat::xlsx, {}};
    if (has_entry(entries, "xl/workbook.bin")) return refused("an Excel binary workbook (.xlsb), which credcheck does not read: save it as .xlsx");
    if (has_entry(entries, "word/document.xml")) return refused("a Word document (.docx), not a workbook");
    if (has_entry(entries, "ppt/presentation.xml")) return refused("a PowerPoint presentation (.pptx), not a workbook");
    if (has_entry(entries, "mimetype") && has_entry(entries, "content.xml"))
        return refused("an OpenDocument file (.ods, .odt), which credcheck does not read: save it as .xlsx");
    std::string names;
    const std::size_t shown = std::min<std::size_t>(entries.size(), 5);
    for (std::size_t i = 0; i < shown; ++i) names += (names.empty() ? "" : ", ") + entries[i];
    if (entries.size() > shown) names += fmt::format(", … ({} in all)", entries.size());
    return refused(fmt::format("a zip archive that is not a workbook (it holds {}): unzip it and import the files inside",
                               entries.empty() ? std::string("nothing") : names));
}

} // namespace

std::string_view format_description(SourceFormat format) noexcept {
    switch (format) {
    case SourceFormat::csv: return "CSV";
    case SourceFormat::jsonl: return "JSON Lines";
    case SourceFormat::xlsx: return "XLSX (Office Open XML workbook)";
    case SourceFormat::xls: return "XLS (Excel 97-2003 workbook)";
    case SourceFormat::spreadsheetml: return "SpreadsheetML (Excel 2003 XML workbook)";
    case SourceFormat::html: return "HTML table";
    }
    return "unknown";
}

bool looks_like_text(std::string_view head) noexcept { return head.find('\0') == std::string_view::npos; }

Sniffed sniff(std::string_view head, const std::function<std::vector<std::string>()>& zip_entries) {
    if (head.starts_with("PK\x03\x04") || head.starts_with(std::string_view("PK\x05\x06", 4))) return sniff_zip(zip_entries());
    if (head.starts_with(kCompoundFileSignature)) return Sniffed{SourceFormat::xls, {}};
    if (head.starts_with("%PDF")) return refused("a PDF document: credcheck reads tables, not documents; ask for the workbook or CSV");
    if (head.starts_with("\x1F\x8B")) return refused("a gzip-compressed file: decompress it first");
    if (head.starts_with("Rar!")) return refused("a RAR archive: extract it first");
    if (head.starts_with("7z\xBC\xAF")) return refused("a 7-Zip archive: extract it first");
    if (head.starts_with("\x89PNG") || head.starts_with("\xFF\xD8\xFF")) return refused("an image, not a table");
    if (head.starts_with("{\\rtf")) return refused("a Rich Text (RTF) document, not a table");
    if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF"))
        return refused("UTF-16 text (what Excel saves as \"Unicode Text\"): save it as \"CSV UTF-8\" or as .xlsx");
    std::string_view text = head;
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\r' || text.front() == '\n')) text.remove_prefix(1);
    if (!looks_like_text(head)) {
        std::string bytes;
        for (std::size_t i = 0; i < std::min<std::size_t>(head.size(), 4); ++i)
            bytes += fmt::format("{}0x{:02X}", bytes.empty() ? "" : " ", static_cast<unsigned char>(head[i]));
        return refused(fmt::format("a binary file of a kind credcheck does not know (it starts with {})", bytes));
    }
    if (text.starts_with("<?xml")) {
        if (contains_ignoring_case(head, "urn:schemas-microsoft-com:office:spreadsheet") || head.find("<Workbook") != std::string_view::npos)
            return Sniffed{SourceFormat::spreadsheetml, {}};
        if (contains_ignoring_case(head, "<html")) return Sniffed{SourceFormat::html, {}};
        return refused("an XML document that is not an Excel 2003 XML workbook");
    }
    if (text.starts_with("<") &&
        (contains_ignoring_case(head, "<html") || contains_ignoring_case(head, "<table") || contains_ignoring_case(head, "<!doctype html")))
        return Sniffed{SourceFormat::html, {}};
    if (text.starts_with("{")) return Sniffed{SourceFormat::jsonl, {}};
    return Sniffed{SourceFormat::csv, {}};
}

} // namespace credcheck::import
