//! Rebuilds the console when the SPA in `frontend/dist` changes: rust-embed embeds the
//! files it finds at compile time, and stable Rust cannot track a folder's new files.

fn main() {
    println!("cargo:rerun-if-changed=../../frontend/dist");
}
