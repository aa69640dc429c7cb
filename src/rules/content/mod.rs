//! Rules on content as a whole (spec §3): presence, size, command count, encoding, operating
//! system, and the catch-all `InvalidParameter.Content`.

mod encoding;
mod limits;
mod presence;
mod system_type;

pub use encoding::{NOT_TEXT, NotText, decode};
pub use limits::{
    LENGTH_EXCEEDED, TOO_MANY_COMMANDS, check_command_count, check_length, check_length_under,
};
pub use presence::{MISSING_CONTENT, NO_COMMANDS, check_presence};
pub use system_type::check_dockerfile_system_type;

use super::{Origin, Rule};
use crate::diagnostic::Severity;

pub static INVALID_CONTENT: Rule = Rule {
    code: "InvalidParameter.Content",
    name: "invalid-content",
    severity: Severity::Error,
    origin: Origin::Service,
    summary: "content the service cannot read: a malformed command without a code of its own, a format mismatch",
    explanation: "The service answers `InvalidParameter.Content` for content it cannot accept where no more \
specific code exists: a malformed `LABEL`, a `\\` that continues the last command into the end of the \
content for commands without an `InvalidCommandContent` code, Dockerfile-format content in a Windows \
component (that format is Linux only), and, in the YAML format, every structural fault. The message \
says which fault it is.",
    example: "\
LABEL version
",
    fix: "\
LABEL version=\"1.0\"
",
};
