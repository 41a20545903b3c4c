using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace NnGen.Generators;

/// <summary>
/// Every diagnostic the generator reports. Ids are never reused; each message names the problem in the user's
/// terms and says what to write instead. docs/diagnostics.md has a section per id.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "NnGen";

    public static readonly DiagnosticDescriptor NotPartial = Error(
        "NNG0001", "Network class must be partial",
        "'{0}' must be declared partial so NnGen can add the network's code: write 'partial {1} {0}'");

    public static readonly DiagnosticDescriptor MissingInput = Error(
        "NNG0002", "Network has no [Input]",
        "'{0}' has layer attributes but no [Input]: add [Input(size)] (or [Input(channels, height, width)]) before its first layer");

    public static readonly DiagnosticDescriptor InvalidSize = Error(
        "NNG0003", "Layer size must be positive",
        "{0} needs {1}, but got {2}: write a positive whole number, e.g. {3}");

    public static readonly DiagnosticDescriptor SplitDeclarations = Error(
        "NNG0004", "Layers are spread over several partial declarations",
        "[{0}] on another partial declaration of '{1}': put every layer attribute on the declaration that carries [Input], in layer order");

    public static readonly DiagnosticDescriptor SoftmaxNotLast = Error(
        "NNG0005", "Softmax must be the last layer",
        "Softmax is layer {0} of {1}: it turns the last layer's outputs into probabilities and can only come last; use ReLU, Tanh or Sigmoid inside the network");

    public static readonly DiagnosticDescriptor CrossEntropyWithoutSoftmax = Error(
        "NNG0006", "CrossEntropy needs a final Softmax",
        "LossKind.CrossEntropy is fused with a final Softmax, but the last layer is {0}: add [Activation(Act.Softmax)] before [Loss]");

    public static readonly DiagnosticDescriptor BinaryCrossEntropyWithoutSigmoid = Error(
        "NNG0007", "BinaryCrossEntropy needs a final Sigmoid",
        "LossKind.BinaryCrossEntropy is fused with a final Sigmoid, but the last layer is {0}: add [Activation(Act.Sigmoid)] before [Loss]");

    public static readonly DiagnosticDescriptor SoftmaxWithMeanSquaredError = Warning(
        "NNG0008", "Softmax with MeanSquaredError trains slowly",
        "Softmax trained with {0} has vanishing gradients when a prediction is confidently wrong: use [Loss(LossKind.CrossEntropy)]");

    public static readonly DiagnosticDescriptor StepNotTrainable = Warning(
        "NNG0009", "Step cannot be trained by gradient descent",
        "Act.Step has derivative zero everywhere, so no gradient flows through layer {0}: train with Act.Sigmoid and use Step only in a network you set by hand");

    public static readonly DiagnosticDescriptor UnreadableArgument = Error(
        "NNG0010", "Attribute argument cannot be read",
        "[{0}] has an argument NnGen cannot read ({1}): write {2}");

    public static readonly DiagnosticDescriptor InputNotFirst = Error(
        "NNG0011", "[Input] must come first",
        "[{0}] comes before [Input]: the attributes are the layers in order, so [Input] must be the first");

    public static readonly DiagnosticDescriptor LossNotLast = Error(
        "NNG0012", "[Loss] must come last",
        "[{0}] comes after [Loss]: the loss closes the network, so write it as the last attribute");

    public static readonly DiagnosticDescriptor DenseNeedsFlatten = Error(
        "NNG0013", "Dense needs a vector input",
        "Dense gets a sample of shape {0} from the layer before it, but works on vectors: add [Flatten] before it (it gives {1} values)");

    public static readonly DiagnosticDescriptor ArgumentOutOfRange = Error(
        "NNG0014", "Attribute argument out of range",
        "{0} is {1}, but must be {2}");

    public static readonly DiagnosticDescriptor NetworkTooLarge = Error(
        "NNG0015", "Network too large",
        "'{0}' would hold {1} values in one tensor, more than a .NET array can: make the layers smaller");

    public static readonly DiagnosticDescriptor NoLayers = Error(
        "NNG0016", "Network has no layers",
        "'{0}' has an [Input] but no layer after it: add at least one, e.g. [Dense(1)]");

    public static readonly DiagnosticDescriptor NoOutput = Error(
        "NNG0017", "Layer leaves no output",
        "{0} on a sample of shape {1} leaves no output: {2}");

    public static readonly DiagnosticDescriptor FractionalSize = Warning(
        "NNG0018", "Kernel or pool does not tile the input",
        "{0} on {1} rows and columns does not fit a whole number of times: the last {2} are dropped, as PyTorch does, giving {3}×{3}; {4}");

    public static readonly DiagnosticDescriptor ResidualShapeMismatch = Error(
        "NNG0019", "Skip connection joins different shapes",
        "[EndResidual] adds the block's input, of shape {0}, to its output, of shape {1}: the shapes must match; {2}");

    public static readonly DiagnosticDescriptor ResidualNotClosed = Error(
        "NNG0020", "[Residual] is never closed",
        "[Residual] opens a skip connection that no [EndResidual] closes: add [EndResidual] where the block's input should be added back");

    public static readonly DiagnosticDescriptor EndResidualWithoutResidual = Error(
        "NNG0021", "[EndResidual] without [Residual]",
        "[EndResidual] closes no open skip connection: add [Residual] where the block starts, or remove this attribute");

    public static readonly DiagnosticDescriptor BatchNormAfterInput = Warning(
        "NNG0022", "BatchNorm directly after the input",
        "BatchNorm directly after [Input] normalizes the raw data with each batch's statistics: standardize the data once instead (Standardizer) and put BatchNorm after a Conv2D or Dense layer");

    public static readonly DiagnosticDescriptor NeedsImage = Error(
        "NNG0023", "Layer needs a (channels, height, width) input",
        "{0} works on (channels, height, width) samples, but the layer before it gives shape {1}: declare [Input(channels, height, width)], or move it before [Flatten]");

    public static readonly DiagnosticDescriptor SameNeedsOddKernel = Error(
        "NNG0024", "Padding.Same needs an odd kernel",
        "Padding.Same pads (k − 1) / 2 zeros on each side, which keeps the size only for odd kernels, but this kernel is {0}×{0}: use kernel {1} or {2}, or Padding.Valid");

    public static readonly DiagnosticDescriptor NotAClass = Error(
        "NNG0025", "Network must be a non-static class",
        "'{0}' is declared as a {1}, but a network is a class whose instances hold its weights: write 'partial class {0}'");

    public static readonly DiagnosticDescriptor MemberNameTaken = Error(
        "NNG0026", "Member name is taken by the generated code",
        "'{0}' declares '{1}', which NnGen generates for every network: rename or remove it (a method may overload Predict, PredictBatch, Evaluate and TrainStep)");

    public static readonly DiagnosticDescriptor RepeatedInput = Error(
        "NNG0027", "Network has more than one [Input]",
        "[Input] appears again after the network's first [Input]: a network has one input, so remove this one");

    public static IReadOnlyList<DiagnosticDescriptor> All { get; } =
    [
        NotPartial, MissingInput, InvalidSize, SplitDeclarations, SoftmaxNotLast, CrossEntropyWithoutSoftmax,
        BinaryCrossEntropyWithoutSigmoid, SoftmaxWithMeanSquaredError, StepNotTrainable, UnreadableArgument,
        InputNotFirst, LossNotLast, DenseNeedsFlatten, ArgumentOutOfRange, NetworkTooLarge, NoLayers, NoOutput, FractionalSize, ResidualShapeMismatch,
        ResidualNotClosed, EndResidualWithoutResidual, BatchNormAfterInput, NeedsImage, SameNeedsOddKernel, NotAClass, MemberNameTaken,
        RepeatedInput,
    ];

    private static readonly Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(d => d.Id);

    public static DiagnosticDescriptor Get(string id) => ById[id];

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink(id));

    private static string HelpLink(string id) => "docs/diagnostics.md#" + id.ToLowerInvariant();
}
