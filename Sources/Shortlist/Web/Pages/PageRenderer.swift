import Foundation
import Hummingbird
import Mustache

/// Renders page models with the templates in `<static_dir>/templates`, read once at start-up.
/// Each page's body template is rendered, then framed by `layout.mustache`.
struct PageRenderer: Sendable {
    let library: MustacheLibrary

    init(staticDir: String) throws {
        let folder = URL(fileURLWithPath: staticDir).appendingPathComponent("templates")
        var library = MustacheLibrary()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names where name.hasSuffix(".mustache") {
            let path = folder.appendingPathComponent(name).path
            guard let data = FileManager.default.contents(atPath: path) else {
                throw StartupError("cannot read \(path) (check [server] static_dir)")
            }
            do {
                try library.register(String(decoding: data, as: UTF8.self), named: String(name.dropLast(".mustache".count)))
            } catch {
                throw StartupError("template \(path) does not parse: \(error)")
            }
        }
        guard library.getTemplate(named: "layout") != nil else {
            throw StartupError("\(folder.path)/layout.mustache is missing (check [server] static_dir)")
        }
        self.library = library
    }

    /// The page as HTML: `template` rendered with `page`, inside the layout.
    func html(_ template: String, _ page: some PageModel, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) -> Response {
        let body = library.render(page, withTemplate: template) ?? ""
        let frame = LayoutModel(title: page.title, chrome: page.chrome, body: body)
        let text = library.render(frame, withTemplate: "layout") ?? body
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.cacheControl] = "no-store"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}

/// What every page gives the layout.
protocol PageModel {
    var title: String { get }
    /// The navigation and sign-out form; nil on the sign-in page.
    var chrome: Chrome? { get }
}

/// The signed-in frame: who is signed in, the CSRF token for the sign-out form, and a banner when
/// Retell stopped dialing.
struct Chrome: Sendable, Equatable {
    var userLabel: String
    var role: String
    var isAdmin: Bool
    var csrfToken: String
    var banner: String?
}

struct LayoutModel {
    var title: String
    var chrome: Chrome?
    var body: String
}
