import Foundation

extension HTTPBenchmark {
    /// The store's and the peer's PUT of new 1 KiB values in alternating rounds (ABBA: the order
    /// flips every round), so that the machine's drift over the run favours neither side, as one
    /// run of each after the other cannot promise. Prints each pair and the ratio of the totals;
    /// returns the store's runs with the folders they filled, for the check that every PUT stored,
    /// and the peer's runs, for the check of failed requests.
    func alternatingPutRounds(
        _ rounds: Int, wrk: Wrk, baseURL: String, token: String, etcd: EtcdProcess
    ) async throws -> (ours: [(folder: String, figure: Figure)], theirs: [Figure]) {
        guard rounds > 0 else { return ([], []) }
        print("")
        print("PUT new 1 KiB, the store and etcd in \(rounds) alternating rounds (ABBA):")
        var ours: [(folder: String, figure: Figure)] = []
        var theirs: [Figure] = []
        for round in 1...rounds {
            let folder = "bench/put-round-\(round)"
            var store: Figure?
            var peer: Figure?
            for side in round % 2 == 1 ? ["store", "etcd"] : ["etcd", "store"] {
                if side == "store" {
                    store = try await wrk.run(
                        "put-1kib-round-\(round)", url: baseURL + "/",
                        script: WrkScript.create(
                            token: token, folder: folder, contentType: "application/json",
                            body: WrkScript.textSecret(bytes: 1024)))
                } else {
                    peer = try await wrk.run(
                        "etcd-put-1kib-round-\(round)", url: etcd.baseURL + "/v3/kv/put",
                        script: WrkScript.etcdPut(folder: folder, bytes: 1024))
                }
            }
            guard let store, let peer else { continue }
            ours.append((folder, store))
            theirs.append(peer)
            print(
                String(
                    format: "  round %d: store %.0f/s (p99 %.2f ms), etcd %.0f/s (p99 %.2f ms): %.2f×", round,
                    store.perSecond, store.p99Milliseconds, peer.perSecond, peer.p99Milliseconds,
                    store.perSecond / peer.perSecond))
            fflush(nil)
        }
        let storeTotal = ours.reduce(0) { $0 + $1.figure.perSecond }
        let peerTotal = theirs.reduce(0) { $0 + $1.perSecond }
        let ratios = zip(ours, theirs).map { $0.figure.perSecond / $1.perSecond }
        print(
            String(
                format:
                    "  mean: store %.0f/s, etcd %.0f/s: %.2f× (rounds %.2f–%.2f×, target ≥ 1.2×); worst p99 %.2f against %.2f ms",
                storeTotal / Double(rounds), peerTotal / Double(rounds), storeTotal / peerTotal,
                ratios.min() ?? 0, ratios.max() ?? 0, ours.map(\.figure.p99Milliseconds).max() ?? 0,
                theirs.map(\.p99Milliseconds).max() ?? 0))
        return (ours, theirs)
    }
}
