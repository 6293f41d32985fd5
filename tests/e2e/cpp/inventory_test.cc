// C++ consumer of the inventory example: two modules with their own error
// domains, records with lists of strings and of records, records and lists
// of records as arguments, enums in and out.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "leak_probe.hpp"
#include "weaveffi.hpp"

namespace products = inventory::products;
namespace orders = inventory::orders;

TEST(Inventory, Catalog) {
  products::Catalog catalog = products::Catalog::new_();
  products::Product phone = catalog.add_product("Phone", 499.5, products::Category::Electronics);
  EXPECT_EQ(phone.id, 1);
  EXPECT_EQ(phone.price, 499.5);
  EXPECT_EQ(phone.description, std::nullopt);
  EXPECT_EQ(phone.tags, std::vector<std::string>{"electronics"});
  catalog.add_product("Dune", 12.0, products::Category::Books);
  catalog.add_product("Tablet", 299.0, products::Category::Electronics);
  std::vector<products::Product> found = catalog.search(products::Category::Electronics);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0], phone);
  EXPECT_EQ(found[1].id, 3);
  EXPECT_TRUE(catalog.search(products::Category::Food).empty());
  EXPECT_TRUE(catalog.update_price(2, 39.0));
  EXPECT_FALSE(catalog.update_price(9, 39.0));
  EXPECT_EQ(catalog.get_product(2).price, 39.0);
  EXPECT_TRUE(catalog.remove(3));
  EXPECT_FALSE(catalog.remove(3));
}

TEST(Inventory, CatalogErrors) {
  products::Catalog catalog = products::Catalog::new_();
  try {
    catalog.add_product("Free", 0.0, products::Category::Food);
    FAIL() << "nothing was thrown";
  } catch (const products::ProductsError::InvalidPrice& e) {
    EXPECT_STREQ(e.what(), "price must be positive");
  }
  EXPECT_THROW(catalog.get_product(42), products::ProductsError::ProductNotFound);
  EXPECT_THROW(catalog.update_price(1, -1.0), products::ProductsError);
}

TEST(Inventory, Orders) {
  std::vector<orders::OrderItem> items = {{1, 2, 10.25}, {2, 1, 5.5}};
  std::int64_t id = orders::create_order(items);
  EXPECT_EQ(id, 1);
  products::Product phone{1, "Phone", std::string("a phone"), 499.5, products::Category::Electronics, {"x", "y"}};
  EXPECT_TRUE(orders::add_product_to_order(id, phone));
  EXPECT_FALSE(orders::add_product_to_order(77, phone));
  orders::Order order = orders::get_order(id);
  EXPECT_EQ(order.id, id);
  EXPECT_EQ(order.total, 2 * 10.25 + 5.5 + 499.5);
  EXPECT_EQ(order.status, "pending");
  ASSERT_EQ(order.items.size(), 3u);
  EXPECT_EQ(order.items[0], items[0]);
  EXPECT_EQ(order.items[2], (orders::OrderItem{1, 1, 499.5}));
  EXPECT_TRUE(orders::cancel_order(id));
  EXPECT_FALSE(orders::cancel_order(id));
  EXPECT_EQ(orders::get_order(id).status, "cancelled");
}

TEST(Inventory, OrderErrors) {
  try {
    orders::create_order({});
    FAIL() << "nothing was thrown";
  } catch (const orders::OrdersError::EmptyOrder& e) {
    EXPECT_STREQ(e.what(), "order must contain at least one item");
  }
  try {
    orders::get_order(5);
    FAIL() << "nothing was thrown";
  } catch (const orders::OrdersError::OrderNotFound& e) {
    EXPECT_EQ(e.code(), 1);
    EXPECT_STREQ(e.what(), "order 5 not found");
  }
  // A record argument with invalid UTF-8 fails while it is built.
  products::Product bad{1, "\xff", std::nullopt, 1.0, products::Category::Food, {}};
  EXPECT_THROW(orders::add_product_to_order(1, bad), inventory::Error);
}
