/// A self-signed ECDSA P-256 test certificate and its key, made once with
/// `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 36500
/// -subj '/CN=Fixture Root/O=SecretStore Tests'`; its SHA-256 fingerprint is what
/// `openssl x509 -noout -fingerprint -sha256` printed. A test key: it protects nothing.
enum CertificateFixture {
    static let fingerprint =
        "A2:6F:D4:6C:74:DD:EE:28:00:3B:77:55:B2:1A:03:9A:1F:51:5D:C1:07:0D:D6:1F:66:A0:7A:4A:64:F1:4A:9C"

    static let certificate = """
        -----BEGIN CERTIFICATE-----
        MIIBvjCCAWOgAwIBAgIUZ/1R0lj6KVHjNTDsm5MlhgyR61gwCgYIKoZIzj0EAwIw
        MzEVMBMGA1UEAwwMRml4dHVyZSBSb290MRowGAYDVQQKDBFTZWNyZXRTdG9yZSBU
        ZXN0czAgFw0yNjEyMDMwOTU2MzVaGA8yMTI2MTEwOTA5NTYzNVowMzEVMBMGA1UE
        AwwMRml4dHVyZSBSb290MRowGAYDVQQKDBFTZWNyZXRTdG9yZSBUZXN0czBZMBMG
        ByqGSM49AgEGCCqGSM49AwEHA0IABDPrdkQhvNqUfDNfyAHthzwWWg7k3znfnTvk
        XiRzjfmD42FzZzYXGJf2+sVlwtFxd4OtAmCsyVCFxQ4qveza7DijUzBRMB0GA1Ud
        DgQWBBTl3v1SaIfXyrlNxUO0iORQoXD0fTAfBgNVHSMEGDAWgBTl3v1SaIfXyrlN
        xUO0iORQoXD0fTAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0kAMEYCIQCW
        rMz96ke3UAv9/wWCAEN2RfCQ8TdsgphwZ8/WtCqr1QIhAIMmuaprY3k3/iPKuFMn
        2zC3vLhcgVEdKWZ+AWEkXE2m
        -----END CERTIFICATE-----
        """

    static let privateKey = """
        -----BEGIN PRIVATE KEY-----
        MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgEDxzp9qCh2JI0Z8a
        RFR4d7koeqxJQgNM3pZ4HSiGvmOhRANCAAQz63ZEIbzalHwzX8gB7Yc8FloO5N85
        35075F4kc435g+Nhc2c2FxiX9vrFZcLRcXeDrQJgrMlQhcUOKr3s2uw4
        -----END PRIVATE KEY-----
        """
}
