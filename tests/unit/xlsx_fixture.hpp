// Hand-made XLSX workbooks for the reader tests: each part's XML is written by the test (so that it can
// be exactly what an attacker or an odd exporter writes), zipped in memory with libzip.
#pragma once

#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>
#include <zip.h>

namespace credcheck::test {

/// A zip archive of `entries` (name, content), in that order, as bytes. `store`: no compression.
inline std::string make_zip(const std::vector<std::pair<std::string, std::string>>& entries, bool store = false) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
    if (!buffer) throw std::runtime_error("zip_source_buffer_create");
    zip_source_keep(buffer);
    zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
    if (!archive) throw std::runtime_error("zip_open_from_source");
    for (const auto& [name, content] : entries) {
        zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
        const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
        if (index < 0) throw std::runtime_error("zip_file_add " + name);
        if (store) zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    }
    if (zip_close(archive) != 0) throw std::runtime_error("zip_close");
    zip_source_open(buffer);
    zip_source_seek(buffer, 0, SEEK_END);
    const zip_int64_t size = zip_source_tell(buffer);
    zip_source_seek(buffer, 0, SEEK_SET);
    std::string out(static_cast<std::size_t>(size), '\0');
    zip_source_read(buffer, out.data(), static_cast<zip_uint64_t>(size));
    zip_source_close(buffer);
    zip_source_free(buffer);
    return out;
}

/// A workbook: sheets by name with their <sheetData> content, shared strings, extra styles.
struct XlsxParts {
    std::vector<std::pair<std::string, std::string>> sheets; // name, the XML inside <sheetData>
    std::vector<std::string> shared_strings;
    std::string num_fmts;  // <numFmt …/> elements
    std::string cell_xfs = R"(<xf numFmtId="0"/>)"; // <xf …/> elements of cellXfs
    bool date1904 = false;
    std::vector<std::string> hidden; // names of hidden sheets
};

inline std::string xml_escape(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else out.push_back(c);
    }
    return out;
}

inline std::string make_xlsx(const XlsxParts& p) {
    const std::string ns = R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
    std::string workbook = R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook )" + ns + ">";
    workbook += p.date1904 ? R"(<workbookPr date1904="1"/>)" : "<workbookPr/>";
    workbook += "<sheets>";
    std::string rels = R"(<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)";
    std::vector<std::pair<std::string, std::string>> entries;
    for (std::size_t i = 0; i < p.sheets.size(); ++i) {
        const std::string id = std::to_string(i + 1);
        bool hidden = false;
        for (const auto& h : p.hidden) hidden |= h == p.sheets[i].first;
        workbook += "<sheet name=\"" + xml_escape(p.sheets[i].first) + "\" sheetId=\"" + id + "\" r:id=\"rId" + id + "\"" +
                    (hidden ? " state=\"hidden\"" : "") + "/>";
        rels += R"(<Relationship Id="rId)" + id +
                R"(" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet)" + id + R"(.xml"/>)";
        entries.emplace_back("xl/worksheets/sheet" + id + ".xml",
                             R"(<?xml version="1.0" encoding="UTF-8"?><worksheet )" + ns + "><dimension ref=\"A1:XFD1048576\"/><sheetData>" +
                                 p.sheets[i].second + "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:D1\"/></mergeCells></worksheet>");
    }
    workbook += "</sheets></workbook>";
    const std::size_t n = p.sheets.size();
    rels += R"(<Relationship Id="rId)" + std::to_string(n + 1) +
            R"(" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)";
    rels += R"(<Relationship Id="rId)" + std::to_string(n + 2) +
            R"(" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>)";
    rels += "</Relationships>";
    std::string strings = R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)";
    for (const auto& s : p.shared_strings) strings += "<si><t xml:space=\"preserve\">" + xml_escape(s) + "</t></si>";
    strings += "</sst>";
    const std::string styles = R"(<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts>)" +
                               p.num_fmts + R"(</numFmts><cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs>)" + p.cell_xfs + "</cellXfs></styleSheet>";
    std::vector<std::pair<std::string, std::string>> all = {
        {"[Content_Types].xml", R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)"},
        {"_rels/.rels",
         R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
        {"xl/workbook.xml", workbook},
        {"xl/_rels/workbook.xml.rels", rels},
        {"xl/sharedStrings.xml", strings},
        {"xl/styles.xml", styles},
    };
    for (auto& e : entries) all.push_back(std::move(e));
    return make_zip(all);
}

/// One sheet, shared strings and default styles.
inline std::string make_xlsx(const std::string& sheet_data, const std::vector<std::string>& strings = {}) {
    XlsxParts p;
    p.sheets = {{"Sheet1", sheet_data}};
    p.shared_strings = strings;
    return make_xlsx(p);
}

} // namespace credcheck::test
