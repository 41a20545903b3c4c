using System.Numerics;
using System.Runtime.InteropServices;

namespace NnGen;

/// <summary>
/// Turns a network's <see cref="INetwork{T}.Layers"/> into ONNX nodes and its tensors into initializers, in the
/// order the layers run. Each value is named after the layer that makes it (<c>3.Gemm</c>); the last one is
/// <c>output</c>; the graph's input is <c>input</c>.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>layer</term><description>ONNX nodes (opset 17)</description></listheader>
/// <item><term>Dense</term><description>Flatten (axis 1) when the input is not a vector, then Gemm (transB = 1) with
/// <c>{i}.weight</c> (out, in) and <c>{i}.bias</c></description></item>
/// <item><term>Conv2D</term><description>Conv (kernel_shape, strides, pads [p, p, p, p]) with <c>{i}.weight</c> and,
/// when it has one, <c>{i}.bias</c></description></item>
/// <item><term>MaxPool2D, AvgPool2D</term><description>MaxPool, AveragePool (kernel_shape, strides)</description></item>
/// <item><term>BatchNorm</term><description>BatchNormalization in inference mode (epsilon; momentum = 1 − PyTorch's),
/// scale = <c>{i}.weight</c>, B = <c>{i}.bias</c>, mean = <c>{i}.running_mean</c>, var = <c>{i}.running_var</c>;
/// on (N, C) after a Dense layer as on (N, C, H, W)</description></item>
/// <item><term>Activation</term><description>Identity, Relu, Sigmoid, Tanh, LeakyRelu (alpha), Softmax (axis 1);
/// Step is refused. In a double network LeakyReLU becomes relu(x) + α·(x − relu(x)) with α a double scalar
/// <c>{i}.alpha</c>, since LeakyRelu's alpha attribute is a float</description></item>
/// <item><term>Dropout</term><description>Identity (inference)</description></item>
/// <item><term>Flatten</term><description>Flatten (axis 1)</description></item>
/// <item><term>Residual, EndResidual</term><description>no node; Add of the block's output and the value that
/// entered the matching Residual</description></item>
/// </list>
/// </remarks>
internal sealed class OnnxGraph<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly INetwork<T> _network;
    private readonly int _dataType;
    private readonly Dictionary<string, (ParameterTensor Tensor, bool IsBuffer)> _tensors = new(StringComparer.Ordinal);
    private readonly Dictionary<int, string> _residualInputs = [];
    private string _current = Onnx.InputName;

    private OnnxGraph(INetwork<T> network, int dataType)
    {
        _network = network;
        _dataType = dataType;
        foreach (var tensor in network.ParameterTensors) _tensors[tensor.Name] = (tensor, false);
        foreach (var tensor in network.BufferTensors) _tensors[tensor.Name] = (tensor, true);
    }

    private readonly List<(string OpType, string[] Inputs, string Output, OnnxProtobufWriter[] Attributes)> _nodes = [];

    /// <summary>The nodes as NodeProtos in running order; the last one writes <see cref="Onnx.OutputName"/>.</summary>
    public IEnumerable<OnnxProtobufWriter> Nodes => _nodes.Select(Encode);

    /// <summary>The weights, biases and running statistics the nodes read, as TensorProtos.</summary>
    public List<OnnxProtobufWriter> Initializers { get; } = [];

    /// <summary>Maps every layer of <paramref name="network"/>.</summary>
    /// <exception cref="NotSupportedException">A layer has no ONNX form here (Step; Softmax over a non-vector).</exception>
    /// <exception cref="InvalidOperationException">The network lacks a tensor a layer needs, or ONNX would compute
    /// another output shape than the layer's.</exception>
    public static OnnxGraph<T> Build(INetwork<T> network, int dataType)
    {
        var graph = new OnnxGraph<T>(network, dataType);
        foreach (var layer in network.Layers) graph.Add(layer);
        graph.NameLastOutput();
        return graph;
    }

    private void Add(LayerDescription layer)
    {
        var i = layer.Index;
        switch (layer.Kind)
        {
            case LayerKind.Dense:
                if (layer.InputShape.Count != 1) Node(i, "Flatten", [_current], Int("axis", 1));
                Node(i, "Gemm", layer.Bias ? [_current, Tensor($"{i}.weight"), Tensor($"{i}.bias")] : [_current, Tensor($"{i}.weight")],
                    Int("transB", 1));
                break;
            case LayerKind.Conv2D:
                CheckWindowShape(layer, layer.Pad);
                Node(i, "Conv", layer.Bias ? [_current, Tensor($"{i}.weight"), Tensor($"{i}.bias")] : [_current, Tensor($"{i}.weight")],
                    Ints("kernel_shape", layer.Kernel, layer.Kernel), Ints("strides", layer.Stride, layer.Stride),
                    Ints("pads", layer.Pad, layer.Pad, layer.Pad, layer.Pad));
                break;
            case LayerKind.MaxPool2D or LayerKind.AvgPool2D:
                CheckWindowShape(layer, pad: 0);
                Node(i, layer.Kind == LayerKind.MaxPool2D ? "MaxPool" : "AveragePool", [_current],
                    Ints("kernel_shape", layer.Kernel, layer.Kernel), Ints("strides", layer.Stride, layer.Stride));
                break;
            case LayerKind.BatchNorm:
                Node(i, "BatchNormalization",
                    [_current, Tensor($"{i}.weight"), layer.Bias ? Tensor($"{i}.bias") : Zeros($"{i}.bias", layer.InputShape[0]),
                        Tensor($"{i}.running_mean"), Tensor($"{i}.running_var")],
                    Float("epsilon", layer.Epsilon), Float("momentum", 1 - layer.Momentum));
                break;
            case LayerKind.Activation:
                AddActivation(layer);
                break;
            case LayerKind.Dropout:
                Node(i, "Identity", [_current]);
                break;
            case LayerKind.Flatten:
                Node(i, "Flatten", [_current], Int("axis", 1));
                break;
            case LayerKind.Residual:
                _residualInputs[i] = _current;
                break;
            case LayerKind.EndResidual:
                if (!_residualInputs.TryGetValue(layer.Partner, out var skipped))
                {
                    throw new InvalidOperationException(
                        $"Layer {i} (EndResidual) closes layer {layer.Partner}, which is no Residual before it.");
                }
                Node(i, "Add", [_current, skipped]);
                break;
            default:
                throw new NotSupportedException($"Layer {i} ({layer.Kind}) has no ONNX form in this exporter.");
        }
    }

    private void AddActivation(LayerDescription layer)
    {
        var i = layer.Index;
        switch (layer.Activation)
        {
            case Act.Identity: Node(i, "Identity", [_current]); break;
            case Act.ReLU: Node(i, "Relu", [_current]); break;
            case Act.Sigmoid: Node(i, "Sigmoid", [_current]); break;
            case Act.Tanh: Node(i, "Tanh", [_current]); break;
            case Act.LeakyReLU when typeof(T) == typeof(float):
                Node(i, "LeakyRelu", [_current], Float("alpha", layer.Alpha));
                break;
            case Act.LeakyReLU:
                // ONNX's LeakyRelu takes α as a float attribute, which would round a double network's slope (0.1 becomes
                // 0.100000001…); relu(x) + α·(x − relu(x)) keeps α a double tensor and is exact on both sides of 0.
                var x = _current;
                Node(i, "Relu", [x]);
                var relu = _current;
                Node(i, "Sub", [x, relu]);
                Node(i, "Mul", [_current, Scalar($"{i}.alpha", layer.Alpha)]);
                Node(i, "Add", [relu, _current]);
                break;
            case Act.Softmax:
                if (layer.InputShape.Count != 1)
                {
                    throw new NotSupportedException(
                        $"Layer {i} (Activation Softmax) acts on a ({string.Join(", ", layer.InputShape)}) sample; the ONNX " +
                        "export handles Softmax over a vector only. Put a Flatten before it.");
                }
                Node(i, "Softmax", [_current], Int("axis", 1));
                break;
            case Act.Step:
                throw new NotSupportedException(
                    $"Layer {i} (Activation Step) cannot be exported to ONNX: no single ONNX operator computes " +
                    "1 for x ≥ 0 and 0 otherwise. Replace Step with Sigmoid (or threshold the output yourself) before exporting.");
            default:
                throw new NotSupportedException($"Layer {i} (Activation {layer.Activation}) has no ONNX form in this exporter.");
        }
    }

    /// <summary>
    /// ONNX's Conv and pools give floor((H + 2p − k) / s) + 1 rows and columns; a layer whose own output shape differs
    /// would export silently wrong, so it is refused.
    /// </summary>
    private static void CheckWindowShape(LayerDescription layer, int pad)
    {
        var input = layer.InputShape;
        var output = layer.OutputShape;
        if (input.Count != 3 || output.Count != 3 || layer.Stride < 1
            || output[1] != (input[1] + 2 * pad - layer.Kernel) / layer.Stride + 1
            || output[2] != (input[2] + 2 * pad - layer.Kernel) / layer.Stride + 1)
        {
            throw new InvalidOperationException(
                $"Layer {layer.Index} ({layer.Kind}, kernel {layer.Kernel}, stride {layer.Stride}, pad {pad}) maps " +
                $"({string.Join(", ", input)}) to ({string.Join(", ", output)}), which ONNX's formula " +
                "floor((H + 2p − k) / s) + 1 does not give.");
        }
    }

    /// <summary>Appends a node reading <paramref name="inputs"/>; its output, named <c>{index}.{opType}</c>, becomes the current value.</summary>
    private void Node(int index, string opType, string[] inputs, params OnnxProtobufWriter[] attributes)
    {
        _current = $"{index}.{opType}";
        _nodes.Add((opType, inputs, _current, attributes));
    }

    /// <summary>
    /// Names the last node's output <see cref="Onnx.OutputName"/>; when no node ends the network (no layers, or a
    /// last layer without a node), an Identity does. Nothing reads the last node's output, so no other node changes.
    /// </summary>
    private void NameLastOutput()
    {
        if (_nodes.Count == 0 || _nodes[^1].Output != _current) Node(_network.Layers.Count, "Identity", [_current]);
        _nodes[^1] = _nodes[^1] with { Output = Onnx.OutputName };
        _current = Onnx.OutputName;
    }

    /// <summary>Encodes a node as a NodeProto; its name is the value it makes.</summary>
    private static OnnxProtobufWriter Encode((string OpType, string[] Inputs, string Output, OnnxProtobufWriter[] Attributes) node)
    {
        var proto = new OnnxProtobufWriter();
        foreach (var input in node.Inputs) proto.String(OnnxProto.Node.Input, input);
        proto.String(OnnxProto.Node.Output, node.Output);
        proto.String(OnnxProto.Node.Name, node.Output);
        proto.String(OnnxProto.Node.OpType, node.OpType);
        foreach (var attribute in node.Attributes) proto.Message(OnnxProto.Node.Attribute, attribute);
        return proto;
    }

    /// <summary>Adds the network tensor <paramref name="name"/> as an initializer and returns its name.</summary>
    private string Tensor(string name)
    {
        if (!_tensors.TryGetValue(name, out var entry))
        {
            throw new InvalidOperationException(
                $"The network has no tensor '{name}' among its ParameterTensors and BufferTensors, which its layers need.");
        }
        var (tensor, isBuffer) = entry;
        var values = (isBuffer ? _network.Buffers : _network.Parameters).Slice(tensor.Offset, tensor.Length);
        Initializers.Add(Initializer(name, tensor.Shape, values));
        return name;
    }

    /// <summary>Adds a scalar (a tensor of no dimensions) holding <paramref name="value"/>.</summary>
    private string Scalar(string name, double value)
    {
        Initializers.Add(Initializer(name, [], [T.CreateChecked(value)]));
        return name;
    }

    /// <summary>Adds a tensor of zeros: BatchNorm's β when the layer has none.</summary>
    private string Zeros(string name, int length)
    {
        Initializers.Add(Initializer(name, [length], new T[length]));
        return name;
    }

    private OnnxProtobufWriter Initializer(string name, IReadOnlyList<int> shape, ReadOnlySpan<T> values)
    {
        var bytes = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian) ReverseEachValue(bytes, System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        return new OnnxProtobufWriter()
            .PackedInt64(OnnxProto.Tensor.Dims, shape.Select(d => (long)d))
            .Int64(OnnxProto.Tensor.DataType, _dataType)
            .String(OnnxProto.Tensor.Name, name)
            .Bytes(OnnxProto.Tensor.RawData, bytes);
    }

    /// <summary>raw_data is little-endian; a big-endian machine swaps each value's bytes.</summary>
    private static void ReverseEachValue(byte[] bytes, int size)
    {
        for (var start = 0; start < bytes.Length; start += size) bytes.AsSpan(start, size).Reverse();
    }

    private static OnnxProtobufWriter Int(string name, long value) => new OnnxProtobufWriter()
        .String(OnnxProto.Attribute.Name, name)
        .Int64(OnnxProto.Attribute.I, value)
        .Int64(OnnxProto.Attribute.Type, OnnxProto.Attribute.TypeInt);

    private static OnnxProtobufWriter Ints(string name, params long[] values) => new OnnxProtobufWriter()
        .String(OnnxProto.Attribute.Name, name)
        .PackedInt64(OnnxProto.Attribute.Ints, values)
        .Int64(OnnxProto.Attribute.Type, OnnxProto.Attribute.TypeInts);

    private static OnnxProtobufWriter Float(string name, double value) => new OnnxProtobufWriter()
        .String(OnnxProto.Attribute.Name, name)
        .Float(OnnxProto.Attribute.F, (float)value)
        .Int64(OnnxProto.Attribute.Type, OnnxProto.Attribute.TypeFloat);
}
