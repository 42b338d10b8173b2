import Foundation
import Study

/// Runs a study's pending tasks (toys) on the local cores, or across MPI ranks with rank 0 coordinating, round
/// after round for an adaptive experiment.
///
/// Under MPI, rank 0 hands out chunks of tasks (ranges) on request and stores records as they come back; its own
/// fitting threads take tasks from the same queue. Workers send each chunk's records with their request for the
/// next. A request that finds the queue empty while a round is still running elsewhere waits (the worker is
/// parked) until the next round's tasks are known or the study ends. Because every record is a function of the
/// study and its task key alone, the layout changes only the speed.
///
/// A stop (`StopSignal`) ends the run early: no new tasks are started, rank 0 stores what arrives and answers every
/// worker's next request with "stop", and the run throws `StudyStopped` for the command to report.
public enum StudyExecutor {
    static let resultsTag: Int32 = 1
    static let workTag: Int32 = 2

    /// Runs the pending tasks with `threads` threads in this process and returns the report.
    public static func runLocally(store: ResultStore, threads: Int) throws -> (any StudyReport, String) {
        try collect(store: store, threads: threads, workers: nil)
    }

    /// Rank 0: coordinate the other ranks while fitting with `threads` local threads (0: coordinate only).
    public static func coordinate(store: ResultStore, threads: Int, communicator: Communicator) throws
        -> (any StudyReport, String) {
        try collect(store: store, threads: threads, workers: RemoteWorkers(communicator: communicator, threads: threads))
    }

    /// Runs the store's pending tasks on `threads` local threads and on `workers`, storing records as they
    /// arrive, round after round until the experiment asks for no more tasks (or a stop is requested).
    private static func collect(store: ResultStore, threads: Int, workers: RemoteWorkers?) throws -> (any StudyReport, String) {
        let progress = Progress(total: store.taskCount, alreadyDone: store.finishedCount)
        var complete = false
        while true {
            try runRound(store.pendingTasks, store: store, threads: threads, workers: workers, progress: progress)
            // A round ends early only for a stop.
            if store.finishedCount < store.taskCount { break }
            guard let needed = try store.experiment.neededTasks(shard: store.shard, after: store.storedRecords) else {
                complete = true
                break
            }
            store.setTasks(needed)
            progress.total = store.taskCount
            complete = store.pendingTasks.isEmpty
            if complete || StopSignal.requested != nil { break }
        }
        workers?.releaseAll()
        if !complete, let signal = StopSignal.requested {
            try store.sync()
            throw StudyStopped(signal: signal, stored: store.finishedCount, total: store.taskCount)
        }
        return (try store.finish(), progress.finalLine(done: store.finishedCount))
    }

    /// One round: runs `tasks` until every one has a record (or a stop), local threads and remote workers alike.
    private static func runRound(_ tasks: [Range<Int>], store: ResultStore, threads: Int, workers: RemoteWorkers?,
                                 progress: Progress) throws {
        let queue = ToyQueue(tasks)
        let inbox = ResultInbox()
        let localThreads = max(0, min(threads, tasks.reduce(0) { $0 + $1.count }))
        let fitting = localThreads > 0 ? FittingThreads(experiment: store.experiment, queue: queue, inbox: inbox, threads: localThreads) : nil
        var remoteBusy = try workers?.serve(queue, store: store) ?? false
        while true {
            let stopping = StopSignal.requested != nil
            if stopping { queue.close() }
            // A stop does not wait for the local fits in flight: --resume runs those tasks again.
            let localFinished = stopping || (fitting?.isFinished ?? true)
            // Poll often while other ranks may be waiting for work; otherwise wait for local records, at most 10 ms:
            // the end of the local fits is seen by polling, and a longer wait (0.2 s measured) was paid at the end
            // of every run and round.
            try store.append(inbox.drain(waiting: remoteBusy ? 0.0005 : 0.01)[...])
            remoteBusy = try workers?.serve(queue, store: store) ?? false
            progress.update(done: store.finishedCount)
            if localFinished && !remoteBusy { break }
        }
        try store.append(inbox.drain(waiting: 0)[...])
    }

    /// Rank 0 when the study does not run (a bad output directory, a finished study): release every worker.
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

    /// Ranks > 0: ask rank 0 for tasks, run them with `threads` threads, send the records with the next request.
    /// A signal to this rank stops its fits after the tasks in flight; their records go to rank 0 with the news.
    public static func work(experiment: any Experiment, threads: Int, communicator: Communicator) {
        var finished: [Double] = []
        while true {
            let header = StopSignal.requested.map { -Double($0) } ?? Double(threads)
            communicator.send([header] + finished, to: 0, tag: resultsTag)
            let chunk = communicator.receive(from: 0, tag: workTag)
            if chunk.isEmpty { return }
            let queue = ToyQueue([Int(chunk[0])..<Int(chunk[1])])
            let inbox = ResultInbox()
            let fitting = FittingThreads(experiment: experiment, queue: queue, inbox: inbox,
                                         threads: min(threads, Int(chunk[1] - chunk[0])))
            while !fitting.wait(seconds: 0.05) {
                if StopSignal.requested != nil { queue.close() }
            }
            finished = inbox.drain(waiting: 0)
        }
    }
}
