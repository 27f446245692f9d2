//! The embedded reference endpoint: an in-memory SWF served over HTTP (axum).
