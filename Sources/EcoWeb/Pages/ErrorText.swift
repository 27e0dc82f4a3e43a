import EcoKit
import Foundation
import Hummingbird

/// The page errors in the page's language. The services and parameter checks word their refusals in English (the
/// API's and the CLI's language of record); a Chinese page shows the common shapes in Chinese, and any other
/// message as it is.
enum ErrorText {
    /// The title of an error page by its status.
    static func titleKey(_ status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400, 422: return "error_bad_request"
        case 401, 403: return "error_forbidden"
        case 404: return "not_found"
        case 409: return "error_conflict"
        default: return "error_title"
        }
    }

    /// `message` in `lang`.
    static func localize(_ message: String, _ lang: Language) -> String {
        guard lang == .zh else { return message }
        for (source, render) in patterns {
            guard let regex = try? Regex(source), let m = try? regex.wholeMatch(in: message) else { continue }
            let g = (1..<m.output.count).map { m.output[$0].substring.map(String.init) ?? "" }
            return render(g)
        }
        return message
    }

    private static let patterns: [(String, @Sendable ([String]) -> String)] = [
        (#"(\w+) must be a whole number from (\d+) to (\d+), got '(.*)'"#, { "参数 \($0[0]) 应为 \($0[1])–\($0[2]) 之间的整数，收到“\($0[3])”。" }),
        (#"(\w+) must be province, city or county, got '(.*)'"#, { "参数 \($0[0]) 应为 province（省）、city（市）或 county（县），收到“\($0[1])”。" }),
        (#"(\w+) must be true or false, got '(.*)'"#, { "参数 \($0[0]) 应为 true 或 false，收到“\($0[1])”。" }),
        (#"(\w+) must be (.*), got '(.*)'"#, { "参数 \($0[0]) 应为 \($0[1])，收到“\($0[2])”。" }),
        (#"'(.*)' is not a 6-digit division code"#, { "“\($0[0])”不是 6 位行政区划代码。" }),
        (#"unknown division code (.*)"#, { "没有行政区划代码为 \($0[0]) 的地区。" }),
        (#"(\d{6}) is not a current region"#, { "\($0[0]) 不是现行行政区。" }),
        (#"indicator '(.*)' is not in framework (.*)"#, { "指标体系 \($0[1]) 中没有指标“\($0[0])”。" }),
        (#"unknown framework '(.*)'"#, { "没有指标体系“\($0[0])”。" }),
        (#"the map shows cities or counties"#, { _ in "地图只显示地市或县。" }),
        (#"indicator (\S+) does not apply at (\w+) level"#, { "指标 \($0[0]) 不适用于 \($0[1]) 级。" }),
        (#"no page at (.*)"#, { "没有这个页面：\($0[0])" }),
    ]
}
