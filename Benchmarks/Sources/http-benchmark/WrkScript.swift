/// The Lua scripts that tell wrk what to send. Each wrk thread runs its own copy.
enum WrkScript {
    /// Appended to every script: one line with requests, duration (µs), p50 and p99 latency (µs),
    /// status errors (≥ 400), and connect, read, write and timeout errors.
    static let report = """

        function done(summary, latency, requests)
          local e = summary.errors
          io.write(string.format("WRK-RESULT %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f\\n",
            summary.requests, summary.duration, latency:percentile(50.0), latency:percentile(99.0),
            e.status, e.connect, e.read, e.write, e.timeout))
        end

        """

    /// GETs of the URL's path, with the token when given.
    static func get(token: String?) -> String {
        guard let token else { return "" }
        return "wrk.headers[\"Authorization\"] = \"token=\(token)\"\n"
    }

    /// PUTs creating a new secret per request at `<folder>/<thread>-<n>`, each thread counting its
    /// own `n`. `body` is a Lua expression evaluated once per thread.
    static func create(token: String, folder: String, contentType: String, body: String) -> String {
        """
        wrk.method = "PUT"
        wrk.headers["Authorization"] = "token=\(token)"
        wrk.headers["Content-Type"] = "\(contentType)"
        wrk.body = \(body)

        local threads = 0
        function setup(thread)
          thread:set("thread_id", threads)
          threads = threads + 1
        end

        local n = 0
        function request()
          n = n + 1
          return wrk.format(nil, "/secrets/v1/secret/default/\(folder)/" .. thread_id .. "-" .. n)
        end

        """
    }

    /// POSTs of `json` to the URL's path, with the token.
    static func post(token: String, json: String) -> String {
        """
        wrk.method = "POST"
        wrk.headers["Authorization"] = "token=\(token)"
        wrk.headers["Content-Type"] = "application/json"
        wrk.body = [[\(json)]]

        """
    }

    /// A Lua expression for the JSON body of a text secret whose value is `bytes` ASCII letters.
    static func textSecret(bytes: Int) -> String {
        "'{\"value\":\"' .. string.rep(\"x\", \(bytes)) .. '\"}'"
    }

    /// A Lua expression for `bytes` binary bytes (not valid UTF-8).
    static func binarySecret(bytes: Int) -> String {
        "string.rep(string.char(0xa5, 0x00, 0xff, 0x5a), \(bytes / 4))"
    }
}
