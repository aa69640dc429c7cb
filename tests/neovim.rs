//! A real editor: Neovim, headless, with the README's configuration
//! (`editors/neovim/iclint-0.7.lua`), opens a broken component and its LSP client shows
//! iclint's findings in the buffer at the right places. Neovim converts the server's UTF-16
//! positions to byte columns itself, so a finding after non-ASCII text checks the positions
//! end to end.
//!
//! Without `nvim` the test is skipped, unless `CI` is set: there it fails (`.ci/run` installs
//! Neovim from the Debian package).

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CONFIG: &str = include_str!("../editors/neovim/iclint-0.7.lua");

/// Waits for the diagnostics of the current buffer and writes them, one per line, to the file
/// `$ICLINT_NVIM_OUT`: `line:col:end_line:end_col:severity:code` (0-based, columns in bytes).
const DRIVER: &str = r#"
local out = os.getenv("ICLINT_NVIM_OUT")
local expected = tonumber(os.getenv("ICLINT_NVIM_EXPECT"))
vim.wait(20000, function() return #vim.diagnostic.get(0) >= expected end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or ""
  table.insert(lines, string.format("%d:%d:%d:%d:%d:%s", d.lnum, d.col, d.end_lnum, d.end_col, d.severity, code))
end
table.sort(lines)
vim.fn.writefile(lines, out)
vim.cmd("qa!")
"#;

#[test]
fn neovim_shows_the_findings_in_the_buffer() {
    if !common::has_tool("nvim") {
        return;
    }
    let nvim = PathBuf::from("nvim");
    let dir = tempfile::tempdir().unwrap();
    let component = "\
Name: web
ComponentVersion: 01.0.0
Content: |
  run yum install -y nginx
  COPY https://example.com/😀é.tar.gz?Expires=1 /opt/
  WORKDIR site
";
    std::fs::write(dir.path().join("web.component.yaml"), component).unwrap();
    std::fs::write(dir.path().join("init.lua"), CONFIG).unwrap();
    std::fs::write(dir.path().join("driver.lua"), DRIVER).unwrap();
    let out = dir.path().join("diagnostics.txt");
    // `iclint` on PATH, as the README's configuration expects.
    let binary = Path::new(env!("CARGO_BIN_EXE_iclint"));
    let path = std::env::join_paths(
        std::iter::once(binary.parent().unwrap().to_path_buf()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )),
    )
    .unwrap();
    let mut child = Command::new(nvim)
        .args([
            "--headless",
            "-i",
            "NONE",
            "-n",
            "-u",
            "init.lua",
            "web.component.yaml",
            "-c",
            "luafile driver.lua",
        ])
        .current_dir(dir.path())
        .env("PATH", path)
        .env("ICLINT_NVIM_OUT", &out)
        .env("ICLINT_NVIM_EXPECT", "5")
        .env("XDG_CONFIG_HOME", dir.path())
        .env("XDG_DATA_HOME", dir.path())
        .env("XDG_STATE_HOME", dir.path())
        .env("XDG_CACHE_HOME", dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("nvim starts");
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("nvim did not finish within a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let found = std::fs::read_to_string(&out).unwrap_or_default();
    // 0-based lines, byte columns (Neovim's), severity 1 error, 2 warning, 3 info.
    // `?` of the URL: 2 blanks + `COPY https://example.com/` (25) + `😀é` (6 bytes) + `.tar.gz`;
    // the download (ICL505) from the URL's first byte.
    assert_eq!(
        found,
        "\
1:18:1:24:2:ICL303
3:2:3:5:2:ICL101
4:40:4:50:1:InvalidCommandContent.COPY
4:7:4:50:3:ICL505
5:10:5:14:2:ICL102
",
        "Neovim's diagnostics (stderr: {})",
        String::from_utf8_lossy(&child.wait_with_output().unwrap().stderr)
    );
}

#[test]
fn the_readme_shows_the_configuration_this_test_uses() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    for file in ["iclint-0.7.lua", "iclint-0.8.lua", "iclint-0.11.lua"] {
        let snippet =
            std::fs::read_to_string(common::root().join("editors/neovim").join(file)).unwrap();
        assert!(
            readme.contains(&snippet),
            "README.md does not show editors/neovim/{file} as it is"
        );
    }
}
