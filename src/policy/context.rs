//! What a rule sees (the environment's ARM model, configuration, sources and profile) and how
//! it reports (one outcome per subject: pass, fail or unknown).

use serde_json::Value as Json;

use super::finding::{Note, Outcome, Status};
use super::profile::Profile;
use crate::arm::{ArmModel, ArmResource};
use crate::config::{Config, ResourceAddress, Subject};
use crate::eval::Evaluation;
pub(crate) use crate::load::BackendFile;
use crate::source::{FileId, Site, SourceMap};

/// Everything a rule may read about one environment.
pub struct Context<'a> {
    pub environment: &'a str,
    /// Whether the environment was named (`--env`, `environments/NAME`) rather than taken from a
    /// directory name.
    pub environment_declared: bool,
    pub model: &'a ArmModel,
    pub config: &'a Config,
    pub evaluation: &'a Evaluation,
    pub sources: &'a SourceMap,
    pub profile: &'a Profile,
    /// The profile file as loaded into `sources`, for notes naming the line that decided.
    pub profile_file: Option<FileId>,
    pub backend_files: &'a [BackendFile],
    /// The resource addresses the running rule has looked at (see [`Context::resources_of`]),
    /// for the per-resource count of rule evaluations.
    pub seen: std::cell::RefCell<std::collections::BTreeSet<ResourceAddress>>,
    /// ARM types (lower case) all of whose primary resources the running rule has looked at
    /// (a lookup through an index stands for a scan of them all).
    pub seen_types: std::cell::RefCell<std::collections::BTreeSet<String>>,
    /// Lookups by type, identity and extension target, built on first use, so cross-resource
    /// rules stay linear in the size of the model.
    pub index: std::cell::OnceCell<ModelIndex>,
}

/// The identity of a resource in the model: lower-case ARM type, resource group, names.
type Identity = (String, Option<String>, Vec<String>);

/// Positions in `ArmModel::resources` by ARM type, by identity, and by the resource an
/// extension resource (a diagnostic setting, a lock) is placed on.
#[derive(Default)]
pub struct ModelIndex {
    by_type: std::collections::HashMap<String, Vec<usize>>,
    by_identity: std::collections::HashMap<Identity, Vec<usize>>,
    extensions: std::collections::HashMap<Identity, Vec<usize>>,
    /// Primary private endpoints by what their connections point at.
    private_links: std::collections::HashMap<LinkTarget, Vec<usize>>,
}

/// What an id-valued property designates: a compiled resource by its Terraform address (a
/// reference), or an ARM type and names (lower case) from a `resourceId(...)` or a literal id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum LinkTarget {
    Address(String),
    Id(String, Vec<String>),
}

impl LinkTarget {
    /// The keys `target` is found under.
    pub(crate) fn of(target: &ArmResource) -> [LinkTarget; 2] {
        [
            LinkTarget::Address(target.address.to_string()),
            LinkTarget::Id(
                target.arm_type().to_ascii_lowercase(),
                target.placement.names.iter().map(|n| n.to_ascii_lowercase()).collect(),
            ),
        ]
    }
}

/// The connection lists of a private endpoint.
pub(crate) const PRIVATE_LINK_LISTS: [&str; 2] =
    ["privateLinkServiceConnections", "manualPrivateLinkServiceConnections"];

impl ModelIndex {
    fn build(model: &ArmModel) -> ModelIndex {
        let mut index = ModelIndex::default();
        for (i, r) in model.resources.iter().enumerate() {
            let arm_type = r.placement.arm_type.to_ascii_lowercase();
            index.by_type.entry(arm_type.clone()).or_default().push(i);
            let group = r.placement.resource_group().map(str::to_string);
            index.by_identity.entry((arm_type, group, r.placement.names.clone())).or_default().push(i);
            if let crate::arm::Scope::Extension {
                target: crate::arm::ExtensionTarget::Resource { resource_group, arm_type, names },
            } = &r.placement.scope
            {
                let key = (arm_type.to_ascii_lowercase(), Some(resource_group.clone()), names.clone());
                index.extensions.entry(key).or_default().push(i);
            }
            if r.primary && r.placement.arm_type.eq_ignore_ascii_case("Microsoft.Network/privateEndpoints") {
                for list in PRIVATE_LINK_LISTS {
                    let count = r.get(&format!("/properties/{list}")).and_then(Json::as_array).map_or(0, Vec::len);
                    for c in 0..count {
                        let pointer = format!("/properties/{list}/{c}/properties/privateLinkServiceId");
                        if let Some(target) = crate::policy::checks::lookup::link_target(r, &pointer) {
                            let endpoints = index.private_links.entry(target).or_default();
                            if endpoints.last() != Some(&i) {
                                endpoints.push(i);
                            }
                        }
                    }
                }
            }
        }
        index
    }
}

/// An ARM property as a rule needs it: not set, a literal, or known only at apply time.
#[derive(Clone, Debug, PartialEq)]
pub enum Prop<'r> {
    Absent,
    Known(&'r Json),
    /// The value is an ARM expression; the text says which value it stands for.
    Unknown(String),
}

impl<'r> Prop<'r> {
    pub fn as_str(&self) -> Option<&'r str> {
        match self {
            Prop::Known(j) => j.as_str(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Prop::Known(j) => j.as_bool(),
            _ => None,
        }
    }
}

/// Whether a JSON string is an ARM template expression (`[...]`, not the `[[` escape).
pub(crate) fn is_expression(text: &str) -> bool {
    text.starts_with('[') && text.ends_with(']') && !text.starts_with("[[")
}

impl Context<'_> {
    /// The property at `pointer`, classified.
    pub fn prop<'r>(&self, resource: &'r ArmResource, pointer: &str) -> Prop<'r> {
        match resource.get(pointer) {
            // Inside an object known only after apply (an `azapi_resource` body whose
            // `properties` depend on another resource), the property is unknown, not unset.
            None => self.unknown_ancestor(resource, pointer).unwrap_or(Prop::Absent),
            Some(Json::Null) => Prop::Absent,
            Some(Json::String(s)) if is_expression(s) => Prop::Unknown(self.origin(resource, pointer, s)),
            Some(value) => Prop::Known(value),
        }
    }

    /// The nearest enclosing value of `pointer` that is an ARM expression, as unknown.
    fn unknown_ancestor<'r>(&self, resource: &'r ArmResource, pointer: &str) -> Option<Prop<'r>> {
        let mut current = pointer;
        while let Some(i) = current.rfind('/') {
            current = &current[..i];
            if current.is_empty() {
                return None;
            }
            match resource.get(current) {
                Some(Json::String(s)) if is_expression(s) => {
                    return Some(Prop::Unknown(self.origin(resource, current, s)));
                }
                Some(_) => return None,
                None => {}
            }
        }
        None
    }

    /// What the ARM expression at `pointer` stands for: the referenced attribute, or the
    /// origin of the template parameter.
    pub fn origin(&self, resource: &ArmResource, pointer: &str, expression: &str) -> String {
        if let Some(reference) = resource.reference_at(pointer) {
            return format!("attribute {} of {}", reference.attribute, reference.target);
        }
        if let Some(start) = expression.find("parameters('") {
            let rest = &expression[start + "parameters('".len()..];
            if let Some(name) = rest.split('\'').next() {
                if let Some(parameter) = self.model.parameters.get(name) {
                    return parameter.origin.clone();
                }
            }
        }
        format!("the ARM expression {expression}")
    }

    /// The site of a profile key (`parameters.allowed_regions`), for notes.
    pub fn profile_site(&self, key: &str) -> Option<Site> {
        let file = self.profile_file?;
        self.profile.spans.get(key).map(|span| Site::new(file, span.clone()))
    }

    fn index(&self) -> &ModelIndex {
        self.index.get_or_init(|| ModelIndex::build(self.model))
    }

    /// The primary private endpoints with a connection to `target`, in model order; every
    /// private endpoint counts as looked at by the running rule.
    pub(crate) fn private_endpoints_to(&self, target: &ArmResource) -> Vec<&ArmResource> {
        self.seen_types.borrow_mut().insert("microsoft.network/privateendpoints".to_string());
        let index = self.index();
        let mut positions: Vec<usize> =
            LinkTarget::of(target).iter().filter_map(|key| index.private_links.get(key)).flatten().copied().collect();
        positions.sort_unstable();
        positions.dedup();
        positions.into_iter().map(|i| &self.model.resources[i]).collect()
    }

    /// The resources the running rule looked at, then forgotten for the next rule.
    pub(crate) fn take_seen(&self) -> std::collections::BTreeSet<ResourceAddress> {
        let mut seen = std::mem::take(&mut *self.seen.borrow_mut());
        for arm_type in std::mem::take(&mut *self.seen_types.borrow_mut()) {
            let index = self.index();
            let all = index.by_type.get(&arm_type).into_iter().flatten().map(|&i| &self.model.resources[i]);
            seen.extend(all.filter(|r| r.primary).map(|r| r.address.clone()));
        }
        seen
    }

    /// Primary resources of one ARM type (each one counted as looked at by the running rule).
    pub fn resources_of<'m>(&'m self, arm_type: &str) -> impl Iterator<Item = &'m ArmResource> + 'm {
        self.all_of(arm_type).filter(|r| r.primary).inspect(|r| self.saw(&r.address))
    }

    /// Every resource of one ARM type, primary or produced by another's block (a storage
    /// account's blob service), in model order.
    pub fn all_of<'m>(&'m self, arm_type: &str) -> impl Iterator<Item = &'m ArmResource> + 'm {
        let positions = self.index().by_type.get(&arm_type.to_ascii_lowercase()).map_or(&[][..], Vec::as_slice);
        positions.iter().map(|&i| &self.model.resources[i])
    }

    /// The resources of `arm_type` named `names` in the resource group `group` (counted as
    /// looked at).
    pub fn find<'m>(&'m self, arm_type: &str, group: Option<&str>, names: &[String]) -> Vec<&'m ArmResource> {
        let key = (arm_type.to_ascii_lowercase(), group.map(str::to_string), names.to_vec());
        self.index()
            .by_identity
            .get(&key)
            .map_or(Vec::new(), |found| found.iter().map(|&i| &self.model.resources[i]).collect())
    }

    /// The child of `parent` of type `PARENT_TYPE/kind` named `name` (a server's
    /// `securityAlertPolicies/Default`, an account's `blobServices/default`), counted as looked at.
    pub fn child_named<'m>(&'m self, parent: &ArmResource, kind: &str, name: &str) -> Option<&'m ArmResource> {
        let mut names = parent.placement.names.clone();
        names.push(name.to_string());
        let arm_type = format!("{}/{kind}", parent.arm_type());
        self.find(&arm_type, parent.placement.resource_group(), &names).into_iter().next()
    }

    /// The extension resources placed on `target` (its diagnostic settings, locks, ...),
    /// counted as looked at.
    pub fn extensions_of<'m>(&'m self, target: &ArmResource) -> Vec<&'m ArmResource> {
        let key = (
            target.placement.arm_type.to_ascii_lowercase(),
            target.placement.resource_group().map(str::to_string),
            target.placement.names.clone(),
        );
        self.index()
            .extensions
            .get(&key)
            .map_or(Vec::new(), |found| found.iter().map(|&i| &self.model.resources[i]).collect())
    }

    /// Every primary resource, and every instance of an Azure type the model does not compile
    /// (whose body holds only `location` and `tags`): the subjects of rules that need no
    /// mapping (region, tags).
    pub fn all_subjects(&self) -> impl Iterator<Item = &ArmResource> + '_ {
        self.model
            .resources
            .iter()
            .filter(|r| r.primary)
            .chain(&self.model.unmodelled)
            .inspect(|r| self.saw(&r.address))
    }

    /// Counts `address` as looked at by the running rule.
    pub fn saw(&self, address: &ResourceAddress) {
        let mut seen = self.seen.borrow_mut();
        if !seen.contains(address) {
            seen.insert(address.clone());
        }
    }
}

/// The outcomes of one rule over one environment.
#[derive(Debug, Default)]
pub struct Checks {
    pub outcomes: Vec<Outcome>,
}

impl Checks {
    /// One subject evaluated and found compliant.
    pub fn pass(&mut self) {
        self.outcomes.push(Outcome {
            status: Status::Pass,
            address: None,
            site: None,
            message: String::new(),
            notes: Vec::new(),
            block: None,
        });
    }

    /// A resource failed: the site is the HCL that produced the property at `pointer`.
    pub fn fail(&mut self, resource: &ArmResource, pointer: &str, message: impl Into<String>) -> &mut Outcome {
        self.resource_outcome(Status::Fail, resource, pointer, message.into())
    }

    /// A resource's deciding value is unknown until apply: `what` names it, `origin` says where
    /// it comes from.
    pub fn unknown(&mut self, resource: &ArmResource, pointer: &str, what: &str, origin: &str) -> &mut Outcome {
        let message = format!("{what} is not known before apply (it is {origin})");
        self.resource_outcome(Status::Unknown, resource, pointer, message)
    }

    fn resource_outcome(
        &mut self,
        status: Status,
        resource: &ArmResource,
        pointer: &str,
        message: String,
    ) -> &mut Outcome {
        self.push(Outcome {
            status,
            address: Some(Subject::Resource(resource.address.clone())),
            site: resource.site_of(pointer),
            message,
            notes: Vec::new(),
            block: resource.site,
        })
    }

    /// A configuration subject (provider, backend, variable, literal) failed.
    pub fn fail_at(
        &mut self,
        address: Option<Subject>,
        site: Option<Site>,
        message: impl Into<String>,
    ) -> &mut Outcome {
        self.push(Outcome {
            status: Status::Fail,
            address,
            site,
            message: message.into(),
            notes: Vec::new(),
            block: None,
        })
    }

    /// A configuration subject whose deciding value is unknown.
    pub fn unknown_at(
        &mut self,
        address: Option<Subject>,
        site: Option<Site>,
        message: impl Into<String>,
    ) -> &mut Outcome {
        self.push(Outcome {
            status: Status::Unknown,
            address,
            site,
            message: message.into(),
            notes: Vec::new(),
            block: None,
        })
    }

    fn push(&mut self, outcome: Outcome) -> &mut Outcome {
        self.outcomes.push(outcome);
        let last = self.outcomes.len() - 1;
        &mut self.outcomes[last]
    }
}

impl Outcome {
    /// Adds a secondary label (where a value came from, which profile line decided).
    pub fn note(&mut self, site: Option<Site>, text: impl Into<String>) -> &mut Outcome {
        if let Some(site) = site {
            self.notes.push(Note { site, text: text.into() });
        }
        self
    }
}
