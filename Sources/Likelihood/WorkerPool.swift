import Foundation
import Synchronization

/// Persistent worker threads that one NLL call splits its event blocks over.
///
/// A likelihood call lasts tens of microseconds and waking a parked vCPU costs ~20 us here, so workers spin
/// between calls (a fit calls back within microseconds) and park on a condition variable only after a bounded
/// idle window, so an idle pool stops burning a core. The caller runs chunk 0 itself. Keep ranks x threads
/// <= cores: spinning threads that outnumber cores starve each other.
public final class WorkerPool: @unchecked Sendable {
    public let threadCount: Int
    private let crew: Crew
    private let callLock = NSLock()

    public init(threads: Int) {
        threadCount = max(1, threads)
        crew = Crew(workers: threadCount - 1)
        for index in 1..<max(threadCount, 1) {
            let crew = self.crew
            let thread = Thread { crew.work(index: index) }
            thread.name = "toystudy.worker.\(index)"
            thread.start()
        }
    }

    deinit { crew.stop() }

    /// Calls body(chunk) for every chunk in 0..<threadCount, chunk 0 on the calling thread, and returns when all
    /// are done. Calls from several threads take turns.
    func run(_ body: (Int) -> Void) {
        guard threadCount > 1 else { return body(0) }
        callLock.lock()
        defer { callLock.unlock() }
        withoutActuallyEscaping(body) { crew.dispatch($0) }
    }
}

/// The state the workers share with the calling thread; the workers hold this, not the pool, so dropping the
/// pool stops them.
private final class Crew: @unchecked Sendable {
    /// How long an idle worker spins before it parks.
    static let spinWindowNanoseconds: UInt64 = 2_000_000

    let workers: Int
    let generation = Atomic<Int>(0)
    let pending = Atomic<Int>(0)
    let sleepers = Atomic<Int>(0)
    let stopping = Atomic<Bool>(false)
    let bell = NSCondition()
    /// Written by the caller before `generation` is bumped, read by workers after they see the bump.
    var job: ((Int) -> Void)?

    init(workers: Int) { self.workers = workers }

    func dispatch(_ body: @escaping (Int) -> Void) {
        job = body
        pending.store(workers, ordering: .relaxed)
        generation.add(1, ordering: .sequentiallyConsistent)
        wakeSleepers()
        body(0)
        var spins = 0
        while pending.load(ordering: .acquiring) > 0 {
            spins &+= 1
            if spins & 255 == 0 { sched_yield() }
        }
        job = nil
    }

    func work(index: Int) {
        var seen = 0
        while true {
            seen = waitForGeneration(after: seen)
            if stopping.load(ordering: .acquiring) { return }
            job.unsafelyUnwrapped(index)
            pending.subtract(1, ordering: .releasing)
        }
    }

    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        generation.add(1, ordering: .sequentiallyConsistent)
        wakeSleepers()
    }

    /// Sleepers is raised before a worker checks the generation under the lock, and the caller reads it after
    /// bumping the generation (both sequentially consistent), so a wake-up cannot fall between the two.
    private func wakeSleepers() {
        guard sleepers.load(ordering: .sequentiallyConsistent) > 0 else { return }
        bell.lock()
        bell.broadcast()
        bell.unlock()
    }

    private func waitForGeneration(after seen: Int) -> Int {
        let start = DispatchTime.now().uptimeNanoseconds
        var spins = 0
        while true {
            let current = generation.load(ordering: .acquiring)
            if current != seen { return current }
            spins &+= 1
            if spins & 1023 == 0 {
                if DispatchTime.now().uptimeNanoseconds - start > Self.spinWindowNanoseconds { break }
                sched_yield()
            }
        }
        sleepers.add(1, ordering: .sequentiallyConsistent)
        bell.lock()
        while generation.load(ordering: .sequentiallyConsistent) == seen { bell.wait() }
        bell.unlock()
        sleepers.subtract(1, ordering: .sequentiallyConsistent)
        return generation.load(ordering: .acquiring)
    }
}
