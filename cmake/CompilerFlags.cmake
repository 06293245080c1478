# Warning and sanitizer flags for every credcheck target (an INTERFACE target they all link).
add_library(credcheck_flags INTERFACE)
target_compile_options(credcheck_flags INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion)
if(CREDCHECK_WERROR)
  target_compile_options(credcheck_flags INTERFACE -Werror)
endif()
if(CREDCHECK_FUZZ)
  # libFuzzer: coverage instrumentation everywhere (the fuzz targets add -fsanitize=fuzzer at link time),
  # with ASan + UBSan, every UB report fatal so that the fuzzer records it as a crash.
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang" OR NOT CMAKE_C_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "CREDCHECK_FUZZ needs Clang (libFuzzer): configure with CC=clang CXX=clang++ (this is ${CMAKE_CXX_COMPILER_ID})")
  endif()
  target_compile_options(credcheck_flags INTERFACE -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(credcheck_flags INTERFACE -fsanitize=address,undefined)
elseif(CREDCHECK_SANITIZE)
  target_compile_options(credcheck_flags INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(credcheck_flags INTERFACE -fsanitize=address,undefined)
elseif(CREDCHECK_SANITIZE_THREAD)
  # ThreadSanitizer for the threaded parts (scripts/test --tsan): the C ABI's tests under it.
  target_compile_options(credcheck_flags INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
  target_link_options(credcheck_flags INTERFACE -fsanitize=thread)
endif()

# Turns a data file into a C++ source defining credcheck::embedded::<symbol>; rebuilt when the file changes.
function(credcheck_embed_text out_var input symbol)
  set(output "${CMAKE_CURRENT_BINARY_DIR}/embedded/${symbol}.cpp")
  add_custom_command(
    OUTPUT "${output}"
    COMMAND ${CMAKE_COMMAND} -DINPUT=${input} -DOUTPUT=${output} -DSYMBOL=${symbol} -P ${PROJECT_SOURCE_DIR}/cmake/EmbedText.cmake
    DEPENDS "${input}" "${PROJECT_SOURCE_DIR}/cmake/EmbedText.cmake"
    COMMENT "Embedding ${input}"
    VERBATIM)
  set(${out_var} "${output}" PARENT_SCOPE)
endfunction()
