"""The Python package against the built shared object."""

import pytest

import credcheck
from credcheck import IdentifierKind


def test_the_version_handshake_reports_the_loaded_library():
    assert credcheck.library_version() == credcheck.__version__
    assert credcheck.library_version().count(".") == 2


def test_a_valid_code_comes_back_normalised_with_its_kind():
    result = credcheck.identify(" 91350100m000100y43 ")
    assert result.valid
    assert result.kind is IdentifierKind.USCC
    assert result.normalized == "91350100M000100Y43"
    assert result.error is None


@pytest.mark.parametrize(
    "code, kind",
    [
        ("D2143569-X", IdentifierKind.ORG_CODE),
        ("110108000000016", IdentifierKind.REGISTRATION_NO),
        ("11010519491231002X", IdentifierKind.CITIZEN_ID),
        ("914403001922038216", IdentifierKind.USCC),
    ],
)
def test_each_kind_is_recognised(code, kind):
    assert credcheck.identify(code).kind is kind


def test_an_invalid_code_says_where_and_why():
    result = credcheck.identify("91350100M000100Y44")
    assert not result.valid
    assert result.kind is IdentifierKind.NONE
    assert result.closest_kind is IdentifierKind.USCC
    assert result.error == "check character is '4', expected '3'"
    assert result.error_position == 18


def test_citizen_ids_are_masked_unless_asked():
    assert credcheck.identify("11010519491231002X").normalized == "110105********002X"
    assert credcheck.identify("11010519491231002X", unmask=True).normalized == "11010519491231002X"


def test_strict_mode_is_the_default():
    assert not credcheck.is_valid("94110000MA0000007X")
    assert credcheck.is_valid("94110000MA0000007X", strict=False)


def test_normalisation_can_be_turned_off():
    assert not credcheck.identify("91350100m000100y43", normalize=False).valid
