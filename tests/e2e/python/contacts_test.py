"""Python consumer of the contacts example: an interface owning its native
object (close(), with-blocks, finalizers), records as dataclasses with
optional fields and enums, lists of records, typed errors with the
producer's messages."""

import dataclasses
import gc

import pytest
from conftest import live

import contacts as ct


def test_add_get_list() -> None:
    with ct.ContactBook() as book:
        assert book.count() == 0
        ada = book.add("Ada", "Lovelace", "ada@example.org", ct.ContactType.WORK)
        assert ada == ct.Contact(id=1, first_name="Ada", last_name="Lovelace", email="ada@example.org",
                                 contact_type=ct.ContactType.WORK)
        assert isinstance(ada.contact_type, ct.ContactType)
        alan = book.add("Alan", "Turing", None, ct.ContactType.PERSONAL)
        assert alan.id == 2 and alan.email is None
        assert book.get(1) == ada
        assert book.get(2) != ada
        assert book.list() == [ada, alan]
        assert book.remove(1) is True
        assert book.remove(1) is False
        assert book.count() == 1


def test_records_are_dataclasses() -> None:
    c = ct.Contact(id=7, first_name="A", last_name="B", email=None, contact_type=ct.ContactType.OTHER)
    assert dataclasses.is_dataclass(c)
    assert dataclasses.replace(c, id=8).id == 8
    assert ct.Contact(7, "A", "B", None, ct.ContactType.OTHER) == c
    assert int(ct.ContactType.WORK) == 1 and ct.ContactType(2) is ct.ContactType.OTHER


def test_typed_errors() -> None:
    book = ct.ContactBook()
    with pytest.raises(ct.ContactsErrorInvalidName) as e:
        book.add("", "Nobody", None, ct.ContactType.OTHER)
    assert e.value.code == 1 and e.value.message == "name must not be empty"
    with pytest.raises(ct.ContactsErrorNotFound, match="no contact with id 99"):
        book.get(99)
    with pytest.raises(ct.NativeError):
        book.add("A", "B", None, 7)  # type: ignore[arg-type]
    assert book.count() == 0
    book.close()


def test_close_is_idempotent_and_closed_objects_fail_cleanly() -> None:
    book = ct.ContactBook()
    book.add("Grace", "Hopper", None, ct.ContactType.WORK)
    assert not book.closed
    book.close()
    assert book.closed
    book.close()
    with pytest.raises(ValueError, match="closed"):
        book.count()
    assert "closed" in repr(book)


def test_forgotten_objects_are_released_by_the_finalizer() -> None:
    books = [ct.ContactBook() for _ in range(10)]
    for b in books:
        b.add("X", "Y", None, ct.ContactType.OTHER)
    assert live() > 0
    del books, b
    gc.collect()
    assert live() == 0
