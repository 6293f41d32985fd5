// Dart consumer of the inventory example: two modules, a record from one
// module passed to the other, lists of records as parameter and field.
import 'package:inventory/inventory.dart';

import 'check.dart';

void main() {
  final catalog = Catalog();
  final phone = catalog.addProduct('Phone', 499.5, Category.electronics);
  checkEq(phone.id, 1, 'product id');
  checkEq(phone.tags, ['electronics'], 'list-of-string field');
  checkEq(phone.description, null, 'optional field');
  catalog.addProduct('SICP', 45, Category.books);
  catalog.addProduct('Tablet', 300, Category.electronics);
  checkEq(catalog.search(Category.electronics).map((p) => p.name).toList(), ['Phone', 'Tablet'], 'search');
  checkEq(catalog.search(Category.clothing), <Product>[], 'empty search');
  checkThrows<ProductsErrorInvalidPrice>(() => catalog.addProduct('Free', 0, Category.food), 'invalid price');
  checkThrows<ProductsErrorProductNotFound>(() => catalog.getProduct(42), 'missing product');
  check(catalog.updatePrice(2, 39), 'update price');
  checkEq(catalog.getProduct(2).price, 39.0, 'updated price');

  // Records built in Dart go to the other module.
  final id = createOrder(const [
    OrderItem(productId: 1, quantity: 2, unitPrice: 10.25),
    OrderItem(productId: 2, quantity: 1, unitPrice: 5.5),
  ]);
  checkEq(id, 1, 'order id');
  checkThrows<OrdersErrorEmptyOrder>(() => createOrder(const []), 'empty order');
  check(addProductToOrder(id, phone), 'cross-module record parameter');
  const custom = Product(
      id: 7, name: 'Kit', description: 'three things', price: 1.5, category: Category.food, tags: ['a', 'b']);
  check(addProductToOrder(id, custom), 'a record made in Dart');
  final order = getOrder(id);
  checkEq(order.items.length, 4, 'items');
  checkEq(order.items[3], const OrderItem(productId: 7, quantity: 1, unitPrice: 1.5), 'item equality');
  checkEq(order.total, 2 * 10.25 + 5.5 + 499.5 + 1.5, 'total');
  checkEq(order.status, 'pending', 'status');
  check(cancelOrder(id), 'cancel');
  check(!cancelOrder(id), 'cancel twice');
  checkThrows<OrdersErrorOrderNotFound>(() => getOrder(5), 'missing order', (e) => e.message == 'order 5 not found');
  catalog.dispose();
  finish();
}
