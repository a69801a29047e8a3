"""One language rule and one catalogue (issue 27): every message the code asks for exists in
Chinese with the same fields, the compiled catalogue matches its source, and the code picks
a language by itself in fewer and fewer places."""
import pytest

import messages
from messages import catalogue

import lang_scan

BRANCH_BUDGET = 0
"""Inline language branches still in the code (tests/language/lang_scan.py lists them); this
number only goes down: issue 27 took it to 0, and 0 it stays."""

CHINESE_BUDGET = 215
"""Chinese string literals outside the catalogue and the exempt vocabularies below."""

EXEMPT = {
    "registry/columns.py": "the column headers offices write in their registries (input, not output)",
    "registry/values.py": "the words offices write in registry cells (无, 是, 箱 ...): input vocabulary",
}


def test_every_message_is_in_chinese_with_the_same_fields_and_compiled():
    assert catalogue.problems() == []


@pytest.mark.parametrize("given, environ, expected", [
    ("en", {"STORMDRILL_LANG": "zh", "LANG": "zh_CN.UTF-8"}, "en"),
    (None, {"STORMDRILL_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
    (None, {"LANG": "en_US.UTF-8"}, "en"),
    (None, {"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
    (None, {"LANGUAGE": "en_GB:zh", "LANG": "zh_CN.UTF-8"}, "en"),
    (None, {"LANG": "C.UTF-8"}, "zh"),
    (None, {"LANG": "fr_FR.UTF-8"}, "zh"),
    (None, {}, "zh"),
])
def test_one_language_rule(given, environ, expected):
    assert messages.choose(given, environ) == expected


def test_a_language_stormdrill_does_not_speak_is_refused_naming_where_it_came_from():
    with pytest.raises(messages.LangError, match="STORMDRILL_LANG='fr'"):
        messages.choose(None, {"STORMDRILL_LANG": "fr"})
    with pytest.raises(messages.LangError, match="--lang: 'de'"):
        messages.choose("de", {})


def test_messages_are_chinese_in_zh_and_english_in_en():
    zh, en = messages.texts("zh"), messages.texts("en")
    assert zh("FAIL") == "未通过" and en("FAIL") == "FAIL"
    assert zh.plural("{n} more reason", "{n} more reasons", 3) == "另有 3 条原因"
    assert en.plural("{n} more reason", "{n} more reasons", 1) == "1 more reason"
    assert zh.join(["a", "b"]) == "a、b" and en.join(["a", "b"]) == "a, b"


def test_inline_language_branches_stay_within_budget():
    found = lang_scan.report()
    n = sum(len(v["branches"]) for v in found.values())
    assert n <= BRANCH_BUDGET, f"{n} inline language branches (budget {BRANCH_BUDGET}): python tests/language/lang_scan.py"


def test_chinese_literals_stay_within_budget():
    found = lang_scan.report()
    n = sum(len(v["chinese"]) for path, v in found.items() if path not in EXEMPT)
    assert n <= CHINESE_BUDGET, f"{n} Chinese literals in code (budget {CHINESE_BUDGET}): python tests/language/lang_scan.py"


def test_two_packages_translating_one_message_differently_is_a_problem(tmp_path, monkeypatch):
    from babel.messages.catalog import Catalog

    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path)
    for domain, chinese in (("sim", "开放"), ("viz", "已开放")):
        po = Catalog(locale="zh")
        po.add("open", chinese)
        catalogue.write(po, "zh", domain)
    assert len(catalogue.conflicts(("sim", "viz"))) == 1 and "only one can be shown" in catalogue.conflicts()[0]
