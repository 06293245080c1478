# Test only: writes OUTPUT_DIR/credcheck.h, a changed copy of the header, and copies the C ABI's
# sources beside it, so that they compile against it (their #include "credcheck.h" finds the copy first).
#   MODE=append  (default) a field appended to every versioned struct, as a later 1.x release would
#                append one: callers built against 1.0 must keep working, and abidiff must accept it.
#   MODE=insert  a field inserted after credcheck_check_request's size, a change no release may make:
#                abidiff must refuse it (tests: capi.abidiff_refuses_a_moved_field).
if(NOT MODE)
  set(MODE append)
endif()
file(READ ${SOURCE_DIR}/credcheck.h header)
string(REPLACE ";" "@SEMICOLON@" header "${header}") # CMake lists split on ';'
string(REGEX MATCHALL "typedef struct credcheck_[a-z_]+ {[^}]*} credcheck_[a-z_]+@SEMICOLON@" structs "${header}")
list(LENGTH structs count)
if(count LESS 10)
  message(FATAL_ERROR "grow_structs: found only ${count} structs in credcheck.h")
endif()
if(MODE STREQUAL "insert")
  string(REPLACE "typedef struct credcheck_check_request {\n    size_t size@SEMICOLON@"
                 "typedef struct credcheck_check_request {\n    size_t size@SEMICOLON@\n    const char* inserted_in_the_middle@SEMICOLON@ /* test only */" changed "${header}")
  if(changed STREQUAL header)
    message(FATAL_ERROR "grow_structs: credcheck_check_request does not start with size")
  endif()
  set(header "${changed}")
  set(structs "")
endif()
foreach(struct IN LISTS structs)
  string(REGEX REPLACE "\n} (credcheck_[a-z_]+)@SEMICOLON@$" "\n    long long appended_in_a_later_release@SEMICOLON@ /* test only */\n} \\1@SEMICOLON@" grown "${struct}")
  string(REPLACE "${struct}" "${grown}" header "${header}")
endforeach()
string(REPLACE "@SEMICOLON@" ";" header "${header}")
file(WRITE ${OUTPUT_DIR}/credcheck.h "${header}")
foreach(source credcheck.cpp workflows.cpp feed.cpp import_options.cpp capi_internal.hpp enums.hpp)
  configure_file(${SOURCE_DIR}/${source} ${OUTPUT_DIR}/${source} COPYONLY)
endforeach()
message(STATUS "grow_structs (${MODE}): ${count} structs")
