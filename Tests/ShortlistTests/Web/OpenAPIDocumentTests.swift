import Foundation
import Hummingbird
import Logging
import HummingbirdTesting
import Prometheus
import Testing
@testable import Shortlist

@Suite("OpenAPI document")
struct OpenAPIDocumentTests {
    /// Every (method, path) of the route table's `/api/v1` part.
    func routes() async throws -> Set<String> {
        let app = try await TestApp.make()
        let dependencies = Dependencies(
            database: app.database, clock: app.clock, metrics: PrometheusCollectorRegistry(), logger: Logger(label: "test"),
            retell: nil)
        let table = try routeTable(config: app.config, dependencies: dependencies)
        return Set(table.api.map { "\($0.method.rawValue.uppercased()) \($0.path)" })
    }

    /// Every (method, path) the document describes.
    func documented() throws -> Set<String> {
        let url = TestApp.repositoryRoot.appendingPathComponent("static/openapi.json")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        let methods: Set<String> = ["get", "post", "put", "patch", "delete", "head", "options"]
        return Set(paths.flatMap { path, operations in
            operations.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
        })
    }

    @Test("Every API route is in static/openapi.json and the document lists no route that does not exist")
    func documentMatchesRoutes() async throws {
        let routes = try await routes()
        let documented = try documented()
        #expect(routes.subtracting(documented).isEmpty, "routes missing from openapi.json: \(routes.subtracting(documented).sorted())")
        #expect(documented.subtracting(routes).isEmpty, "openapi.json lists routes that do not exist: \(documented.subtracting(routes).sorted())")
    }

    @Test("Every documented operation answers something other than 404 or 405 from the real router")
    func documentedOperationsAreRouted() async throws {
        let app = try await TestApp.make()
        let operations = try documented()
        try await app.test { client in
            // The event stream never ends by itself; its route is tested in EventsAPITests/LiveEventsTests.
            for operation in operations.sorted() where operation != "GET /api/v1/events" {
                let parts = operation.split(separator: " ", maxSplits: 1)
                let method = HTTPRequest.Method(String(parts[0]))!
                let path = String(parts[1]).replacingOccurrences(of: "{id}", with: "x").replacingOccurrences(of: "{phone}", with: "%2B14155550123")
                let response = try await client.send(method, path, token: app.adminToken, json: method == .get || method == .delete ? nil : "{}")
                // The router's own 404 says "Not Found"; a handler's 404 names what it did not find.
                let message = (response.object["error"] as? [String: Any])?["message"] as? String
                let unrouted = response.status == .methodNotAllowed || (response.status == .notFound && message == "Not Found")
                #expect(!unrouted, "\(operation) is not routed: \(response.status) \(response.text)")
            }
        }
    }

    @Test("GET /api/v1/openapi.json serves the file byte for byte")
    func servesTheFile() async throws {
        let app = try await TestApp.make()
        try await app.test { client in
            let response = try await client.send(.get, "/api/v1/openapi.json")
            let file = try Data(contentsOf: TestApp.repositoryRoot.appendingPathComponent("static/openapi.json"))
            #expect(Data(response.body.readableBytesView) == file)
        }
    }
}
