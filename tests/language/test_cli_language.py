"""One language on the command line: every command answers ``--help`` in Chinese under
STORMDRILL_LANG=zh and in English under an English locale, argparse's own words included,
and its errors follow the same rule (issue 27)."""
import os
import re
import subprocess
import sys

import pytest

import messages
from stormdrill import options
from stormdrill.cli import COMMANDS, build_parser, main

CJK = re.compile(r"[\u3400-\u9fff]")
def _parser(command, lang):
    return build_parser(messages.texts(lang), command)._subparsers._group_actions[0].choices[command]


def _texts(parser):
    """The description and every help text of *parser*, as a user reads them."""
    helps = [a.help % {"default": a.default} for a in parser._actions if a.help and a.help != "==SUPPRESS=="]
    return [parser.description] + helps


def _help(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_answers_help_in_chinese(command, monkeypatch, capsys):
    monkeypatch.setenv("STORMDRILL_LANG", "zh")
    text = _help(command, capsys)
    assert text.startswith(f"用法：stormdrill {command}")
    assert "选项:" in text and "显示本帮助并退出" in text and "usage" not in text and "options" not in text
    english = [t for t in _texts(_parser(command, "zh")) if not CJK.search(t)]
    assert english == []


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_answers_help_in_english_under_an_english_locale(command, monkeypatch, capsys):
    monkeypatch.delenv("STORMDRILL_LANG")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    text = _help(command, capsys)
    assert text.startswith(f"usage: stormdrill {command}")
    assert "options:" in text and "show this help message and exit" in text and "用法" not in text


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_takes_lang(command):
    parser = _parser(command, "en")
    lang = [a for a in parser._actions if "--lang" in a.option_strings]
    assert lang and tuple(lang[0].choices) == messages.LANGS


def test_the_program_lists_its_commands_in_the_chosen_language():
    env = {k: v for k, v in os.environ.items() if k not in ("STORMDRILL_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES")}

    def program(*argv, **more):
        return subprocess.run([sys.executable, "-m", "stormdrill.cli", *argv], env={**env, **more},
                              capture_output=True, text=True, check=True).stdout

    english = program("--help", LANG="en_US.UTF-8")
    chinese = program("--help", STORMDRILL_LANG="zh", LANG="en_US.UTF-8")
    flagged = program("--lang", "en", "--help", STORMDRILL_LANG="zh")
    assert english.startswith("usage: stormdrill") and "run a scenario in plan mode" in english
    assert chinese.startswith("用法：stormdrill") and "以预案模式运行情景" in chinese
    assert flagged == english  # --lang beats the environment
    for name in COMMANDS:
        assert f"    {name}" in english and f"    {name}" in chinese


def test_argparse_errors_and_our_own_are_said_in_the_chosen_language(monkeypatch, capsys):
    monkeypatch.setenv("STORMDRILL_LANG", "zh")
    with pytest.raises(SystemExit):
        main(["run", "--seed", "x"])
    err = capsys.readouterr().err
    assert "用法：stormdrill run" in err and "错误：参数 --seed：'x' 不是不小于 0 的整数" in err
    with pytest.raises(SystemExit):
        main(["run", "--lang", "fr"])
    assert "无效的选项：'fr'（可选：'zh', 'en'）" in capsys.readouterr().err
    assert main(["run", "--builtin", "--set", "nonsense"]) == 2
    assert "--set 'nonsense'：请写作 路径=值" in capsys.readouterr().err
    assert main(["run", "--builtin", "--set", "nonsense", "--lang", "en"]) == 2
    assert "--set 'nonsense': write PATH=VALUE" in capsys.readouterr().err


def test_a_language_stormdrill_does_not_speak_in_the_environment_is_one_clear_line(monkeypatch, capsys):
    monkeypatch.setenv("STORMDRILL_LANG", "fr")
    assert main(["run", "--builtin"]) == 2
    assert capsys.readouterr().err == "stormdrill: STORMDRILL_LANG='fr': not a language stormdrill speaks (zh, en)\n"
    assert main(["run", "--builtin", "--lang", "en", "--quiet", "--seed", "1"]) == 0  # the flag decides first


def test_argparse_is_itself_again_after_a_command_line():
    import argparse
    import gettext

    parser = options.Parser(prog="x", texts=messages.texts("zh"))
    assert "用法" in parser.format_usage()
    assert argparse._ is gettext.gettext and argparse.ngettext is gettext.ngettext


@pytest.mark.parametrize("text, width", [
    ("检查情景、预案或演练文件，列出全部问题，每个问题按“文件:行:列”列出。", 20),
    ("override one value of the scenario by dotted path, e.g. shelters.S1.stock.water_l=5000", 24),
    ("按点分路径修改情景中的一个值，例如 shelters.S1.stock.water_l=5000（可重复）", 30),
])
def test_help_lines_fit_the_terminal_by_its_columns_and_lose_nothing(text, width):
    lines = options.wrap(text, width)
    assert all(options.columns(line) <= width or " " not in line and not CJK.search(line) for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not any(line[0] in "，。、：；）”" for line in lines)
