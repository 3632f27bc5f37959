#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

extension EventTime {
    /// The current time, in UTC.
    public static var now: EventTime {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return EventTime(seconds: Int64(spec.tv_sec), nanoseconds: UInt32(spec.tv_nsec))
    }
}
