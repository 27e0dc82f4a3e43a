public import EcoAir
public import EcoCore
import EcoDemo
public import EcoIngest
public import EcoStandards
public import EcoStore
public import Foundation

/// The result of `Services.evaluateAir`: the cities' and the province's statistics, their ranks, and what was
/// written.
public struct AirAnnualRun: Sendable {
    /// Cities with stations.
    public var cities: [AirAnalysis.RegionResult]
    /// The province, from its cities.
    public var province: AirAnalysis.RegionResult?
    /// Cities by comprehensive index, 1 = cleanest.
    public var ranks: [RegionCode: Int]
    /// Problems of the hourly file when evaluated from a file.
    public var fileSummary: AirCSV.Summary?
    /// What the feed wrote into the framework (nil for a dry run).
    public var written: WriteSummary?
    /// Import runs that never finished (the stored hours are partial); a run with any is a dry run only.
    public var unfinishedImports: [AirImportRun] = []

    /// Cities then the province.
    public var all: [AirAnalysis.RegionResult] { cities + (province.map { [$0] } ?? []) }
}

/// The stored annual evaluations of a year, as `/air` and `/api/v1/air/annual` read them.
public struct StoredAirYear: Sendable {
    /// The year.
    public var year: Int
    /// Cities then the province, as stored.
    public var results: [AirAnalysis.RegionResult]
    /// Cities by comprehensive index.
    public var ranks: [RegionCode: Int]
    /// True when station-hours were written after the evaluation ran (run `air annual` again).
    public var stale: Bool
    /// When the evaluation ran.
    public var computedAt: Date?
    /// Import runs that never finished: the stored station-hours are partial.
    public var unfinishedImports: [AirImportRun] = []
}

extension Services {
    /// Streams hourly files into the store in batches of 50,000 rows (the good rows of a file are kept even when
    /// others are refused; a repeated station-hour replaces the stored one). Each file is one recorded import run
    /// (`AirImportRun`): started before its first batch, its row count committed with every batch, finished after
    /// the last; finishing supersedes the same file's earlier unfinished runs. A run killed halfway stays open, and
    /// `evaluateAir` refuses to feed the assessment until the file is imported again or the run is abandoned. A
    /// run that fails before writing anything is abandoned at once (nothing of it is in the store).
    public func importAirHours(paths: [String], progress: ((String, Double) -> Void)? = nil) async throws -> [AirCSV.Summary] {
        let stations = try await store.airStations()
        var index: [String: Int] = [:]
        for (i, s) in stations.enumerated() { index[s.code] = i }
        var summaries: [AirCSV.Summary] = []
        for path in paths {
            guard FileManager.default.isReadableFile(atPath: path) else { throw ServiceError.invalid("\(path): cannot open the file") }
            let file = URL(fileURLWithPath: path).standardizedFileURL.path
            let size = ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
            let store = self.store
            let run = try await store.startAirImport(file: file, size: size, actor: actor, at: clock())
            var batch: [AirHour] = []
            batch.reserveCapacity(60_000)
            var written = 0
            let summary: AirCSV.Summary
            do {
                summary = try await AirCSV.streamHours(path: path, stations: index, progress: progress.map { p in { p(path, $0) } },
                                                       afterChunk: {
                                                           // Written once 50,000 rows have gathered, and at the end.
                                                           if batch.count >= 50_000 {
                                                               try await store.writeAirHours(batch, run: run)
                                                               written += batch.count
                                                               batch.removeAll(keepingCapacity: true)
                                                           }
                                                       }) { _, hour in batch.append(hour) }
                if !batch.isEmpty { try await store.writeAirHours(batch, run: run) }
            } catch {
                if written == 0 { _ = try? await store.abandonAirImport(run, at: clock()) }
                throw error
            }
            try await store.finishAirImport(run, rowsRefused: summary.bad, at: clock())
            summaries.append(summary)
        }
        return summaries
    }

    /// The import runs, newest first (`ecoprov air runs`, `/api/v1/air/runs`).
    public func airImportRuns() async throws -> [AirImportRun] { try await store.airImportRuns() }

    /// Declares an unfinished import run abandoned: its partial rows stay, and the assessment may be fed again.
    public func abandonAirImport(_ id: Int64) async throws {
        guard try await store.abandonAirImport(id, at: clock()) else {
            throw ServiceError.invalid("air import run \(id) is not an open (unfinished) run: see `ecoprov air runs`")
        }
    }

    /// One sentence per open import run, for refusals and warnings.
    public static func describe(open runs: [AirImportRun]) -> String {
        runs.map { r in
            "air import run \(r.id) of \(r.file) (started \(r.startedAt.formatted(Date.ISO8601FormatStyle())), \(r.rowsWritten) station-hours written) did not finish"
        }.joined(separator: "; ")
    }

    /// Loads one year straight from an hourly file, without storing it: the file is cut into `parts` pieces at line
    /// starts, parsed in parallel into one `AirYearData` each, and merged in file order (the last row read wins, as
    /// in the store). Problems carry their line numbers in the whole file. Memory is one year matrix per part.
    public static func loadAirYear(_ year: Int, fromFile path: String, stations: [AirStation], parts: Int = 2) async throws -> (AirYearData, AirCSV.Summary) {
        let index = Dictionary(stations.enumerated().map { ($0.element.code, $0.offset) }, uniquingKeysWith: { $1 })
        let ranges = try AirCSV.split(path: path, parts: max(1, parts))
        let count = stations.count
        let results = try await withThrowingTaskGroup(of: (Int, AirYearData, AirCSV.Summary).self) { group in
            for (k, range) in ranges.enumerated() {
                group.addTask {
                    let data = AirYearData(year: year, stations: count)
                    let summary = try await AirCSV.streamHours(path: path, stations: index, byteRange: range, sink: data) { s, hour in
                        data.add(hour, station: s)
                    }
                    return (k, data, summary)
                }
            }
            var out: [(Int, AirYearData, AirCSV.Summary)] = []
            for try await r in group { out.append(r) }
            return out.sorted { $0.0 < $1.0 }
        }
        guard let first = results.first else { return (AirYearData(year: year, stations: count), AirCSV.Summary()) }
        var total = first.2
        var linesBefore = first.2.lines
        for (_, data, summary) in results.dropFirst() {
            first.1.merge(later: data)
            total.rows += summary.rows; total.good += summary.good; total.bad += summary.bad; total.flagged += summary.flagged
            total.problems += summary.problems.map {
                AirCSV.Problem(file: $0.file, line: $0.line + linesBefore, column: $0.column, message: $0.message)
            }
            linesBefore += summary.lines
        }
        total.lines = linesBefore
        return (first.1, total)
    }

    /// The annual air evaluation (`ecoprov air annual`): HJ 663 statistics of every city with stations and of the
    /// province, from the stored station-hours or straight from an hourly file. Unless `dryRun`, the results are
    /// stored (what `/air` shows) and the framework's air feed bindings are written into its indicators —
    /// synthetic results never over real values.
    public func evaluateAir(year: Int, framework id: String, standard: AirStandard? = nil, fromFile: String? = nil,
                            dryRun: Bool = false) async throws -> AirAnnualRun {
        let tree = try await tree()
        let stations = try await store.airStations()
        guard !stations.isEmpty else { throw ServiceError.invalid("no stations: import them with `ecoprov air stations import FILE`") }
        let hoursRevision = try await store.airHoursRevision()
        let open = fromFile == nil ? try await store.openAirImports() : []
        if !dryRun, !open.isEmpty {
            throw ServiceError.invalid(Self.describe(open: open) + ": the stored station-hours are partial, so nothing was written or fed. "
                                       + "Import the file again (or abandon the run with `ecoprov air runs --abandon ID`), then run `air annual` again")
        }
        let data: AirYearData
        var fileSummary: AirCSV.Summary?
        if let fromFile {
            let (d, summary) = try await Self.loadAirYear(year, fromFile: fromFile, stations: stations)
            data = d
            fileSummary = summary
        } else {
            data = try await AirAnalysis.loadYear(year, store: store, stations: stations)
        }
        guard data.hoursStored > 0 else { throw ServiceError.invalid("no station-hours for \(year)") }
        let (cities, province) = AirAnalysis.evaluate(data, stations: stations, tree: tree, forcing: standard)
        var run = AirAnnualRun(cities: cities, province: province, ranks: AirAnalysis.ranks(cities), fileSummary: fileSummary, written: nil,
                               unfinishedImports: open)
        guard !dryRun else { return run }
        let fw = try await framework(id)
        let all = run.all
        if fromFile == nil {
            let at = clock()
            try await store.saveAirAnnual(all.map { AirAnnualRecord(region: $0.region, statistics: $0.statistics, synthetic: $0.synthetic,
                                                                  hoursRevision: hoursRevision, computedAt: at) }, year: year)
        }
        run.written = try await feed(AirFeed.observations(all, framework: fw), framework: fw, year: year, synthetic: all.contains { $0.synthetic },
                                     reason: "air annual evaluation \(year)")
        return run
    }

    /// The stored evaluations of a year, or nil when `air annual` has not run for it.
    public func storedAirYear(_ year: Int) async throws -> StoredAirYear? {
        let records = try await store.airAnnual(year: year)
        guard !records.isEmpty else { return nil }
        let revision = try await store.airHoursRevision()
        let tree = try await tree()
        let results = records.map { AirAnalysis.RegionResult(region: $0.region, statistics: $0.statistics, synthetic: $0.synthetic) }
        let cities = results.filter { tree[$0.region]?.level == .city }
        let ordered = cities + results.filter { tree[$0.region]?.level != .city }
        return StoredAirYear(year: year, results: ordered, ranks: AirAnalysis.ranks(cities),
                             stale: records.contains { $0.hoursRevision < revision }, computedAt: records.map(\.computedAt).max(),
                             unfinishedImports: try await store.openAirImports())
    }

    /// Loads the demo air data directly (no files): `stations` synthetic stations and one year of station-hours,
    /// then evaluates the year into the framework. `weatherSeed` (default `seed`) draws the year's weather, so that two
    /// years of the same stations differ. The generator's deliberately implausible rows are left out, as
    /// the file import refuses them.
    public func loadAirDemo(stations n: Int, year: Int, seed: UInt64, weatherSeed: UInt64? = nil, framework id: String) async throws -> AirAnnualRun {
        let tree = try await tree()
        let stations = try AirDemo.stations(n, seed: seed, tree: tree)
        try await store.upsertAirStations(stations)
        var batch: [AirHour] = []
        batch.reserveCapacity(50_000)
        var batches: [[AirHour]] = []
        AirDemo.hours(stations: stations, year: year, seed: weatherSeed ?? seed, tree: tree) { hour in
            guard hour.implausibility == nil else { return }
            batch.append(hour)
            if batch.count >= 50_000 { batches.append(batch); batch.removeAll(keepingCapacity: true) }
        }
        batches.append(batch)
        for b in batches where !b.isEmpty { try await store.writeAirHours(b) }
        return try await evaluateAir(year: year, framework: id)
    }
}
