//! Domains and types together: every type operation names its domain first, and
//! deprecating a domain deprecates its types.

use super::World;
use crate::server::state::input::Reply;
use crate::server::state::types::{NewType, TypeDefaults, TypeKind, TypeQuery};
use crate::wire::typed::{
    DeleteActivityTypeInput, DeleteWorkflowTypeInput, DeprecateActivityTypeInput,
    DeprecateWorkflowTypeInput, DescribeActivityTypeInput, DescribeWorkflowTypeInput,
    RegisterActivityTypeInput, RegisterWorkflowTypeInput, UndeprecateActivityTypeInput,
    UndeprecateWorkflowTypeInput,
};

/// One type of a domain: its kind, domain, and (name, version).
pub(super) type TypeName<'a> = (TypeKind, &'a str, (&'a str, &'a str));

/// An input that names one type of a domain.
pub(super) trait NamesType {
    /// The type it names.
    fn type_name(&self) -> TypeName<'_>;
}

macro_rules! names_type {
    ($($input:ty: $kind:ident, $member:ident;)*) => {$(
        impl NamesType for $input {
            fn type_name(&self) -> TypeName<'_> {
                (TypeKind::$kind, &self.domain, self.$member.key())
            }
        }
    )*};
}

names_type! {
    DescribeWorkflowTypeInput: Workflow, workflow_type;
    DescribeActivityTypeInput: Activity, activity_type;
    DeprecateWorkflowTypeInput: Workflow, workflow_type;
    DeprecateActivityTypeInput: Activity, activity_type;
    UndeprecateWorkflowTypeInput: Workflow, workflow_type;
    UndeprecateActivityTypeInput: Activity, activity_type;
    DeleteWorkflowTypeInput: Workflow, workflow_type;
    DeleteActivityTypeInput: Activity, activity_type;
}

impl World {
    /// DeprecateDomain: the domain, then (SWF-WIRE.md §8) every type registered in it.
    pub(super) fn deprecate_domain(&mut self, name: &str) -> Reply {
        self.domains.set_deprecated(name, true)?;
        let now = self.now();
        self.types.deprecate_domain(name, now);
        Ok(None)
    }

    /// RegisterWorkflowType, in a domain that is not deprecated.
    pub(super) fn register_workflow_type(&mut self, input: &RegisterWorkflowTypeInput) -> Reply {
        self.register_type(NewType {
            kind: TypeKind::Workflow,
            domain: &input.domain,
            name: &input.name,
            version: &input.version,
            description: input.description.as_deref(),
            defaults: TypeDefaults::of_workflow(input),
        })
    }

    /// RegisterActivityType, in a domain that is not deprecated.
    pub(super) fn register_activity_type(&mut self, input: &RegisterActivityTypeInput) -> Reply {
        self.register_type(NewType {
            kind: TypeKind::Activity,
            domain: &input.domain,
            name: &input.name,
            version: &input.version,
            description: input.description.as_deref(),
            defaults: TypeDefaults::of_activity(input),
        })
    }

    fn register_type(&mut self, new: NewType<'_>) -> Reply {
        self.domains.usable(new.domain)?;
        let now = self.now();
        self.types.register(new, now)
    }

    /// DescribeWorkflowType / DescribeActivityType.
    pub(super) fn describe_type(&self, (kind, domain, name): TypeName<'_>) -> Reply {
        self.domains.get(domain)?;
        self.types.describe(kind, domain, name)
    }

    /// ListWorkflowTypes / ListActivityTypes.
    pub(super) fn list_types(&self, kind: TypeKind, query: TypeQuery<'_>) -> Reply {
        self.domains.get(query.domain)?;
        self.types.list(kind, query)
    }

    /// Deprecate- and UndeprecateWorkflowType / ActivityType.
    pub(super) fn set_type_deprecated(&mut self, named: TypeName<'_>, deprecate: bool) -> Reply {
        self.domains.get(named.1)?;
        let now = self.now();
        self.types.set_deprecated(named, deprecate, now)
    }

    /// DeleteWorkflowType / DeleteActivityType.
    pub(super) fn delete_type(&mut self, (kind, domain, name): TypeName<'_>) -> Reply {
        self.domains.get(domain)?;
        self.types.delete(kind, domain, name)
    }
}
