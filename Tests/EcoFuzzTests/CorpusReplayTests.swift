import EcoFuzzEntries
import Foundation
import XCTest

/// Every input the fuzzers kept (`Fuzz/Corpus/<target>/`) and every crash they found (`Fuzz/Crashes/<target>-*`)
/// runs through the same entry point in the normal suite: a crash found once stays fixed.
final class CorpusReplayTests: XCTestCase {
    static let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    func testEveryCorpusInputAndCrashReplaysWithoutACrash() throws {
        var replayed: [String: Int] = [:]
        for (name, entry) in FuzzEntries.targets {
            let dir = Self.fuzz.appendingPathComponent("Corpus/\(name)")
            let files = (try? FileManager.default.contentsOfDirectory(at: dir, includingPropertiesForKeys: nil)) ?? []
            let crashes = ((try? FileManager.default.contentsOfDirectory(at: Self.fuzz.appendingPathComponent("Crashes"),
                                                                         includingPropertiesForKeys: nil)) ?? [])
                .filter { $0.lastPathComponent.hasPrefix(name + "-") }
            for f in files + crashes {
                entry(try Data(contentsOf: f))
                replayed[name, default: 0] += 1
            }
        }
        for name in FuzzEntries.targets.keys {
            XCTAssertGreaterThan(replayed[name] ?? 0, 0, "no corpus for fuzz target \(name)")
        }
    }
}
