import Logging
import Projection

/// What every lane of one run shares, each piece with its one owner: the router (the one reading
/// of the events log), the scheduler (slots), the registry (sessions, allowances, describes), the
/// recorder (the sync log) and the board (report and positions).
struct LaneContext: Sendable {
    let layout: DataLayout
    let options: DispatchOptions
    let logger: Logger
    /// `sync --follow`: lanes wait for more events, retry after pauses and failures, and look at
    /// parked contacts again now and then. `sync --once`: they finish when the reading ends.
    let following: Bool
    let router: EventRouter
    let scheduler: LaneScheduler
    let registry: OrgRegistry
    let recorder: any OutcomeSink
    let board: LaneBoard
    /// The running lanes, as change capture holds them while following.
    let captureHost: LaneHost
}
