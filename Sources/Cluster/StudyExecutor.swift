import Foundation
import Study

/// Runs a study's pending toys on the local cores, or across MPI ranks with rank 0 coordinating.
///
/// Under MPI, rank 0 hands out chunks of toy indices on request and stores results as they come back; its own
/// fitting threads take toys from the same queue. Workers send each chunk's results with their request for the
/// next. Because every toy's result is a function of (seed, toy) alone, the layout changes only the speed.
public enum StudyExecutor {
    static let resultsTag: Int32 = 1
    static let workTag: Int32 = 2

    /// Fits the pending toys with `threads` threads in this process and returns the summary.
    public static func runLocally(store: ResultStore, runner: ToyRunner, threads: Int) throws -> (StudySummary, String) {
        try collect(store: store, runner: runner, threads: max(1, min(threads, store.pendingToys.count))) { _ in false }
    }

    /// Rank 0: coordinate the other ranks while fitting with `threads` local threads (0: coordinate only).
    public static func coordinate(store: ResultStore, runner: ToyRunner, threads: Int, communicator: Communicator) throws
        -> (StudySummary, String) {
        // Small chunks near the end keep ranks busy together; a chunk is at least one toy per worker thread.
        let chunkPerThread = max(1, min(8, store.pendingToys.count / (4 * communicator.size * max(threads, 1))))
        let parameterCount = store.study.truth.count
        var activeWorkers = communicator.size - 1
        return try collect(store: store, runner: runner, threads: threads) { queue in
            while let source = communicator.probe(tag: resultsTag) {
                let message = communicator.receive(from: source, tag: resultsTag)
                let workerThreads = Int(message[0])
                for result in decode(message.dropFirst(), parameters: parameterCount) { try store.append(result) }
                let chunk = queue.take(upTo: chunkPerThread * max(workerThreads, 1))
                communicator.send(chunk.map(Double.init), to: source, tag: workTag)
                if chunk.isEmpty { activeWorkers -= 1 }
            }
            return activeWorkers > 0
        }
    }

    /// Fits the store's pending toys on `threads` local threads, storing results as they arrive, until the threads
    /// are done and `serveRemote` (called between drains with the shared queue) says no other rank still works.
    private static func collect(store: ResultStore, runner: ToyRunner, threads: Int,
                                serveRemote: (ToyQueue) throws -> Bool) throws -> (StudySummary, String) {
        let progress = Progress(total: store.toys.count, alreadyDone: store.results.count)
        let queue = ToyQueue(store.pendingToys)
        let inbox = ResultInbox()
        let fitting = threads > 0 ? FittingThreads(runner: runner, queue: queue, inbox: inbox, threads: threads) : nil
        var remoteActive = try serveRemote(queue)
        while true {
            let localFinished = fitting?.isFinished ?? true
            // Poll often while other ranks may be waiting for work; otherwise just wait for local results.
            for result in inbox.drain(waiting: remoteActive ? 0.0005 : 0.2) { try store.append(result) }
            remoteActive = try serveRemote(queue)
            progress.update(done: store.results.count)
            if localFinished && !remoteActive { break }
        }
        for result in inbox.drain(waiting: 0) { try store.append(result) }
        return (try store.finish(), progress.finalLine(done: store.results.count))
    }

    /// Rank 0 when the study cannot start (bad output directory): release every worker before exiting.
    public static func releaseWorkers(communicator: Communicator) {
        for _ in 1..<max(communicator.size, 1) {
            var source = communicator.probe(tag: resultsTag)
            while source == nil {
                usleep(200)
                source = communicator.probe(tag: resultsTag)
            }
            _ = communicator.receive(from: source!, tag: resultsTag)
            communicator.send([], to: source!, tag: workTag)
        }
    }

    /// Ranks > 0: ask rank 0 for toys, fit them with `threads` threads, send the results with the next request.
    public static func work(runner: ToyRunner, threads: Int, communicator: Communicator) {
        var finished: [ToyResult] = []
        while true {
            communicator.send([Double(threads)] + finished.flatMap { $0.encoded() }, to: 0, tag: resultsTag)
            let chunk = communicator.receive(from: 0, tag: workTag).map { Int($0) }
            if chunk.isEmpty { return }
            let inbox = ResultInbox()
            FittingThreads(runner: runner, queue: ToyQueue(chunk), inbox: inbox, threads: min(threads, chunk.count)).join()
            finished = inbox.drain(waiting: 0)
        }
    }

    static func decode(_ values: ArraySlice<Double>, parameters: Int) -> [ToyResult] {
        let stride = ToyResult.encodedCount(parameters: parameters)
        return Swift.stride(from: values.startIndex, to: values.endIndex, by: stride).map {
            ToyResult(encoded: values[$0..<($0 + stride)], parameters: parameters)
        }
    }
}
