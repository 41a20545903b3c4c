using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace NnGen.Generators.Parsing;

/// <summary>
/// The names the emitted code declares in every network class. A member of the user's own with one of these names
/// would break the generated code (CS0102), so Parse reports it as NNG0026 instead. A test walks the approved snapshots
/// and fails when the emitters declare a name this list does not know.
/// </summary>
internal static class GeneratedMembers
{
    /// <summary>Constants, fields and properties: no member of the user's may share their names.</summary>
    private static readonly HashSet<string> Values =
    [
        "InputLength", "OutputLength", "ParameterCount", "BufferCount", "Summary", "Layers", "Parameters", "Gradients",
        "Buffers", "ParameterTensors", "BufferTensors", "Loss", "DropoutRng", "TrainingOutputs", "ScratchPerSample",
        "WorkLength", "InferenceChunk", "_parameters", "_gradients", "_buffers", "_capacity", "_trained", "_losses", "_dropoutRng",
        "s_layers", "s_parameterTensors", "s_bufferTensors", "t_scratch",
        "GpuKernels", "DeviceProgram", // nested classes of the ILGPU kernels, when the project references NnGen.Gpu
    ];

    /// <summary>Methods: the user may overload them, but no field, property or nested type may take their names.</summary>
    private static readonly HashSet<string> Methods = ["Predict", "PredictBatch", "Evaluate", "TrainStep", "PredictInScratch", "Infer", "InferChunk", "EnsureCapacity", "SampleLoss", "SampleLosses", "CreateGpuProgram"];

    /// <summary>Per-layer constants and buffers: W0, B12, G1, M1, V1 (parameter offsets), _x3, _g3, _work0, _mask3.</summary>
    private static readonly Regex LayerValue = new(@"^(?:[WBGMV][0-9]+|_(?:x|g|work|mask)[0-9]+)$", RegexOptions.CultureInvariant);

    /// <summary>Per-layer methods: Dense0Forward, BatchNorm1Infer, Conv2D4Columns, ReLU2Backward, Conv2D0ForwardShard, MaxPool2D2ForwardAfterReLU, BatchNorm1BackwardChannels.</summary>
    private static readonly Regex LayerMethod = new(
        @"^[A-Za-z][A-Za-z0-9]*?[0-9]+(?:Forward|Backward|Infer|Columns|AddColumns)(?:Shard|AfterReLU|Channels)?$", RegexOptions.CultureInvariant);

    /// <summary>Whether the generated code declares <paramref name="name"/> as a method.</summary>
    public static bool IsMethod(string name) => Methods.Contains(name) || LayerMethod.IsMatch(name);

    /// <summary>Whether the generated code declares <paramref name="name"/> as anything but a method.</summary>
    public static bool IsValue(string name) => Values.Contains(name) || LayerValue.IsMatch(name);

    /// <summary>
    /// Whether a member of the user's named <paramref name="name"/> clashes with the generated code: any member that
    /// shares a generated value's name, and any non-method that shares a generated method's name.
    /// </summary>
    public static bool Clashes(string name, bool userMemberIsMethod) => IsValue(name) || (!userMemberIsMethod && IsMethod(name));
}
