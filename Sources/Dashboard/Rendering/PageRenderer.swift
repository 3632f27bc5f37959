import Foundation
import Mustache

/// The dashboard's Mustache templates, compiled into the binary so that the one `avosync` file
/// is all a machine needs.
enum PageTemplates {
    static let all: [String: String] = [
        "layout": layout, "sign-in": signIn, "problem": problem, "overview": overview, "account": account,
        "contact": contact, "log": log,
    ]
}

/// Renders the dashboard's pages from their templates.
struct PageRenderer: Sendable {
    private let library: MustacheLibrary

    init() {
        var library = MustacheLibrary()
        for (name, text) in PageTemplates.all {
            // The templates are part of the program: one that does not parse is a bug, found by
            // every test that renders a page.
            do {
                try library.register(text, named: name)
            } catch {
                preconditionFailure("the dashboard's \(name) template does not parse: \(error)")
            }
        }
        self.library = library
    }

    /// `template` filled from `context`, with what every page shows (the time, the refresh, the
    /// sign-out button for a browser with a session).
    func render(_ template: String, _ context: [String: Any], frame: PageFrame) -> String {
        var context = context
        context["shownAt"] = frame.shownAt
        context["refreshSeconds"] = frame.refreshSeconds
        context["session"] = frame.hasSession
        return library.render(context, withTemplate: template) ?? ""
    }
}

/// What the frame around a page shows.
struct PageFrame {
    var shownAt: String
    /// Seconds between reloads; nil for pages that do not reload (sign-in, filtered logs).
    var refreshSeconds: Int?
    var hasSession: Bool
}
