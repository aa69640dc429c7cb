//! Content inside infrastructure as code (docs/service-rules.md §11): which Terraform attribute or
//! ROS property carries which API parameter. One table per resource type; the parsers read them
//! to build the request each resource sends, and the documentation cites them.

/// The Terraform resource that creates an image component.
pub const TERRAFORM_COMPONENT: &str = "alicloud_ecs_image_component";
/// The Terraform resource that creates an image template.
pub const TERRAFORM_PIPELINE: &str = "alicloud_ecs_image_pipeline";
/// The ROS resource type that creates an image component.
pub const ROS_COMPONENT: &str = "ALIYUN::ECS::ImageComponent";
/// The ROS resource type that creates an image template.
pub const ROS_PIPELINE: &str = "ALIYUN::ECS::ImagePipeline";
/// The key every ROS template has at its top level.
pub const ROS_FORMAT_KEY: &str = "ROSTemplateFormatVersion";

/// An attribute or property and the API parameter it is sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// As the resource spells it.
    pub name: &'static str,
    /// The CreateImageComponent or CreateImagePipeline parameter.
    pub parameter: &'static str,
}

const fn field(name: &'static str, parameter: &'static str) -> Field {
    Field { name, parameter }
}

/// `alicloud_ecs_image_component` (provider v1.159.0; `component_version` since v1.235.0).
/// `tags` is a map in Terraform, sent as the `Tag` list.
pub const TERRAFORM_COMPONENT_FIELDS: &[Field] = &[
    field("content", "Content"),
    field("image_component_name", "Name"),
    field("component_version", "ComponentVersion"),
    field("description", "Description"),
    field("system_type", "SystemType"),
    field("component_type", "ComponentType"),
    field("resource_group_id", "ResourceGroupId"),
    field("tags", "Tag"),
];

/// `alicloud_ecs_image_pipeline` (provider v1.163.0). The provider has no `test_content`.
pub const TERRAFORM_PIPELINE_FIELDS: &[Field] = &[
    field("build_content", "BuildContent"),
    field("name", "Name"),
    field("description", "Description"),
    field("base_image_type", "BaseImageType"),
    field("base_image", "BaseImage"),
    field("image_name", "ImageName"),
    field("system_disk_size", "SystemDiskSize"),
    field("internet_max_bandwidth_out", "InternetMaxBandwidthOut"),
    field("add_account", "AddAccount"),
    field("to_region_id", "ToRegionId"),
    field("instance_type", "InstanceType"),
    field("vswitch_id", "VSwitchId"),
    field("delete_instance_on_failure", "DeleteInstanceOnFailure"),
    field("resource_group_id", "ResourceGroupId"),
    field("tags", "Tag"),
];

/// `ALIYUN::ECS::ImageComponent`'s properties. `Tags` is a list of `{Key, Value}`, as `Tag`.
pub const ROS_COMPONENT_FIELDS: &[Field] = &[
    field("Content", "Content"),
    field("Name", "Name"),
    field("Description", "Description"),
    field("SystemType", "SystemType"),
    field("ComponentType", "ComponentType"),
    field("ResourceGroupId", "ResourceGroupId"),
    field("Tags", "Tag"),
];

/// `ALIYUN::ECS::ImagePipeline`'s properties. `ExecutePipeline` (start a build when the stack
/// is created) is ROS's own: no API parameter.
pub const ROS_PIPELINE_FIELDS: &[Field] = &[
    field("BuildContent", "BuildContent"),
    field("Name", "Name"),
    field("Description", "Description"),
    field("BaseImageType", "BaseImageType"),
    field("BaseImage", "BaseImage"),
    field("ImageName", "ImageName"),
    field("SystemDiskSize", "SystemDiskSize"),
    field("InternetMaxBandwidthOut", "InternetMaxBandwidthOut"),
    field("AddAccount", "AddAccount"),
    field("ToRegionId", "ToRegionId"),
    field("InstanceType", "InstanceType"),
    field("VSwitchId", "VSwitchId"),
    field("DeleteInstanceOnFailure", "DeleteInstanceOnFailure"),
    field("ResourceGroupId", "ResourceGroupId"),
    field("Tags", "Tag"),
];

/// ROS-only properties of `ALIYUN::ECS::ImagePipeline`: known, not sent to CreateImagePipeline.
pub const ROS_PIPELINE_OWN: &[&str] = &["ExecutePipeline"];

/// Where API parameter `parameter` of a component (`pipeline` false) or a template comes from in
/// Terraform and in ROS, if the resources carry it.
pub fn sources(parameter: &str, pipeline: bool) -> (Option<&'static str>, Option<&'static str>) {
    let (terraform, ros) = if pipeline {
        (TERRAFORM_PIPELINE_FIELDS, ROS_PIPELINE_FIELDS)
    } else {
        (TERRAFORM_COMPONENT_FIELDS, ROS_COMPONENT_FIELDS)
    };
    let find = |fields: &[Field]| {
        fields
            .iter()
            .find(|f| f.parameter == parameter)
            .map(|f| f.name)
    };
    (find(terraform), find(ros))
}

/// The API parameter each code of a request parameter is about: its rule's documentation says
/// where the parameter comes from in each form.
pub const PARAMETER_OF_CODE: &[(&str, &str)] = &[
    ("InvalidName.Malformed", "Name"),
    ("InvalidDescription.Malformed", "Description"),
    ("InvalidSystemType.NotSupportedValue", "SystemType"),
    ("InvalidComponentType.NotSupportedValue", "ComponentType"),
    ("InvalidParameter.ComponentVersion", "ComponentVersion"),
    ("ICL303", "ComponentVersion"),
    ("ICL302", "ResourceGroupId"),
    ("InvalidTagKey.Malformed", "Tag"),
    ("InvalidTagValue.Malformed", "Tag"),
    ("Duplicate.TagKey", "Tag"),
    ("InvalidParameter.TagCount", "Tag"),
    ("MissingParameter.Content", "Content"),
    ("InvalidContent.LengthExceeded", "Content"),
    ("InvalidBaseImageType.NotSupportedValue", "BaseImageType"),
    ("ICL403", "BaseImage"),
    ("InvalidImageName.Malformed", "ImageName"),
    ("InvalidSystemDiskSize.NotSupportedValue", "SystemDiskSize"),
    (
        "InvalidInternetMaxBandwidthOut.NotSupportedValue",
        "InternetMaxBandwidthOut",
    ),
    ("InvalidAddAccountSize.ExceededMaxNumber", "AddAccount"),
    ("InvalidToRegionIdSize.ExceededMaxNumber", "ToRegionId"),
    ("InvalidBuildContent.LengthExceeded", "BuildContent"),
    ("InvalidParameter.BuildContent", "BuildContent"),
];

/// The API parameter the code `code` is about, if it is about one of a request.
pub fn parameter_of(code: &str) -> Option<&'static str> {
    PARAMETER_OF_CODE
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, parameter)| *parameter)
}

/// Whether `bytes` may hold a Terraform resource of Image Builder: a cheap search before any
/// parse, so that other `.tf` files cost a read and nothing more.
pub fn may_hold_terraform_resources(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    [TERRAFORM_COMPONENT, TERRAFORM_PIPELINE]
        .iter()
        .any(|name| text.contains(name))
}

/// Whether `text` is a ROS template that may hold an Image Builder resource: a top-level
/// `ROSTemplateFormatVersion` key (YAML, or JSON at any indentation) and one of the two types.
/// Substring searches first: most texts contain neither.
pub fn may_be_ros_template(text: &str) -> bool {
    if !text.contains(ROS_FORMAT_KEY)
        || !(text.contains(ROS_COMPONENT) || text.contains(ROS_PIPELINE))
    {
        return false;
    }
    text.lines().any(|line| {
        let line = line.trim_start_matches('\u{feff}');
        let json_key = line
            .trim_start()
            .trim_start_matches('{')
            .trim_start()
            .strip_prefix('"');
        line.starts_with(ROS_FORMAT_KEY) || json_key.is_some_and(|k| k.starts_with(ROS_FORMAT_KEY))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffing() {
        assert!(may_hold_terraform_resources(
            b"resource \"alicloud_ecs_image_component\" \"a\" {}"
        ));
        assert!(!may_hold_terraform_resources(
            b"resource \"aws_s3_bucket\" \"a\" {}"
        ));
        assert!(may_be_ros_template(
            "ROSTemplateFormatVersion: '2015-09-01'\nResources:\n  C:\n    Type: ALIYUN::ECS::ImageComponent\n"
        ));
        assert!(may_be_ros_template(
            "{\n  \"ROSTemplateFormatVersion\": \"2015-09-01\",\n  \"Resources\": {\"C\": {\"Type\": \"ALIYUN::ECS::ImagePipeline\"}}}"
        ));
        assert!(!may_be_ros_template(
            "Tasks:\n  - Name: a\n    # ROSTemplateFormatVersion ALIYUN::ECS::ImageComponent\n"
        ));
        assert_eq!(
            sources("Name", false),
            (Some("image_component_name"), Some("Name"))
        );
        assert_eq!(sources("Tag", true), (Some("tags"), Some("Tags")));
    }
}
