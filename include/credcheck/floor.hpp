// credcheck/floor.hpp — the floors of the library, checked by the compiler.
//
// credcheck is built in floors, each using only the floors below it (README: Architecture):
//   1 values     identifiers, dates, the calendar's arithmetic, errors, enumerations, principals, keys
//   2 store      schema and migrations, every SQL statement, import and export, permissions
//   3 engine     the catalog, the checker, the check log, the publicity rules
//   4 workflows  dispatch and feedback, objections, repair, publication, reports, the audit trail
//   5 root       composition: database initialisation, the import with its dispatch, JSON output
// Every header of the library names its floor with CREDCHECK_FLOOR(name). While the library is built,
// each floor's files are compiled with CREDCHECK_BUILDING_FLOOR set to that floor's number, and a
// header of a higher floor stops the compilation: an upward include does not build. For a program
// using credcheck the macro is empty.
#pragma once

#define CREDCHECK_FLOOR_values 1
#define CREDCHECK_FLOOR_store 2
#define CREDCHECK_FLOOR_engine 3
#define CREDCHECK_FLOOR_workflows 4
#define CREDCHECK_FLOOR_root 5

#if defined(CREDCHECK_BUILDING_FLOOR)
#define CREDCHECK_FLOOR(name)                                                                                              \
    static_assert(CREDCHECK_FLOOR_##name <= CREDCHECK_BUILDING_FLOOR,                                                     \
                  "an upward include: this header belongs to floor '" #name "', above the floor being compiled "         \
                  "(each floor uses only the floors below it: credcheck/floor.hpp)");
#else
#define CREDCHECK_FLOOR(name)
#endif

CREDCHECK_FLOOR(values)
