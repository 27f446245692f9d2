//! Domains and types together: every type operation names its domain first, and
//! deprecating a domain deprecates its types.

use super::World;
use crate::server::state::input::Answer;
use crate::server::state::input::text;
use crate::server::state::types::Kind;
use serde_json::Value as Json;

impl World {
    /// DeprecateDomain: the domain, then (SWF-WIRE.md §8) every type registered in it.
    pub(super) fn deprecate_domain(&mut self, input: &Json) -> Answer {
        self.domains.set_deprecated(input, true)?;
        let now = self.now();
        self.types.deprecate_domain(text(input, "name"), now);
        Ok(None)
    }

    /// RegisterWorkflowType / RegisterActivityType, in a domain that is not deprecated.
    pub(super) fn register_type(&mut self, kind: Kind, input: &Json) -> Answer {
        self.domains.usable(text(input, "domain"))?;
        let now = self.now();
        self.types.register(kind, input, now)
    }

    /// DescribeWorkflowType / DescribeActivityType.
    pub(super) fn describe_type(&self, kind: Kind, input: &Json) -> Answer {
        self.domains.get(text(input, "domain"))?;
        self.types.describe(kind, input)
    }

    /// ListWorkflowTypes / ListActivityTypes.
    pub(super) fn list_types(&self, kind: Kind, input: &Json) -> Answer {
        self.domains.get(text(input, "domain"))?;
        self.types.list(kind, input)
    }

    /// Deprecate- and UndeprecateWorkflowType / ActivityType.
    pub(super) fn set_type_deprecated(
        &mut self,
        kind: Kind,
        input: &Json,
        deprecate: bool,
    ) -> Answer {
        self.domains.get(text(input, "domain"))?;
        let now = self.now();
        self.types.set_deprecated(kind, input, deprecate, now)
    }

    /// DeleteWorkflowType / DeleteActivityType.
    pub(super) fn delete_type(&mut self, kind: Kind, input: &Json) -> Answer {
        self.domains.get(text(input, "domain"))?;
        self.types.delete(kind, input)
    }
}
