import Foundation

/// The interface languages. zh-CN is the default everywhere; English is the second language.
public enum Language: String, Sendable, Codable, CaseIterable {
    case zh
    case en

    /// Parses `zh`, `zh-CN`, `zh_CN.UTF-8`, `en`, `en-US`… (anything starting with `en` is English).
    public init(tag: String?) {
        if let tag, tag.lowercased().hasPrefix("en") { self = .en } else { self = .zh }
    }
}

/// A text in Chinese and English, as stored in framework and region data files.
public struct LocalizedText: Sendable, Codable, Hashable {
    /// The Chinese text.
    public var zh: String
    /// The English text.
    public var en: String

    /// Creates a text.
    public init(zh: String, en: String) {
        self.zh = zh
        self.en = en
    }

    /// The text in `language`, the other one when it is empty.
    public subscript(_ language: Language) -> String {
        switch language {
        case .zh: return zh.isEmpty ? en : zh
        case .en: return en.isEmpty ? zh : en
        }
    }
}
