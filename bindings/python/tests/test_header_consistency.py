"""The Python package's ctypes declarations are the header's: every function, struct and number of
capi/credcheck.h, parsed from the header itself (pycparser over the preprocessed text, the #defines
read from the source), so that the two can never drift apart."""

from __future__ import annotations

import ctypes
import os
import re
import subprocess
from pathlib import Path

import pytest
from pycparser import c_ast, c_parser

from credcheck import _native

HEADER = Path(os.environ.get("CREDCHECK_SOURCE_DIR", Path(__file__).resolve().parents[3])) / "capi" / "credcheck.h"

# Macros that are not numbers of the ABI: the version of one build, the include guard, attributes.
NOT_ABI_NUMBERS = {"CREDCHECK_H", "CREDCHECK_API", "CREDCHECK_BUILDING", "CREDCHECK_VERSION_MAJOR", "CREDCHECK_VERSION_MINOR",
                   "CREDCHECK_VERSION_PATCH", "CREDCHECK_VERSION_STRING", "CREDCHECK_VERSION_NUMBER"}


@pytest.fixture(scope="module")
def header(tmp_path_factory) -> c_ast.FileAST:
    """The header's declarations, preprocessed against a stand-in <stddef.h> (pycparser reads C99, not
    the compiler's own headers) with __GNUC__ unset so that CREDCHECK_API is empty."""
    fake = tmp_path_factory.mktemp("fake_libc")
    (fake / "stddef.h").write_text("typedef unsigned long size_t;\n#define NULL ((void*)0)\n")
    text = subprocess.run(["gcc", "-E", "-P", "-nostdinc", "-U__GNUC__", "-I", str(fake), str(HEADER)], check=True,
                          capture_output=True, text=True).stdout
    return c_parser.CParser().parse(text, str(HEADER))


def header_numbers(ast: c_ast.FileAST) -> dict[str, int]:
    """Every enumerator and every numeric #define of the header."""
    numbers: dict[str, int] = {}

    class Enums(c_ast.NodeVisitor):
        def visit_Enumerator(self, node):
            numbers[node.name] = int(node.value.value, 0)

    Enums().visit(ast)
    for name, value in re.findall(r"^#define (CREDCHECK_\w+) (0x[0-9a-fA-F]+|\d+)u?\b", HEADER.read_text(), re.M):
        numbers[name] = int(value, 0)
    return {k: v for k, v in numbers.items() if k not in NOT_ABI_NUMBERS}


def test_the_numbers_agree(header):
    numbers = header_numbers(header)
    assert len(numbers) > 80
    declared = {name: getattr(_native, name) for name in dir(_native) if name.startswith("CREDCHECK_")}
    wrong = {name: (value, numbers.get(name)) for name, value in declared.items() if numbers.get(name) != value}
    assert not wrong, f"the package's numbers differ from credcheck.h (package, header): {wrong}"
    missing = sorted(set(numbers) - set(declared) - {"CREDCHECK_ABI_VERSION"})
    assert not missing, f"numbers of credcheck.h the package does not declare: {missing}"
    assert _native.ABI_VERSION == numbers["CREDCHECK_ABI_VERSION"]


def c_type_name(node) -> str:
    """A declaration's type as a short C spelling: "int", "const char*", "credcheck_db**", "char[]"."""
    if isinstance(node, c_ast.TypeDecl):
        inner = node.type
        base = " ".join(inner.names) if isinstance(inner, c_ast.IdentifierType) else inner.name
        return ("const " if "const" in node.quals else "") + base
    if isinstance(node, c_ast.PtrDecl):
        return c_type_name(node.type) + "*"
    if isinstance(node, c_ast.ArrayDecl):
        return c_type_name(node.type) + "*"  # a parameter array is a pointer
    raise AssertionError(f"unexpected declaration {node!r}")


STRUCT_TYPES = {name: cls for name, cls in _native.STRUCTS.items()}


def ctypes_for(c_type: str):
    """The ctypes type the package must use for a C type."""
    scalars = {"int": ctypes.c_int, "unsigned": ctypes.c_uint, "unsigned int": ctypes.c_uint, "size_t": ctypes.c_size_t,
               "long long": ctypes.c_longlong, "unsigned long long": ctypes.c_ulonglong}
    plain = c_type.replace("const ", "")
    if plain in scalars:
        return scalars[plain]
    if plain in ("char*",):
        return ctypes.c_char_p
    if plain == "void*":
        return ctypes.c_void_p
    if plain in ("credcheck_db*", "credcheck_decision*"):
        return ctypes.c_void_p  # opaque handles
    if plain in ("credcheck_db**", "credcheck_decision**"):
        return ctypes.POINTER(ctypes.c_void_p)
    if plain == "char**":  # out_json (freed with credcheck_free), or a list of strings
        return (ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_char_p))
    if plain.endswith("*") and plain[:-1] in STRUCT_TYPES:
        return ctypes.POINTER(STRUCT_TYPES[plain[:-1]])
    if plain in ("int*",):
        return ctypes.POINTER(ctypes.c_int)
    if plain in ("long long*",):
        return ctypes.POINTER(ctypes.c_longlong)
    if plain == "char* const*":
        return ctypes.POINTER(ctypes.c_char_p)
    raise AssertionError(f"no ctypes mapping for {c_type}")


def same(expected, actual) -> bool:
    if isinstance(expected, tuple):
        return any(same(e, actual) for e in expected)
    return expected == actual


def header_functions(ast: c_ast.FileAST) -> dict[str, tuple[str, list[str]]]:
    out = {}
    for node in ast.ext:
        if isinstance(node, c_ast.Decl) and isinstance(node.type, c_ast.FuncDecl):
            func = node.type
            result = c_type_name(func.type)
            params = []
            for p in (func.args.params if func.args else []):
                if isinstance(p, c_ast.Typename) and c_type_name(p.type) == "void":
                    continue
                params.append(c_type_name(p.type))
            out[node.name] = (result, params)
    return out


def test_every_function_is_declared_as_the_header_declares_it(header):
    functions = header_functions(header)
    assert len(functions) > 50
    missing = sorted(set(functions) - set(_native._PROTOTYPES))
    extra = sorted(set(_native._PROTOTYPES) - set(functions))
    assert not missing, f"functions of credcheck.h the package does not declare: {missing}"
    assert not extra, f"functions the package declares that credcheck.h does not have: {extra}"
    problems = []
    for name, (result, params) in functions.items():
        restype, argtypes = _native._PROTOTYPES[name]
        expected_result = None if result == "void" else ctypes_for(result)
        if not same(expected_result, restype):
            problems.append(f"{name}: returns {result}, the package says {restype}")
        if len(params) != len(argtypes):
            problems.append(f"{name}: {len(params)} parameters, the package declares {len(argtypes)}")
            continue
        for i, (c_type, py_type) in enumerate(zip(params, argtypes)):
            if c_type == "char*" and py_type == ctypes.c_char_p:
                continue  # a caller's buffer (CREDCHECK_DATE_SIZE): created with create_string_buffer
            if not same(ctypes_for(c_type), py_type):
                problems.append(f"{name}: parameter {i + 1} is {c_type}, the package says {py_type}")
    assert not problems, "\n".join(problems)


def header_structs(ast: c_ast.FileAST) -> dict[str, list[tuple[str, str]]]:
    out = {}

    class Structs(c_ast.NodeVisitor):
        def visit_Struct(self, node):
            if node.decls and node.name:
                fields = []
                for d in node.decls:
                    fields.append((d.name, c_type_name(d.type)))
                out[node.name] = fields

    Structs().visit(ast)
    return out


def test_every_struct_has_the_headers_layout(header):
    structs = header_structs(header)
    versioned = {name for name, fields in structs.items() if fields and fields[0] == ("size", "size_t")}
    assert versioned == set(_native.STRUCTS), "the package's structs are not the header's versioned structs"
    for name, fields in structs.items():
        cls = _native.STRUCTS[name]
        declared = cls._fields_
        assert [f for f, _ in declared] == [f for f, _ in fields], f"{name}: fields differ"
        for (field, c_type), (_, py_type) in zip(fields, declared):
            assert same(ctypes_for(c_type), py_type), f"{name}.{field} is {c_type}, the package says {py_type}"


def test_struct_sizes_are_what_the_library_was_built_with(tmp_path):
    """The sizes ctypes computes are the C compiler's, for the same header."""
    program = tmp_path / "sizes.c"
    program.write_text('#include <stdio.h>\n#include "credcheck.h"\nint main(void) {\n' +
                       "".join(f'    printf("{n} %zu\\n", sizeof({n}));\n' for n in _native.STRUCTS) + "    return 0;\n}\n")
    binary = tmp_path / "sizes"
    subprocess.run(["gcc", "-std=c99", "-I", str(HEADER.parent), str(program), "-o", str(binary)], check=True)
    sizes = dict(line.split() for line in subprocess.run([str(binary)], check=True, capture_output=True, text=True).stdout.splitlines())
    for name, cls in _native.STRUCTS.items():
        assert int(sizes[name]) == ctypes.sizeof(cls), f"{name}: C says {sizes[name]} bytes, ctypes {ctypes.sizeof(cls)}"


def test_each_exception_carries_its_headers_status(header):
    import credcheck

    numbers = header_numbers(header)
    pairs = {"InvalidArgumentError": "CREDCHECK_INVALID_ARGUMENT", "InvalidIdentifierError": "CREDCHECK_INVALID_IDENTIFIER",
             "NotFoundError": "CREDCHECK_NOT_FOUND", "IOError_": "CREDCHECK_IO_ERROR", "DatabaseError": "CREDCHECK_DATABASE_ERROR",
             "SchemaTooNewError": "CREDCHECK_SCHEMA_TOO_NEW", "ImportRejectedError": "CREDCHECK_IMPORT_REJECTED",
             "CatalogInvalidError": "CREDCHECK_CATALOG_INVALID", "PermissionDeniedError": "CREDCHECK_PERMISSION_DENIED",
             "ConflictError": "CREDCHECK_CONFLICT", "CalendarNotCoveredError": "CREDCHECK_CALENDAR_NOT_COVERED",
             "BusyError": "CREDCHECK_BUSY", "InternalError": "CREDCHECK_INTERNAL", "MisuseError": "CREDCHECK_MISUSE",
             "StructTooNewError": "CREDCHECK_STRUCT_TOO_NEW", "FeedRefusedError": "CREDCHECK_FEED_REFUSED"}
    for cls, status in pairs.items():
        assert getattr(credcheck, cls).status == numbers[status], cls
