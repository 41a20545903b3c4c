using System.Diagnostics.CodeAnalysis;

namespace NnGen;

/// <summary>Checks that generated networks run on their inputs, with messages that say what was expected and what came.</summary>
public static class Guard
{
    /// <summary>Throws unless a span holds exactly <paramref name="expected"/> values.</summary>
    /// <param name="actual">The span's length.</param>
    /// <param name="expected">The length the network needs.</param>
    /// <param name="caller">The network and method, e.g. <c>Xor.Predict</c>.</param>
    /// <param name="parameter">The argument's name.</param>
    public static void Length(int actual, int expected, string caller, string parameter)
    {
        if (actual != expected) ThrowLength(actual, expected, caller, parameter);
    }

    // Apart from Length, so that the check inlines into Predict as a comparison and a branch, without the message's
    // string builder (whose zeroed stack space every call paid for): the JIT does not inline a method that only
    // throws, and knows that its call does not return.
    [DoesNotReturn]
    private static void ThrowLength(int actual, int expected, string caller, string parameter) =>
        throw new ArgumentException($"{caller}: '{parameter}' must hold {expected} values, but holds {actual}.", parameter);

    /// <summary>
    /// The number of samples in a batch of inputs and matching outputs or targets; throws when the batch is empty,
    /// when the inputs are not whole samples, or when the other span does not match.
    /// </summary>
    public static int BatchCount(string caller, int inputs, int inputLength, int others, int otherLength, string othersName)
    {
        if (inputs == 0)
            throw new ArgumentException($"{caller}: the batch is empty; pass at least one sample of {inputLength} values.", "inputs");
        if (inputs % inputLength != 0)
            throw new ArgumentException(
                $"{caller}: 'inputs' must hold whole samples of {inputLength} values, but holds {inputs} ({inputs / inputLength} samples and {inputs % inputLength} values over).",
                "inputs");
        var n = inputs / inputLength;
        if (others != (long)n * otherLength)
            throw new ArgumentException(
                $"{caller}: {n} input samples need '{othersName}' of {(long)n * otherLength} values ({n} × {otherLength}), but it holds {others}.",
                othersName);
        return n;
    }
}
