import Foundation

extension OperatorShell {
    /// Makes a self-signed ECDSA P-256 certificate for `127.0.0.1` and `localhost` named `name`:
    /// `<name>.crt` and `<name>.key` in the home. Returns their paths.
    func selfSigned(_ name: String) async throws -> (certificate: String, key: String) {
        let certificate = home + "/\(name).crt"
        let key = home + "/\(name).key"
        let made = try await run(
            "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout '\(key)' "
                + "-out '\(certificate)' -days 30 -subj '/CN=\(name)' "
                + "-addext 'subjectAltName=IP:127.0.0.1,DNS:localhost'")
        guard made.status == 0 else { throw ServerShellError("openssl req: \(made.stderr)") }
        return (certificate, key)
    }

    /// Makes an operator's CA: a root and an intermediate it signs, in `root.crt`, `intermediate.crt`,
    /// `intermediate.key` and `chain.pem` (intermediate, then root). Returns the home's paths.
    func operatorCA() async throws -> (root: String, intermediate: String, chain: String, key: String) {
        let made = try await run(
            """
            set -e; cd '\(home)'
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout root.key -out root.crt \
                -days 3650 -subj '/CN=Operator Root CA' \
                -addext 'basicConstraints=critical,CA:true' -addext 'keyUsage=critical,keyCertSign,cRLSign'
            openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout intermediate.key \
                -out intermediate.csr -subj '/CN=Operator Intermediate CA'
            printf 'basicConstraints=critical,CA:true,pathlen:0\\nkeyUsage=critical,keyCertSign,cRLSign\\n\
            subjectKeyIdentifier=hash\\nauthorityKeyIdentifier=keyid\\n' > intermediate.ext
            openssl x509 -req -in intermediate.csr -CA root.crt -CAkey root.key -CAcreateserial \
                -out intermediate.crt -days 1825 -extfile intermediate.ext
            cat intermediate.crt root.crt > chain.pem
            """)
        guard made.status == 0 else { throw ServerShellError("making the operator's CA: \(made.stderr)") }
        return (home + "/root.crt", home + "/intermediate.crt", home + "/chain.pem", home + "/intermediate.key")
    }

    /// The certificates the HTTPS listener on `port` sends, PEM, leaf first (`openssl s_client
    /// -showcerts`, with `options`).
    func servedCertificates(port: Int, options: String = "") async throws -> [String] {
        let run = try await run(
            "openssl s_client -connect 127.0.0.1:\(port) -showcerts \(options) </dev/null 2>/dev/null")
        return run.stdout.components(separatedBy: "-----BEGIN CERTIFICATE-----").dropFirst().map {
            "-----BEGIN CERTIFICATE-----" + $0.components(separatedBy: "-----END CERTIFICATE-----")[0]
                + "-----END CERTIFICATE-----\n"
        }
    }

    /// Writes `text` to `name` in the home (mode 0600) and returns its path.
    func file(_ name: String, text: String) throws -> String {
        try file(name, Array(text.utf8))
    }
}

/// A shell command that did not do what a test needed.
struct ServerShellError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
