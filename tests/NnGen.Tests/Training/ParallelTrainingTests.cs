using NnGen.Tests.Networks;
using NnGen.Tests.Support;

namespace NnGen.Tests.Training;

/// <summary>Training on several threads: the same bits as on one, and no allocation per step.</summary>
[Collection(WorkersCollection.Name)]
public class ParallelTrainingTests
{
    [Fact]
    public void TheSameSeed_GivesTheSameWeights_WhateverTheNumberOfThreads()
    {
        var data = RandomImages(200, seed: 3);
        (float[] Parameters, float[] Buffers, double Loss) TrainWith(int threads)
        {
            using (WorkerThreads.Set(threads))
            {
                var network = new ParallelCnn(seed: 5);
                var history = network.Fit(data, new FitOptions { Epochs = 2, BatchSize = 64, Optimizer = new Adam(1e-3), Seed = 9 });
                return (network.Parameters.ToArray(), network.Buffers.ToArray(), history[^1].TrainLoss);
            }
        }

        var one = TrainWith(1);
        foreach (var threads in new[] { 2, 3 })
        {
            var many = TrainWith(threads);
            Assert.Equal(one.Loss, many.Loss);
            Assert.Equal(one.Parameters, many.Parameters);
            Assert.Equal(one.Buffers, many.Buffers);
        }
        Assert.NotEqual(new ParallelCnn(seed: 5).Parameters.ToArray(), one.Parameters); // it did train
    }

    [Fact]
    public void TrainingSteps_OnTwoThreads_AllocateNothingAfterTheFirst()
    {
        var data = RandomImages(64, seed: 4);
        var network = new ParallelCnn(seed: 1);
        var adam = new Adam(1e-3);
        using (WorkerThreads.Set(2))
        {
            void Steps(int count)
            {
                for (var i = 0; i < count; i++)
                {
                    network.TrainStep(data.Inputs, data.Targets);
                    adam.Step(network.Parameters, network.Gradients);
                }
            }

            Steps(3); // warm-up: buffers, JIT, the worker thread
            var allocated = Allocations.Least(() => Steps(20));
            Assert.True(allocated == 0, $"{allocated} bytes in 20 steps");
        }
    }

    private static Dataset<float> RandomImages(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var inputs = new float[count * ParallelCnn.InputLength];
        for (var i = 0; i < inputs.Length; i++) inputs[i] = (float)rng.NextGaussian();
        var labels = new int[count];
        for (var i = 0; i < count; i++) labels[i] = (int)(rng.NextUInt64() % 10);
        return new Dataset<float>(inputs, OneHot.Encode<float>(labels, 10), ParallelCnn.InputLength, 10);
    }
}
