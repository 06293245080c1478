# Test only: writes OUTPUT_DIR/credcheck.h, the header with a field appended to every versioned
# struct (as a later 1.x release would append one), and copies the C ABI's sources beside it, so that
# they compile against it (their #include "credcheck.h" finds the copy first).
file(READ ${SOURCE_DIR}/credcheck.h header)
string(REPLACE ";" "@SEMICOLON@" header "${header}") # CMake lists split on ';'
string(REGEX MATCHALL "typedef struct credcheck_[a-z_]+ {[^}]*} credcheck_[a-z_]+@SEMICOLON@" structs "${header}")
list(LENGTH structs count)
if(count LESS 10)
  message(FATAL_ERROR "grow_structs: found only ${count} structs in credcheck.h")
endif()
foreach(struct IN LISTS structs)
  string(REGEX REPLACE "\n} (credcheck_[a-z_]+)@SEMICOLON@$" "\n    long long appended_in_a_later_release@SEMICOLON@ /* test only */\n} \\1@SEMICOLON@" grown "${struct}")
  string(REPLACE "${struct}" "${grown}" header "${header}")
endforeach()
string(REPLACE "@SEMICOLON@" ";" header "${header}")
file(WRITE ${OUTPUT_DIR}/credcheck.h "${header}")
foreach(source credcheck.cpp workflows.cpp import_options.cpp capi_internal.hpp enums.hpp)
  configure_file(${SOURCE_DIR}/${source} ${OUTPUT_DIR}/${source} COPYONLY)
endforeach()
message(STATUS "grow_structs: appended a field to ${count} structs")
