//! Ctrl-C while following a deployment: the handler is installed before the deployment is
//! submitted, so an interrupt at any moment after that stops following (never the deployment)
//! and says how to resume, instead of killing the process mid-way.

/// A registered interrupt listener.
pub(crate) struct Interrupt {
    #[cfg(unix)]
    signal: Option<tokio::signal::unix::Signal>,
}

impl Interrupt {
    /// Registers now (on Unix, SIGINT is caught from this point on).
    pub(crate) fn listen() -> Interrupt {
        #[cfg(unix)]
        {
            Interrupt { signal: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()).ok() }
        }
        #[cfg(not(unix))]
        {
            Interrupt {}
        }
    }

    /// Resolves when the user interrupts (never, if no handler could be installed).
    pub(crate) async fn wait(&mut self) {
        #[cfg(unix)]
        {
            match &mut self.signal {
                Some(s) => {
                    s.recv().await;
                }
                None => std::future::pending::<()>().await,
            }
        }
        #[cfg(not(unix))]
        {
            if tokio::signal::ctrl_c().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }
}
