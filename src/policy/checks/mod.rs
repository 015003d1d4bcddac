//! What several rules share, kept out of `rules/` so that every file there is one rule:
//! property lookups with unknown-aware outcomes (`lookup`), configuration scans (`config_scan`),
//! federated-credential checks (`federated`), database-server and messaging-service checks.

pub mod config_scan;
pub mod federated;
pub mod lookup;
pub mod messaging_services;
pub mod server_checks;
