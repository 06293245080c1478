// import/xls_reader.hpp — Excel 97-2003 workbooks (.xls: BIFF8, and BIFF5 from Excel 5/95) read by FreeXL.
//
// FreeXL reads a whole sheet into memory (the format's 65,536 rows bound it) and is trusted with nothing:
// credcheck reads the compound file itself (what the file is: a Word document, an encrypted package, a
// workbook), checks the workbook stream record by record (a password, the cells the dimension records
// would make FreeXL allocate — refused above 256 MiB in all —, every record FreeXL would read past its end)
// and gives FreeXL a compound file it writes itself, holding only the checked records and no number
// formats (biff_sanitizer.hpp): FreeXL hands out numbers, credcheck shows the date-formatted ones as dates
// in the workbook's date system. FreeXL does not read formula results: a cell holding a formula is a row
// error saying so.
#pragma once

#include "credcheck/floor.hpp"
CREDCHECK_FLOOR(store)

#include <filesystem>
#include <memory>
#include <string>

#include "import/cell_values.hpp"
#include "import/workbook.hpp"

namespace credcheck::import {

struct XlsLimits {
    /// The cells FreeXL would allocate for every sheet together (16 bytes each): one sheet as large as the
    /// format allows (65,536 rows, 256 columns).
    std::uint64_t max_cell_bytes = std::uint64_t{256} << 20;
    /// The workbook stream, read whole for the checks.
    std::uint64_t max_stream_bytes = std::uint64_t{1} << 30;
};

/// Opens a workbook. Throws Error(invalid_argument) naming what the file is when it is no workbook
/// credcheck reads, or what was refused; Error(not_found) / Error(io_error) when it cannot be opened.
std::unique_ptr<Workbook> open_xls(const std::filesystem::path& path, std::string name, XlsLimits limits = {});
/// The same from bytes (tests, fuzzing): FreeXL reads files, so they are handed to it through an
/// anonymous in-memory file (memfd).
std::unique_ptr<Workbook> open_xls_bytes(std::string_view bytes, std::string name, XlsLimits limits = {});

/// What an OLE2 compound file holds, when it is no Excel workbook: "a Word 97-2003 document (.doc)",
/// "an encrypted (password-protected) Office document", …; nullopt for a workbook. Used by the sniffer.
std::optional<std::string> compound_file_kind(std::string_view bytes, const std::string& name);

} // namespace credcheck::import
