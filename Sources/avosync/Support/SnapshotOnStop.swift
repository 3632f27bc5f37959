import Logging
import Projection

/// After a graceful stop, brings the projection up to date and saves it as a snapshot when
/// anything was folded since the last one, so that the next start folds almost nothing.
func saveSnapshotAfterStopping(_ layout: DataLayout, logger: Logger) {
    do {
        let result = try ProjectionLoader(layout: layout).load()
        var saved = result.savedSnapshots
        if saved.isEmpty && result.foldedEvents + result.foldedOutcomes > 0 {
            saved.append(try SnapshotStore(layout: layout).save(result.state))
        }
        for file in saved { logger.info("snapshot saved", metadata: ["file": "\(file.path)"]) }
    } catch {
        logger.warning(
            "could not save a snapshot on stopping (the logs are intact)",
            metadata: ["error": "\(error)"]
        )
    }
}
