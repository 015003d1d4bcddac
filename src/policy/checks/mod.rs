//! What several rules share, kept out of `rules/` so that every file there is one rule:
//! property lookups with unknown-aware outcomes (`lookup`), configuration scans (`config_scan`),
//! federated-credential checks (`federated`), database-server and messaging-service checks, and
//! the customer-managed key requirement (`customer_keys`).

pub(super) mod config_scan;
pub(super) mod customer_keys;
pub(super) mod federated;
pub(super) mod kubernetes;
pub(super) mod lookup;
pub(super) mod messaging_services;
pub(super) mod server_checks;
