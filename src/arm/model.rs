//! The ARM resource model: what `arm::compile` produces and the policy engine and deploy consume.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use serde_json::Value as Json;

use crate::config::ResourceAddress;
use crate::diagnostic::Diagnostics;
use crate::source::Site;

/// Where an ARM resource is deployed.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// A subscription-level resource (resource groups, subscription-wide role assignments).
    Subscription,
    /// A resource inside the named resource group.
    ResourceGroup(String),
    /// An extension resource (diagnostic setting, role assignment) attached to another resource.
    Extension { target: ExtensionTarget },
}

/// What an extension resource is attached to.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ExtensionTarget {
    /// A resource group scoped resource: its group, full type and name segments.
    Resource { resource_group: String, arm_type: String, names: Vec<String> },
    /// A target known only at deployment time: an ARM expression (without brackets) giving its id.
    Expression(String),
}

/// The identity of an ARM resource: type, name segments and where it lives.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Placement {
    /// Full type: `Microsoft.Network/virtualNetworks/subnets`.
    pub arm_type: String,
    pub api_version: String,
    /// One name per type segment after the namespace: `["vnet-a", "snet-b"]`.
    pub names: Vec<String>,
    pub scope: Scope,
}

impl Placement {
    /// The resource group whose nested deployment holds this resource (`None`: subscription level).
    pub fn resource_group(&self) -> Option<&str> {
        match &self.scope {
            Scope::Subscription => None,
            Scope::ResourceGroup(rg) => Some(rg),
            Scope::Extension { target: ExtensionTarget::Resource { resource_group, .. } } => Some(resource_group),
            Scope::Extension { target: ExtensionTarget::Expression(_) } => None,
        }
    }

    /// The ARM `name` property: the name segments joined by `/`.
    pub fn full_name(&self) -> String {
        self.names.join("/")
    }
}

/// A reference from one ARM property to another resource of the model.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reference {
    /// JSON pointer of the property holding the reference (`/properties/firewallPolicy/id`).
    pub pointer: String,
    /// Terraform address of the referenced resource instance.
    pub target: String,
    /// The attribute read (`id`, `principal_id`, `identity[0].principal_id`).
    pub attribute: String,
}

/// A template parameter standing for a value known only at apply time.
#[derive(Clone, Debug, PartialEq)]
pub struct Parameter {
    pub name: String,
    /// ARM parameter type: `string`, `securestring`, `bool`, `int`, `array`, `object`.
    pub kind: &'static str,
    /// What the value is (the Unknown's origin, or "sensitive value of ...").
    pub origin: String,
    pub site: Option<Site>,
    /// The value when it is known but sensitive: kept for deploy, never exported.
    pub secret: Option<Json>,
}

/// One compiled ARM resource.
#[derive(Clone, Debug)]
pub struct ArmResource {
    /// Terraform address of the instance it came from.
    pub address: ResourceAddress,
    /// The Terraform resource type (`azurerm_key_vault`, `azapi_resource`).
    pub source_type: String,
    pub placement: Placement,
    /// The resource body without type/apiVersion/name/dependsOn/scope: `location`, `tags`, `sku`,
    /// `kind`, `identity`, `zones`, `properties`.
    pub body: Json,
    /// Terraform addresses of compiled resources this one must wait for.
    pub depends_on: BTreeSet<String>,
    pub references: Vec<Reference>,
    /// JSON pointer (into `body`) to the span of the HCL that produced it.
    pub sources: BTreeMap<String, Site>,
    /// The resource block's header.
    pub site: Option<Site>,
    /// False for a resource the same block also produces (a private endpoint's DNS zone group).
    pub primary: bool,
    /// What of its identity (name, resource group, parent) is known only after apply, with the
    /// origin: empty when it is fully known. Such a resource is checked, never exported.
    pub unknown_identity: Vec<String>,
    /// False for an instance of a type the model does not compile (only `location` and
    /// `tags` are in its body).
    pub modelled: bool,
}

impl ArmResource {
    pub fn arm_type(&self) -> &str {
        &self.placement.arm_type
    }

    pub fn api_version(&self) -> &str {
        &self.placement.api_version
    }

    pub fn name(&self) -> String {
        self.placement.full_name()
    }

    /// The value at a JSON pointer of the body (`/properties/networkAcls/defaultAction`).
    pub fn get(&self, pointer: &str) -> Option<&Json> {
        self.body.pointer(pointer)
    }

    /// `body.properties`, or null.
    pub fn properties(&self) -> &Json {
        self.body.get("properties").unwrap_or(&Json::Null)
    }

    /// The span of the HCL that produced the property at `pointer`: its own, else its nearest
    /// ancestor's, else the resource block's.
    pub fn site_of(&self, pointer: &str) -> Option<Site> {
        let mut current = pointer.trim_end_matches('/');
        loop {
            if let Some(site) = self.sources.get(current) {
                return Some(*site);
            }
            match current.rfind('/') {
                Some(i) => current = &current[..i],
                None => return self.site,
            }
        }
    }

    /// The reference recorded at `pointer`, if the property there points at another resource.
    pub fn reference_at(&self, pointer: &str) -> Option<&Reference> {
        self.references.iter().find(|r| r.pointer == pointer)
    }
}

/// A resource instance that was not compiled, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Skipped {
    pub address: String,
    /// The Terraform resource type.
    pub source_type: String,
    pub reason: String,
    pub site: Option<Site>,
}

/// The ARM form of one evaluated environment.
#[derive(Debug, Default)]
pub struct ArmModel {
    /// Sorted by resource group, type, name, address.
    pub resources: Vec<ArmResource>,
    /// By name.
    pub parameters: BTreeMap<String, Parameter>,
    /// Resource instances not compiled (listed, never silently dropped).
    pub unsupported: Vec<Skipped>,
    /// The instances of Azure types the model does not compile, as subjects of the rules that
    /// need only `location` and `tags`.
    pub unmodelled: Vec<ArmResource>,
    pub diagnostics: Diagnostics,
    /// `resources` by address and by placement, built on the first lookup, once `compile` has
    /// put them in their final order (nothing changes them after that).
    lookup: OnceLock<Lookup>,
}

/// Where a resource is in [`ArmModel::resources`]: the first one with that key, as a scan
/// from the start would find it.
#[derive(Debug, Default)]
struct Lookup {
    /// Primary resources by printed Terraform address.
    by_address: HashMap<String, usize>,
    /// By ARM type (lower case), names and resource group.
    by_placement: HashMap<(String, Vec<String>, Option<String>), usize>,
}

impl Lookup {
    fn of(resources: &[ArmResource]) -> Lookup {
        let mut lookup = Lookup::default();
        for (i, r) in resources.iter().enumerate() {
            if r.primary {
                lookup.by_address.entry(r.address.to_string()).or_insert(i);
            }
            lookup.by_placement.entry(placement_key(&r.placement)).or_insert(i);
        }
        lookup
    }
}

fn placement_key(p: &Placement) -> (String, Vec<String>, Option<String>) {
    (p.arm_type.to_ascii_lowercase(), p.names.clone(), p.resource_group().map(str::to_string))
}

impl ArmModel {
    /// Resources that cannot be deployed, with why: their identity is known only after apply,
    /// or they refer to such a resource (directly or through others).
    pub fn undeployable(&self) -> BTreeMap<String, String> {
        let mut out: BTreeMap<String, String> = BTreeMap::new();
        for r in self.resources.iter().filter(|r| !r.unknown_identity.is_empty()) {
            out.insert(
                r.address.to_string(),
                format!("its identity is known only after apply: {}", r.unknown_identity.join("; ")),
            );
        }
        loop {
            let more: Vec<(String, String)> = self
                .resources
                .iter()
                .filter(|r| !out.contains_key(&r.address.to_string()))
                .filter_map(|r| {
                    let target = r
                        .references
                        .iter()
                        .map(|x| &x.target)
                        .chain(&r.depends_on)
                        .find(|t| out.contains_key(t.as_str()))?;
                    Some((r.address.to_string(), format!("it refers to {target}, which cannot be deployed")))
                })
                .collect();
            if more.is_empty() {
                return out;
            }
            out.extend(more);
        }
    }

    /// The primary resource compiled from a Terraform address.
    pub fn by_address(&self, address: &str) -> Option<&ArmResource> {
        let lookup = self.lookup.get_or_init(|| Lookup::of(&self.resources));
        lookup.by_address.get(address).and_then(|&i| self.resources.get(i))
    }

    /// The resource at `placement` (type compared case-insensitively, as ARM does; names and
    /// resource group exactly; the API version and extension target are not compared).
    pub fn at(&self, placement: &Placement) -> Option<&ArmResource> {
        let lookup = self.lookup.get_or_init(|| Lookup::of(&self.resources));
        lookup.by_placement.get(&placement_key(placement)).and_then(|&i| self.resources.get(i))
    }

    /// Resources of one ARM type (case-insensitive, as ARM compares types).
    pub fn of_type<'a>(&'a self, arm_type: &'a str) -> impl Iterator<Item = &'a ArmResource> + 'a {
        self.resources.iter().filter(move |r| r.placement.arm_type.eq_ignore_ascii_case(arm_type))
    }

    /// The resource a recorded reference points at.
    pub fn resolve(&self, reference: &Reference) -> Option<&ArmResource> {
        self.by_address(&reference.target)
    }

    /// Extension resources attached to the resource compiled from `address`.
    pub fn extensions_of<'a>(&'a self, target: &'a ArmResource) -> impl Iterator<Item = &'a ArmResource> + 'a {
        self.resources.iter().filter(move |r| match &r.placement.scope {
            Scope::Extension { target: ExtensionTarget::Resource { resource_group, arm_type, names } } => {
                target.placement.resource_group() == Some(resource_group.as_str())
                    && arm_type.eq_ignore_ascii_case(&target.placement.arm_type)
                    && *names == target.placement.names
            }
            _ => false,
        })
    }
}
