public import Foundation

/// The JSON form of a framework: the format of the built-in files, `framework export` and `framework import`.
public enum FrameworkCoding {
    public static func encode(_ fw: Framework) throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try e.encode(fw)
    }

    /// Decodes a framework file; a malformed file is reported as one sentence naming the JSON path and the problem.
    public static func decode(_ data: Data) throws -> Framework {
        do {
            return try JSONDecoder().decode(Framework.self, from: data)
        } catch let error as DecodingError {
            throw FrameworkFileError(message: describe(error))
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ p: [CodingKey]) -> String {
            let s = p.map { k in k.intValue.map { "[\($0)]" } ?? ".\(k.stringValue)" }.joined()
            return s.isEmpty ? "the document" : String(s.drop(while: { $0 == "." }))
        }
        switch error {
        case .keyNotFound(let key, let ctx):
            return "\(path(ctx.codingPath + [key])): required field is missing"
        case .typeMismatch(let type, let ctx):
            return "\(path(ctx.codingPath)): expected \(type), \(ctx.debugDescription)"
        case .valueNotFound(let type, let ctx):
            return "\(path(ctx.codingPath)): expected \(type) but found null"
        case .dataCorrupted(let ctx):
            if let underlying = ctx.underlyingError as NSError? {
                return "\(path(ctx.codingPath)): not valid JSON (\(underlying.localizedDescription))"
            }
            return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// A framework file that cannot be read.
public struct FrameworkFileError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
