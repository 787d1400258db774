import Foundation
import MERModel

extension ClusterReport {
    /// The elbow curve as a chart: inertia against k.
    public func elbowChart() -> SVGLineChart {
        SVGLineChart(title: "k-means elbow curve (\(songs) DEAM songs)", xLabel: "k (clusters)", yLabel: "inertia",
                     series: [.init(name: "inertia", points: kMeans.map { (Double($0.k), $0.inertia) })])
    }
}

extension SweepResult {
    /// R² (valence, arousal, mean) and quadrant accuracy against the swept value.
    public func chart() -> SVGLineChart {
        func series(_ name: String, _ value: (EvaluationRun) -> Double) -> SVGLineChart.Series {
            .init(name: name, points: zip(values, runs).map { (Double($0.0), value($0.1)) })
        }
        let protocolName = runs.first.map { "\($0.evaluationProtocol)" } ?? ""
        return SVGLineChart(
            title: "\(model): scores vs \(parameter.label) (\(protocolName))", xLabel: parameter.label, yLabel: "score",
            series: [
                series("R² mean") { $0.evaluation.regression.r2Mean },
                series("R² valence") { $0.evaluation.regression.r2Valence },
                series("R² arousal") { $0.evaluation.regression.r2Arousal },
                series("quadrant acc.") { $0.evaluation.quadrant.accuracy },
                series("quadrant F1 (w)") { $0.evaluation.quadrant.weighted.f1 },
            ])
    }
}
