//! The `tfharden` binary: parse arguments, call the library, map the outcome to an exit code.

fn main() -> std::process::ExitCode {
    tfharden::cli::main()
}
