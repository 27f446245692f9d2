//! Typed inputs of the operations on domains, tags and types.

use super::shapes::{ActivityType, RegistrationStatus, ResourceTag, TaskList, WorkflowType};
use super::{TypedInput, typed_input};
use serde::{Deserialize, Serialize};

typed_input! {
    /// RegisterDomain.
    RegisterDomainInput for "RegisterDomain" {
        /// The domain name.
        name: String,
        /// A description.
        description: Option<String>,
        /// Retention in days, as a string `"0"`..`"90"`.
        workflow_execution_retention_period_in_days: String,
        /// Tags for the domain.
        tags: Option<Vec<ResourceTag>>,
    }
}

typed_input! {
    /// DescribeDomain.
    DescribeDomainInput for "DescribeDomain" {
        /// The domain name.
        name: String,
    }
}

typed_input! {
    /// DeprecateDomain.
    DeprecateDomainInput for "DeprecateDomain" {
        /// The domain name.
        name: String,
    }
}

typed_input! {
    /// UndeprecateDomain.
    UndeprecateDomainInput for "UndeprecateDomain" {
        /// The domain name.
        name: String,
    }
}

typed_input! {
    /// ListDomains.
    ListDomainsInput for "ListDomains" {
        /// The page to read.
        next_page_token: Option<String>,
        /// Registered or deprecated domains.
        registration_status: RegistrationStatus,
        /// Domains per page.
        maximum_page_size: Option<i64>,
        /// Newest first.
        reverse_order: Option<bool>,
    }
}

typed_input! {
    /// TagResource.
    TagResourceInput for "TagResource" {
        /// The domain's ARN.
        resource_arn: String,
        /// The tags to add or replace.
        tags: Vec<ResourceTag>,
    }
}

typed_input! {
    /// UntagResource.
    UntagResourceInput for "UntagResource" {
        /// The domain's ARN.
        resource_arn: String,
        /// The keys of the tags to remove.
        tag_keys: Vec<String>,
    }
}

typed_input! {
    /// ListTagsForResource.
    ListTagsForResourceInput for "ListTagsForResource" {
        /// The domain's ARN.
        resource_arn: String,
    }
}

typed_input! {
    /// RegisterWorkflowType.
    RegisterWorkflowTypeInput for "RegisterWorkflowType" {
        /// The domain.
        domain: String,
        /// The type name.
        name: String,
        /// The type version.
        version: String,
        /// A description.
        description: Option<String>,
        /// Default decision task timeout, seconds as a string or `NONE`.
        default_task_start_to_close_timeout: Option<String>,
        /// Default execution timeout, seconds as a string or `NONE`.
        default_execution_start_to_close_timeout: Option<String>,
        /// Default task list.
        default_task_list: Option<TaskList>,
        /// Default task priority.
        default_task_priority: Option<String>,
        /// Default child policy.
        default_child_policy: Option<super::ChildPolicy>,
        /// Default Lambda role.
        default_lambda_role: Option<String>,
    }
}

typed_input! {
    /// RegisterActivityType.
    RegisterActivityTypeInput for "RegisterActivityType" {
        /// The domain.
        domain: String,
        /// The type name.
        name: String,
        /// The type version.
        version: String,
        /// A description.
        description: Option<String>,
        /// Default start-to-close timeout, seconds as a string or `NONE`.
        default_task_start_to_close_timeout: Option<String>,
        /// Default heartbeat timeout.
        default_task_heartbeat_timeout: Option<String>,
        /// Default task list.
        default_task_list: Option<TaskList>,
        /// Default task priority.
        default_task_priority: Option<String>,
        /// Default schedule-to-start timeout.
        default_task_schedule_to_start_timeout: Option<String>,
        /// Default schedule-to-close timeout.
        default_task_schedule_to_close_timeout: Option<String>,
    }
}

/// Declares the input of an operation that names one type of a domain.
macro_rules! type_named {
    ($($name:ident for $op:literal: $member:ident: $ty:ty;)*) => {$(
        typed_input! {
            #[doc = concat!($op, ".")]
            $name for $op {
                /// The domain.
                domain: String,
                /// The type.
                $member: $ty,
            }
        }
    )*};
}

type_named! {
    DescribeWorkflowTypeInput for "DescribeWorkflowType": workflow_type: WorkflowType;
    DescribeActivityTypeInput for "DescribeActivityType": activity_type: ActivityType;
    DeprecateWorkflowTypeInput for "DeprecateWorkflowType": workflow_type: WorkflowType;
    DeprecateActivityTypeInput for "DeprecateActivityType": activity_type: ActivityType;
    UndeprecateWorkflowTypeInput for "UndeprecateWorkflowType": workflow_type: WorkflowType;
    UndeprecateActivityTypeInput for "UndeprecateActivityType": activity_type: ActivityType;
    DeleteWorkflowTypeInput for "DeleteWorkflowType": workflow_type: WorkflowType;
    DeleteActivityTypeInput for "DeleteActivityType": activity_type: ActivityType;
}

/// Declares the input of ListWorkflowTypes or ListActivityTypes.
macro_rules! type_list {
    ($($name:ident for $op:literal;)*) => {$(
        typed_input! {
            #[doc = concat!($op, ".")]
            $name for $op {
                /// The domain.
                domain: String,
                /// Only types of this name.
                name: Option<String>,
                /// Registered or deprecated types.
                registration_status: RegistrationStatus,
                /// The page to read.
                next_page_token: Option<String>,
                /// Types per page.
                maximum_page_size: Option<i64>,
                /// Newest first.
                reverse_order: Option<bool>,
            }
        }
    )*};
}

type_list! {
    ListWorkflowTypesInput for "ListWorkflowTypes";
    ListActivityTypesInput for "ListActivityTypes";
}
