//! Check rules (see issue 5): data consistency beyond loading.
