//! Rules on content as a whole (docs/service-rules.md §3): presence, size, command count, encoding, operating
//! system, and the catch-all `InvalidParameter.Content`.

mod encoding;
mod limits;
mod presence;
mod system_type;

pub use encoding::{NOT_TEXT, NotText, decode};
pub use limits::{
    LENGTH_EXCEEDED, TOO_MANY_COMMANDS, check_command_count, check_length, check_length_under,
};
pub use presence::{NO_COMMANDS, check_presence};
pub use system_type::check_dockerfile_system_type;
