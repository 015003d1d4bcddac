//! Federated identity credentials from either source, for OIDC003 and OIDC004: ARM
//! `userAssignedIdentities/federatedIdentityCredentials` (azurerm or azapi) and
//! `azuread_application_federated_identity_credential` instances (Entra, not ARM).

use serde_json::Value as Json;

use crate::arm::ArmResource;
use crate::config::{Mode, Subject};
use crate::eval::{ResourceInstance, Value};
use crate::policy::context::{Checks, Context, Prop};
use crate::policy::finding::Outcome;
use crate::source::Site;

pub(crate) enum Credential<'a> {
    Arm(&'a ArmResource),
    Entra(&'a ResourceInstance),
}

/// A credential field: `issuer`, `subject` or `audiences` (as text, or a list of texts).
pub(crate) enum Field {
    Known(Json),
    Unknown(String),
    Absent,
}

impl Credential<'_> {
    pub(crate) fn all<'a>(ctx: &'a Context) -> Vec<Credential<'a>> {
        let mut out: Vec<Credential> = ctx
            .resources_of("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials")
            .map(Credential::Arm)
            .collect();
        out.extend(
            ctx.evaluation
                .resources
                .iter()
                .filter(|r| {
                    r.address.mode == Mode::Managed
                        && r.address.kind == "azuread_application_federated_identity_credential"
                })
                .inspect(|r| ctx.saw(&r.address))
                .map(Credential::Entra),
        );
        out
    }

    pub(crate) fn address(&self) -> Subject {
        match self {
            Credential::Arm(r) => Subject::Resource(r.address.clone()),
            Credential::Entra(i) => Subject::Resource(i.address.clone()),
        }
    }

    pub(crate) fn field(&self, ctx: &Context, name: &str) -> Field {
        match self {
            Credential::Arm(r) => match ctx.prop(r, &format!("/properties/{name}")) {
                Prop::Known(v) => Field::Known(v.clone()),
                Prop::Unknown(origin) => Field::Unknown(origin),
                Prop::Absent => Field::Absent,
            },
            Credential::Entra(i) => match i.value.as_entries().and_then(|a| a.get(name)).map(Value::unmarked) {
                None | Some(Value::Null) => Field::Absent,
                Some(v) if !v.is_wholly_known() => Field::Unknown(
                    v.find_unknown().map_or_else(|| "a value known after apply".to_string(), |u| u.origin.clone()),
                ),
                Some(v) => Field::Known(v.to_json()),
            },
        }
    }

    /// The site of a field's HCL.
    pub(crate) fn site(&self, ctx: &Context, name: &str) -> Option<Site> {
        match self {
            Credential::Arm(r) => r.site_of(&format!("/properties/{name}")),
            Credential::Entra(i) => entra_attribute_site(ctx, i, name).or(i.site),
        }
    }

    pub(crate) fn fail<'c>(
        &self,
        ctx: &Context,
        checks: &'c mut Checks,
        field: &str,
        message: String,
    ) -> &'c mut Outcome {
        checks.fail_at(Some(self.address()), self.site(ctx, field), message)
    }

    pub(crate) fn unknown(&self, ctx: &Context, checks: &mut Checks, field: &str, origin: &str) {
        checks.unknown_at(
            Some(self.address()),
            self.site(ctx, field),
            format!("the credential's {field} is not known before apply (it is {origin})"),
        );
    }
}

fn entra_attribute_site(ctx: &Context, instance: &ResourceInstance, name: &str) -> Option<Site> {
    let resource = ctx.config.resource_block(&instance.address)?;
    let layers: Vec<_> = resource.layers().collect();
    let (file, attr) = layers.iter().rev().find_map(|l| l.body.get_attribute(name).map(|a| (l.file, a)))?;
    super::config_scan::site_of(file, attr)
}

pub(crate) const GITHUB_ISSUER: &str = "https://token.actions.githubusercontent.com";
pub(crate) const AZURE_DEVOPS_ISSUER: &str = "https://vstoken.dev.azure.com/";
