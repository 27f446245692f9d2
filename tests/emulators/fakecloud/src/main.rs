//! fakecloud's SWF alone: the published `fakecloud-swf` service registered in
//! `fakecloud-core`'s registry and served through fakecloud-core's own dispatch (SigV4 parsed,
//! not verified), so that swfcheck runs against exactly what fakecloud answers.
//!
//! Usage: swfcheck-fakecloud-front [--addr 127.0.0.1:0] [--region us-east-1] [--account 000000000000]
//! The first line on stdout is the bound address (`http://127.0.0.1:PORT`); SIGINT or SIGTERM stop it.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::{Extension, Router};
use fakecloud_core::dispatch::{DispatchConfig, dispatch};
use fakecloud_core::multi_account::MultiAccountState;
use fakecloud_core::registry::ServiceRegistry;
use fakecloud_swf::SwfService;
use parking_lot::RwLock;

struct Args {
    addr: String,
    region: String,
    account: String,
}

const USAGE: &str =
    "usage: swfcheck-fakecloud-front [--addr HOST:PORT] [--region REGION] [--account ACCOUNT_ID]";

fn args() -> Result<Args, String> {
    let mut parsed = Args {
        addr: "127.0.0.1:0".into(),
        region: "us-east-1".into(),
        account: "000000000000".into(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (arg.clone(), None),
        };
        let slot = match name.as_str() {
            "--addr" => &mut parsed.addr,
            "--region" => &mut parsed.region,
            "--account" => &mut parsed.account,
            "-h" | "--help" => return Err(USAGE.into()),
            _ => return Err(format!("unknown argument {arg:?}\n{USAGE}")),
        };
        *slot = match inline.or_else(|| it.next()) {
            Some(v) => v,
            None => return Err(format!("{name} needs a value\n{USAGE}")),
        };
    }
    Ok(parsed)
}

#[tokio::main]
async fn main() {
    let args = match args() {
        Ok(a) => a,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    let listener = match tokio::net::TcpListener::bind(&args.addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "swfcheck-fakecloud-front: cannot listen on {}: {e}",
                args.addr
            );
            std::process::exit(2);
        }
    };
    let bound = listener
        .local_addr()
        .expect("a bound listener has an address");
    let url = format!("http://{bound}");

    let state = Arc::new(RwLock::new(MultiAccountState::new(
        &args.account,
        &args.region,
        &url,
    )));
    let mut registry = ServiceRegistry::new();
    registry.register(Arc::new(SwfService::new(state)));
    let app = Router::new()
        .fallback(dispatch)
        .layer(Extension(Arc::new(registry)))
        .layer(Extension(Arc::new(DispatchConfig::new(
            args.region.clone(),
            args.account.clone(),
        ))));

    println!("{url}");
    let served = axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(stopped())
    .await;
    if let Err(e) = served {
        eprintln!("swfcheck-fakecloud-front: {e}");
        std::process::exit(1);
    }
}

/// Resolves on SIGINT or SIGTERM.
async fn stopped() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("a SIGTERM handler");
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
