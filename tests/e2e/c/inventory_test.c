/* C consumer of the inventory example: two modules, a cross-module record
   parameter, lists of records as parameter, return and field, a list of
   strings field, optional fields, and per-domain error codes. */
#include <stdlib.h>

#include "weaveffi.h"
#include "check.h"

static void FreeProducts(weaveffi_products_Product** list, size_t len) {
  for (size_t i = 0; i < len; ++i) weaveffi_products_Product_destroy(list[i]);
  weaveffi_free_bytes((uint8_t*)list, len * sizeof *list);
}

int main(void) {
  weaveffi_error err = {0, NULL};
  weaveffi_products_Catalog* catalog = weaveffi_products_Catalog_new(&err);
  CHECK(catalog != NULL && err.code == 0);

  weaveffi_products_Product* phone = weaveffi_products_Catalog_add_product(
      catalog, "Phone", 499.5, weaveffi_products_Category_Electronics, &err);
  CHECK(phone != NULL && err.code == 0);
  CHECK(weaveffi_products_Product_get_id(phone) == 1);
  CHECK(weaveffi_products_Product_get_price(phone) == 499.5);
  CHECK(weaveffi_products_Product_get_description(phone) == NULL);
  CHECK(weaveffi_products_Product_get_category(phone) == weaveffi_products_Category_Electronics);
  size_t ntags = 0;
  const char** tags = weaveffi_products_Product_get_tags(phone, &ntags);
  CHECK(ntags == 1);
  if (ntags == 1) CHECK_STR(tags[0], "electronics");
  for (size_t i = 0; i < ntags; ++i) weaveffi_free_string(tags[i]);
  weaveffi_free_bytes((uint8_t*)tags, ntags * sizeof *tags);

  weaveffi_products_Product* book = weaveffi_products_Catalog_add_product(
      catalog, "SICP", 45.0, weaveffi_products_Category_Books, &err);
  weaveffi_products_Product* tablet = weaveffi_products_Catalog_add_product(
      catalog, "Tablet", 300.0, weaveffi_products_Category_Electronics, &err);
  CHECK(book != NULL && tablet != NULL && err.code == 0);

  /* Typed errors of the products domain. */
  CHECK(weaveffi_products_Catalog_add_product(catalog, "Free", 0.0, weaveffi_products_Category_Food, &err) == NULL);
  CHECK(err.code == weaveffi_products_ProductsError_InvalidPrice);
  CHECK_STR(err.message, "price must be positive");
  weaveffi_error_clear(&err);
  CHECK(weaveffi_products_Catalog_get_product(catalog, 42, &err) == NULL);
  CHECK(err.code == weaveffi_products_ProductsError_ProductNotFound);
  CHECK_STR(err.message, "product not found");
  weaveffi_error_clear(&err);

  /* search returns owned records in id order; an empty result is valid. */
  size_t len = 0;
  weaveffi_products_Product** found = weaveffi_products_Catalog_search(
      catalog, weaveffi_products_Category_Electronics, &len, &err);
  CHECK(err.code == 0 && len == 2);
  if (len == 2) {
    CHECK(weaveffi_products_Product_get_id(found[0]) == 1);
    CHECK(weaveffi_products_Product_get_id(found[1]) == 3);
  }
  FreeProducts(found, len);
  found = weaveffi_products_Catalog_search(catalog, weaveffi_products_Category_Clothing, &len, &err);
  CHECK(err.code == 0 && len == 0);
  if (found != NULL) FreeProducts(found, len);

  CHECK(weaveffi_products_Catalog_update_price(catalog, 2, 39.0, &err) == true);
  CHECK(weaveffi_products_Catalog_update_price(catalog, 9, 39.0, &err) == false);
  CHECK(err.code == 0);
  CHECK(weaveffi_products_Catalog_update_price(catalog, 2, -1.0, &err) == false);
  CHECK(err.code == weaveffi_products_ProductsError_InvalidPrice);
  weaveffi_error_clear(&err);
  weaveffi_products_Product* updated = weaveffi_products_Catalog_get_product(catalog, 2, &err);
  CHECK(updated != NULL && weaveffi_products_Product_get_price(updated) == 39.0);
  weaveffi_products_Product_destroy(updated);
  CHECK(weaveffi_products_Catalog_remove(catalog, 3, &err) == true);
  CHECK(weaveffi_products_Catalog_remove(catalog, 3, &err) == false);

  /* orders: a list of records as a parameter (borrowed, not consumed). */
  weaveffi_orders_OrderItem* items[2];
  items[0] = weaveffi_orders_OrderItem_create(1, 2, 10.25, &err);
  items[1] = weaveffi_orders_OrderItem_create(2, 1, 5.5, &err);
  CHECK(items[0] != NULL && items[1] != NULL);
  int64_t id = weaveffi_orders_create_order(items, 2, &err);
  CHECK(err.code == 0 && id == 1);
  CHECK(weaveffi_orders_OrderItem_get_quantity(items[0]) == 2); /* still ours */
  weaveffi_orders_OrderItem_destroy(items[0]);
  weaveffi_orders_OrderItem_destroy(items[1]);

  CHECK(weaveffi_orders_create_order(NULL, 0, &err) == 0);
  CHECK(err.code == weaveffi_orders_OrdersError_EmptyOrder);
  CHECK_STR(err.message, "order must contain at least one item");
  weaveffi_error_clear(&err);

  /* A record from the products module passed to the orders module. */
  CHECK(weaveffi_orders_add_product_to_order(id, phone, &err) == true);
  CHECK(weaveffi_orders_add_product_to_order(77, phone, &err) == false);
  CHECK(err.code == 0);
  CHECK(weaveffi_orders_add_product_to_order(id, NULL, &err) == false);
  CHECK(err.code == 1);
  weaveffi_error_clear(&err);

  weaveffi_orders_Order* order = weaveffi_orders_get_order(id, &err);
  CHECK(order != NULL && err.code == 0);
  CHECK(weaveffi_orders_Order_get_total(order) == 2 * 10.25 + 5.5 + 499.5);
  const char* status = weaveffi_orders_Order_get_status(order);
  CHECK_STR(status, "pending");
  weaveffi_free_string(status);
  size_t nitems = 0;
  weaveffi_orders_OrderItem** got = weaveffi_orders_Order_get_items(order, &nitems);
  CHECK(nitems == 3);
  if (nitems == 3) {
    CHECK(weaveffi_orders_OrderItem_get_product_id(got[2]) == 1);
    CHECK(weaveffi_orders_OrderItem_get_unit_price(got[2]) == 499.5);
  }
  for (size_t i = 0; i < nitems; ++i) weaveffi_orders_OrderItem_destroy(got[i]);
  weaveffi_free_bytes((uint8_t*)got, nitems * sizeof *got);
  weaveffi_orders_Order_destroy(order);

  CHECK(weaveffi_orders_cancel_order(id, &err) == true);
  CHECK(weaveffi_orders_cancel_order(id, &err) == false);
  order = weaveffi_orders_get_order(id, &err);
  status = weaveffi_orders_Order_get_status(order);
  CHECK_STR(status, "cancelled");
  weaveffi_free_string(status);
  weaveffi_orders_Order_destroy(order);
  CHECK(weaveffi_orders_get_order(5, &err) == NULL);
  CHECK(err.code == weaveffi_orders_OrdersError_OrderNotFound);
  CHECK_STR(err.message, "order 5 not found");
  weaveffi_error_clear(&err);

  /* A record built by the consumer with a list-of-strings field. */
  const char* made_tags[] = {"a", "b", "c"};
  weaveffi_products_Product* made = weaveffi_products_Product_create(
      9, "Kit", "three things", 1.5, weaveffi_products_Category_Food, made_tags, 3, &err);
  CHECK(made != NULL && err.code == 0);
  const char* desc = weaveffi_products_Product_get_description(made);
  CHECK_STR(desc, "three things");
  weaveffi_free_string(desc);
  tags = weaveffi_products_Product_get_tags(made, &ntags);
  CHECK(ntags == 3);
  if (ntags == 3) CHECK_STR(tags[2], "c");
  for (size_t i = 0; i < ntags; ++i) weaveffi_free_string(tags[i]);
  weaveffi_free_bytes((uint8_t*)tags, ntags * sizeof *tags);
  weaveffi_products_Product_destroy(made);
  /* A NULL list with a non-zero length is rejected. */
  CHECK(weaveffi_products_Product_create(9, "Kit", NULL, 1.5, weaveffi_products_Category_Food, NULL, 2, &err) == NULL);
  CHECK(err.code == 1);
  weaveffi_error_clear(&err);

  weaveffi_products_Product_destroy(phone);
  weaveffi_products_Product_destroy(book);
  weaveffi_products_Product_destroy(tablet);
  weaveffi_products_Catalog_destroy(catalog);
  return Finish();
}
