import EcoCore
import EcoIngest
public import EcoKit
import Foundation
public import Mustache

/// The web resources shipped with the binary: templates, one string table per language, static files.
public struct WebResources: Sendable {
    public let strings: [Language: [String: String]]
    public let library: MustacheLibrary
    public let staticFiles: [String: (contentType: String, body: String)]
    /// The `t.` keys the templates use, so a test can check each language defines them all.
    public let templateStringKeys: Set<String>

    public struct Missing: Error, CustomStringConvertible {
        public let description: String
    }

    public static func load() throws -> WebResources {
        guard let base = Bundle.module.url(forResource: "web", withExtension: nil) else {
            throw Missing(description: "the web resources are missing next to the executable")
        }
        var strings: [Language: [String: String]] = [:]
        for lang in Language.allCases {
            let data = try Data(contentsOf: base.appendingPathComponent("i18n/\(lang.rawValue).json"))
            strings[lang] = try JSONDecoder().decode([String: String].self, from: data)
        }
        var templates: [String: MustacheTemplate] = [:]
        var keys = Set<String>()
        let dir = base.appendingPathComponent("templates")
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".mustache") {
            let text = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
            templates[String(name.dropLast(".mustache".count))] = try MustacheTemplate(string: text)
            for part in text.components(separatedBy: "{{t.").dropFirst() { keys.insert(String(part.prefix { $0 != "}" })) }
        }
        var files: [String: (String, String)] = [:]
        let staticDir = base.appendingPathComponent("static")
        for name in try FileManager.default.contentsOfDirectory(atPath: staticDir.path) where !name.hasPrefix(".") {
            let type = name.hasSuffix(".css") ? "text/css; charset=utf-8" : name.hasSuffix(".js") ? "text/javascript; charset=utf-8" : "text/plain"
            files[name] = (type, try String(contentsOf: staticDir.appendingPathComponent(name), encoding: .utf8))
        }
        if let css = files["site.css"] { files["site.css"] = (css.0, css.1 + "\n" + Swatches.css) }
        return WebResources(strings: strings, library: MustacheLibrary(templates: templates), staticFiles: files,
                            templateStringKeys: keys)
    }

    /// A string of the interface in `lang`; the key itself when missing (a test checks none is).
    public func t(_ key: String, _ lang: Language) -> String { strings[lang]?[key] ?? key }
}
