//! Where a document's commands run, one after another as a reader types them: a temporary
//! directory of its own (with the repository's fixtures/, examples/, docs/ and scripts/
//! linked in), `swfcheck` on the PATH, and the servers the document starts in the
//! background, each on a free port that stands in for the one the document names.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long one foreground command may take.
const LIMIT: Duration = Duration::from_secs(180);

/// What a command printed.
#[derive(Debug)]
pub struct Printed {
    /// Its stdout.
    pub stdout: String,
    /// Its stderr.
    pub stderr: String,
    /// Its exit status (`None`: killed at the time limit or by a signal).
    pub status: Option<i32>,
}

/// The running documents' state: the directory, the background servers, the ports.
pub struct Session {
    dir: tempfile::TempDir,
    background: Vec<Child>,
    /// (the port a document names, the one its server really has).
    pub ports: Vec<(u16, u16)>,
    /// A directory put first on the PATH for the next commands (a venv's bin).
    pub python: Option<String>,
}

impl Session {
    /// A fresh directory with the repository's read-only inputs linked in.
    pub fn new() -> Session {
        let dir = tempfile::Builder::new()
            .prefix("swfcheck-docs-")
            .tempdir()
            .unwrap();
        let root = super::root();
        for name in ["fixtures", "examples", "docs", "scripts", "tests"] {
            std::os::unix::fs::symlink(root.join(name), dir.path().join(name)).unwrap();
        }
        Session {
            dir,
            background: Vec::new(),
            ports: Vec::new(),
            python: None,
        }
    }

    /// The directory the commands run in.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// `line` with each documented port replaced by its server's.
    fn rewrite(&self, line: &str) -> String {
        let mut line = line.to_owned();
        for (documented, actual) in &self.ports {
            line = line.replace(
                &format!("127.0.0.1:{documented}"),
                &format!("127.0.0.1:{actual}"),
            );
        }
        line
    }

    fn command(&self, line: &str) -> Command {
        let bin = Path::new(env!("CARGO_BIN_EXE_swfcheck"));
        let mut path = std::env::var("PATH").unwrap_or_default();
        if let Some(dir) = &self.python {
            path = format!("{dir}:{path}");
        }
        let mut cmd = Command::new("bash");
        cmd.arg("-c")
            .arg(line)
            .current_dir(self.dir())
            .env(
                "PATH",
                format!("{}:{path}", bin.parent().unwrap().display()),
            )
            .env("NO_COLOR", "1")
            .env_remove("RUST_BACKTRACE")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        cmd
    }

    /// Runs a foreground command to its end (or the time limit).
    pub fn run(&self, line: &str) -> Printed {
        let mut child = self.command(&self.rewrite(line)).spawn().unwrap();
        let out = reader(child.stdout.take().unwrap());
        let err = reader(child.stderr.take().unwrap());
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status.code();
            }
            if started.elapsed() > LIMIT {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        Printed {
            stdout: out.join().unwrap_or_default(),
            stderr: err.join().unwrap_or_default(),
            status,
        }
    }

    /// Starts a background server: the address it names (`127.0.0.1:PORT`) becomes
    /// `127.0.0.1:0`, and the address it prints on its first line stands for it from now on.
    pub fn start(&mut self, line: &str) -> Result<(), String> {
        let mapped: Vec<u16> = self.ports.iter().map(|p| p.0).collect();
        let documented = documented_ports(line)
            .into_iter()
            .find(|p| !mapped.contains(p))
            .ok_or_else(|| format!("`{line}`: a background command names no new 127.0.0.1:PORT"))?;
        let line = self
            .rewrite(line)
            .replace(&format!("127.0.0.1:{documented}"), "127.0.0.1:0");
        let mut child = self
            .command(&format!("exec {line}"))
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut first = String::new();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let read = stdout.read_line(&mut first);
        // Keep reading (and dropping) what it prints, so that it never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
        self.background.push(child);
        let port = first
            .trim()
            .rsplit(':')
            .next()
            .and_then(|p| p.parse::<u16>().ok());
        match (read, port) {
            (Ok(_), Some(port)) => {
                self.ports.push((documented, port));
                Ok(())
            }
            _ => Err(format!(
                "`{line}` printed no address on its first line: {first:?}"
            )),
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        for child in &mut self.background {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// The ports of every `127.0.0.1:PORT` in a command line, in order.
fn documented_ports(line: &str) -> Vec<u16> {
    line.match_indices("127.0.0.1:")
        .filter_map(|(at, found)| {
            let digits: String = line[at + found.len()..]
                .chars()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            digits.parse().ok()
        })
        .collect()
}

fn reader<R: Read + Send + 'static>(mut from: R) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = from.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}
