#![cfg(unix)]
//! The cache of the repository index (docs/architecture.md, "The index's cache"), through the
//! real binary: a stale cache never changes a finding, whatever changed since it was written
//! (each step compares a run with the cache to one with `--no-cache`), and a cache that cannot be
//! read or written is no cache, silently.
//!
//! Before each change the files' and directories' modification times are set an hour back, and
//! the test waits out the cache's racy window (an entry whose times are not older than the
//! second before the run that wrote the cache is looked at again, changed or not: a change time
//! cannot be set back) before a run writes the cache, so that the cache takes them for settled
//! and a change that keeps a file's size and modification time is seen by its stamp alone.

mod common;

use common::{file_codes, iclint_in};
use std::fs::{self, File, FileTimes};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

fn repository(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("cache")
        .join(name);
    if dir.exists() {
        make_writable(&dir);
        fs::remove_dir_all(&dir).unwrap();
    }
    fs::create_dir_all(dir.join(".git")).unwrap();
    // Two components whose names differ by their last letter (the same size), others in
    // directories of their own.
    write(&dir, "components/a.component.yaml", &component("alpha"));
    write(&dir, "components/b.component.yaml", &component("alphb"));
    for i in 0..20 {
        write(
            &dir,
            &format!("team-{}/svc-{i}/s{i}.component.yaml", i % 3),
            &component(&format!("svc{i}")),
        );
    }
    dir
}

fn component(name: &str) -> String {
    format!("Name: {name}\nComponentVersion: 1.0.0\nContent: |\n  RUN echo {name}\n")
}

fn write(dir: &Path, path: &str, text: &str) {
    let path = dir.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// Sets the modification time of everything under `dir` (and of `dir`) an hour back, the
/// cache's directory left alone, and waits out the racy window of a cache written from now on.
fn settle(dir: &Path) {
    set_back(dir);
    std::thread::sleep(Duration::from_millis(2100));
}

fn set_back(dir: &Path) {
    let past = SystemTime::now() - Duration::from_secs(3600);
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.file_name().is_some_and(|n| n == ".iclint_cache") {
            continue;
        }
        match path.is_dir() {
            true => set_back(&path),
            false => set_modified(&path, past),
        }
    }
    set_modified(dir, past);
}

fn set_modified(path: &Path, time: SystemTime) {
    File::open(path)
        .unwrap()
        .set_times(FileTimes::new().set_modified(time))
        .unwrap();
}

fn modified(path: &Path) -> SystemTime {
    fs::metadata(path).unwrap().modified().unwrap()
}

/// Rewrites a file in place, keeping its modification time (and so, here, its size).
fn rewrite_keeping_time(path: &Path, text: &str) {
    let before = modified(path);
    fs::write(path, text).unwrap();
    set_modified(path, before);
}

fn check(dir: &Path, args: &[&str]) -> common::Run {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    iclint_in(dir, &all, None, &[("ICLINT_NO_CACHE", "0")])
}

/// The findings of a run over `file` with the cache, asserted to be those without it, with
/// nothing on standard error.
fn findings_of(dir: &Path, file: &str) -> Vec<String> {
    let cached = check(dir, &[file]);
    let uncached = check(dir, &["--no-cache", file]);
    assert_eq!(cached.stdout, uncached.stdout, "{cached:?}\n{uncached:?}");
    assert_eq!(cached.status, uncached.status);
    assert_eq!(cached.stderr, "", "{cached:?}");
    file_codes(&cached)
}

/// The cache files under `dir`.
fn cache_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = fs::read_dir(dir) else {
        return found;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(cache_files(&path));
        } else if path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("index-"))
        {
            found.push(path);
        }
    }
    found
}

const DUPLICATE: &str = "InvalidComponentVersion.Exist";

#[test]
fn a_stale_cache_never_changes_a_finding() {
    let dir = repository("stale");
    let a = "components/a.component.yaml";
    // Settles the repository, and writes the cache that the next change makes stale.
    let settled = |expected: &[&str]| {
        settle(&dir);
        assert_eq!(findings_of(&dir, a), expected);
    };
    // The first run makes the cache's directory in the root: the root changed.
    assert_eq!(findings_of(&dir, a), Vec::<String>::new());
    settled(&[]);
    let cache = dir.join(".iclint_cache");
    assert_eq!(cache_files(&cache).len(), 1, "the cache is written");
    assert!(cache.join("CACHEDIR.TAG").is_file());
    assert_eq!(
        fs::read_to_string(cache.join(".gitignore")).unwrap(),
        "# Created by iclint.\n*\n"
    );
    // Again, from the cache, which has nothing to learn.
    let files = cache_files(&cache);
    let written = modified(&files[0]);
    assert_eq!(findings_of(&dir, a), Vec::<String>::new());
    assert_eq!(
        modified(&files[0]),
        written,
        "nothing changed: not written again"
    );

    // A manifest's Name edited to duplicate another's: same size, same modification time.
    rewrite_keeping_time(
        &dir.join("components/b.component.yaml"),
        &component("alpha"),
    );
    let on_b = format!("components/b.component.yaml {DUPLICATE}");
    let on_b = on_b.as_str();
    assert_eq!(findings_of(&dir, a), [on_b]);
    settled(&[on_b]);

    // A manifest added in a new directory, the modification times of the directories above
    // it set back.
    let times = [dir.clone(), dir.join("team-1")].map(|d| (modified(&d), d));
    write(
        &dir,
        "team-1/new/deep/z.component.yaml",
        &component("alpha"),
    );
    set_back(&dir.join("team-1/new"));
    for (time, directory) in &times {
        set_modified(directory, *time);
    }
    let on_z = format!("team-1/new/deep/z.component.yaml {DUPLICATE}");
    let on_z = on_z.as_str();
    assert_eq!(findings_of(&dir, a), [on_b, on_z]);
    settled(&[on_b, on_z]);

    // One deleted.
    fs::remove_file(dir.join("components/b.component.yaml")).unwrap();
    assert_eq!(findings_of(&dir, a), [on_z]);
    settled(&[on_z]);

    // What the walk takes: a `.gitignore` added, then edited in place (same size, same time).
    write(&dir, ".gitignore", "team-1/new/\n");
    assert_eq!(findings_of(&dir, a), Vec::<String>::new());
    settled(&[]);
    rewrite_keeping_time(&dir.join(".gitignore"), "team-9/new/\n");
    assert_eq!(findings_of(&dir, a), [on_z]);
    // A `.gitignore` in a subdirectory, edited in place.
    write(&dir, "team-1/.gitignore", "x\n");
    settled(&[on_z]);
    rewrite_keeping_time(&dir.join("team-1/.gitignore"), "n*\n");
    assert_eq!(findings_of(&dir, a), Vec::<String>::new());
    settled(&[]);

    // The configuration: the root moves to its directory, and its `cache-dir` is used.
    write(&dir, ".iclint.yaml", "cache-dir: build/index-cache\n");
    fs::remove_file(dir.join("team-1/.gitignore")).unwrap();
    assert_eq!(findings_of(&dir, a), [on_z]);
    assert_eq!(cache_files(&dir.join("build/index-cache")).len(), 1);
}

#[test]
fn a_content_file_named_alone_is_found_through_the_cache() {
    let dir = repository("content");
    let template = |content: &str| {
        format!(
            "Name: web-template\nBaseImageType: IMAGE\nBaseImage: m-bp1abcdefghijklmnopq\n\
             BuildContentFile: {content}\n"
        )
    };
    write(
        &dir,
        "templates/web.template.yaml",
        &template("build.dockerfilf"),
    );
    write(
        &dir,
        "templates/build.dockerfile",
        "COMPONENT acs:ecs:cn-hangzhou:123456:imagecomponent/svc1/1.0.0\nRUN echo built\n",
    );
    settle(&dir);
    let content = "templates/build.dockerfile";
    // No manifest uses it: component content, where a COMPONENT line is wrong.
    let component_content = [format!("{content} InvalidCommand.Component")];
    assert_eq!(findings_of(&dir, content), component_content);
    assert_eq!(findings_of(&dir, content), component_content);
    // The template now names it (same size, same time): template content.
    rewrite_keeping_time(
        &dir.join("templates/web.template.yaml"),
        &template("build.dockerfile"),
    );
    assert_eq!(findings_of(&dir, content), Vec::<String>::new());
    settle(&dir);
    assert_eq!(findings_of(&dir, content), Vec::<String>::new());
}

#[test]
fn a_corrupt_cache_is_no_cache() {
    let dir = repository("corrupt");
    write(&dir, "components/c.component.yaml", &component("alpha"));
    settle(&dir);
    let a = "components/a.component.yaml";
    let expected = [format!("components/c.component.yaml {DUPLICATE}")];
    assert_eq!(findings_of(&dir, a), expected);
    let files = cache_files(&dir.join(".iclint_cache"));
    let [file] = files.as_slice() else {
        panic!("one cache file: {files:?}");
    };
    let good = fs::read(file).unwrap();
    let corruptions: Vec<Vec<u8>> = vec![
        Vec::new(),
        b"not a cache".to_vec(),
        good[..good.len() / 2].to_vec(),
        // A byte flipped in the middle (a token, a path or a number), and at the end.
        {
            let mut bytes = good.clone();
            bytes[good.len() / 2] ^= 0x20;
            bytes
        },
        {
            let mut bytes = good.clone();
            *bytes.last_mut().unwrap() ^= 1;
            bytes
        },
    ];
    for corrupt in corruptions {
        fs::write(file, &corrupt).unwrap();
        assert_eq!(findings_of(&dir, a), expected);
        // Written again, whole.
        assert_eq!(fs::read(file).unwrap().len(), good.len());
    }
}

fn make_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    for path in [dir.join(".iclint_cache"), dir.join(".iclint_cache/0.1.0")] {
        if path.is_dir() {
            fs::set_permissions(&path, fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
}

#[test]
fn a_cache_that_cannot_be_written_is_no_failure() {
    use std::os::unix::fs::PermissionsExt;
    let dir = repository("read-only");
    write(&dir, "components/c.component.yaml", &component("alpha"));
    settle(&dir);
    let a = "components/a.component.yaml";
    let expected = [format!("components/c.component.yaml {DUPLICATE}")];
    // A file where the cache directory would be.
    write(&dir, ".iclint_cache", "in the way\n");
    assert_eq!(findings_of(&dir, a), expected);
    fs::remove_file(dir.join(".iclint_cache")).unwrap();
    // A read-only cache directory, and a read-only directory in it.
    assert_eq!(findings_of(&dir, a), expected);
    let cache = dir.join(".iclint_cache");
    for path in [cache.join(env!("CARGO_PKG_VERSION")), cache.clone()] {
        fs::set_permissions(&path, fs::Permissions::from_mode(0o555)).unwrap();
    }
    write(&dir, "components/d.component.yaml", &component("alpha"));
    let expected = [
        format!("components/c.component.yaml {DUPLICATE}"),
        format!("components/d.component.yaml {DUPLICATE}"),
    ];
    assert_eq!(findings_of(&dir, a), expected);
    assert_eq!(findings_of(&dir, a), expected);
    make_writable(&dir);
}

#[test]
fn no_cache_and_cache_dir_say_where_it_is() {
    let dir = repository("where");
    let a = "components/a.component.yaml";
    let run = check(&dir, &["--no-cache", a]);
    assert_eq!(run.status, 0, "{run:?}");
    let run = iclint_in(&dir, &["check", a], None, &[("ICLINT_NO_CACHE", "1")]);
    assert_eq!(run.status, 0, "{run:?}");
    // A whole-tree run has no index, and so no cache.
    let run = check(&dir, &["."]);
    assert_eq!(run.status, 0, "{run:?}");
    assert!(!dir.join(".iclint_cache").exists());
    // `ICLINT_NO_CACHE=0` is no `--no-cache`.
    let elsewhere = dir.join("elsewhere");
    let run = iclint_in(
        &dir,
        &["check", "--cache-dir", "elsewhere", a],
        None,
        &[("ICLINT_NO_CACHE", "0")],
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert!(!dir.join(".iclint_cache").exists());
    assert_eq!(cache_files(&elsewhere).len(), 1);
    assert!(elsewhere.join("CACHEDIR.TAG").is_file());
    let run = iclint_in(
        &dir,
        &["check", a],
        None,
        &[("ICLINT_CACHE_DIR", "env"), ("ICLINT_NO_CACHE", "0")],
    );
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(cache_files(&dir.join("env")).len(), 1);
    let run = check(&dir, &[a]);
    assert_eq!(run.status, 0, "{run:?}");
    assert_eq!(cache_files(&dir.join(".iclint_cache")).len(), 1);
}

#[test]
fn a_word_with_whitespace_is_looked_for_in_the_texts() {
    let dir = repository("whitespace");
    let template = |content: &str| {
        format!(
            "Name: web-template\nBaseImageType: IMAGE\nBaseImage: m-bp1abcdefghijklmnopq\n\
             BuildContentFile: \"{content}\"\n"
        )
    };
    write(
        &dir,
        "templates/web.template.yaml",
        &template("build  step.dockerfilf"),
    );
    write(
        &dir,
        "templates/build  step.dockerfile",
        "COMPONENT acs:ecs:cn-hangzhou:123456:imagecomponent/svc1/1.0.0\nRUN echo built\n",
    );
    settle(&dir);
    let content = "templates/build  step.dockerfile";
    let component_content = [format!("{content} InvalidCommand.Component")];
    assert_eq!(findings_of(&dir, content), component_content);
    rewrite_keeping_time(
        &dir.join("templates/web.template.yaml"),
        &template("build  step.dockerfile"),
    );
    assert_eq!(findings_of(&dir, content), Vec::<String>::new());
}

#[test]
fn a_file_from_the_future_does_not_make_every_run_write_the_cache() {
    let dir = repository("future");
    let a = "components/a.component.yaml";
    assert_eq!(findings_of(&dir, a), Vec::<String>::new());
    let b = dir.join("components/b.component.yaml");
    fs::write(&b, component("alpha")).unwrap();
    settle(&dir);
    set_modified(&b, SystemTime::now() + Duration::from_secs(3600));
    let duplicate = [format!("components/b.component.yaml {DUPLICATE}")];
    assert_eq!(findings_of(&dir, a), duplicate);
    let files = cache_files(&dir.join(".iclint_cache"));
    let written = modified(&files[0]);
    // Read again on every run (it is racy), but nothing to write for it.
    assert_eq!(findings_of(&dir, a), duplicate);
    assert_eq!(findings_of(&dir, a), duplicate);
    assert_eq!(modified(&files[0]), written);
}

#[test]
fn a_broken_cache_dir_setting_is_a_configuration_error() {
    let dir = repository("setting");
    let a = "components/a.component.yaml";
    write(&dir, ".iclint.yaml", "cache-dir: [a, b]\n");
    let run = check(&dir, &[a]);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(
        run.stdout.contains("expected the path of a directory"),
        "{run:?}"
    );
    write(&dir, ".iclint.yaml", "cache_dir: x\n");
    let run = check(&dir, &[a]);
    assert_eq!(run.status, 2, "{run:?}");
    assert!(run.stdout.contains("cache-dir"), "{run:?}");
}
