// import/xml_stream.hpp — expat, pushed chunk by chunk, for the XML inside workbooks (XLSX parts,
// SpreadsheetML 2003). What attackers put in XML is refused outright: a document type declaration (the
// door to entity expansion, "billion laughs", and external entities), and nesting deeper than any
// workbook needs. Element and attribute names are handed out without their namespace prefix.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

struct XML_ParserStruct;

namespace credcheck::import {

/// The attributes of a start tag, looked up by local name.
class XmlAttributes {
public:
    explicit XmlAttributes(const char** pairs) noexcept : pairs_(pairs) {}
    std::optional<std::string_view> get(std::string_view local_name) const noexcept;
    /// Calls f(local name, value) for each attribute: one pass for a caller that wants several.
    template <class F> void each(F&& f) const;

private:
    const char** pairs_;
};

std::string_view xml_local_name(const char* name) noexcept;

template <class F> void XmlAttributes::each(F&& f) const {
    for (const char** a = pairs_; a && *a; a += 2) f(xml_local_name(a[0]), std::string_view(a[1]));
}

class XmlEvents {
public:
    virtual ~XmlEvents() = default;
    virtual void start(std::string_view name, const XmlAttributes& attributes) = 0;
    virtual void end(std::string_view name) = 0;
    /// Character data, in pieces: one text node may come in several calls.
    virtual void text(std::string_view text) = 0;
};

class XmlParser {
public:
    /// `what` names the document in messages ("book.xlsx: xl/worksheets/sheet1.xml"). `encoding`
    /// overrides the document's own declaration (the caller transcoded it to UTF-8 itself).
    XmlParser(XmlEvents& events, std::string what, const char* encoding = nullptr);
    ~XmlParser();
    XmlParser(const XmlParser&) = delete;
    XmlParser& operator=(const XmlParser&) = delete;

    /// Parses the next chunk (`last`: no more follow). Throws Error(invalid_argument) naming the line
    /// and column of malformed XML or of what was refused, or rethrows what an event handler threw.
    void parse(std::string_view chunk, bool last);

    /// From an event handler: stop, and make parse() throw this Error(invalid_argument) message.
    void fail(std::string message);
    /// From an event handler: stop without an error; parse() returns and ignores what follows.
    void finish();
    bool finished() const noexcept { return finished_; }

    /// The position of the event being handled, for messages.
    std::uint64_t line() const noexcept;
    const std::string& what() const noexcept { return what_; }

private:
    static void on_start(void* self, const char* name, const char** attributes);
    static void on_end(void* self, const char* name);
    static void on_text(void* self, const char* text, int length);
    static void on_doctype(void* self, const char* name, const char* system_id, const char* public_id, int has_internal_subset);
    static void on_entity(void* self, const char* name, int parameter, const char* value, int length, const char* base, const char* system_id,
                          const char* public_id, const char* notation);
    void stop_with(std::exception_ptr error) noexcept;

    XML_ParserStruct* parser_;
    XmlEvents& events_;
    std::string what_;
    std::exception_ptr error_;
    bool finished_ = false;
    int depth_ = 0;
};

} // namespace credcheck::import
