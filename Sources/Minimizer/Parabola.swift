/// The parabola a x^2 + b x + c through three points, computed as Minuit2's MnParabolaFactory does
/// (abscissae centred first), so line searches and MINOS crossings reproduce Minuit2's numbers.
enum Parabola {
    static func through(_ x: (Double, Double, Double), _ y: (Double, Double, Double))
        -> (a: Double, b: Double, c: Double) {
        var (x1, x2, x3) = x
        let dx12 = x1 - x2, dx13 = x1 - x3, dx23 = x2 - x3
        let xm = (x1 + x2 + x3) / 3
        x1 -= xm; x2 -= xm; x3 -= xm
        let (y1, y2, y3) = y
        let a = y1 / (dx12 * dx13) - y2 / (dx12 * dx23) + y3 / (dx13 * dx23)
        var b = -y1 * (x2 + x3) / (dx12 * dx13) + y2 * (x1 + x3) / (dx12 * dx23) - y3 * (x1 + x2) / (dx13 * dx23)
        var c = y1 * x2 * x3 / (dx12 * dx13) - y2 * x1 * x3 / (dx12 * dx23) + y3 * x1 * x2 / (dx13 * dx23)
        c += a * xm * xm - b * xm
        b -= 2 * a * xm
        return (a, b, c)
    }
}
