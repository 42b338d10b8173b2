import Foundation
import CMPI

/// A thin wrapper over the few Open MPI calls the study needs. Every call is made from one thread per process
/// (MPI_THREAD_FUNNELED): the fitting threads never touch MPI.
public final class Communicator: @unchecked Sendable {
    public let rank: Int
    public let size: Int

    /// True when this process was started by mpirun (Open MPI exports these to every rank).
    public static var isLaunchedByMPI: Bool {
        let environment = ProcessInfo.processInfo.environment
        return environment["OMPI_COMM_WORLD_SIZE"] != nil || environment["PMIX_RANK"] != nil
    }

    /// Ranks on this node, for choosing threads per rank so that ranks x threads <= cores.
    public static var localSize: Int { Int(ProcessInfo.processInfo.environment["OMPI_COMM_WORLD_LOCAL_SIZE"] ?? "") ?? 1 }

    public init() {
        var provided: Int32 = 0
        MPI_Init_thread(nil, nil, Int32(MPI_THREAD_FUNNELED), &provided)
        var rank: Int32 = 0, size: Int32 = 0
        MPI_Comm_rank(MPI_COMM_WORLD, &rank)
        MPI_Comm_size(MPI_COMM_WORLD, &size)
        self.rank = Int(rank)
        self.size = Int(size)
    }

    public func send(_ values: [Double], to destination: Int, tag: Int32) {
        values.withUnsafeBufferPointer { buffer in
            _ = MPI_Send(buffer.baseAddress, Int32(buffer.count), MPI_DOUBLE, Int32(destination), tag, MPI_COMM_WORLD)
        }
    }

    /// The rank of a waiting message with this tag, without blocking; nil when none is waiting.
    public func probe(tag: Int32) -> Int? {
        var flag: Int32 = 0
        var status = MPI_Status()
        MPI_Iprobe(MPI_ANY_SOURCE, tag, MPI_COMM_WORLD, &flag, &status)
        return flag != 0 ? Int(status.MPI_SOURCE) : nil
    }

    /// Blocks until a message with this tag from `source` arrives, and returns it.
    public func receive(from source: Int, tag: Int32) -> [Double] {
        var status = MPI_Status()
        MPI_Probe(Int32(source), tag, MPI_COMM_WORLD, &status)
        var count: Int32 = 0
        MPI_Get_count(&status, MPI_DOUBLE, &count)
        var values = [Double](repeating: 0, count: Int(count))
        values.withUnsafeMutableBufferPointer { buffer in
            _ = MPI_Recv(buffer.baseAddress, count, MPI_DOUBLE, Int32(source), tag, MPI_COMM_WORLD, MPI_STATUS_IGNORE)
        }
        return values
    }

    public func barrier() { MPI_Barrier(MPI_COMM_WORLD) }

    public func finalize() { MPI_Finalize() }

    /// Ends every rank of the job: one rank's fatal error must not leave the others waiting forever.
    public func abort(code: Int32) -> Never {
        MPI_Abort(MPI_COMM_WORLD, code)
        exit(code)
    }
}
