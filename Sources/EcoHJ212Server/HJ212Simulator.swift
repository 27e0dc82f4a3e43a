import EcoDemo
import EcoKit
public import EcoSources
public import EcoStandards
public import Foundation
import NIOCore
import NIOPosix
import Synchronization

/// A fleet of simulated data loggers (`ecoprov hj212 simulate`): each registered device dials the server, keeps its
/// connection and sends minute data (and hour data at each simulated hour's end) with Flag bit A set, waiting for the
/// 9014 before the next upload (resending after a timeout, 3 retries, as HJ 212-2017 Table 1 sets). Simulated time
/// advances one minute per upload from a start time, so every good upload adds distinct rows. Faults at a rate: a bad
/// CRC, garbage before a frame, a split packet (two sub-packets, Flag D), a reconnect, a wrong password — after a
/// bad CRC or a wrong password the device sends the good packet again, so nothing should be lost.
public struct HJ212Simulation: Sendable {
    /// Server address.
    public var host: String
    /// Server port.
    public var port: Int
    /// Devices to run (the first N of the registry).
    public var devices: Int
    /// Seconds between one device's uploads (0: as fast as the acknowledgements come).
    public var interval: Double
    /// Seconds to run.
    public var duration: Double
    /// The share of uploads with a fault, 0–1.
    public var faults: Double
    /// Share of uploads that exceed a limit.
    public var exceedances: Double
    /// The first simulated data time.
    public var start: HJ212Time
    /// Seconds to wait for an acknowledgement.
    public var ackTimeout: Double
    /// A seed.
    public var seed: UInt64

    /// A simulation.
    public init(host: String, port: Int, devices: Int, interval: Double, duration: Double, faults: Double, exceedances: Double = 0.02,
                start: HJ212Time, ackTimeout: Double = 10, seed: UInt64 = 1) {
        self.host = host
        self.port = port
        self.devices = devices
        self.interval = interval
        self.duration = duration
        self.faults = faults
        self.exceedances = exceedances
        self.start = start
        self.ackTimeout = ackTimeout
        self.seed = seed
    }
}

/// What a simulation did.
public struct HJ212SimulationReport: Sendable, Codable {
    /// Uploads acknowledged (each counted once, whatever its resends).
    public var acknowledged = 0
    /// Uploads that got no acknowledgement after every retry.
    public var lost = 0
    /// Frames sent, resends and faults included.
    public var framesSent = 0
    /// Resends after a timeout or a deliberate fault.
    public var resends = 0
    /// Faults injected, by kind.
    public var faults: [String: Int] = [:]
    /// Readings the acknowledged uploads carried (pollutant values), the number the store should hold.
    public var readings = 0
    /// Acknowledgement latencies: median and 99th percentile, milliseconds.
    public var p50ms = 0.0
    /// 99th percentile.
    public var p99ms = 0.0
    /// Seconds run.
    public var seconds = 0.0
    /// Connection attempts that failed.
    public var connectFailures = 0
}

/// Runs simulations.
public enum HJ212Simulator {
    /// The current local time (China Standard Time, UTC+8) to the minute, the default first data time.
    public static func nowMinute() -> HJ212Time {
        let t = Int(Date().timeIntervalSince1970) + 8 * 3600
        return HJ212Time(day: CivilDay(index: t / 86_400), seconds: (t % 86_400) / 60 * 60)
    }

    struct Shared {
        var report = HJ212SimulationReport()
        var latencies: [Double] = []
    }

    final class Box: Sendable {
        let m = Mutex(Shared())
        func withLock<T>(_ body: (inout Shared) -> T) -> T { m.withLock { body(&$0) } }
    }

    /// Runs the simulation against the registry's devices and returns its report.
    public static func run(_ sim: HJ212Simulation, registry: SourceRegistry) async throws -> HJ212SimulationReport {
        let outlets = Dictionary(registry.outlets.map { ($0.id, $0.kind) }, uniquingKeysWith: { a, _ in a })
        let devices = Array(registry.devices.prefix(max(0, sim.devices)))
        guard !devices.isEmpty else { throw SimulatorError(message: "the registry has no device: import devices first (ecoprov sources import FILE --kind devices)") }
        let shared = Box()
        let began = ContinuousClock.now
        let deadline = began + .milliseconds(Int(sim.duration * 1000))
        await withTaskGroup(of: Void.self) { group in
            for (i, d) in devices.enumerated() {
                group.addTask {
                    await runDevice(d, kind: outlets[d.outlet] ?? .gas, index: i, sim: sim, deadline: deadline, shared: shared)
                }
            }
        }
        return shared.withLock { s in
            var r = s.report
            let sorted = s.latencies.sorted()
            if !sorted.isEmpty {
                r.p50ms = sorted[sorted.count / 2]
                r.p99ms = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
            }
            r.seconds = Double((ContinuousClock.now - began).components.attoseconds) / 1e18 + Double((ContinuousClock.now - began).components.seconds)
            return r
        }
    }

    /// One device's life: connect, upload, wait, repeat until the deadline.
    static func runDevice(_ d: SourceDevice, kind: OutletKind, index: Int, sim: HJ212Simulation, deadline: ContinuousClock.Instant,
                          shared: Box) async {
        var rng = DemoRandom(seed: sim.seed &+ UInt64(index) &* 7919)
        var conn: DeviceConnection?
        var k = 0
        while ContinuousClock.now < deadline {
            if conn == nil {
                conn = try? await DeviceConnection.open(host: sim.host, port: sim.port)
                if conn == nil {
                    shared.withLock { $0.report.connectFailures += 1 }
                    try? await Task.sleep(for: .milliseconds(500))
                    continue
                }
            }
            let time = sim.start.adding(seconds: 60 * k)
            var uploads: [(HJ212DataKind, HJ212Time)] = [(.minute, time)]
            if time.minute == 59 { uploads.append((.hour, time.adding(seconds: -59 * 60))) }
            for (dataKind, t) in uploads {
                let exceed = Double.random(in: 0..<1, using: &rng) < sim.exceedances
                let fault = Double.random(in: 0..<1, using: &rng) < sim.faults ? ["crc", "garbage", "split", "reconnect", "password"].randomElement(using: &rng)! : nil
                let qnBase = "\(t.compact)\(String(format: "%03d", index % 1000))"
                let valueSeed = rng.next()
                func segment(split: (Int, Int)? = nil, password: String? = nil) -> String {
                    var r = DemoRandom(seed: valueSeed)
                    return SourcesDemo.segment(device: d, outlet: kind, kind: dataKind, time: t, qn: qnBase + (split.map { String($0.0) } ?? ""),
                                               exceed: exceed, split: split, password: password, rng: &r)
                }
                let parts: [String] = fault == "split" && d.version != .v2005 ? [segment(split: (1, 2)), segment(split: (2, 2))] : [segment()]
                if let fault { shared.withLock { $0.report.faults[fault, default: 0] += 1 } }
                if fault == "reconnect" {
                    conn?.close()
                    conn = try? await DeviceConnection.open(host: sim.host, port: sim.port)
                    if conn == nil { shared.withLock { $0.report.connectFailures += 1; $0.report.lost += 1 }; continue }
                }
                guard let c = conn else { break }
                if fault == "crc" {
                    var bad = HJ212Frame.encode(parts[0], crc: d.crc)
                    bad[bad.count - 3] = bad[bad.count - 3] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
                    c.send(bad)
                    shared.withLock { $0.report.framesSent += 1; $0.report.resends += 1 }
                } else if fault == "password" {
                    c.send(HJ212Frame.encode(segment(password: "wrong!"), crc: d.crc))
                    shared.withLock { $0.report.framesSent += 1; $0.report.resends += 1 }
                }
                let pollutants = (SourcesDemo.pollutants[kind]?.count ?? 0) + 1
                var ok = true
                for part in parts {
                    let frame = (fault == "garbage" ? Array("\u{0}garbage##12#".utf8) : []) + HJ212Frame.encode(part, crc: d.crc)
                    let qn = part.split(separator: ";").first { $0.hasPrefix("QN=") }.map { String($0.dropFirst(3)) }
                    let sentAt = ContinuousClock.now
                    var acked = false
                    for attempt in 0..<4 {
                        if attempt > 0 { shared.withLock { $0.report.resends += 1 } }
                        shared.withLock { $0.report.framesSent += 1 }
                        if let qn {
                            acked = await c.sendAndWait(frame, qn: qn, timeout: sim.ackTimeout)
                        } else {
                            // A 2005 device asks for no answer: count it sent.
                            c.send(frame); acked = true
                        }
                        if acked || c.closed { break }
                    }
                    if acked, qn != nil {
                        let elapsed = (ContinuousClock.now - sentAt).components
                        let ms = Double(elapsed.attoseconds) / 1e15 + Double(elapsed.seconds) * 1000
                        shared.withLock { $0.latencies.append(ms) }
                    } else if !acked { ok = false }
                }
                shared.withLock { s in
                    if ok { s.report.acknowledged += 1; s.report.readings += pollutants } else { s.report.lost += 1 }
                }
                if !ok { conn?.close(); conn = nil }
            }
            k += 1
            // A device that asks for no answer (2005, no QN) is paced at one upload per 50 ms at least, as if it
            // waited for its own clock, so that the rate counts what the server answered.
            let pace = d.version == .v2005 ? max(sim.interval, 0.05) : sim.interval
            if pace > 0 {
                // Idle until the next upload, or the end of the run, whichever comes first (the connection stays open).
                let next = ContinuousClock.now + .milliseconds(Int(pace * 1000))
                try? await Task.sleep(until: min(next, deadline), clock: .continuous)
            }
        }
        conn?.close()
    }
}

/// A simulator failure, one sentence.
public struct SimulatorError: Error, CustomStringConvertible {
    /// The sentence.
    public let message: String
    public var description: String { message }
}

/// One simulated device's TCP connection: frames out, acknowledgements in (decoded with the same stream decoder).
final class DeviceConnection: @unchecked Sendable {
    let channel: any Channel
    let handler: AckHandler
    var closed: Bool { !channel.isActive }

    init(channel: any Channel, handler: AckHandler) {
        self.channel = channel
        self.handler = handler
    }

    static func open(host: String, port: Int) async throws -> DeviceConnection {
        let handler = AckHandler()
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.seconds(5))
            .channelInitializer { ch in ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(handler) } }
            .connect(host: host, port: port).get()
        return DeviceConnection(channel: channel, handler: handler)
    }

    func send(_ bytes: [UInt8]) {
        var b = channel.allocator.buffer(capacity: bytes.count)
        b.writeBytes(bytes)
        channel.writeAndFlush(b, promise: nil)
    }

    /// Sends a frame and waits for the 9014 or 9013 with its QN; false on timeout or a closed connection.
    func sendAndWait(_ bytes: [UInt8], qn: String, timeout: Double) async -> Bool {
        let promise = channel.eventLoop.makePromise(of: Bool.self)
        handler.expect(qn, promise)
        send(bytes)
        let task = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) { promise.succeed(false) }
        let ok = (try? await promise.futureResult.get()) ?? false
        task.cancel()
        handler.forget(qn)
        return ok
    }

    func close() { channel.close(promise: nil) }
}

/// Decodes the server's replies and completes the waiting uploads by QN.
final class AckHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    struct State { var decoder = HJ212StreamDecoder(); var waiting: [String: EventLoopPromise<Bool>] = [:] }
    let state = Mutex(State())

    func expect(_ qn: String, _ p: EventLoopPromise<Bool>) { state.withLock { $0.waiting[qn] = p } }
    func forget(_ qn: String) { state.withLock { $0.waiting[qn] = nil } }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let done: [EventLoopPromise<Bool>] = state.withLock { s in
            buffer.withUnsafeReadableBytes { s.decoder.append(raw: $0) }
            var out: [EventLoopPromise<Bool>] = []
            while let e = s.decoder.next(check: { seg, crc in HJ212CRCVariant.standard.accepts(seg, value: crc) || HJ212CRCVariant.modbus.accepts(seg, value: crc) }) {
                guard case .frame(let f) = e, let p = try? HJ212Packet.parse(f.segment), p.cn == "9014" || p.cn == "9013", let qn = p.qn,
                      let w = s.waiting.removeValue(forKey: qn) else { continue }
                out.append(w)
            }
            return out
        }
        for p in done { p.succeed(true) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let all = state.withLock { s -> [EventLoopPromise<Bool>] in let a = Array(s.waiting.values); s.waiting.removeAll(); return a }
        for p in all { p.succeed(false) }
        context.fireChannelInactive()
    }
}
