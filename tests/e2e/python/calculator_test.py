"""Python consumer of the calculator example: values, the typed error of a
domain code, strings in and out."""

import pytest

import calculator as calc


def test_arithmetic() -> None:
    assert calc.add(2, 3) == 5
    assert calc.mul(-4, 6) == -24
    assert calc.div(17, 5) == 3


def test_division_by_zero_raises_its_class() -> None:
    with pytest.raises(calc.CalcErrorDivisionByZero) as e:
        calc.div(1, 0)
    assert e.value.code == 1 == calc.CalcErrorDivisionByZero.CODE
    assert e.value.message == "division by zero"
    assert str(e.value) == "division by zero"
    assert isinstance(e.value, calc.CalcError)
    assert isinstance(e.value, calc.NativeError)


def test_strings() -> None:
    assert calc.echo("hello") == "hello"
    assert calc.echo("") == ""
    assert calc.echo("grüß dich 😀") == "grüß dich 😀"
    big = "x" * 100000
    assert calc.echo(big) == big


def test_nul_in_string_is_refused_before_the_call() -> None:
    with pytest.raises(ValueError, match="NUL"):
        calc.echo("a\0b")


def test_unencodable_strings_are_refused_before_the_call() -> None:
    with pytest.raises(UnicodeEncodeError):
        calc.echo("\udcff")


def test_keyword_arguments_and_signature() -> None:
    assert calc.add(a=1, b=2) == 3
    assert calc.add.__doc__ == "Add two integers"
