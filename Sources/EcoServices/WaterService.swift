public import EcoCore
public import EcoIngest
public import EcoStore
public import EcoWater
public import Foundation

/// The outcome of `Services.evaluateWater`.
public struct WaterYearRun: Sendable {
    /// The evaluation (stored unless a dry run).
    public var record: WaterYearRecord
    /// The sections, by code.
    public var sections: [String: WaterSection]
    /// What the feed wrote into the framework (nil for a dry run).
    public var written: WriteSummary?
}

/// A refused water file (the name the water commands use).
public typealias WaterFileRefused = FileRefused

/// A refused file (water, accounting, …): every problem found (the first 1,000) and their count.
public struct FileRefused: Error, Sendable, CustomStringConvertible {
    /// The problems, located.
    public var problems: [FileProblem]
    /// How many there were in all.
    public var count: Int
    /// The first problem and the count.
    public var description: String { (problems.first?.description ?? "") + (count > 1 ? " (and \(count - 1) more problems; nothing was imported)" : " (nothing was imported)") }
}

extension Services {
    /// The CSV file, or the sheet of a workbook as CSV (`TabularFile`); a workbook that cannot be read is refused.
    static func tabular(_ data: Data, file: String, sheet: String?) throws -> TabularFile {
        switch TabularFile.open(data, file: file, sheet: sheet) {
        case .success(let t): return t
        case .failure(let p): throw FileRefused(problems: Array(p.list.prefix(20)), count: p.list.count)
        }
    }

    /// Imports a sections file (all or nothing): the sections are upserted by code.
    public func importWaterSections(_ data: Data, file: String) async throws -> [WaterSection] {
        let (sections, problems) = WaterCSV.readSections(data, file: file, regions: try await tree())
        guard problems.isEmpty else { throw WaterFileRefused(problems: Array(problems.prefix(1000)), count: problems.count) }
        try await store.upsertWaterSections(sections)
        return sections
    }

    /// Imports a samples file (all or nothing, one transaction): a (section, day) already stored is replaced, so a
    /// re-import changes nothing.
    public func importWaterSamples(_ data: Data, file: String) async throws -> [WaterSample] {
        let known = Set(try await store.waterSections().map(\.code))
        let (samples, problems, count) = WaterCSV.readSamples(data, file: file, sections: known)
        guard count == 0 else { throw WaterFileRefused(problems: problems, count: count) }
        try await store.writeWaterSamples(samples)
        return samples
    }

    /// The year's evaluation (`ecoprov water evaluate`): every section's months and year, every aggregate; unless
    /// `dryRun`, stored (what `/water` shows) and fed into the framework's indicators by its water bindings.
    public func evaluateWater(year: Int, framework id: String, dryRun: Bool = false) async throws -> WaterYearRun {
        let sections = try await store.waterSections()
        guard !sections.isEmpty else { throw ServiceError.invalid("no water sections: import them with `ecoprov water sections import FILE`") }
        let revision = try await store.waterSamplesRevision()
        let samples = Dictionary(grouping: try await store.waterSamples(year: year), by: \.section)
        guard !samples.isEmpty else { throw ServiceError.invalid("no water samples for \(year): import them with `ecoprov water import FILE`") }
        var results: [SectionResult] = []
        var years: [String: SectionResult] = [:]
        for s in sections {
            guard let list = samples[s.code] else { continue }
            let (months, y) = WaterAnalysis.sectionYear(s, year: year, samples: list)
            results += months + [y]
            years[s.code] = y
        }
        let aggregates = WaterAnalysis.aggregates(year: year, sections: sections, results: years, tree: try await tree())
        let record = WaterYearRecord(year: year, sections: results, aggregates: aggregates, samplesRevision: revision, computedAt: clock())
        var run = WaterYearRun(record: record, sections: Dictionary(uniqueKeysWithValues: sections.map { ($0.code, $0) }), written: nil)
        guard !dryRun else { return run }
        let fw = try await framework(id)
        try await store.saveWaterYear(record)
        run.written = try await feed(WaterFeed.observations(aggregates, framework: fw), framework: fw, year: year,
                                     synthetic: aggregates.contains { $0.synthetic }, reason: "water evaluation \(year)")
        return run
    }
}

extension Services {
    /// The eco-compensation of a year (`ecoprov water compensation`): every section the scheme covers (all
    /// sections with a target for the vertical scheme, the named sections for an agreement), its months of the year
    /// and of the year before recomputed from the stored samples, and the scheme's lines with their arithmetic.
    /// `scheme` is a built-in id or a scheme read from a user's file.
    public func waterCompensation(year: Int, scheme: CompensationScheme) async throws -> [CompensationLine] {
        guard year >= scheme.fromYear, scheme.toYear.map({ year <= $0 }) ?? true else {
            throw ServiceError.invalid("scheme \(scheme.id) applies from \(scheme.fromYear)" + (scheme.toYear.map { " to \($0)" } ?? "") + ", not to \(year)")
        }
        let sections = try await store.waterSections()
        guard !sections.isEmpty else { throw ServiceError.invalid("no water sections: import them with `ecoprov water sections import FILE`") }
        let now = Dictionary(grouping: try await store.waterSamples(year: year), by: \.section)
        let before = Dictionary(grouping: try await store.waterSamples(year: year - 1), by: \.section)
        guard !now.isEmpty else { throw ServiceError.invalid("no water samples for \(year): import them with `ecoprov water import FILE`") }
        var lines: [CompensationLine] = []
        for s in sections {
            switch scheme.method {
            case .verticalTiers: guard s.target != nil else { continue }
            case .classAndIndex: guard scheme.sections?.contains(s.code) == true else { continue }
            }
            guard let list = now[s.code] else { continue }
            let (months, y) = WaterAnalysis.sectionYear(s, year: year, samples: list)
            let last = before[s.code].map { WaterAnalysis.sectionYear(s, year: year - 1, samples: $0).months } ?? []
            let m = Dictionary(uniqueKeysWithValues: months.compactMap { r in r.month.map { ($0, r) } })
            let l = Dictionary(uniqueKeysWithValues: last.compactMap { r in r.month.map { ($0, r) } })
            switch scheme.method {
            case .verticalTiers: lines += WaterCompensation.vertical(scheme, section: s, months: m, lastYear: l)
            case .classAndIndex: lines += WaterCompensation.classAndIndex(scheme, section: s, year: y, months: m, lastYear: l)
            }
        }
        return lines
    }

    /// A built-in scheme by id, or the list of known ones.
    public static func compensationScheme(_ id: String) throws -> CompensationScheme {
        let all = try BuiltinData.compensationSchemes()
        guard let s = all.first(where: { $0.id == id }) else {
            throw ServiceError.invalid("unknown compensation scheme '\(id.prefix(40))' (known: \(all.map(\.id).joined(separator: ", ")))")
        }
        return s
    }
}
