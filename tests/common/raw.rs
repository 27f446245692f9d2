//! A misbehaving HTTP server on raw TCP: each mode breaks the transport in one way.

use std::net::SocketAddr;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How the server misbehaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Sends half a status line, then resets the connection.
    ResetMidResponse,
    /// Reads the request and never answers.
    NeverAnswer,
    /// Sends a valid response one byte per second.
    Drip,
    /// HTTP 500 with a JSON body.
    Status500,
    /// HTTP 503 with a JSON body.
    Status503,
    /// HTTP 200 with an HTML page.
    Html,
    /// HTTP 400 whose body is not JSON.
    InvalidJson,
    /// HTTP 400 with a 100 MB body.
    Huge,
    /// Content-Length says 1000, 10 bytes come, then the connection closes.
    LyingLength,
    /// HTTP 302 to another place.
    Redirect,
    /// Answers like a TLS server would to plain HTTP (an alert record), then closes.
    TlsAlert,
    /// Sends the headers and closes before the body.
    CloseAfterHeaders,
}

/// A running raw server.
pub struct RawServer {
    /// Its address.
    pub addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts a raw server in `mode` on a free loopback port.
pub async fn start(mode: Mode) -> RawServer {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(serve(stream, mode));
        }
    });
    RawServer { addr, task }
}

async fn read_request(stream: &mut TcpStream) {
    let mut buf = vec![0u8; 64 * 1024];
    let mut seen = Vec::new();
    // Headers, then as much body as Content-Length says (requests here are small).
    while let Ok(n) = stream.read(&mut buf).await {
        if n == 0 {
            return;
        }
        seen.extend_from_slice(&buf[..n]);
        if let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&seen[..end]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if seen.len() >= end + 4 + len {
                return;
            }
        }
    }
}

fn response(status: &str, content_type: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

async fn serve(mut stream: TcpStream, mode: Mode) {
    read_request(&mut stream).await;
    match mode {
        Mode::ResetMidResponse => {
            let _ = stream.write_all(b"HTTP/1.1 20").await;
            // SO_LINGER 0: closing sends a reset instead of a FIN (a zero linger never blocks).
            #[allow(deprecated)]
            let _ = stream.set_linger(Some(Duration::ZERO));
            return;
        }
        Mode::NeverAnswer => tokio::time::sleep(Duration::from_secs(3600)).await,
        Mode::Drip => {
            for b in response("200 OK", "application/x-amz-json-1.0", "") {
                if stream.write_all(&[b]).await.is_err() {
                    return;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        }
        Mode::Status500 => {
            let _ = stream
                .write_all(&response(
                    "500 Internal Server Error",
                    "application/json",
                    r#"{"message":"boom"}"#,
                ))
                .await;
        }
        Mode::Status503 => {
            let _ = stream
                .write_all(&response(
                    "503 Service Unavailable",
                    "application/json",
                    r#"{"message":"later"}"#,
                ))
                .await;
        }
        Mode::Html => {
            let _ = stream
                .write_all(&response(
                    "200 OK",
                    "text/html",
                    "<html><body>Welcome</body></html>",
                ))
                .await;
        }
        Mode::InvalidJson => {
            let _ = stream
                .write_all(&response(
                    "400 Bad Request",
                    "application/json",
                    "{not json",
                ))
                .await;
        }
        Mode::Huge => {
            let size = 100 * 1024 * 1024;
            let head = format!(
                "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: {size}\r\n\r\n"
            );
            if stream.write_all(head.as_bytes()).await.is_err() {
                return;
            }
            let chunk = vec![b'x'; 64 * 1024];
            let mut sent = 0;
            while sent < size {
                if stream.write_all(&chunk).await.is_err() {
                    return;
                }
                sent += chunk.len();
            }
        }
        Mode::LyingLength => {
            let head = "HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{\"a\":1234}";
            let _ = stream.write_all(head.as_bytes()).await;
        }
        Mode::Redirect => {
            let head = "HTTP/1.1 302 Found\r\nlocation: http://127.0.0.1:1/elsewhere\r\ncontent-length: 0\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
        }
        Mode::TlsAlert => {
            // A TLS record: alert, version 3.1, length 2, fatal (2), protocol_version (70).
            let _ = stream
                .write_all(&[0x15, 0x03, 0x01, 0x00, 0x02, 0x02, 0x46])
                .await;
        }
        Mode::CloseAfterHeaders => {
            let head =
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n";
            let _ = stream.write_all(head.as_bytes()).await;
        }
    }
    let _ = stream.shutdown().await;
}
