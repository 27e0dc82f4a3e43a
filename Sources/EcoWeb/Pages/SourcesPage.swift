import EcoAccess
import EcoCore
import EcoIngest
import EcoKit
import EcoPresent
import EcoServices
import EcoSources
import EcoStandards
import Foundation

/// What the sources page and the enterprise and alarm APIs show: the account's subtree of the registry with each
/// outlet's state.
struct SourcesView {
    var registry: SourceRegistry
    var index: SourceIndex
    var enterprises: [SourceEnterpriseJSON]
    var alarms: [SourceAlarmJSON]
    var activeAlarms: [SourceAlarm]
    var status: [String: DeviceStatus]
    var policy: SourcesPolicy
    var tree: RegionTree
}

/// The colours of an outlet's state on the map and in its legend (site.css has a rule for each, `Swatches`).
enum SourceStateColour {
    static let alarm = "#c53030", acknowledged = "#dd6b20", online = "#2f855a", offline = "#a0aec0"
    static let all = [alarm, acknowledged, online, offline]
}

extension WebApp {
    /// The registry, alarms and device states the account may see.
    func sourcesView(_ p: PageRequest) async throws -> SourcesView {
        guard let account = p.viewer.account else { throw WebError(status: .unauthorized, message: "sign in first") }
        let store = services.store
        let tree = try await services.tree()
        let full = try await store.sourceRegistry()
        let inScope = Set(full.enterprises.filter { AccessRules.inScope(account, $0.region, tree: tree) }.map(\.creditCode))
        let registry = SourceRegistry(enterprises: full.enterprises.filter { inScope.contains($0.creditCode) },
                                      outlets: full.outlets.filter { inScope.contains($0.enterprise) },
                                      devices: full.devices.filter { inScope.contains($0.enterprise) },
                                      permits: full.permits.filter { inScope.contains($0.enterprise) },
                                      limits: full.limits.filter { l in full.outlets.first { $0.id == l.outlet }.map { inScope.contains($0.enterprise) } ?? false })
        let index = SourceIndex(registry)
        let alarms = try await store.sourceAlarms(activeOnly: false).filter { inScope.contains($0.enterprise) }
        let status = Dictionary(try await store.sourceDeviceStatus().map { ($0.mn, $0) }, uniquingKeysWith: { a, _ in a })
        let policy = try Services.sourcesPolicy()
        let now = services.clock().timeIntervalSince1970
        let today = Self.chinaToday(services.clock())
        let active = alarms.filter(\.isActive)
        let enterprises = registry.enterprises.map { e in
            let devices = registry.devices.filter { $0.enterprise == e.creditCode }
            return SourceEnterpriseJSON(e, devices: devices.count, online: devices.filter { status[$0.mn]?.isOnline(now: now, policy: policy) ?? false }.count,
                                        activeAlarms: active.filter { $0.enterprise == e.creditCode }.count,
                                        permit: registry.permits.filter { $0.enterprise == e.creditCode }.max { $0.validTo < $1.validTo }, today: today)
        }
        return SourcesView(registry: registry, index: index, enterprises: enterprises,
                           alarms: alarms.map { SourceAlarmJSON($0, enterpriseName: index.enterprises[$0.enterprise]?.name) },
                           activeAlarms: active, status: status, policy: policy, tree: tree)
    }

    /// The sources page: counts, the outlet map by alarm state, the active alarms with their handling forms, the
    /// enterprises by region, one device's hourly curves against its limits, and the regions' transmission rates.
    func sourcesPage(_ p: PageRequest) async throws -> Rendered {
        let lang = p.lang
        let v = try await sourcesView(p)
        let t = { (k: String) in self.resources.t(k, lang) }
        var ctx: [String: Any] = ["csrf": p.viewer.session?.csrf ?? ""]
        let now = services.clock().timeIntervalSince1970
        let online = v.registry.devices.filter { v.status[$0.mn]?.isOnline(now: now, policy: v.policy) ?? false }.count
        ctx["counts"] = ["enterprises": v.registry.enterprises.count, "devices": v.registry.devices.count, "online": online,
                         "alarms": v.activeAlarms.count] as [String: Any]
        ctx["empty"] = v.registry.enterprises.isEmpty
        // The map: each outlet a dot coloured by its worst state.
        let activeByOutlet = Dictionary(grouping: v.activeAlarms, by: \.outlet)
        let devicesByOutlet = Dictionary(grouping: v.registry.devices, by: \.outlet)
        func state(_ o: SourceOutlet) -> (String, String) {
            if let a = activeByOutlet[o.id] {
                return a.contains { $0.state == .open } ? (SourceStateColour.alarm, t("sources_state_alarm")) : (SourceStateColour.acknowledged, t("sources_state_ack"))
            }
            let on = (devicesByOutlet[o.id] ?? []).contains { v.status[$0.mn]?.isOnline(now: now, policy: v.policy) ?? false }
            return on ? (SourceStateColour.online, t("sources_state_online")) : (SourceStateColour.offline, t("sources_state_offline"))
        }
        ctx["map"] = outletMap(v.registry.outlets.map { o in
            let (colour, label) = state(o)
            return (o, colour, "\(v.index.enterprises[o.enterprise]?.name ?? o.enterprise) · \(lang == .zh ? o.kind.zh : o.kind.rawValue) · \(label)")
        }, title: t("sources_map"), cityOf: { o in v.index.enterprises[o.enterprise].flatMap { e in v.tree[e.region]?.parent.flatMap { v.tree[$0]?.name[lang] } } })
        ctx["legend"] = zip(SourceStateColour.all, ["sources_state_alarm", "sources_state_ack", "sources_state_online", "sources_state_offline"])
            .map { ["colour": $0.0, "name": t($0.1)] }
        // Active alarms, with the forms to handle them.
        let period = { (k: String) in t("sources_period_" + k) }
        ctx["alarms"] = v.alarms.filter { $0.state != AlarmState.closed.rawValue }.prefix(200).map { a -> [String: Any] in
            ["id": a.id, "enterprise": a.enterpriseName, "outlet": a.outlet.suffix(5), "pollutant": a.pollutant, "name": lang == .zh ? HJ212Factors.name(a.pollutant) : HJ212Factors.nameEn(a.pollutant),
             "period": period(a.period), "kind": t("sources_kind_" + a.kind), "limit": a.limit.map { NumberText.shortest($0) + " " + (a.unit ?? "") } ?? "—",
             "max": NumberText.shortest(GBT8170Rounding.round(a.maxValue, decimals: 2)), "count": a.count, "first": a.firstAt, "last": a.lastAt,
             "open": a.state == AlarmState.open.rawValue, "state": t("sources_alarm_" + a.state), "csrf": p.viewer.session?.csrf ?? "",
             "ack": a.acknowledgedBy.map { "\($0)" } ?? "", "mn": a.mn]
        }
        // Enterprises grouped by region (county name with its city).
        ctx["enterprises"] = v.enterprises.sorted { ($0.region, $0.name) < ($1.region, $1.name) }.map { e -> [String: Any] in
            let region = RegionCode(e.region).flatMap { v.tree[$0] }
            let city = region?.parent.flatMap { v.tree[$0] }
            return ["name": e.name, "code": e.creditCode, "region": (city.map { $0.name[lang] + " " } ?? "") + (region?.name[lang] ?? e.region),
                    "industry": e.industry, "devices": e.devices, "online": e.online, "allOnline": e.online == e.devices, "alarms": e.activeAlarms,
                    "permit": e.permitValidTo ?? "—", "permitBad": e.permitValid == false]
        }
        // One device's curves: the requested one, else the first with an active alarm, else the first.
        let chosen = p.query["mn"].flatMap { v.index.devices[$0] } ?? v.activeAlarms.first.flatMap { v.index.devices[$0.mn] } ?? v.registry.devices.first
        ctx["deviceOptions"] = v.registry.devices.map { d in ["mn": d.mn, "name": "\(v.index.enterprises[d.enterprise]?.name ?? d.enterprise) \(d.outlet.suffix(5))", "selected": d.mn == chosen?.mn] }
        if let d = chosen {
            let last = v.status[d.mn]?.lastSeen.map { Int($0) + 8 * 3600 } ?? Int(now) + 8 * 3600
            let end = HJ212Time(day: CivilDay(index: last / 86_400), seconds: last % 86_400)
            let readings = try await services.store.sourceReadings(mn: d.mn, kind: .hour, from: end.adding(seconds: -48 * 3600), to: end)
            let limits = v.index.limits[d.outlet] ?? []
            ctx["curves"] = Dictionary(grouping: readings, by: \.pollutant).keys.sorted().map { code -> [String: Any] in
                let series = readings.filter { $0.pollutant == code }
                let limit = limits.first { $0.pollutant == code && $0.period == .hour }
                let name = lang == .zh ? HJ212Factors.name(code) : HJ212Factors.nameEn(code)
                return ["svg": hourChart(series, limit: limit, title: "\(name) \(code)", limitLabel: t("sources_limit"), lang: lang)]
            }
            ctx["device"] = ["mn": d.mn, "version": d.version.year, "crc": d.crc.rawValue,
                             "lastSeen": v.status[d.mn]?.lastSeen.map { Self.localTime(Date(timeIntervalSince1970: $0)) } ?? "—"] as [String: Any]
        }
        // The regions' transmission rates of yesterday, cities ranked.
        let rates = try await self.rates(p, level: .region)
        let cityCodes = Set(v.tree.current(level: .city).map(\.code.rawValue))
        let pct = { (x: Double?) in x.map { NumberText.fixed($0, decimals: 2) } ?? "—" }
        ctx["rateDate"] = rates.first?.date ?? Self.chinaToday(services.clock()).adding(-1).description
        ctx["rates"] = rates.filter { cityCodes.contains($0.id) && $0.expected > 0 }.sorted { ($0.effectiveRate ?? -1) > ($1.effectiveRate ?? -1) }
            .enumerated().map { i, r in
                ["rank": i + 1, "name": r.name, "expected": r.expected, "received": r.received, "valid": r.valid,
                 "transmission": pct(r.transmissionRate), "validity": pct(r.validityRate), "effective": pct(r.effectiveRate),
                 "low": (r.effectiveRate ?? 0) < 90] as [String: Any]
            }
        ctx["policyNote"] = lang == .zh ? v.policy.source : (v.policy.sourceEn ?? v.policy.source)
        ctx["mayImport"] = p.viewer.account.map { AccessRules.mayAdminister($0) || $0.role == .provinceReviewer || $0.role == .cityReviewer } ?? false
        ctx["kinds"] = RegistryKind.allCases.map { ["kind": $0.rawValue, "header": SourcesCSV.columns($0).joined(separator: ",")] }
        return page("sources", title: t("sources_title"), context: ctx, p: p, active: "/sources", synthetic: v.registry.enterprises.contains { $0.name.hasPrefix("示例") })
    }

    /// Outlets as dots at their coordinates (equirectangular, longitudes scaled by the cosine of the mean latitude).
    func outletMap(_ outlets: [(SourceOutlet, String, String)], title: String, cityOf: (SourceOutlet) -> String?) -> String {
        guard !outlets.isEmpty else { return "" }
        let lons = outlets.map(\.0.lon), lats = outlets.map(\.0.lat)
        let minLon = (lons.min() ?? 0) - 0.2, maxLon = (lons.max() ?? 0) + 0.2, minLat = (lats.min() ?? 0) - 0.2, maxLat = (lats.max() ?? 0) + 0.2
        let k = cos((minLat + maxLat) / 2 * .pi / 180)
        let h = 460.0, pad = 20.0
        let scale = (h - 2 * pad) / max(0.01, maxLat - minLat)
        let w = max(200, (maxLon - minLon) * k * scale + 2 * pad)
        var svg = "<svg class=\"map\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(xml(title))</title>"
        svg += "<rect x=\"0\" y=\"0\" width=\"\(Int(w))\" height=\"\(Int(h))\" fill=\"#f7f9fa\" stroke=\"#ccd\"/>"
        // Alarms drawn last, on top.
        func rank(_ colour: String) -> Int { colour == SourceStateColour.alarm ? 2 : colour == SourceStateColour.acknowledged ? 1 : 0 }
        func xy(_ lon: Double, _ lat: Double) -> (Double, Double) { (pad + (lon - minLon) * k * scale, pad + (maxLat - lat) * scale) }
        for (o, colour, label) in outlets.sorted(by: { rank($0.1) < rank($1.1) }) {
            let (x, y) = xy(o.lon, o.lat)
            svg += "<circle cx=\"\(c(x))\" cy=\"\(c(y))\" r=\"5\" fill=\"\(colour)\" stroke=\"#222\" stroke-width=\"0.6\"><title>\(xml(label))</title></circle>"
        }
        // Each city's name at the middle of its outlets, over the dots.
        for (city, members) in Dictionary(grouping: outlets.compactMap { o in cityOf(o.0).map { ($0, o.0) } }, by: \.0) {
            let lon = members.map(\.1.lon).reduce(0, +) / Double(members.count), lat = members.map(\.1.lat).reduce(0, +) / Double(members.count)
            let (x, y) = xy(lon, lat)
            svg += "<text x=\"\(c(x))\" y=\"\(c(y - 10))\" text-anchor=\"middle\" class=\"wl\" paint-order=\"stroke\" stroke=\"#fff\" stroke-width=\"3\">\(xml(city))</text>"
        }
        return svg + "</svg>"
    }

    /// One pollutant's hourly averages as a line with the permit limit as a dashed red line; values above it marked.
    func hourChart(_ series: [SourceReading], limit: PermitLimit?, title: String, limitLabel: String, lang: Language) -> String {
        let points = series.compactMap { r in r.value.map { (r.time.localSeconds, $0, r.flag) } }
        guard let first = points.first?.0, let last = points.last?.0, last > first else { return "" }
        let hi = max(points.map(\.1).max() ?? 1, (limit?.limit ?? 0) * 1.1), lo = 0.0
        let W = 420.0, H = 170.0, left = 44.0, right = 10.0, top = 24.0, bottom = 26.0
        func x(_ t: Int) -> Double { left + (W - left - right) * Double(t - first) / Double(last - first) }
        func y(_ v: Double) -> Double { top + (H - top - bottom) * (hi - v) / max(hi - lo, 1e-9) }
        var svg = "<svg class=\"chart\" viewBox=\"0 0 \(Int(W)) \(Int(H))\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\"><title>\(xml(title))</title>"
        svg += "<text x=\"\(c(left))\" y=\"15\" class=\"ct\">\(xml(title))\(limit.map { " (\(xml($0.unit)))" } ?? "")</text>"
        for tick in NiceScale.ticks(lo, hi) where tick <= hi {
            svg += "<line x1=\"\(c(left))\" x2=\"\(c(W - right))\" y1=\"\(c(y(tick)))\" y2=\"\(c(y(tick)))\" stroke=\"#e2e8f0\"/>"
            svg += "<text x=\"\(c(left - 4))\" y=\"\(c(y(tick) + 4))\" text-anchor=\"end\" class=\"ax\">\(NumberText.shortest(tick))</text>"
        }
        let line = points.map { "\(c(x($0.0))),\(c(y($0.1)))" }.joined(separator: " ")
        svg += "<polyline points=\"\(line)\" fill=\"none\" stroke=\"#2b6cb0\" stroke-width=\"1.6\"/>"
        if let limit {
            svg += "<line x1=\"\(c(left))\" x2=\"\(c(W - right))\" y1=\"\(c(y(limit.limit)))\" y2=\"\(c(y(limit.limit)))\" stroke=\"#c53030\" stroke-dasharray=\"5 3\"/>"
            svg += "<text x=\"\(c(W - right))\" y=\"\(c(y(limit.limit) - 4))\" text-anchor=\"end\" class=\"ax\" fill=\"#c53030\">\(xml(limitLabel)) \(NumberText.shortest(limit.limit))</text>"
            for pt in points where pt.1 > limit.limit && pt.2 == "N" {
                svg += "<circle cx=\"\(c(x(pt.0)))\" cy=\"\(c(y(pt.1)))\" r=\"3.5\" fill=\"#c53030\"/>"
            }
        }
        let fmt = { (t: Int) -> String in
            let h = HJ212Time(day: CivilDay(index: t / 86_400), seconds: t % 86_400)
            return String(format: lang == .zh ? "%02d-%02d %02d时" : "%02d-%02d %02d:00", h.month, h.day, h.hour)
        }
        svg += "<text x=\"\(c(left))\" y=\"\(c(H - 8))\" class=\"ax\">\(fmt(first))</text><text x=\"\(c(W - right))\" y=\"\(c(H - 8))\" text-anchor=\"end\" class=\"ax\">\(fmt(last))</text>"
        return svg + "</svg>"
    }
}
