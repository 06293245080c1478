# Script mode: cmake -DINPUT=file -DOUTPUT=file.cpp -DSYMBOL=name -P EmbedText.cmake
# Writes a C++ source defining credcheck::embedded::<SYMBOL> as the file's bytes.
file(READ "${INPUT}" content HEX)
string(LENGTH "${content}" hex_length)
# Emit as a brace-initialised char array: exact bytes, no escaping or raw-string delimiter issues.
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${content}")
string(REGEX REPLACE "(('\\\\x[0-9a-f][0-9a-f]',){24})" "\\1\n" bytes "${bytes}")
math(EXPR size "${hex_length} / 2")
file(WRITE "${OUTPUT}.tmp"
"// Generated from ${INPUT} by cmake/EmbedText.cmake. Do not edit.
#include <string_view>
namespace credcheck::embedded {
namespace { constexpr char data[${size} + 1] = {\n${bytes} '\\0'}; }
extern const std::string_view ${SYMBOL};
const std::string_view ${SYMBOL}{data, ${size}};
}
")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUTPUT}.tmp")
