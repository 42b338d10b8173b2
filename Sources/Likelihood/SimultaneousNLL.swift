/// A simultaneous fit of several channels (independent datasets, each with its own model on its own
/// observables) sharing one parameter vector: the NLL, its gradient and its Hessian are the channels' sums.
/// Constraints belong to one channel's model only, so they count once.
public final class SimultaneousNLL: NegativeLogLikelihood, @unchecked Sendable {
    public let parameterCount: Int
    let channels: [any NegativeLogLikelihood]

    public init(channels: [any NegativeLogLikelihood]) {
        precondition(!channels.isEmpty && channels.allSatisfy { $0.parameterCount == channels[0].parameterCount },
                     "SimultaneousNLL: needs channels over the same parameters")
        parameterCount = channels[0].parameterCount
        self.channels = channels
    }

    public func value(_ parameters: [Double]) -> Double {
        channels.reduce(0) { $0 + $1.value(parameters) }
    }

    public func valueAndGradient(_ parameters: [Double], gradient: inout [Double]) -> Double {
        var channelGradient: [Double] = [], total = 0.0
        gradient = Array(repeating: 0, count: parameterCount)
        for channel in channels {
            total += channel.valueAndGradient(parameters, gradient: &channelGradient)
            for i in gradient.indices { gradient[i] += channelGradient[i] }
        }
        return total
    }

    public func isInDomain(_ parameters: [Double]) -> Bool { channels.allSatisfy { $0.isInDomain(parameters) } }

    public func valueGradientAndHessian(_ parameters: [Double], gradient: inout [Double], hessian: inout [Double]) -> Double {
        var channelGradient: [Double] = [], channelHessian: [Double] = [], total = 0.0
        gradient = Array(repeating: 0, count: parameterCount)
        hessian = Array(repeating: 0, count: parameterCount * parameterCount)
        for channel in channels {
            total += channel.valueGradientAndHessian(parameters, gradient: &channelGradient, hessian: &channelHessian)
            for i in gradient.indices { gradient[i] += channelGradient[i] }
            for i in hessian.indices { hessian[i] += channelHessian[i] }
        }
        return total
    }
}
