//! The fake's shared, mutable state: tokens, recorded requests, queued faults, resources, deployments and jobs.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use serde_json::{json, Value};
use tokio::time::Instant;

use super::util::{error_object, rfc3339};
use super::{Fault, JobRecord, Options, RequestRecord, Route};

/// Everything the server tasks and the test thread share.
pub(crate) struct Shared {
    pub options: Options,
    pub base_url: String,
    pub state: Mutex<State>,
}

impl Shared {
    pub fn new(options: Options, base_url: String) -> Shared {
        let state = State { resource_delay: options.resource_delay, ..State::default() };
        Shared { options, base_url, state: Mutex::new(state) }
    }

    /// Locks the state; a panic in another holder does not make the fake unusable.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ProvState {
    Accepted,
    Running,
    Succeeded,
    Failed,
    Canceled,
}

impl ProvState {
    pub fn as_str(self) -> &'static str {
        match self {
            ProvState::Accepted => "Accepted",
            ProvState::Running => "Running",
            ProvState::Succeeded => "Succeeded",
            ProvState::Failed => "Failed",
            ProvState::Canceled => "Canceled",
        }
    }

    pub fn active(self) -> bool {
        matches!(self, ProvState::Accepted | ProvState::Running)
    }
}

/// One deployment operation (one resource processed by a deployment).
#[derive(Clone, Debug)]
pub(crate) struct Operation {
    pub operation_id: String,
    pub target_id: String,
    pub resource_type: String,
    pub resource_name: String,
    pub state: ProvState,
    pub started: SystemTime,
    pub finished: Option<SystemTime>,
    pub status_code: Option<String>,
    pub error: Option<Value>,
}

/// A deployment, top-level (subscription scope, `run` is its job) or nested (resource-group scope).
#[derive(Debug)]
pub(crate) struct Deployment {
    pub id: String,
    pub name: String,
    pub location: Option<String>,
    pub state: ProvState,
    pub correlation_id: String,
    pub started: SystemTime,
    pub finished: Option<SystemTime>,
    pub mode: String,
    pub template_hash: String,
    pub parameters: Value,
    pub outputs: Option<Value>,
    pub output_resources: Vec<String>,
    pub error: Option<Value>,
    pub operations: Vec<Operation>,
    pub run: Option<usize>,
    pub abort: Option<tokio::task::AbortHandle>,
    pub nested: Vec<String>,
    /// The request's `tags`.
    pub tags: Value,
}

impl Deployment {
    pub fn new(id: String, name: String, correlation_id: String) -> Deployment {
        Deployment {
            id,
            name,
            location: None,
            state: ProvState::Accepted,
            correlation_id,
            started: SystemTime::now(),
            finished: None,
            mode: "Incremental".into(),
            template_hash: String::new(),
            parameters: json!({}),
            outputs: None,
            output_resources: Vec::new(),
            error: None,
            operations: Vec::new(),
            run: None,
            abort: None,
            nested: Vec::new(),
            tags: Value::Null,
        }
    }
}

/// A long-running operation a poll URL refers to.
#[derive(Clone, Debug)]
pub(crate) enum AsyncOp {
    Deployment { dep_key: String, run: usize },
    WhatIf { name: String, result: Value },
}

#[derive(Default)]
pub(crate) struct State {
    pub resource_delay: Duration,
    pub tokens: HashMap<String, Instant>,
    /// Audience of each issued token (by token), and in issue order.
    pub audience_of: HashMap<String, String>,
    pub token_audiences: Vec<String>,
    pub assertions: HashMap<String, Instant>,
    pub tokens_issued: usize,
    pub assertions_issued: usize,
    pub expired_rejections: usize,
    pub faults: VecDeque<(Route, Fault)>,
    pub requests: Vec<RequestRecord>,
    pub failing_types: Vec<(String, String, String)>,
    /// Types whose write is accepted, then fails asynchronously: the resource stays stored with
    /// `provisioningState: Failed`, as a resource provider leaves it.
    pub failing_after_write: Vec<(String, String, String)>,
    /// What-if answers forced per resource type: (type, changeType, unsupportedReason).
    pub what_if_overrides: Vec<(String, String, String)>,
    pub resources: BTreeMap<String, Value>,
    pub deployments: HashMap<String, Deployment>,
    pub jobs: Vec<JobRecord>,
    pub async_ops: HashMap<String, AsyncOp>,
}

impl State {
    /// Removes and returns the first queued fault for `route`.
    pub fn take_fault(&mut self, route: Route) -> Option<Fault> {
        let index = self.faults.iter().position(|(r, _)| *r == route || *r == Route::Any)?;
        self.faults.remove(index).map(|(_, f)| f)
    }

    /// Whether run `run` is still going (not cancelled, not finished).
    pub fn run_alive(&self, run: usize) -> bool {
        self.jobs.get(run).is_some_and(|j| j.state == "Accepted" || j.state == "Running")
    }

    /// Sets a deployment's state (and its job's, for a top-level deployment).
    pub fn set_state(&mut self, dep_key: &str, state: ProvState) {
        let Some(dep) = self.deployments.get_mut(dep_key) else { return };
        dep.state = state;
        if !state.active() {
            dep.finished = Some(SystemTime::now());
        }
        if let Some(job) = dep.run.and_then(|run| self.jobs.get_mut(run)) {
            job.state = state.as_str().to_string();
            if !state.active() {
                job.finished = Some(Instant::now());
            }
        }
    }

    /// The error a resource of `arm_type` fails with, if the test asked for that.
    pub fn failure_after_write_for(&self, arm_type: &str) -> Option<Value> {
        self.failing_after_write
            .iter()
            .find(|(t, _, _)| t.eq_ignore_ascii_case(arm_type))
            .map(|(_, code, message)| error_object(code, message))
    }

    pub fn failure_for(&self, arm_type: &str) -> Option<Value> {
        self.failing_types
            .iter()
            .find(|(t, _, _)| t.eq_ignore_ascii_case(arm_type))
            .map(|(_, code, message)| error_object(code, message))
    }
}

/// The JSON of one deployment operation.
pub(crate) fn operation_json(dep_id: &str, op: &Operation) -> Value {
    let end = op.finished.unwrap_or_else(SystemTime::now);
    let duration = end.duration_since(op.started).unwrap_or_default();
    let mut props = json!({
        "provisioningOperation": "Create",
        "provisioningState": op.state.as_str(),
        "timestamp": rfc3339(op.finished.unwrap_or(op.started)),
        "duration": super::util::iso_duration(duration),
        "trackingId": super::util::det_guid(&format!("tracking-{}", op.operation_id)),
        "serviceRequestId": super::util::det_guid(&format!("request-{}", op.operation_id)),
        "targetResource": {
            "id": op.target_id,
            "resourceType": op.resource_type,
            "resourceName": op.resource_name,
        },
    });
    if let Some(code) = &op.status_code {
        props["statusCode"] = json!(code);
    }
    if let Some(error) = &op.error {
        props["statusMessage"] = json!({"status": "Failed", "error": error});
    }
    json!({
        "id": format!("{dep_id}/operations/{}", op.operation_id),
        "operationId": op.operation_id,
        "properties": props,
    })
}

/// The DeploymentExtended body of a deployment.
pub(crate) fn deployment_json(dep: &Deployment) -> Value {
    let end = dep.finished.unwrap_or_else(SystemTime::now);
    let duration = end.duration_since(dep.started).unwrap_or_default();
    let mut props = json!({
        "templateHash": dep.template_hash,
        "parameters": dep.parameters,
        "mode": dep.mode,
        "provisioningState": dep.state.as_str(),
        "timestamp": rfc3339(dep.finished.unwrap_or(dep.started)),
        "duration": super::util::iso_duration(duration),
        "correlationId": dep.correlation_id,
        "providers": [],
        "dependencies": [],
        "outputResources": dep.output_resources.iter().map(|id| json!({"id": id})).collect::<Vec<_>>(),
    });
    if let Some(outputs) = &dep.outputs {
        props["outputs"] = outputs.clone();
    }
    if let Some(error) = &dep.error {
        props["error"] = error.clone();
    }
    let mut body = json!({
        "id": dep.id,
        "name": dep.name,
        "type": "Microsoft.Resources/deployments",
        "properties": props,
    });
    if let Some(location) = &dep.location {
        body["location"] = json!(location);
    }
    if !dep.tags.is_null() {
        body["tags"] = dep.tags.clone();
    }
    body
}
