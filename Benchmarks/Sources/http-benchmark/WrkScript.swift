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

        """ + newKeyPerRequest + """
            function request()
              return wrk.format(nil, "/secrets/v1/secret/default/\(folder)/" .. nextKey())
            end

            """
    }

    /// Lua: `nextKey()` gives `<thread>-<n>`, each wrk thread counting its own `n`, so that every
    /// request names a key no other request named.
    static let newKeyPerRequest = """
        local threads = 0
        function setup(thread)
          thread:set("thread_id", threads)
          threads = threads + 1
        end

        local n = 0
        local function nextKey()
          n = n + 1
          return thread_id .. "-" .. n
        end

        """

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

    /// A Lua function `base64(text)` (standard alphabet, padded), for the keys and values etcd's
    /// JSON gateway takes.
    static let base64 = """
        local alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        local function base64(text)
          local out = {}
          for i = 1, #text, 3 do
            local a, b, c = text:byte(i, i + 2)
            local n = a * 65536 + (b or 0) * 256 + (c or 0)
            local d1 = math.floor(n / 262144) % 64
            local d2 = math.floor(n / 4096) % 64
            local d3 = math.floor(n / 64) % 64
            local d4 = n % 64
            out[#out + 1] = alphabet:sub(d1 + 1, d1 + 1) .. alphabet:sub(d2 + 1, d2 + 1)
              .. (b and alphabet:sub(d3 + 1, d3 + 1) or "=") .. (c and alphabet:sub(d4 + 1, d4 + 1) or "=")
          end
          return table.concat(out)
        end

        """

    /// etcd's read of `key` through its JSON gateway: `POST /v3/kv/range` (a linearizable read, its
    /// default, as the secret store's reads are).
    static func etcdGet(key: String) -> String {
        base64 + """
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.body = '{"key":"' .. base64("\(key)") .. '"}'

            """
    }

    /// etcd's write of a new key per request, `<folder>/<thread>-<n>` as the secret store's PUT
    /// runs name theirs, with a value of `bytes` ASCII letters: `POST /v3/kv/put`.
    static func etcdPut(folder: String, bytes: Int) -> String {
        base64 + """
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            local value = base64(string.rep("x", \(bytes)))

            """ + newKeyPerRequest + """
                function request()
                  local key = base64("\(folder)/" .. nextKey())
                  return wrk.format(nil, "/v3/kv/put", nil, '{"key":"' .. key .. '","value":"' .. value .. '"}')
                end

                """
    }
}
