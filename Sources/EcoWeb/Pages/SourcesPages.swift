import EcoAccess
import EcoCore
import EcoKit
import EcoPresent
import EcoServices
import EcoSources
import EcoStandards
import Foundation
import Hummingbird

/// The pollution-sources pages and API. Source monitoring is internal data (the registry holds device passwords, the
/// alarms their handlers' notes): every route needs a signed-in account and shows the account's subtree only; device
/// passwords are never shown.
extension WebApp {
    /// The sources page, the alarm form and the registry upload.
    func sourcesPages() -> RouteList {
        let router = RouteList()
        router.page("/sources", access: .signedIn) { request, _ in try await self.handlePage(request) { try await self.sourcesPage($0) } }
        router.upload("/sources/alarms/:action", access: .operate) { request, context in
            try await self.formAction(request) { p in
                guard let action = AlarmAction(rawValue: context.parameters.get("action") ?? "") else { throw WebError.badRequest("the action must be acknowledge or close") }
                _ = try await self.services.updateAlarm(id: p.viewer.form["id"] ?? "", action: action, note: p.viewer.form["note"], account: try self.account(p), actor: "")
                try await self.sourcesChanged()
                return p.link("/sources")
            }
        }
        router.upload("/sources/upload", access: .operate) { request, _ in
            let p = PageRequest(request)
            do {
                let (outcome, kind) = try await self.sourcesUpload(request, p)
                let body = outcome.problems.isEmpty ? "<p class=\"yes\">\(xml(self.resources.t("imported", p.lang))): \(outcome.rows) \(kind.rawValue)</p>"
                    : "<ul class=\"no\">" + outcome.problems.prefix(50).map { "<li>\(xml($0.description))</li>" }.joined() + "</ul>"
                return self.html(body, status: outcome.problems.isEmpty ? .ok : .unprocessableContent).response
            } catch {
                return try self.uploadRefusal(error)
            }
        }
        return router
    }

    /// After a change of sources data: the running ingest (when in this process) reads alarms again.
    func sourcesChanged() async throws { try await afterWrite() }

    func sourcesUpload(_ request: Request, _ p: PageRequest) async throws -> (SourcesImportOutcome, RegistryKind) {
        try Services.checkRegistryRole(try account(p))
        guard let kind = RegistryKind(rawValue: p.query["kind"] ?? "") else {
            throw WebError.badRequest("kind must be one of " + RegistryKind.allCases.map(\.rawValue).joined(separator: ", "))
        }
        let data = try await checkedUpload(request)
        let outcome = try await services.importSources(data, file: p.query["file"] ?? "\(kind.rawValue).csv", kind: kind, account: try account(p))
        return (outcome, kind)
    }

    /// The sources API: enterprises, alarms, data, rates (GET, the account's subtree) and the alarm steps and
    /// registry import (POST).
    func sourcesAPI() -> [APIRoute] {
        let date = APIParameter.query("date", "A day YYYY-MM-DD (default: yesterday)")
        return [
            APIRoute(.get, "/api/v1/sources/enterprises", "Registered enterprises of the account's subtree with their devices online and active alarms",
                     parameters: [], body: Schema.array(Schema.ref("SourceEnterprise")), errors: [401], access: .signedIn) { request, _ in
                try await self.handleAPI(request) { p in try APIResponse.json(try await self.sourcesView(p).enterprises) }
            },
            APIRoute(.get, "/api/v1/sources/alarms", "Alarms of the account's subtree, newest first (same JSON as ecoprov sources alarms --format json)",
                     parameters: [.query("open", "true: only alarms not yet closed", Schema.oneOf(BoolText.self))],
                     body: Schema.array(Schema.ref("SourceAlarm")), errors: [400, 401], access: .signedIn) { request, _ in
                try await self.handleAPI(request) { p in
                    let v = try await self.sourcesView(p)
                    let open = try p.flag("open")
                    return try APIResponse.json(v.alarms.filter { !open || $0.state != AlarmState.closed.rawValue })
                }
            },
            APIRoute(.get, "/api/v1/sources/data", "A device's values (same JSON as ecoprov sources data --format json)",
                     parameters: [.query("mn", "The device's MN", required: true), .query("kind", "rtd, minute, hour or day (default: all)", Schema.oneOf(HJ212DataKind.self)),
                                  .query("from", "From (YYYY-MM-DD or YYYY-MM-DDThh:mm:ss)"), .query("to", "To (a day means its end)")],
                     body: Schema.array(Schema.ref("SourceReading")), errors: [400, 401, 403, 404], access: .signedIn) { request, _ in
                try await self.handleAPI(request) { p in
                    let (mn, kinds, from, to) = try await self.dataQuery(p)
                    var rows: [SourceReading] = []
                    for k in kinds { rows += try await self.services.sourceData(mn: mn, kind: k, from: from, to: to) }
                    return try APIResponse.json(rows.map(SourceReadingJSON.init))
                }
            },
            APIRoute(.get, "/api/v1/sources/rates", "Daily data transmission rates (数据传输有效率) of the account's subtree (same JSON as ecoprov sources rates --format json)",
                     parameters: [date, .query("level", "device, outlet, enterprise or region", Schema.oneOf(RateLevel.self))],
                     body: Schema.array(Schema.ref("TransmissionRate")), errors: [400, 401], access: .signedIn) { request, _ in
                try await self.handleAPI(request) { p in
                    let level = try p.query["level"].map { l in
                        guard let v = RateLevel(rawValue: l) else { throw WebError.badRequest("level must be device, outlet, enterprise or region") }
                        return v
                    } ?? .region
                    return try APIResponse.json(try await self.rates(p, level: level))
                }
            },
            APIRoute(.post, "/api/v1/sources/alarms/{action}", "Acknowledge or close an alarm (JSON {\"id\": …, \"note\": …})",
                     parameters: [.path("action", "acknowledge or close")], body: Schema.ref("SourceAlarm"), errors: [400, 401, 403, 409],
                     requestType: "application/json", access: .operate) { request, context in
                try await self.handleAPI(request) { p in
                    guard let action = AlarmAction(rawValue: context.parameters.get("action") ?? "") else { throw WebError.badRequest("the action must be acknowledge or close") }
                    let body = try await self.alarmBody(request)
                    let a = try await self.services.updateAlarm(id: body.id, action: action, note: body.note, account: try self.account(p), actor: "")
                    try await self.sourcesChanged()
                    let names = try await self.services.store.sourceRegistry().enterprises
                    return try APIResponse.json(SourceAlarmJSON(a, enterpriseName: names.first { $0.creditCode == a.enterprise }?.name))
                }
            },
            APIRoute(.post, "/api/v1/sources/import", "Import a registry CSV (same validation as ecoprov sources import; all or nothing)",
                     parameters: [.query("kind", "enterprises, outlets, devices, permits or limits", required: true), .query("file", "File name for messages")],
                     body: Schema.ref("SourcesImport"), errors: [400, 401, 403, 413, 415, 422], requestType: "text/csv", access: .operate) { request, _ in
                try await self.handleAPI(request) { p in
                    let (outcome, kind) = try await self.sourcesUpload(request, p)
                    if !outcome.problems.isEmpty { throw WebError(status: .unprocessableContent, message: outcome.problems.prefix(20).map(\.description).joined(separator: "\n")) }
                    return try APIResponse.json(SourcesImportJSON(imported: outcome.rows, kind: kind.rawValue))
                }
            },
        ]
    }

    struct AlarmBody: Decodable { var id: String; var note: String? }

    func alarmBody(_ request: Request) async throws -> AlarmBody {
        let data: ByteBuffer
        do { data = try await request.body.collect(upTo: 1 << 16) } catch { throw WebError(status: .contentTooLarge, message: "the body is larger than 64 KB") }
        do { return try JSONDecoder().decode(AlarmBody.self, from: Data(buffer: data)) } catch {
            throw WebError.badRequest("the body must be JSON like {\"id\": \"alarm id\", \"note\": \"text\"}")
        }
    }

    /// The `mn`, kinds and time range of a data request; the device must be in the account's subtree.
    func dataQuery(_ p: PageRequest) async throws -> (String, [HJ212DataKind], HJ212Time, HJ212Time) {
        guard let mn = p.query["mn"], !mn.isEmpty else { throw WebError.badRequest("mn is required") }
        let index = SourceIndex(try await services.store.sourceRegistry())
        guard let region = index.region(ofDevice: mn) else { throw WebError.notFound("no device with MN \(mn.prefix(64))") }
        let tree = try await services.tree()
        guard let account = p.viewer.account, AccessRules.inScope(account, region, tree: tree) else {
            throw WebError(status: .forbidden, message: "the device \(mn.prefix(64)) is outside your region")
        }
        let kinds = try p.query["kind"].map { k in
            guard let v = HJ212DataKind(rawValue: k) else { throw WebError.badRequest("kind must be rtd, minute, hour or day") }
            return [v]
        } ?? HJ212DataKind.allCases
        func time(_ name: String, end: Bool) throws -> HJ212Time? {
            guard let text = p.query[name] else { return nil }
            if let d = CivilDay(text) { return HJ212Time(day: d, seconds: end ? 86_399 : 0) }
            guard let t = HJ212Time(text.filter(\.isNumber)), text.count <= 20 else { throw WebError.badRequest("\(name) must be YYYY-MM-DD or YYYY-MM-DDThh:mm:ss") }
            return t
        }
        return (mn, kinds, try time("from", end: false) ?? HJ212Time("19000101000000")!, try time("to", end: true) ?? HJ212Time("29991231235959")!)
    }

    /// The rates of the requested day (default yesterday, China time) at a level, limited to the account's subtree.
    func rates(_ p: PageRequest, level: RateLevel) async throws -> [TransmissionRateJSON] {
        let day = try p.query["date"].map { t in
            guard let d = CivilDay(t) else { throw WebError.badRequest("date must be a day YYYY-MM-DD") }
            return d
        } ?? Self.chinaToday(services.clock()).adding(-1)
        let policy = try Services.sourcesPolicy()
        let rates = try await services.sourceRates(date: day, level: level, policy: policy)
        let registry = try await services.store.sourceRegistry()
        let tree = try await services.tree()
        let index = SourceIndex(registry)
        let names = SourcesNames(registry, tree: tree, lang: p.lang)
        guard let account = p.viewer.account else { return [] }
        return rates.filter { r in
            let region: RegionCode? = switch r.level {
            case .device: index.region(ofDevice: r.id)
            case .outlet: index.outlets[r.id].flatMap { index.enterprises[$0.enterprise]?.region }
            case .enterprise: index.enterprises[r.id]?.region
            case .region: RegionCode(r.id)
            }
            return region.map { AccessRules.inScope(account, $0, tree: tree) } ?? false
        }.map { TransmissionRateJSON($0, name: names[$0.id]) }
    }

    /// Today in China Standard Time.
    static func chinaToday(_ now: Date) -> CivilDay { CivilDay.china(now) }
}

