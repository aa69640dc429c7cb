use crate::catalog::SystemType;
use crate::diagnostic::Diagnostic;
use crate::rules::shared::INVALID_CONTENT;
use crate::source::Span;

/// The Dockerfile format is Linux only (docs/service-rules.md §3): report it in a Windows component, at the first
/// command.
pub fn check_dockerfile_system_type(
    system_type: SystemType,
    first_command: Option<Span>,
    out: &mut Vec<Diagnostic>,
) {
    if system_type == SystemType::Windows {
        out.push(
            Diagnostic::new(
                &INVALID_CONTENT,
                first_command.unwrap_or_default(),
                "Dockerfile-format content in a Windows component: that format is Linux only",
            )
            .with_help("write the component in the YAML format, with `RunPowerShellCommand` tasks"),
        );
    }
}
