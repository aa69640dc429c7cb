//! Rules on CreateImageComponent request parameters, as a component manifest gives them
//! (docs/service-rules.md §2). Each parameter gets at most one finding, whose message names every rule the value
//! breaks. The checks take a parameter's text and the span of its value in the manifest.

mod identity;
pub mod manifest;
mod placement;
mod tags;

pub use identity::{
    INVALID_COMPONENT_TYPE, INVALID_DESCRIPTION, INVALID_NAME, INVALID_SYSTEM_TYPE,
    INVALID_VERSION, VERSION_LEADING_ZEROS, check_component_type, check_description,
    check_description_like, check_name, check_name_like, check_system_type, check_version,
};
pub use placement::{
    INVALID_CLIENT_TOKEN, REGION_SHAPE, RESOURCE_GROUP_SHAPE, check_client_token, check_region_id,
    check_region_id_of, check_resource_group_id,
};
pub use tags::{DUPLICATE_TAG_KEY, INVALID_TAG_KEY, INVALID_TAG_VALUE, TAG_COUNT, Tag, check_tags};

/// "a, b and c".
pub(crate) fn list(faults: &[String]) -> String {
    match faults {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}
