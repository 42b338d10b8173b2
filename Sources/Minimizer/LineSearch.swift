/// Minuit2's MnLineSearch: along the Newton step s from q (f0 = f(q), gdel = s.g), find an acceptable
/// lambda with at most 12 evaluations, first from a parabola through f0, its slope and f(q+s), then from
/// parabolas through three points. Returns the best (lambda, f) seen without re-evaluating it.
/// A NaN value counts as +infinity (a wall: the search backs off), so no probe is made at a NaN lambda.
struct LineSearch {
    let function: FitFunction

    private struct Point { var x: Double, y: Double }

    private func probe(_ q: [Double], _ s: [Double], _ lambda: Double) -> Double {
        let f = function.value(q, along: s, by: lambda)
        return f.isNaN ? .infinity : f
    }

    func callAsFunction(from q: [Double], fval f0: Double, step s: [Double], gdel: Double) -> (x: Double, f: Double) {
        let eps = Precision.eps, eps2 = Precision.eps2
        var overall = 1000.0, undral = -100.0
        let toler = 0.05, alpha = 2.0, maxiter = 12
        var slamin = 0.0
        for i in 0..<s.count where s[i] != 0 {
            let ratio = abs(q[i] / s[i])
            if slamin == 0 || ratio < slamin { slamin = ratio }
        }
        if abs(slamin) < eps { slamin = eps }
        slamin *= eps2

        var niter = 1
        let f1 = probe(q, s, 1)
        niter += 1
        var fvmin = f0, xvmin = 0.0
        if f1 < f0 { (fvmin, xvmin) = (f1, 1) }
        var toler8 = toler, slamax = 5.0, flast = f1, slam = 1.0
        let p0 = Point(x: 0, y: f0)
        var p1 = Point(x: slam, y: flast)
        var f2 = 0.0
        var iterate: Bool
        repeat {
            iterate = false
            let denom = 2 * (flast - f0 - gdel * slam) / (slam * slam)
            slam = denom != 0 ? -gdel / denom : 1
            if slam < 0 { slam = slamax }
            if slam > slamax { slam = slamax }
            if slam < toler8 { slam = toler8 }
            if slam < slamin { return (xvmin, fvmin) }
            if abs(slam - 1) < toler8 && p1.y < p0.y { return (xvmin, fvmin) }
            if abs(slam - 1) < toler8 { slam = 1 + toler8 }
            f2 = probe(q, s, slam)
            niter += 1
            if f2 < fvmin { (fvmin, xvmin) = (f2, slam) }
            if abs(p0.y - fvmin) < abs(fvmin) * eps {
                iterate = true
                flast = f2
                toler8 = toler * slam
                overall = slam - toler8
                slamax = overall
                p1 = Point(x: slam, y: flast)
            }
        } while iterate && niter < maxiter
        if niter >= maxiter { return (xvmin, fvmin) }

        var pa = p0, pb = p1, pc = Point(x: slam, y: f2)
        repeat {
            slamax = max(slamax, alpha * abs(xvmin))
            let (a, b, _) = Parabola.through((pa.x, pb.x, pc.x), (pa.y, pb.y, pc.y))
            if a < eps2 {
                let slopem = 2 * a * xvmin + b
                slam = slopem < 0 ? xvmin + slamax : xvmin - slamax
            } else {
                slam = -b / (2 * a)
                if slam > xvmin + slamax { slam = xvmin + slamax }
                if slam < xvmin - slamax { slam = xvmin - slamax }
            }
            if slam > 0 { slam = min(slam, overall) } else { slam = max(slam, undral) }
            if !slam.isFinite { return (xvmin, fvmin) }

            var f3 = 0.0
            repeat {
                iterate = false
                let toler9 = max(toler8, abs(toler8 * slam))
                if abs(pa.x - slam) < toler9 || abs(pb.x - slam) < toler9 || abs(pc.x - slam) < toler9 {
                    return (xvmin, fvmin)
                }
                f3 = probe(q, s, slam)
                if f3 > pa.y && f3 > pb.y && f3 > pc.y {
                    if slam > xvmin { overall = min(overall, slam - toler8) }
                    if slam < xvmin { undral = max(undral, slam + toler8) }
                    slam = 0.5 * (slam + xvmin)
                    iterate = true
                    niter += 1
                }
            } while iterate && niter < maxiter
            if niter >= maxiter { return (xvmin, fvmin) }

            let p3 = Point(x: slam, y: f3)
            if pa.y > pb.y && pa.y > pc.y { pa = p3 } else if pb.y > pa.y && pb.y > pc.y { pb = p3 } else { pc = p3 }
            if f3 < fvmin {
                (fvmin, xvmin) = (f3, slam)
            } else {
                if slam > xvmin { overall = min(overall, slam - toler8) }
                if slam < xvmin { undral = max(undral, slam + toler8) }
            }
            niter += 1
        } while niter < maxiter
        return (xvmin, fvmin)
    }
}
