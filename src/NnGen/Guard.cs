using System.Runtime.CompilerServices;

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
        if (actual != expected) throw LengthError(actual, expected, caller, parameter);
    }

    // The throw stays here, so that where Length inlines (into Predict) the JIT sees a block that does not return:
    // after it the length is known, and nothing lives across it. The message is built apart, never inlined: a
    // [DoesNotReturn] helper that threw was inlined whole into Predict at tier 1 with its string builder, whose
    // zeroed stack space and stack cookie every call paid for; marked not to inline, it kept the JIT from knowing
    // that the call does not return, and Predict saved six registers. Throwing the built exception here does both.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ArgumentException LengthError(int actual, int expected, string caller, string parameter) =>
        new($"{caller}: '{parameter}' must hold {expected} values, but holds {actual}.", parameter);

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
