import EcoCore
import EcoDemo
import EcoIngest
import EcoSources

/// The demo registry of 30 enterprises, for the tests.
enum EcoDemoRegistry {
    static func make() -> SourceRegistry { SourcesDemo.registry(enterprises: 30, seed: 7, tree: SourcesRegistryTests.tree) }
    static func files(_ r: SourceRegistry) -> [(RegistryKind, String)] { SourcesDemo.files(r) }
}
