//! The `tfharden` binary: parse arguments, call the library, map the outcome to an exit code.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    tfharden::cli_main()
}
