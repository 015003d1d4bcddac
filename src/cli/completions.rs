//! `tfharden completions SHELL`: the shell completion script, generated from the command
//! line's own definition (clap_complete), so every command and flag is in it.

use std::io::Write;

use clap::CommandFactory;

#[derive(clap::Args, Debug)]
#[command(
    after_help = "Install, for example:\n  bash: tfharden completions bash > ~/.local/share/bash-completion/completions/tfharden\n  zsh:  tfharden completions zsh > ~/.zfunc/_tfharden   (with fpath+=~/.zfunc before compinit)\n  fish: tfharden completions fish > ~/.config/fish/completions/tfharden.fish\n  powershell: tfharden completions powershell | Out-String | Invoke-Expression"
)]
pub(crate) struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub(crate) fn run(args: &CompletionsArgs) -> u8 {
    let mut command = super::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut command, "tfharden", &mut script);
    // A closed pipe (`| head`) is not an error.
    let _ = std::io::stdout().write_all(&script);
    0
}
