import Foundation
import SecretStoreTesting
import Testing

/// The Spark example end to end over TLS (the README's walk): over HTTPS, the store's CA issues
/// the Spark key store (`ca newcert --pkcs12`), it and its password become secrets, `secrets exec`
/// delivers them to the task, a Java TLS server loads the delivered key store with the delivered
/// password, and clients that trust only `/ca/dcos-ca.crt` connect and verify the host name.
@Suite("secrets CLI: the Spark example over TLS", .timeLimit(.minutes(4)))
struct SparkTLSEndToEndTests {
    /// What Spark does with `spark.ssl.keyStore`: a PKCS#12 key store loaded with the password of
    /// `SPARK_SSL_KEYSTORE_PASSWORD`, served on a loopback port it prints; each request gets a line.
    static let server = """
        import java.io.*;
        import java.net.*;
        import java.security.KeyStore;
        import javax.net.ssl.*;

        public class SparkTLSServer {
            public static void main(String[] arguments) throws Exception {
                char[] password = System.getenv("SPARK_SSL_KEYSTORE_PASSWORD").toCharArray();
                KeyStore store = KeyStore.getInstance("PKCS12");
                try (InputStream in = new FileInputStream(arguments[0])) { store.load(in, password); }
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(store, password);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keys.getKeyManagers(), null, null);
                ServerSocket server = context.getServerSocketFactory()
                    .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
                System.out.println("LISTENING " + server.getLocalPort());
                System.out.flush();
                while (true) {
                    try (Socket socket = server.accept()) {
                        BufferedReader reader = new BufferedReader(new InputStreamReader(socket.getInputStream()));
                        String line;
                        while ((line = reader.readLine()) != null && !line.isEmpty()) {}
                        OutputStream out = socket.getOutputStream();
                        out.write("HTTP/1.0 200 OK\\r\\nContent-Type: text/plain\\r\\n\\r\\nspark over TLS\\n".getBytes());
                        out.flush();
                    } catch (IOException e) {
                        // A client that refused our certificate: serve the next one.
                    }
                }
            }
        }
        """

    @Test func sparkServesTLSFromTheDeliveredKeyStore() async throws {
        try await OperatorShell.with { shell in
            try await CLITestServer.with { cli in
                try await cli.awaitStoreCertificate(shell: shell)
                let login = try await cli.logInOverHTTPS(answer: "yes")
                #expect(login.status == 0, "\(login.stderr)")
                let password = "spark-\(UUID().uuidString)"

                // The operator issues the key store from the store's CA and stores it with its password.
                let work = try cli.folder("operator")
                let made = try await cli.secrets(
                    [
                        "ca", "newcert", "--cn", "spark.example", "--host", "spark.example", "--cert-out",
                        work + "/spark.crt", "--key-out", work + "/spark.key", "--pkcs12", work + "/spark.p12",
                        "--password-env", "SPARK_KEYSTORE_PASSWORD",
                    ],
                    secrets: [password], environment: ["SPARK_KEYSTORE_PASSWORD": password])
                #expect(made.status == 0, "\(made.stderr)")
                let passwordFile = try cli.file("keystore-password", password)
                try await cli.succeeded(
                    ["create", "spark/keystore", "-f", work + "/spark.p12"], confidential: [password])
                try await cli.succeeded(
                    ["create", "spark/keystore-password", "-t", passwordFile], confidential: [password])

                // The app, as Marathon would run it: the key store as a file, its password in the environment.
                let app = try cli.file(
                    "app-spark-tls.json",
                    """
                    {"id": "/spark",
                     "secrets": {"keystore": {"source": "spark/keystore"},
                                 "keystore-password": {"source": "spark/keystore-password"}},
                     "env": {"SPARK_SSL_KEYSTORE_PASSWORD": {"secret": "keystore-password"}, "SPARK_SSL_ENABLED": "true"},
                     "container": {"type": "MESOS",
                                   "volumes": [{"containerPath": "ssl/keystore.p12", "secret": "keystore"}]}}
                    """)
                let source = try cli.file("SparkTLSServer.java", Self.server)
                let sandbox = try cli.folder("spark-sandbox")
                let output = cli.directory + "/spark.out"
                let task = try cli.launch(
                    [
                        "exec", "--app-definition", app, "--sandbox", sandbox, "--", "java", source,
                        sandbox + "/ssl/keystore.p12",
                    ], outputPath: output)
                // SIGKILL: the task inherits the test thread's signal mask, where SIGTERM is blocked.
                defer {
                    if task.isRunning { kill(task.processIdentifier, SIGKILL) }
                    task.waitUntilExit()
                }
                let port = try await cli.awaitLine(startingWith: "LISTENING ", in: output)
                #expect(
                    FileManager.default.contents(atPath: sandbox + "/ssl/keystore.p12")
                        == FileManager.default.contents(atPath: work + "/spark.p12"))

                // Clients that trust only the store's root, and check the name.
                let resolve = "--resolve spark.example:\(port):127.0.0.1"
                let curl = try await shell.run(
                    "curl -sS --cacert '\(cli.rootPath)' \(resolve) https://spark.example:\(port)/")
                #expect(curl.status == 0 && curl.stdout == "spark over TLS\n", "\(curl.stdout) \(curl.stderr)")
                let verified = try await shell.run(
                    "openssl s_client -connect 127.0.0.1:\(port) -servername spark.example -CAfile '\(cli.rootPath)' "
                        + "-verify_hostname spark.example -verify_return_error </dev/null")
                #expect(verified.status == 0, "\(verified.stderr)")
                #expect(verified.stdout.contains("Verification: OK"), "\(verified.stdout)")
                let otherName = try await shell.run(
                    "openssl s_client -connect 127.0.0.1:\(port) -CAfile '\(cli.rootPath)' "
                        + "-verify_hostname other.example -verify_return_error </dev/null")
                #expect(otherName.status != 0)
                #expect(
                    otherName.stdout.contains("hostname mismatch") || otherName.stderr.contains("hostname mismatch"))
                let systemTrust = try await shell.run("curl -sS \(resolve) https://spark.example:\(port)/")
                #expect(systemTrust.status != 0, "the store's root is not a system root")
            }
        }
    }
}
