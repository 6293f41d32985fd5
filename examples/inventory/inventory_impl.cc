// The inventory library, two modules. products: a catalog with positive
// prices (InvalidPrice) and ids from 1; each product is tagged with its
// category's name. orders: a process-wide order book; an order's total is
// the sum of quantity * unit price, its status "pending" or "cancelled".
#include <algorithm>
#include <map>
#include <mutex>

#include "inventory.hpp"

namespace products {
namespace {

std::string CategoryName(Category category) {
  switch (category) {
    case Category::Electronics: return "electronics";
    case Category::Clothing: return "clothing";
    case Category::Food: return "food";
    case Category::Books: return "books";
  }
  return "unknown";
}

void CheckPrice(double price) {
  if (!(price > 0)) throw ProductsError::InvalidPrice();
}

class MemoryCatalog final : public Catalog {
 public:
  Product add_product(std::string name, double price, Category category) override {
    CheckPrice(price);
    std::lock_guard<std::mutex> lock(mu_);
    Product product{next_id_++, std::move(name), std::nullopt, price, category, {CategoryName(category)}};
    products_[product.id] = product;
    return product;
  }

  Product get_product(std::int64_t id) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = products_.find(id);
    if (it == products_.end()) throw ProductsError::ProductNotFound();
    return it->second;
  }

  std::vector<Product> search(Category category) override {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<Product> found;
    for (const auto& [id, product] : products_) {
      if (product.category == category) found.push_back(product);
    }
    return found;
  }

  bool update_price(std::int64_t id, double price) override {
    CheckPrice(price);
    std::lock_guard<std::mutex> lock(mu_);
    auto it = products_.find(id);
    if (it == products_.end()) return false;
    it->second.price = price;
    return true;
  }

  bool remove(std::int64_t id) override {
    std::lock_guard<std::mutex> lock(mu_);
    return products_.erase(id) == 1;
  }

 private:
  std::mutex mu_;
  std::int64_t next_id_ = 1;
  std::map<std::int64_t, Product> products_;
};

}  // namespace

std::unique_ptr<Catalog> Catalog::new_() { return std::make_unique<MemoryCatalog>(); }

}  // namespace products

namespace orders {
namespace {

std::mutex g_mu;
std::int64_t g_next_id = 1;
std::map<std::int64_t, Order> g_orders;

void AddItem(Order& order, OrderItem item) {
  order.total += item.quantity * item.unit_price;
  order.items.push_back(item);
}

}  // namespace

std::int64_t create_order(std::vector<OrderItem> items) {
  if (items.empty()) throw OrdersError::EmptyOrder();
  std::lock_guard<std::mutex> lock(g_mu);
  Order order{g_next_id++, {}, 0.0, "pending"};
  for (auto& item : items) AddItem(order, item);
  g_orders[order.id] = order;
  return order.id;
}

Order get_order(std::int64_t id) {
  std::lock_guard<std::mutex> lock(g_mu);
  auto it = g_orders.find(id);
  if (it == g_orders.end()) throw OrdersError::OrderNotFound("order " + std::to_string(id) + " not found");
  return it->second;
}

bool cancel_order(std::int64_t id) {
  std::lock_guard<std::mutex> lock(g_mu);
  auto it = g_orders.find(id);
  if (it == g_orders.end() || it->second.status == "cancelled") return false;
  it->second.status = "cancelled";
  return true;
}

bool add_product_to_order(std::int64_t order_id, const products::Product& product) {
  std::lock_guard<std::mutex> lock(g_mu);
  auto it = g_orders.find(order_id);
  if (it == g_orders.end() || it->second.status != "pending") return false;
  AddItem(it->second, OrderItem{product.id, 1, product.price});
  return true;
}

}  // namespace orders
