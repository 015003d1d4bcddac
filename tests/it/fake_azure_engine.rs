//! Tests of the fake Azure endpoints themselves: template application, what-if, validation, failures,
//! long-running operations in both styles, fault injection and the token endpoints, over real HTTPS.

use crate::fake_azure;

use std::time::Duration;

use fake_azure::client::{client, deployment_path, read, secret_form, token_with, Arm, API};
use fake_azure::samples::{expected_ids, minimal, params, platform, rg_id, UAI_TYPE};
use fake_azure::{
    FakeAzure, Fault, LroStyle, Options, Route, ADO_ACCESS_TOKEN, CLIENT_ID, GITHUB_REQUEST_TOKEN,
    SERVICE_CONNECTION_ID, SUBSCRIPTION, TENANT,
};
use serde_json::{json, Value};

fn quick() -> Options {
    Options { retry_after_secs: 0, ..Options::default() }
}

fn changes(result: &Value) -> Vec<Value> {
    result["properties"]["changes"].as_array().expect("changes").clone()
}

fn change_for<'a>(changes: &'a [Value], id_suffix: &str) -> &'a Value {
    changes
        .iter()
        .find(|c| {
            c["resourceId"]
                .as_str()
                .is_some_and(|id| id.to_ascii_lowercase().ends_with(&id_suffix.to_ascii_lowercase()))
        })
        .unwrap_or_else(|| panic!("no change for {id_suffix}"))
}

#[tokio::test]
async fn applying_an_export_shaped_template_stores_every_resource() {
    let fake = FakeAzure::start(quick());
    let arm = Arm::new(&fake).await;
    let put = arm.put("tfharden-prod", &platform("standard"), &params()).await;
    assert_eq!(put.status, 201, "{}", put.body);
    assert_eq!(put.body["properties"]["provisioningState"], "Accepted");
    let poll_url = put.header("azure-asyncoperation").expect("Azure-AsyncOperation");
    assert!(poll_url.contains("/deployments/tfharden-prod/operationStatuses/"), "{poll_url}");
    assert_eq!(put.header("retry-after").as_deref(), Some("0"));
    let correlation = put.body["properties"]["correlationId"].as_str().expect("correlationId").to_string();
    assert_eq!(put.header("x-ms-correlation-request-id"), Some(correlation.clone()));

    let status = arm.wait(&put).await;
    assert_eq!(status.body["status"], "Succeeded", "{}", status.body);
    let dep = arm.send("GET", &deployment_path("tfharden-prod"), None).await.body;
    assert_eq!(dep["properties"]["provisioningState"], "Succeeded");
    assert_eq!(dep["properties"]["outputs"]["rg"]["value"], json!(rg_id("rg-fake")));
    assert!(dep["properties"]["parameters"]["secret_value"].get("value").is_none(), "secure values are not echoed");

    let mut ids: Vec<String> = fake.resource_ids();
    ids.sort_by_key(|id| id.to_ascii_lowercase());
    assert_eq!(ids, expected_ids());

    // reference(...).principalId resolved to the identity's server-computed principal id
    let rg = rg_id("rg-fake");
    let uai = fake.resource(&format!("{rg}/providers/{UAI_TYPE}/id-pipeline-fake")).expect("identity");
    let principal = uai["properties"]["principalId"].as_str().expect("principalId").to_string();
    let ra = fake
        .resource(&format!(
            "{rg}/providers/Microsoft.Authorization/roleAssignments/1533716d-8bd3-52cf-91a6-226a8e352e9d"
        ))
        .expect("ra");
    assert_eq!(ra["properties"]["principalId"], json!(principal));
    let ci =
        fake.resource(&format!("{rg}/providers/Microsoft.ContainerInstance/containerGroups/ci-kong-fake")).expect("ci");
    assert_eq!(ci["properties"]["ipAddress"]["ip"], "10.0.0.4");
    let uai_key = format!("{rg}/providers/{UAI_TYPE}/id-pipeline-fake");
    assert_eq!(ci["identity"]["userAssignedIdentities"][&uai_key]["principalId"], json!(principal));
    let kv = fake.resource(&format!("{rg}/providers/Microsoft.KeyVault/vaults/KV-FAKE")).expect("case-insensitive id");
    assert_eq!(kv["properties"]["tenantId"], TENANT);
    assert_eq!(kv["properties"]["provisioningState"], "Succeeded");

    // the nested deployment, its outputs and operations
    let nested_path = format!("{rg}/providers/Microsoft.Resources/deployments/tfharden-rg-fake");
    let nested = arm.send("GET", &format!("{nested_path}?{API}"), None).await;
    assert_eq!(nested.status, 200);
    assert_eq!(nested.body["properties"]["outputs"]["kongIp"]["value"], "10.0.0.4");
    assert_eq!(nested.body["properties"]["outputs"]["vaultUri"]["value"], "https://kv-fake.vault.azure.net/");
    let top_ops = arm.send("GET", &format!("/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Resources/deployments/tfharden-prod/operations?{API}"), None).await;
    let top_ops = top_ops.body["value"].as_array().expect("operations").clone();
    assert_eq!(top_ops.len(), 3);
    assert!(top_ops
        .iter()
        .all(|o| o["properties"]["provisioningState"] == "Succeeded" && o["properties"]["statusCode"] == "OK"));
    assert!(top_ops.iter().any(|o| o["properties"]["targetResource"]["id"].as_str() == Some(nested_path.as_str())));
    let inner_ops = arm.send("GET", &format!("{nested_path}/operations?{API}"), None).await;
    let inner_ops = inner_ops.body["value"].as_array().expect("operations").clone();
    assert_eq!(inner_ops.len(), 9);
    let names: Vec<&str> =
        inner_ops.iter().filter_map(|o| o["properties"]["targetResource"]["resourceName"].as_str()).collect();
    let position = |n: &str| names.iter().position(|x| *x == n).unwrap_or_else(|| panic!("{n} not deployed"));
    assert!(position("kv-fake") < position("diag-kv-fake"), "dependsOn order: {names:?}");
    assert!(position("id-pipeline-fake") < position("id-pipeline-fake/github-main"), "{names:?}");

    // generic resource GET over ARM
    let got = arm
        .send("GET", &format!("{rg}/providers/Microsoft.KeyVault/vaults/kv-fake?api-version=2026-02-01"), None)
        .await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body["properties"]["sku"]["name"], "standard");
    let missing =
        arm.send("GET", &format!("{rg}/providers/Microsoft.KeyVault/vaults/nope?api-version=2026-02-01"), None).await;
    assert_eq!((missing.status, missing.body["error"]["code"].clone()), (404, json!("ResourceNotFound")));
    assert_eq!(fake.deployment_runs(), 1);
    assert_eq!(fake.jobs()[0].state, "Succeeded");
}

#[tokio::test]
async fn what_if_creates_then_shows_no_change_and_ignores_foreign_resources() {
    let fake = FakeAzure::start(quick());
    let arm = Arm::new(&fake).await;
    let before = changes(&arm.what_if("tfharden-prod", &platform("standard"), &params()).await);
    assert_eq!(before.len(), expected_ids().len(), "resource groups included, nested deployments not");
    assert!(before.iter().all(|c| c["changeType"] == "Create"), "{before:?}");
    assert!(!before
        .iter()
        .any(|c| c["resourceId"].as_str().is_some_and(|id| id.contains("Microsoft.Resources/deployments"))));
    let ra = change_for(&before, "roleAssignments/1533716d-8bd3-52cf-91a6-226a8e352e9d");
    let unevaluated = ra["after"]["properties"]["principalId"].as_str().expect("principalId");
    assert!(
        unevaluated.starts_with("[reference("),
        "a reference to a resource not created yet stays unevaluated: {unevaluated}"
    );
    assert_eq!(fake.deployment_runs(), 0, "what-if starts no job");

    let extra = json!({
        "$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
        "contentVersion": "1.0.0.0",
        "resources": [{"apiVersion": "2025-04-01", "name": "tfharden-rg-fake", "resourceGroup": "rg-fake", "type": "Microsoft.Resources/deployments",
            "properties": {"mode": "Incremental", "expressionEvaluationOptions": {"scope": "inner"}, "template": {
                "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "contentVersion": "1.0.0.0",
                "resources": [{"apiVersion": "2025-01-01", "location": "australiaeast", "name": "nsg-manual", "type": "Microsoft.Network/networkSecurityGroups", "properties": {}}]}}}]
    });
    let rg_put =
        arm.send("PUT", &format!("{}?{API}", rg_id("rg-fake")), Some(&json!({"location": "australiaeast"}))).await;
    assert_eq!(rg_put.status, 201);
    let manual = arm.deploy("manual", &extra, &json!({})).await;
    assert_eq!(manual["properties"]["provisioningState"], "Succeeded", "{manual}");

    let dep = arm.deploy("tfharden-prod", &platform("standard"), &params()).await;
    assert_eq!(dep["properties"]["provisioningState"], "Succeeded");
    let after = changes(&arm.what_if("tfharden-prod", &platform("standard"), &params()).await);
    assert_eq!(after.len(), expected_ids().len() + 1);
    for c in &after {
        let id = c["resourceId"].as_str().expect("resourceId");
        let expected = if id.ends_with("nsg-manual") { "Ignore" } else { "NoChange" };
        assert_eq!(c["changeType"], expected, "{c}");
    }
    let ra = change_for(&after, "roleAssignments/1533716d-8bd3-52cf-91a6-226a8e352e9d");
    assert_eq!(ra["after"]["properties"]["principalId"], ra["before"]["properties"]["principalId"]);
}

#[tokio::test]
async fn a_changed_property_is_a_modify_with_the_exact_path() {
    let fake = FakeAzure::start(quick());
    let arm = Arm::new(&fake).await;
    arm.deploy("tfharden-prod", &platform("standard"), &params()).await;
    let kv_id = format!("{}/providers/Microsoft.KeyVault/vaults/kv-fake", rg_id("rg-fake"));

    let result = changes(&arm.what_if("tfharden-prod", &platform("premium"), &params()).await);
    let kv = change_for(&result, "vaults/kv-fake");
    assert_eq!(kv["changeType"], "Modify");
    assert_eq!(
        kv["delta"],
        json!([{"path": "properties.sku.name", "propertyChangeType": "Modify", "before": "standard", "after": "premium"}])
    );
    assert_eq!(result.iter().filter(|c| c["changeType"] == "Modify").count(), 1, "{result:?}");

    // drift made outside tfharden: a tag and an array element
    fake.set_resource_property(&kv_id, "/properties/networkAcls/ipRules/0/value", json!("198.51.100.0/24"));
    fake.set_resource_property(
        &format!("{}/providers/{UAI_TYPE}/id-pipeline-fake", rg_id("rg-fake")),
        "/tags/owner",
        json!("someone"),
    );
    let result = changes(&arm.what_if("tfharden-prod", &platform("standard"), &params()).await);
    let kv = change_for(&result, "vaults/kv-fake");
    assert_eq!(
        kv["delta"],
        json!([{"path": "properties.networkAcls.ipRules", "propertyChangeType": "Array", "children": [
            {"path": "[0]", "propertyChangeType": "Modify", "children": [
                {"path": "value", "propertyChangeType": "Modify", "before": "198.51.100.0/24", "after": "203.0.113.0/24"}]}]}])
    );
    let uai = change_for(&result, "userAssignedIdentities/id-pipeline-fake");
    assert_eq!(
        uai["delta"],
        json!([{"path": "tags.owner", "propertyChangeType": "Modify", "before": "someone", "after": "platform"}])
    );
}

async fn rejected(arm: &Arm, template: &Value, params: &Value) -> Value {
    let put = arm.put("bad", template, params).await;
    assert_eq!(put.status, 400, "{}", put.body);
    let validate = arm.post("bad", "validate", template, params).await;
    assert_eq!(validate.status, 400, "{}", validate.body);
    put.body["error"].clone()
}

#[tokio::test]
async fn invalid_templates_are_rejected_before_any_job() {
    let fake = FakeAzure::start(quick());
    let arm = Arm::new(&fake).await;
    let rg = json!({"apiVersion": "2025-04-01", "location": "australiaeast", "name": "rg-x", "type": "Microsoft.Resources/resourceGroups"});
    let mut no_schema = minimal(json!([rg]));
    no_schema.as_object_mut().expect("object").remove("$schema");
    let cases: Vec<(Value, Value, &str)> = vec![
        (no_schema, json!({}), "Required property '$schema' not found"),
        (
            minimal(
                json!([{"location": "australiaeast", "name": "rg-x", "type": "Microsoft.Resources/resourceGroups"}]),
            ),
            json!({}),
            "the required property 'apiVersion' is missing",
        ),
        (
            minimal(
                json!([{"apiVersion": "2025-04-01", "location": "[foo('x')]", "name": "rg-x", "type": "Microsoft.Resources/resourceGroups"}]),
            ),
            json!({}),
            "The template function 'foo' is not valid",
        ),
        (
            minimal(
                json!([{"apiVersion": "2025-04-01", "location": "[concat('a']", "name": "rg-x", "type": "Microsoft.Resources/resourceGroups"}]),
            ),
            json!({}),
            "is not valid",
        ),
        (
            minimal(
                json!([rg, {"apiVersion": "2025-04-01", "location": "x", "name": "rg-y", "type": "Microsoft.Resources/resourceGroups", "dependsOn": ["[subscriptionResourceId('Microsoft.Resources/resourceGroups', 'rg-z')]"]}]),
            ),
            json!({}),
            "is not defined in the template",
        ),
        (minimal(json!([rg, rg])), json!({}), "is defined multiple times"),
        (
            json!({"$schema": "s", "contentVersion": "1.0.0.0", "parameters": {"p": {"type": "string"}}, "resources": []}),
            json!({}),
            "The value for the template parameter 'p' at line '1' and column '1' is not provided",
        ),
    ];
    for (template, params, message) in cases {
        let error = rejected(&arm, &template, &params).await;
        assert_eq!(error["code"], "InvalidTemplate", "{error}");
        let text = error["message"].as_str().expect("message");
        assert!(text.starts_with("Deployment template validation failed: '"), "{text}");
        assert!(text.contains(message), "{text} should contain {message}");
    }
    // problems inside a nested inner template are found too
    let mut nested = platform("standard");
    nested["resources"][2]["properties"]["template"]["resources"][4]["properties"]["tenantId"] = json!("[nope()]");
    let error = rejected(&arm, &nested, &params()).await;
    assert_eq!(error["code"], "InvalidTemplate");
    assert_eq!(error["target"], "tfharden-rg-fake");
    assert_eq!(fake.deployment_runs(), 0);
}

#[tokio::test]
async fn an_undeclared_parameter_is_rejected() {
    let fake = FakeAzure::start(quick());
    let arm = Arm::new(&fake).await;
    let template = minimal(
        json!([{"apiVersion": "2025-04-01", "location": "[parameters('where')]", "name": "rg-x", "type": "Microsoft.Resources/resourceGroups"}]),
    );
    let error = rejected(&arm, &template, &json!({})).await;
    assert_eq!(error["code"], "InvalidTemplate");
    assert!(
        error["message"].as_str().is_some_and(|m| m.contains("The template parameter 'where' is not found")),
        "{error}"
    );
    let error = rejected(&arm, &platform("standard"), &json!({"object_id": {"value": "x"}, "tenant_id": {"value": "t"}, "secret_value": {"value": "s"}, "extra": {"value": 1}})).await;
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("The template parameters 'extra' in the parameters file are not valid")),
        "{error}"
    );
    assert_eq!(fake.deployment_runs(), 0);
}

#[tokio::test]
async fn a_failing_resource_type_fails_the_deployment() {
    let fake = FakeAzure::start(quick());
    fake.fail_resource_type(
        "microsoft.keyvault/VAULTS",
        "VaultAlreadyExists",
        "The vault name 'kv-fake' is already in use.",
    );
    let arm = Arm::new(&fake).await;
    let put = arm.put("tfharden-prod", &platform("standard"), &params()).await;
    let status = arm.wait(&put).await;
    assert_eq!(status.body["status"], "Failed");
    assert_eq!(status.body["error"]["code"], "DeploymentFailed");
    let dep = arm.send("GET", &deployment_path("tfharden-prod"), None).await.body;
    assert_eq!(dep["properties"]["provisioningState"], "Failed");
    let error = &dep["properties"]["error"];
    assert_eq!(error["code"], "DeploymentFailed");
    assert!(error["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("At least one resource deployment operation failed.")));
    assert_eq!(error["details"][0]["code"], "ResourceDeploymentFailure");
    assert_eq!(error["details"][0]["details"][0]["details"][0]["code"], "VaultAlreadyExists");

    let nested_path = format!("{}/providers/Microsoft.Resources/deployments/tfharden-rg-fake", rg_id("rg-fake"));
    let ops = arm.send("GET", &format!("{nested_path}/operations?{API}"), None).await.body;
    let failed: Vec<&Value> = ops["value"]
        .as_array()
        .expect("ops")
        .iter()
        .filter(|o| o["properties"]["provisioningState"] == "Failed")
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["properties"]["targetResource"]["resourceType"], "Microsoft.KeyVault/vaults");
    assert_eq!(failed[0]["properties"]["statusMessage"]["error"]["code"], "VaultAlreadyExists");
    assert_eq!(
        failed[0]["properties"]["statusMessage"]["error"]["message"],
        "The vault name 'kv-fake' is already in use."
    );
    let top = arm.send("GET", &format!("/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Resources/deployments/tfharden-prod/operations?{API}"), None).await.body;
    let nested_op = top["value"]
        .as_array()
        .expect("ops")
        .iter()
        .find(|o| o["properties"]["targetResource"]["id"] == json!(nested_path))
        .cloned()
        .expect("nested op");
    assert_eq!(nested_op["properties"]["provisioningState"], "Failed");
    assert_eq!(nested_op["properties"]["statusMessage"]["error"]["code"], "DeploymentFailed");
    let kv = format!("{}/providers/Microsoft.KeyVault/vaults/kv-fake", rg_id("rg-fake"));
    assert!(fake.resource(&kv).is_none());
    assert!(
        fake.resource(&format!("{kv}/providers/Microsoft.Insights/diagnosticSettings/diag-kv-fake")).is_none(),
        "dependents are not created"
    );
    assert_eq!(fake.jobs()[0].state, "Failed");
}

#[tokio::test]
async fn location_style_polls_operation_results() {
    let fake = FakeAzure::start(Options {
        lro_style: LroStyle::Location,
        resource_delay: Duration::from_millis(30),
        ..quick()
    });
    let arm = Arm::new(&fake).await;
    let put = arm.put("tfharden-prod", &platform("standard"), &params()).await;
    assert_eq!(put.status, 201);
    assert!(put.header("azure-asyncoperation").is_none());
    let location = put.header("location").expect("Location");
    assert!(location.contains("/deployments/tfharden-prod/operationResults/"), "{location}");
    let first = arm.send("GET", &location, None).await;
    assert_eq!(first.status, 202, "still running after the first resource delay");
    assert!(first.header("location").is_some() && first.header("retry-after").is_some());
    let done = arm.wait(&put).await;
    assert_eq!(done.status, 200);
    assert_eq!(done.body["properties"]["provisioningState"], "Succeeded");
    let job = &fake.jobs()[0];
    assert!(job.finished.expect("finished") - job.started >= Duration::from_millis(30 * 11));
}

#[tokio::test]
async fn faults_are_served_in_order() {
    let fake = FakeAzure::start(quick());
    let arm = Arm::new(&fake).await;
    fake.inject(Route::DeploymentGet, Fault::Status { status: 429, retry_after: Some(7) });
    let throttled = arm.send("GET", &deployment_path("nothing"), None).await;
    assert_eq!(throttled.status, 429);
    assert_eq!(throttled.header("retry-after").as_deref(), Some("7"));
    assert_eq!(throttled.body["error"]["code"], "TooManyRequests");
    assert!(throttled.header("x-ms-request-id").is_some());
    let next = arm.send("GET", &deployment_path("nothing"), None).await;
    assert_eq!((next.status, next.body["error"]["code"].clone()), (404, json!("DeploymentNotFound")));

    fake.inject(Route::DeploymentPut, Fault::DropBeforeHandling);
    let body =
        json!({"location": "australiaeast", "properties": {"template": minimal(json!([])), "mode": "Incremental"}});
    let dropped = arm.try_send("PUT", &deployment_path("d"), Some(&body)).await;
    assert!(dropped.is_err(), "a dropped connection is a client error");
    assert_eq!(fake.deployment_runs(), 0);
    fake.inject(Route::DeploymentPut, Fault::DropAfterHandling);
    assert!(arm.try_send("PUT", &deployment_path("d"), Some(&body)).await.is_err());
    assert_eq!(fake.deployment_runs(), 1, "the job started although the response was lost");
    fake.inject(Route::Any, Fault::Delay(Duration::from_millis(50)));
    let delayed = arm.send("GET", &deployment_path("d"), None).await;
    assert_eq!(delayed.status, 200);

    let records = fake.requests();
    let puts: Vec<u16> = records.iter().filter(|r| r.route == Route::DeploymentPut).map(|r| r.status).collect();
    assert_eq!(puts, vec![0, 0]);
    let gets: Vec<u16> = records.iter().filter(|r| r.route == Route::DeploymentGet).map(|r| r.status).collect();
    assert_eq!(gets, vec![429, 404, 200]);
    assert!(records
        .iter()
        .filter(|r| r.route != Route::Token)
        .all(|r| r.bearer.as_deref() == Some(arm.token.as_str())));
    assert_eq!(records[0].path, format!("/{TENANT}/oauth2/v2.0/token"));
}

#[tokio::test]
async fn an_active_deployment_conflicts_and_can_be_cancelled() {
    let fake = FakeAzure::start(Options { resource_delay: Duration::from_millis(100), ..quick() });
    let arm = Arm::new(&fake).await;
    let first = arm.put("tfharden-prod", &platform("standard"), &params()).await;
    assert_eq!(first.status, 201);
    let second = arm.put("tfharden-prod", &platform("standard"), &params()).await;
    assert_eq!(second.status, 409);
    assert_eq!(second.body["error"]["code"], "DeploymentActive");
    assert!(second.body["error"]["message"].as_str().is_some_and(
        |m| m.starts_with("Unable to edit or replace deployment 'tfharden-prod': previous deployment from '")
    ));
    let cancel_path =
        format!("/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Resources/deployments/tfharden-prod/cancel?{API}");
    assert_eq!(arm.send("POST", &cancel_path, None).await.status, 204);
    let status = arm.wait(&first).await;
    assert_eq!(status.body["status"], "Canceled");
    let again = arm.send("POST", &cancel_path, None).await;
    assert_eq!((again.status, again.body["error"]["code"].clone()), (409, json!("DeploymentCannotBeCancelled")));
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(fake.jobs()[0].state, "Canceled");
    assert!(fake.resource_ids().len() < expected_ids().len(), "cancelled before the end");
    assert_eq!(fake.deployment_runs_named("TFHARDEN-PROD"), 1);
}

#[tokio::test]
async fn operations_are_paged_with_next_link() {
    let fake = FakeAzure::start(quick());
    let arm = Arm::new(&fake).await;
    let resources: Vec<Value> = (0..60)
        .map(|i| json!({"apiVersion": "2022-04-01", "name": format!("ra-{i}"), "type": "Microsoft.Authorization/roleAssignments", "properties": {"principalId": "p"}}))
        .collect();
    let dep = arm.deploy("many", &minimal(json!(resources)), &json!({})).await;
    assert_eq!(dep["properties"]["provisioningState"], "Succeeded");
    let first = arm
        .send(
            "GET",
            &format!("/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Resources/deployments/many/operations?{API}"),
            None,
        )
        .await;
    assert_eq!(first.body["value"].as_array().map(Vec::len), Some(50));
    let next = first.body["nextLink"].as_str().expect("nextLink");
    let second = arm.send("GET", next, None).await;
    assert_eq!(second.body["value"].as_array().map(Vec::len), Some(10));
    assert!(second.body.get("nextLink").is_none());
}

#[tokio::test]
async fn identity_endpoints_and_arm_authentication() {
    let fake = FakeAzure::start(Options {
        token_lifetime: Duration::from_millis(300),
        assertion_lifetime: Duration::from_millis(300),
        role: "Contributor",
        ..quick()
    });
    let http = client(&fake);
    let base = fake.url();
    let wrong = token_with(&http, &base, &secret_form("nope")).await;
    assert_eq!((wrong.status, wrong.body["error"].clone()), (401, json!("invalid_client")));
    assert!(wrong.body["error_description"]
        .as_str()
        .is_some_and(|d| d.starts_with("AADSTS7000215: Invalid client secret provided.")));
    assert_eq!(wrong.body["error_codes"], json!([7000215]));

    let gh = read(
        http.get(fake.github_request_url() + "&audience=api://AzureADTokenExchange")
            .bearer_auth(GITHUB_REQUEST_TOKEN)
            .send()
            .await
            .expect("gh"),
    )
    .await;
    assert_eq!(gh.status, 200, "{}", gh.body);
    let assertion = gh.body["value"].as_str().expect("assertion").to_string();
    assert_eq!(assertion.split('.').count(), 3);
    let ado_url = format!("{}?api-version=7.1&serviceConnectionId={SERVICE_CONNECTION_ID}", fake.ado_request_url());
    let ado = read(http.post(ado_url).bearer_auth(ADO_ACCESS_TOKEN).send().await.expect("ado")).await;
    assert!(ado.body["oidcToken"].is_string(), "{}", ado.body);
    let form = |a: &str| {
        format!("grant_type=client_credentials&client_id={CLIENT_ID}&client_assertion={a}&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer&scope=https%3A%2F%2Fmanagement.azure.com%2F.default")
    };
    let federated = token_with(&http, &base, &form(&assertion)).await;
    assert_eq!(federated.status, 200, "{}", federated.body);
    let token = federated.body["access_token"].as_str().expect("token").to_string();
    let msi_url = format!("{}?api-version=2019-08-01&resource=https://management.azure.com", fake.msi_endpoint());
    let msi =
        read(http.get(msi_url).header("x-identity-header", FakeAzure::MSI_HEADER).send().await.expect("msi")).await;
    assert!(msi.body["expires_on"].as_str().is_some_and(|s| s.parse::<u64>().is_ok()), "{}", msi.body);
    assert_eq!(fake.assertions_issued(), 2);
    assert_eq!(fake.tokens_issued(), 2);

    let arm = Arm { http: http.clone(), base: base.clone(), token };
    let sub = arm.send("GET", &format!("/subscriptions/{SUBSCRIPTION}?api-version=2022-12-01"), None).await;
    assert_eq!((sub.status, sub.body["tenantId"].clone()), (200, json!(TENANT)));
    let other =
        arm.send("GET", "/subscriptions/11111111-0000-0000-0000-000000000000?api-version=2022-12-01", None).await;
    assert_eq!(other.body["error"]["code"], "SubscriptionNotFound");
    let no_api = arm.send("GET", &format!("/subscriptions/{SUBSCRIPTION}"), None).await;
    assert_eq!((no_api.status, no_api.body["error"]["code"].clone()), (400, json!("MissingApiVersionParameter")));
    let perms = arm
        .send(
            "GET",
            &format!(
                "/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/permissions?api-version=2022-04-01"
            ),
            None,
        )
        .await;
    assert!(perms.body["value"][0]["notActions"]
        .as_array()
        .is_some_and(|n| n.contains(&json!("Microsoft.Authorization/*/Write"))));
    let providers =
        arm.send("GET", &format!("/subscriptions/{SUBSCRIPTION}/providers?api-version=2021-04-01"), None).await;
    let states: Vec<&str> = providers.body["value"]
        .as_array()
        .expect("providers")
        .iter()
        .filter_map(|p| p["registrationState"].as_str())
        .collect();
    assert!(states.contains(&"Registered") && states.contains(&"NotRegistered"));
    let forbidden = arm.put("tfharden-prod", &platform("standard"), &params()).await;
    assert_eq!((forbidden.status, forbidden.body["error"]["code"].clone()), (403, json!("AuthorizationFailed")));

    let anonymous = Arm { http: http.clone(), base: base.clone(), token: "not-a-token".into() };
    let bad = anonymous.send("GET", &format!("/subscriptions/{SUBSCRIPTION}?api-version=2022-12-01"), None).await;
    assert_eq!((bad.status, bad.body["error"]["code"].clone()), (401, json!("InvalidAuthenticationToken")));
    tokio::time::sleep(Duration::from_millis(350)).await;
    let expired = arm.send("GET", &format!("/subscriptions/{SUBSCRIPTION}?api-version=2022-12-01"), None).await;
    assert_eq!((expired.status, expired.body["error"]["code"].clone()), (401, json!("ExpiredAuthenticationToken")));
    assert!(expired.header("www-authenticate").is_some_and(|h| h.contains("invalid_token")));
    assert_eq!(fake.expired_token_rejections(), 1);
    let stale = token_with(&http, &base, &form(&assertion)).await;
    assert_eq!(stale.status, 400);
    assert!(stale.body["error_description"]
        .as_str()
        .is_some_and(|d| d.starts_with("AADSTS700024: Client assertion is not within its valid time range")));
}
