import NN
import Tensors
import Testing

@Suite struct ModelSummaryTests {
  /// The CIFAR CNN summary. FLOPs by hand (2 per multiply-add, + 1 per bias, + 1 per relu):
  ///   conv2d    30·30·32 · (2·27 + 2)  = 1,612,800
  ///   pool      15·15·32 · 4           =    28,800
  ///   conv2d_1  13·13·64 · (2·288 + 2) = 6,251,648
  ///   pool_1    6·6·64 · 4             =     9,216
  ///   conv2d_2  4·4·64 · (2·576 + 2)   = 1,181,696
  ///   dense     2·1024·64 + 64 + 64    =   131,200
  ///   dense_1   2·64·10 + 10 + 4·10    =     1,330   (softmax counted as 4 per element)
  ///   total                            = 9,216,690
  @Test func cifarTable() throws {
    let graph = try Graph(inputShape: [32, 32, 3], nodes: ModelFixtures.cifarCNN, seed: 42)
    let summary = ModelSummary(graph: graph)
    #expect(summary.flopsPerExample == 9_216_690)
    #expect(summary.isSequential)
    let text = summary.renderText(modelName: "cifar_cnn", batchSize: 32)
    #expect(text.contains("│ conv2d (Conv2D)                │ (None, 30, 30, 32) │     896 │"))
    #expect(text.contains("│ max_pooling2d_1 (MaxPooling2D) │ (None, 6, 6, 64)   │       0 │"))
    #expect(text.contains(" Total params: 122,570 (478.79 KB)"))
    #expect(text.contains(" Non-trainable params: 0 (0.00 B)"))
    #expect(!text.contains("Connected to"))
    // outputs per example: 28,800 + 7,200 + 10,816 + 2,304 + 1,024 + 1,024 + 64 + 10 = 51,242
    #expect(summary.activationBytes(batchSize: 32) == 4 * 32 * 51_242)
    let json = summary.json(modelName: "cifar_cnn", batchSize: 32)
    #expect(json.contains("\"total_parameters\": 122570"))
    #expect(
      json.contains(
        "{\"name\": \"dense_1\", \"type\": \"dense\", \"class\": \"Dense\", \"output_shape\": [10], \"parameters\": 650"
      ))
  }

  @Test func graphShowsConnectionsAndNonTrainable() throws {
    let nodes = [
      GraphNode(name: "c1", ModelFixtures.conv(4, padding: .same)),
      GraphNode(.batchNormalization(BatchNormalizationConfig())),
      GraphNode(.concatenate, inputs: ["previous", "c1"]),
    ]
    let summary = ModelSummary(graph: try Graph(inputShape: [8, 8, 2], nodes: nodes, seed: 0))
    #expect(!summary.isSequential)
    #expect(summary.trainableParameters == (9 * 2 + 1) * 4 + 8)
    #expect(summary.nonTrainableParameters == 8)
    let text = summary.renderText(modelName: "m", batchSize: 1)
    #expect(text.contains("Connected to"))
    #expect(text.contains("batch_normalization, c1"))
  }
}
