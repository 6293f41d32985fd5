//! The inventory library, two modules. products: a catalog with positive
//! prices (InvalidPrice) and ids from 1; each product is tagged with its
//! category's name. orders: a process-wide order book; an order's total is
//! the sum of quantity * unit price, its status "pending" or "cancelled".

pub mod products {
    use crate::api::products::*;
    use crate::seam;
    use std::collections::BTreeMap;
    use std::sync::{Arc, Mutex, MutexGuard};

    fn category_name(category: Category) -> &'static str {
        match category {
            Category::Electronics => "electronics",
            Category::Clothing => "clothing",
            Category::Food => "food",
            Category::Books => "books",
        }
    }

    fn check_price(price: f64) -> seam::Result<()> {
        if price > 0.0 {
            Ok(())
        } else {
            Err(ProductsError::InvalidPrice.into())
        }
    }

    #[derive(Default)]
    struct Products {
        next_id: i64,
        by_id: BTreeMap<i64, Product>,
    }

    struct MemoryCatalog {
        state: Mutex<Products>,
    }

    impl MemoryCatalog {
        fn state(&self) -> MutexGuard<'_, Products> {
            self.state.lock().unwrap_or_else(|e| e.into_inner())
        }
    }

    impl Catalog for MemoryCatalog {
        fn add_product(&self, name: String, price: f64, category: Category) -> seam::Result<Product> {
            check_price(price)?;
            let mut state = self.state();
            state.next_id += 1;
            let product = Product {
                id: state.next_id,
                name,
                description: None,
                price,
                category,
                tags: vec![category_name(category).to_string()],
            };
            state.by_id.insert(product.id, product.clone());
            Ok(product)
        }

        fn get_product(&self, id: i64) -> seam::Result<Product> {
            self.state().by_id.get(&id).cloned().ok_or_else(|| ProductsError::ProductNotFound.into())
        }

        fn search(&self, category: Category) -> seam::Result<Vec<Product>> {
            Ok(self.state().by_id.values().filter(|p| p.category == category).cloned().collect())
        }

        fn update_price(&self, id: i64, price: f64) -> seam::Result<bool> {
            check_price(price)?;
            Ok(match self.state().by_id.get_mut(&id) {
                Some(product) => {
                    product.price = price;
                    true
                }
                None => false,
            })
        }

        fn remove(&self, id: i64) -> seam::Result<bool> {
            Ok(self.state().by_id.remove(&id).is_some())
        }
    }

    /// Constructors of [`Catalog`].
    pub mod catalog {
        use super::*;

        pub fn new() -> seam::Result<Arc<dyn Catalog>> {
            Ok(Arc::new(MemoryCatalog { state: Mutex::new(Products::default()) }))
        }
    }
}

pub mod orders {
    use crate::api::orders::*;
    use crate::api::products::Product;
    use crate::seam;
    use std::collections::BTreeMap;
    use std::sync::{Mutex, MutexGuard};

    struct Book {
        next_id: i64,
        orders: BTreeMap<i64, Order>,
    }

    static BOOK: Mutex<Book> = Mutex::new(Book { next_id: 0, orders: BTreeMap::new() });

    fn book() -> MutexGuard<'static, Book> {
        BOOK.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn add_item(order: &mut Order, item: OrderItem) {
        order.total += f64::from(item.quantity) * item.unit_price;
        order.items.push(item);
    }

    pub fn create_order(items: Vec<OrderItem>) -> seam::Result<i64> {
        if items.is_empty() {
            return Err(OrdersError::EmptyOrder.into());
        }
        let mut book = book();
        book.next_id += 1;
        let mut order = Order { id: book.next_id, items: Vec::new(), total: 0.0, status: "pending".to_string() };
        for item in items {
            add_item(&mut order, item);
        }
        let id = order.id;
        book.orders.insert(id, order);
        Ok(id)
    }

    pub fn get_order(id: i64) -> seam::Result<Order> {
        book()
            .orders
            .get(&id)
            .cloned()
            .ok_or_else(|| OrdersError::OrderNotFound.with(format!("order {id} not found")))
    }

    pub fn cancel_order(id: i64) -> seam::Result<bool> {
        Ok(match book().orders.get_mut(&id) {
            Some(order) if order.status != "cancelled" => {
                order.status = "cancelled".to_string();
                true
            }
            _ => false,
        })
    }

    pub fn add_product_to_order(order_id: i64, product: &Product) -> seam::Result<bool> {
        Ok(match book().orders.get_mut(&order_id) {
            Some(order) if order.status == "pending" => {
                add_item(order, OrderItem { product_id: product.id, quantity: 1, unit_price: product.price });
                true
            }
            _ => false,
        })
    }
}
