"""`credcheck validate`: output shape and exit codes."""


def test_all_valid_codes_exit_zero_with_the_json_shape(cli_json):
    code, result = cli_json("validate", "91350100M000100Y43", "D2143569-X", "110108000000016", "11010519491231002X")
    assert code == 0
    assert [r["kind"] for r in result] == ["uscc", "org_code", "registration_no", "citizen_id"]
    for r in result:
        assert set(r) >= {"input", "valid", "kind", "normalized", "error"}
        assert r["valid"] is True and r["error"] is None
    assert result[0]["parts"]["org_code"] == "M000100Y-4"
    assert result[0]["parts"]["division_name"] == "福建省"


def test_any_invalid_code_exits_one_and_says_why(cli_json):
    code, result = cli_json("validate", "91350100M000100Y43", "91350100M000100Y44")
    assert code == 1
    assert result[1] == {
        "input": "91350100M000100Y44",
        "valid": False,
        "kind": None,
        "normalized": None,
        "error": "check character is '4', expected '3'",
        "error_position": 18,
        "closest_kind": "uscc",
        "changes": [],
        "masked": False,
        "note": "",
    }


def test_strict_by_default_catches_codes_that_pass_the_check_character_by_chance(cli, cli_json):
    code, result = cli_json("validate", "94110000MA0000007X")
    assert code == 1
    assert "category '4' is not used" in result[0]["error"]
    assert cli_json("validate", "--lenient", "94110000MA0000007X")[0] == 0
    code, _, err = cli("validate", "--strict", "94110000MA0000007X")
    assert code == 2 and "--strict" in err  # retired in 1.0: strict is the default


def test_citizen_id_numbers_are_masked_unless_unmasked(cli_json):
    _, masked = cli_json("validate", "11010519491231002X")
    assert masked[0]["input"] == "110105********002X"
    assert masked[0]["normalized"] == "110105********002X"
    assert "birth_date" not in masked[0]["parts"]
    _, full = cli_json("validate", "--unmask", "11010519491231002X")
    assert full[0]["normalized"] == "11010519491231002X"
    assert full[0]["parts"]["birth_date"] == "1949-12-31"


def test_text_output_names_the_parts(cli):
    code, out, _ = cli("validate", "91420704MA00002770")
    assert code == 0
    assert "湖北省鄂州市鄂城区" in out
    assert "企业" in out


def test_usage_errors_exit_two(cli):
    assert cli("validate")[0] == 2
    assert cli("validate", "--no-such-flag", "x")[0] == 2
    assert cli("validate", "--as-of", "2017-02-30", "D2143569-X")[0] == 2
    assert cli("no-such-command")[0] == 2


def test_as_of_rejects_later_birth_dates(cli):
    assert cli("validate", "11010519491231002X", "--as-of", "1949-12-30")[0] == 1
    assert cli("validate", "11010519491231002X", "--as-of", "1949-12-31")[0] == 0


def test_every_subcommand_has_help(cli):
    code, out, _ = cli("validate", "--help")
    assert code == 0 and "Usage" in out
    code, out, _ = cli("--help")
    assert code == 0 and "validate" in out


def test_the_tour_runs_and_exits_zero(cli):
    code, out, _ = cli("validate", "--tour")
    assert code == 0
    assert "expected '1'" in out
