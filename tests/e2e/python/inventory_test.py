"""Python consumer of the inventory example: two modules with their own
error domains, records with lists of strings and of records, records and
lists of records as arguments, enums in and out."""

import pytest

import inventory as inv


def test_catalog() -> None:
    with inv.Catalog() as catalog:
        phone = catalog.add_product("Phone", 499.5, inv.Category.ELECTRONICS)
        assert (phone.id, phone.price, phone.description, phone.tags) == (1, 499.5, None, ["electronics"])
        catalog.add_product("Dune", 12.0, inv.Category.BOOKS)
        catalog.add_product("Tablet", 299.0, inv.Category.ELECTRONICS)
        found = catalog.search(inv.Category.ELECTRONICS)
        assert [p.id for p in found] == [1, 3] and found[0] == phone
        assert catalog.search(inv.Category.FOOD) == []
        assert catalog.update_price(2, 39.0) is True
        assert catalog.update_price(9, 39.0) is False
        assert catalog.get_product(2).price == 39.0
        assert catalog.remove(3) and not catalog.remove(3)


def test_catalog_errors() -> None:
    with inv.Catalog() as catalog:
        with pytest.raises(inv.ProductsErrorInvalidPrice, match="price must be positive"):
            catalog.add_product("Free", 0.0, inv.Category.FOOD)
        with pytest.raises(inv.ProductsErrorProductNotFound):
            catalog.get_product(42)
        with pytest.raises(inv.ProductsError):
            catalog.update_price(1, -1.0)


def test_orders() -> None:
    items = [inv.OrderItem(1, 2, 10.25), inv.OrderItem(product_id=2, quantity=1, unit_price=5.5)]
    oid = inv.create_order(items)
    assert oid == 1
    phone = inv.Product(1, "Phone", "a phone", 499.5, inv.Category.ELECTRONICS, ["x", "y"])
    assert inv.add_product_to_order(oid, phone) is True
    assert inv.add_product_to_order(77, phone) is False
    order = inv.get_order(oid)
    assert order.id == oid
    assert order.total == 2 * 10.25 + 5.5 + 499.5
    assert order.status == "pending"
    assert order.items == items + [inv.OrderItem(1, 1, 499.5)]
    assert inv.cancel_order(oid) and not inv.cancel_order(oid)
    assert inv.get_order(oid).status == "cancelled"
    # Any sequence is accepted where a list is expected.
    assert inv.create_order(tuple(items)) == 2


def test_order_errors() -> None:
    with pytest.raises(inv.OrdersErrorEmptyOrder, match="order must contain at least one item"):
        inv.create_order([])
    with pytest.raises(inv.OrdersErrorOrderNotFound) as e:
        inv.get_order(5)
    assert e.value.code == 1 and e.value.message == "order 5 not found"
    # A failure while a later argument is built releases the earlier ones.
    bad = [inv.OrderItem(1, 1, 1.0), "not an item"]
    with pytest.raises(AttributeError):
        inv.create_order(bad)  # type: ignore[arg-type]
