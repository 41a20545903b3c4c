using System.Numerics;

namespace NnGen;

/// <summary>
/// Exports a trained network as an ONNX model, so that ONNX Runtime, TensorRT, OpenVINO, browsers (onnxruntime-web)
/// and other languages can run it without NnGen.
/// </summary>
/// <remarks>
/// <para>The file is one <c>ModelProto</c> (IR version 8, operator set ai.onnx 17, producer "NnGen") written in the
/// protobuf wire format by a small internal writer, with no protobuf library. The graph reads
/// <c>input</c> of shape (batch, …the network's input shape), with <c>batch</c> symbolic, and writes <c>output</c> of
/// shape (batch, …the last layer's output shape). It computes what
/// <see cref="INetwork{T}.PredictBatch(ReadOnlySpan{T}, Span{T})"/> computes: inference mode, so Dropout is
/// the identity and BatchNorm uses its running statistics.</para>
/// <para>Float networks export float tensors (TensorProto FLOAT), double networks double (DOUBLE); weights, biases and
/// running statistics are initializers with PyTorch's names (<c>0.weight</c>, <c>1.running_mean</c>, …), stored as
/// little-endian raw_data. The internal OnnxGraph lists how each layer kind maps to ONNX operators. ONNX Runtime's
/// CPU kernels for Conv and AveragePool take float only (onnxruntime docs/OperatorKernels.md), so a double network with those layers loads
/// but ONNX Runtime refuses to build a session for it; other runtimes may differ.</para>
/// </remarks>
public static class Onnx
{
    /// <summary>The name of the graph's input, of shape (batch, …input shape).</summary>
    public const string InputName = "input";

    /// <summary>The name of the graph's output, of shape (batch, …output shape).</summary>
    public const string OutputName = "output";

    /// <summary>The symbolic name of the batch dimension of <see cref="InputName"/> and <see cref="OutputName"/>.</summary>
    public const string BatchDimension = "batch";

    /// <summary>
    /// Writes <paramref name="network"/> to <paramref name="path"/> as an ONNX model that computes its inference
    /// outputs, with its current parameters and running statistics. Replaces the file atomically if it exists.
    /// </summary>
    /// <param name="network">The network; float or double.</param>
    /// <param name="path">The file, usually <c>*.onnx</c>; its directory must exist.</param>
    /// <exception cref="NotSupportedException">The network's values are neither float nor double, or a layer has no
    /// ONNX form (a Step activation); the message names the layer. No file is written.</exception>
    /// <exception cref="InvalidOperationException">The network's description is inconsistent (a tensor a layer needs
    /// is missing, or a layer's output shape is not what ONNX computes). No file is written.</exception>
    public static void SaveOnnx<T>(this INetwork<T> network, string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = Encode(network);
        using var file = new AtomicFile(path);
        file.Stream.Write(bytes);
        file.Commit();
    }

    /// <summary>The whole ModelProto, built before any file is touched so that a refused network leaves none.</summary>
    internal static byte[] Encode<T>(INetwork<T> network) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var dataType = typeof(T) == typeof(float) ? OnnxProto.Tensor.Float
            : typeof(T) == typeof(double) ? OnnxProto.Tensor.Double
            : throw new NotSupportedException(
                $"ONNX export handles float (FLOAT) and double (DOUBLE) networks; this network's values are {typeof(T).Name}.");
        var layers = network.Layers;
        var outputShape = layers.Count == 0 ? [network.InputLength] : layers[^1].OutputShape;
        var inputShape = layers.Count == 0 ? [network.InputLength] : layers[0].InputShape;

        var built = OnnxGraph<T>.Build(network, dataType);
        var graph = new OnnxProtobufWriter();
        foreach (var node in built.Nodes) graph.Message(OnnxProto.Graph.Node, node);
        graph.String(OnnxProto.Graph.Name, network.GetType().Name);
        foreach (var initializer in built.Initializers) graph.Message(OnnxProto.Graph.Initializer, initializer);
        graph.Message(OnnxProto.Graph.Input, ValueInfo(InputName, dataType, inputShape));
        graph.Message(OnnxProto.Graph.Output, ValueInfo(OutputName, dataType, outputShape));

        var opset = new OnnxProtobufWriter()
            .String(OnnxProto.OperatorSetId.Domain, "")
            .Int64(OnnxProto.OperatorSetId.Version, OnnxProto.OpsetVersion);
        return new OnnxProtobufWriter()
            .Int64(OnnxProto.Model.IrVersion, OnnxProto.IrVersion)
            .String(OnnxProto.Model.ProducerName, "NnGen")
            .String(OnnxProto.Model.ProducerVersion, typeof(Onnx).Assembly.GetName().Version?.ToString() ?? "")
            .Message(OnnxProto.Model.Graph, graph)
            .Message(OnnxProto.Model.OpsetImport, opset)
            .ToArray();
    }

    /// <summary>A ValueInfoProto: a tensor of <paramref name="dataType"/> and shape (batch, …<paramref name="sample"/>).</summary>
    private static OnnxProtobufWriter ValueInfo(string name, int dataType, IReadOnlyList<int> sample)
    {
        var shape = new OnnxProtobufWriter()
            .Message(OnnxProto.Shape.Dim, new OnnxProtobufWriter().String(OnnxProto.Shape.DimParam, BatchDimension));
        foreach (var dimension in sample)
        {
            shape.Message(OnnxProto.Shape.Dim, new OnnxProtobufWriter().Int64(OnnxProto.Shape.DimValue, dimension));
        }
        var tensorType = new OnnxProtobufWriter()
            .Int64(OnnxProto.Type.ElemType, dataType)
            .Message(OnnxProto.Type.Shape, shape);
        return new OnnxProtobufWriter()
            .String(OnnxProto.ValueInfo.Name, name)
            .Message(OnnxProto.ValueInfo.Type, new OnnxProtobufWriter().Message(OnnxProto.Type.TensorType, tensorType));
    }
}
