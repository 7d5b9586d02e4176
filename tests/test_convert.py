"""The one converter: notices round-trip through JSON and TOML exactly."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from strategies import notices

from gzgk import NoticeFormatError, dump_notice, load_notice, load_notice_text
from gzgk.convert import structure
from gzgk.model import Notice


@settings(max_examples=150, deadline=None)
@given(notices)
def test_json_round_trip(notice: Notice) -> None:
    """Any notice survives JSON unchanged."""
    assert load_notice_text(dump_notice(notice, "json"), "json") == notice


@settings(max_examples=150, deadline=None)
@given(notices)
def test_toml_round_trip(notice: Notice) -> None:
    """Any notice survives TOML unchanged (None values are left out and come back)."""
    assert load_notice_text(dump_notice(notice, "toml"), "toml") == notice


def test_bundled_notice_round_trips() -> None:
    """The bundled notice is the same after JSON and after TOML."""
    notice = load_notice("ganzhou-2024")
    assert load_notice_text(dump_notice(notice, "json"), "json") == notice
    assert load_notice_text(dump_notice(notice, "toml"), "toml") == notice


def test_json_shape_for_tools() -> None:
    """The JSON has the documented keys, dates as ISO strings, roles by name."""
    data = json.loads(dump_notice(load_notice("ganzhou-2024"), "json"))
    assert data["issued_on"] == "2024-05-14"
    assert data["report_due"] == "2024-07-05"
    assert set(data["contact"]) >= {"office", "email", "phone"}
    task = data["tasks"][7]
    assert {k: task[k] for k in ("seq", "number", "lead", "responsible", "cooperating")} == {
        "seq": 8,
        "number": "八",
        "lead": ["各县（市、区）人民政府"],
        "responsible": ["市政府有关部门"],
        "cooperating": [],
    }


def test_structure_errors_have_paths() -> None:
    """A malformed notice names each problem with its path in the data."""
    data = {"tasks": [{"seq": 1, "number": "一", "content": "x"}], "colour": "red"}
    with pytest.raises(NoticeFormatError) as caught:
        structure(data, Notice, source="n.json")
    message = caught.value.message
    assert "  - 任务[1].title 缺失\n" in message  # the first [[tasks]], counted from 1
    assert "  - 整个文件 有不认识的字段：colour（请删除或检查拼写）" in message
    assert "“n.json”" in message


@pytest.mark.parametrize(
    ("text", "fmt", "expected"),
    [
        ("{", "json", "不是有效的 JSON：第 1 行第 2 列"),
        ("a = ", "toml", "不是有效的 TOML"),
        ('{"tasks": 3}', "json", "任务 值不对：应为列表"),
        ('{"issued_on": "2024-13-01"}', "json", "issued_on 值不对：日期应写成 2024-07-05"),
    ],
)
def test_bad_text_is_a_format_error(text: str, fmt: str, expected: str) -> None:
    """Broken JSON/TOML and wrong types are NoticeFormatError with a Chinese message."""
    with pytest.raises(NoticeFormatError, match=expected.replace("$", r"\$").replace("[", r"\[")):
        load_notice_text(text, fmt)  # type: ignore[arg-type]
