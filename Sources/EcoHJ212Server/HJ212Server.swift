import EcoKit
public import EcoServices
import EcoSources
import EcoStandards
public import Foundation
public import Logging
import Metrics
import NIOCore
import NIOPosix
import Synchronization

/// How the acquisition server runs.
public struct HJ212ServerConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    /// The TCP port (HJ 212 has none of its own; 9212 by this platform's convention).
    public var port: Int
    /// Seconds without a byte after which a connection is closed (above the longest upload interval: hourly data,
    /// plus margin; hj212.md §7.6).
    public var idleTimeout: Int
    /// The longest data segment accepted (≤ 9999).
    public var maxSegment: Int
    /// The most bytes a connection may hold while a frame is incomplete.
    public var bufferCap: Int
    /// Answer an upload once it is stored (the default: a 9014 means the data is safe) or as soon as it has passed
    /// the checks (`receipt`: faster, but a crash before the next commit loses what was answered; used only while
    /// fewer than `receiptBacklog` frames wait, beyond which answers wait for the commit again).
    public var ackOnReceipt: Bool
    /// The most frames waiting for a commit while answering on receipt.
    public var receiptBacklog: Int

    /// A configuration.
    public init(host: String = "0.0.0.0", port: Int = 9212, idleTimeout: Int = 65 * 60, maxSegment: Int = 9999, bufferCap: Int = 16 * 1024,
                ackOnReceipt: Bool = false, receiptBacklog: Int = 50_000) {
        self.ackOnReceipt = ackOnReceipt
        self.receiptBacklog = receiptBacklog
        self.host = host
        self.port = port
        self.idleTimeout = idleTimeout
        self.maxSegment = maxSegment
        self.bufferCap = bufferCap
    }
}

/// The HJ 212 acquisition server: devices dial in and keep their connections; every connection has its own stream
/// decoder (a bad frame resynchronises that stream and touches no other), every accepted upload is stored through
/// `SourcesIngest` and acknowledged after the store has it. Counted on `/metrics` (swift-metrics):
/// `hj212_frames_total{outcome}` (accepted, or the refusal), `hj212_dropped_total{reason}` (stream problems),
/// `hj212_connections` (open connections).
public final class HJ212Server: Sendable {
    let ingest: SourcesIngest
    let configuration: HJ212ServerConfiguration
    let logger: Logger
    let connections = Mutex<[String: any Channel]>([:])
    let open = Mutex(0)
    let bound = Mutex<Int?>(nil)

    /// A server writing through an ingest.
    public init(ingest: SourcesIngest, configuration: HJ212ServerConfiguration, logger: Logger = Logger(label: "ecoprov.hj212")) {
        self.ingest = ingest
        self.configuration = configuration
        self.logger = logger
    }

    /// The port bound, once listening (the configured one, or the system's pick for port 0).
    public var port: Int? { bound.withLock { $0 } }

    /// Open connections.
    public var connectionCount: Int { open.withLock { $0 } }

    /// Listens until the task is cancelled; the ingest's flush loop runs beside it.
    public func run(onListening: @Sendable (Int) -> Void = { _ in }) async throws {
        let group = MultiThreadedEventLoopGroup.singleton
        let server = self
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 4096)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 4)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(IdleStateHandler(readTimeout: .seconds(Int64(server.configuration.idleTimeout))))
                    try channel.pipeline.syncOperations.addHandler(HJ212ConnectionHandler(server: server))
                }
            }
        let channel = try await bootstrap.bind(host: configuration.host, port: configuration.port).get()
        let port = channel.localAddress?.port ?? configuration.port
        bound.withLock { $0 = port }
        logger.info("HJ 212 server listening", metadata: ["port": "\(port)"])
        onListening(port)
        let flusher = Task { await ingest.run() }
        await withTaskCancellationHandler {
            try? await channel.closeFuture.get()
        } onCancel: {
            channel.close(promise: nil)
        }
        let all = connections.withLock { Array($0.values) }
        for c in all { c.close(promise: nil) }
        flusher.cancel()
        await flusher.value
    }

    /// Makes `channel` the connection of `mn`, closing the one it replaces (mobile networks drop TCP silently, so the
    /// device's new connection wins).
    func claim(_ mn: String, _ channel: any Channel) {
        let old = connections.withLock { c -> (any Channel)? in
            let o = c[mn]
            c[mn] = channel
            return o === channel ? nil : o
        }
        old?.close(promise: nil)
    }

    func release(_ mn: String?, _ channel: any Channel) {
        guard let mn else { return }
        connections.withLock { c in if c[mn] === channel { c[mn] = nil } }
    }

    /// Counters by label, made once.
    static let frameCounters = Mutex<[String: Counter]>([:])
    static func count(_ label: String, _ dimension: String, _ value: String, by n: Int = 1) {
        let key = label + "|" + value
        let c = frameCounters.withLock { d -> Counter in
            if let c = d[key] { return c }
            let c = Counter(label: label, dimensions: [(dimension, value)])
            d[key] = c
            return c
        }
        c.increment(by: n)
    }
    static let connectionGauge = Gauge(label: "hj212_connections")
}

/// One device connection: bytes → frames → intake → ingest; replies written when the batch is stored.
final class HJ212ConnectionHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    // Touched only on the channel's event loop (NIO's guarantee for a handler), hence @unchecked Sendable.
    private var decoder: HJ212StreamDecoder
    private var mn: String?
    private var peer = "?"
    private let server: HJ212Server

    init(server: HJ212Server) {
        self.server = server
        decoder = HJ212StreamDecoder(maxSegment: server.configuration.maxSegment, capacity: server.configuration.bufferCap)
    }

    func channelActive(context: ChannelHandlerContext) {
        peer = context.remoteAddress?.description ?? "?"
        let n = server.open.withLock { $0 += 1; return $0 }
        HJ212Server.connectionGauge.record(n)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        let n = server.open.withLock { $0 -= 1; return $0 }
        HJ212Server.connectionGauge.record(n)
        server.release(mn, context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { decoder.append(raw: $0) }
        let ingest = server.ingest
        while let event = decoder.next(check: { seg, crc in ingest.crcVariant(segment: seg).accepts(seg, value: crc) }) {
            switch event {
            case .dropped(let problem, let bytes):
                HJ212Server.count("hj212_dropped_total", "reason", problem.rawValue)
                if problem == .crc || problem == .framing || problem == .overflow {
                    let raw = problem == .overflow ? "(\(bytes) bytes without a frame)" : String(decoding: decoder.rejectedFrame, as: UTF8.self)
                    ingest.refuse(SourcePacketRecord(receivedAt: Date(), peer: peer, mn: SourceIntake.mn(in: decoder.rejectedFrame), cn: nil,
                                                     outcome: problem.rawValue, raw: String(raw.prefix(10_100))))
                    server.logger.notice("HJ 212 frame dropped", metadata: ["peer": "\(peer)", "reason": "\(problem.rawValue)"])
                }
            case .frame(let frame):
                handle(frame, context: context)
            }
        }
    }

    private func handle(_ frame: HJ212Frame, context: ChannelHandlerContext) {
        let ingest = server.ingest
        let intake = ingest.accept(frame.segment)
        let record = SourcePacketRecord(receivedAt: Date(), peer: peer, mn: intake.packet?.mn, cn: intake.packet?.cn,
                                        outcome: intake.refusal?.rawValue ?? "accepted", raw: String(decoding: frame.raw, as: UTF8.self))
        if let refusal = intake.refusal {
            HJ212Server.count("hj212_frames_total", "outcome", refusal.rawValue)
            ingest.refuse(record)
            server.logger.notice("HJ 212 packet refused", metadata: ["peer": "\(peer)", "reason": "\(refusal.rawValue)", "detail": "\(intake.detail ?? "")"])
            return
        }
        HJ212Server.count("hj212_frames_total", "outcome", "accepted")
        if let m = intake.packet?.mn, m != mn {
            server.release(mn, context.channel)
            mn = m
            server.claim(m, context.channel)
        }
        let reply: [UInt8]? = intake.reply.map { seg in
            HJ212Frame.encode(seg, crc: intake.packet.flatMap { ingest.index.devices[$0.mn]?.crc } ?? .standard)
        }
        let channel = context.channel
        if server.configuration.ackOnReceipt, let reply, ingest.backlog < server.configuration.receiptBacklog {
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: reply)), promise: nil)
            ingest.submit(SourcesIngest.Pending(intake: intake, record: record) { _ in })
            return
        }
        ingest.submit(SourcesIngest.Pending(intake: intake, record: record) { stored in
            guard stored, let reply else { return }
            channel.eventLoop.execute {
                var out = channel.allocator.buffer(capacity: reply.count)
                out.writeBytes(reply)
                channel.writeAndFlush(out, promise: nil)
            }
        })
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            HJ212Server.count("hj212_dropped_total", "reason", "idle")
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
