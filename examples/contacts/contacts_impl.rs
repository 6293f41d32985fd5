//! The contacts library: an in-memory address book. Ids start at 1 and are
//! never reused; names must be non-empty (InvalidName); unknown ids raise
//! NotFound from get() and return false from remove().

pub mod contacts {
    use crate::api::contacts::*;
    use crate::seam;
    use std::sync::{Arc, Mutex};

    #[derive(Default)]
    struct Book {
        next_id: i64,
        contacts: Vec<Contact>,
    }

    struct MemoryBook {
        book: Mutex<Book>,
    }

    impl MemoryBook {
        fn book(&self) -> std::sync::MutexGuard<'_, Book> {
            self.book.lock().unwrap_or_else(|e| e.into_inner())
        }
    }

    impl ContactBook for MemoryBook {
        fn add(
            &self,
            first_name: String,
            last_name: String,
            email: Option<String>,
            contact_type: ContactType,
        ) -> seam::Result<Contact> {
            if first_name.is_empty() || last_name.is_empty() {
                return Err(ContactsError::InvalidName.into());
            }
            let mut book = self.book();
            book.next_id += 1;
            let contact = Contact { id: book.next_id, first_name, last_name, email, contact_type };
            book.contacts.push(contact.clone());
            Ok(contact)
        }

        fn get(&self, id: i64) -> seam::Result<Contact> {
            self.book()
                .contacts
                .iter()
                .find(|c| c.id == id)
                .cloned()
                .ok_or_else(|| ContactsError::NotFound.with(format!("no contact with id {id}")))
        }

        fn list(&self) -> seam::Result<Vec<Contact>> {
            Ok(self.book().contacts.clone())
        }

        fn remove(&self, id: i64) -> seam::Result<bool> {
            let mut book = self.book();
            let before = book.contacts.len();
            book.contacts.retain(|c| c.id != id);
            Ok(book.contacts.len() != before)
        }

        fn count(&self) -> seam::Result<i32> {
            Ok(self.book().contacts.len() as i32)
        }
    }

    /// Constructors of [`ContactBook`].
    pub mod contact_book {
        use super::*;

        pub fn new() -> seam::Result<Arc<dyn ContactBook>> {
            Ok(Arc::new(MemoryBook { book: Mutex::new(Book::default()) }))
        }
    }
}
