"""The README's CLI reference and settings table stay in step with the code."""

from click.testing import CliRunner

from actorgraph.cli import main
from actorgraph.settings import SETTINGS

from support import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def commands(group, prefix="actorgraph"):
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            yield from commands(command, f"{prefix} {name}")
        else:
            yield f"{prefix} {name}"


def test_every_command_is_in_the_readme():
    missing = [c for c in commands(main) if f"`{c}" not in README]
    assert not missing, missing


def test_every_setting_is_in_the_readme():
    assert all(f"`{name}`" in README for name, _, _ in SETTINGS)


def test_the_two_commands_come_first():
    assert README.index("make demo") < README.index("## What it does")
    assert README.index("make test") < README.index("## What it does")


def test_every_command_has_help():
    for line in commands(main):
        args = line.split()[1:] + ["--help"]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0 and "Usage" in result.output, line
