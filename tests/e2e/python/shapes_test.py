"""Python consumer of the shapes example: a rich enum as one dataclass per
variant under a Union alias (usable with match), in and out; lists of bytes
values."""

import pytest

import shapes as sh


def test_variants_round_trip() -> None:
    assert sh.describe(sh.ShapeEmpty()) == "empty"
    assert sh.describe(sh.ShapeCircle(1.5)) == "circle(r=1.5)"
    assert sh.describe(sh.ShapeRectangle(2, 3)) == "rectangle(2x3)"
    assert sh.describe(sh.ShapeLabeled(label="tag", count=7)) == "labeled(tag, 7)"


def test_results_are_values() -> None:
    c = sh.scale(sh.ShapeCircle(2.0), 1.5)
    assert c.tag is sh.ShapeTag.CIRCLE and int(sh.ShapeTag.LABELED) == 3
    assert isinstance(c, sh.ShapeCircle) and c.radius == 3.0
    assert isinstance(c, sh.Shape)  # type: ignore[misc,arg-type]
    assert c == sh.ShapeCircle(3.0) and c != sh.ShapeCircle(3.5)
    assert sh.scale(sh.ShapeRectangle(2, 4), 0.5) == sh.ShapeRectangle(1, 2)
    labeled = sh.scale(sh.ShapeLabeled("x", 255), 10)
    match labeled:
        case sh.ShapeLabeled(label, count):
            assert (label, count) == ("x", 255)
        case _:
            pytest.fail(f"not a Labeled: {labeled!r}")
    assert sh.scale(sh.ShapeEmpty(), 3).tag is sh.ShapeTag.EMPTY


def test_errors() -> None:
    with pytest.raises(sh.NativeError) as e:
        sh.scale(sh.ShapeCircle(1), -1)
    assert e.value.code == -1 and e.value.message == "factor must not be negative"
    assert type(e.value) is sh.NativeError


def test_byte_lists() -> None:
    assert sh.sum_bytes([]) == 0
    assert sh.sum_bytes([1, 2, 250]) == 253
    assert sh.sum_bytes([255] * 100000) == 25500000
    assert sh.sum_bytes(range(4)) == 6


def test_enum() -> None:
    assert [c.name for c in sh.Channel] == ["RED", "GREEN", "BLUE"]
