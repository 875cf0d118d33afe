import Foundation
import Hummingbird
import SecretStoreHTTP
import SecretStoreTesting
import Testing

/// `docs/openapi.json` describes the router as it is: every route of the router is an operation,
/// every operation is a route, the routes open to anyone are exactly those the description lists
/// without security, and the document holds together (references, path parameters, operation ids).
/// `scripts/api-fuzz.sh` then checks the answers of a live server against it.
@Suite("OpenAPI description")
struct OpenAPIDescriptionTests {
    /// One operation of the description.
    struct Operation {
        /// `"GET /secrets/v1/secret/{store}/{path}"`.
        var route: String
        var body: [String: Any]
        /// The path item's parameters followed by the operation's.
        var parameters: [[String: Any]]
    }

    static let methods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"]

    /// The description, parsed.
    static func document() throws -> [String: Any] {
        let url = RepositoryFixtures.repository.appendingPathComponent("docs/openapi.json")
        let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: url))
        return try #require(object as? [String: Any])
    }

    static func operations(of document: [String: Any]) throws -> [Operation] {
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        return paths.flatMap { path, item in
            let shared = item["parameters"] as? [[String: Any]] ?? []
            return methods.compactMap { method -> Operation? in
                guard let body = item[method] as? [String: Any] else { return nil }
                let own = body["parameters"] as? [[String: Any]] ?? []
                return Operation(route: "\(method.uppercased()) \(path)", body: body, parameters: shared + own)
            }
        }
    }

    /// A router route as the description spells it: the catch-all `**` is the parameter `{path}`.
    static func described(_ route: String) -> String {
        route.replacingOccurrences(of: "/**", with: "/{path}")
    }

    @Test func everyRouteIsDescribedAndEveryDescribedRouteExists() async throws {
        let (router, _) = try await RouteAccessTests.router()
        let routes = Set(router.routes.map { Self.described($0.description) })
        let operations = Set(try Self.operations(of: try Self.document()).map(\.route))
        #expect(routes.subtracting(operations).sorted() == [], "routes the description lacks")
        #expect(operations.subtracting(routes).sorted() == [], "described routes the router lacks")
        #expect(routes.count == RouteAccessTests.expected.count)
    }

    /// A route open to anyone says so with `security: []`; every other route inherits the token
    /// requirement and documents its 401.
    @Test func securityMatchesTheAccessEachRouteDeclares() async throws {
        let (_, table) = try await RouteAccessTests.router()
        let access = Dictionary(uniqueKeysWithValues: table.routes.map { (Self.described($0.key), $0.value) })
        for operation in try Self.operations(of: try Self.document()) {
            let open = (operation.body["security"] as? [Any])?.isEmpty == true
            #expect(open == (access[operation.route] == .anyone), "\(operation.route)")
            let responses = try #require(operation.body["responses"] as? [String: Any], "\(operation.route)")
            if !open {
                #expect(responses["401"] != nil, "\(operation.route) documents its 401")
            }
            if access[operation.route] == .superuser {
                #expect(responses["403"] != nil, "\(operation.route) documents its 403")
            }
        }
    }

    @Test func everyPathParameterIsDeclaredAndEveryOperationIdIsUnique() throws {
        var operationIds: [String] = []
        for operation in try Self.operations(of: try Self.document()) {
            let template = String(operation.route.split(separator: " ")[1])
            let names = template.split(separator: "/").filter { $0.hasPrefix("{") }.map {
                String($0.dropFirst().dropLast())
            }
            let declared = operation.parameters.filter { $0["in"] as? String == "path" }.compactMap {
                $0["name"] as? String
            }
            let references = operation.parameters.compactMap { $0["$ref"] as? String }
            let referenced = references.map { $0.split(separator: "/").last.map(String.init) ?? "" }
            #expect(Set(names) == Set(declared + referenced), "\(operation.route)")
            operationIds.append(try #require(operation.body["operationId"] as? String, "\(operation.route)"))
        }
        #expect(Set(operationIds).count == operationIds.count)
    }

    @Test func everyReferenceResolves() throws {
        let document = try Self.document()
        var references: [String] = []
        func collect(_ value: Any) {
            if let object = value as? [String: Any] {
                if let reference = object["$ref"] as? String { references.append(reference) }
                object.values.forEach(collect)
            } else if let array = value as? [Any] {
                array.forEach(collect)
            }
        }
        collect(document)
        #expect(!references.isEmpty)
        for reference in Set(references) {
            #expect(reference.hasPrefix("#/"), "\(reference)")
            var node: Any? = document
            for key in reference.dropFirst(2).split(separator: "/") {
                node = (node as? [String: Any])?[String(key)]
            }
            #expect(node != nil, "\(reference) resolves")
        }
    }
}
