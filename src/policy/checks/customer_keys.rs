//! The customer-managed key rules' shared check: where the profile requires customer-managed
//! keys, every resource of a type names a Key Vault key at a property (unknown when the key id
//! is known only after apply).

use crate::policy::context::{Checks, Context, Prop};

/// What a rule checks: the resources of `arm_type` name a key at `pointer` (`attribute` in
/// azurerm); a resource without one fails with `missing`.
pub(crate) struct KeyRequirement {
    pub arm_type: &'static str,
    pub pointer: &'static str,
    pub attribute: &'static str,
    pub missing: &'static str,
}

/// Checks `requirement` when `required` (the profile's `require_customer_managed_keys`).
pub(crate) fn require_key(ctx: &Context, checks: &mut Checks, required: bool, requirement: &KeyRequirement) {
    if !required {
        return;
    }
    let site = ctx.profile_site("parameters.require_customer_managed_keys");
    for resource in ctx.resources_of(requirement.arm_type) {
        match ctx.prop(resource, requirement.pointer) {
            Prop::Known(v) if v.as_str().is_some_and(|s| !s.trim().is_empty()) => checks.pass(),
            Prop::Unknown(origin) => {
                checks.unknown(resource, requirement.pointer, requirement.attribute, &origin);
            }
            _ => {
                checks.fail(resource, "", requirement.missing).note(site, "customer-managed keys are required here");
            }
        }
    }
}
