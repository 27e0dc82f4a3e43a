import EcoCore
import EcoDemo
import EcoIngest
import EcoSources
import EcoStandards
import Foundation

/// `ecoprov-bench hj212`: the parse-only rate of the acquisition path on one core — 200,000 frames of 1,000 demo
/// devices (minute data, 4–5 pollutants, ≈ 300 bytes each) cut from one byte stream by the stream decoder, CRC
/// checked with each device's variant, parsed and authenticated, their readings cut and the alarm evaluation run —
/// beside the CRC alone over the same bytes (the reference of the same run). Benchmarks/hj212-bench.sh measures the
/// server end to end.
func hj212Benchmark() throws {
    let tree = RegionTree(try BuiltinData.regions())
    let registry = SourcesDemo.registry(enterprises: 650, seed: 1, tree: tree)
    let devices = Array(registry.devices.prefix(1000))
    let index = SourceIndex(registry)
    let kinds = Dictionary(registry.outlets.map { ($0.id, $0.kind) }, uniquingKeysWith: { a, _ in a })
    var rng = DemoRandom(seed: 5)
    var stream: [UInt8] = []
    let n = 200_000
    let start = HJ212Time("20241101000000")!
    for i in 0..<n {
        let d = devices[i % devices.count]
        let t = start.adding(seconds: 60 * (i / devices.count))
        stream += HJ212Frame.encode(SourcesDemo.segment(device: d, outlet: kinds[d.outlet] ?? .gas, kind: .minute, time: t,
                                                       qn: t.compact + "000", exceed: i % 50 == 0, rng: &rng), crc: d.crc)
    }
    var crcSum = 0
    let crcTime = timeIt { crcSum = Int(HJ212CRC.standard(stream)) }
    var frames = 0, readings = 0, refused = 0
    let policy = SourcesPolicy()
    let parseTime = timeIt {
        var decoder = HJ212StreamDecoder()
        var batch: [SourceReading] = []
        var offset = 0
        while offset < stream.count {
            let end = min(stream.count, offset + 65_536)
            decoder.append(stream[offset..<end])
            offset = end
            while let e = decoder.next(check: { seg, crc in
                (index.devices[SourceIntake.mn(in: seg) ?? ""]?.crc ?? .standard).accepts(seg, value: crc)
            }) {
                guard case .frame(let f) = e else { continue }
                let intake = SourceIntake.accept(f.segment, index: index)
                if intake.refusal != nil { refused += 1 }
                frames += 1
                batch += intake.readings
                if batch.count >= 20_000 {
                    readings += batch.count
                    _ = AlarmEvaluation.evaluate(batch, index: index, policy: policy, active: [])
                    batch.removeAll(keepingCapacity: true)
                }
            }
        }
        readings += batch.count
    }
    print(String(format: "hj212 parse-only: %d frames (%.1f MB), %d readings, %d refused: %.0f frames/s (%.2f s) on one core",
                 frames, Double(stream.count) / 1e6, readings, refused, Double(frames) / parseTime, parseTime))
    print(String(format: "reference, the CRC alone over the same bytes: %.0f MB/s (%.3f s; %d); decode+parse+intake is %.1f× the CRC's time",
                 Double(stream.count) / 1e6 / crcTime, crcTime, crcSum & 1, parseTime / crcTime))
    print(String(format: "goal ≥ 100,000 messages/s end to end: parse-only is %.1f× the goal", Double(frames) / parseTime / 100_000))
}

func timeIt(_ body: () -> Void) -> Double {
    let t0 = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
}
