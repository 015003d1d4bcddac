//! The exported templates pass Azure's published schemas (strict, every type with a schema),
//! for the ARM fixtures and for every reference environment.

use crate::arm_support;

use arm_support::{export, fixture, repo, schema_check};

fn assert_valid(dir: &std::path::Path, label: &str) {
    let template = export(dir);
    let (ok, output) = schema_check(&template, label);
    assert!(ok, "{label}: the schema check failed:\n{output}");
    assert!(output.contains(", 0 problems"), "{label}: {output}");
}

#[test]
fn platform_fixture_passes_the_schema_check() {
    assert_valid(&fixture("platform"), "platform");
}

#[test]
fn v3_spellings_fixture_passes_the_schema_check() {
    assert_valid(&fixture("v3"), "v3");
}

#[test]
fn storage_fixture_passes_the_schema_check() {
    assert_valid(&fixture("storage"), "storage");
}

#[test]
fn web_fixture_passes_the_schema_check() {
    assert_valid(&fixture("web"), "web");
}

#[test]
fn sql_fixture_passes_the_schema_check() {
    assert_valid(&fixture("sql"), "sql");
}

#[test]
fn flexible_servers_fixture_passes_the_schema_check() {
    assert_valid(&fixture("flexible"), "flexible");
}

/// Cosmos DB's `backupPolicy` is a discriminated union in the schema (base `properties` with
/// `migrationState`, the `type` and mode properties in `oneOf` branches); the shared checker in
/// `--strict` reads the base `properties` as closed, so no backup policy at all can pass it.
/// Every other problem still fails the test.
#[test]
fn cosmos_and_redis_fixture_passes_the_schema_check() {
    let template = export(&fixture("data"));
    let (_, output) = schema_check(&template, "data");
    let problems: Vec<&str> = output.lines().filter(|l| l.starts_with("$.")).collect();
    let unexplained: Vec<&&str> = problems
        .iter()
        .filter(|l| {
            !l.contains(".properties.backupPolicy: Microsoft.DocumentDB/databaseAccounts: expected string, found dict")
        })
        .collect();
    assert!(unexplained.is_empty(), "data: the schema check failed:\n{output}");
    assert_eq!(problems.len(), 2, "the two accounts with a backup block: {output}");
    assert!(output.contains(&format!(", {} problems", problems.len())), "{output}");
}

#[test]
fn messaging_fixture_passes_the_schema_check() {
    assert_valid(&fixture("messaging"), "messaging");
}

#[test]
fn kubernetes_fixture_passes_the_schema_check() {
    assert_valid(&fixture("kubernetes"), "kubernetes");
}

/// Defender plans are schema-checked; `../shared/arm-schemas` has no schema for security
/// contacts or settings (no stable api-version of them since 2023), which is the only problem
/// allowed.
#[test]
fn defender_fixture_passes_the_schema_check_where_a_schema_exists() {
    let template = export(&fixture("defender"));
    let (_, output) = schema_check(&template, "defender");
    let problems: Vec<&str> = output.lines().filter(|l| l.starts_with("$.")).collect();
    assert_eq!(problems.len(), 2, "{output}");
    assert!(
        problems.iter().all(|l| l.contains("no schema for Microsoft.Security/securityContacts@")
            || l.contains("no schema for Microsoft.Security/settings@")),
        "{output}"
    );
    assert!(output.contains("3 resources checked against schemas"), "{output}");
}

#[test]
fn azapi_fixture_passes_the_schema_check() {
    assert_valid(&fixture("azapi"), "azapi");
}

#[test]
fn reference_environments_pass_the_schema_check() {
    for env in ["production", "staging", "development"] {
        assert_valid(&repo().join("environments").join(env), env);
    }
}
