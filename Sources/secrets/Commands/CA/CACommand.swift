import ArgumentParser

/// `secrets ca`: the store's certificate authority (contract §8), as DC/OS's `dcos security cluster
/// ca` offers it: the root certificate, new keys with certificates (and Java key stores), signed
/// CSRs, and the certificates issued.
struct CACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ca", abstract: "Use the store's certificate authority.",
        subcommands: [
            CARootCertificateCommand.self, CANewCertCommand.self, CASignCommand.self, CACertificatesCommand.self,
        ])
}
