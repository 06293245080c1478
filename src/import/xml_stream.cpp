#include "import/xml_stream.hpp"

#include <cstring>
#include <expat.h>
#include <fmt/format.h>
#include <limits>
#include <new>

#include "credcheck/error.hpp"

namespace credcheck::import {

namespace {

// Workbook XML nests a handful of levels (worksheet, sheetData, row, c, is, r, t); rich text a few more.
constexpr int kMaxDepth = 64;

/// A qualified name without its prefix ("x:c" → "c", "r:id" → "id"), in one pass. The parser does not
/// resolve namespaces (a third of expat's time on a sheet): workbook parts use no two elements or
/// attributes of one local name in different namespaces where credcheck reads them.
std::string_view local_name(const char* name) noexcept {
    const char* start = name;
    const char* p = name;
    for (; *p; ++p)
        if (*p == ':') start = p + 1;
    return std::string_view(start, static_cast<std::size_t>(p - start));
}

} // namespace

std::string_view xml_local_name(const char* name) noexcept { return local_name(name); }

std::optional<std::string_view> XmlAttributes::get(std::string_view wanted) const noexcept {
    for (const char** a = pairs_; a && *a; a += 2)
        if (local_name(a[0]) == wanted) return std::string_view(a[1]);
    return std::nullopt;
}

XmlParser::XmlParser(XmlEvents& events, std::string what, const char* encoding)
    : parser_(XML_ParserCreate(encoding)), events_(events), what_(std::move(what)) {
    if (!parser_) throw std::bad_alloc();
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, &XmlParser::on_start, &XmlParser::on_end);
    XML_SetCharacterDataHandler(parser_, &XmlParser::on_text);
    XML_SetStartDoctypeDeclHandler(parser_, &XmlParser::on_doctype);
    XML_SetEntityDeclHandler(parser_, &XmlParser::on_entity);
    XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
}

XmlParser::~XmlParser() { XML_ParserFree(parser_); }

std::uint64_t XmlParser::line() const noexcept { return XML_GetCurrentLineNumber(parser_); }

void XmlParser::stop_with(std::exception_ptr error) noexcept {
    if (!error_) error_ = std::move(error);
    XML_StopParser(parser_, XML_FALSE);
}

void XmlParser::fail(std::string message) {
    stop_with(std::make_exception_ptr(Error(
        Status::invalid_argument, fmt::format("{}: line {}, column {}: {}", what_, XML_GetCurrentLineNumber(parser_),
                                              XML_GetCurrentColumnNumber(parser_) + 1, message))));
}

void XmlParser::finish() {
    finished_ = true;
    XML_StopParser(parser_, XML_FALSE);
}

void XmlParser::parse(std::string_view chunk, bool last) {
    if (finished_) return;
    // expat takes an int length: feed a long chunk in pieces.
    constexpr std::size_t kPiece = std::size_t{1} << 30;
    do {
        const std::size_t n = std::min(chunk.size(), kPiece);
        const bool final_piece = last && n == chunk.size();
        const XML_Status status = XML_Parse(parser_, chunk.data(), static_cast<int>(n), final_piece ? XML_TRUE : XML_FALSE);
        if (error_) std::rethrow_exception(error_);
        if (finished_) return;
        if (status != XML_STATUS_OK) {
            const XML_Error code = XML_GetErrorCode(parser_);
            if (code == XML_ERROR_NO_MEMORY) throw std::bad_alloc();
            throw Error(Status::invalid_argument,
                        fmt::format("{}: not well-formed XML at line {}, column {}: {}", what_, XML_GetCurrentLineNumber(parser_),
                                    XML_GetCurrentColumnNumber(parser_) + 1, XML_ErrorString(code)));
        }
        chunk.remove_prefix(n);
    } while (!chunk.empty());
}

// The handlers run inside expat's C frames: nothing may unwind through them. Whatever a handler throws
// is kept, the parser stopped, and parse() rethrows it.

void XmlParser::on_start(void* user, const char* name, const char** attributes) {
    auto* self = static_cast<XmlParser*>(user);
    if (self->error_ || self->finished_) return; // expat may call a handler or two after a stop
    try {
        if (++self->depth_ > kMaxDepth) return self->fail(fmt::format("elements nested more than {} deep: refused", kMaxDepth));
        self->events_.start(local_name(name), XmlAttributes(attributes));
    } catch (...) {
        self->stop_with(std::current_exception());
    }
}

void XmlParser::on_end(void* user, const char* name) {
    auto* self = static_cast<XmlParser*>(user);
    if (self->error_ || self->finished_) return;
    try {
        --self->depth_;
        self->events_.end(local_name(name));
    } catch (...) {
        self->stop_with(std::current_exception());
    }
}

void XmlParser::on_text(void* user, const char* text, int length) {
    auto* self = static_cast<XmlParser*>(user);
    if (self->error_ || self->finished_) return;
    try {
        self->events_.text(std::string_view(text, static_cast<std::size_t>(length)));
    } catch (...) {
        self->stop_with(std::current_exception());
    }
}

void XmlParser::on_doctype(void* user, const char*, const char*, const char*, int) {
    auto* self = static_cast<XmlParser*>(user);
    try {
        self->fail("a document type declaration (<!DOCTYPE>), which no workbook has: refused, since entity definitions are how "
                   "XML bombs and external-entity attacks work");
    } catch (...) {
        self->stop_with(std::current_exception());
    }
}

void XmlParser::on_entity(void* user, const char*, int, const char*, int, const char*, const char*, const char*, const char*) {
    auto* self = static_cast<XmlParser*>(user);
    try {
        self->fail("an entity declaration: refused");
    } catch (...) {
        self->stop_with(std::current_exception());
    }
}

} // namespace credcheck::import
