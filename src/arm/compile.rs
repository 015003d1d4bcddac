//! Compiles one environment's evaluated resource instances into the ARM model: places every
//! supported instance (type, name, scope), folds associations into their subnet, builds each
//! body, and lists what it could not compile.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use super::emit::{Builder, Kind, Obj};
use super::model::{ArmModel, ArmResource, Placement, Scope, Skipped};
use super::reference::Parameters;
use super::sourcemap::SpanFinder;
use super::types::{data_sources, is_serial, name_segments, spec_of, PlaceError, TypeSpec};
use crate::config::{Config, Mode, Reference};
use crate::diagnostic::codes;
use crate::diagnostic::Diagnostic;
use crate::eval::{Evaluation, ResourceInstance};

/// What compilation knows about every instance: placements and parameters.
pub(crate) struct Context {
    placements: BTreeMap<String, Placement>,
    /// Folded instances (associations): their `id` is their subnet's.
    aliases: BTreeMap<String, String>,
    /// Instances of supported types not placed yet.
    pending: BTreeSet<String>,
    /// Data sources placed from their arguments: targets, never resources or dependencies.
    data: BTreeSet<String>,
    /// Instances whose identity (name, resource group, parent) is known only after apply: what
    /// is unknown and where it comes from.
    symbolic: BTreeMap<String, Vec<String>>,
    /// The instance being placed, and the unknown parts its placement has used so far.
    current: String,
    recording: RefCell<Vec<String>>,
    pub params: Parameters,
}

impl Context {
    /// The compiled resource an address (and attribute) reads from: `(address, placement)`.
    pub(crate) fn lookup(&self, address: &str, attribute: &str) -> (String, Option<&Placement>) {
        if attribute == "id" {
            if let Some(target) = self.aliases.get(address) {
                return (target.clone(), self.placements.get(target));
            }
        }
        (address.to_string(), self.placements.get(address))
    }

    /// The placement of the one instance (compiled or read) of `arm_type` named `names`.
    pub(crate) fn placed_named(&self, arm_type: &str, names: &[&str]) -> Option<&Placement> {
        let mut found = self.placements.values().filter(|p| {
            p.arm_type.eq_ignore_ascii_case(arm_type) && p.names.iter().map(String::as_str).eq(names.iter().copied())
        });
        let first = found.next()?;
        found.all(|p| p.resource_group() == first.resource_group()).then_some(first)
    }

    /// Whether an instance of the Terraform type `kind` (managed or data) is not placed yet.
    pub(crate) fn pending_kind(&self, kind: &str) -> bool {
        self.pending.iter().any(|a| a.split('.').any(|segment| segment == kind))
    }

    pub(crate) fn is_pending(&self, address: &str) -> bool {
        self.pending.contains(address)
    }

    /// Whether `address` is a managed instance compiled to ARM (not a data source).
    pub(crate) fn is_compiled(&self, address: &str) -> bool {
        self.placements.contains_key(address) && !self.data.contains(address)
    }

    /// A stand-in for the identity attribute `attribute` of the instance being placed, whose
    /// value is `origin` (known only after apply).
    pub(crate) fn symbolic_name(&self, attribute: &str, origin: &str) -> String {
        self.recording.borrow_mut().push(format!("{attribute} ({origin})"));
        format!("({attribute} of {})", self.current)
    }

    /// A stand-in for a target of type `arm_type` that only `origin` names: the same for every
    /// instance that reads the same value.
    pub(crate) fn symbolic_target(&self, arm_type: &str, origin: &str) -> Placement {
        self.recording.borrow_mut().push(format!("the resource it belongs to ({origin})"));
        let segments = name_segments(arm_type);
        let names = (0..segments)
            .map(|i| if i + 1 == segments { format!("({origin})") } else { format!("(parent of {origin})") })
            .collect();
        let scope = if arm_type.eq_ignore_ascii_case("Microsoft.Resources/resourceGroups") {
            Scope::Subscription
        } else {
            Scope::ResourceGroup(format!("(resource group of {origin})"))
        };
        Placement { arm_type: arm_type.to_string(), api_version: String::new(), names, scope }
    }

    /// The instance being placed sits under `target`: it inherits what is unknown about it.
    pub(crate) fn inherit_symbolic(&self, target: &str) {
        if let Some(parts) = self.symbolic.get(target) {
            self.recording.borrow_mut().extend(parts.iter().cloned());
        }
    }

    /// The unknown parts of the identity of the compiled instance `address` (empty: known).
    pub(crate) fn unknown_identity(&self, address: &str) -> Vec<String> {
        self.symbolic.get(address).cloned().unwrap_or_default()
    }
}

/// Compiles the managed resource instances of `evaluation`.
pub(crate) fn compile(evaluation: &Evaluation, config: &Config) -> ArmModel {
    let readers = data_sources();
    let mut model = ArmModel::default();
    let mut supported: Vec<(&ResourceInstance, &TypeSpec)> = Vec::new();
    let mut unmodelled: Vec<&ResourceInstance> = Vec::new();
    for instance in &evaluation.resources {
        let kind = instance.address.kind.as_str();
        if instance.address.mode == Mode::Data {
            if let Some(spec) = readers.iter().find(|s| s.tf_type == kind) {
                supported.push((instance, spec));
            }
            continue;
        }
        match spec_of(kind) {
            Some(spec) => supported.push((instance, spec)),
            None => {
                let reason = if is_azure_type(kind) {
                    format!("resource type {kind} is not in the ARM model yet")
                } else {
                    format!("{kind} is not an Azure Resource Manager resource")
                };
                skip(&mut model, instance, reason);
                unmodelled.push(instance);
            }
        }
    }
    let mut ctx = Context {
        placements: BTreeMap::new(),
        aliases: BTreeMap::new(),
        pending: supported.iter().map(|(i, _)| i.address.to_string()).collect(),
        data: supported
            .iter()
            .filter(|(i, _)| i.address.mode == Mode::Data)
            .map(|(i, _)| i.address.to_string())
            .collect(),
        symbolic: BTreeMap::new(),
        current: String::new(),
        recording: RefCell::new(Vec::new()),
        params: Parameters::default(),
    };
    place_all(&mut ctx, &mut model, &mut supported);
    supported.retain(|(instance, _)| instance.address.mode == Mode::Managed);
    for instance in unmodelled.into_iter().filter(|i| is_azure_type(&i.address.kind)) {
        model.unmodelled.push(unmodelled_subject(&ctx, config, instance));
    }

    // Folded instances first: what they contribute goes into their target's body.
    let dependables = Dependables::new(&ctx, evaluation);
    let mut folds: BTreeMap<String, Vec<Builder>> = BTreeMap::new();
    let mut built: Vec<(Builder, &str)> = Vec::new();
    for (instance, spec) in &supported {
        let address = instance.address.to_string();
        let Some(placement) =
            ctx.placements.get(&address).or_else(|| ctx.aliases.get(&address).and_then(|t| ctx.placements.get(t)))
        else {
            continue;
        };
        let Some(attrs) = instance.value.as_entries() else { continue };
        let spans = SpanFinder::new(config.resource_block(&instance.address), &instance.value);
        let mut builder = Builder::new(&ctx, placement.clone(), &instance.address, spans, instance.site);
        (spec.compile)(&mut builder, &Obj { path: String::new(), attrs });
        builder.depends_on.extend(explicit_depends_on(&dependables, config, instance));
        if spec.folds {
            if let Some(target) = ctx.aliases.get(&address) {
                folds.entry(target.clone()).or_default().push(builder);
            }
        } else {
            built.push((builder, spec.tf_type));
        }
    }
    for (builder, tf_type) in built {
        let mut extras = Vec::new();
        let mut resource = finish(builder, &mut model, &mut extras);
        resource.source_type = tf_type.to_string();
        for fold in folds.remove(&resource.address.to_string()).unwrap_or_default() {
            let mut ignored = Vec::new();
            let part = finish(fold, &mut model, &mut ignored);
            merge(&mut resource, part);
        }
        model.resources.push(resource);
        for extra in extras {
            let mut nested = Vec::new();
            let mut child = finish(extra, &mut model, &mut nested);
            child.primary = false;
            child.source_type = tf_type.to_string();
            model.resources.push(child);
        }
    }
    for (target, _) in folds {
        model.diagnostics.push(Diagnostic::warning(
            codes::Arm::Fold,
            format!("an association targets {target}, which was not compiled"),
        ));
    }
    serialize_children(&mut model);
    drop_inline_rules_beside_separate_ones(&mut model);
    model.resources.sort_by_cached_key(|r| {
        let group = r.placement.resource_group().map(str::to_string);
        (group, r.placement.arm_type.clone(), r.placement.full_name(), r.address.to_string())
    });
    model.parameters = ctx.params.into_map();
    model
}

/// Whether a Terraform resource type belongs to the Azure providers tfharden checks.
pub(crate) fn is_azure_type(kind: &str) -> bool {
    kind.starts_with("azurerm_") || kind.starts_with("azapi_")
}

fn skip(model: &mut ArmModel, instance: &ResourceInstance, reason: String) {
    let address = instance.address.to_string();
    if is_azure_type(&instance.address.kind) {
        model.diagnostics.push(
            Diagnostic::warning(codes::Arm::Unsupported, format!("{address} is not exported to ARM: {reason}"))
                .label(instance.site, "this resource")
                .help("it is reported as not modelled; apply will refuse it until it is supported"),
        );
    }
    model.unsupported.push(Skipped {
        address,
        source_type: instance.address.kind.clone(),
        reason,
        site: instance.site,
    });
}

/// An instance of an Azure type the model does not compile, as a subject of the rules that
/// need no mapping: its `location` and `tags` at the top of the body.
fn unmodelled_subject(ctx: &Context, config: &Config, instance: &ResourceInstance) -> ArmResource {
    let address = instance.address.to_string();
    let placement = Placement {
        arm_type: instance.address.kind.clone(),
        api_version: String::new(),
        names: vec![instance
            .value
            .as_entries()
            .and_then(|a| a.get("name"))
            .and_then(|v| v.as_str())
            .map_or_else(|| format!("(name of {address})"), str::to_string)],
        scope: Scope::ResourceGroup(String::new()),
    };
    let spans = SpanFinder::new(config.resource_block(&instance.address), &instance.value);
    let mut builder = Builder::new(ctx, placement, &instance.address, spans, instance.site);
    if let Some(attrs) = instance.value.as_entries() {
        let obj = Obj { path: String::new(), attrs };
        builder.copy(&obj, &["location"], "/location", Kind::Str);
        builder.copy(&obj, &["tags"], "/tags", Kind::Any);
    }
    builder.notes.clear();
    let mut ignored = Vec::new();
    let mut diagnostics = ArmModel::default();
    let mut resource = finish(builder, &mut diagnostics, &mut ignored);
    resource.source_type = instance.address.kind.clone();
    resource.modelled = false;
    resource
}

/// Places every instance; placements that need another's wait for it (a few passes).
fn place_all(ctx: &mut Context, model: &mut ArmModel, supported: &mut Vec<(&ResourceInstance, &TypeSpec)>) {
    let mut failed: BTreeMap<String, String> = BTreeMap::new();
    loop {
        let mut progress = false;
        for (instance, spec) in supported.iter() {
            let address = instance.address.to_string();
            if !ctx.pending.contains(&address) {
                continue;
            }
            let Some(attrs) = instance.value.as_entries() else {
                failed.insert(address.clone(), "its value is not known".into());
                ctx.pending.remove(&address);
                progress = true;
                continue;
            };
            ctx.current.clone_from(&address);
            ctx.recording.borrow_mut().clear();
            let placed = (spec.place)(spec, &Obj { path: String::new(), attrs }, ctx);
            let unknown = std::mem::take(&mut *ctx.recording.borrow_mut());
            match placed {
                Ok(placement) => {
                    ctx.pending.remove(&address);
                    if !unknown.is_empty() {
                        ctx.symbolic.insert(address.clone(), unknown);
                    }
                    if spec.folds {
                        match placement_owner(ctx, &placement) {
                            Some(target) => {
                                ctx.aliases.insert(address.clone(), target);
                            }
                            None => {
                                failed.insert(
                                    address.clone(),
                                    "the subnet it associates is not in this configuration".into(),
                                );
                            }
                        }
                    } else {
                        ctx.placements.insert(address, placement);
                    }
                    progress = true;
                }
                Err(PlaceError::Failed(reason)) => {
                    ctx.pending.remove(&address);
                    failed.insert(address, reason);
                    progress = true;
                }
                Err(PlaceError::Waiting) => {}
            }
        }
        if !progress {
            break;
        }
    }
    for address in std::mem::take(&mut ctx.pending) {
        failed.insert(address, "it depends on a resource that could not be placed".into());
    }
    // Nothing is dropped: an instance that cannot be placed keeps a symbolic identity (its
    // address) and is still checked on everything known about it. Data sources and
    // associations (which only add to their subnet) are left out and listed.
    supported.retain(|(instance, spec)| {
        let address = instance.address.to_string();
        let Some(reason) = failed.get(&address) else { return true };
        if instance.address.mode == Mode::Data {
            return false;
        }
        if spec.folds || instance.value.as_entries().is_none() {
            skip(model, instance, format!("cannot place it in ARM: {reason}"));
            return false;
        }
        let placement = Placement {
            arm_type: spec.arm_type.to_string(),
            api_version: spec.api_version.to_string(),
            names: (0..name_segments(spec.arm_type)).map(|i| format!("(name {i} of {address})")).collect(),
            scope: Scope::ResourceGroup(format!("(resource group of {address})")),
        };
        ctx.symbolic.insert(address.clone(), vec![format!("its place in ARM ({reason})")]);
        ctx.placements.insert(address, placement);
        true
    });
}

/// The address of the compiled resource with this placement.
fn placement_owner(ctx: &Context, placement: &Placement) -> Option<String> {
    ctx.placements
        .iter()
        .find(|(_, p)| {
            p.arm_type.eq_ignore_ascii_case(&placement.arm_type)
                && p.names == placement.names
                && p.resource_group() == placement.resource_group()
        })
        .map(|(a, _)| a.clone())
}

/// Turns a builder into a resource, reporting its notes.
fn finish<'c>(builder: Builder<'c>, model: &mut ArmModel, extras: &mut Vec<Builder<'c>>) -> ArmResource {
    for (note, site) in &builder.notes {
        model.diagnostics.push(
            Diagnostic::warning(codes::Arm::Compile, format!("{}: {note}", builder.address)).label(*site, "here"),
        );
    }
    extras.extend(builder.extras);
    ArmResource {
        unknown_identity: builder.ctx.unknown_identity(&builder.address),
        modelled: true,
        address: builder.instance,
        source_type: String::new(),
        placement: builder.placement,
        body: builder.body,
        depends_on: builder.depends_on,
        references: builder.references,
        sources: builder.sources,
        site: builder.site,
        primary: true,
    }
}

fn merge_json(into: &mut serde_json::Value, from: &serde_json::Value) {
    match (into.as_object_mut(), from.as_object()) {
        (Some(into), Some(from)) => {
            for (k, v) in from {
                match into.get_mut(k) {
                    Some(existing) if existing.is_object() && v.is_object() => merge_json(existing, v),
                    _ => {
                        into.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        _ => *into = from.clone(),
    }
}

/// Merges a folded resource's contribution into its target: objects key by key (a storage
/// account keeps its encryption services when a customer-managed key of its own resource
/// sets the key source), anything else replaced.
fn merge(target: &mut ArmResource, part: ArmResource) {
    if let (Some(into), Some(from)) = (target.body.get_mut("properties"), part.body.get("properties")) {
        merge_json(into, from);
    }
    target.depends_on.extend(part.depends_on.into_iter().filter(|d| !target.address.prints_as(d)));
    target.references.extend(part.references);
    target.sources.extend(part.sources);
}

/// A parent resource: its type and name segments.
type ParentKey = (String, Vec<String>);

/// Chains instances of serial types ([`TypeSpec::serial`]) under the same parent, in name order.
fn serialize_children(model: &mut ArmModel) {
    let mut groups: BTreeMap<ParentKey, Vec<(String, usize)>> = BTreeMap::new();
    for (i, r) in model.resources.iter().enumerate() {
        if is_serial(&r.placement.arm_type) {
            let parent = r.placement.names[..r.placement.names.len().saturating_sub(1)].to_vec();
            groups.entry((r.placement.arm_type.clone(), parent)).or_default().push((r.placement.full_name(), i));
        }
    }
    for (_, mut members) in groups {
        members.sort();
        for pair in members.windows(2) {
            let previous = model.resources[pair[0].1].address.to_string();
            model.resources[pair[1].1].depends_on.insert(previous);
        }
    }
}

/// The compiled instances, by what a `depends_on` entry can name: a resource of a module
/// (its module's call names, type and name) or a module call (every resource inside it).
///
/// Dependencies are between configuration objects, not instances, as in Terraform: a
/// `depends_on` entry is parsed as a reference (`addrs.ParseRef`) and the graph connects the
/// containing resource or module call (`ReferenceTransformer`, which keys references by
/// `ContainingResource()`; hashicorp/terraform `internal/terraform/transform_reference.go`), so
/// `azurerm_x.y[0]` waits for every instance of `azurerm_x.y`, and so do all instances of a
/// module call with `count`/`for_each`.
#[derive(Default)]
struct Dependables {
    resources: BTreeMap<(Vec<String>, String, String), Vec<String>>,
    /// Call names of a module path prefix -> the compiled instances anywhere below it.
    modules: BTreeMap<Vec<String>, Vec<String>>,
}

impl Dependables {
    fn new(ctx: &Context, evaluation: &Evaluation) -> Dependables {
        let mut index = Dependables::default();
        for instance in &evaluation.resources {
            let address = &instance.address;
            let text = address.to_string();
            if address.mode != Mode::Managed || !ctx.is_compiled(&text) {
                continue;
            }
            let calls = call_names(&address.module.0);
            for depth in 1..=calls.len() {
                index.modules.entry(calls[..depth].to_vec()).or_default().push(text.clone());
            }
            index.resources.entry((calls, address.kind.clone(), address.name.clone())).or_default().push(text);
        }
        index
    }

    /// Adds every compiled instance that a `depends_on` list written in the module whose call
    /// names are `module` names. Data sources are never compiled, so they add nothing.
    fn add(&self, module: &[String], list: &hcl_edit::expr::Expression, out: &mut BTreeSet<String>) {
        let hcl_edit::expr::Expression::Array(items) = list else { return };
        for item in items.iter() {
            let named = match Reference::of_expression(item) {
                Some((Reference::Resource { mode: Mode::Managed, kind, name }, _)) => {
                    self.resources.get(&(module.to_vec(), kind.to_string(), name.to_string()))
                }
                Some((Reference::ModuleCall { call, .. }, _)) => {
                    let mut path = module.to_vec();
                    path.push(call.to_string());
                    self.modules.get(&path)
                }
                _ => None,
            };
            out.extend(named.into_iter().flatten().cloned());
        }
    }
}

/// The call names of a module path: `module.a["x"].module.b` gives `["a", "b"]`.
fn call_names(steps: &[(String, Option<crate::config::InstanceKey>)]) -> Vec<String> {
    steps.iter().map(|(call, _)| call.clone()).collect()
}

/// The compiled instances a resource must wait for: what its own `depends_on` names, and what
/// the `depends_on` of every module call on its module path names (Terraform makes everything
/// inside a module call wait for the call's dependencies).
fn explicit_depends_on(index: &Dependables, config: &Config, instance: &ResourceInstance) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let path = call_names(&instance.address.module.0);
    if let Some(attr) = config
        .resource_block(&instance.address)
        .and_then(|r| r.layers().collect::<Vec<_>>().into_iter().rev().find_map(|b| b.body.get_attribute("depends_on")))
    {
        index.add(&path, &attr.value, &mut out);
    }
    let chain = config.call_chain(path.iter().map(String::as_str));
    for (depth, (_, call)) in chain.into_iter().enumerate() {
        if let Some(depends_on) = &call.depends_on {
            index.add(&path[..depth], &depends_on.expr, &mut out);
        }
    }
    out.remove(&instance.address.to_string());
    out
}

/// An NSG whose rules are separate `azurerm_network_security_rule` resources must not send an
/// empty inline list: redeploying it would delete those rules.
fn drop_inline_rules_beside_separate_ones(model: &mut ArmModel) {
    let parents: BTreeSet<(Option<String>, String)> = model
        .resources
        .iter()
        .filter(|r| r.placement.arm_type == "Microsoft.Network/networkSecurityGroups/securityRules")
        .filter_map(|r| Some((r.placement.resource_group().map(str::to_string), r.placement.names.first()?.clone())))
        .collect();
    for r in &mut model.resources {
        let key =
            (r.placement.resource_group().map(str::to_string), r.placement.names.first().cloned().unwrap_or_default());
        if r.placement.arm_type == "Microsoft.Network/networkSecurityGroups" && parents.contains(&key) {
            let empty = r.get("/properties/securityRules").and_then(|v| v.as_array()).is_some_and(|a| a.is_empty());
            if empty {
                if let Some(props) = r.body.get_mut("properties").and_then(|p| p.as_object_mut()) {
                    props.remove("securityRules");
                }
            }
        }
    }
}
