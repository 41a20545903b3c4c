using TorchSharp;

namespace NnGen.Benchmarks.Cases;

/// <summary>Checks that the three libraries compute the same thing before anyone times them.</summary>
public static class Check
{
    /// <summary>Runs each library once and returns the largest absolute difference from NnGen's outputs.</summary>
    public static string Agreement(Action nngen, float[] nngenOutput, Action ort, float[] ortOutput,
        torch.nn.Module<torch.Tensor, torch.Tensor>? module, torch.Tensor? input)
    {
        nngen();
        ort();
        var text = $"ORT {MaxDifference(nngenOutput, ortOutput):0.0e0}";
        if (module is not null && input is not null)
        {
            using var _ = torch.no_grad();
            using var output = module.forward(input);
            text += $", Torch {MaxDifference(nngenOutput, output.data<float>().ToArray()):0.0e0}";
        }
        return text;
    }

    private static float MaxDifference(float[] a, float[] b)
    {
        if (a.Length != b.Length) throw new InvalidOperationException($"Output lengths differ: {a.Length} and {b.Length}.");
        var max = 0f;
        for (var i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }
}
